#include "catalogue/terms.h"

#include "catalogue/lexicon.h"

#include <hunspell/hunspell.hxx>
#include <libstemmer.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <fstream>
#include <iterator>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace protokoll::catalogue {

namespace {

constexpr const char* kAff = "/usr/share/hunspell/sv_SE.aff";
constexpr const char* kDic = "/usr/share/hunspell/sv_SE.dic";

// Words that begin many compounds as prefixes rather than as nouns ("förskola" is not about
// "för"): a split there is kept, but the prefix is not a search term.
const std::unordered_set<std::string>& PrefixWords() {
  static const std::unordered_set<std::string> words = {
      "för", "efter", "under", "över", "till", "från", "mot", "med", "utan", "inom", "mellan",
      "genom", "bakom", "kring", "samman", "sam", "upp", "ned", "ner", "ute", "inne", "fram",
      "bort", "hem", "åter", "miss", "van", "icke", "hel", "halv", "sär", "all", "egen", "ett",
      "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "mer", "mest", "mindre",
      "och", "att", "som", "det", "den", "han", "hon", "man", "vid", "ett", "alla"};
  return words;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// Byte offsets of the code point boundaries of s (0 and s.size() included).
std::vector<size_t> Boundaries(std::string_view s) {
  std::vector<size_t> b;
  for (size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) b.push_back(i);
  b.push_back(s.size());
  return b;
}

bool HasDigit(std::string_view s) {
  for (char c : s)
    if (c >= '0' && c <= '9') return true;
  return false;
}

void AppendUnique(std::vector<std::string>& out, std::unordered_set<std::string>& seen,
                  const std::string& w) {
  if (seen.insert(w).second) out.push_back(w);
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

// The base form in one Hunspell analysis (" st:bidrag fl:B"). For a compound Hunspell gives the
// stem of its last part (" pa:arvodet  st:arvode" for "sammanträdesarvodet"): the parts before
// it are put back ("sammanträdesarvode").
std::string LemmaOfAnalysis(const std::string& word, const std::string& analysis) {
  auto field = [&](const char* tag, size_t from) -> std::pair<size_t, std::string> {
    size_t at = analysis.find(tag, from);
    if (at == std::string::npos) return {std::string::npos, {}};
    size_t start = at + 3;
    size_t end = analysis.find_first_of(" \t", start);
    return {at, analysis.substr(start, end == std::string::npos ? std::string::npos : end - start)};
  };
  size_t last_pa = std::string::npos;
  std::string pa;
  for (size_t from = 0;;) {
    auto [at, value] = field("pa:", from);
    if (at == std::string::npos) break;
    last_pa = at;
    pa = value;
    from = at + 3;
  }
  auto [st_at, st] = field("st:", last_pa == std::string::npos ? 0 : last_pa);
  if (st_at == std::string::npos || st.empty()) return word;
  if (last_pa != std::string::npos && pa.size() < word.size() &&
      word.compare(word.size() - pa.size(), pa.size(), pa) == 0)
    return word.substr(0, word.size() - pa.size()) + st;
  return st;
}

}  // namespace

const char* TermsModeName(TermsMode m) {
  switch (m) {
    case TermsMode::kSurface: return "surface";
    case TermsMode::kSnowball: return "snowball";
    case TermsMode::kLemmas: return "hunspell";
    case TermsMode::kLemmasAndParts: return "hunspell+compounds";
  }
  return "surface";
}

std::vector<WordSpan> WordSpans(std::string_view text) {
  std::vector<WordSpan> out;
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = 0, n = static_cast<int32_t>(text.size());
  WordSpan cur;
  bool in_word = false;
  while (i < n) {
    int32_t at = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c > 0 && (u_isalnum(c) || u_charType(c) == U_NON_SPACING_MARK)) {
      if (!in_word) {
        cur = WordSpan{static_cast<size_t>(at), 0, {}};
        in_word = true;
      }
      UChar32 l = u_tolower(c);
      char buf[4];
      int32_t k = 0;
      UBool err = false;
      U8_APPEND(reinterpret_cast<uint8_t*>(buf), k, 4, l, err);
      if (!err) cur.lower.append(buf, static_cast<size_t>(k));
      cur.end = static_cast<size_t>(i);
    } else if (in_word) {
      out.push_back(std::move(cur));
      in_word = false;
    }
  }
  if (in_word) out.push_back(std::move(cur));
  return out;
}

std::string YearToken(int year) { return "y" + std::to_string(year); }

std::string BodyToken(std::string_view body) {
  std::string key = "b";
  for (const std::string& w : Words(body)) key += w;
  return key;
}

std::string AmountToken(int power_of_ten) { return "a" + std::to_string(power_of_ten); }

std::string DiarienummerToken(std::string_view normalized) {
  std::string key = "d";
  std::vector<std::string> words = Words(normalized);
  for (size_t i = 0; i < words.size(); ++i) key += (i ? "x" : "") + words[i];
  return key;
}

std::vector<std::string> MunicipalityWords(std::string_view municipality) {
  static const std::set<std::string> kKinds = {
      "kommun", "kommuns", "stad", "stads", "socken", "sockens", "församling", "församlings", "landsting",
      "landstings", "landstinget", "region", "regionen", "kommunförbund", "kommunförbunds", "läns", "svenska",
      "finska"};
  std::vector<std::string> out;
  auto add = [&](const std::string& w) {
    if (std::find(out.begin(), out.end(), w) == out.end()) out.push_back(w);
  };
  for (const std::string& w : Words(municipality)) {
    if (kKinds.count(w) || w.find_first_of("0123456789") != std::string::npos) continue;
    add(w);
    if (w.size() > 3 && w.back() == 's') add(w.substr(0, w.size() - 1));
  }
  return out;
}

std::string FacetTokens(std::string_view meeting_date, std::string_view body,
                        const std::vector<double>& amounts_sek,
                        const std::vector<std::string>& diarienummer, std::string_view municipality) {
  std::vector<std::string> tokens;
  if (meeting_date.size() >= 4 && meeting_date.substr(0, 4).find_first_not_of("0123456789") ==
                                      std::string_view::npos)
    tokens.push_back(YearToken(std::stoi(std::string(meeting_date.substr(0, 4)))));
  if (!Words(body).empty()) tokens.push_back(BodyToken(body));
  double largest = 0;
  for (double a : amounts_sek) largest = std::max(largest, a);
  for (int k = 3; k <= 12 && largest >= std::pow(10.0, k); ++k) tokens.push_back(AmountToken(k));
  for (const std::string& d : diarienummer) tokens.push_back(DiarienummerToken(d));
  for (std::string& w : MunicipalityWords(municipality)) tokens.push_back(std::move(w));
  return Join(tokens);
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  for (WordSpan& w : WordSpans(text)) out.push_back(std::move(w.lower));
  return out;
}

namespace {

// The compound flags of the Swedish dictionary (sv_SE.dic/.aff), read once per process and
// shared read-only by every SwedishTerms: forms that may begin a compound, with their base form
// ("skol" → "skola", "utbildnings" → "utbildning", "kommun" → "kommun"), words that may end one
// (flag Y), nouns (they take definite suffixes, flags B–F) and all stems, lower case. Keys are
// views into one buffer: reading 150,000 entries takes a few tens of milliseconds.
struct Lexicon {
  std::string buffer;              // the .dic file, lower-cased in place
  std::deque<std::string> made;    // forms made from flags ("arvodes"), for the views below
  std::unordered_set<std::string_view> stems, nouns, ends;
  std::unordered_map<std::string_view, std::string> begins;
};

// Lower-cases a dictionary entry in place and says whether it is one word of letters (ASCII or
// Latin-1 letters in UTF-8): "ac-", "t.ex." and "3D" are not.
bool LowerDictionaryWord(char* p, size_t n) {
  if (n == 0) return false;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(p[i]);
    if (c >= 'A' && c <= 'Z') {
      p[i] = static_cast<char>(c + 32);
    } else if (c >= 'a' && c <= 'z') {
    } else if (c == 0xC3 && i + 1 < n) {
      unsigned char d = static_cast<unsigned char>(p[i + 1]);
      if (d == 0x97 || d == 0xB7 || d < 0x80 || d > 0xBF) return false;  // × ÷
      if (d >= 0x80 && d <= 0x9E) p[i + 1] = static_cast<char>(d + 0x20);  // À–Þ → à–þ
      ++i;
    } else {
      return false;
    }
  }
  return true;
}

// Made from the dictionary only when no cache file has it (catalogue/lexicon.h).
std::string MakeLexicon() {
  {
    auto lex = std::make_unique<Lexicon>();
    std::ifstream in(kDic, std::ios::binary);
    lex->buffer.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    struct Entry {
      std::string_view word, flags;
    };
    std::vector<Entry> entries;
    entries.reserve(160000);
    char* data = lex->buffer.data();
    size_t pos = lex->buffer.find('\n');  // the first line is the entry count
    while (pos != std::string::npos && pos + 1 < lex->buffer.size()) {
      size_t start = pos + 1;
      size_t end = lex->buffer.find('\n', start);
      if (end == std::string::npos) end = lex->buffer.size();
      pos = end;
      size_t slash = lex->buffer.find('/', start);
      if (slash == std::string::npos || slash > end) slash = end;
      size_t word_end = slash;
      while (word_end > start && (data[word_end - 1] == '\r' || data[word_end - 1] == ' ')) --word_end;
      if (!LowerDictionaryWord(data + start, word_end - start)) continue;
      std::string_view flags(data + std::min(slash + 1, end), end - std::min(slash + 1, end));
      entries.push_back({std::string_view(data + start, word_end - start), flags});
    }
    lex->stems.reserve(entries.size());
    lex->nouns.reserve(entries.size() / 2);
    lex->ends.reserve(entries.size() / 2);
    for (const Entry& e : entries) {
      if (e.flags.find('Z') != std::string_view::npos) continue;
      lex->stems.insert(e.word);
      if (e.flags.find_first_of("BCDEF") != std::string_view::npos) lex->nouns.insert(e.word);
    }
    auto view = [&](std::string s) -> std::string_view {
      lex->made.push_back(std::move(s));
      return lex->made.back();
    };
    for (const Entry& e : entries) {
      const std::string word(e.word);
      const bool only_in_compound = e.flags.find('Z') != std::string_view::npos;
      std::string base = word;
      if (only_in_compound) {  // "skol" is "skola", "förskole" "förskola", "arbets" "arbete"
        // "tim" is "timme": a doubled last consonant too. Only nouns are guessed.
        std::vector<std::string> guesses = {word + "a", word + "e", word + word.back() + "e",
                                            word + word.back() + "a", word + "o"};
        if (word.back() == 'e' || word.back() == 's') {
          std::string stem = word.substr(0, word.size() - 1);
          guesses.insert(guesses.begin(), {stem + "e", stem, stem + "a"});
        }
        for (const std::string& g : guesses)
          if (lex->nouns.count(g)) {
            base = g;
            break;
          }
      }
      if (!only_in_compound && e.flags.find('Y') != std::string_view::npos) lex->ends.insert(e.word);
      if (e.flags.find('X') != std::string_view::npos || e.flags.find('s') != std::string_view::npos) {
        // "idrotts" listed as a compound beginning is "idrott" with the linking s.
        if (!only_in_compound && word.size() > 3 && word.back() == 's') {
          std::string bare = word.substr(0, word.size() - 1);
          if (lex->nouns.count(bare + "e")) base = bare + "e";  // "riks" → "rike"
          else if (lex->stems.count(bare)) base = bare;
        }
        lex->begins.emplace(e.word, base);
      }
      if (e.flags.find('v') != std::string_view::npos || e.flags.find('f') != std::string_view::npos) {
        // "arvodes-", "skolans-": the linking s (replacing a final a).
        std::string form = word.back() == 'a' ? word.substr(0, word.size() - 1) + "s" : word + "s";
        if (!lex->begins.count(form)) lex->begins.emplace(view(form), base);
      }
    }
    LexiconSets sets;
    sets.stems.assign(lex->stems.begin(), lex->stems.end());
    sets.nouns.assign(lex->nouns.begin(), lex->nouns.end());
    sets.ends.assign(lex->ends.begin(), lex->ends.end());
    for (const auto& [k, v] : lex->begins) sets.begins.emplace_back(k, v);
    return FlatLexicon::Build(sets);
  }
}

const FlatLexicon& SharedLexicon() { return CachedLexicon(kDic, MakeLexicon); }

// Takes and gives back the dictionaries of TakeSwedishDictionary. Hunspell keeps a process-wide
// UTF table with an unguarded reference count, set up as Hunspell objects are made: every
// construction holds `made_`'s lock (none is ever destroyed).
class HunspellPool {
 public:
  static HunspellPool& Get() {
    static auto* pool = new HunspellPool;  // never destroyed, nor are the dictionaries it holds
    return *pool;
  }
  std::unique_ptr<Hunspell> Take() {
    {
      std::lock_guard<std::mutex> lock(idle_mu_);
      if (!idle_.empty()) {
        std::unique_ptr<Hunspell> h = std::move(idle_.back());
        idle_.pop_back();
        return h;
      }
    }
    if (access(kAff, R_OK) != 0 || access(kDic, R_OK) != 0) return nullptr;
    std::lock_guard<std::mutex> lock(made_);
    return std::make_unique<Hunspell>(kAff, kDic);
  }
  void Give(std::unique_ptr<Hunspell> h) {
    if (!h) return;
    std::lock_guard<std::mutex> lock(idle_mu_);
    idle_.push_back(std::move(h));
  }

