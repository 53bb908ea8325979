#include "extractors/municipality.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>

#include "extractors/text.h"

namespace protokoll::extractors {

namespace {

// One whitespace-separated piece of a line: its letters (with inner hyphens), and whether
// punctuation stood before or after them ("(Kumla", "kommun,"). `word` is empty when the
// piece holds anything but letters (a number, a date, "§").
struct Piece {
  std::string word;
  bool punct_before = false, punct_after = false;
};

bool IsLetter(UChar32 c) { return c > 0 && u_isalpha(c); }

std::vector<Piece> Pieces(std::string_view line) {
  std::vector<Piece> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t e = i;
    while (e < line.size() && line[e] != ' ' && line[e] != '\t') ++e;
    if (e == i) break;
    std::string_view chunk = line.substr(i, e - i);
    i = e;
    // Leading and trailing punctuation, then letters and inner hyphens only.
    const auto* p = reinterpret_cast<const uint8_t*>(chunk.data());
    const int32_t n = static_cast<int32_t>(chunk.size());
    int32_t b = 0, k = 0;
    Piece piece;
    while (k < n) {
      int32_t at = k;
      UChar32 c;
      U8_NEXT(p, k, n, c);
      if (IsLetter(c)) {
        b = at;
        break;
      }
      piece.punct_before = true;
      b = k;
    }
    int32_t end = n;
    while (end > b) {
      int32_t at = end;
      UChar32 c;
      U8_PREV(p, 0, at, c);
      if (IsLetter(c)) break;
      piece.punct_after = true;
      end = at;
    }
    bool letters = end > b;
    for (int32_t q = b; q < end && letters;) {
      UChar32 c;
      U8_NEXT(p, q, end, c);
      letters = IsLetter(c) || c == '-';
    }
    if (letters) piece.word = std::string(chunk.substr(static_cast<size_t>(b), static_cast<size_t>(end - b)));
    out.push_back(std::move(piece));
  }
  return out;
}

// The kind of body a word names ("kommun", "kommuns" → "kommun"); empty if none.
std::string KindOf(const std::string& lower) {
  static const std::array<const char*, 6> kKinds = {"kommun", "stad", "socken", "församling", "landsting",
                                                    "kommunförbund"};
  for (const char* k : kKinds) {
    const std::string kind = k;
    if (lower == kind || lower == kind + "s") return kind;
  }
  return {};
}

// Words that begin a sentence or a phrase, or name a protocol's parts: never a place.
bool IsPlaceWord(const std::string& word) {
  const std::string w = Lower(word);
  if (Length(w) < 2) return false;
  static const std::array<const char*, 72> kNot = {
      "den", "det", "de", "denna", "detta", "dessa", "denne", "varje", "vår", "våra", "vårt", "er", "egen", "egna",
      "eget", "hela", "annan", "annat", "andra", "samma", "ny", "nya", "nytt", "gamla", "en", "ett", "i", "och",
      "eller", "samt", "från", "till", "för", "med", "vid", "av", "af", "på", "om", "per", "hos", "inom", "utom",
      "mot", "under", "över", "efter", "viss", "vissa", "vilken", "vilket", "vilka", "någon", "något", "några",
      "ingen", "inget", "inga", "alla", "all", "allt", "flera", "övriga", "berörd", "berörda", "aktuell",
      "aktuella", "respektive", "sverige", "sveriges", "svenska", "finska"};
  for (const char* s : kNot)
    if (w == s) return false;
  static const std::array<const char*, 24> kParts = {
      "protokoll", "sammanträd", "styrelse", "nämnd",  "fullmäktige", "utskott", "stämma",  "kansli",
      "förvaltning", "sekreterar", "ordförand", "justera", "beslut", "sida",  "datum",   "plats",
      "kallelse",  "agenda",     "utdrag",    "anslag",  "bevis",  "underskrift", "föredragning", "kommun"};
  for (const char* s : kParts)
    if (w.find(s) != std::string::npos) return false;
  return true;
}

// A place word as a name prints it: an upper-case header's "KUMLA" is "Kumla".
std::string AsName(const std::string& word) {
  if (Lower(word) == word || Upper(word) != word) return word;
  const std::string lower = Lower(word);
  const auto* p = reinterpret_cast<const uint8_t*>(lower.data());
  int32_t k = 0;
  UChar32 c;
  U8_NEXT(p, k, static_cast<int32_t>(lower.size()), c);
  return Upper(lower.substr(0, static_cast<size_t>(k))) + lower.substr(static_cast<size_t>(k));
}

// Whether a name beginning at piece `first` stands where a head names its municipality: first
// in the line (after page numbers), after a preposition ("med Klosters socken", "i Sibbo
// svenska församling", "vid Ålands kommunförbund"), or after the word protokoll — not inside
// a list of people ("Jana Nilsson (S) Varbergs kommun").
bool HeadPosition(const std::vector<Piece>& pieces, size_t first) {
  size_t words = 0;
  for (size_t k = 0; k < first; ++k) words += !pieces[k].word.empty();
  if (words == 0) return true;
  const Piece& before = pieces[first - 1];
  if (before.word.empty() || pieces[first].punct_before) return false;
  const std::string w = Lower(before.word);
  static const std::array<const char*, 12> kPrepositions = {"i",  "med", "vid", "för",  "inom", "uti",
                                                            "å",  "af",  "av",  "hos", "till", "från"};
  for (const char* p : kPrepositions)
    if (w == p) return !before.punct_after;
  return w.find("protokoll") != std::string::npos;
}

}  // namespace

