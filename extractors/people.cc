#include "extractors/people.h"
#include "extractors/name_lexicon.h"

#include <algorithm>
#include <map>
#include <set>

#include "extractors/regex.h"
#include "extractors/segment.h"
#include "extractors/text.h"

namespace protokoll::extractors {
namespace {

// ---------------------------------------------------------------------------------------------
// Text with the page of every byte.

class Paged {
 public:
  explicit Paged(const std::vector<Line>& lines) {
    for (const Line& l : lines) {
      starts_.push_back(text_.size());
      pages_.push_back(l.page);
      text_ += l.text;
      text_ += '\n';
    }
  }
  const std::string& text() const { return text_; }
  int PageAt(size_t offset) const {
    auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
    const size_t i = it == starts_.begin() ? 0 : static_cast<size_t>(it - starts_.begin() - 1);
    return pages_.empty() ? 1 : pages_[i];
  }

 private:
  std::string text_;
  std::vector<size_t> starts_;
  std::vector<int> pages_;
};

std::string Folded(std::string_view s) { return Fold(Squash(s)); }

// Words broken at a line's end, as transcriptions of old minutes keep them ("anförde Herr
// C.A.An-" / "dersson sin skriftliga reser-" / "vation"): the word made whole on the first line,
// so that names and verbs read as words. A hyphen before "och", "eller", "samt" or "resp." is a
// compound's ("Barn- och utbildningsnämnden") and stays; so does one before a capital.
std::vector<Line> JoinBrokenWords(const std::vector<Line>& lines) {
  static const Regex broken("\\p{Ll}-$", Regex::kNone);
  static const Regex first_word("^(\\p{Ll}[\\p{L}]*)([.,;:!?)]*)(?:\\h+|$)", Regex::kNone);
  bool any = false;
  for (size_t i = 0; i + 1 < lines.size() && !any; ++i) any = broken.Find(lines[i].text).has_value();
  if (!any) return lines;
  std::vector<Line> out = lines;
  for (size_t i = 0; i + 1 < out.size(); ++i) {
    if (!broken.Find(out[i].text)) continue;
    auto m = first_word.LookingAt(out[i + 1].text);
    if (!m) continue;
    const std::string w(m->Group(1));
    if (w == "och" || w == "eller" || w == "samt" || w == "resp" || w == "respektive") continue;
    out[i].text.pop_back();
    out[i].text += std::string(m->Group(1)) + std::string(m->Group(2));
    out[i + 1].text.erase(0, m->End());
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Words: which are parts of a name, which are titles, roles and offices.

// Capitalised words that begin a sentence or name a thing, never a person: "Till justerare
// utsågs …", "Enligt förteckning", "Kommunstyrelsen …".
bool IsStopWord(const std::string& folded) {
  static const std::set<std::string> kStop = {
      "till", "att", "det", "den", "de", "dem", "mot", "med", "vid", "sedan", "efter", "enligt", "beslut", "ärendet",
      "under", "om", "på", "i", "av", "af", "för", "från", "som", "och", "samt", "ingen", "inga", "alla", "samtliga",
      "se", "protokollet", "protokoll", "dagens", "mötet", "nämnden", "styrelsen", "stämman", "propositionsordning",
      "omröstning", "omröstningen", "reservation", "reservationer", "yrkanden", "yrkande", "jäv", "beslutsgång",
      "handlingar", "handling", "protokollsanteckning", "protokollsanteckningar", "ja", "nej", "avstår", "godkänd",
      "votering", "voteringen", "huvudvotering", "beslutande", "närvarande", "närv", "övriga", "ersättare", "ledamöter",
      "ledamot", "justerare", "justerande", "justeras", "sekreterare", "ordförande", "underskrift", "underskrifter",
      "paragrafer", "plats", "tid", "datum", "organ", "sammanträdesdatum", "anslag", "bevis", "kl", "dnr", "sida",
      "bilaga", "kommunfullmäktige", "fullmäktige", "kommunstyrelsen", "sammanträdesprotokoll", "utdragsbestyrkande",
      "förvaringsplats", "postadress", "besöksadress", "telefon", "fax", "e-post", "ärende", "ärenden", "punkt",
      "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag", "måndagen", "tisdagen", "onsdagen",
      "torsdagen", "fredagen", "lördagen", "söndagen", "januari", "februari", "mars", "april", "maj", "juni", "juli",
      "augusti", "september", "oktober", "november", "december", "hon", "han", "hen", "vi", "ni", "jag", "denne",
      "dessa", "detta", "denna", "adjungerade", "adjungerad", "där", "här", "när", "då", "nu", "men", "eller", "också", "även", "ej", "inte", "icke",
      "kommunen", "kommun", "stad", "staden", "landsting", "region", "regionen", "socken", "församlingen", "föreningen",
      "förslag", "förslaget", "motion", "motionen", "yttrande", "skrivelse", "remiss", "tjänsteutlåtande", "godkänns",
      "anteckning", "information", "rapport", "budget", "taxa", "val", "upprop", "justering", "kungörelse",
      "frånvarande", "förhinder", "anmält", "anmälda", "anf", "x", "ordf", "sekr", "vice", "tjg", "ers", "suppl", "tj", "ordföranden", "sekreteraren",
      "ledamoten", "ledamöterna", "ersättaren", "ersättarna", "suppleanten", "suppleant", "suppleanter", "kassören", "tjänstgörande", "ordinarie",
      "föreningens", "representanterna", "företrädare", "gruppen", "förste", "andre", "vid", "enl", "jfr", "kallade",
      "kallad", "inbjuden", "inbjudna", "inbjudet", "utdraget", "utdragets", "kopians", "riktighet",
      // the first words of places' names, no name's ("Östra Götaland", "Norra Ny", "Stora Tuna")
      "norra", "södra", "östra", "västra", "övre", "nedre", "stora", "lilla", "mellersta"};
  return kStop.count(folded) > 0;
}

// Words that end in the name of a thing or a place ("Kommunkansliet", "Sessionssalen",
// "Barn- och utbildningsnämnden", "MP-gruppen"), which no name does.
bool IsThingWord(std::string_view w) {
  static const Regex re(
      "(?:kansliet|kontoret|huset|salen|rummet|mässen|förvaltningen|biblioteket|gymnasiet|nämnden|nämnd|styrelsen|"
      "styrelse|fullmäktige|utskottet|utskott|kommun|kommuns|staden|stads|församling|församlingen|förening|föreningen|"
      "gruppen|partiet|kyrkan|skolan|hallen|gården|bolaget|centret|centrum|ab|kyrkoråd|rådet|stämman|nämndens|"
      "styrelsens|kommunens|sektionen|stämmans|vägen|gatan|gränd|torget|växel|tjänsten|(?:er|n)ingen|hamnen|"
      // a definite plural, its genitive too ("Hallarna", "Bryggorna", "Försäljarklubbarnas"), no surname's ending
      "\\p{L}{3,}(?:arna|orna|erna)s?)$");
  // An adjective of a thing's name ("Humanistiska fakulteten"), which no surname is.
  static const Regex adjective("\\p{L}{3,}(?:istiska|iska)$");
  return re.Find(w).has_value() || adjective.Find(w).has_value();
}

// An office or a title written beside a name, not part of it: "Teknisk chef", "Ekonom",
// "Nämndsekreterare", "kommunchef", "Energi- och klimatrådgivare".
bool IsOfficeWord(std::string_view w) {
  static const Regex re(
      "^(?:\\p{L}+sekr\\.?|\\p{L}*(?:chef|sekreterare|ekonom|konsult|samordnare|rådgivare|handläggare|direktör|direktören|ingenjör|"
      "strateg|ansvarig|controller|jurist|notarie|notarien|kamrer|arkitekt|utredare|assistent|tekniker|inspektör|"
      "skötare|föreståndare|kanslist|revisor|revisorer|revisorerna|administratör|kassör|kassören|praktikant|föredragande|tjänsteman|"
      "tjänstemän|specialist|planerare|strateg|rektor|rektorn|kommunjurist|sakkunnig|protokollförare|mästare)|teknisk|"
      "tekniska|ekonomisk|biträdande|tf|t\\.f)$");
  return re.Find(w).has_value();
}

// Old titles' abbreviations before a name ("Insp. El. Ericsson", "Kapt. Berg", "Kyrkoh. Lind"):
// titles, and their full stop ends no sentence (lower case; the expressions that meet them
// capitalised take them case-blind).
#define PROTOKOLL_TITLE_ABBREVIATIONS "insp|kapt|löjtn|kyrkoh|handl|nämndem|landtm|lantm|hemmansäg"

// A title in front of a name in old and new minutes: "Herr", "Nämndemannen", "Hemmansegaren",
// "Kyrkoherden", "Fabrikör", "Stadsnotarien", "ordföranden", "tjänstgörande ersättaren".
bool IsTitleWord(std::string_view w) {
  static const Regex re(
      "^(?:herr|herrar|hr|hrr|h:r|h:rr|hr:r|" PROTOKOLL_TITLE_ABBREVIATIONS "|fru|fröken|frk|doktor|doktorn|dr|fil|fabrikör|fabrikören|direktör|lektor|lektorn|"
      "borgmästare|borgmästaren|rådman|rådmannen|kyrkoherde|kyrkoherden|komminister|kommunalrådet|kommunalråd|"
      "borgarrådet|landshövding|ingenjör|ingenjören|handlande|handlanden|riddaren|riddare|kontraktsprost|pastor|"
      "kaplan|broder|brodern|syster|professor|professorn|docent|docenten|"
      "\\p{L}{3,}(?:mannen|egaren|ägaren|aren|herden|ktorn|ktören|ikören|tarien|arinnan|ören|värden))$");
  return re.Find(w).has_value();
}

// A form of address ("Herr", "hrr", "Fru", "fröken"; lower case): it begins a person's words, never
// ends the name before it.
bool IsFormOfAddress(std::string_view w) {
  static const std::set<std::string_view> kForms = {"herr", "herrar", "hr", "hrr", "fru", "fröken", "frk"};
  return kForms.count(w) > 0;
}

// A word that may be part of a person's name: "Per", "Tryggvadottir", "Ann-Britt", "J.", "O",
// "Py"; particles inside ("af", "von", "de").
bool IsNameWord(std::string_view w) {
  // "AnnSofie" is one name word too.
  // So is a patronymic contracted with a colon: "K:son", "Joh:son", "P:dotter".
  static const Regex name("^(?:\\p{Lu}\\p{Ll}+(?:\\p{Lu}\\p{Ll}{2,})?(?:[-'’]\\p{Lu}?\\p{Ll}+)*\\.?|\\p{Lu}\\.?|\\p{Lu}\\.\\p{Lu}\\.|"
                          "\\p{Lu}\\p{Ll}{0,4}:(?:s?son|dotter|dr))$", Regex::kNone);
  return name.FullMatch(w).has_value();
}
bool IsParticle(std::string_view w) {
  static const std::set<std::string_view> kParticles = {"af", "von", "van", "de", "der", "du", "la", "di", "da", "zu"};
  return kParticles.count(w) > 0;
}

// What a run of words beside a name says about the person. Titles in the definite form stand in
// front of the name they belong to ("tjänstgörande ersättaren Johannes Hulter", "ordföranden
// Jonas Attenius"); the short forms of an attendance list's columns stand after it ("Dan-Åke
// Moberg, ordf", "Björn Eriksson, tjg ers").
struct Annotation {
  std::string role, title;
  bool substitute = false;   // "ersättare för …": the next name is the member replaced
  bool definite = false;     // "ordföranden", "ersättaren": stands before the name
  bool abbreviated = false;  // "ordf", "tjg ers": a column beside the name
  bool many_roles = false;   // "ordförande viceordförande ledamot": a column of its own
  bool undersigned = false;  // "undertecknad vid protokollet": the writer, named before it
};

Annotation Classify(const std::string& phrase) {
  Annotation a;
  // "ersättare för", "tjg ersättare istf" (i stället för): the name after it is the member replaced.
  static const Regex substitute("(?:\\b(?:ersättare|ers|ersättaren|suppleant|suppl)\\.?\\h+(?:för|i\\h*st(?:ället)?\\.?\\h*f(?:ör)?\\.?)|\\bistf\\.?|"
                                "\\bersätter)$");  // "Teresa Laurén (S) ersätter Mona Kanaan (S)"
  static const Regex chair_vice("\\b(?:vice\\h*ordf\\w*|viceordf\\w*|v\\.?\\h*ordf\\w*|\\d:e\\h+vice\\h+ordf\\w*|förste\\h+vice\\h+ordf\\w*|andre\\h+vice\\h+ordf\\w*)");
  static const Regex chair("\\b(?:ordf\\.?|ordförande|ordföranden|(?:års)?mötesordf(?:\\.|örande)?|ordförandes?)\\b");
  static const Regex serving("\\b(?:tjänstgörande|tjg|tj)\\.?\\h+(?:ers\\w*|suppl\\w*)");
  static const Regex not_serving("\\b(?:ej|inte|icke)\\h+(?:tjänstgörande|tjg|tj)\\.?\\h+(?:ers\\w*|suppl\\w*)");
  static const Regex deputy("\\b(?:ersättare|ersättaren|ersättarna|ers|suppleant|suppleanten|suppleanter|suppleanterna|suppl)\\b");
  static const Regex member("\\b(?:ledamot|ledamoten|ledamöter|ledamöterna|ordinarie\\h+ledamöter|ledam)\\b");
  static const Regex secretary("\\b(?:sekreterare|sekreteraren|sekr|(?:nämnd|kommun|mötes)sekr(?:eterare|\\.)?|(?:års)?mötessekr(?:\\.|eterare)?|protokollförare|stadsnotarien)\\b");
  static const Regex definite("(?:ordföranden|ersättaren|ersättarna|ledamoten|ledamöterna|suppleanten|sekreteraren|herr|herrar|fru|fröken|\\p{L}{3,}(?:mannen|egaren|ägaren|herden|ktören|tarien))$");
  static const Regex abbreviated("^(?:ordf|mötesordf|sekr|mötessekr|tjg\\h+ers|tj\\h+ers|tjg\\h+suppl|ej\\h+tjg\\h+ers|v\\h*ordf|ers|suppl)\\.?$");
  int roles = 0;
  static const Regex absent("\\b(?:frånvarande|förhinder|anmält\\h+förhinder|ej\\h+närvarande)\\b");
  if (absent.Find(phrase)) {
    a.role = "frånvarande";
    return a;
  }
  // "Ernst Leander, undertecknad vid protokollet": the undersigned kept the minutes.
  static const Regex undersigned("^undertecknad(?:e)?\\b");
  static const Regex at_the_minutes("\\bvid\\h+protokollet\\b");
  if (undersigned.Find(phrase)) {
    a.undersigned = true;
    if (at_the_minutes.Find(phrase)) {
      a.role = "sekreterare";
      return a;
    }
  }
  if (substitute.Find(phrase)) a.substitute = true;
  if (not_serving.Find(phrase)) {
    a.role = "ersättare";
    ++roles;
  } else if (serving.Find(phrase)) {
    a.role = "tjänstgörande ersättare";
    ++roles;
  }
  if (chair_vice.Find(phrase)) {
    if (a.role.empty()) a.role = "vice ordförande";
    ++roles;
  } else if (chair.Find(phrase) && !a.substitute) {
    if (a.role.empty()) a.role = "ordförande";
    ++roles;
  }
  if (a.role.empty() && deputy.Find(phrase)) a.role = a.substitute ? "tjänstgörande ersättare" : "ersättare", ++roles;
  if (member.Find(phrase)) {
    if (a.role.empty()) a.role = "ledamot";
    ++roles;
  }
  if (secretary.Find(phrase)) {
    if (a.role.empty()) a.role = "sekreterare";
    ++roles;
  }
  a.many_roles = roles >= 3;
  a.definite = definite.Find(phrase).has_value();
  a.abbreviated = abbreviated.FullMatch(phrase).has_value();
  if (a.role.empty()) {
    static const Regex office("\\p{L}{3,}");
    if (office.Find(phrase)) {
      a.title = phrase;
      a.role = "övrig";
    }
  }
  return a;
}

// A phrase of roles alone, two or more ("ordf sekr", "ordförande vice ordf"), each read as Classify
// reads a role, in order; empty when the phrase holds anything else ("ordförande kassör": a kassör
// is no role here).
std::vector<std::string> RoleColumn(const std::string& phrase) {
  std::vector<std::string> words;
  for (size_t at = 0; at < phrase.size();) {
    const size_t sp = phrase.find(' ', at);
    std::string w = phrase.substr(at, sp == std::string::npos ? std::string::npos : sp - at);
    while (!w.empty() && (w.back() == '.' || w.back() == ',')) w.pop_back();
    if (!w.empty()) words.push_back(w);
    if (sp == std::string::npos) break;
    at = sp + 1;
  }
  std::vector<std::string> out;
  for (size_t k = 0; k < words.size(); ++k) {
    std::string role = words[k];
    if ((role == "vice" || role == "v") && k + 1 < words.size()) role += " " + words[++k];  // "vice ordf"
    const Annotation a = Classify(role);
    if (a.substitute || (a.role != "ordförande" && a.role != "vice ordförande" && a.role != "sekreterare" && a.role != "ledamot"))
      return {};
    out.push_back(a.role);
  }
  if (out.size() < 2) out.clear();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tokens of a run of text that names people.

struct Span {
  size_t begin, end;
};

enum class Tok { kWord, kParty, kSep, kAnd, kBreak, kRange, kEnd };
struct Token {
  Tok kind = Tok::kWord;
  std::string text;  // a word as written (without a closing full stop); a party as printed
  size_t begin = 0;  // offset in the Paged text
};

// A word that may be part of a person's name here: shaped as one, and no title, office, word of
// the sentence or thing's name.
bool NameLike(const Token& t) {
  if (t.kind != Tok::kWord || !IsNameWord(t.text)) return false;
  const std::string f = Lower(t.text);
  return !IsTitleWord(f) && !IsOfficeWord(f) && !IsStopWord(f) && !IsThingWord(f);
}

bool IsRangeWord(std::string_view w) {
  static const Regex re("^(?:§+|\\d+(?:[-–]\\d+)?[a-z]?|[-–]|t\\.o\\.m|fr\\.o\\.m|kl|ca|\\d+[.:]\\d+)$", Regex::kNone);
  return re.FullMatch(w).has_value();
}

// A presence column's mark at s[i], standing alone (after the start, a space or a comma; before a
// space or the end): "X", "x", "✓", "✔" (there) or "-", "–" (not there). Its length in bytes, 0
// when there is none; *dash: whether it is a dash.
size_t PresenceMarkAt(std::string_view s, size_t i, bool* dash = nullptr) {
  size_t len = 0;
  bool is_dash = false;
  if (s[i] == 'X' || s[i] == 'x') len = 1;
  else if (s[i] == '-') len = 1, is_dash = true;
  else if (s.substr(i, 3) == "–") len = 3, is_dash = true;
  else if (s.substr(i, 3) == "✓" || s.substr(i, 3) == "✔") len = 3;
  if (len == 0) return 0;
  const bool alone_before = i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n' || s[i - 1] == ',';
  const bool alone_after = i + len >= s.size() || s[i + len] == ' ' || s[i + len] == '\t' || s[i + len] == '\n' || s[i + len] == '\r';
  if (!alone_before || !alone_after) return 0;
  if (dash) *dash = is_dash;
  return len;
}

// `s` is text at offset `base` of the Paged text. Newlines separate names in a list printed one a
// line; in running text (`newline_breaks` false) they are spaces.
std::vector<Token> Tokenize(std::string_view s, size_t base, bool newline_breaks) {
  std::vector<Token> out;
  size_t i = 0;
  auto push = [&](Tok k, std::string t, size_t at) { out.push_back({k, std::move(t), base + at}); };
  while (i < s.size()) {
    const char c = s[i];
    if (c == '\n') {
      // A party on the next line still belongs to the name before it ("Jörgen Fogelklou\n(SD)").
      size_t j = i + 1;
      while (j < s.size() && (s[j] == ' ' || s[j] == '\t')) ++j;
      if (newline_breaks && !(j < s.size() && s[j] == '(')) push(Tok::kBreak, "", i);
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    // Old minutes' "H:r", "H:rr", "Hr:r" (herr, herrar): one title, not "H" and "r".
    {
      static const Regex colon_title("^(?:[Hh]:rr?|[Hh]r:r)(?![\\p{L}\\d])", Regex::kNone);
      if ((c == 'H' || c == 'h') && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\n' || s[i - 1] == ',' || s[i - 1] == '.'))
        if (auto m = colon_title.Find(s.substr(i, 6))) {
          push(Tok::kWord, std::string(s.substr(i, m->End())), i);
          i += m->End();
          if (i < s.size() && s[i] == '.') ++i;
          continue;
        }
    }
    if (c == '(') {
      const size_t close = s.find(')', i);
      if (close != std::string_view::npos && close - i < 40) {
        std::string inner(Trim(s.substr(i + 1, close - i - 1)));
        if (!PartyCode(inner).empty()) push(Tok::kParty, inner, i);
        else push(Tok::kSep, "", i);
        i = close + 1;
        continue;
      }
      push(Tok::kSep, "", i);
      ++i;
      continue;
    }
    // A party whose opening bracket was lost: "Mikael Pettersson S)".
    if (c == ')' && !out.empty() && out.back().kind == Tok::kWord && out.back().begin + out.back().text.size() == base + i &&
        out.back().text.size() <= 3 && Upper(out.back().text) == out.back().text && !PartyCode(out.back().text).empty() &&
        out.back().begin > base && s[out.back().begin - base - 1] == ' ') {
      out.back().kind = Tok::kParty;
      ++i;
      continue;
    }
    if (c == ',' || c == ';' || c == ':' || c == '|' || c == ')' || c == '[' || c == ']' || c == '"' || c == '/') {
      push(c == ';' || c == '|' ? Tok::kBreak : Tok::kSep, "", i);
      ++i;
      continue;
    }
    // A presence column's mark standing alone between names ("Ingvar Björling, ordf X Kim
    // Björling - Gunnel Nordlund-White, vice ordf -"): no word; it parts the names as a comma
    // would (which of them came, DropMarkedAbsent reads from the marks).
    if (const size_t len = PresenceMarkAt(s, i)) {
      push(Tok::kSep, "", i);
      i += len;
      continue;
    }
    // A rule drawn across the text ("… och Oskar Homman.--------------Nästa möte …", "Sten
    // Ekstrand ______"): no word, and it parts the words around it.
    auto rule_at = [&](size_t k) { return k + 2 < s.size() && (s[k] == '-' || s[k] == '_') && s[k + 1] == s[k] && s[k + 2] == s[k]; };
    if (rule_at(i)) {
      size_t k = i;
      while (k < s.size() && (s[k] == '-' || s[k] == '_')) ++k;
      push(Tok::kSep, "", i);
      i = k;
      continue;
    }
    size_t j = i;
    // A patronymic contracted with a colon, as old hands write it, is one word: "K:son" (Karlsson),
    // "G:son", "Joh:son", "P:dotter" ("Ax. K:son Leijonhufvud", "Gustaf G:son Uggla").
    static const Regex contracted("^\\p{Lu}\\p{Ll}{0,4}:(?:s?son|dotter|dr)(?![\\p{L}\\d])", Regex::kNone);
    if (c >= 'A' && c <= 'Z')
      if (auto m = contracted.Find(s.substr(i, 16))) j = i + m->End();
    while (j < s.size() && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r' && s[j] != ',' && s[j] != ';' &&
           s[j] != ':' && s[j] != '(' && s[j] != ')' && s[j] != '|' && s[j] != '"' && s[j] != '/' && !rule_at(j))
      ++j;
    std::string w(s.substr(i, j - i));
    // The word [i, j) stands between slashes on its line: a signature as transcriptions keep it.
    auto in_signature = [&] {
      const size_t line_start = s.rfind('\n', i) == std::string_view::npos ? 0 : s.rfind('\n', i) + 1;
      return std::count(s.begin() + static_cast<long>(line_start), s.begin() + static_cast<long>(i), '/') % 2 == 1 &&
             s.find('/', j) < std::min(s.find('\n', j), s.size());
    };
    // Inside a signature between slashes, a transcription keeps the hand's commas and semicolons
    // for the initials' full stops ("/P,G, Anderson/", "/L; P; Åkerman/", "/Ax, K:son L./"): an
    // initial or a shortened first name (one to three letters, capitalised) before one is an
    // initial.
    if (j < s.size() && (s[j] == ',' || s[j] == ';')) {
      static const Regex short_name("^\\p{Lu}\\p{Ll}{0,2}$", Regex::kNone);
      if (short_name.FullMatch(w) && in_signature()) {
        push(Tok::kWord, w + ".", i);
        i = j + 1;
        continue;
      }
    }
    // Quotation marks around a word ("”Ja för …”") are no part of it.
    static const std::string kQuotes[] = {"\xE2\x80\x9D", "\xE2\x80\x9C", "\xC2\xBB", "\xC2\xAB"};
    for (const std::string& q : kQuotes)
      while (w.size() >= q.size() && w.compare(0, q.size(), q) == 0) w.erase(0, q.size());
    // Leaders after a name in a signature block ("Ulla Andersson..", "Olov Säfström …") are a
    // line to sign on, not a full stop.
    {
      bool leaders = false;
      for (;;) {
        if (w.size() >= 3 && w.compare(w.size() - 3, 3, "\xE2\x80\xA6") == 0) w.erase(w.size() - 3), leaders = true;
        else if (w.size() >= 2 && w.compare(w.size() - 2, 2, "..") == 0) {
          while (!w.empty() && w.back() == '.') w.pop_back();
          leaders = true;
        } else break;
      }
      if (leaders && w.empty()) {
        i = j;
        continue;
      }
    }
    // Initials glued to the surname, as old minutes and their transcriptions print them
    // ("H.Persson", "C.A.Andersson", "J.E.Juhlin"): each initial a word of its own.
    {
      // (A sentence's full stop after it ends the sentence: "samt Ordf. H:r K.E.Andersson.")
      static const Regex glued("^((?:\\p{Lu}\\.){1,3})(\\p{Lu}\\p{Ll}{2,}(?:-\\p{Lu}\\p{Ll}+)?)(\\.?)$", Regex::kNone);
      if (auto g = glued.FullMatch(w)) {
        const std::string initials(g->Group(1)), surname(g->Group(2));
        size_t at = i;
        for (size_t k = 0; k < initials.size();) {
          size_t e = initials.find('.', k);
          push(Tok::kWord, initials.substr(k, e + 1 - k), at);
          at += e + 1 - k;
          k = e + 1;
        }
        push(Tok::kWord, surname, at);
        if (!g->Group(3).empty()) push(Tok::kEnd, "", j - 1);
        i = j;
        continue;
      }
    }
    bool stop = false;
    // A word's closing full stop ends a sentence unless it makes an initial ("J.") or an
    // abbreviation ("ordf.", "t.o.m.").
    if (w.size() > 1 && w.back() == '.') {
      const std::string bare = w.substr(0, w.size() - 1);
      static const Regex keep("^(?:\\p{Lu}|\\p{Lu}\\.\\p{Lu}|[Oo]rdf|[Ss]ekr|[Ee]rs|[Ss]uppl|[Tt]jg|tj|v|ss|s\\.s|t\\.o\\.m|fr\\.o\\.m|resp|kl|nr|ca|bl\\.a|m\\.fl|Hr|Fil|Nils|"
                              "(?i:" PROTOKOLL_TITLE_ABBREVIATIONS "))$", Regex::kNone);
      if (!keep.FullMatch(bare) && !IsShortenedFirstName(bare)) stop = true;
      // Inside a signature between slashes the hand's full stop after a first name ends nothing
      // ("/Joseph. Jonson/").
      if (stop && IsNameWord(bare) && j + 1 < s.size() && s[j] == ' ' && in_signature()) {
        const size_t line_end = std::min(s.find('\n', j), s.size());
        if (IsNameWord(std::string(s.substr(j + 1, std::min(s.find_first_of(" /", j + 1), line_end) - j - 1)))) stop = false;
      }
      // (An office's abbreviation is the office's word, in either case: "Ordf.", "Sekr.".)
      static const Regex abbreviation("^(?i:ordf|sekr|ers|suppl|tjg|" PROTOKOLL_TITLE_ABBREVIATIONS ")$", Regex::kNone);
      if (stop || !IsNameWord(w) || abbreviation.FullMatch(bare)) w = bare;
    }
    if (!w.empty()) {
      const std::string f = Lower(w);
      // "Kjell o Mia": a lower-case "o" is "och"; "Anna-Greta O Berggren" keeps her initial.
      if (f == "och" || f == "samt" || w == "o" || f == "&" || f == "jämte" || f == "med" || f == "mot")
        push(Tok::kAnd, w, i);
      else if (IsRangeWord(w))
        push(Tok::kRange, w, i);
      else
        push(Tok::kWord, w, i);
    }
    if (stop) push(Tok::kEnd, "", j);
    i = j;
  }
  return out;
}

// Splits a run of capitalised words printed with no separator between names ("Marianne
// Arvidsson Rolf Östman Annica Eriksson") into names of two words, the last taking three when
// the count is odd; three words or fewer are one name ("Kerstin Sundén Bergqvist").
std::vector<std::vector<const Token*>> SplitRun(const std::vector<const Token*>& run) {
  std::vector<std::vector<const Token*>> out;
  // Initials belong to the name that follows them: "J. E. Lindqvist" is one name.
  auto initial = [](const Token* t) { return t->text.size() <= 3 && t->text.back() == '.'; };
  bool initials = false;
  for (const Token* t : run) initials |= initial(t);
  if (initials) {
    // "A. Persson P. Jonsson": a name begins at an initial that follows a surname.
    out.emplace_back();
    for (size_t k = 0; k < run.size(); ++k) {
      if (k > 0 && initial(run[k]) && !initial(run[k - 1])) out.emplace_back();
      out.back().push_back(run[k]);
    }
    return out;
  }
  if (run.size() <= 3) {
    out.push_back(run);
    return out;
  }
  // Two words a name, the last three when the count is odd.
  auto pairs = [&out](const std::vector<const Token*>& words) {
    size_t i = 0;
    while (i < words.size()) {
      size_t n = words.size() - i == 3 ? 3 : 2;
      if (words.size() - i < 2) n = words.size() - i;
      out.emplace_back(words.begin() + static_cast<long>(i), words.begin() + static_cast<long>(i + n));
      i += n;
    }
  };
  // Given names the lexicon knows mark where names begin: a known given name after a word that is
  // none ("Carl Arvid Dahlof Alexander Westerling Oskar Luvo": three names, the first with two
  // given names). Used when the run begins with one, every part so cut has two words or more, and
  // at least two begin so; a part of four words or more (a given name the lexicon lacks inside)
  // is cut in twos. Else, and for a roster written surname first, twos throughout.
  auto given = [](const Token* t) { return IsKnownGivenName(t->text); };
  std::vector<size_t> starts;
  for (size_t k = 0; k < run.size(); ++k)
    if (given(run[k]) && (k == 0 || !given(run[k - 1]))) starts.push_back(k);
  bool by_given = starts.size() >= 2 && starts.front() == 0;
  for (size_t k = 0; by_given && k < starts.size(); ++k) {
    const size_t end = k + 1 < starts.size() ? starts[k + 1] : run.size();
    if (end - starts[k] < 2) by_given = false;
  }
  // (A roster written surname first has a given name in every second place: twos.)
  if (by_given) {
    bool alternating = run.size() % 2 == 0;
    for (size_t k = 0; alternating && k < run.size(); ++k) alternating = given(run[k]) == (k % 2 == 1);
    if (alternating) by_given = false;
  }
  if (!by_given) {
    pairs(run);
    return out;
  }
  for (size_t k = 0; k < starts.size(); ++k) {
    const size_t end = k + 1 < starts.size() ? starts[k + 1] : run.size();
    std::vector<const Token*> part(run.begin() + static_cast<long>(starts[k]), run.begin() + static_cast<long>(end));
    if (part.size() >= 4) pairs(part);
    else out.push_back(std::move(part));
  }
  return out;
}

struct ParseOptions {
  std::string default_role;
  bool allow_single = false;  // one word is a name (after a title it always is: "herr Sundqvist")
  std::vector<Span>* spans = nullptr;  // if given, each person's name's place, in step with the result
  // The persons read already (the attendance list): a first name alone is the one of them who bears
  // it.
  const std::vector<Person>* known = nullptr;
};

// The one person in `known` whose first name `word` is ("Niclas" of "Niclas Moberg"), none when
// nobody or more than one bears it. Informal minutes call their members by first name ("Till
// ordförande valdes Niclas och till sekreterare Peter" under "Närvarande: Niclas Moberg … Peter
// Karlsson"); the name the list gives is the person's.
const Person* OnlyBearer(const std::vector<Person>& known, std::string_view word) {
  const Person* found = nullptr;
  for (const Person& k : known) {
    const size_t sp = k.name.find(' ');
    if (sp == std::string::npos || k.name.compare(0, sp, word) != 0 || sp != word.size()) continue;
    if (found && found->name != k.name) return nullptr;
    found = &k;
  }
  return found;
}

// A roster written surname first, each surname's comma after it and the next surname right after
// the given names ("Beslutande: Ersättare: Albäck, Peter Backman, Inger Broända, Helena …", as
// Finland's Swedish municipalities print them): known by its start — one word, a comma — and by
// two words or more between its later commas (given names, then the next surname). A list of
// "Given Surname, Given Surname" begins with two words before its first comma; first names
// alone have one word between commas. Nothing when `toks` is no such roster.
std::optional<std::vector<Person>> SurnameFirstRoster(const std::vector<Token>& toks, const Paged& pg, const ParseOptions& opt) {
  auto nameish = [](const Token& t) { return t.text.find('.') == std::string::npos && NameLike(t); };  // (no initials here)
  auto comma = [&](size_t k) { return k < toks.size() && toks[k].kind == Tok::kSep && pg.text()[toks[k].begin] == ','; };
  size_t f = 0;
  while (f < toks.size() && toks[f].kind != Tok::kWord) ++f;
  if (f + 2 >= toks.size() || !nameish(toks[f]) || !comma(f + 1) || !nameish(toks[f + 2])) return std::nullopt;
  // The stretches between commas after the first: how many hold two name words or more (given
  // names, then the next surname; an office may stand between: "Michael kommundir. Bjon"), how
  // many one alone before another comma (a list of first names).
  int pairs = 0, singles = 0, commas = 1;
  size_t names = 0;
  for (size_t k = f + 2; k < toks.size(); ++k) {
    if (comma(k)) {
      ++commas;
      if (names >= 2) ++pairs;
      else if (names == 1) ++singles;
      names = 0;
    } else if (nameish(toks[k])) {
      ++names;
    }
  }
  if (pairs < 1 || singles >= pairs || commas < 2 || (pairs < 2 && commas > 2)) return std::nullopt;
  // And by its end: the given name alone after the last comma ("… Överfors, Johanna Ersättare …");
  // a given-first list ends with a whole name ("…, Håkan Odhén"), and so does one whose first
  // name and surname were run together ("RichardHobro, Classe Wörmke, …").
  size_t last_comma = toks.size();
  for (size_t k = toks.size(); k-- > f + 1;)
    if (comma(k) && k + 1 < toks.size() && nameish(toks[k + 1])) {  // (the last one before a name)
      last_comma = k;
      break;
    }
  size_t tail = last_comma + 1;
  while (tail < toks.size() && nameish(toks[tail])) ++tail;
  if (tail - (last_comma + 1) != 1) return std::nullopt;
  std::vector<Person> out;
  const Token* surname = &toks[f];
  size_t k = f + 2;
  auto emit = [&](const std::vector<const Token*>& given) {
    if (!surname || given.empty()) return;
    Person p;
    p.name = surname->text + ",";
    for (const Token* t : given) p.name += " " + t->text;
    p.page = pg.PageAt(surname->begin);
    p.role = opt.default_role;
    out.push_back(std::move(p));
    if (opt.spans) opt.spans->push_back({surname->begin, given.back()->begin + given.back()->text.size()});
  };
  while (k < toks.size()) {
    size_t e = k;
    while (e < toks.size() && nameish(toks[e])) ++e;
    std::vector<const Token*> run;
    for (size_t i = k; i < e; ++i) run.push_back(&toks[i]);
    if (run.size() >= 2 && comma(e)) {
      // The given names, then the next surname.
      const Token* next = run.back();
      run.pop_back();
      emit(run);
      surname = next;
      k = e + 1;
      continue;
    }
    if (!run.empty()) {
      emit(run);
      surname = nullptr;
    }
    if (e >= toks.size()) break;
    // What follows the given names: a party, or the person's role or office ("Wiklund, Senja
    // ordf.", "Djupsjöbacka, Michael kommundir."), up to the next surname and its comma.
    const Token& t = toks[e];
    if (t.kind == Tok::kParty && !out.empty() && out.back().party.empty()) {
      out.back().party_written = t.text;
      out.back().party = PartyCode(t.text);
    } else if (t.kind == Tok::kWord && !nameish(t) && !out.empty() && run.size() > 0) {
      std::string phrase;
      size_t w = e;
      while (w < toks.size() && toks[w].kind == Tok::kWord && !nameish(toks[w])) phrase += (phrase.empty() ? "" : " ") + Lower(toks[w++].text);
      const Annotation a = Classify(phrase);
      if (!a.role.empty() && a.role != "frånvarande" && !a.many_roles) out.back().role = a.role;
      if (!a.title.empty()) out.back().title = a.title;
      if (a.role == "frånvarande") out.back().role = "frånvarande";
      e = w - 1;
    } else if (t.kind == Tok::kWord && nameish(t) && comma(e + 1)) {
      surname = &t;
      k = e + 2;
      continue;
    }
    // A surname standing after something else ("… - till 21:20 Saarukka, Karin").
    k = e + 1;
    if (k < toks.size() && nameish(toks[k]) && comma(k + 1)) {
      surname = &toks[k];
      k += 2;
    }
  }
  return out;
}

// The people a run of tokens names, in order.
std::vector<Person> ParsePersons(const std::vector<Token>& toks, const Paged& pg, const ParseOptions& opt) {
  if (auto roster = SurnameFirstRoster(toks, pg, opt)) return *roster;
  std::vector<Person> out;
  std::vector<const Token*> run;
  std::string phrase;           // words beside the names, lower case
  bool phrase_after_party = false;   // the phrase follows a party directly: "(MP) Ordförande"
  bool phrase_after_comma = false;   // the phrase follows a person and a comma: "Moberg, ordf"
  bool comma_after_party = false, phrase_after_party_comma = false;  // "Magnus Cato (S), ordförande"
  bool phrase_after_and = false;     // the phrase follows "och"/"samt": "… samt Ordf.\nH:r K.E.Andersson"
  bool titled = false;          // a title stood before the current run
  bool substitute_next = false;
  Annotation prefix;            // applies to the next person
  bool have_prefix = false;
  bool after_person = false;    // the last thing read was a person (and maybe a party)
  bool after_party = false;
  bool comma_after_person = false;

  // A list that begins with a name and ends with a role after a comma writes each role after
  // its name ("Östman Per, ordförande Backman Gustav, I viceordförande … Pitkäkangas Anita,
  // ersättare"): there a role after a comma is the name's before it, whatever its form. (A
  // list whose roles stand before their names begins with one: "Ordförande Anna Ek, ledamot …".)
  bool suffix_list = false;
  {
    size_t first = 0;
    while (first < toks.size() && toks[first].kind != Tok::kWord && toks[first].kind != Tok::kParty) ++first;
    // (The list's end: its last name, a comma, and the words after it, whatever follows them:
    // "… Charlotta Solax, justerare Protokollet är framlagt för påseende (sign)".)
    // (The last name of two words or more: "Sid nr 2" after the list is none.)
    size_t last_name = toks.size();
    for (size_t k = toks.size(); k-- > 1;)
      if (toks[k].kind == Tok::kWord && NameLike(toks[k]) && toks[k - 1].kind == Tok::kWord && NameLike(toks[k - 1])) {
        last_name = k;
        break;
      }
    size_t tail = last_name + 1;
    if (tail < toks.size() && toks[tail].kind == Tok::kParty) ++tail;
    if (first < toks.size() && toks[first].kind == Tok::kWord && NameLike(toks[first]) && last_name > first &&
        tail + 1 < toks.size() && toks[tail].kind == Tok::kSep && toks[tail + 1].kind == Tok::kWord && !NameLike(toks[tail + 1])) {
      std::string role;
      for (size_t k = tail + 1; k < toks.size() && toks[k].kind == Tok::kWord && !NameLike(toks[k]); ++k)
        role += (role.empty() ? "" : " ") + Lower(toks[k].text);
      suffix_list = !Classify(role).role.empty();
    }
    // So does a list that writes offices after a comma ("Shujaat Noormohamed, förvaltningschef
    // Cerina Eliasson, sekreterare Elisabeth Widskog, avdelningschef"): its roles stand there too.
    int offices_after = 0;
    for (size_t k = 2; k < toks.size(); ++k)
      if (toks[k].kind == Tok::kWord && StartsLower(toks[k].text) && IsOfficeWord(Lower(toks[k].text)) && toks[k - 1].kind == Tok::kSep &&
          (toks[k - 2].kind == Tok::kParty || NameLike(toks[k - 2])))
        ++offices_after;
    if (offices_after >= 2) suffix_list = true;
  }
  // A list whose first name has its role right after it, no comma between ("Calle Wikholm
  // Ordförande Johnny Rickman V ordförande Birger Möller Sekreterare …"): every role there is the
  // name's before it.
  bool suffix_bare = false;
  {
    size_t k = 0;
    while (k < toks.size() && toks[k].kind != Tok::kWord) ++k;
    const size_t first = k;
    while (k < toks.size() && toks[k].kind == Tok::kWord && NameLike(toks[k])) ++k;
    if (k > first + 1 && k < toks.size() && toks[k].kind == Tok::kWord && first < toks.size()) {
      const Annotation a = Classify(Lower(toks[k].text));
      suffix_bare = !a.role.empty() && a.role != "övrig" && a.role != "frånvarande";
      // (Or an official's office in lower case, the list of officials a name and an office each:
      // "Järvinen Hanna sst:s representant Sundqvist Paula tf. social- och hälsovårdsdirektör
      // Taxell-Ahlbäck Nina protokollförare …", when its last name has an office after it too.)
      if (!suffix_bare && StartsLower(toks[k].text)) {
        std::string office;
        for (size_t j = k; j < toks.size() && toks[j].kind == Tok::kWord && !NameLike(toks[j]); ++j)
          office += (office.empty() ? "" : " ") + Lower(toks[j].text);
        size_t last = toks.size();
        while (last > 0 && !(toks[last - 1].kind == Tok::kWord && NameLike(toks[last - 1]))) --last;
        std::string tail;
        for (size_t j = last; j < toks.size() && toks[j].kind == Tok::kWord; ++j) tail += (tail.empty() ? "" : " ") + Lower(toks[j].text);
        const Annotation o = Classify(office), e = Classify(tail);
        suffix_bare = (!o.title.empty() || (!o.role.empty() && o.role != "frånvarande")) && !o.definite &&
                      (!e.title.empty() || (!e.role.empty() && e.role != "frånvarande")) && last > k;
      }
    }
  }
  auto make = [&](const std::vector<const Token*>& words) -> std::optional<Person> {
    std::string name;
    for (const Token* t : words) name += (name.empty() ? "" : " ") + t->text;
    std::vector<std::string> folded;
    for (const Token* t : words) folded.push_back(Lower(t->text));
    if (IsParticle(folded.front())) return std::nullopt;
    for (size_t k = 0; k < words.size(); ++k) {
      // A particle inside a name is no word of the sentence ("Yvonne de Martin", "Helmer de
      // Verdier"); "Inga" before a surname is a first name (above).
      if (k > 0 && k + 1 < words.size() && IsParticle(folded[k])) continue;
      if (k == 0 && folded[k] == "inga" && words.size() > 1 && StartsUpper(words[0]->text)) continue;
      if (IsStopWord(folded[k]) || IsThingWord(folded[k])) return std::nullopt;
    }
    const bool single = words.size() == 1;
    if (single && !(titled || opt.allow_single)) {
      const Person* k = opt.known && words.front()->text.size() >= 3 ? OnlyBearer(*opt.known, words.front()->text) : nullptr;
      if (!k) return std::nullopt;
      Person p;
      p.name = k->name;
      p.party = k->party;
      p.party_written = k->party_written;
      p.page = pg.PageAt(words.front()->begin);
      p.role = opt.default_role;
      return p;
    }
    if (single && words.front()->text.size() <= 2) return std::nullopt;  // "X", "O"
    // A party named as a group is no person: "Sverigedemokraterna reserverade sig".
    if (single && words.front()->text.size() > 3 && !PartyCode(words.front()->text).empty()) return std::nullopt;
    Person p;
    p.name = name;
    p.page = pg.PageAt(words.front()->begin);
    p.role = opt.default_role;
    return p;
  };
  auto apply = [](Person& p, const Annotation& a) {
    if (!a.role.empty() && (a.role != "övrig" || p.role.empty() || p.role == "ledamot")) p.role = a.role;
    if (!a.title.empty()) p.title = a.title;
  };
  auto end_phrase = [&](bool before_name) {
    if (phrase.empty()) return;
    // A column of roles printed after a column of names, flattened ("Deltagare: Margareta Lindfors
    // Håkan Svensson Peter Isgren ordf sekr"): the roles are the first names', in order.
    if (after_person) {
      const std::vector<std::string> column = RoleColumn(phrase);
      if (!column.empty() && out.size() > column.size() &&
          std::all_of(out.begin(), out.end(), [&](const Person& q) { return q.role.empty() || q.role == opt.default_role; })) {
        for (size_t k = 0; k < column.size(); ++k) out[k].role = column[k];
        phrase.clear();
        phrase_after_party = phrase_after_comma = phrase_after_party_comma = false;
        return;
      }
    }
    Annotation a = Classify(phrase);
    // "tjg ersättare Jonas Tall (V) för Ali Demir (V)": the member replaced.
    if ((phrase == "för" || phrase == "istf") && after_person && !out.empty() && out.back().role == "tjänstgörande ersättare")
      a.substitute = true;
    if (!a.many_roles) {
      // A form of address begins the next person's words ("K. Linroth, Herr Medicinalrådet R.A.
      // Wawrinsky"): never the name's before it.
      // An absence is written after the name it concerns ("Janne Fagerström, frånvarande").
      const bool suffix = after_person && !a.definite && !IsFormOfAddress(phrase.substr(0, phrase.find(' '))) &&
                          (!before_name || phrase_after_party || (phrase_after_comma && a.abbreviated) || a.role == "frånvarande" ||
                           // "Olle Edgren, kommunchef Gunilla Nyström, …": an office after the comma is the name's before it
                           (phrase_after_comma && !a.title.empty()) ||
                           // "Magnus Cato (S), ordförande Linnea Jägestedt (M)": a role after the
                           // party and a comma is the name's before it
                           // (an officer's role only: "Helena Öst (C), tjg ersättare Jonas Tall (V)
                           // för Ali Demir (V)" names the substitute after it)
                           (phrase_after_party_comma &&
                            (a.role == "ordförande" || a.role == "vice ordförande" || a.role == "sekreterare")) ||
                           (suffix_list && phrase_after_comma) || (suffix_bare && !a.definite) || a.undersigned);
      if (a.substitute && after_person && !out.empty()) {
        if (out.back().role.empty() || out.back().role == opt.default_role) out.back().role = "tjänstgörande ersättare";
        substitute_next = true;
      } else if (suffix && !out.empty()) {
        apply(out.back(), a);
      } else if (before_name) {
        // (A title after a role keeps the role: "Ordf." / "H:r K.E.Andersson".)
        if (have_prefix && !prefix.role.empty() && prefix.role != "övrig" && (a.role.empty() || a.role == "övrig")) a.role = prefix.role;
        prefix = a;
        have_prefix = !a.role.empty() || !a.title.empty();
        titled = titled || a.definite;
      }
    }
    phrase.clear();
    phrase_after_party = phrase_after_comma = phrase_after_party_comma = false;
  };
  auto flush = [&]() {
    if (run.empty()) return;
    for (const auto& words : SplitRun(run)) {
      if (substitute_next && !out.empty()) {
        std::string name;
        for (const Token* t : words) name += (name.empty() ? "" : " ") + t->text;
        out.back().substitute_for = name;
        substitute_next = false;
        continue;
      }
      if (auto p = make(words)) {
        if (have_prefix) apply(*p, prefix);
        out.push_back(std::move(*p));
        if (opt.spans) opt.spans->push_back({words.front()->begin, words.back()->begin + words.back()->text.size()});
        after_person = true;
      }
      have_prefix = false;
    }
    run.clear();
    titled = false;
    after_party = false;
    comma_after_person = false;
    comma_after_party = false;
  };

  for (size_t ti = 0; ti < toks.size(); ++ti) {
    const Token& t = toks[ti];
    switch (t.kind) {
      case Tok::kWord: {
        const std::string f = Lower(t.text);
        const bool in_name = !run.empty();
        // "I viceordförande", "II vice ordförande": an ordinal of the role after it, no initial.
        // ("V ordförande": vice.)
        static const Regex ordinal("^(?:I|II|III|IV|V)$", Regex::kNone);
        const bool role_ordinal = ordinal.FullMatch(t.text) && ti + 1 < toks.size() && toks[ti + 1].kind == Tok::kWord &&
                                  StartsLower(toks[ti + 1].text) &&
                                  (!in_name || !Classify(Lower(toks[ti + 1].text)).role.empty());
        // "Inga" before a surname is a first name ("Inga Tengdelius"), not "none".
        const bool first_name_inga = !in_name && t.text == "Inga" && ti + 1 < toks.size() && toks[ti + 1].kind == Tok::kWord &&
                                     NameLike(toks[ti + 1]);
        // A title's word after a first name with no name after it is the surname: "Ida Rådman".
        // (Never a form of address: "G. Kjerrulf Herr tf Medicinalrådet R. Stenbeck" begins the next.)
        const bool surname_title = in_name && IsNameWord(t.text) && IsTitleWord(f) && !IsStopWord(f) && f.find(':') == std::string::npos &&
                                   !IsFormOfAddress(f) &&
                                   !(ti + 1 < toks.size() && toks[ti + 1].kind == Tok::kWord && NameLike(toks[ti + 1]));
        // The place of a place-and-date line is no name: "Liane Byggmästar Kronoby, den 6 april 2016".
        const bool place_of_date = ti + 3 < toks.size() && toks[ti + 1].kind == Tok::kSep && pg.text()[toks[ti + 1].begin] == ',' &&
                                   toks[ti + 2].kind == Tok::kWord && Lower(toks[ti + 2].text) == "den" && toks[ti + 3].kind == Tok::kRange;
        if (!place_of_date && (first_name_inga || surname_title ||
            (!role_ordinal && NameLike(t)))) {
          if (!phrase.empty()) end_phrase(true);
          run.push_back(&t);
        } else if (in_name && IsParticle(f)) {
          run.push_back(&t);
        } else {
          flush();
          // A form of address begins the next person: the words between a name and it are the
          // name's ("R. A. Wawrinsky ss. ordf. Herr Medicinalrådet G. Kjerrulf": Wawrinsky chairs).
          if (after_person && !phrase.empty() && !phrase_after_comma && IsFormOfAddress(f)) end_phrase(false);
          if (phrase.empty()) {
            phrase_after_and = ti > 0 && toks[ti - 1].kind == Tok::kAnd;
            phrase_after_party = after_party;
            phrase_after_comma = comma_after_person;
            phrase_after_party_comma = comma_after_party;
          }
          phrase += (phrase.empty() ? "" : " ") + f;
          if (IsTitleWord(f)) titled = true;
          after_party = false;
        }
        break;
      }
      case Tok::kParty: {
        const bool had_run = !run.empty();
        flush();
        if ((had_run || after_person) && !out.empty() && out.back().party.empty()) {
          out.back().party_written = t.text;
          out.back().party = PartyCode(t.text);
        }
        if (!phrase.empty()) end_phrase(false);
        after_party = after_person;
        break;
      }
      case Tok::kRange:
        flush();
        if (!phrase.empty()) end_phrase(false);
        if (after_person && !out.empty() && (t.text != "kl")) {
          std::string& r = out.back().paragraphs;
          r += (r.empty() ? "" : " ") + t.text;
        }
        after_party = false;
        break;
      case Tok::kSep:
      case Tok::kAnd:
      case Tok::kBreak:
      case Tok::kEnd: {
        const bool had_run = !run.empty();
        flush();
        // A role after "och"/"samt" at a line's end is the next line's name's ("… Kollén och
        // Trollén samt Ordf." / "H:r K.E.Andersson.").
        const bool carried = t.kind == Tok::kBreak && !had_run && !phrase.empty() && phrase_after_and;
        if (carried) {
          end_phrase(true);
          break;
        }
        if (!phrase.empty()) end_phrase(false);
        comma_after_person = t.kind == Tok::kSep && (had_run || after_person);
        comma_after_party = t.kind == Tok::kSep && after_party && !had_run;
        if (t.kind != Tok::kSep) after_person = false, have_prefix = false;
        after_party = false;
        titled = false;
        break;
      }
    }
  }
  flush();
  if (!phrase.empty()) end_phrase(false);
  // "X, § 105 - § 106": keep the range, not its pieces' spacing.
  for (Person& p : out) p.paragraphs = Squash(p.paragraphs);
  return out;
}

// The places the document being read names as places (PlacesNamed), while ReadAttendance reads it.
thread_local const std::set<std::string>* tl_places = nullptr;

// Words the text itself names as places: the place of a signing's place and date ("Geta den 5 maj
// 2014", "Kronoby, den 30 april", a form's "Geta den" left blank), a municipality's or parish's
// name ("Geta kommun", "Pargas stad", "Fors församling") and the place a hall or office is in
// ("Kommunkansliet i Geta skola", "sessionssalen i Malmö"). A person's name does not begin with
// one: "Protokolljustering Geta Gunnel Nordlund-White Kjell Berndtsson" is the place of the
// signing and two signatures.
std::set<std::string> PlacesNamed(std::string_view text) {
  std::set<std::string> out;
  static const Regex dated("(?<![\\p{L}\\d.-])(\\p{Lu}\\p{Ll}{2,}(?:-\\p{Lu}\\p{Ll}{2,})?),?\\h+den(?:\\h+\\d|\\h*\\n|\\h*$|\\h+\\p{Lu})", Regex::kNone);
  static const Regex body("(?<![\\p{L}\\d.-])(\\p{Lu}\\p{Ll}{2,}(?:-\\p{Lu}\\p{Ll}{2,})?)\\h+(?:kommun|kommuns|stad|stads|församling|församlings|socken|sockens|landskommun|köping)(?!\\p{L})", Regex::kNone);
  static const Regex within("(\\p{L}{4,})\\h+i\\h+(\\p{Lu}\\p{Ll}{2,}(?:-\\p{Lu}\\p{Ll}{2,})?)(?!\\p{L})", Regex::kNone);
  for (const Match& m : dated.FindAll(text)) out.insert(std::string(m.Group(1)));
  for (const Match& m : body.FindAll(text)) out.insert(std::string(m.Group(1)));
  for (const Match& m : within.FindAll(text))
    if (IsThingWord(Lower(m.Group(1)))) out.insert(std::string(m.Group(2)));
  // (The words of the sentence and the titles are no place: "Ordförande den 5 maj", "Justeras den".)
  for (auto it = out.begin(); it != out.end();) {
    const std::string f = Lower(*it);
    it = IsStopWord(f) || IsTitleWord(f) || IsOfficeWord(f) || IsThingWord(f) ? out.erase(it) : std::next(it);
  }
  return out;
}

std::vector<Person> PersonsIn(const Paged& pg, size_t begin, size_t end, const ParseOptions& opt, bool newline_breaks) {
  if (end <= begin) return {};
  std::vector<Token> toks = Tokenize(std::string_view(pg.text()).substr(begin, end - begin), begin, newline_breaks);
  // A place the text names as one, or a word the lexicon knows only as a place ("Malmö",
  // "Helsingfors", not "Lund", a surname too), first before a name, stands between names, not in
  // one: "Malmö Citysamverkan", "Uppsala Anna Berg".
  for (size_t i = 0; i + 1 < toks.size(); ++i) {
    if (toks[i].kind != Tok::kWord) continue;
    if (!(tl_places && tl_places->count(toks[i].text)) && NameClassesOf(toks[i].text) != kPlace) continue;
    if (i > 0 && toks[i - 1].kind == Tok::kWord && NameLike(toks[i - 1])) continue;
    if (toks[i + 1].kind != Tok::kWord || !NameLike(toks[i + 1])) continue;
    // (A roster written surname first: "Ek Per, ordförande" — a given name alone after it.)
    if (IsKnownGivenName(toks[i + 1].text) && !(i + 2 < toks.size() && toks[i + 2].kind == Tok::kWord && NameLike(toks[i + 2])))
      continue;
    toks[i].kind = Tok::kBreak;
    toks[i].text.clear();
  }
  return ParsePersons(toks, pg, opt);
}

// Party groups named instead of people: "Sverigedemokraterna", "(V)-gruppen", "S-gruppen",
// "M-, L- och KD-gruppen",
// "ledamöterna från M, D, L och KD", "moderata samlingspartiets och folkpartiets ledamöter".
std::vector<std::string> PartyGroups(std::string_view s) {
  std::vector<std::string> out;
  auto add = [&](const std::string& code) {
    if (!code.empty() && std::find(out.begin(), out.end(), code) == out.end()) out.push_back(code);
  };
  // "M-, L- och KD-gruppen": the groups named before the last one's "-gruppen".
  static const Regex joined("(?<![\\p{L}])((?:\\p{Lu}{1,3}-\\h*,?\\h*(?:och\\h+|samt\\h+)?)+)\\p{Lu}{1,3}-gruppen", Regex::kNone);
  for (const Match& m : joined.FindAll(s)) {
    static const Regex code("\\p{Lu}{1,3}", Regex::kNone);
    for (const Match& c : code.FindAll(m.Group(1))) add(PartyCode(c.Group(0)));
  }
  static const Regex group("\\(?\\b(\\p{Lu}{1,3})\\)?-(?:gruppen|ledamöterna|ledamoten|representanterna|representanten)\\b", Regex::kNone);
  for (const Match& m : group.FindAll(s)) add(PartyCode(m.Group(1)));
  static const Regex from("\\b(?:ledamöterna|representanterna|ledamöter|representanter)\\h+(?:från|för)\\h+((?:\\p{Lu}{1,3}(?:\\h*,\\h*|\\h+och\\h+|\\h+samt\\h+)?)+)", Regex::kIgnoreCase);
  for (const Match& m : from.FindAll(s)) {
    static const Regex code("\\b\\p{Lu}{1,3}\\b", Regex::kNone);
    // A local party of one letter ("Demokraterna", D) is a party in this list, as nowhere else.
    for (const Match& c : code.FindAll(m.Group(1))) {
      const std::string written(c.Group(0));
      add(written.size() == 1 && PartyCode(written).empty() ? written : PartyCode(written));
    }
  }
  static const Regex named(
      "\\b(socialdemokrat\\w*|moderat\\w*|sverigedemokrat\\w*|centerpartiet\\w*|centern\\w*|vänsterpartiet\\w*|"
      "kristdemokrat\\w*|folkpartiet\\w*|liberalerna\\w*|miljöpartiet\\w*)");
  for (const Match& m : named.FindAll(s)) add(PartyCode(m.Group(1)));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sentences of an item, as spans of the Paged text.

bool EndsWithInitialOrAbbreviation(std::string_view before) {
  size_t sp = before.find_last_of(" \n(");
  std::string_view w = before.substr(sp == std::string_view::npos ? 0 : sp + 1);
  if (w.empty()) return false;
  static const Regex re("^(?:\\p{Lu}|\\p{Lu}\\.\\p{Lu}|ordf|sekr|ss|s\\.s|kl|nr|resp|bl\\.a|m\\.fl|t\\.o\\.m|t\\.f|fr\\.o\\.m|jfr|ca|st|ang|enl|dvs|d\\.v\\.s|Hr|Fil|tjg|ers|p\\.g\\.a|s\\.k|t\\.ex|kap|bil|"
      // academic and professional titles before a name ("fil. mag. Kim Björklund", "Ordf. Ek")
      "[Ff]il|mag|lic|kand|dr|[Pp]rof|[Dd]oc|pol|jur|med|teol|ekon|civ|ing|dir|Ordf|Sekr|"
      // old titles' abbreviations ("Insp. El. Ericsson", "Kapt. Berg", "Kyrkoh. Lind")
      "(?i:" PROTOKOLL_TITLE_ABBREVIATIONS "))$", Regex::kNone);
  return re.FullMatch(w).has_value() || IsShortenedFirstName(w);
}

std::vector<Span> SentenceSpans(const Paged& pg, const std::vector<Line>& lines) {
  std::vector<Span> out;
  const std::string& t = pg.text();
  size_t start = 0;
  auto cut = [&](size_t end) {
    if (end > start && !Trim(std::string_view(t).substr(start, end - start)).empty()) out.push_back({start, end});
    start = end;
  };
  size_t offset = 0;
  for (size_t li = 0; li < lines.size(); ++li) {
    const std::string& l = lines[li].text;
    const bool heading = !l.empty() && l.size() < 60 && IsSectionHeading(l);
    if (l.empty() || heading) {
      cut(offset);
      start = offset + l.size() + 1;
      offset += l.size() + 1;
      continue;
    }
    // A new § begins a new sentence, whatever the line before it lacked ("§3 Val av två justerare"
    // after "Mötet ansågs behörigen utlyst" with no full stop).
    if (Trim(l).rfind("§", 0) == 0) cut(offset);
    // Sentence ends inside the line.
    for (size_t k = 0; k < l.size(); ++k) {
      const char c = l[k];
      if (c == ';') {
        cut(offset + k + 1);
      } else if (c == '.' || c == '!' || c == '?') {
        // Closing quotation marks stay with the sentence: 'Godkänd voteringsproposition: "Ja för …
        // yrkande."'
        size_t q = k + 1;
        while (q < l.size() && (l[q] == '"' || l.compare(q, 3, "\xE2\x80\x9D") == 0 || l.compare(q, 3, "\xE2\x80\x99") == 0))
          q += l[q] == '"' ? 1 : 3;
        size_t r = q;
        while (r < l.size() && (l[r] == ' ' || l[r] == '\t')) ++r;
        bool at_end = r >= l.size();  // trailing blanks ("… Mikael Grönroos. ") end it too
        // Old minutes put a stop after figures: "… Stadsf: med 12." / "röster mot 4. beslöto …"
        // goes on where the next line begins in lower case.
        if (at_end && c == '.' && k > 0 && std::isdigit(static_cast<unsigned char>(l[k - 1])) && li + 1 < lines.size() &&
            StartsLower(lines[li + 1].text))
          at_end = false;
        const bool next_upper = (q + 1 < l.size() && l[q] == ' ' &&
                                 (StartsUpper(std::string_view(l).substr(q + 1)) || std::isdigit(static_cast<unsigned char>(l[q + 1])))) ||
                                // a rule drawn after it: "… Oskar Homman.-----------Nästa möte …"
                                l.compare(q, 3, "---") == 0 || l.compare(q, 3, "___") == 0;
        if ((at_end || next_upper) && !EndsWithInitialOrAbbreviation(std::string_view(l).substr(0, k))) cut(offset + std::min(q, l.size()));
      }
    }
    offset += l.size() + 1;
  }
  cut(t.size());
  return out;
}

std::string_view SpanText(const Paged& pg, const Span& s) { return std::string_view(pg.text()).substr(s.begin, s.end - s.begin); }

// Figures in groups of three parted by a stop or a space of any width ("1.832", "2 345").
#define PK_GROUPED "\\d{1,3}(?:(?:\\.|\\h)\\d{3})+"

int NumberWord(std::string_view w) {
  static const std::map<std::string, int> kWords = {
      {"en", 1}, {"ett", 1}, {"två", 2}, {"tre", 3}, {"fyra", 4}, {"fem", 5}, {"sex", 6}, {"sju", 7}, {"åtta", 8},
      {"nio", 9}, {"tio", 10}, {"elva", 11}, {"tolv", 12}, {"tretton", 13}, {"fjorton", 14}, {"femton", 15},
      {"sexton", 16}, {"sjutton", 17}, {"arton", 18}, {"aderton", 18}, {"nitton", 19}, {"tjugo", 20}};
  if (CountDigits(w) == Length(w) && !w.empty()) return DecimalValue(w);
  // Groups of three parted by a stop or a space of any width ("1.832", "1 832"): their digits.
  if (!w.empty() && std::isdigit(static_cast<unsigned char>(w.front()))) {
    static const Regex grouped("^" PK_GROUPED "$", Regex::kNone);
    if (grouped.FullMatch(w)) {
      std::string digits;
      for (char c : w)
        if (std::isdigit(static_cast<unsigned char>(c))) digits.push_back(c);
      if (digits.size() <= 9) return std::stoi(digits);
    }
  }
  auto it = kWords.find(Lower(w));
  return it == kWords.end() ? -1 : it->second;
}

// A count in figures or in words; old minutes put a stop after the figures ("med 12. röster") or
// the figures in brackets after the words ("fem (5) ja-röster"); a weighted stämma counts its
// votes in thousands ("med 1303 röster mot 188"), their groups parted as numbers are — by a
// space, a non-breaking or thin space, or in old print a stop ("1 832 röster", "1.832 röster").
#define PK_NUM "\\b(" PK_GROUPED "(?!\\d)|\\d{1,5}|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tretton|fjorton|femton|sexton|sjutton|arton|aderton|nitton|tjugo)(?:\\.(?=\\s)|\\s*\\(\\d{1,5}\\))?"

// The kind of a motion from what follows its verb.
std::string MotionKind(std::string_view object) {
  std::string o = Squash(Lower(object));  // one space between words, as the lines ran
  static const Regex lead("^\\h*(?:därefter|härefter|även|också|dock|nu|slutligen|för\\h+sin\\h+del|i\\h+första\\h+hand)\\h+");
  if (auto m = lead.Find(o)) o = o.substr(m->End());
  static const Regex bifall("^\\h*bifall");
  static const Regex avslag("^\\h*a[fv]slag");
  static const Regex aterremiss("^\\h*(?:återremiss|att\\h+ärendet\\h+(?:ska\\h+|skall\\h+)?återremitteras)");
  static const Regex bord("^\\h*(?:bordläggning|att\\h+ärendet\\h+(?:ska\\h+|skall\\h+)?bordläggs)");
  static const Regex andring("^\\h*ändring");
  static const Regex tillagg("^\\h*tillägg");
  static const Regex att_avslas("^\\h*att\\h+[^.]{0,120}?\\ba[fv]slås\\b");
  static const Regex att_bifalls("^\\h*att\\h+[^.]{0,120}?\\bbifalls\\b");
  static const Regex att_remiss("^\\h*att\\h+[^.]{0,120}?\\båterremitteras\\b");
  static const Regex att_bord("^\\h*att\\h+[^.]{0,120}?\\b(?:bordläggs|uppskjut\\w*|uppskof|uppskov)\\b");
  // Old minutes approve and reject by "gillas" and "ogillas" ("att kartan skulle … gillas").
  static const Regex att_gillas("^\\h*att\\h+[^.]{0,120}?\\b(o?)gillas\\b");
  static const Regex negation("\\b(?:icke|inte|ej)\\b");
  if (bifall.Find(o)) return "bifall";
  if (avslag.Find(o)) return "avslag";
  if (aterremiss.Find(o)) return "återremiss";
  if (bord.Find(o)) return "bordläggning";
  if (andring.Find(o)) return "ändring";
  if (tillagg.Find(o)) return "tillägg";
  if (att_remiss.Find(o)) return "återremiss";
  if (att_bord.Find(o)) return "bordläggning";
  if (att_avslas.Find(o)) return "avslag";
  if (att_bifalls.Find(o)) return "bifall";
  if (auto g = att_gillas.Find(o)) {
    const bool negated = negation.Find(std::string_view(o).substr(0, g->End())).has_value();
    return negated == g->Group(1).empty() ? "avslag" : "bifall";
  }
  return "other";
}

// A genitive of one of the earlier movers in `object` ("instämmer i Anna Anderssons yrkande").
const Motion* Referenced(std::string_view object, const std::vector<Motion>& motions) {
  const std::string o = Folded(object);
  for (auto it = motions.rbegin(); it != motions.rend(); ++it) {
    if (it->name.empty()) continue;
    const std::string n = Folded(it->name);
    const size_t sp = n.rfind(' ');
    const std::string last = sp == std::string::npos ? n : n.substr(sp + 1);
    if (o.find(n + "s") != std::string::npos || o.find(n + "'") != std::string::npos ||
        o.find(n + "’") != std::string::npos || o.find(last + "s yrkande") != std::string::npos ||
        o.find(last + "' yrkande") != std::string::npos)
      return &*it;
  }
  return nullptr;
}

}  // namespace

std::string PartyCode(std::string_view written) {
  std::string w = Lower(Trim(written));
  while (!w.empty() && (w.front() == '(' || w.front() == ' ')) w.erase(0, 1);
  while (!w.empty() && (w.back() == ')' || w.back() == ' ' || w.back() == '.')) w.pop_back();
  for (const char* suffix : {"-gruppens", "-gruppen", "-grupp"})
    if (w.size() > std::string_view(suffix).size() && w.ends_with(suffix)) w.erase(w.size() - std::string_view(suffix).size());
  static const std::pair<const char*, const char*> kNames[] = {
      {"socialdemokrat", "S"}, {"moderat", "M"}, {"sverigedemokrat", "SD"}, {"centerpartiet", "C"}, {"centern", "C"},
      {"vänsterpartiet", "V"}, {"kristdemokrat", "KD"}, {"folkpartiet", "L"}, {"liberalerna", "L"}, {"miljöpartiet", "MP"}};
  for (const auto& [stem, code] : kNames)
    if (w.rfind(stem, 0) == 0) return code;
  static const std::map<std::string, std::string> kCodes = {
      {"s", "S"}, {"sap", "S"}, {"m", "M"}, {"sd", "SD"}, {"c", "C"}, {"cp", "C"}, {"v", "V"}, {"vpk", "V"},
      {"kd", "KD"}, {"kds", "KD"}, {"l", "L"}, {"fp", "L"}, {"mp", "MP"}};
  if (auto it = kCodes.find(w); it != kCodes.end()) return it->second;
  // A local party: two to five letters, all of one case as printed ("SPI", "siv", "FI").
  static const Regex local("^(?:\\p{Lu}{2,5}|\\p{Ll}{2,5})$", Regex::kNone);
  static const std::set<std::string> kNotParty = {"ej", "se", "st", "nr", "kr", "ca", "jfr", "bil", "och", "av", "dnr",
                                                  "kl", "tf", "fd", "ordf", "sekr", "ers", "tjg", "x", "xx", "ja", "nej", "samk",
                                                  // a signature's marks: "(bom)" (bomärke), "(sign)"
                                                  "bom", "bm", "sign", "sign."};
  std::string written_trim(Trim(written));
  while (!written_trim.empty() && (written_trim.front() == '(')) written_trim.erase(0, 1);
  while (!written_trim.empty() && (written_trim.back() == ')')) written_trim.pop_back();
  for (const char* suffix : {"-gruppens", "-gruppen", "-grupp"})
    if (written_trim.size() > std::string_view(suffix).size() && written_trim.ends_with(suffix))
      written_trim.erase(written_trim.size() - std::string_view(suffix).size());
  if (local.FullMatch(written_trim) && !kNotParty.count(w)) return Upper(written_trim);
  return {};
}

// ---------------------------------------------------------------------------------------------
// Attendance.

namespace {

// kKeeper: the closing formula of old minutes ("Som ofvan", "In fidem"), signed by whoever kept
// the minutes — the chair of a stämma, who kept them by law, else the secretary.
enum class LabelKind { kMembers, kServing, kDeputies, kOthers, kAdjusters, kSecretary, kChair, kAbsent, kParagraphs, kStop, kKeeper };

struct LabelHit {
  LabelKind kind;
  size_t begin, end;  // the label's own text
};

// A roster that kept its presence column: every name followed (before or after its office) by
// its mark — "Ingvar Björling, KST-ordförande X Kjell Berndtsson, KST-viceordförande X Camilla
// Andersson - Gerd Bergman X", "Gun-Britt Lyngander - Kfge-ordf.", a närvarolista's "Närv."
// column read as text. A cross is there, a dash is not: the names marked with a dash are
// dropped. Only when every name has a mark and both kinds are used (a dash between names is
// otherwise no mark).
// The column may stand before the names as well ("Övriga - Niklas Eriksson X Danne Sundman -
// Dorita Lindholm"): then the list begins with a mark, and each name's is the last mark before it.
void DropMarkedAbsent(std::string_view text, const std::vector<Span>& spans, size_t begin, size_t end, std::vector<Person>& persons) {
  if (spans.size() != persons.size() || persons.size() < 3 || spans.front().begin < begin) return;
  // The mark in [from, to): the first one, or the last; npos when there is none.
  auto mark_in = [&](size_t from, size_t to, bool last, bool* dash_mark) {
    const std::string_view gap = text.substr(from, to - from);
    size_t found = std::string_view::npos;
    for (size_t at = 0; at < gap.size(); ++at) {
      bool d = false;
      if (!PresenceMarkAt(gap, at, &d)) continue;
      found = at;
      *dash_mark = d;
      if (!last) break;
    }
    return found;
  };
  bool first_dash = false;
  const bool before = Trim(text.substr(begin, spans.front().begin - begin)).size() <= 3 &&
                      mark_in(begin, spans.front().begin, true, &first_dash) != std::string_view::npos;
  std::vector<bool> absent(persons.size());
  bool cross = false, dash = false;
  for (size_t k = 0; k < spans.size(); ++k) {
    const size_t from = before ? (k == 0 ? begin : spans[k - 1].end) : spans[k].end;
    const size_t to = before ? spans[k].begin : k + 1 < spans.size() ? spans[k + 1].begin : end;
    if (to < from) return;
    bool dash_mark = false;
    if (mark_in(from, to, before, &dash_mark) == std::string_view::npos) return;
    absent[k] = dash_mark;
    (absent[k] ? dash : cross) = true;
  }
  if (!cross || !dash) return;
  std::vector<Person> kept;
  for (size_t k = 0; k < persons.size(); ++k)
    if (!absent[k]) kept.push_back(std::move(persons[k]));
  persons = std::move(kept);
}

// Labels of a protocol's front page and signature block, longest first so that "Närvarande, ej
// tjänstgörande ersättare" is one label, not "Närvarande" and more.
const std::vector<std::pair<const char*, LabelKind>>& Labels() {
  static const std::vector<std::pair<const char*, LabelKind>> kLabels = {
      {"Ej närvarande", LabelKind::kAbsent},
      {"Närvarande,? ej tjänstgörande ersättare", LabelKind::kDeputies},
      {"Ej tjänstgörande ersättare", LabelKind::kDeputies},
      {"Närvarande ej tjänstgörande ersättare", LabelKind::kDeputies},
      {"Ej tjg ers(?:ättare)?\\.?", LabelKind::kDeputies},
      {"Närvarande ersättare", LabelKind::kDeputies},
      {"Tjänstgörande ersättare", LabelKind::kServing},
      {"Tjänstgörande suppleanter", LabelKind::kServing},
      {"Tjg ersättare", LabelKind::kServing},
      {"Tjg suppl(?:eanter)?\\.?", LabelKind::kServing},
      {"Tjg ers\\.?", LabelKind::kServing},
      {"Närvarande var ordinarie ledamöter", LabelKind::kMembers},
      {"Beslutande ledamöter", LabelKind::kMembers},
      {"Närvarande ledamöter", LabelKind::kMembers},
      {"Beslutande", LabelKind::kMembers},
      {"Ledamöter", LabelKind::kMembers},
      {"Närvarande var", LabelKind::kMembers},
      {"Närvarande", LabelKind::kMembers},
      {"Närvaro", LabelKind::kMembers},
      {"Ersättare", LabelKind::kDeputies},
      {"Suppleanter", LabelKind::kDeputies},
      {"Övriga närvarande", LabelKind::kOthers},
      // Co-opted: they attend without a vote ("Adjungerade Jana Nilsson").
      {"Adjungerade", LabelKind::kOthers},
      {"Adjungerad", LabelKind::kOthers},
      {"Övriga deltagande", LabelKind::kOthers},
      {"Övriga deltagare", LabelKind::kOthers},
      {"Deltagande", LabelKind::kMembers},
      {"Deltagare", LabelKind::kMembers},
      {"Övriga(?!\\h+(?:ärenden|ärende|frågor|handlingar|beslut|anmälningar))", LabelKind::kOthers},
      {"Föredragande", LabelKind::kOthers},
      {"Sekretariatet", LabelKind::kOthers},
      {"Tjänstemän", LabelKind::kOthers},
      {"Justeringens plats och tid", LabelKind::kStop},
      {"Justeringens", LabelKind::kStop},
      // "Justerat tisdagen den 1 februari 2011 Inger Linge Conny Andersson Sven-Erik Köhlin": the
      // day's date, then the signatures.
      // (Or for some items one day, the others another: "Justerat tisdag den 17 februari beträffande
      // 30 och 39, i övrigt tisdag den 3 mars Annika Sandström …".)
      {"Justerat\\h+(?:\\p{Ll}+dag(?:en)?\\h+)?den\\h+\\d{1,2}\\h+\\p{Ll}+(?:\\h+\\d{4})?"
       "(?:\\h+beträffande\\h+[^.]{0,80}?\\h+i\\h+övrigt\\h+(?:\\p{Ll}+dag(?:en)?\\h+)?den\\h+\\d{1,2}\\h+\\p{Ll}+(?:\\h+\\d{4})?)?",
       LabelKind::kAdjusters},
      {"Justerat den", LabelKind::kStop},
      {"Utses att justera", LabelKind::kAdjusters},
      {"Protokolljusterare", LabelKind::kAdjusters},
      {"Justerare", LabelKind::kAdjusters},
      {"Justerande", LabelKind::kAdjusters},
      {"Justeras", LabelKind::kAdjusters},
      // Old minutes: "Justeradt", "Justeradts d. 25 Maj 1889", "Justeradt den 2 April 1881" (the
      // date is the label's, the names follow).
      {"Justerad(?:t|ts|es)(?:\\h+(?:d\\.|den)\\h*\\d{1,2}\\.?\\h+\\p{L}+\\.?\\h+\\d{4}\\.?)?", LabelKind::kAdjusters},
      {"Sekreterare", LabelKind::kSecretary},
      {"Vid protokollet", LabelKind::kSecretary},
      // "at the pen": an association's secretary over their signature.
      {"Vid pennan", LabelKind::kSecretary},
      // "by commission": the one who wrote the minutes for the meeting signs under it.
      {"Enligt uppdrag", LabelKind::kSecretary},
      {"Protokollförare", LabelKind::kSecretary},
      {"Ordförande", LabelKind::kChair},
      // The short forms as a field's heading, with their colon ("Ordf: Lovisa Lantz … Sekr: Mikaela Bexar").
      {"Ordf\\.?:", LabelKind::kChair},
      {"Sekr\\.?:", LabelKind::kSecretary},
      {"Frånvarande", LabelKind::kAbsent},
      {"Samtliga ledamöter utom", LabelKind::kAbsent},
      {"med undantag (?:för|av|af)", LabelKind::kAbsent},
      // "Närvarande samtlige ledamöter förutom Herrar G.A.Kindgren och F.E.Larsson": after "all"
      // (FindLabels asks for it), "förutom" and "utom" name the absent. Elsewhere "förutom" is
      // "besides" ("Närvarande voro förutom ordföranden herrar …").
      {"(?:förutom|utom)", LabelKind::kAbsent},
      {"Paragrafer|Paragraf", LabelKind::kParagraphs},
      {"Tid och plats för justering", LabelKind::kStop},
      {"Plats och tid", LabelKind::kStop},
      {"Tid och plats", LabelKind::kStop},
      {"Underskrifter", LabelKind::kStop},
      // Who receives the minutes, not who was there: "Protokollet distribueras till de närvarande
      // samt till: …", "Kopia till", "Sändlista".
      {"Protokollet (?:distribueras|delges|skickas|sänds|tillställs)", LabelKind::kStop},
      {"Kopia till", LabelKind::kStop},
      {"Sändlista", LabelKind::kStop},
      {"Underskrift", LabelKind::kStop},
      {"ANSLAG/BEVIS", LabelKind::kStop},
      {"Anslag/Bevis", LabelKind::kStop},
      {"BEVIS OM ANSLAG", LabelKind::kStop},
      {"Organ", LabelKind::kStop},
      {"Nämnd/Styrelse", LabelKind::kStop},
      {"Styrelse/nämnd", LabelKind::kStop},
      {"Sammanträdesdatum", LabelKind::kStop},
      {"Datum för", LabelKind::kStop},
      {"Förvaringsplats", LabelKind::kStop},
      // A form's adjusting section: its place and time, then the adjusters' signatures ("Protokolljustering
      // Ort och tid Eckerö onsdagen den , kl Jan-Anders Öström Susann Fagerström").
      {"Protokolljustering", LabelKind::kAdjusters},
      {"Ort och tid", LabelKind::kStop},
      {"Intygar", LabelKind::kStop},
      {"Postadress", LabelKind::kStop},
      {"Utdragsbestyrk\\w*", LabelKind::kStop},
      // The certifying of an extract, by an official after the meeting ("Utdragets/kopians riktighet
      // styrks: … Inger Björling, byråsekreterare"): no one there took part.
      {"Utdragets(?:/kopians)?\\h+riktighet\\h+(?:bestyrkes|styrks|intygas|bestyrks)", LabelKind::kAbsent},
      {"Innehållsförteckning", LabelKind::kStop},
      {"Instans", LabelKind::kStop},
      {"Närvarorätt", LabelKind::kStop},
      {"In fidem", LabelKind::kKeeper},
      {"Som of?van", LabelKind::kKeeper},
      // The adjusting attested by the adjusters' signatures: "Samma dag uppläst och justeradt",
      // "Uppläst justeradt och godkändt", "Den 2 April 1881 justeradt och godkändt".
      {"(?:[Ss]amma dag\\h+)?[Uu]ppl[äa]st,?\\h+(?:och\\h+)?(?:[Jj]ustera(?:dt|t|des)|[Gg]odkän(?:dt|t|des))(?:\\h+och\\h+(?:godkän(?:dt|t)|justera(?:dt|t)))?",
       LabelKind::kAdjusters},
      {"[Jj]ustera(?:dt|t)\\h+och\\h+godkän(?:dt|t)", LabelKind::kAdjusters},
      // Read out in church after the adjusting ("Uppläst från predikstolen i Fors kyrka … af
      // / J A; Kastengren /"): the priest who read it is no adjuster.
      {"[Uu]ppl[äa]st(?:es)?", LabelKind::kStop},
      // The public reading attested after the adjusters ("offentligen uppläst den 13 october
      // 1890, betyga /Carl Höglund/ /G.Jacobsson/"): witnesses, not adjusters.
      {"[Oo]ff?entligen\\h+uppl[äa]st", LabelKind::kStop},
      {"Dag som ovan", LabelKind::kStop},
      // The closing formula with its place or date before it: "År och dag som ofvan", "Eskilstuna
      // som ofvan", "Ort och tid som ovan" (after "Dag som ovan", a modern form's field).
      {"(?:År\\h+och\\h+dag|Dag\\h+och\\h+år|Ort\\h+och\\h+tid|Tid\\h+och\\h+ort|\\p{Lu}\\p{Ll}{2,}(?:\\h+(?:by|stad|socken|församling|köping|gård))?)\\h+som\\h+of?van", LabelKind::kKeeper},
      // A signature block's column heads in lower case after its label ("Underskrifter
      // ordförande sekreterare Mikael Selander Arsim Zekaj"): accepted only right after a label.
      {"ordförande", LabelKind::kChair},
      {"sekreterare", LabelKind::kSecretary},
      {"justerare", LabelKind::kAdjusters},
      {"Plats", LabelKind::kStop},
      {"Datum", LabelKind::kStop},
      {"Tid", LabelKind::kStop},
  };
  return kLabels;
}

// A list's heading as OCR without diacritics reads it ("Narvarande", "Ovriga deltagare",
// "Ersattare"): each å, ä, ö (and capital) in its expression also its bare letter. (Inside a
// character class a letter is left alone.)
std::string OcrTolerant(const std::pair<const char*, LabelKind>& label) {
  // (Only a list's heading: an officer's caption without its letters stands in columns of
  // captions that are not labels — "Vice Ordforande 09/10 Chefredaktor …".)
  const std::string pattern = label.first;
  const LabelKind k = label.second;
  if (k != LabelKind::kMembers && k != LabelKind::kDeputies && k != LabelKind::kOthers && k != LabelKind::kServing &&
      k != LabelKind::kAbsent)
    return pattern;
  static const std::pair<const char*, const char*> kLetters[] = {
      {"å", "(?:å|a)"}, {"ä", "(?:ä|a)"}, {"ö", "(?:ö|o)"}, {"Å", "(?:Å|A)"}, {"Ä", "(?:Ä|A)"}, {"Ö", "(?:Ö|O)"}};
  std::string out;
  int depth = 0;  // inside [...]
  for (size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '\\' && i + 1 < pattern.size()) {
      out.append(pattern, i, 2);
      i += 2;
      continue;
    }
    if (pattern[i] == '[') ++depth;
    if (pattern[i] == ']' && depth > 0) --depth;
    bool replaced = false;
    if (depth == 0)
      for (const auto& [letter, either] : kLetters)
        if (pattern.compare(i, 2, letter) == 0) {
          out += either;
          i += 2;
          replaced = true;
          break;
        }
    if (!replaced) out.push_back(pattern[i++]);
  }
  return out;
}

// `s` with each run of words in capitals written as a label is ("NÄRVARANDE LEDAMÖTER" →
// "Närvarande ledamöter"), when every word of the run has four letters or more (a run with a
// short word is left as printed: "BEVIS OM ANSLAG" is a label of its own). A–Z and the Latin-1
// capitals; byte for byte as long. Only from the line of `from` on.
std::string LabelCase(std::string_view s, size_t from) {
  std::string out(s);
  auto letter_at = [&](size_t i) -> size_t {  // the letter's length in bytes, 0 if none
    const unsigned char c = static_cast<unsigned char>(out[i]);
    if (std::isalpha(c)) return 1;
    return c == 0xC3 && i + 1 < out.size() ? 2 : 0;
  };
  auto upper = [&](size_t i) {
    const unsigned char c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') return true;
    if (c != 0xC3 || i + 1 >= out.size()) return false;
    const unsigned char d = static_cast<unsigned char>(out[i + 1]);
    return d >= 0x80 && d <= 0x9E && d != 0x97;
  };
  struct Word {
    size_t begin, end, letters;
    bool caps;
  };
  std::vector<Word> words;
  // (From the line `from` is on: the labels looked for begin there.)
  const size_t line = from == 0 ? 0 : out.rfind('\n', std::min(from, out.size()) - 1);
  for (size_t i = line == std::string::npos ? 0 : line; i < out.size();) {
    if (!letter_at(i)) {
      ++i;
      continue;
    }
    Word w{i, i, 0, true};
    while (w.end < out.size() && letter_at(w.end)) {
      w.caps = w.caps && upper(w.end);
      w.end += letter_at(w.end);
      ++w.letters;
    }
    words.push_back(w);
    i = w.end;
  }
  for (size_t k = 0; k < words.size();) {
    if (!words[k].caps) {
      ++k;
      continue;
    }
    // The run: capitalised words parted by spaces and dashes only.
    size_t e = k + 1;
    while (e < words.size() && words[e].caps &&
           out.find_first_not_of(" -", words[e - 1].end) >= words[e].begin)
      ++e;
    const bool long_words = std::all_of(words.begin() + static_cast<long>(k), words.begin() + static_cast<long>(e),
                                        [](const Word& w) { return w.letters >= 4; });
    if (long_words)
      for (size_t w = k; w < e; ++w)
        for (size_t i = words[w].begin; i < words[w].end; i += letter_at(i)) {
          if (w == k && i == words[w].begin) continue;  // the run's first capital stays
          if (letter_at(i) == 1) out[i] = static_cast<char>(out[i] + 32);
          else out[i + 1] = static_cast<char>(out[i + 1] + 0x20);
        }
    k = e;
  }
  return out;
}

std::vector<LabelHit> FindLabels(const Paged& pg, size_t begin, size_t end) {
  // One expression finds a label; which one it is, each label's own expression tells (the
  // alternation takes the first label that matches, so the first that matches the text whole).
  static const Regex* re = [] {
    std::string p = "(?<![\\p{L}\\d])(?:";
    for (size_t i = 0; i < Labels().size(); ++i) p += (i ? "|" : "") + std::string("(?:") + OcrTolerant(Labels()[i]) + ")";
    p += ")(?![\\p{L}\\d])";
    return new Regex(p.c_str(), Regex::kNone);
  }();
  static const std::vector<const Regex*>* each = [] {
    auto* v = new std::vector<const Regex*>;
    for (const auto& l : Labels()) v->push_back(new Regex(OcrTolerant(l).c_str(), Regex::kNone));
    return v;
  }();
  std::vector<LabelHit> out;
  // Labels printed in capitals are labels too ("NÄRVARANDE LEDAMÖTER - LÄSNÄ OLLEET JÄSENET",
  // "ÖVRIGA NÄRVARANDE"): they are looked for in a copy whose capitalised words are written as a
  // label is, the first capital kept (the same bytes: å, ä, ö and their capitals are two each).
  const std::string shown = LabelCase(std::string_view(pg.text()).substr(0, end), begin);
  const std::string_view t = shown;
  size_t from = begin;
  while (from < end) {
    auto m = re->Find(t, from);
    if (!m) break;
    from = m->End() > m->Begin() ? m->End() : m->Begin() + 1;
    size_t g = 0;
    while (g < each->size() && !(*each)[g]->FullMatch(m->Group(0))) ++g;
    if (g == each->size()) continue;
    const LabelKind kind = Labels()[g].second;
    // A role written after a name is no label: "Catarina Engström (MP) Ordförande", "Kerstin
    // Isaksson (M), Ordförande".
    size_t b = m->Begin();
    while (b > 0 && (t[b - 1] == ' ' || t[b - 1] == '\t')) --b;
    const char prev = b > 0 ? t[b - 1] : '\n';
    bool after_party = false;
    if (prev == ')') {
      const size_t open = t.rfind('(', b - 1);
      after_party = open != std::string_view::npos && b - open < 12 && !PartyCode(t.substr(open + 1, b - 2 - open)).empty();
    }
    // (After a party only a role: "Nils Berg (C) Underskrifter" begins the signature block.)
    const bool role = kind == LabelKind::kChair || kind == LabelKind::kSecretary || kind == LabelKind::kAdjusters ||
                      kind == LabelKind::kMembers || kind == LabelKind::kServing || kind == LabelKind::kDeputies;
    // (The others' heading is one after a party too: "Eva Ek (S) Adjungerade Jana Nilsson".)
    // (After a comma a label with its colon still begins a field: "Plats: Norra Latin, (Norra
    // Bantorget), Närvarande ledamöter: Kristina Persson, …".)
    size_t colon = m->End();
    while (colon < t.size() && t[colon] == ' ') ++colon;
    const bool with_colon = colon < t.size() && t[colon] == ':';
    // (A comma after a thing's name in lower case ends that field, not a person's words:
    // "Justeringens plats och tid Kultur- och fritidsförvaltning, Sekreterare Jolanta Mittag".)
    bool after_thing = false;
    if (prev == ',' && b >= 2) {
      size_t w = b - 1;
      while (w > 0 && t[w - 1] != ' ' && t[w - 1] != '\n') --w;
      after_thing = StartsLower(t.substr(w, b - 1 - w));
    }
    if ((after_party && role) || (prev == ',' && kind != LabelKind::kAbsent && !with_colon && !after_thing)) continue;
    // Inside a list of those present an officer's role right after a name is the name's ("Närvarande:
    // Calle Wikholm Ordförande Johnny Rickman V ordförande Birger Möller Sekreterare …").
    if ((kind == LabelKind::kChair || kind == LabelKind::kSecretary) && !out.empty() &&
        (out.back().kind == LabelKind::kMembers || out.back().kind == LabelKind::kOthers) && b > 0 && prev != '\n') {
      size_t w = b;
      while (w > out.back().end && t[w - 1] != ' ' && t[w - 1] != '\n') --w;
      const std::string before(t.substr(w, b - w));
      if (IsNameWord(before) && !IsStopWord(Lower(before)) && !IsTitleWord(Lower(before)) && !IsOfficeWord(Lower(before))) continue;
    }
    if (kind == LabelKind::kAbsent && (m->Group(0) == "förutom" || m->Group(0) == "utom")) {
      static const Regex all("(?i)(?<!\\p{L})(?:samtl\\p{L}*|alla)(?!\\p{L})[^.]*$");
      const size_t window = m->Begin() > begin + 80 ? m->Begin() - 80 : begin;  // the 80 bytes before
      if (!all.Find(t.substr(window, m->Begin() - window))) continue;
    }
    // Absence phrases are found in any case; other labels are printed capitalised, or follow
    // another label directly.
    // (The public reading's attestation at a line's start is a sentence of the closing block in
    // any case: "offentligen uppläst den 13 october 1890, betyga".)
    const bool reading = prev == '\n' && kind == LabelKind::kStop &&
                         (m->Group(0).rfind("of", 0) == 0 || m->Group(0).rfind("uppl", 0) == 0);
    // (An attestation ending its line is one in any case: "Den 2 April 1881 justeradt och godkändt".)
    size_t e = m->End();
    while (e < t.size() && (t[e] == ' ' || t[e] == '.' || t[e] == ':')) ++e;
    const bool attests = kind == LabelKind::kAdjusters && m->Group(0).find(' ') != std::string_view::npos && (e == t.size() || t[e] == '\n');
    if (kind != LabelKind::kAbsent && !reading && !attests && !StartsUpper(m->Group(0)) && (out.empty() || out.back().end != b)) continue;
    // "Protokolljustering" in an agenda is an item's title, another title after it ("Protokolljustering
    // Godkännande av föredragningslistan …"); a form's field has names, or its place and time.
    if (m->Group(0) == "Protokolljustering") {
      static const Regex next_title("^[\\h\\n:]*(?!(?:Ort|Plats|Tid)\\b)\\p{Lu}\\p{Ll}+\\h+(?:av|för|till|om|och|på)\\b", Regex::kNone);
      if (next_title.Find(t.substr(m->End(), std::min<size_t>(60, t.size() - m->End())))) continue;
    }
    // A bilingual page's label carries its Finnish after a dash or a slash ("NÄRVARANDE LEDAMÖTER -
    // LÄSNÄ OLLEET JÄSENET", "Ordförande/Puheenjohtaja:"): that is the label's too.
    size_t label_end = m->End();
    static const Regex translation("^\\h*(?:[-–]\\h*(?:\\p{Lu}{2,}\\h*)+(?=\\h|$)|/\\p{Lu}\\p{Ll}+(?=:))", Regex::kNone);
    if (auto tr = translation.Find(std::string_view(pg.text()).substr(label_end, std::min<size_t>(80, t.size() - label_end))))
      label_end += tr->End();
    out.push_back({kind, m->Begin(), label_end});
  }
  return out;
}

// Two spellings of one name in one meeting's text: the surname alone and with initials
// ("Andersson", "C. A. Andersson"), or the same initials with a surname one letter apart, as old
// minutes spell a name twice ("J.E. Juhlin", "/J.E.Julin/"). *second_fuller: the second has the
// initials the first lacks.
bool OneNameTwoSpellings(const std::string& first, const std::string& second, bool* second_fuller) {
  auto words = [](const std::string& name) {
    std::vector<std::string> w;
    for (const std::string& x : SplitAtSpaces(Folded(name))) {
      size_t at = 0;  // "c.a.andersson" → "c." "a." "andersson"
      while (at < x.size()) {
        const size_t dot = x.find('.', at);
        if (dot == std::string::npos) {
          w.push_back(x.substr(at));
          break;
        }
        w.push_back(x.substr(at, dot + 1 - at));
        at = dot + 1;
      }
    }
    return w;
  };
  auto one_apart = [](const std::string& x, const std::string& y) {
    if (x == y) return true;
    const std::string& shorter = x.size() <= y.size() ? x : y;
    const std::string& longer = x.size() <= y.size() ? y : x;
    if (longer.size() - shorter.size() > 1 || shorter.size() < 5) return false;
    size_t i = 0;
    while (i < shorter.size() && shorter[i] == longer[i]) ++i;
    // One letter more, or one other: the rest equal after it.
    return shorter.substr(i) == longer.substr(i + 1) ||
           (shorter.size() == longer.size() && shorter.substr(i + 1) == longer.substr(i + 1));
  };
  const std::vector<std::string> fw = words(first), sw = words(second);
  if (fw.empty() || sw.empty() || !one_apart(fw.back(), sw.back())) return false;
  const std::vector<std::string> fi(fw.begin(), fw.end() - 1), si(sw.begin(), sw.end() - 1);
  // Initials only ("c." "a."): a first name written out is no spelling of another.
  auto initials = [](const std::vector<std::string>& v) {
    return std::all_of(v.begin(), v.end(), [](const std::string& x) { return !x.empty() && x.back() == '.'; });
  };
  // Initials and the first names they stand for, under one surname: "K. Linroth" in the list,
  // "Klas Linroth" signing.
  auto stands_for = [](const std::vector<std::string>& ini, const std::vector<std::string>& full) {
    if (ini.empty() || ini.size() != full.size()) return false;
    for (size_t k = 0; k < ini.size(); ++k) {
      const std::string stem = ini[k].substr(0, ini[k].size() - 1);
      if (stem.empty() || stem.size() > 2 || full[k].size() < stem.size() + 2 || full[k].back() == '.' ||
          full[k].compare(0, stem.size(), stem) != 0)
        return false;
    }
    return true;
  };
  if (fw.back() == sw.back() && fw.back().size() >= 4) {
    if (!fi.empty() && initials(fi) && !initials(si) && stands_for(fi, si)) {
      *second_fuller = true;
      return true;
    }
    if (!si.empty() && initials(si) && !initials(fi) && stands_for(si, fi)) {
      *second_fuller = false;
      return true;
    }
  }
  if (!initials(fi) || !initials(si)) return fi == si && fw.back() == sw.back();
  if (!fi.empty() && !si.empty() && fi != si) return false;
  *second_fuller = fi.empty() && !si.empty();
  return true;
}

// Whether `p` is already in `all` under another spelling of the name (OneNameTwoSpellings; the
// same spelling is MergeInto's); the one kept takes the initials `p` adds.
bool SpelledOtherwise(std::vector<Person>& all, const Person& p) {
  for (Person& q : all) {
    bool fuller = false;
    if (Folded(q.name) == Folded(p.name) || !OneNameTwoSpellings(q.name, p.name, &fuller)) continue;
    if (fuller) q.name = p.name;
    return true;
  }
  return false;
}

// A name folded for comparing, a roster's "Groop, Cindi" as "Cindi Groop".
std::string NameKey(const std::string& name) {
  const size_t comma = name.find(',');
  if (comma == std::string::npos || name.find(',', comma + 1) != std::string::npos) return Folded(name);
  return Folded(name.substr(comma + 1) + " " + name.substr(0, comma));
}

// Two words in the other order: a roster's "Fredriksson Merja" and the signature's "Merja
// Fredriksson" (folded keys).
bool Reversed(const std::string& a, const std::string& b) {
  const size_t sa = a.find(' '), sb = b.find(' ');
  if (sa == std::string::npos || sb == std::string::npos || a.find(' ', sa + 1) != std::string::npos ||
      b.find(' ', sb + 1) != std::string::npos)
    return false;
  return a.substr(0, sa) == b.substr(sb + 1) && a.substr(sa + 1) == b.substr(0, sb);
}

void MergeInto(std::vector<Person>& all, const Person& p) {
  const std::string key = NameKey(p.name);
  for (Person& q : all) {
    const std::string k = NameKey(q.name);
    // (The same two words in the other order are the same person; the name kept is the one that
    // begins with a given name the lexicon knows, else the first written.)
    if (k != key && Reversed(k, key)) {
      const auto given_first = [](const std::string& n) { return IsKnownGivenName(std::string_view(n).substr(0, n.find(' '))); };
      if (!given_first(q.name) && given_first(p.name) && p.name.find(',') == std::string::npos) q.name = p.name;
    }
    if (k == key || Reversed(k, key)) {
      if (q.party.empty()) q.party = p.party, q.party_written = p.party_written;
      if ((q.role.empty() || q.role == "ledamot" || q.role == "justerare" || q.role == "listad") && !p.role.empty() &&
          p.role != "justerare" && p.role != "listad")
        q.role = p.role;
      else if (q.role == "listad" && p.role.empty())
        q.role = "ledamot";  // a listed member named again: present
      if (q.title.empty()) q.title = p.title;
      if (q.substitute_for.empty()) q.substitute_for = p.substitute_for;
      if (q.paragraphs.empty()) q.paragraphs = p.paragraphs;
      return;
    }
  }
  all.push_back(p);
}

// `p` among the meeting's adjusters, once (the same name written the same way is one).
void AddAdjuster(Attendance& a, const Person& p) {
  if (std::none_of(a.adjusters.begin(), a.adjusters.end(), [&](const Person& q) { return Folded(q.name) == Folded(p.name); }))
    a.adjusters.push_back(p);
}

// A list of first names (or surnames) alone: "Micaela, Karola, Johan, Pia, Mona, Stefan", "Lennart,
// Ingemar, Ebbe … och Christina" — three or more single capitalised words parted by commas.
bool FirstNamesList(std::string_view s) {
  static const Regex names("^[\\h\\n:]*\\p{Lu}\\p{Ll}+(?:-\\p{Lu}\\p{Ll}+)?(?:\\h*,\\h*\\p{Lu}\\p{Ll}+(?:-\\p{Lu}\\p{Ll}+)?){2,}(?:\\h*(?:,|och|o|&)\\h*\\p{Lu}\\p{Ll}+)?\\h*(?:[.\\n]|$)",
                           Regex::kNone);
  return names.Find(s).has_value();
}

// Front page, attendance list and signature block: each label's content is the text up to the
// next label. A label with no name after it (a signature block printed as columns: "Sekreterare
// Ordförande Justerande Gunilla Nyström Karl-Johan Adolfsson Jörn Okan Tobias Eriksson") waits
// for the names that follow, one each in order.
std::vector<Person> NamesAlone(const Paged& pg, size_t from, size_t to, bool allow_single);
size_t LeadingNames(const Paged& pg, size_t from, size_t to);

void ReadLabelled(const Paged& pg, size_t begin, size_t end, Attendance& a, std::vector<Person>& present, bool first_only,
                  std::vector<Person>* keepers = nullptr, std::vector<Person>* signed_adjusters = nullptr) {
  const std::vector<LabelHit> labels = FindLabels(pg, begin, end);
  std::vector<LabelKind> pending;
  auto assign = [&](LabelKind kind, Person p) {
    switch (kind) {
      case LabelKind::kChair:
        p.role = "ordförande";
        if (!a.chair) a.chair = p;
        break;
      case LabelKind::kSecretary:
        if (p.role.empty() || p.role == "övrig" || p.role == "ledamot") p.role = "sekreterare";
        if (!a.secretary) a.secretary = p;
        break;
      case LabelKind::kAdjusters:
        AddAdjuster(a, p);
        if (signed_adjusters) signed_adjusters->push_back(p);
        if (p.role.empty()) p.role = "ledamot";
        break;
      default:
        break;
    }
    MergeInto(present, p);
  };
  // A signature block whose captions stand under the names, read as text "Name Caption": "Thorgny
  // Karlsson Sekreterare Justering. Kurt Lundström …". Known by its first officer's caption: a
  // name right before it on its line (or the signature line above it), and no name right after
  // it. Each caption then takes the name before it, not the one after.
  auto is_officer = [](LabelKind k) { return k == LabelKind::kChair || k == LabelKind::kSecretary || k == LabelKind::kAdjusters; };
  const std::string_view text = pg.text();
  // A row of captions alone under a row of names alone, as many of each ("Bengt Ljungberg
  // Roger Nilsson" over "Ordförande Sekreterare"): the caption's name is the one above it in
  // the same place.
  auto caption_row_name = [&](size_t i) -> std::optional<Person> {
    size_t ls = labels[i].begin == 0 ? std::string_view::npos : text.rfind('\n', labels[i].begin - 1);
    ls = ls == std::string_view::npos ? 0 : ls + 1;
    size_t le = text.find('\n', labels[i].end);
    if (le == std::string_view::npos) le = text.size();
    if (ls < begin + 2 || le > end) return std::nullopt;
    size_t index = 0, count = 0, at = ls;
    for (size_t j = 0; j < labels.size(); ++j) {
      if (labels[j].begin < ls || labels[j].begin >= le) continue;
      if (!is_officer(labels[j].kind)) return std::nullopt;
      if (text.substr(at, labels[j].begin - at).find_first_not_of(" \t:.,/") != std::string_view::npos) return std::nullopt;
      if (j == i) index = count;
      ++count;
      at = labels[j].end;
    }
    if (count == 0 || text.substr(at, le - at).find_first_not_of(" \t:.,/") != std::string_view::npos) return std::nullopt;
    size_t above = text.rfind('\n', ls - 2);
    above = above == std::string_view::npos ? 0 : above + 1;
    if (above < begin) return std::nullopt;
    for (const LabelHit& l : labels)
      if (l.begin >= above && l.begin < ls) return std::nullopt;
    ParseOptions opt;
    std::vector<Span> spans;
    opt.spans = &spans;
    std::vector<Person> ps = PersonsIn(pg, above, ls - 1, opt, false);
    if (ps.size() != count || spans.size() != count) return std::nullopt;
    size_t gap_from = above;
    for (const Span& sp : spans) {
      if (text.substr(gap_from, sp.begin - gap_from).find_first_not_of(" \t,/") != std::string_view::npos) return std::nullopt;
      gap_from = sp.end;
    }
    if (text.substr(gap_from, ls - 1 - gap_from).find_first_not_of(" \t,./") != std::string_view::npos) return std::nullopt;
    return ps[index];
  };
  auto name_before = [&](size_t i) -> std::optional<Person> {
    const size_t from = i > 0 ? labels[i - 1].end : begin;
    if (labels[i].begin <= from) return std::nullopt;
    size_t line = text.rfind('\n', labels[i].begin - 1);
    line = line == std::string_view::npos ? 0 : line + 1;
    if (std::optional<Person> p = caption_row_name(i)) return p;
    if (line >= labels[i].begin || Trim(text.substr(line, labels[i].begin - line)).empty()) {
      // The caption begins its line: the signature on the line above, "/L; P; Åkerman/".
      if (line < 2) return std::nullopt;
      size_t above = text.rfind('\n', line - 2);
      above = above == std::string_view::npos ? 0 : above + 1;
      const std::string_view sig = Trim(text.substr(above, line - 1 - above));
      if (sig.size() < 3 || sig.front() != '/' || sig.back() != '/') return std::nullopt;
      line = above;
    }
    ParseOptions opt;
    std::vector<Span> spans;
    opt.spans = &spans;
    std::vector<Person> ps = PersonsIn(pg, std::max(line, from), labels[i].begin, opt, true);
    if (ps.empty() || spans.size() != ps.size()) return std::nullopt;
    const std::string_view gap = text.substr(spans.back().end, labels[i].begin - spans.back().end);
    if (gap.find_first_not_of(" \t\n/.,") != std::string_view::npos) return std::nullopt;
    return ps.back();
  };
  bool captions_after = false;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (!is_officer(labels[i].kind)) continue;
    if (i > 0 && (labels[i - 1].kind == LabelKind::kKeeper || is_officer(labels[i - 1].kind))) break;
    if (!name_before(i)) break;
    size_t eol = text.find('\n', labels[i].end);
    if (eol == std::string_view::npos || eol > end) eol = end;
    const size_t next = i + 1 < labels.size() ? std::min(eol, labels[i + 1].begin) : eol;
    ParseOptions opt;
    std::vector<Span> spans;
    opt.spans = &spans;
    std::vector<Person> after = PersonsIn(pg, labels[i].end, next, opt, true);
    captions_after = after.empty() || (spans.size() == after.size() &&
                                       text.substr(labels[i].end, spans.front().begin - labels[i].end).find_first_not_of(" \t:") !=
                                           std::string_view::npos);
    break;
  }
  for (size_t i = 0; i < labels.size(); ++i) {
    const LabelHit& l = labels[i];
    size_t content_end = i + 1 < labels.size() ? labels[i + 1].begin : end;
    if (captions_after && is_officer(l.kind)) {
      // (A caption with no name above it heads its names as usual: "Justeradt." over signatures.)
      if (std::optional<Person> p = name_before(i)) {
        assign(l.kind, *p);
        continue;
      }
    }
    // "Närvarande var …" is a sentence: its names end with it.
    if (Lower(std::string_view(pg.text()).substr(l.begin, l.end - l.begin)).find(" var") != std::string::npos) {
      for (size_t k = l.end; k + 1 < content_end; ++k) {
        const char c = pg.text()[k];
        if (c == '.' && (pg.text()[k + 1] == ' ' || pg.text()[k + 1] == '\n') && !EndsWithInitialOrAbbreviation(std::string_view(pg.text()).substr(l.end, k - l.end))) {
          content_end = k + 1;
          break;
        }
      }
    }
    const std::string_view content = std::string_view(pg.text()).substr(l.end, content_end - l.end);
    ParseOptions opt;
    switch (l.kind) {
      case LabelKind::kMembers: opt.default_role = "ledamot"; break;
      case LabelKind::kServing: opt.default_role = "tjänstgörande ersättare"; break;
      case LabelKind::kDeputies: opt.default_role = "ersättare"; break;
      case LabelKind::kOthers: opt.default_role = "övrig"; break;
      default: break;
    }
    if (l.kind == LabelKind::kAbsent) continue;
    if (l.kind == LabelKind::kKeeper) {
      // A collective formula before it, in the first person plural ("Med denna öfverenskommelse
      // förklara vi oss alla nöjda som med våra namn försäkrar. Slyte by som ofvan" over the
      // village's signatures): everyone signing under it took part, not one keeper.
      static const Regex collective("(?:\\bv[åa]ra\\s+namn|\\bw[åa]ra\\s+namn|\\bvi\\s+undertecknade)\\b");
      const size_t back = l.begin > 300 ? l.begin - 300 : 0;  // (the formula may stand before the block read)
      if (collective.Find(std::string_view(pg.text()).substr(back, l.begin - back))) {
        opt.default_role = "ledamot";
        for (const Person& p : PersonsIn(pg, l.end, content_end, opt, true)) MergeInto(present, p);
        pending.clear();
        continue;
      }
      // The signature right under the formula, one name ("Som ofvan" / "/ A Svedin /").
      const std::vector<Person> signer = PersonsIn(pg, l.end, content_end, opt, true);
      if (keepers && !signer.empty()) keepers->push_back(signer.front());
      pending.clear();
      continue;
    }
    if (l.kind == LabelKind::kStop) {
      // The place and time of the adjusting under a waiting adjusters' heading: the signatures
      // follow the date ("… onsdagen den , kl Jan-Anders Öström Susann Fagerström").
      static const Regex place_time("^(?:Ort och tid|Plats och tid|Tid och plats)$", Regex::kNone);
      if (!pending.empty() && pending.front() == LabelKind::kAdjusters && i > 0 &&
          text.substr(labels[i - 1].begin, labels[i - 1].end - labels[i - 1].begin) == "Protokolljustering" &&
          place_time.FullMatch(text.substr(l.begin, l.end - l.begin))) {
        for (const Person& p : PersonsIn(pg, l.end, content_end, opt, true)) assign(LabelKind::kAdjusters, p);
        pending.clear();
        continue;
      }
      static const Regex letters("\\p{L}{2,}");
      if (letters.Find(content)) pending.clear();
      // A list of members with their parties whose label the page lost ("Underskrift … 1" / "2
      // Sida ande Reidun Lorentzon (KD), ordförande Louise Marklund (M) …", "Beslutande" cut to
      // "ande"): three or more "Name (Party)" are the members who decide.
      if (l.kind == LabelKind::kStop) {
        ParseOptions members;
        members.default_role = "ledamot";
        std::vector<Person> ps = PersonsIn(pg, l.end, content_end, members, true);
        const size_t with_party = static_cast<size_t>(std::count_if(ps.begin(), ps.end(), [](const Person& p) { return !p.party.empty(); }));
        if (with_party >= 3) {
          auto first = std::find_if(ps.begin(), ps.end(), [](const Person& p) { return !p.party.empty(); });
          for (auto it = first; it != ps.end(); ++it) {
            if (it->role == "ordförande" && !a.chair) a.chair = *it;
            MergeInto(present, *it);
          }
        }
      }
      continue;
    }
    // "Närvarande: H:rr C.A.Andersson, C.J.Andersson, Ståhle, Frigge, …": after the plural title a
    // list's members are persons, a surname alone among them.
    static const Regex gentlemen("^[\\h\\n:,]*(?:herrar|h:rr|hrr|hr:r)(?!\\p{L})");
    if (gentlemen.Find(Lower(content))) opt.allow_single = true;
    // "Närvarande: Micaela, Karola, Johan, Pia, Mona, Stefan": first names alone, each a person.
    if ((l.kind == LabelKind::kMembers || l.kind == LabelKind::kOthers) && FirstNamesList(content)) opt.allow_single = true;
    // A roster whose presence column lost its marks ("Ersättare Närv Ewa Arvidsson (s) Birgitta
    // Johansson (s) …", a närvarolista read as text): it names the members, not who came. With
    // its marks ("x") it is read as a list.
    static const Regex marks_column("^[\\h\\n:]*närv(?:aro)?\\.?(?!\\p{L})");
    static const Regex mark("(?<![\\p{L}\\d])[xX✓✔](?![\\p{L}\\d])", Regex::kNone);
    if ((l.kind == LabelKind::kMembers || l.kind == LabelKind::kDeputies || l.kind == LabelKind::kServing) &&
        marks_column.Find(Lower(content)) && !mark.Find(content)) {
      // Its parties still name the members' parties where they are named elsewhere: kept as
      // "listed", which no present list shows.
      for (Person& p : PersonsIn(pg, l.end, content_end, opt, true)) {
        p.role = "listad";
        MergeInto(present, p);
      }
      continue;
    }
    // "Närvarande samtliga ledamöter …", "Närvarande samtl. Herrar Ledamöter med undantag af …":
    // everyone, unnamed; the names that follow are the exceptions (an absence label's).
    if (l.kind == LabelKind::kMembers) {
      static const Regex everyone("^[\\h\\n:,]*(?:samtl\\p{L}*\\.?|alla)(?!\\p{L})");
      if (everyone.Find(Lower(content))) continue;
    }
    std::vector<Person> persons;
    if (l.kind == LabelKind::kAdjusters && text.substr(l.begin, 9) == "Justerat ") {
      // The day's signatures under their date are the names right after it, up to the first
      // other word ("… Sven-Erik Köhlin Anf. 1-7 Ordföranden, 1:e och 2:e vice ordföranden …").
      std::vector<Span> spans;
      opt.spans = &spans;
      std::vector<Person> all = PersonsIn(pg, l.end, content_end, opt, true);
      opt.spans = nullptr;
      size_t gap = l.end;
      for (size_t k = 0; k < all.size() && k < spans.size(); ++k) {
        if (text.substr(gap, spans[k].begin - gap).find_first_not_of(" \t\n,/") != std::string_view::npos) break;
        gap = spans[k].end;
      }
      // (Read again up to there: what follows lends them no role.)
      if (gap > l.end) persons = PersonsIn(pg, l.end, gap, opt, true);
    } else {
      std::vector<Span> spans;
      opt.spans = &spans;
      persons = PersonsIn(pg, l.end, content_end, opt, true);
      opt.spans = nullptr;
      if (l.kind == LabelKind::kMembers || l.kind == LabelKind::kDeputies || l.kind == LabelKind::kServing ||
          l.kind == LabelKind::kOthers)
        DropMarkedAbsent(text, spans, l.end, content_end, persons);
    }
    if (l.kind == LabelKind::kParagraphs) {
      // "Paragrafer 76-86 Jonas Fredriksson": the numbers are the label's; a name after them
      // belongs to a label waiting for one.
      for (Person& p : persons)
        if (!pending.empty()) assign(pending.front(), p), pending.erase(pending.begin());
      continue;
    }
    if (persons.empty()) {
      static const Regex words("\\p{L}{3,}");
      // A heading with nothing after it ("Närvarande" over "Beslutande: …") waits for nothing; a
      // signature column's label waits for its name.
      const bool officer = l.kind == LabelKind::kChair || l.kind == LabelKind::kSecretary || l.kind == LabelKind::kAdjusters;
      if (!words.Find(content) && officer) pending.push_back(l.kind);
      continue;
    }
    // Two headings stacked over one column of names — "Övriga deltagande Utses att justera Roland
    // Bång … Stefan Strindholm … Rickard Norberg": the adjusters are the members among them (a
    // protocol's adjusters are chosen from those who decide), the others the officials.
    if (l.kind == LabelKind::kAdjusters && i > 0 && labels[i - 1].kind == LabelKind::kOthers &&
        Trim(text.substr(labels[i - 1].end, l.begin - labels[i - 1].end)).empty()) {
      auto member = [&](const Person& p) {
        for (const Person& q : present)
          if (NameKey(q.name) == NameKey(p.name))
            return q.role == "ledamot" || q.role == "ordförande" || q.role == "vice ordförande" || q.role == "tjänstgörande ersättare";
        return false;
      };
      if (std::any_of(persons.begin(), persons.end(), member) && !std::all_of(persons.begin(), persons.end(), member)) {
        for (Person& p : persons) {
          if (member(p)) {
            assign(LabelKind::kAdjusters, p);
          } else {
            p.role = "övrig";
            MergeInto(present, p);
          }
        }
        continue;
      }
    }
    size_t k = 0;
    while (!pending.empty() && k < persons.size()) {
      assign(pending.front(), persons[k++]);
      pending.erase(pending.begin());
    }
    // A chair's or secretary's caption over two to four names and nothing else is a presidium's,
    // taking turns ("FÖRSTA SESSIONEN Ordf: Anna Carlstedt Pia Magnusson Anders Häregård Sekr:
    // Mikaela Bexar Magnus Molin"): all hold the office, the first is the meeting's.
    const bool officer_caption = l.kind == LabelKind::kChair || l.kind == LabelKind::kSecretary;
    const size_t leading = officer_caption && !first_only && k == 0 ? LeadingNames(pg, l.end, content_end) : 0;
    const bool presidium = leading >= 2 && leading <= 4 && leading <= persons.size();
    const bool single = (officer_caption && !presidium) || first_only;
    for (size_t n = 0; k < persons.size() && (!single || n < 1) && (!presidium || n < leading); ++k, ++n) {
      Person& p = persons[k];
      if (presidium && n > 0) {
        p.role = l.kind == LabelKind::kChair ? "ordförande" : "sekreterare";
        MergeInto(present, p);
        continue;
      }
      if (l.kind == LabelKind::kChair || l.kind == LabelKind::kSecretary || l.kind == LabelKind::kAdjusters) {
        // Under the adjusting's heading the meeting's chair and secretary sign with their office
        // after the name ("Protokolljustering Tony Asumaa, mötesordförande Erik Brunström,
        // mötessekreterare Viveka Eriksson, justerare …").
        if (l.kind == LabelKind::kAdjusters && p.role == "ordförande") assign(LabelKind::kChair, p);
        else if (l.kind == LabelKind::kAdjusters && p.role == "sekreterare") assign(LabelKind::kSecretary, p);
        else assign(l.kind, p);
      } else {
        // Among the officials an officer's role is their office elsewhere ("Backlund Harry,
        // fullmäktiges ordf."): they attend, they do not chair.
        if (l.kind == LabelKind::kOthers && (p.role == "ordförande" || p.role == "vice ordförande" || p.role == "ledamot")) {
          if (p.title.empty()) p.title = p.role;
          p.role = "övrig";
        }
        // A list's own annotations name the chair and the secretary ("Catarina Engström (MP)
        // Ordförande", "Brittmarie Sandahl, sekr") unless a label named one before.
        if (p.role == "ordförande" && !a.chair) a.chair = p;
        if (p.role == "sekreterare" && !a.secretary) a.secretary = p;
        MergeInto(present, p);
      }
    }
  }
}

// What may stand between names listed alone: commas, "och", "samt" (and, with `stops`, full stops).
const Regex& Joint(bool stops) {
  static const Regex with_stops("^[\\s,.]*(?:(?:och|samt)[\\s,.]*)?$", Regex::kNone);
  static const Regex without("^[\\s,]*(?:(?:och|samt)[\\s,]*)?$", Regex::kNone);
  return stops ? with_stops : without;
}

// The persons [from, to) names, and how many of them it begins with, nothing but commas, "och"
// and "samt" (and, with `stops`, full stops) before and between them; *rest: where the text after
// the last of those begins.
size_t JoinedNames(const Paged& pg, size_t from, size_t to, bool allow_single, bool stops, std::vector<Person>* ps,
                   size_t* rest) {
  ParseOptions opt;
  std::vector<Span> spans;
  opt.spans = &spans;
  opt.allow_single = allow_single;
  *ps = PersonsIn(pg, from, to, opt, false);
  *rest = from;
  if (ps->empty() || spans.size() != ps->size()) return 0;
  size_t n = 0;
  for (; n < spans.size(); ++n) {
    if (!Joint(stops).FullMatch(std::string_view(pg.text()).substr(*rest, spans[n].begin - *rest))) break;
    *rest = spans[n].end;
  }
  return n;
}

// The persons [from, to) names when it names them alone — nothing but commas, full stops, "och"
// and "samt" between and around them ("Ida och Sandra", "Rune Underskog."); none otherwise.
std::vector<Person> NamesAlone(const Paged& pg, size_t from, size_t to, bool allow_single) {
  std::vector<Person> ps;
  size_t rest = from;
  if (JoinedNames(pg, from, to, allow_single, true, &ps, &rest) != ps.size() || ps.empty() ||
      !Joint(true).FullMatch(std::string_view(pg.text()).substr(rest, to - rest)))
    return {};
  return ps;
}

// How many names [from, to) begins with, nothing but commas, "och" and "samt" between them
// ("Mikaela Bexar Magnus Molin 1 Bilaga 1 …": two).
size_t LeadingNames(const Paged& pg, size_t from, size_t to) {
  std::vector<Person> ps;
  size_t rest = from;
  return JoinedNames(pg, from, to, false, false, &ps, &rest);
}

// Those an election's answer names for the office a word names ("Ordförande", "sekreterare",
// "Protokollförare", "justeringsmän"): the adjusters, or one chair or secretary where none is
// named yet.
void Elect(std::string_view office_word, std::vector<Person> ps, Attendance& a, std::vector<Person>& present) {
  const std::string office = Lower(office_word);
  if (office.find("ordf") != std::string::npos && ps.size() == 1) {
    ps.front().role = "ordförande";
    if (!a.chair) a.chair = ps.front();
    MergeInto(present, ps.front());
  } else if ((office.find("sekr") != std::string::npos || office.find("protokollf") != std::string::npos) && ps.size() == 1) {
    ps.front().role = "sekreterare";
    if (!a.secretary) a.secretary = ps.front();
    MergeInto(present, ps.front());
  } else if (office.find("just") != std::string::npos) {
    for (const Person& p : ps) {
      AddAdjuster(a, p);
      MergeInto(present, p);
    }
  }
}

// The meeting's chair and secretary as associations' and old minutes' items elect them, in the
// forms the sentences above do not cover: the office as a compound or with the meeting after it
// ("Till årsmötesordförande valdes …", "Till sekreterare vid årsmötet valdes …"), a second office
// with its verb left out ("Till mötesordförande valdes A och till dess sekreterare B", "…, till
// sekreterare B"), the name between verb and office ("Beslutas att välja A till kvällens
// sekreterare", "att till sekreterare välja A"), "som" ("valdes som ordförande A, som sekreterare
// B"), and the item that is its own answer ("Val av sekreterare för mötet: A.", "Val av
// justerare: A och B").
void ReadOfficeElections(const Paged& pg, const Span& s, Attendance& a, std::vector<Person>& present) {
#define PROTOKOLL_OFFICE "(?:(?:års)?(?:mötes|stämmo)|dess\\s+|mötets\\s+|dagens\\s+|kvällens\\s+)?(vice\\s*ordförande|ordförande|sekreterare|protokollförare|ordf\\.?|sekr\\.?)"
#define PROTOKOLL_OFFICE_FOR "(?:\\s+(?:för|vid|under)\\s+(?:dagens\\s+|detta\\s+|det\\s+)?\\p{Ll}+)?"
  static const Regex elects("\\b(?:valdes|utsågs|utsågos|utses|väljs|välja|välj|valde|väljer|utsåg|utser|utsedd|utsedda|valda|vald|konstituerade)\\b");
  // "Som sekreterare för mötet utsågs A", as "Till sekreterare … valdes A".
  static const Regex till_office("(?<!\\p{L})(?:[Tt]ill|[Ss]om)\\s+" PROTOKOLL_OFFICE PROTOKOLL_OFFICE_FOR
                                 "\\s+(?:(?:valdes|utsågs|utses|väljs|välja|valde\\s+mötet|valdes\\s+enhälligt)\\s+)?(?=(?:\\p{Ll}{2,6}\\.\\s*){0,3}\\p{Lu})", Regex::kNone);
  static const Regex choose_to("\\bvälja\\s+((?:(?!\\btill\\b)[^,;]){3,60}?)\\s+till\\s+" PROTOKOLL_OFFICE "\\b");
  static const Regex as_office("\\bsom\\s+" PROTOKOLL_OFFICE "\\s+(?=\\p{Lu})", Regex::kNone);
  static const Regex item_answer("(?<!\\p{L})[Vv]al\\s+av\\s+" PROTOKOLL_OFFICE PROTOKOLL_OFFICE_FOR "\\s*:\\s*(?=\\p{Lu})", Regex::kNone);
  static const Regex item_adjusters(
      "(?:(?<!\\p{L})[Vv]al\\s+av\\s+(?:två\\s+|2\\s+)?(?:protokolls?)?juster(?:are|ingsmän|ingspersoner)[^:.]{0,60}|"
      "^\\s*(?:\\d{1,2}\\.?\\s+)?(?:[Pp]rotokolls?)?[Jj]uster(?:are|ingsmän|ingspersoner))"
      "(?:,?\\s+(?:och|tillika)\\s+rösträknare)?\\s*(?::|\\s[–—-])\\s*(?=\\p{Lu})", Regex::kNone);
  // "Beslutas att välja Peter Persson att jämte ordförande justera protokollet", "att till
  // justerare, tillika rösträknare, att jämte ordföranden justera protokollet, välja A och B".
  static const Regex choose_adjusters("\\bvälja\\s+((?:(?!\\batt\\b)[^.;]){3,80}?)\\s+att\\s+(?:jämte\\s+\\S+\\s+)?justera\\b");
  static const Regex adjusters_chosen("\\btill\\s+(?:protokolls?)?justerare\\b[^.;]{0,90}?\\bvälja\\s+");
  // "… samt justeringsmän Sture Johnsson och Stig Gustavsson" (the verb left out, as above).
  static const Regex and_adjusters("\\b(?:samt|och)\\s+(?:till\\s+)?(?:protokolls?)?juster(?:ingsmän|are)\\s+(?=\\p{Lu}\\p{Ll})", Regex::kNone);
  // "Val av justeringsmän, tillika rösträknare Annie Johansson och Steen Andersen valdes."
  static const Regex heading_then_valdes(
      "^\\s*(?:§\\s*\\d+\\s*)?[Vv]al\\s+av\\s+(?:två\\s+)?(?:protokolls?)?juster(?:ingsmän|are)(?:,?\\s+(?:och|tillika)\\s+rösträknare)?\\s+"
      "(\\p{Lu}[^.;:]{2,80}?)\\s+(?:valdes|utsågs|väljs)\\s*\\.?\\s*$", Regex::kNone);
#undef PROTOKOLL_OFFICE
#undef PROTOKOLL_OFFICE_FOR
  const std::string_view text = SpanText(pg, s);
  // The office an office word names: "ordförande", "ordf." the chair; the others the secretary.
  // (The meeting's vice chair, elected with them: "till viceordförande Johan Kylander".)
  auto office_of = [](std::string_view word) -> std::string {
    const std::string w = Lower(word);
    return w.rfind("vice", 0) == 0 ? "vice ordförande" : w.rfind("ordf", 0) == 0 ? "ordförande" : "sekreterare";
  };
  bool meeting_vice = false;  // set below, once the sentence's offices are known
  auto take = [&](const std::string& office, size_t from, size_t to) {
    ParseOptions opt;
    opt.known = &present;
    std::vector<Person> ps = PersonsIn(pg, from, to, opt, false);
    if (ps.empty()) return;
    Person p = ps.front();
    if (office == "vice ordförande") {
      p.role = office;
      if (meeting_vice) MergeInto(present, p);  // (a board's, "på 2 år", is no one present)
      return;
    }
    const bool chair = office == "ordförande";
    p.role = chair ? "ordförande" : "sekreterare";
    (chair ? a.chair : a.secretary) = p;  // elected for this meeting: over the board's officer
    MergeInto(present, p);
  };
  // Each office's name runs to the next office named in the sentence.
  std::vector<std::pair<size_t, size_t>> offices;  // (begin, end) of each office phrase
  std::vector<std::string> kinds;
  auto note = [&](const Match& m, int group) {
    offices.push_back({m.Begin(), m.End()});
    kinds.push_back(office_of(m.Group(group)));
  };
  // A sentence that goes on from an election with its verb left out: "Till ordförande för mötet
  // valdes Sven-Johan Svensson. Till sekreterare Arne Hall samt justeringsmän …".
  static const Regex verbless("^\\s*Till\\s+(sekreterare|protokollförare|ordförande)\\s+(?=\\p{Lu}\\p{Ll})", Regex::kNone);
  if (auto answer = item_answer.Find(text)) {
    note(*answer, 1);
  } else if (auto v = verbless.Find(text); v && !elects.Find(text)) {
    note(*v, 1);
  } else if (elects.Find(text)) {
    for (const Match& m : till_office.FindAll(text)) note(m, 1);
    for (const Match& m : as_office.FindAll(text)) note(m, 1);
  }
  // A vice chair is the meeting's when the sentence elects its chair or secretary too.
  meeting_vice = std::any_of(kinds.begin(), kinds.end(), [](const std::string& k) { return k != "vice ordförande"; });
  std::vector<size_t> order(offices.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return offices[x].first < offices[y].first; });
  for (size_t k = 0; k < order.size(); ++k) {
    const size_t i = order[k];
    const size_t to = k + 1 < order.size() ? offices[order[k + 1]].first : text.size();
    if (to > offices[i].second) take(kinds[i], s.begin + offices[i].second, s.begin + to);
  }
  // Chosen "to keep the minutes": "Mötet valde Thomas Possling att föra protokollet", "X valdes
  // att föra dagens protokoll".
  static const Regex keeps_after("\\b(?:valde|utsåg|valdes|utsågs|utses|väljs)\\s+(\\p{Lu}[^.,;]{2,60}?)\\s+(?:till\\s+)?att\\s+föra\\s+"
                                 "(?:dagens\\s+|mötets\\s+|stämmans\\s+)?protokoll(?:et)?\\b", Regex::kNone);
  static const Regex keeps_before("(\\p{Lu}[\\p{L}.'’-]*(?:\\s+\\p{Lu}[\\p{L}.'’-]*){1,3})\\s+(?:valdes|utsågs|utses|väljs)\\s+(?:till\\s+)?att\\s+"
                                  "föra\\s+(?:dagens\\s+|mötets\\s+|stämmans\\s+)?protokoll(?:et)?\\b", Regex::kNone);
  if (auto k = keeps_after.Find(text)) take("sekreterare", s.begin + k->Begin(1), s.begin + k->End(1));
  else if (auto b = keeps_before.Find(text)) take("sekreterare", s.begin + b->Begin(1), s.begin + b->End(1));
  if (auto m = choose_to.Find(text)) {
    take(office_of(m->Group(2)), s.begin + m->Begin(1), s.begin + m->End(1));
  } else if (elects.Find(text)) {
    // The name before its office: "Mötet valde Gerd Vading som ordförande och Iréne Holmgren som
    // sekreterare", "Styrelsen konstituerade sig med Tuve Törnqvist som ordförande", "… och Marie
    // Hegnelius till dess sekreterare".
    static const Regex name_as("(\\p{Lu}[\\p{L}.'’-]*(?:\\s+\\p{Lu}[\\p{L}.'’-]*){1,3})\\s+(?:som|till)\\s+"
                               "(?:(?:års)?(?:mötes|stämmo)|dess\\s+|mötets\\s+|kvällens\\s+)?(ordförande|sekreterare|protokollförare)\\b",
                               Regex::kNone);
    // (The election's own subject, "Mötet", "Styrelsen", is no name: PersonsIn decides.)
    for (const Match& pair : name_as.FindAll(text))
      take(office_of(pair.Group(2)), s.begin + pair.Begin(1), s.begin + pair.End(1));
  }
  std::vector<Person> adjusters;
  ParseOptions opt;
  if (auto m = item_adjusters.Find(text)) {
    // The answer of first names alone ("2. Val av justerare – Ida och Sandra"): each a person.
    static const Regex first_names("^\\s*\\p{Lu}\\p{Ll}+(?:\\s*(?:,|och)\\s*\\p{Lu}\\p{Ll}+)*\\s*\\.?\\s*$", Regex::kNone);
    opt.allow_single = first_names.FullMatch(text.substr(m->End())).has_value();
    adjusters = PersonsIn(pg, s.begin + m->End(), s.end, opt, false);
  }
  else if (auto c = choose_adjusters.Find(text)) adjusters = PersonsIn(pg, s.begin + c->Begin(1), s.begin + c->End(1), opt, false);
  else if (auto t = adjusters_chosen.Find(text)) adjusters = PersonsIn(pg, s.begin + t->End(), s.end, opt, false);
  else if (auto h = heading_then_valdes.Find(text)) adjusters = PersonsIn(pg, s.begin + h->Begin(1), s.begin + h->End(1), opt, false);
  else if (auto n = and_adjusters.Find(text); n && !elects.Find(text.substr(n->End())))
    adjusters = PersonsIn(pg, s.begin + n->End(), s.end, opt, false);
  for (const Person& p : adjusters) {
    AddAdjuster(a, p);
    MergeInto(present, p);
  }
}

// A roll call in an item: "Företogs upprop hvarvid följande personer voro närvarande: A, B …",
// "Vid sammanträdet antecknade sig följande medlemmar: …", "Närvarande voro: …" — the list after
// the colon, to the paragraph's end (an editor's bracketed note before the colon is passed over).
void ReadRollCall(const Paged& pg, std::vector<Person>& present) {
  static const Regex roll(
      "(?:\\b(?:voro|woro|var|äro|är)\\s+(?:närvarande|närwarande|tillstädes)|\\bföljande\\s+(?:\\p{L}+\\s+)?(?:närvoro|antecknade\\s+sig|deltogo|infunno\\s+sig))"
      "(?:\\s*\\[[^\\]]{0,120}\\])?\\s*:\\s*");
  const std::string_view all = pg.text();
  for (const Match& m : roll.FindAll(all)) {
    const size_t from = m.End();
    size_t to = all.find("\n\n", from);
    if (to == std::string_view::npos) to = all.size();
    ParseOptions opt;
    opt.default_role = "ledamot";
    opt.allow_single = FirstNamesList(all.substr(from, to - from));
    for (Person& p : PersonsIn(pg, from, to, opt, false)) MergeInto(present, p);
  }
  // Deputies called in to serve, in the roll call's item: "Suppleanterna Inge Rydh, Tony Blom …
  // samt Gudrun Persson har inkallats för tjänstgöring" (Kumla kommunfullmäktige) — present,
  // serving.
  static const Regex called(
      "\\b(?:[Ss]uppleant(?:en|erna)?|[Ee]rsättar(?:en|na|e)?|[Tt]jänstgörande\\s+ersättar\\p{L}*)\\s+"
      "([^.]{3,600}?)\\s+(?:har|hade)\\s+(?:blivit\\s+)?(?:inkallats|inkallade|kallats\\s+in)\\b",
      Regex::kNone);
  for (const Match& m : called.FindAll(all)) {
    ParseOptions opt;
    opt.default_role = "tjänstgörande ersättare";
    for (Person& p : PersonsIn(pg, m.Begin(1), m.End(1), opt, false)) MergeInto(present, p);
  }
  // A heading with a colon in an item's text: "1. Mötet öppnades av Erik Geber.Deltagare: Erik
  // Geber, Marianne Lindberg, … och Martin Gripenberg" — the list to its sentence's end.
  static const Regex heading("(?<![\\p{L}])(?:Deltagare|Deltagande|Närvarande)\\h*:\\h*", Regex::kNone);
  for (const Match& m : heading.FindAll(all)) {
    const size_t from = m.End();
    size_t to = all.find("\n\n", from);
    if (to == std::string_view::npos) to = all.size();
    for (size_t k = from; k + 1 < to; ++k)
      if (all[k] == '.' && (all[k + 1] == ' ' || all[k + 1] == '\n') && !EndsWithInitialOrAbbreviation(all.substr(from, k - from))) {
        to = k;
        break;
      }
    // (Or to the next label: "… Protokollet distribueras till …", "Frånvarande: …".)
    const std::vector<LabelHit> labels = FindLabels(pg, from, to);
    if (!labels.empty()) to = labels.front().begin;
    ParseOptions opt;
    opt.default_role = "ledamot";
    opt.allow_single = FirstNamesList(all.substr(from, to - from));
    for (Person& p : PersonsIn(pg, from, to, opt, false)) MergeInto(present, p);
  }
}

// Sentences of the items that name the meeting's officers: "Till protokolljusterare utsågs
// Carola Juselius och Ann-Britt Gustafsson", "Kersti Py Börjeson (s) och Ulf Fridebäck (fp)
// utsågs att jämte ordföranden Bo Bladholm (m) justera …", "Monica Joby (M) justerar
// protokollet", "Till ordförande för mötet valdes Gustav Strömberg", "Närvarande var …".
void ReadElections(const Paged& pg, const std::vector<Span>& sentences, Attendance& a, std::vector<Person>& present,
                   std::optional<Person>& prose_chair) {
  static const Regex adj_after(
      "\\b(?:justera|justerare|protokolls?justerare|justeringsm[aä]n|justeringsman|att\\s+justera\\s+protokollet)\\b(?:[^.]|(?<=ordf)\\.){0,70}?"
      "\\b(?:utses|utsågs|utsågos|utsagos|utsåg|valdes|väljs|väljes|valdes\\s+enhälligt|utsågs\\s+enhälligt)\\s+(?:enhälligt\\s+)?");
  static const Regex adj_before(
      "\\b(?:utses|utsågs|utsågos|utsagos|valdes|väljs|väljes|utsåg)\\s+(?:enhälligt\\s+)?(?:till\\s+att\\s+|att\\s+|till\\s+|som\\s+)"
      "(?:(?:jämte|tillsammans\\s+med)\\s+[^.]{0,50}?\\s+)?"
      "(?:justera|justerare|justeringsman|justeringsmän|protokolls?justerare)\\b");
  // (Old minutes put the passive verb first: "Utsågos Herrar Rydberg och El. Ericsson att justera
  // protokollet".)
  // (The office in the plural too: "Valdes Claes Hellerström och Birgitta Lindergren till justeringsmän".)
  static const Regex adj_utser("\\b(?:utser|utse|[Uu]tsågos|[Uu]tsågs|[Uu]tses|[Vv]aldes)\\s+(.{3,120}?)\\s+(?:att\\s+)?(?:jämte\\s+ordf\\S*\\s+)?"
                               "(?:justera|till\\s+(?:protokolls?)?justerare|till\\s+justeringsm[aä]n|till\\s+justeringspersoner)\\b");
  static const Regex adj_valdes_till("\\b(?:valdes|utsågs|valde|utsåg|väljer)\\s+(.{3,60}?)\\s+till\\s+"
                                     "(?:justerare|justeringsm[aä]n|justeringspersoner|protokolls?justerare)\\b");
  static const Regex adj_justerar("^(.{3,120}?)\\s+justerar\\s+(?:dagens\\s+)?protokollet\\b");
  static const Regex with_chair("\\bjämte\\s+ordföranden\\s+(\\p{Lu}[^.,]{2,60}?)\\s+(?:justera|att\\s+justera)\\b", Regex::kNone);
  // (The meeting's office in the genitive too: "Till bolagsstämmans ordförande valdes advokat Manne
  // Airaksinen", "till mötets sekreterare" — not the association's or the board's, which elect a
  // board's officer.)
  static const Regex chair_elected("\\btill\\s+(?:(?:\\p{Ll}*stämmans|\\p{Ll}*mötets|sammanträdets|dagens|kvällens)\\s+)?(?:ordförande|mötesordförande)\\s+(?:för\\s+(?:mötet|sammanträdet|stämman|dagen|årsmötet|vårmötet|höstmötet)\\s+)?(?:valdes|utsågs|utses|väljs)\\s+(?:föreningens\\s+\\p{Ll}+\\s+)?");
  static const Regex secretary_elected("\\btill\\s+(?:(?:\\p{Ll}*stämmans|\\p{Ll}*mötets|sammanträdets|dagens|kvällens)\\s+)?(?:sekreterare|protokollförare)\\s+(?:för\\s+(?:mötet|sammanträdet|stämman|dagen|årsmötet|vårmötet|höstmötet)\\s+)?(?:valdes|utsågs|utses|väljs|kallades|kallas)\\s+(?:föreningens\\s+sekreterare\\s+)?");
  static const Regex present_sentence("^\\s*närvarande\\s+(?:var|voro|är)\\b");
  static const Regex chair_prose("(?<![\\p{L}])(?:[Tt]jänstgörande\\s+)?[Oo]rdförande[n]?\\s+(?=\\p{Lu}\\p{Ll})", Regex::kNone);

  auto persons_after = [&](const Span& s, size_t from, bool allow_single) {
    ParseOptions opt;
    opt.allow_single = allow_single;
    opt.known = &present;
    std::vector<Person> ps = PersonsIn(pg, from, s.end, opt, false);
    return ps;
  };
  ReadRollCall(pg, present);
  // An item's heading that elects ("2. Val av justerare", "Val av ordförande för mötet") and, on
  // the next line, its answer of names alone ("– Ida och Sandra"): those elected.
  {
    static const Regex heading("^\\s*(?:§\\s*)?(?:\\d{1,2}[.:)]?\\s+)?[Vv]al\\s+av\\s+(?:två\\s+|2\\s+|en\\s+)?(?:mötes)?"
                               "(ordförande|sekreterare|protokollförare|(?:protokolls?)?juster(?:are|ingsmän|ingspersoner))\\b[^.:]{0,40}$",
                               Regex::kNone);
    // (A sentence is no answer of names alone: "Valdes Berit Lund och Åke Berg" — ReadOfficeElections'.)
    static const Regex answer("^\\s*[–—•*-]?\\s*(?!(?:[Vv]aldes|[Uu]tsågs|[Uu]tses|[Vv]äljs|[Oo]mvaldes|[Ff]öreslogs|[Ff]öreslås|[Bb]eslöts|"
                              "[Bb]eslutades|[Tt]ill|[Ss]om|[Tt]ill)\\b)(\\p{Lu}[^.;:]{1,80}?)\\s*\\.?\\s*$", Regex::kNone);
    static const Regex single_names("^\\p{Lu}\\p{Ll}+(?:\\s*(?:,|och)\\s*\\p{Lu}\\p{Ll}+)*$", Regex::kNone);
    const std::string_view all = pg.text();
    size_t at = 0;
    while (at < all.size()) {
      size_t eol = all.find('\n', at);
      if (eol == std::string_view::npos) eol = all.size();
      const std::string_view line = all.substr(at, eol - at);
      // (Or a point that is its own answer, the office its title: "4. Sekreterare: Bibbi Tränk", typed
      // with a semicolon for the colon too: "5. Protokolljusterare; Titti Rödbro och Anna-Karin Hjälm".)
      static const Regex point("^\\s*(?:§\\s*)?\\d{1,2}[.:)]?\\s+(?:(?:Mötes|Årsmötes)?(?:[Oo]rdförande|[Ss]ekreterare)|Protokollförare|"
                               "(?:Protokolls?)?[Jj]usterare|Justeringsmän)\\s*[;:]\\s*(\\p{Lu}[^.;:]{1,80}?)\\s*\\.?\\s*$",
                               Regex::kNone);
      if (auto p = point.FullMatch(line)) {
        const std::string_view office = Trim(line.substr(0, static_cast<size_t>(p->Begin(1))));
        Elect(std::string(office), NamesAlone(pg, at + p->Begin(1), at + p->End(1), single_names.FullMatch(p->Group(1)).has_value()), a,
              present);
      }
      if (auto h = heading.FullMatch(line); h && eol < all.size()) {
        size_t next = eol + 1;
        size_t next_eol = all.find('\n', next);
        if (next_eol == std::string_view::npos) next_eol = all.size();
        if (auto m = answer.FullMatch(all.substr(next, next_eol - next)))
          Elect(h->Group(1), NamesAlone(pg, next + m->Begin(1), next + m->End(1), single_names.FullMatch(m->Group(1)).has_value()), a,
                present);
      }
      at = eol + 1;
    }
  }
  for (const Span& s : sentences) {
    const std::string_view text = SpanText(pg, s);
    auto add_adjusters = [&](const std::vector<Person>& ps) {
      for (const Person& p : ps) {
        AddAdjuster(a, p);
        MergeInto(present, p);
      }
    };
    // (Each form in turn until one names someone: "Tony Herteby valdes till justeringsman, att
    // jämte ordförande justera mötets protokoll, 4 Janne Söderberg … valdes till rösträknare" is
    // the second form, though the first matches "justera … valdes".)
    const std::optional<Match> verb_after = adj_after.Find(text);
    std::optional<Match> verb_before = adj_before.Find(text);
    if (verb_before && !StartsLower(verb_before->Group(0))) verb_before.reset();  // "Utses att justera" opening a field: a label
    std::vector<Person> after_verb, before_verb;
    if (verb_after) after_verb = persons_after(s, s.begin + verb_after->End(), true);
    if (verb_before && after_verb.empty()) {
      ParseOptions opt;
      opt.known = &present;
      before_verb = PersonsIn(pg, s.begin, s.begin + verb_before->Begin(), opt, false);
    }
    if (!after_verb.empty()) {
      add_adjusters(after_verb);
    } else if (!before_verb.empty()) {
      // "… (fp) utsågs att jämte ordföranden … justera": the adjusters before a verb inside a
      // sentence; "Utses att justera" opening a front page's field is a label, not a sentence.
      add_adjusters(before_verb);
    } else if (verb_after || verb_before) {
      // (named no one: nothing more to read here)
    } else if (auto m3 = adj_utser.Find(text)) {
      ParseOptions opt;
      opt.allow_single = Lower(m3->Group(0)).rfind("utse", 0) != 0;  // the passive's subject: persons, a surname alone too
      add_adjusters(PersonsIn(pg, s.begin + m3->Begin(1), s.begin + m3->End(1), opt, false));
    } else if (auto m4 = adj_valdes_till.Find(text)) {
      ParseOptions opt;
      opt.allow_single = true;
      add_adjusters(PersonsIn(pg, s.begin + m4->Begin(1), s.begin + m4->End(1), opt, false));
    } else if (auto m5 = adj_justerar.Find(text)) {
      ParseOptions opt;
      opt.known = &present;
      add_adjusters(PersonsIn(pg, s.begin + m5->Begin(1), s.begin + m5->End(1), opt, false));
    }
    if (auto m = with_chair.Find(text)) {
      ParseOptions opt;
      opt.known = &present;
      std::vector<Person> ps = PersonsIn(pg, s.begin + m->Begin(1), s.begin + m->End(1), opt, false);
      if (!ps.empty() && !a.chair) {
        ps.front().role = "ordförande";
        a.chair = ps.front();
        MergeInto(present, ps.front());
      }
    }
    if (auto m = chair_elected.Find(text)) {
      std::vector<Person> ps = persons_after(s, s.begin + m->End(), false);
      if (!ps.empty()) {
        ps.front().role = "ordförande";
        a.chair = ps.front();  // the meeting's own chair wins over the board's
        MergeInto(present, ps.front());
      }
    }
    // "Föra protokollet", keeping the minutes: "Informerades om att Mark Kristoffersson kommer att
    // föra protokoll samt räkna röster", "Noterades att Nils Fredrik Dehlin … hade fått i uppdrag
    // att föra protokollet vid stämman" — the last person named before the words; "Att föra
    // protokollet utsågs Anna Berg" — the first after them.
    static const Regex keeps("(?:^|\\s)(?:(?:[Aa]tt|[Tt]ill\\s+att)\\s+)?föra\\s+(?:dagens\\s+|mötets\\s+|stämmans\\s+|sammanträdets\\s+)?"
                             "protokoll(?:et)?\\b",
                             Regex::kNone);
    if (auto m = keeps.Find(text); m && !a.secretary) {
      ParseOptions opt;
      opt.known = &present;
      std::vector<Person> ps;
      static const Regex letter("\\p{L}");
      if (!letter.Find(text.substr(0, m->Begin()))) {  // (nothing before but a number: "§ 1 Att föra …")
        static const Regex verb("^\\s*(?:utsågs|utses|valdes|väljs|kallades|anmodades)\\s+");
        if (auto v = verb.Find(text.substr(m->End())))
          ps = persons_after(s, s.begin + m->End() + v->End(), false);
        if (ps.size() > 1) ps.resize(1);
      } else {
        // (Not the firm a person is from: "Nils Fredrik Dehlin från Advokatfirman Vinge hade fått i uppdrag …".)
        std::vector<Span> spans;
        opt.spans = &spans;
        ps = PersonsIn(pg, s.begin, s.begin + m->Begin(), opt, false);
        size_t k = ps.size();
        static const Regex from("^\\s*(?:från|vid|på)\\s*$");
        if (k >= 2 && spans.size() == k && from.FullMatch(std::string_view(pg.text()).substr(spans[k - 2].end, spans[k - 1].begin - spans[k - 2].end)))
          --k;
        if (k > 0) ps = {ps[k - 1]};
      }
      if (!ps.empty()) {
        Person p = ps.front();
        p.role = "sekreterare";
        a.secretary = p;
        MergeInto(present, p);
      }
    }
    // "Föra ordet", the old minutes' words for presiding: "anhöllo Thermaenius att vise ordföranden
    // Herr P. Th. Sundholm måtte vid sammanträdet föra ordet" — the last person named before them.
    static const Regex leads("\\s(?:(?:måtte|måtta|skulle|må|fick|kom\\s+att)\\s+)?(?:vid\\s+\\p{L}+\\s+)?(?:föra|förde)\\s+ordet\\b");
    if (auto m = leads.Find(text)) {
      ParseOptions opt;
      opt.known = &present;
      std::vector<Person> before = PersonsIn(pg, s.begin, s.begin + m->Begin(), opt, false);
      if (!before.empty()) {
        Person p = before.back();
        p.role = "ordförande";
        a.chair = p;  // the meeting's own chair, as one elected
        MergeInto(present, p);
      }
    }
    // "Anton Nordenfur valdes enhälligt till mötesordförande": the name before the verb.
    static const Regex elected_to("\\s(?:valdes|utsågs|utses|väljs)\\s+(?:enhälligt\\s+)?(?:till|som)\\s+(mötesordförande|ordförande|mötessekreterare|sekreterare|protokollförare)\\b");
    if (auto m = elected_to.Find(text); m && !chair_elected.Find(text) && !secretary_elected.Find(text)) {
      ParseOptions opt;
      opt.known = &present;
      std::vector<Person> before = PersonsIn(pg, s.begin, s.begin + m->Begin(), opt, false);
      if (!before.empty()) {
        Person p = before.back();
        const bool chair_role = Lower(m->Group(1)).find("ordf") != std::string::npos;
        p.role = chair_role ? "ordförande" : "sekreterare";
        (chair_role ? a.chair : a.secretary) = p;
        MergeInto(present, p);
      }
    }
    if (auto m = secretary_elected.Find(text)) {
      std::vector<Person> ps = persons_after(s, s.begin + m->End(), false);
      if (!ps.empty()) {
        ps.front().role = "sekreterare";
        a.secretary = ps.front();
        MergeInto(present, ps.front());
      }
    }
    ReadOfficeElections(pg, s, a, present);
    // A sentence of an office and names alone, an election's answer: "Ordförande Rune Underskog.
    // Sekreterare Fritz Andersson." (under "Val av ordförande samt sekreterare för mötet").
    {
      static const Regex office_names("^\\s*(?:(?:Mötes|Årsmötes)?(?:ordförande|sekreterare)|Ordförande|Sekreterare|Protokollförare|"
                                      "Justerare|Protokolljusterare|Justeringsmän)\\s*:?\\s+(?=\\p{Lu})", Regex::kNone);
      if (auto m = office_names.Find(text)) Elect(m->Group(0), NamesAlone(pg, s.begin + m->End(), s.end, false), a, present);
    }
    if (present_sentence.Find(text)) {
      ParseOptions opt;
      opt.default_role = "ledamot";
      for (Person& p : PersonsIn(pg, s.begin, s.end, opt, false)) {
        MergeInto(present, p);
        if (p.role == "ordförande" && !a.chair) a.chair = p;
        if (p.role == "sekreterare" && !a.secretary) a.secretary = p;
      }
    }
    // Who opens the meeting chairs it unless another is named or elected: "Mötet öppnades af
    // Ordf: broder Österström", "Föreningens ordförande professor Rutger Sernander förklarade mötet
    // öppnat", "Carin Nises ordförande hälsar alla välkomna och öppnar mötet".
    static const Regex opened_by("(?<!\\p{L})(?:(?:mötet|sammanträdet|stämman|årsmötet|sammankomsten)\\s+(?:öppnades|förklarades\\s+öppnat)|"
                                 "(?:intogs|intog)\\s+ordförandeplatsen|ordförandeplatsen\\s+intogs)\\s+a[fv]\\s+");
    // "Helsade t.f. Förstelandtmätaren H. K. Brändström de närvarande välkomna": the verb first, its
    // subject after it.
    static const Regex welcomes_first(
        "^[^\\p{L}]*(?:Därefter\\s+|Sedan\\s+)?(?:[Hh]elsade|[Hh]älsade|[Hh]älsar)\\s+(.{3,100}?)\\s+"
        "(?:(?:de\\s+närvarande|alla|samtliga|\\p{Ll}+(?:arna|erna|orna|na))\\s+)?välkom", Regex::kNone);
    static const Regex opens("\\b(?:öppnade|öppnar|förklarade|förklarar|förklarat)\\s+(?:därefter\\s+)?(?:\\p{L}*mötet|\\p{L}*sammanträdet|\\p{L}*stämman|sammankomsten)\\b");
    if (!prose_chair) {
      ParseOptions opt;
      opt.known = &present;
      if (auto m = opened_by.Find(text)) {
        ParseOptions agent = opt;
        agent.allow_single = true;  // the agent is a person: a surname alone is one ("af broder Österström")
        std::vector<Person> ps = PersonsIn(pg, s.begin + m->End(), s.end, agent, false);
        if (!ps.empty()) prose_chair = ps.front(), prose_chair->role = "ordförande";
      } else if (auto w = welcomes_first.Find(text)) {
        ParseOptions agent = opt;
        agent.allow_single = true;
        std::vector<Person> ps = PersonsIn(pg, s.begin + w->Begin(1), s.begin + w->End(1), agent, false);
        if (!ps.empty()) prose_chair = ps.front(), prose_chair->role = "ordförande";
      } else if (auto o = opens.Find(text); o && o->Begin() < 160) {
        std::vector<Span> spans;
        opt.spans = &spans;
        std::vector<Person> ps = PersonsIn(pg, s.begin, s.begin + o->Begin(), opt, false);
        if (!ps.empty() && spans.size() == ps.size() && spans.back().begin < s.begin + 100)
          prose_chair = ps.back(), prose_chair->role = "ordförande";
      }
    }
    if (!prose_chair) {
      if (auto m = chair_prose.Find(text)) {
        ParseOptions opt;
        opt.known = &present;
        std::vector<Person> ps = PersonsIn(pg, s.begin + m->End(), s.end, opt, false);
        if (ps.empty()) {
          // A first name alone that the list of those present named: "Närvarande: Anne, Ida …" /
          // "Ordförande Anne öppnar mötet".
          ParseOptions single = opt;
          single.allow_single = true;
          std::vector<Person> one = PersonsIn(pg, s.begin + m->End(), s.end, single, false);
          if (!one.empty() && one.front().name.find(' ') == std::string::npos &&
              std::any_of(present.begin(), present.end(), [&](const Person& q) { return q.name == one.front().name; }))
            ps.push_back(one.front());
        }
        if (!ps.empty()) {
          ps.front().role = "ordförande";
          // A tjänstgörande ordförande stands in for the chair; the chair named elsewhere wins.
          const bool standing_in = Lower(m->Group(0)).rfind("tjänstgörande", 0) == 0;
          if (!standing_in) prose_chair = ps.front();
          else if (!prose_chair) prose_chair = ps.front(), prose_chair->title = "tjänstgörande";
        }
      }
    } else if (!prose_chair->title.empty()) {
      // Only a stand-in so far: a plain "Ordföranden X" later names the chair.
      if (auto m = chair_prose.Find(text); m && Lower(m->Group(0)).rfind("tjänstgörande", 0) != 0) {
        ParseOptions opt;
        opt.known = &present;
        std::vector<Person> ps = PersonsIn(pg, s.begin + m->End(), s.end, opt, false);
        if (!ps.empty()) prose_chair = ps.front(), prose_chair->role = "ordförande";
      }
    }
  }
}

}  // namespace

namespace {

// An attendance list printed as a table after the protocol (the Riksdag committees'
// "NÄRVAROFÖRTECKNING"): under "LEDAMÖTER" and "SUPPLEANTER" one row a member, "Name (Party)"
// with the office after a comma, then the row's marks in the columns of the paragraphs: "X" took
// part, "O" was present without taking part; a row with no mark was absent. Read as text, each
// cell is a line: the marks are the short lines after a row, up to the next. Returns who was
// present, with their roles; nothing when `lines[from]` heads no such table.
std::vector<Person> ReadRosterTable(const std::vector<Line>& lines, size_t from) {
  static const Regex section("^(LEDAMÖTER|Ledamöter|SUPPLEANTER|Suppleanter|ERSÄTTARE|Ersättare)$", Regex::kNone);
  static const Regex row("^(\\p{Lu}[\\p{L}.'’ -]*?)\\h*\\((\\p{L}{1,5}|-)\\)(?:\\h*,\\h*(\\p{L}[\\p{L} ]*))?$", Regex::kNone);
  static const Regex marks("^[XxOo](?:\\h+[XxOo])*$", Regex::kNone);
  static const Regex table_end("^(?:VOTERINGSLISTA|Voteringslista|BILAGA|Bilaga)\\b", Regex::kNone);
  std::vector<Person> out;
  enum { kNone, kMembers, kDeputies } part = kNone;
  struct Open {
    Person p;
    bool took_part = false, present = false;
  };
  std::optional<Open> open;
  auto close = [&]() {
    if (!open) return;
    if (open->present) {
      Person p = open->p;
      if (p.role.empty()) p.role = part == kDeputies ? (open->took_part ? "tjänstgörande ersättare" : "ersättare") : "ledamot";
      out.push_back(std::move(p));
    }
    open.reset();
  };
  for (size_t i = from + 1; i < lines.size(); ++i) {
    const std::string_view t = Trim(lines[i].text);
    if (t.empty()) continue;
    if (part != kNone && table_end.LookingAt(t)) break;  // (the heading block has its "Bilaga" too)
    if (auto m = section.FullMatch(t)) {
      close();
      part = Lower(m->Group(1)) == "ledamöter" ? kMembers : kDeputies;
      continue;
    }
    if (part == kNone) continue;
    if (marks.FullMatch(t)) {
      if (open) {
        open->present = true;
        open->took_part |= t.find_first_of("Xx") != std::string_view::npos;
      }
      continue;
    }
    if (auto m = row.FullMatch(t)) {
      close();
      const std::string name(Trim(m->Group(1)));
      if (Lower(name) == "vakant") continue;  // a seat not filled
      Open o;
      o.p.name = name;
      o.p.party_written = std::string(m->Group(2));
      o.p.party = o.p.party_written == "-" ? std::string() : PartyCode(o.p.party_written);
      if (m->Has(3)) {
        const std::string office = Lower(Trim(m->Group(3)));
        if (office == "ordförande" || office == "vice ordförande") o.p.role = office;
      }
      o.p.page = lines[i].page;
      open = std::move(o);
      continue;
    }
    close();  // anything else ends the row before (a legend, the column heads)
  }
  close();
  return out;
}

}  // namespace

bool IsAttendanceTableHeading(std::string_view line) {
  line = Trim(line);
  return line == "NÄRVAROFÖRTECKNING" || line == "Närvaroförteckning";
}

// A list of participants under its own heading in an item or after it ("Deltagarförteckning
// (bilaga 2.):", "Närvarolista", "Deltagare:"): one person a line, as written — "Antfolk, Karl
// Johan för Milan 11-22 m.fl." (a roster's surname first), or "Karl Johan Antfolk". The list ends at
// a line that names nobody, or at the next §.
std::vector<Person> ReadParticipantList(const std::vector<Line>& lines, size_t from) {
  static const Regex heading("^(?:Deltagarförteckning|Deltagarlista|Deltagare|Närvarolista|Närvarande\\s+medlemmar|"
                             "Närvarande\\s+delägare|Förteckning\\s+över\\s+(?:närvarande|deltagare)\\p{L}*)"
                             "(?:\\s*\\([^)]{0,30}\\))?\\s*:?$", Regex::kNone);
  std::vector<Person> out;
  if (lines[from].text.size() > 60 || !heading.Find(Trim(lines[from].text))) return out;
  static const Regex inverted("^(\\p{Lu}[\\p{L}'’-]+(?:\\s\\p{Lu}[\\p{L}'’-]+)?),\\s+(\\p{Lu}[\\p{L}'’-]+(?:[\\s-]\\p{Lu}[\\p{L}'’-]+)*)(?=$|[\\s,.(])", Regex::kNone);
  static const Regex section("^§", Regex::kNone);
  bool started = false;
  for (size_t i = from + 1; i < lines.size(); ++i) {
    const std::string_view t = Trim(lines[i].text);
    if (t.empty()) {
      if (started) break;
      continue;
    }
    if (section.Find(t)) break;
    Person p;
    if (auto m = inverted.Find(t)) {
      p.name = std::string(m->Group(1)) + ", " + std::string(m->Group(2));
      p.page = lines[i].page;
    } else {
      std::vector<Line> one = {lines[i]};
      Paged pg(one);
      ParseOptions opt;
      std::vector<Person> ps = PersonsIn(pg, 0, pg.text().size(), opt, true);
      if (ps.empty()) break;
      p = ps.front();
    }
    p.role = "ledamot";
    out.push_back(p);
    started = true;
  }
  return out;
}

Attendance ReadAttendance(const std::vector<Line>& head, const std::vector<Line>& printed_items) {
  Attendance a;
  const std::vector<Line> items = JoinBrokenWords(printed_items);
  std::string whole;
  for (const std::vector<Line>* part : {&head, &items})
    for (const Line& l : *part) whole += l.text + "\n";
  const std::set<std::string> places = PlacesNamed(whole);
  struct Scope {
    explicit Scope(const std::set<std::string>* p) : saved(tl_places) { tl_places = p; }
    ~Scope() { tl_places = saved; }
    const std::set<std::string>* saved;
  } scope(&places);
  std::vector<Person> present;
  {
    Paged pg(head);
    ReadLabelled(pg, 0, pg.text().size(), a, present, false);
    std::optional<Person> unused;  // the head names its chair by label, not in prose
    ReadElections(pg, SentenceSpans(pg, head), a, present, unused);
  }
  std::optional<Person> prose_chair;
  std::vector<Person> keepers;  // who signed the closing formula
  std::vector<Person> elected, signed_adjusters;  // adjusters the items elected; those who signed
  std::set<std::string> present_before;          // present before the items' elections
  {
    Paged pg(items);
    for (const Person& p : present) present_before.insert(NameKey(p.name));
    const size_t adjusters_before = a.adjusters.size();
    ReadElections(pg, SentenceSpans(pg, items), a, present, prose_chair);
    elected.assign(a.adjusters.begin() + static_cast<long>(adjusters_before), a.adjusters.end());
    // The signature block after the last item ("Vid protokollet: …", "Justeras: …"): short lines
    // that begin with a signature label, near the end.
    static const Regex signature("^(?:Vid protokollet|Vid pennan|Justeras|Justerad(?:t|ts|es)|Justerat|Justerande|Justerare|Sekreterare|Ordförande|Underskrift(?:er)?|In fidem|Som of?van|"
                                 "(?:År\\h+och\\h+dag|Dag\\h+och\\h+år|Ort\\h+och\\h+tid|\\p{Lu}\\p{Ll}{2,}(?:\\h+(?:by|stad|socken|församling|köping|gård))?)\\h+som\\h+of?van|"
                                 "(?:Samma dag\\h+)?[Uu]ppl[äa]st,?\\h+(?:och\\h+)?(?:[Jj]ustera|[Gg]odkän)\\p{L}*)\\b|"
                                 "\\b[Jj]ustera(?:dt|t)\\h+och\\h+godkän(?:dt|t)\\.?$", Regex::kNone);
    // The end of the protocol proper: the last line, or an appendix printed after the block
    // (the Riksdag's "NÄRVAROFÖRTECKNING" and "VOTERINGSLISTA", a "Bilaga" page).
    static const Regex appendix("^(?:NÄRVAROFÖRTECKNING|Närvaroförteckning|VOTERINGSLISTA|Voteringslista|BILAGA|Bilaga)(?:\\h+\\d+)?$", Regex::kNone);
    std::vector<size_t> ends = {items.size()};  // the last line first; then each appendix heading
    for (size_t i = 0; i < items.size(); ++i)
      if (appendix.FullMatch(Trim(items[i].text))) ends.push_back(i);
    std::vector<size_t> offsets(items.size() + 1, 0);
    for (size_t i = 0; i < items.size(); ++i) offsets[i + 1] = offsets[i] + items[i].text.size() + 1;
    bool read = false;
    // (A § after a line is no closing block's: "Ordförande: omval 1 år: Kristina Holmgren" in
    // § 11's list of the new board, § 12 … after it.)
    static const Regex item_start("^\\s*§\\s*\\d", Regex::kNone);
    std::vector<size_t> next_item(items.size() + 1, items.size());
    for (size_t i = items.size(); i-- > 0;) next_item[i] = item_start.Find(items[i].text) ? i : next_item[i + 1];
    for (size_t end : ends) {
      for (size_t i = end > 15 ? end - 15 : 0; i < end && !read; ++i) {
        if (next_item[i + 1] < end) continue;
        if (items[i].text.size() < 60 && signature.Find(items[i].text)) {
          // (A caption under a signature begins the block with the signature above it.)
          // (So does a row of captions alone under a row of names: "Bengt Ljungberg Roger Nilsson"
          // over "Ordförande Sekreterare".)
          static const Regex captions_only("^(?:(?:Ordförande|Sekreterare|Justerare|Justerande|Protokolljusterare|Vid pennan|"
                                           "Vid protokollet|Protokollförare)[\\h:.,]*)+$", Regex::kNone);
          const std::string_view above = i > 0 ? Trim(items[i - 1].text) : std::string_view();
          const bool signature_above = above.size() > 2 && above.front() == '/' && above.back() == '/';
          const bool names_above = above.size() > 4 && above.size() < 60 && captions_only.FullMatch(Trim(items[i].text));
          const size_t from = signature_above || names_above ? offsets[i - 1] : offsets[i];
          ReadLabelled(pg, from, std::min(pg.text().size(), offsets[end]), a, present, false, &keepers, &signed_adjusters);
          read = true;
        }
      }
      if (read) break;
    }
    for (size_t i = 0; i < items.size(); ++i)
      for (const Person& p : ReadParticipantList(items, i)) MergeInto(present, p);
    // Signatures one a line with the office after a comma, closing the protocol: "Ingvar Svanborg,
    // sekreterare" / "Kerstin Ellert, ordförande" / "Berit Jonsson, justerare".
    {
      static const Regex signed_as(
          "^\\s*([^,]{3,60}?),\\s*((?:mötes|årsmötes)?ordförande|ordf\\.?|(?:mötes|årsmötes)?sekreterare|sekr\\.?|"
          "(?:protokolls?)?justerare|justerande|justeringsman)\\s*$");
      for (size_t i = items.size() > 12 ? items.size() - 12 : 0; i < items.size(); ++i) {
        auto m = signed_as.Find(items[i].text);
        if (!m) continue;
        ParseOptions opt;
        std::vector<Person> ps = PersonsIn(pg, offsets[i] + m->Begin(1), offsets[i] + m->End(1), opt, false);
        if (ps.size() != 1) continue;
        Person p = ps.front();
        const std::string office = Lower(m->Group(2));
        if (office.find("ordf") != std::string::npos) {
          p.role = "ordförande";
          if (!a.chair) a.chair = p;
        } else if (office.find("sekr") != std::string::npos) {
          p.role = "sekreterare";
          if (!a.secretary) a.secretary = p;
        } else {
          if (p.role.empty()) p.role = "ledamot";
          if (!SpelledOtherwise(a.adjusters, p) &&
              std::none_of(a.adjusters.begin(), a.adjusters.end(), [&](const Person& q) { return NameKey(q.name) == NameKey(p.name); }))
            a.adjusters.push_back(p);
        }
        MergeInto(present, p);
      }
    }
    // A signature under the last item with no formula above it ("… kasserades. -" / "/L; P; Åkerman/"
    // / "Samma dag uppläst och godkändt" / "/Ax, K:son Leijonhufvud./"): as under "Som ofvan", the
    // hand that wrote the minutes — the first signature between slashes near the end whose line
    // above is the protocol's text, not a caption or another signature.
    if (keepers.empty()) {
      static const Regex slashed("^\\s*/[^/\\n]{3,60}/[.,]?\\s*$", Regex::kNone);
      static const Regex caption("(?:^|\\s)(?:[Jj]uster\\p{L}*|[Oo]rdf\\p{L}*|[Ss]ekr\\p{L}*|[Uu]ppl[äa]st\\p{L}*|[Gg]odkän\\p{L}*|[Vv]id\\s+(?:protokollet|pennan)|"
                                   "[Ii]ntyga\\p{L}*|[Bb]etyga\\p{L}*|\\p{L}*[Kk]ungjort|af|av)[\\s:.,]*$", Regex::kNone);
      const size_t from = items.size() > 15 ? items.size() - 15 : 0;
      for (size_t i = from; i < items.size(); ++i) {
        if (!slashed.FullMatch(items[i].text)) continue;
        size_t k = i;
        while (k > 0 && Trim(items[k - 1].text).empty()) --k;
        if (k == 0) break;
        const std::string_view above = Trim(items[k - 1].text);
        // (Not under a caption or another signature: "Justeradt /J. G. Andersson/" / "/Sig; Starck/".)
        static const Regex signature_end("/[^/\\n]{3,60}/[.,]?\\s*$", Regex::kNone);
        if (signature_end.Find(above) || caption.Find(above)) break;
        ParseOptions opt;
        const std::vector<Person> signer = PersonsIn(pg, offsets[i], offsets[i] + items[i].text.size(), opt, true);
        if (signer.size() == 1) keepers.push_back(signer.front());
        break;
      }
    }
  }
  // Who adjusted is who signed: where the signatures under the adjusting name as many as the
  // item elected, an elected name none of them spells is another's ("Herrar A.G. Andersson …
  // utsågos att justera", signed "/P,G, Anderson/ /A,F, Ericsson/"; "R. von Post" signing
  // "/Rikard von Post./"), and is neither adjuster nor, named only there, present.
  if (!signed_adjusters.empty() && signed_adjusters.size() >= elected.size()) {
    // (The signature's spelling is the adjuster's own: "A.F. Eriksson" elected signs "/A,F, Ericsson/".)
    auto signed_as = [&](const Person& e) -> const Person* {
      for (const Person& s : signed_adjusters) {
        bool fuller = false;
        if (NameKey(s.name) == NameKey(e.name) || OneNameTwoSpellings(e.name, s.name, &fuller)) return &s;
      }
      return nullptr;
    };
    for (const Person& e : elected) {
      const std::string key = NameKey(e.name);
      if (const Person* s = signed_as(e)) {
        for (std::vector<Person>* list : {&a.adjusters, &present})
          for (Person& p : *list)
            if (NameKey(p.name) == key) p.name = s->name;
        continue;
      }
      a.adjusters.erase(std::remove_if(a.adjusters.begin(), a.adjusters.end(), [&](const Person& p) { return NameKey(p.name) == key; }),
                        a.adjusters.end());
      if (!present_before.count(key))
        present.erase(std::remove_if(present.begin(), present.end(), [&](const Person& p) { return NameKey(p.name) == key; }),
                      present.end());
    }
    // Each once (an elected name respelled may now be a signer's twice), in the order they signed.
    std::vector<Person> once;
    for (const Person& p : a.adjusters)
      if (std::none_of(once.begin(), once.end(), [&](const Person& q) { return NameKey(q.name) == NameKey(p.name); })) once.push_back(p);
    a.adjusters = std::move(once);
    auto place = [&](const Person& p) {
      for (size_t k = 0; k < signed_adjusters.size(); ++k)
        if (NameKey(signed_adjusters[k].name) == NameKey(p.name)) return k;
      return signed_adjusters.size();
    };
    std::stable_sort(a.adjusters.begin(), a.adjusters.end(), [&](const Person& x, const Person& y) { return place(x) < place(y); });
  }
  // An attendance table after the protocol: who was present, and — when no label or sentence
  // named the chair — the present ordförande (else the vice ordförande) chaired.
  {
    for (size_t i = 0; i < items.size(); ++i) {
      if (!IsAttendanceTableHeading(items[i].text)) continue;
      const std::vector<Person> roster = ReadRosterTable(items, i);
      for (const Person& p : roster) MergeInto(present, p);
      if (!a.chair && !prose_chair)
        for (const char* office : {"ordförande", "vice ordförande"}) {
          auto it = std::find_if(roster.begin(), roster.end(), [&](const Person& p) { return p.role == office; });
          if (it == roster.end()) continue;
          a.chair = *it;
          a.chair->role.clear();
          break;
        }
      break;
    }
  }
  if (!a.chair && prose_chair) {
    prose_chair->title.clear();
    a.chair = prose_chair;  // named in the items' prose only: not added to `present`
  }
  // The closing formula's signer kept the minutes: the chair named already, or — no chair named —
  // the chair of a stämma (kommunalstämma, sockenstämma, kyrkostämma: its chair kept the minutes,
  // by the law of 1862) or of a kommunalnämnd, else the secretary.
  if (!keepers.empty()) {
    // (The head's words made whole: "Kommunalstäm-" / "ma med Fors Socken".)
    std::string head_text;
    for (const Line& l : JoinBrokenWords(head)) head_text += l.text + "\n";
    for (size_t i = 0; i < items.size() && i < 3; ++i) head_text += items[i].text + "\n";
    // (A nämnd's chair likewise — "Närvarande voro nämndens samtliga ledamöter" … "Som ofvan /
    // A Svedin /": the kommunalnämnd's ordförande kept its minutes.)
    // (Old spelling too: "Kommunalnämdens sammanträde".) A head that says the chair signed —
    // "inför undertecknad, ordförande", "Närvarande undertecknad ordförande" — says it outright.
    static const Regex stamma("(?:stämman?|nämn?d(?:en)?s?)\\b|\\bundertecknad(?:e)?,?\\s+(?:vice\\s*)?ordförande\\b", Regex::kNone);
    const bool stamma_minutes = stamma.Find(Fold(head_text)).has_value();
    // (The chair's surname with fewer initials is the chair too: "/K,E.Andersson/", its first
    // initial lost to a comma, under "Ordförande Herr K.E. Andersson".)
    auto surname = [](const std::string& n) {
      const std::string f = Folded(n);
      const size_t cut = f.find_last_of(" .");
      return cut == std::string::npos ? f : f.substr(cut + 1);
    };
    for (Person p : keepers) {
      bool fuller = false;
      if (a.chair && (Folded(a.chair->name) == Folded(p.name) || OneNameTwoSpellings(a.chair->name, p.name, &fuller) ||
                      (surname(a.chair->name) == surname(p.name) && surname(p.name).size() >= 4))) {
        p.role = "ordförande";
        MergeInto(present, p);
        continue;
      }
      if (!a.chair && stamma_minutes) {
        p.role = "ordförande";
        a.chair = p;
        a.chair->role.clear();
      } else if (!a.secretary) {
        p.role = "sekreterare";
        a.secretary = p;
      } else {
        continue;
      }
      MergeInto(present, p);
    }
  }
  // The Finland-Swedish municipal form's signature block, its captions in a row before the
  // signatures ("Underskrifter: Ordförande: Protokollförare: Protokolljustering plats och tid:
  // Liane Byggmästar Kronoby, den 30 april 2014 Inger Bjon Protokollet framlagt till påseende,
  // plats och tid: Intygar, underskrift, tjänsteställning Hans Sandström Kronoby, den 6 maj 2014
  // Inger Bjon, kommunsekreterare Seppo Filppula"): no adjuster read otherwise, the signatures
  // there that are neither the chair's nor the secretary's (who also certifies) are the
  // adjusters', when there are one to three.
  if (a.adjusters.empty()) {
    for (const std::vector<Line>* lines : {&head, &items}) {
      Paged pg(*lines);
      const std::string_view t = pg.text();
      static const Regex form("\\bUnderskrift(?:er)?\\b:?[^.]{0,120}?\\bProtokolljustering\\b", Regex::kNone);
      auto m = form.Find(t);
      if (!m) continue;
      // (Up to the certifying of an extract, the next page's heading, or the next §.)
      static const Regex block_end("\\b(?:Utdragets|Protokolljusterarnas|Bestyrkande|Besvärsanvisning|Anslaget|KALLELSE\\p{Lu}*|"
                                   "Sammanträdes(?:tid|plats|datum)|Ärendets)\\b|§", Regex::kNone);
      size_t to = std::min(t.size(), static_cast<size_t>(m->End()) + 500);
      if (auto e = block_end.Find(t.substr(0, to), m->End())) to = e->Begin();
      ParseOptions opt;
      std::vector<Person> signers;
      for (const Person& p : PersonsIn(pg, m->End(), to, opt, false)) {
        bool fuller = false;
        const bool officer = (a.chair && (NameKey(a.chair->name) == NameKey(p.name) || OneNameTwoSpellings(a.chair->name, p.name, &fuller))) ||
                             (a.secretary && (NameKey(a.secretary->name) == NameKey(p.name) ||
                                              OneNameTwoSpellings(a.secretary->name, p.name, &fuller)));
        // (What the parser took for a role or title here is the next field's words: "den 6 maj 2014".)
        if (officer || p.name.find(' ') == std::string::npos) continue;
        if (std::none_of(signers.begin(), signers.end(), [&](const Person& q) { return NameKey(q.name) == NameKey(p.name); })) {
          Person signer;
          signer.name = p.name;
          signer.page = p.page;
          signers.push_back(signer);
        }
      }
      if (signers.empty() || signers.size() > 3) break;
      for (Person p : signers) {
        if (p.role.empty()) p.role = "ledamot";
        AddAdjuster(a, p);
        MergeInto(present, p);
      }
      break;
    }
  }
  // No chair named: the head of the body presides by office — the attendance's first person, when
  // titled with a presiding office ("Närvarande: Herr Generaldirektören K. Linroth, Herr
  // Medicinalrådet …": a state board's director general, a county's governor, a town's mayor).
  if (!a.chair && !present.empty()) {
    static const Regex presiding(
        "(?:^|\\s)(?:generaldirektör|landshövding|landshöfding|överståthållare|borgmästare)(?:en|n)?$", Regex::kNone);
    Person& first = present.front();
    if (presiding.Find(Lower(first.title))) {
      first.role = "ordförande";
      a.chair = first;
      a.chair->role.clear();
    }
  }
  // No chair named: one the minutes call by title alone ("Herr Förstelantmätaren öppnade mötet … och
  // valdes därefter enhälligt att såsom ordförande leda dagens förhandlingar"), the one person
  // present with that title ("Närvarande: Herrar Förstelantmätaren H K Brändström, …").
  if (!a.chair && !present.empty()) {
    std::string all_text;
    for (const Line& l : head) all_text += l.text + "\n";
    for (const Line& l : items) all_text += l.text + "\n";
    static const Regex by_title("\\b(?:Herr|Hr\\.?)\\s+(\\p{Lu}\\p{Ll}{3,}n)\\b[^.]{0,120}?\\b(?:valdes|utsågs|utsågos|utsåg)\\b[^.]{0,60}?"
                                "\\b(?:till|som|såsom)\\s+ordförande\\b",
                                Regex::kNone);
    if (auto m = by_title.Find(all_text)) {
      // Where the title is written before a name of those present ("Förstelantmätaren H K
      // Brändström"): the one present person it names.
      const std::string title(m->Group(1));  // (letters only)
      const std::string pattern = "(?<!\\p{L})(?i:" + title + ")\\s+((?:\\p{Lu}[\\p{L}.]*\\s+){0,3}\\p{Lu}\\p{Ll}+(?:-\\p{Lu}\\p{Ll}+)?)";
      const Regex titled(pattern.c_str(), Regex::kNone);
      std::set<std::string> named;
      for (size_t from = 0; from < all_text.size();) {
        auto t = titled.Find(all_text, from);
        if (!t) break;
        for (const Person& p : present)
          if (NameKey(p.name) == NameKey(std::string(t->Group(1)))) named.insert(NameKey(p.name));
        from = t->End();
      }
      if (named.size() == 1)
        for (Person& p : present)
          if (NameKey(p.name) == *named.begin()) {
            a.chair = p;
            a.chair->role.clear();
            p.role = "ordförande";
            break;
          }
    }
  }
  // The adjusting signed by the chair with those elected "att jämte ordföranden justera", no
  // chair named otherwise ("Justerat … Inger Linge Conny Andersson Sven-Erik Köhlin"; "Att jämte
  // ordföranden justera sammanträdets protokoll utsågs förste och andre vice ordföranden"): the
  // chair signs first.
  if (!a.chair && a.adjusters.size() >= 2) {
    std::string all_text;
    for (const Line& l : head) all_text += l.text + "\n";
    for (const Line& l : items) all_text += l.text + "\n";
    static const Regex with_chair("(?:jämte|tillsammans\\s+med)\\s+ordföranden\\s+justera");
    static const Regex officers_named("utsågs\\s+förste\\s+och\\s+andre\\s+vice\\s+ordföranden");
    const std::string folded = Lower(all_text);
    if (with_chair.Find(folded) && officers_named.Find(folded)) {
      a.chair = a.adjusters.front();
      a.chair->role = "ordförande";
      a.adjusters.erase(a.adjusters.begin());
    }
  }
  // The chair signs beside the adjusters ("Justeras / Malin Åkesson Sanna Heikkinen") and
  // justerar "jämte ordföranden": the adjusters are the others.
  if (a.chair)
    a.adjusters.erase(std::remove_if(a.adjusters.begin(), a.adjusters.end(),
                                     [&](const Person& p) { return Folded(p.name) == Folded(a.chair->name); }),
                      a.adjusters.end());
  // One adjuster named twice — elected in § 1's prose and signing at the end — in two spellings
  // of one name: the first is kept, with the initials the other gives.
  {
    std::vector<Person> kept;
    for (const Person& p : a.adjusters)
      if (!SpelledOtherwise(kept, p)) kept.push_back(p);
    a.adjusters = std::move(kept);
  }
  // The officers' parties from the list that names them with one ("Jörn Okan (M)").
  auto party_of = [&](Person& p) {
    if (!p.party.empty()) return;
    for (const Person& q : present)
      if (Folded(q.name) == Folded(p.name) && !q.party.empty()) p.party = q.party, p.party_written = q.party_written;
  };
  if (a.chair) party_of(*a.chair);
  if (a.secretary) party_of(*a.secretary);
  for (Person& p : a.adjusters) party_of(p);
  // A first name alone and the full name it begins, in one meeting, are one person: the list's
  // "Christina" and the signature's "Christina Karlsson" (the full name kept).
  auto full_of = [&](const std::vector<Person>& all, const Person& p) -> const Person* {
    if (p.name.find(' ') != std::string::npos || p.name.find('.') != std::string::npos) return nullptr;
    const Person* found = nullptr;
    for (const Person& q : all) {
      if (q.name.size() <= p.name.size() + 1 || q.name.compare(0, p.name.size() + 1, p.name + " ") != 0) continue;
      if (found) return nullptr;  // two of that first name: neither
      found = &q;
    }
    return found;
  };
  {
    std::vector<Person> kept;
    for (const Person& p : present)
      if (!full_of(present, p)) kept.push_back(p);
    present = std::move(kept);
    for (Person& p : a.adjusters)
      if (const Person* full = full_of(present, p)) p.name = full->name;
    if (a.chair)
      if (const Person* full = full_of(present, *a.chair)) a.chair->name = full->name;
    if (a.secretary)
      if (const Person* full = full_of(present, *a.secretary)) a.secretary->name = full->name;
  }
  // Those an annotation marks as absent ("Janne Fagerström, frånvarande") took no part.
  for (const Person& p : present) {
    if (p.role == "frånvarande" || p.role == "listad") continue;
    // One person under two spellings of the name (see the adjusters above): kept once, with
    // the initials.
    if (!SpelledOtherwise(a.present, p)) MergeInto(a.present, p);
  }
  // The officers under the fullest spelling the meeting gives ("K. Linroth" presiding in the
  // list, "Klas Linroth" signing).
  auto fullest = [&](Person& p) {
    for (const Person& q : a.present) {
      bool fuller = false;
      if (Folded(q.name) != Folded(p.name) && OneNameTwoSpellings(p.name, q.name, &fuller) && fuller) p.name = q.name;
    }
  };
  if (a.chair) fullest(*a.chair);
  if (a.secretary) fullest(*a.secretary);
  for (Person& p : a.adjusters) fullest(p);
  return a;
}

// ---------------------------------------------------------------------------------------------
// Proceedings of one item.

namespace {

// People and party groups acting in `s` (a subject or an object of a verb): persons first; when
// none, the party groups named.
struct Actor {
  std::string name, party;
  int page = 0;
};

// Only titles, conjunctions, parties and auxiliaries between two names of one group of actors,
// or between the last of them and the verb: "Jenny Broman (V) och ordföranden Jonas Attenius (S)
// yrkar". Anything else ("T.f. ekonomichef Håkan Johansson informerar om … Daniel Bäckström (c)
// yrkar") parts two groups; the actors are the group next to the verb.
bool GroupGap(std::string_view gap) {
  static const Regex word("[\\p{L}][\\p{L}.'’-]*");
  static const std::set<std::string> kJoin = {"och", "samt", "o", "tjänstgörande", "ordföranden", "ordförande", "vice",
                                              "ersättaren", "ersättarna", "ledamoten", "ledamöterna", "suppleanten",
                                              "herr", "herrar", "hr", "fru", "fröken", "förste", "andre", "har", "hade",
                                              "också", "även", "därefter", "härefter", "dock", "nu", "slutligen",
                                              "vidare", "för", "sin", "del", "i", "första", "hand", "med", "instämmande",
                                              "av", "ledamot", "gruppledaren", "kommunalrådet"};
  for (const Match& m : word.FindAll(gap)) {
    const std::string w = Lower(m.Group(0));
    if (kJoin.count(w) || IsTitleWord(w) || !PartyCode(w).empty()) continue;
    // A local party of one letter in brackets after a name: "Martin Wannholt (D) antecknar …".
    if (m.Group(0).size() == 1 && m.Begin() > 0 && gap[m.Begin() - 1] == '(' && m.End() < gap.size() && gap[m.End()] == ')') continue;
    return false;
  }
  return true;
}

std::vector<Actor> Actors(const Paged& pg, size_t begin, size_t end, bool allow_single, bool next_to_end = false) {
  std::vector<Actor> out;
  ParseOptions opt;
  opt.allow_single = allow_single;
  std::vector<Span> spans;
  opt.spans = &spans;
  std::vector<Person> persons = PersonsIn(pg, begin, end, opt, false);
  size_t first = 0;
  if (next_to_end && !persons.empty() && spans.size() == persons.size()) {
    const std::string_view t = pg.text();
    if (!GroupGap(t.substr(spans.back().end, end - spans.back().end))) {
      persons.clear();
    } else {
      first = persons.size() - 1;
      while (first > 0 && GroupGap(t.substr(spans[first - 1].end, spans[first].begin - spans[first - 1].end))) --first;
    }
  }
  for (size_t i = first; i < persons.size(); ++i) out.push_back({persons[i].name, persons[i].party, persons[i].page});
  if (out.empty()) {
    for (const std::string& code : PartyGroups(std::string_view(pg.text()).substr(begin, end - begin)))
      out.push_back({"", code, pg.PageAt(begin)});
  }
  return out;
}

void ReadVote(const Paged& pg, const std::vector<Span>& sentences, const std::vector<Line>& lines, Proceedings& out) {
  static const Regex called("\\b(?:omröstning|votering|voteringen|huvudvotering|röstning|röstade|röstar|omröstningen)\\b");
  static const Regex propositions("\\b(?:ställ(?:er|de)\\h+\\S*\\h*propositio\\w*|framställ\\w*\\h+propositio\\w*|propositioner|proposition\\h+på)\\b");
  // Each sentence read across its line breaks ("… utföll med 5 röster för" / "avslag och 2
  // röster för …"): a break is a space (the same length: offsets stay the text's).
  std::vector<std::string> flat;
  flat.reserve(sentences.size());
  for (const Span& s : sentences) {
    flat.emplace_back(SpanText(pg, s));
    std::replace(flat.back().begin(), flat.back().end(), '\n', ' ');
  }
  static const Regex election("\\b(?:erhöll|erhöllo|valdes|kallades|utsågs|röstetal|valet|val\\h+av|val\\h+till|fingo|lotten)\\b");
  bool any_called = false, any_props = false;
  for (const std::string& t : flat) {
    // (An election by ballot is no vote: "val till vice ordförande, likaledes med sluten
    // omröstning", "Vid omröstningen til ny Praeses, fingo Herrar … de flästa rösterna".)
    any_called |= called.Find(t).has_value() && !election.Find(t).has_value();
    any_props |= propositions.Find(t).has_value();
  }
  // Counts, each with its place: the last vote of an item decides it.
  struct Hit {
    size_t at;
    char what;  // 'j' ja, 'n' nej, 'a' avstår, 'f' frånvarande
    int n;
  };
  std::vector<Hit> hits;
  auto num = [](std::string_view g) { return NumberWord(g); };
  // "ja-röster", and as scans and converters give them: "ja röster", "jaröster", "ja–röster".
  static const Regex ja_word(PK_NUM "\\h+(?:st\\h+)?ja(?:\\h?[-–—]\\h?|\\h)?röst(?:er|en)?\\b");
  static const Regex nej_word(PK_NUM "\\h+(?:st\\h+)?nej(?:\\h?[-–—]\\h?|\\h)?röst(?:er|en)?\\b");
  static const Regex ja_paren("\\bröstar\\h+ja\\h*\\((\\d+)\\)");
  static const Regex nej_paren("\\bröstar\\h+nej\\h*\\((\\d+)\\)");
  static const Regex avst_paren("\\bavstår\\h+(?:från\\h+att\\h+rösta\\h*)?\\((\\d+)\\)");
  static const Regex ja_members(PK_NUM "\\h+(?:ledamöter\\h+|ledamot\\h+)?röstade\\h+ja\\b");
  static const Regex ja_members2("\\bröstade\\h+" PK_NUM "\\h+(?:ledamöter\\h+|ledamot\\h+)?ja\\b");
  static const Regex nej_members(PK_NUM "\\h+(?:ledamöter\\h+|ledamot\\h+)?röstade\\h+nej\\b");
  static const Regex nej_members2("\\bröstade\\h+" PK_NUM "\\h+(?:ledamöter\\h+|ledamot\\h+)?nej\\b");
  static const Regex avstar(PK_NUM "\\h+(?:ledamöter\\h+|ledamot\\h+|st\\h+)?(?:som\\h+)?(?:avstår|avstod|avstått|nedlagda|nedlade|blanka)\\b");
  static const Regex franv(PK_NUM "\\h+(?:ledamöter\\h+|ledamot\\h+)?(?:var\\h+|är\\h+)?frånvarande\\b");
  static const Regex franv_paren("\\bfrånvarande\\h*\\((\\d+)\\)");
  static const Regex old_pair(PK_NUM "\\h+röster\\h+för\\h+[^.;]{1,100}?\\h+och\\h+" PK_NUM "\\h+(?:röster|röst)\\h+för\\b");
  // The proposals named first, each count after its own: "afgafs för afslag till ansökningen
  // 1.832 röster och för bifall till förord för densamma 2.723 röster".
  static const Regex old_pair_after("\\bför\\h+[^.;\\d]{1,80}?\\h" PK_NUM "\\h+röster\\h+och\\h+för\\h+[^.;\\d]{1,80}?\\h" PK_NUM "\\h+(?:röster|röst)\\b");
  for (size_t si = 0; si < sentences.size(); ++si) {
    const Span& s = sentences[si];
    const std::string_view text = flat[si];
    auto scan = [&](const Regex& re, char what) {
      for (const Match& m : re.FindAll(text)) {
        const int n = num(m.Group(1));
        if (n >= 0) hits.push_back({s.begin + m.Begin(), what, n});
      }
    };
    scan(ja_word, 'j');
    scan(nej_word, 'n');
    scan(ja_paren, 'j');
    scan(nej_paren, 'n');
    scan(avst_paren, 'a');
    scan(ja_members, 'j');
    scan(ja_members2, 'j');
    scan(nej_members, 'n');
    scan(nej_members2, 'n');
    scan(avstar, 'a');
    scan(franv, 'f');
    scan(franv_paren, 'f');
    // "41 ledamöter röstar för majoritetsval. 10 ledamöter röstar för proportionella val.": a
    // count for each proposal, the first printed taken as ja, the second as nej.
    static const Regex for_proposal(PK_NUM "\\s+(?:ledamöter|ledamot|röster|röst)\\s+(?:röstar|röstade|röstat|avgavs|avgavs)\\s+för\\b");
    for (const Match& m : for_proposal.FindAll(text)) {
      const int n = num(m.Group(1));
      if (n < 0) continue;
      int before = 0;
      for (const Hit& h : hits) before += h.what == 'p';
      hits.push_back({s.begin + m.Begin(), 'p', n});
      (void)before;
    }
    if (any_called && !election.Find(text)) {
      // Two proposals counted with no ja and nej printed: the one that won is the ja.
      for (const Regex* pair : {&old_pair, &old_pair_after})
        for (const Match& m : pair->FindAll(text)) {
          const int a = num(m.Group(1)), b = num(m.Group(2));
          if (a >= 0 && b >= 0) {
            hits.push_back({s.begin + m.Begin(1), 'j', std::max(a, b)});
            hits.push_back({s.begin + m.Begin(2), 'n', std::min(a, b)});
          }
        }
      // "… beslut fattades vid votering med 16 röster mot 11", "… afslagen med 1303 röster mot
      // 188", "Stadsf: med 12. röster mot 4. beslöto …": the decision's side first.
      static const Regex against("\\bmed\\s+" PK_NUM "\\s+röster\\s+(?:mot|emot)\\s+" PK_NUM);
      for (const Match& m : against.FindAll(text)) {
        const int a = num(m.Group(1)), b = num(m.Group(2));
        if (a >= 0 && b >= 0) {
          hits.push_back({s.begin + m.Begin(1), 'j', a});
          hits.push_back({s.begin + m.Begin(2), 'n', b});
        }
      }
    }
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& x, const Hit& y) { return x.at < y.at; });
  // Counts per proposal ('p') pair up in order: the first of each pair ja, the second nej.
  {
    bool first = true;
    for (Hit& h : hits)
      if (h.what == 'p') h.what = first ? 'j' : 'n', first = !first;
  }
  // A roll-call table: "Ledamot | Ja | Nej | Avstår" and rows marked X.
  std::vector<VoteCast> table;
  {
    int col_ja = -1, col_nej = -1, col_avst = -1;
    size_t offset = 0;
    for (const Line& l : lines) {
      if (l.text.find('|') != std::string::npos) {
        std::vector<std::string> cells;
        size_t b = 0;
        while (true) {
          size_t e = l.text.find('|', b);
          cells.emplace_back(Trim(std::string_view(l.text).substr(b, e == std::string::npos ? std::string::npos : e - b)));
          if (e == std::string::npos) break;
          b = e + 1;
        }
        int ja = -1, nej = -1, av = -1;
        for (size_t c = 0; c < cells.size(); ++c) {
          const std::string f = Lower(cells[c]);
          if (f == "ja") ja = static_cast<int>(c);
          if (f == "nej") nej = static_cast<int>(c);
          if (f == "avstår" || f == "avstod") av = static_cast<int>(c);
        }
        if (ja >= 0 && nej >= 0) {
          col_ja = ja, col_nej = nej, col_avst = av;
        } else if (col_ja >= 0 && !cells.empty()) {
          ParseOptions opt;
          std::vector<Person> ps = PersonsIn(pg, offset, offset + l.text.find('|'), opt, false);
          auto marked = [&](int c) { return c >= 0 && static_cast<size_t>(c) < cells.size() && !cells[static_cast<size_t>(c)].empty(); };
          if (!ps.empty()) {
            std::string v = marked(col_ja) ? "ja" : marked(col_nej) ? "nej" : marked(col_avst) ? "avstår" : "";
            if (!v.empty()) table.push_back({ps.front().name, ps.front().party, v});
          }
        }
      } else if (!l.text.empty()) {
        col_ja = col_nej = col_avst = -1;
      }
      offset += l.text.size() + 1;
    }
  }
  // Roll call in prose: "… och ordföranden Jonas Attenius (S) röstar Ja (7).", "Anders Larsson,
  // … och Lena Celion röstade Ja."
  std::vector<VoteCast> roll;
  static const Regex cast("\\b(?:röstar|röstade)\\h+(ja|nej)\\b|\\bavstår\\h+från\\h+att\\h+rösta\\b");
  for (const Span& s : sentences) {
    const std::string_view text = SpanText(pg, s);
    auto m = cast.Find(text);
    if (!m) continue;
    // The voting proposition names proposals, not voters: "Den som vill stödja Lena Celions
    // yrkande röstar Ja, den som vill stödja Eric Martells yrkande röstar Nej."
    static const Regex proposition_words("\\b(?:den\\s+som|de\\s+som|vill|voteringsproposition|omröstningsproposition)\\b");
    if (proposition_words.Find(text)) continue;
    std::string v = m->Has(1) ? Lower(m->Group(1)) : "avstår";
    ParseOptions opt;
    // The voters stand before the verb, after a colon if any ("Vid omröstningen röstade …").
    size_t from = s.begin;
    const size_t colon = text.substr(0, m->Begin()).rfind(':');
    if (colon != std::string_view::npos) from = s.begin + colon + 1;
    for (const Person& p : PersonsIn(pg, from, s.begin + m->Begin(), opt, false)) roll.push_back({p.name, p.party, v});
  }
  // Absent and abstaining alone count no vote where none was called: "Ordföranden konstaterade att
  // 116 ledamöter var närvarande och 33 ledamöter var frånvarande" is the roll call's tally.
  if (!any_called && table.empty() &&
      std::none_of(hits.begin(), hits.end(), [](const Hit& h) { return h.what == 'j' || h.what == 'n'; }))
    hits.clear();
  if (!any_called && !any_props && hits.empty() && table.empty()) return;
  Vote v;
  v.method = any_called || !hits.empty() || !table.empty() ? "omröstning" : "acklamation";
  // The last ja count opens the deciding vote; the counts after it are its own.
  size_t last_ja = hits.size();
  for (size_t i = 0; i < hits.size(); ++i)
    if (hits[i].what == 'j') last_ja = i;
  if (last_ja < hits.size()) {
    v.ja = hits[last_ja].n;
    v.page = pg.PageAt(hits[last_ja].at);
    for (size_t i = last_ja + 1; i < hits.size(); ++i) {
      if (hits[i].what == 'n' && !v.nej) v.nej = hits[i].n;
      if (hits[i].what == 'a' && !v.avstar) v.avstar = hits[i].n;
      if (hits[i].what == 'f' && !v.franvarande) v.franvarande = hits[i].n;
    }
    // "Med 4 ja-röster mot 2 nej-röster": a nej printed before the ja of the same sentence.
    if (!v.nej)
      for (size_t i = 0; i < last_ja; ++i)
        if (hits[i].what == 'n') v.nej = hits[i].n;
  } else if (!table.empty()) {
    int ja = 0, nej = 0, av = 0;
    for (const VoteCast& c : table) ja += c.vote == "ja", nej += c.vote == "nej", av += c.vote == "avstår";
    v.ja = ja, v.nej = nej, v.avstar = av;
  }
  if (v.counted()) {
    if (!v.nej) v.nej = 0;
    if (!v.avstar) v.avstar = 0;
    if (!v.franvarande) v.franvarande = 0;
  }
  v.roll_call = !table.empty() ? table : roll;
  static const Regex proposition("(?:voteringsproposition\\h*:?\\h*|omröstningsproposition\\h*:?\\h*)([^\\n]{5,300}?)(?:\\.”|\\.\"|”\\.|\"\\.|\\.\\h*$|$)");
  static const Regex ja_means("\\b(ja[-\\h]?röst\\h+(?:innebär|för)\\b[^.]{3,200})");
  for (const Span& s : sentences) {
    const std::string_view text = SpanText(pg, s);
    if (auto m = proposition.Find(text)) {
      v.proposition = Squash(m->Group(1));
      break;
    }
    if (auto m = ja_means.Find(text)) {
      v.proposition = Squash(text);
      break;
    }
  }
  if (!v.page) {
    for (const Span& s : sentences)
      if (called.Find(SpanText(pg, s)) || propositions.Find(SpanText(pg, s))) {
        v.page = pg.PageAt(s.begin);
        break;
      }
  }
  out.vote = std::move(v);
}

// At most `max` bytes of `s`, cut at a space (never inside a UTF-8 sequence) with "…" after.
std::string Clipped(std::string s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = s.rfind(' ', max);
  if (cut == std::string::npos || cut < max / 2) {
    cut = max;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  }
  s.erase(cut);
  while (!s.empty() && (s.back() == ' ' || s.back() == ',')) s.pop_back();
  return s + "\xE2\x80\xA6";
}

// The statements (protokollsanteckningar) of an item. An author is named beside a verb that
// says so ("lämnar följande protokollsanteckning", "antecknar som yttrande en skrivelse",
// "begär att få följande antecknat till protokollet", "Till protokollet antecknas följande från
// Liberalerna:"), or stands first in a sentence under a "Protokollsanteckning(ar)" heading with
// a verb of the record ("X (M) deltar inte i beslutet"). A sentence with no author ("Antecknas
// att …", "Noteras att …") is the secretary's own record, not a statement.
void ReadStatements(const Paged& pg, const std::vector<Span>& all_sentences, const std::vector<Line>& lines,
                    Proceedings& out) {
  constexpr size_t kMaxText = 2000;
  // A sentence ends before a member named with a party, whatever the word before the full stop:
  // "… särskilt yttrande C. Emmyly Bönfors (C) antecknar …" is two, though "C." may be an initial.
  std::vector<Span> sentences;
  {
    static const Regex next_member("\\.\\s+(?=\\p{Lu}[\\p{L}'’-]+\\s+(?:\\p{Lu}[\\p{L}'’-]+\\s+){0,2}\\([\\p{L}]{1,5}\\))",
                                   Regex::kNone);
    for (const Span& s : all_sentences) {
      const std::string_view text = SpanText(pg, s);
      size_t begin = 0;
      for (const Match& m : next_member.FindAll(text)) {
        sentences.push_back({s.begin + begin, s.begin + m.Begin() + 1});
        begin = m.Begin() + 1;
      }
      sentences.push_back({s.begin + begin, s.end});
    }
  }
  // The author before the verb.
  static const Regex by_verb(
      "\\b(?:(?:antecknar|antecknade)\\s+(?:följande\\b|som\\s+yttrande\\b|till\\s+protokollet\\b|i\\s+protokollet\\b|"
      "att\\b|en\\s+protokollsanteckning\\b|sin\\s+protokollsanteckning\\b)|"
      "(?:lämnar|lämnade|lämnat|får\\s+lämna|fick\\s+lämna|inkommer\\s+med|inkom\\s+med|avger|avgav|gör|gjorde)\\s+"
      "(?:(?:följande|en|sin|skriftlig|muntlig|gemensam)\\s+)*protokollsanteckning(?:ar)?\\b|"
      "(?:begär|begärde|önskar|önskade|vill|ville|får|fick)\\s+(?:att\\s+)?(?:få\\s+|ha\\s+)?(?:följande\\s+)?"
      "(?:antecknat|antecknad|antecknas|infört|intaget)\\s+(?:följande\\s+)?(?:till|i)\\s+protokollet\\b|"
      // Older minutes: "anhöll att till protokollet få antecknat, att …".
      "(?:anhåller|anhöll|begär|begärde|önskar|önskade)\\s+(?:om\\s+)?att\\s+(?:till|i)\\s+protokollet\\s+(?:få\\s+)?"
      "(?:antecknat|antecknad|antecknas|anteckna|infört|införa)\\b|"
      "(?:instämmer|instämde|biträder|biträdde|ansluter\\s+sig\\s+till|anslöt\\s+sig\\s+till)\\s+(?:i\\s+)?(?:\\p{L}+\\s+){0,3}?"
      "protokollsanteckning\\w*)");
  // The author after the verb.
  static const Regex announced(
      "\\b(?:protokollsanteckning(?:ar)?\\s+(?:anmäl(?:s|des|es|ts)|lämna(?:s|des|ts)|inlämnades|inkom)\\s+(?:av|från)|"
      "(?:till|i)\\s+protokollet\\s+antecknas\\s+(?:följande\\s+)?(?:från|av|på\\s+begäran\\s+av))\\s+");
  static const Regex announced_end("\\s*(?::|\\batt\\b|\\bsom\\b|,\\s*bilaga|\\bbilaga\\b|\\bi\\s+bilaga\\b|$)");
  // Under a "Protokollsanteckning(ar)" heading: the record of what the authors did.
  static const Regex record_verb(
      "\\b(?:(?:deltar|deltog|deltager)\\s+(?:inte|ej|icke)\\b|(?:avstår|avstod)\\s+från\\s+att\\s+delta\\b|"
      "instämmer\\b|instämde\\b|anmäler\\b|anmälde\\b|meddelar\\b|meddelade\\b|förklarar\\b|förklarade\\b)");
  static const Regex first_person("\\b(?:vi|jag|oss|mig)\\b");
  static const Regex written_re("\\b(?:skrivelse|bilaga|bil\\.|skriftlig\\w*)");
  static const Regex reference("\\b(skrivelse(?:r|n)?\\b[^;]*|bilaga\\s*\\d+\\s*[a-z]?\\b|bil\\.\\s*\\d+)");
  static const Regex att_text("^\\s*,?\\s*(att\\b.*)$");
  static const Regex person_first("^\\s*(?:\\p{Lu}[\\p{L}'’-]+\\s+){1,3}\\([\\p{L}]{1,5}\\)", Regex::kNone);
  // The secretary's and the chair's own sentences after a statement are no part of it.
  static const Regex record_first(
      "^\\s*(?:det\\s+)?(?:antecknas|antecknades|noteras|noterades|ordföranden|sekreteraren|sammanträdet|mötet|"
      "\\p{L}*(?:nämnden|styrelsen|fullmäktige|utskottet|stämman)\\s+(?:beslutar|beslöt|beslutade|bifaller|godkänner))\\b");

  // The sections under a "Protokollsanteckning(ar)" heading, as ranges of the text.
  std::vector<std::pair<size_t, size_t>> notes;
  struct Inline {
    size_t head_begin, text_begin, end;  // the line, its text after the colon, the paragraph's end
    std::string author;                  // "från …" in the heading
    size_t author_begin = 0;
  };
  std::vector<Inline> inlines;
  {
    static const Regex note_head("^\\s*protokollsanteckning(?:ar)?\\s*(?:(?:från|av)\\s+([^:]{2,80}?))?\\s*:\\s*(.*)$");
    size_t offset = 0;
    bool in_note = false;
    for (size_t i = 0; i < lines.size(); ++i) {
      const std::string& t = lines[i].text;
      auto h = ClassifyHeading(t);
      auto inl = note_head.Find(t);
      if (inl && !Trim(inl->Group(2)).empty()) {
        Inline x{offset, offset + inl->Begin(2), offset + t.size(), std::string(inl->Group(1)), inl->Has(1) ? offset + inl->Begin(1) : 0};
        size_t o = offset + t.size() + 1;
        for (size_t j = i + 1; j < lines.size() && !Trim(lines[j].text).empty() && !IsSectionHeading(lines[j].text); ++j) {
          x.end = o + lines[j].text.size();
          o += lines[j].text.size() + 1;
        }
        inlines.push_back(x);
      }
      if (h) {
        if (in_note) notes.back().second = offset;
        in_note = h->kind == SectionKind::kNote && Lower(Trim(t)).rfind("protokollsanteckning", 0) == 0;
        if (in_note) notes.push_back({offset + t.size(), pg.text().size()});
      }
      offset += t.size() + 1;
    }
  }
  auto in_notes = [&](size_t at) {
    for (const auto& [b, e] : notes)
      if (at >= b && at < e) return true;
    return false;
  };
  auto add = [&](const Actor& a, std::string text, bool written, bool only_new) {
    text = Clipped(Squash(text), kMaxText);
    while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.pop_back();
    for (const Statement& s : out.statements) {
      const bool same = Folded(s.name) == Folded(a.name) && s.party == a.party;
      // A heading's record of what an author did is no second statement of one already read (an
      // appendix page carries a statement's full text under a running head "Protokollsanteckning").
      if (same && (only_new || Folded(s.text) == Folded(text))) return;
    }
    out.statements.push_back({a.name, a.party, std::move(text), written, a.page});
  };

  struct Found {
    std::vector<Actor> actors;
    size_t verb_end = 0;  // in the sentence
    bool record = false;  // only as a heading's record
    bool joins = false;   // "instämmer i protokollsanteckningen": the last statement's words
  };
  std::vector<std::optional<Found>> found(sentences.size());
  for (size_t k = 0; k < sentences.size(); ++k) {
    const Span& s = sentences[k];
    const std::string_view text = SpanText(pg, s);
    if (auto m = by_verb.Find(text)) {
      std::vector<Actor> actors = Actors(pg, s.begin, s.begin + m->Begin(), false, true);
      const std::string verb = Lower(m->Group(0));
      const bool joins = verb.rfind("instäm", 0) == 0 || verb.rfind("biträd", 0) == 0 || verb.rfind("ansl", 0) == 0;
      if (!actors.empty()) found[k] = Found{std::move(actors), m->End(), false, joins};
    } else if (auto m2 = announced.Find(text)) {
      const size_t end = announced_end.Find(text, m2->End())->Begin();
      std::vector<Actor> actors = Actors(pg, s.begin + m2->End(), s.begin + end, false);
      if (!actors.empty()) found[k] = Found{std::move(actors), end, false};
    } else if (in_notes(s.begin)) {
      if (auto m3 = record_verb.Find(text)) {
        if (first_person.Find(text.substr(0, m3->Begin()))) continue;
        std::vector<Actor> actors = Actors(pg, s.begin, s.begin + m3->Begin(), false, true);
        if (!actors.empty()) found[k] = Found{std::move(actors), m3->Begin(), true};
      }
    }
  }
  for (size_t k = 0; k < sentences.size(); ++k) {
    if (!found[k]) continue;
    const Span& s = sentences[k];
    const std::string_view text = SpanText(pg, s);
    const Found& f = *found[k];
    std::string_view rest = text.substr(f.verb_end);
    std::string said;
    const bool written = written_re.Find(rest).has_value() ||
                         (!f.record && written_re.Find(text.substr(0, f.verb_end)).has_value() &&
                          Lower(text.substr(0, f.verb_end)).find("skriftlig") != std::string::npos);
    bool joined_written = false;
    if (f.joins) {
      if (!out.statements.empty()) said = out.statements.back().text, joined_written = out.statements.back().written;
    } else if (f.record) {
      said = std::string(rest);
    } else if (const size_t colon = rest.find(':'); colon != std::string_view::npos && Trim(rest.substr(0, colon)).size() < 40) {
      // The words after the colon, over the paragraph's following sentences up to the next
      // statement or a sentence that opens with a member ("Anna Ek (V) …").
      said = std::string(rest.substr(colon + 1));
      for (size_t j = k + 1; j < sentences.size() && sentences[j].begin == sentences[j - 1].end && !found[j]; ++j) {
        const std::string_view next = SpanText(pg, sentences[j]);
        if (person_first.Find(next) || record_first.Find(next)) break;
        said += " ";
        said += next;
        if (said.size() > kMaxText) break;
      }
    } else if (auto a = att_text.Find(rest)) {
      said = std::string(a->Group(1));
    } else if (auto r = reference.Find(rest); r && written) {
      said = std::string(r->Group(1));
    }
    // Quotation marks around the words are not part of them.
    said = std::string(Trim(said));
    for (const char* q : {"\"", "\xE2\x80\x9D", "\xE2\x80\x9C"}) {
      const std::string_view qv(q);
      while (said.size() >= qv.size() && said.compare(0, qv.size(), qv) == 0) said.erase(0, qv.size());
      while (said.size() >= qv.size() && said.compare(said.size() - qv.size(), qv.size(), qv) == 0) said.erase(said.size() - qv.size());
      if (said.size() > qv.size() + 1 && said.back() == '.' && said.compare(said.size() - 1 - qv.size(), qv.size(), qv) == 0)
        said.erase(said.size() - 1 - qv.size());
    }
    for (const Actor& a : f.actors) add(a, said, written || joined_written, f.record);
  }
  // "Protokollsanteckning: <text>" with the author in the heading ("Protokollsanteckning från
  // Anna Ek (V): …") or signing under the text ("… / Per Persson (SD)").
  for (const Inline& x : inlines) {
    bool has_sentence = false;
    for (size_t k = 0; k < sentences.size(); ++k)
      has_sentence |= found[k] && sentences[k].begin < x.end && sentences[k].end > x.head_begin;
    if (has_sentence) continue;
    std::vector<Actor> actors;
    std::string said(std::string_view(pg.text()).substr(x.text_begin, x.end - x.text_begin));
    if (!x.author.empty()) {
      actors = Actors(pg, x.author_begin, x.author_begin + x.author.size(), false);
    } else {
      // The author signs the text's last line, or after a slash at its end.
      size_t sign = said.rfind('\n');
      const size_t slash = said.rfind('/');
      if (slash != std::string::npos && (sign == std::string::npos || slash > sign)) sign = slash;
      if (sign != std::string::npos) {
        const std::string_view line = Trim(std::string_view(said).substr(sign + 1));
        if (!line.empty() && line.size() < 80 && line.back() != '.') {
          actors = Actors(pg, x.text_begin + sign + 1, x.end, false);
          if (!actors.empty()) said.erase(sign);
        }
      }
    }
    if (actors.empty()) continue;
    const bool written = written_re.Find(said).has_value() && said.size() < 80;
    for (const Actor& a : actors) add(a, said, written, false);
  }
}

}  // namespace

Proceedings ReadProceedings(const std::vector<Line>& printed, int paragraph) {
  Proceedings out;
  const std::vector<Line> lines = JoinBrokenWords(printed);
  Paged pg(lines);
  const std::vector<Span> sentences = SentenceSpans(pg, lines);

  // Motions.
  static const Regex verb("\\b(yrkar|yrkade|yrkat|yrka|instämmer|instämde|instämt|biträder|biträdde|föreslår|föreslog)\\b");
  static const Regex passive_support("\\b(?:biträddes|understöddes|understöttes)\\s+av\\s+");
  static const Regex proposal_by("\\bpå\\s+förslag\\s+(?:av|från)\\s+(.{3,80}?):");
  for (const Span& s : sentences) {
    const std::string_view text = SpanText(pg, s);
    if (auto m = proposal_by.Find(text)) {
      std::vector<Actor> actors = Actors(pg, s.begin + m->Begin(1), s.begin + m->End(1), false);
      const std::string rest = Lower(text.substr(m->End()));
      std::string kind = rest.find("bordläggs") != std::string::npos    ? "bordläggning"
                         : rest.find("återremitteras") != std::string::npos ? "återremiss"
                                                                             : "other";
      for (const Actor& a : actors) out.motions.push_back({a.name, a.party, kind, std::string(Trim(text.substr(m->End()))), false, a.page});
      continue;
    }
    // A motion in the passive, its mover the agent ("af/av"), as old minutes write it: "yrkande
    // framstälts af Herr C.A. Andersson att man borde uppskjuta …", "af Herr Hellqvist yrkats att
    // kartan skulle … gillas", "yrkades af ordföranden att …". The motion is the "att" clause.
    // (And a proposal by its maker, as old minutes record one: "beslöts på hemställan af E. A.
    // Clausén att …", "godkändes med den justering, efter framställning av herr Clausén, att …".)
    static const Regex passive_after(
        "\\b(?:yrkande\\s+(?:framställ\\w*|framstäl\\w*|gjorts|gjordes|väckt\\w*|väcktes)|yrkades|yrkas|"
        "(?:på|efter)\\s+(?:förslag|hemställan|framställning)(?!\\s+till)|förslag\\s+framlades|förslag\\s+framställdes)\\s+a[fv]\\s+"
        "((?:(?!\\batt\\b)[^;]){3,80}?)\\s+(?=att\\b)");
    static const Regex passive_before("\\ba[fv]\\s+((?:(?!\\ba[fv]\\s)[^;]){3,60}?)\\s+(?:yrkats|yrkades|yrkat\\s+blifvit|blifvit\\s+yrkadt)\\s+(?=att\\b)");
    // Each up to the next (old minutes run several motions and votes into one sentence).
    std::vector<Match> passives = passive_after.FindAll(text);
    for (const Match& b : passive_before.FindAll(text)) passives.push_back(b);
    std::sort(passives.begin(), passives.end(), [](const Match& x, const Match& y) { return x.Begin() < y.Begin(); });
    if (!passives.empty() && !verb.Find(text.substr(0, passives.front().Begin()))) {
      size_t last_end = 0;
      for (size_t i = 0; i < passives.size(); ++i) {
        const Match& p = passives[i];
        if (p.Begin() < last_end) continue;  // overlapping readings of one phrase: the first
        last_end = p.End();
        const size_t next = i + 1 < passives.size() ? passives[i + 1].Begin() : text.size();
        const std::string_view object = text.substr(p.End(), std::max(next, p.End()) - p.End());
        // An amendment made on someone's proposal ("med den justering, efter framställning av X").
        static const Regex amending("\\b(?:justering|ändring)\\b[^.]{0,25}$");
        const std::string kind = amending.Find(text.substr(0, p.Begin())) ? "ändring" : MotionKind(object);
        std::string said = Squash(object);
        if (!said.empty() && said.back() == '.') said.pop_back();
        for (const Actor& a : Actors(pg, s.begin + p.Begin(1), s.begin + p.End(1), false))
          out.motions.push_back({a.name, a.party, kind, said, false, a.page});
      }
      continue;
    }
    // A proposal laid before the meeting by its maker: "Förslag om anordnande av Gymnastik,
    // framlades av Herr Rickard Karlsson, och …"; one the meeting followed: "Enligt Erik Olssons
    // förslag skulle …".
    {
      static const Regex laid("(?<!\\p{L})[Ff]örslag\\b[^.]{0,90}?\\b(?:framlades|framlagts|framställdes|väcktes)\\s+a[fv]\\s+([^,.;]{3,60}?)(?=\\s*(?:,|\\.|;|\\boch\\b|$))", Regex::kNone);
      static const Regex following("(?<!\\p{L})[Ee]nligt\\s+(\\p{Lu}[\\p{L}.'’-]*(?:\\s+\\p{Lu}[\\p{L}.'’-]*){0,3}?)(?::s|s|')\\s+förslag\\b", Regex::kNone);
      std::optional<Match> n = laid.Find(text);
      if (!n) n = following.Find(text);
      if (n && !verb.Find(text)) {
        for (const Actor& a : Actors(pg, s.begin + n->Begin(1), s.begin + n->End(1), false))
          out.motions.push_back({a.name, a.party, "other", Squash(text), false, a.page});
        continue;
      }
    }
    auto m = verb.Find(text);
    if (!m) {
      if (auto p = passive_support.Find(text); p && !out.motions.empty()) {
        const std::string kind = out.motions.back().kind;
        for (const Actor& a : Actors(pg, s.begin + p->End(), s.end, false))
          out.motions.push_back({a.name, a.party, kind, out.motions.back().text, true, a.page});
      }
      continue;
    }
    const std::string v = Lower(m->Group(1));
    // The movers stand before the verb: "Jenny Broman (V) och ordföranden Jonas Attenius (S)
    // yrkar …", "Herr Sundqvist yrkade bordläggning".
    std::vector<Actor> actors = Actors(pg, s.begin, s.begin + m->Begin(), false, true);
    if (actors.empty()) continue;
    const std::string_view object = text.substr(m->End());
    Motion base;
    base.text = Squash(object);
    if (!base.text.empty() && base.text.back() == '.') base.text.pop_back();
    if (v.rfind("instäm", 0) == 0 || v.rfind("biträd", 0) == 0) {
      base.supports = true;
      const Motion* ref = Referenced(object, out.motions);
      base.kind = ref ? ref->kind : !out.motions.empty() && Lower(object).find("yrkande") != std::string::npos ? out.motions.back().kind : "other";
    } else {
      base.kind = MotionKind(object);
    }
    for (const Actor& a : actors) {
      Motion mo = base;
      mo.name = a.name;
      mo.party = a.party;
      mo.page = a.page;
      out.motions.push_back(std::move(mo));
    }
    if (auto p = passive_support.Find(object)) {
      for (const Actor& a : Actors(pg, s.begin + m->End() + p->End(), s.end, false))
        out.motions.push_back({a.name, a.party, base.kind, base.text, true, a.page});
    }
    // "Henrik Wöhlecke (M) yrkar med instämmande av Ingemar Jeppsson (C) och Daniel Rhodin (FP)
    // att valen …": the supporters between, the motion after them.
    static const Regex joined("^\\s*med\\s+instämmande\\s+(?:av|från)\\s+(.+?)\\s+(?=att\\b|bifall|avslag|återremiss|bordläggning)");
    if (auto j = joined.Find(object)) {
      const std::string kind = MotionKind(object.substr(j->End()));
      for (size_t k = out.motions.size() - actors.size(); k < out.motions.size(); ++k) out.motions[k].kind = kind;
      for (const Actor& a : Actors(pg, s.begin + m->End() + j->Begin(1), s.begin + m->End() + j->End(1), false))
        out.motions.push_back({a.name, a.party, kind, base.text, true, a.page});
    }
  }

  // Under a "Yrkande(n)" heading, a line "Pär Löfstrand, fp: Motionen bifalls." or "Anna
  // Andersson (M): Avslag." is a motion: the mover, the party, what was moved.
  {
    static const Regex claim("^\\s*([^:,()]{3,60}?)\\s*(?:,\\s*([\\p{L}]{1,12})|\\(([\\p{L}]{1,12})\\))\\s*:\\s*(\\S.*)$");
    bool in_claims = false;
    size_t offset = 0;
    for (const Line& l : lines) {
      if (auto h = ClassifyHeading(l.text)) in_claims = h->kind == SectionKind::kClaims;
      else if (in_claims && !l.text.empty()) {
        if (auto m = claim.Find(l.text)) {
          const std::string party = PartyCode(m->Has(2) ? m->Group(2) : m->Group(3));
          ParseOptions opt;
          std::vector<Person> ps = PersonsIn(pg, offset + m->Begin(1), offset + m->End(1), opt, false);
          if (!party.empty() && ps.size() == 1) {
            const std::string said = Lower(m->Group(4));
            const std::string kind = said.find("bifall") != std::string::npos       ? "bifall"
                                     : said.find("avslå") != std::string::npos ||
                                               said.find("avslag") != std::string::npos ? "avslag"
                                     : said.find("återremitt") != std::string::npos ||
                                               said.find("återremiss") != std::string::npos ? "återremiss"
                                     : said.find("bordlägg") != std::string::npos    ? "bordläggning"
                                                                                     : MotionKind(m->Group(4));
            out.motions.push_back({ps.front().name, party, kind, Squash(m->Group(4)), false, l.page});
          }
        }
      }
      offset += l.text.size() + 1;
    }
  }

  ReadVote(pg, sentences, lines, out);

  // Reservations.
  static const Regex reserves("\\breserver(?:ar|ade|at|a)\\s+(?:sig|oss)\\b");
  static const Regex announced("\\breservation(?:er)?\\s+(?:anmäl(?:s|des|es|ts)|lämna(?:s|des|ts)|inlämnades)\\s+(?:av|från)\\s+");
  // The old order, the verb before the reserving member: "Mot detta beslut anförde Herr C.A.
  // Andersson sin skriftliga reservation", "anmälde Ledamoten Per Ek reservation".
  static const Regex lodged(
      "\\b(?:anförde|anför|anmälde|anmäler|inlämnade|inlämnar|avgav|avger|afgaf)\\s+(.{3,80}?)\\s+(?:sin|sina|en|skriftlig|skriftligen)?\\s*(?:skriftliga?\\s+)?reservation(?:er)?\\b");
  static const Regex favour("\\btill\\s+förmån\\s+för\\s+([^.;]{2,160})");
  static const Regex written_re("\\b(?:skriftlig\\w*|bilag\\w*|bil\\.)");
  static const Regex actor_end("\\b(?:till\\s+förmån|mot\\s+beslutet|mot\\s+detta|mot\\s+\\p{L}+\\s+beslut|skriftligt|skriftligen|med\\s+hänvisning|och\\s+anmäler|i\\s+enlighet)\\b");
  for (const Span& s : sentences) {
    const std::string_view text = SpanText(pg, s);
    std::vector<Actor> actors;
    size_t after_verb = std::string_view::npos;
    // A committee's members differing from its report ("SD-ledamöterna anmälde en avvikande
    // mening", the Riksdag's and many boards' word for it) reserve themselves as a member does.
    static const Regex dissents("\\b(?:anmäl(?:de|er|t|a)|avgav|avger|lämnade|lämnar)\\s+(?:en\\s+)?avvikande\\s+mening\\b");
    auto m = reserves.Find(text);
    if (!m) m = dissents.Find(text);
    if (m) {
      actors = Actors(pg, s.begin, s.begin + m->Begin(), false, true);
      after_verb = m->End();
      if (actors.empty()) {
        size_t end = s.end;
        if (auto e = actor_end.Find(text, m->End())) end = s.begin + e->Begin();
        actors = Actors(pg, s.begin + m->End(), end, false);
      }
    } else if (auto m2 = announced.Find(text)) {
      size_t end = s.end;
      if (auto e = actor_end.Find(text, m2->End())) end = s.begin + e->Begin();
      actors = Actors(pg, s.begin + m2->End(), end, false);
      after_verb = m2->End();
    } else if (auto m3 = lodged.Find(text)) {
      actors = Actors(pg, s.begin + m3->Begin(1), s.begin + m3->End(1), false);
      after_verb = m3->End();
    }
    if (after_verb == std::string_view::npos) continue;
    std::string in_favour;
    if (auto f = favour.Find(text, after_verb)) in_favour = Squash(f->Group(1));
    const bool written = written_re.Find(text).has_value();
    for (const Actor& a : actors) {
      bool seen = false;
      for (const Reservation& r : out.reservations) seen |= Folded(r.name) == Folded(a.name) && r.party == a.party;
      if (!seen) out.reservations.push_back({a.name, a.party, in_favour, written, a.page});
    }
  }

  ReadStatements(pg, sentences, lines, out);

  // Conflicts of interest.
  static const Regex jav("\\bjäv\\w*\\b|\\bjävig\\w*\\b");
  static const Regex other_item("(?:paragraf|§§?)\\s*(\\d{1,4})");
  static const Regex subject_verb("\\b(?:anmäler|anmälde|anmält|deltar|deltog|deltager|är|var|anses|ansågs|lämnar|lämnade|avstår|avstod|förklarade|förklarar|ansåg|anser)\\b");
  static const Regex not_taking_part("\\b(?:deltar|deltog|deltager)\\s+(?:inte|icke|ej)\\s+");
  static const Regex none("\\b(?:ingen|inga|ej\\s+anmäl|icke\\s+anmäl|föreligger\\s+ingen|förhindrad)\\b");
  for (const Span& s : sentences) {
    const std::string_view text = SpanText(pg, s);
    if (!jav.Find(text)) continue;
    if (none.Find(text) && !not_taking_part.Find(text)) continue;
    // Announced here for another item ("anmäler jäv under paragraf 206"): that item's.
    if (auto o = other_item.Find(text, jav.Find(text)->Begin())) {
      const int n = DecimalValue(o->Group(1));
      if (paragraph > 0 && n != paragraph) continue;
    }
    std::vector<Actor> actors;
    if (auto v = subject_verb.Find(text)) actors = Actors(pg, s.begin, s.begin + v->Begin(), false, true);
    if (actors.empty()) {
      if (auto d = not_taking_part.Find(text)) {
        static const Regex stop("\\s+(?:i|vid|under)\\s+(?:handläggning|behandling|beslut|ärende|överläggning)");
        size_t end = s.end;
        if (auto e = stop.Find(text, d->End())) end = s.begin + e->Begin();
        actors = Actors(pg, s.begin + d->End(), end, false);
      }
    }
    for (const Actor& a : actors) {
      if (a.name.empty()) continue;
      bool seen = false;
      for (const Conflict& c : out.conflicts) seen |= Folded(c.name) == Folded(a.name);
      if (!seen) out.conflicts.push_back({a.name, a.party, a.page});
    }
  }

  // Unanimity.
  static const Regex unanimous("\\b(?:enhällig\\w*|eniga|enigt)\\b");
  bool said = false;
  for (const Span& s : sentences) said |= unanimous.Find(SpanText(pg, s)).has_value();
  const bool contrary = !out.reservations.empty() || (out.vote && out.vote->nej.value_or(0) > 0);
  if (contrary) out.unanimous = false;
  else if (said) out.unanimous = true;
  return out;
}

}  // namespace protokoll::extractors