 private:
  std::mutex made_, idle_mu_;
  std::vector<std::unique_ptr<Hunspell>> idle_;
};

}  // namespace

std::unique_ptr<Hunspell> TakeSwedishDictionary() { return HunspellPool::Get().Take(); }
void GiveBackSwedishDictionary(std::unique_ptr<Hunspell> dictionary) { HunspellPool::Get().Give(std::move(dictionary)); }

struct SwedishTerms::Impl {
  TermsMode mode = TermsMode::kSurface;
  std::unique_ptr<Hunspell> hunspell;
  sb_stemmer* snowball = nullptr;
  const FlatLexicon* lex = nullptr;  // shared, read-only, mapped or built once per process
  std::unordered_map<std::string, std::vector<std::string>> base_cache, parts_cache;

  ~Impl() {
    if (snowball) sb_stemmer_delete(snowball);
    GiveBackSwedishDictionary(std::move(hunspell));
  }

  // The base form of the first part of a compound, or "" when `left` cannot begin one:
  // "års" → "år", "skol" → "skola", "sammanträdes" → "sammanträde", "kommun" → "kommun".
  std::string CompoundBegin(const std::string& left) {
    if (CodePoints(left) < 3) return {};
    if (auto b = lex->Begin(left)) return std::string(*b);
    // The genitive s links any noun ("års", "kommuns").
    std::string bare = left.back() == 's' ? left.substr(0, left.size() - 1) : std::string();
    if (!bare.empty() && lex->IsNoun(bare + "e")) return bare + "e";  // "riks" → "rike"
    if (!bare.empty() && lex->IsStem(bare)) return bare;
    // A compound as first part ("skolskjuts" in "skolskjutsärende").
    if (!Parts(left).empty()) return left;
    if (!bare.empty() && CodePoints(bare) >= 6 && !Parts(bare).empty()) return bare;
    return {};
  }