std::string FindMunicipality(std::string_view line) {
  const std::vector<Piece> pieces = Pieces(line);
  for (size_t i = 0; i < pieces.size(); ++i) {
    const Piece& at = pieces[i];
    if (at.word.empty()) continue;
    const std::string lower = Lower(at.word);
    // The kind first: "Landstinget Kronoberg", "Region Gotland" (capitalised: "region Nord" in a
    // sentence is a part of something else).
    if ((lower == "landstinget" || lower == "region") && StartsUpper(at.word) && !at.punct_after &&
        i + 1 < pieces.size() && !pieces[i + 1].punct_before && StartsUpper(pieces[i + 1].word) &&
        IsPlaceWord(pieces[i + 1].word) && HeadPosition(pieces, i))
      return AsName(at.word) + " " + AsName(pieces[i + 1].word);
    const std::string kind = KindOf(lower);
    if (kind.empty() || at.punct_before) continue;
    // The place before the kind: up to three words, capitalised ones, with "läns", "svenska" or
    // "finska" between them; nothing but spaces between the words.
    std::vector<std::string> place;
    size_t first = i;
    for (size_t j = i; j-- > 0 && place.size() < 3;) {
      const Piece& w = pieces[j];
      if (w.word.empty() || w.punct_after) break;
      const std::string lw = Lower(w.word);
      if (lw == "läns" || lw == "svenska" || lw == "finska") {
        place.push_back(lw);
      } else if (StartsUpper(w.word) && IsPlaceWord(w.word)) {
        place.push_back(AsName(w.word));
      } else {
        break;
      }
      first = j;
      if (w.punct_before) break;
    }
    while (!place.empty() && !StartsUpper(place.back())) {  // it must begin with a name
      place.pop_back();
      ++first;
    }
    if (place.empty() || !HeadPosition(pieces, first)) continue;
    std::string name;
    for (size_t k = place.size(); k-- > 0;) name += place[k] + " ";
    return name + kind;
  }
  return {};
}

std::string ReadMunicipality(const std::vector<Line>& head, const std::vector<Line>& furniture) {
  // Of a flattened page (a whole page on one line) only its beginning is its head.
  auto beginning = [](const std::string& text) {
    constexpr size_t kHeadBytes = 400;
    if (text.size() <= kHeadBytes) return std::string_view(text);
    const size_t cut = text.rfind(' ', kHeadBytes);
    return std::string_view(text).substr(0, cut == std::string::npos ? kHeadBytes : cut);
  };
  int first_page = 0;
  for (const Line& l : furniture) first_page = first_page ? std::min(first_page, l.page) : l.page;
  for (const Line& l : furniture)
    if (l.page <= first_page + 1)
      if (std::string m = FindMunicipality(beginning(l.text)); !m.empty()) return m;
  for (size_t i = 0; i < head.size() && i < 30; ++i) {
    const std::string_view text = beginning(head[i].text);
    if (std::string m = FindMunicipality(text); !m.empty()) return m;
    // A name broken across lines ("Kommunalstämma med Kloster" / "socken i Sockenstugan").
    if (i + 1 < head.size() && text.size() == head[i].text.size() && !head[i + 1].text.empty()) {
      const std::string& next = head[i + 1].text;
      const std::string joined = std::string(text) + " " + next.substr(0, next.find(' '));
      if (std::string m = FindMunicipality(joined); !m.empty()) return m;
    }
  }
  return {};
}

}  // namespace protokoll::extractors