  // Compound parts of a base form: the longest head whose rest can begin a compound, the rest
  // split again. A head is a word the dictionary lets end a compound (flag Y), or a noun after a
  // first part the dictionary marks as a compound beginning ("budget|år", "verksamhets|år").
  // Failing that, a long head after an unknown first part ("gatu|belysning") gives the head.
  const std::vector<std::string>& Parts(const std::string& word) {
    auto it = parts_cache.find(word);
    if (it != parts_cache.end()) return it->second;
    parts_cache[word];  // guards the recursion
    std::vector<std::string> parts;
    std::unordered_set<std::string> seen;
    if (CodePoints(word) >= 5 && !HasDigit(word)) {
      std::vector<size_t> b = Boundaries(word);
      const size_t cps = b.size() - 1;
      bool split = false;
      for (size_t k = 3; k + 2 <= cps && !split; ++k) {
        std::string right = word.substr(b[k]);
        std::string left = word.substr(0, b[k]);
        std::string first;
        // Heads of two letters ("ur", "al") are mostly false splits ("kult|ur", "person|al");
        // "år" is the exception: the dictionary gives it no compound-end flag, yet it ends
        // "budgetår", "verksamhetsår", "läsår" …
        const bool short_head = cps - k < 3 && right != "år";
        if (short_head) continue;
        if (lex->IsEnd(right)) {
          first = CompoundBegin(left);
        } else if (lex->IsNoun(right) && CodePoints(left) >= 4) {
          if (auto bg = lex->Begin(left)) first = std::string(*bg);
        }
        if (first.empty()) continue;
        if (!PrefixWords().count(first)) AppendUnique(parts, seen, first);
        for (const std::string& p : Parts(first)) AppendUnique(parts, seen, p);
        AppendUnique(parts, seen, right);
        split = true;
      }
      for (size_t k = 4; k + 5 <= cps && !split; ++k) {
        std::string right = word.substr(b[k]);
        if (!lex->IsEnd(right)) continue;
        AppendUnique(parts, seen, right);
        split = true;
      }
    }
    return parts_cache[word] = std::move(parts);
  }

  const std::vector<std::string>& Base(const std::string& word) {
    auto it = base_cache.find(word);
    if (it != base_cache.end()) return it->second;
    std::vector<std::string> out;
    if (mode == TermsMode::kSnowball && snowball) {
      const sb_symbol* r = sb_stemmer_stem(snowball, reinterpret_cast<const sb_symbol*>(word.data()),
                                           static_cast<int>(word.size()));
      if (r) out.emplace_back(reinterpret_cast<const char*>(r), sb_stemmer_length(snowball));
    } else if ((mode == TermsMode::kLemmas || mode == TermsMode::kLemmasAndParts) && hunspell &&
               !HasDigit(word) && word.size() < 100) {
      std::unordered_set<std::string> seen;
      // Only a word Hunspell knows is analysed: its compound analysis of some unknown words
      // crashes (a null read in libhunspell 1.7 with sv_SE: "xsmyckeshängare", in a query or in
      // a protocol's text, took the process down), and an unknown word has no analysis anyway.
      const std::vector<std::string> analyses = hunspell->spell(word) ? hunspell->analyze(word) : std::vector<std::string>{};
      for (const std::string& a : analyses) {
        std::string l;
        for (const std::string& w : Words(LemmaOfAnalysis(word, a))) l += w;  // lower-cased
        if (!l.empty()) AppendUnique(out, seen, l);
        // sv_SE derives some nouns' -er plurals from a verb in -a: "avgifter" and "avgifterna"
        // only as "avgifta", never as the noun "avgift" the word is in a protocol. A plural
        // ending (-er, -erna, -ers, -ernas) on a noun of the dictionary is that noun's too.
        if (lex && l.size() > 3 && l.back() == 'a' && word.compare(0, l.size() - 1, l, 0, l.size() - 1) == 0) {
          const std::string noun = l.substr(0, l.size() - 1);
          const std::string_view ending = std::string_view(word).substr(noun.size());
          if ((ending == "er" || ending == "erna" || ending == "ers" || ending == "ernas") && lex->IsNoun(noun))
            AppendUnique(out, seen, noun);
        }
        if (out.size() >= 3) break;
      }
    }
    if (out.empty()) out.push_back(word);
    return base_cache[word] = std::move(out);
  }
};

SwedishTerms::SwedishTerms(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SwedishTerms::~SwedishTerms() = default;
TermsMode SwedishTerms::mode() const { return impl_->mode; }

std::unique_ptr<SwedishTerms> SwedishTerms::Create(TermsMode mode) {
  auto impl = std::make_unique<Impl>();
  impl->mode = mode;
  if (mode == TermsMode::kSnowball) {
    impl->snowball = sb_stemmer_new("swedish", "UTF_8");
    if (!impl->snowball) impl->mode = TermsMode::kSurface;
  } else if (mode == TermsMode::kLemmas || mode == TermsMode::kLemmasAndParts) {
    impl->hunspell = TakeSwedishDictionary();
    if (!impl->hunspell) impl->mode = TermsMode::kSurface;
    else if (mode == TermsMode::kLemmasAndParts) impl->lex = &SharedLexicon();
  }
  return std::unique_ptr<SwedishTerms>(new SwedishTerms(std::move(impl)));
}

const std::vector<std::string>& SwedishTerms::BaseForms(const std::string& word) {
  return impl_->Base(word);
}

const std::vector<std::string>& SwedishTerms::CompoundParts(const std::string& word) {
  static const std::vector<std::string> kNone;
  if (impl_->mode != TermsMode::kLemmasAndParts) return kNone;
  return impl_->Parts(word);
}

ItemTerms SwedishTerms::ForItem(std::string_view title, std::string_view text) {
  ItemTerms out;
  if (impl_->mode == TermsMode::kSurface) return out;
  std::vector<std::string> title_terms, terms, parts;
  std::unordered_set<std::string> title_seen, seen, parts_seen, seen_words;
  auto add = [&](std::string_view s, bool in_title) {
    for (const std::string& w : Words(s)) {
      if (HasDigit(w) || CodePoints(w) < 2) continue;
      // A word again (in the text after the title, or twice in one): its forms are in already.
      if (!seen_words.insert(w).second) continue;
      out.words.push_back(w);
      for (const std::string& b : BaseForms(w)) {
        if (in_title) AppendUnique(title_terms, title_seen, b);
        AppendUnique(terms, seen, b);
        for (const std::string& p : CompoundParts(b)) AppendUnique(parts, parts_seen, p);
      }
    }
  };
  add(title, true);
  add(text, false);
  out.title_terms = Join(title_terms);
  out.terms = Join(terms);
  out.parts = Join(parts);
  return out;
}

}  // namespace protokoll::catalogue
