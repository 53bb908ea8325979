#include "pipeline/ocr.h"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>
#include <hunspell/hunspell.hxx>

#include <set>
#include <unicode/unistr.h>
#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <mutex>

#include "catalogue/terms.h"

#include "extractors/paragraf.h"
#include "extractors/regex.h"
#include "extractors/text.h"
#include "pipeline/raster.h"

namespace protokoll::pipeline {

namespace ex = protokoll::extractors;

namespace {

// Tesseract's own OpenMP threads fight the page workers: 2–4× slower on 2 cores (FACTS.md). In
// libgomp the limit on active parallel levels belongs to the calling thread, so each thread makes
// Tesseract's parallel regions single-threaded before it runs it: the same speed as
// OMP_THREAD_LIMIT=1 (checked: 2 pages on 2 threads 2.3 + 3.0 s, against 10.1 + 10.6 s by
// default), without restarting the process to set the variable before libgomp loads. A user who
// sets OMP_THREAD_LIMIT keeps it; a Tesseract built without OpenMP has nothing to limit.
void SingleThreadedOpenMp() {
  using SetLevels = void (*)(int);
  static const SetLevels set_levels = std::getenv("OMP_THREAD_LIMIT")
                                          ? nullptr
                                          : reinterpret_cast<SetLevels>(dlsym(RTLD_DEFAULT, "omp_set_max_active_levels"));
  if (set_levels) set_levels(0);
}

struct TextDeleter {
  void operator()(char* p) const { delete[] p; }
};
using TessText = std::unique_ptr<char, TextDeleter>;

std::string Take(char* p) {
  TessText owned(p);
  return p ? std::string(p) : std::string();
}

Status InitApi(tesseract::TessBaseAPI& api, const char* lang) {
  // Tesseract writes its chatter to debug_file; send it nowhere.
  api.SetVariable("debug_file", "/dev/null");
  if (api.Init(nullptr, lang, tesseract::OEM_LSTM_ONLY) != 0)
    return Status::Error("ocr", std::string("cannot load the Tesseract model '") + lang +
                                    "' (is tesseract-ocr-" + (lang[0] == 'e' ? "eng" : "swe") +
                                    " installed?)");
  api.SetVariable("debug_file", "/dev/null");
  // Tesseract reads every doubtful line a second time as white on black: minutes have no
  // negative print, and it cost 9% of the CPU time of a scanned page (6.69 → 6.09 s on three
  // pages of bench/synth).
  api.SetVariable("tessedit_do_invert", "0");
  return {};
}

}  // namespace

bool LooksLikeMisreadHeader(const std::string& line) {
  static const ex::Regex re(
      "^(?:[\\p{Lu}][\\p{L}]{0,7}\\h*)?(?:[8$S&5§£]{1,2}\\h*\\d{1,4}|[8$&£]\\d{1,4})\\b(?:\\h.{0,120})?$"
      "|^[\\p{Lu}][\\p{L}]{0,7}\\h+\\d{2,4}\\b.{0,120}$",
      ex::Regex::kNone);
  return line.size() < 160 && re.FullMatch(line).has_value();
}

struct SwedishSpeller::Impl {
  std::unique_ptr<Hunspell> h;
};

SwedishSpeller::SwedishSpeller() : impl_(std::make_unique<Impl>()) {}
SwedishSpeller::~SwedishSpeller() { catalogue::GiveBackSwedishDictionary(std::move(impl_->h)); }

std::unique_ptr<SwedishSpeller> SwedishSpeller::Load() {
  std::unique_ptr<SwedishSpeller> s(new SwedishSpeller());
  s->impl_->h = catalogue::TakeSwedishDictionary();
  if (!s->impl_->h) return nullptr;
  return s;
}

bool SwedishSpeller::IsWord(const std::string& w) { return impl_->h->spell(w); }

namespace {
bool AllLetters(std::string_view w) {
  static const ex::Regex re("^\\p{L}+$", ex::Regex::kNone);
  return !w.empty() && re.FullMatch(w).has_value();
}
// Splits a token into leading punctuation, the word, trailing punctuation.
void SplitToken(const std::string& t, std::string& lead, std::string& word, std::string& trail) {
  static const ex::Regex re("^(\\P{L}*)(\\p{L}(?:.*\\p{L})?)(\\P{L}*)$", ex::Regex::kNone);
  lead.clear();
  trail.clear();
  word.clear();
  if (auto m = re.FullMatch(t)) {
    lead = m->Group(1);
    word = m->Group(2);
    trail = m->Group(3);
  } else {
    lead = t;
  }
}
}  // namespace

int SwedishSpeller::RepairLine(std::string& line) {
  std::vector<std::string> tokens = ex::SplitAtSpaces(line);
  int repairs = 0;
  std::vector<std::string> out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string lead, word, trail;
    SplitToken(tokens[i], lead, word, trail);
    // Joins: "kommunfullmä ktige", "S torviks" (no punctuation between the halves).
    if (i + 1 < tokens.size() && trail.empty() && AllLetters(word)) {
      std::string lead2, word2, trail2;
      SplitToken(tokens[i + 1], lead2, word2, trail2);
      if (lead2.empty() && AllLetters(word2) && ex::StartsLower(word2) &&
          (!IsWord(word) || !IsWord(word2) || ex::Length(word) == 1) && IsWord(word + word2) &&
          !(ex::Length(word) == 1 && IsWord(word2))) {
        out.push_back(lead + word + word2 + trail2);
        ++i;
        ++repairs;
        continue;
      }
    }
    // A speck read as punctuation: ".uppdrag", "Anmälan.av" (two words glued by a dot).
    if (AllLetters(word) && (lead == "." || lead == "," || lead == "'" || lead == "`" || lead == "Â·") &&
        ex::StartsLower(word) && IsWord(word)) {
      out.push_back(word + trail);
      ++repairs;
      continue;
    }
    if (!AllLetters(word) && !IsWord(word)) {
      size_t dot = word.find_first_of(".,");
      if (dot != std::string::npos && word.find_first_of(".,", dot + 1) == std::string::npos) {
        std::string a = word.substr(0, dot), b = word.substr(dot + 1);
        if (AllLetters(a) && AllLetters(b) && ex::StartsLower(b) && IsWord(a) && IsWord(b) && ex::Length(b) >= 2) {
          out.push_back(lead + a);
          out.push_back(b + trail);
          ++repairs;
          continue;
        }
      }
    }
    // A speck after a word inside a sentence: "ur. stiftelsen", "bemyndigande\" av" (no other
    // quote on the line). Abbreviations keep their dot ("kl. 18", "bl.a. ").
    if (AllLetters(word) && (trail == "." || trail == "\"" || trail == "'" || trail == "`") &&
        i + 1 < tokens.size() && ex::StartsLower(tokens[i + 1]) && ex::Length(word) >= 2 && IsWord(word) &&
        (trail != "\"" || std::count(line.begin(), line.end(), '"') == 1)) {
      static const char* const kAbbr[] = {"kl", "ca", "st", "bl", "resp", "nr", "jfr", "enl", "kap", "dvs",
                                          "ang", "fr", "mom", "tel", "bil", "avd", "inkl", "exkl", "max", "min"};
      bool abbr = false;
      for (const char* a : kAbbr) abbr |= ex::Lower(word) == a;
      if (!abbr) {
        out.push_back(lead + word);
        ++repairs;
        continue;
      }
    }
    // One misread letter: lost or spurious diacritics ("Arendet" → "Ärendet", "ansvärsområden"
    // → "ansvarsområden"), a letter added ("exploäteringsnämnden"), and the shapes OCR confuses
    // (h/n, rn/m, c/e, u/n …). Replaced only when exactly one reading is a word.
    if (AllLetters(word) && ex::Length(word) >= 4 && !IsWord(word)) {
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(word);
      std::set<std::string> found;
      auto try_word = [&](const icu::UnicodeString& v) {
        std::string s;
        v.toUTF8String(s);
        if (IsWord(s)) found.insert(s);
      };
      static const std::pair<const char16_t*, const char16_t*> kSwaps[] = {
          {u"a", u"å"}, {u"a", u"ä"}, {u"A", u"Å"}, {u"A", u"Ä"}, {u"o", u"ö"}, {u"O", u"Ö"},
          {u"ä", u"a"}, {u"å", u"a"}, {u"ö", u"o"}, {u"h", u"n"}, {u"n", u"h"}, {u"rn", u"m"},
          {u"m", u"rn"}, {u"c", u"e"}, {u"e", u"c"}, {u"u", u"n"}, {u"n", u"u"}, {u"li", u"h"},
          {u"cl", u"d"}, {u"ii", u"ü"}, {u"l", u"i"}, {u"i", u"l"}};
      for (int32_t k = 0; k < u.length() && found.size() < 2; ++k) {
        for (const auto& [from, to] : kSwaps) {
          icu::UnicodeString f(from), t(to);
          if (u.compare(k, f.length(), f) != 0) continue;
          icu::UnicodeString v = u;
          v.replace(k, f.length(), t);
          try_word(v);
        }
        char16_t c = u[k];
        // A letter that is not there: a stray diacritic letter, or any letter of a long word
        // ("utvecklingsarfbete").
        if (c == u'å' || c == u'ä' || c == u'ö' || u.length() >= 9) {
          icu::UnicodeString v = u;
          v.remove(k, 1);
          try_word(v);
        }
      }
      if (found.size() == 1) {
        out.push_back(lead + *found.begin() + trail);
        ++repairs;
        continue;
      }
    }
    out.push_back(tokens[i]);
  }
  if (repairs) {
    std::string joined;
    for (const std::string& t : out) {
      if (!joined.empty()) joined += ' ';
      joined += t;
    }
    line = std::move(joined);
  }
  return repairs;
}

namespace {

// The code points of UTF-8 text, each as its bytes (a stray byte counts as one).
std::vector<std::string> CodePoints(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (i + n > s.size()) n = 1;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

// The words spread over `line` by their share of its characters (the spaces between included).
std::vector<OcrWord> Spread(const std::vector<std::string>& words, const OcrWord& line) {
  size_t total = 0;
  std::vector<size_t> len;
  for (const std::string& w : words) len.push_back(CodePoints(w).size());
  for (size_t n : len) total += n;
  total += words.empty() ? 0 : words.size() - 1;
  std::vector<OcrWord> out;
  size_t at = 0;
  for (size_t k = 0; k < words.size(); ++k) {
    const double x0 = line.left + static_cast<double>(line.width) * static_cast<double>(at) / static_cast<double>(total);
    const double x1 =
        line.left + static_cast<double>(line.width) * static_cast<double>(at + len[k]) / static_cast<double>(total);
    const int left = static_cast<int>(std::lround(x0));
    out.push_back({words[k], left, line.top, std::max(1, static_cast<int>(std::lround(x1)) - left), line.height});
    at += len[k] + 1;
  }
  return out;
}

}  // namespace

std::vector<OcrWord> AlignWords(const std::string& text, const std::vector<OcrWord>& read, const OcrWord& line) {
  const std::vector<std::string> words = ex::SplitAtSpaces(text);
  if (words.empty()) return {};
  if (read.empty()) return Spread(words, line);
  std::vector<OcrWord> out;
  if (read.size() == words.size()) {
    for (size_t k = 0; k < words.size(); ++k) out.push_back({words[k], read[k].left, read[k].top, read[k].width, read[k].height});
    return out;
  }
  // The read characters, each with its slice of its word's box; the text's, with their word.
  struct Char {
    std::string c;
    double x0, x1;
    int top, bottom;
  };
  std::vector<Char> a;
  for (const OcrWord& w : read) {
    const std::vector<std::string> cps = CodePoints(w.text);
    for (size_t i = 0; i < cps.size(); ++i) {
      const double n = static_cast<double>(cps.size());
      a.push_back({cps[i], w.left + w.width * static_cast<double>(i) / n, w.left + w.width * static_cast<double>(i + 1) / n,
                   w.top, w.top + w.height});
    }
  }
  std::vector<std::string> b;
  std::vector<size_t> b_word;
  for (size_t k = 0; k < words.size(); ++k)
    for (std::string& c : CodePoints(words[k])) {
      b.push_back(std::move(c));
      b_word.push_back(k);
    }
  const size_t n = a.size(), m = b.size();
  if (n == 0 || n * m > 4'000'000) return Spread(words, line);  // no characters, or a freak line
  // Edit distance, then the path back: each character of the text to the read one it matches
  // or replaces (none where it was inserted).
  std::vector<int> d((n + 1) * (m + 1));
  auto at = [&](size_t i, size_t j) -> int& { return d[i * (m + 1) + j]; };
  for (size_t i = 0; i <= n; ++i) at(i, 0) = static_cast<int>(i);
  for (size_t j = 0; j <= m; ++j) at(0, j) = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i)
    for (size_t j = 1; j <= m; ++j)
      at(i, j) = std::min({at(i - 1, j - 1) + (a[i - 1].c == b[j - 1] ? 0 : 1), at(i - 1, j) + 1, at(i, j - 1) + 1});
  std::vector<long> from(m, -1);
  for (size_t i = n, j = m; i > 0 || j > 0;) {
    if (i > 0 && j > 0 && at(i, j) == at(i - 1, j - 1) + (a[i - 1].c == b[j - 1] ? 0 : 1)) {
      from[j - 1] = static_cast<long>(i - 1);
      --i, --j;
    } else if (i > 0 && at(i, j) == at(i - 1, j) + 1) {
      --i;
    } else {
      --j;
    }
  }
  struct Span {
    double x0 = 0, x1 = 0;
    int top = 0, bottom = 0;
    bool any = false;
  };
  std::vector<Span> span(words.size());
  for (size_t j = 0; j < m; ++j) {
    if (from[j] < 0) continue;
    const Char& c = a[static_cast<size_t>(from[j])];
    Span& s = span[b_word[j]];
    if (!s.any) s = {c.x0, c.x1, c.top, c.bottom, true};
    s.x0 = std::min(s.x0, c.x0);
    s.x1 = std::max(s.x1, c.x1);
    s.top = std::min(s.top, c.top);
    s.bottom = std::max(s.bottom, c.bottom);
  }
  // Words with no read character share the gap between their neighbours by their length.
  const double char_width = static_cast<double>(line.width) / static_cast<double>(std::max<size_t>(1, m + words.size() - 1));
  for (size_t k = 0; k < words.size();) {
    if (span[k].any) {
      ++k;
      continue;
    }
    size_t e = k;
    while (e < words.size() && !span[e].any) ++e;
    double left = k > 0 ? span[k - 1].x1 : line.left;
    double right = e < words.size() ? span[e].x0 : line.left + line.width;
    size_t chars = 0;
    for (size_t q = k; q < e; ++q) chars += CodePoints(words[q]).size() + 1;
    if (right - left < 1) right = left + char_width * static_cast<double>(chars);  // no gap: past the last
    const double step = (right - left) / static_cast<double>(chars);
    for (size_t q = k; q < e; ++q) {
      const double len = static_cast<double>(CodePoints(words[q]).size());
      span[q] = {left + step * 0.5, left + step * (0.5 + len), line.top, line.top + line.height, true};
      left += step * (len + 1);
    }
    k = e;
  }
  for (size_t k = 0; k < words.size(); ++k) {
    const int left = static_cast<int>(std::lround(span[k].x0));
    out.push_back({words[k], left, span[k].top, std::max(1, static_cast<int>(std::lround(span[k].x1)) - left),
                   std::max(1, span[k].bottom - span[k].top)});
  }
  return out;
}

struct OcrEngine::Impl {
  tesseract::TessBaseAPI swe;
  std::unique_ptr<tesseract::TessBaseAPI> osd;  // loaded when a page first needs it
  bool osd_missing = false;
  std::unique_ptr<SwedishSpeller> speller;
  std::unique_ptr<tesseract::TessBaseAPI> eng;  // for re-reading § lines
  ParagraphSignMode mode = ParagraphSignMode::kRereadLines;
};

OcrEngine::OcrEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OcrEngine::~OcrEngine() {
  if (impl_) {
    impl_->swe.End();
    if (impl_->eng) impl_->eng->End();
    if (impl_->osd) impl_->osd->End();
  }
}

Result<std::unique_ptr<OcrEngine>> OcrEngine::Create(ParagraphSignMode mode) {
  SingleThreadedOpenMp();
  auto impl = std::make_unique<Impl>();
  impl->mode = mode;
  impl->speller = SwedishSpeller::Load();
  Status s = InitApi(impl->swe, mode == ParagraphSignMode::kSweEng ? "swe+eng" : "swe");
  if (!s.ok()) return s;
  if (mode == ParagraphSignMode::kRereadLines) {
    impl->eng = std::make_unique<tesseract::TessBaseAPI>();
    s = InitApi(*impl->eng, "eng");
    if (!s.ok()) return s;
    impl->eng->SetPageSegMode(tesseract::PSM_SINGLE_LINE);
  }
  return std::unique_ptr<OcrEngine>(new OcrEngine(std::move(impl)));
}

namespace {

struct Pass {
  OcrPage page;
  bool timed_out = false;
  int confident_words = 0;
};

// The line the iterator is on: its text, box, confidence and words with their boxes, as read
// (AlignWords fits them to the repaired text later). The iterator is left on the line's last
// word, from where Next(RIL_TEXTLINE) goes on.
OcrLine ReadLine(tesseract::ResultIterator& it) {
  OcrLine line;
  line.text = Take(it.GetUTF8Text(tesseract::RIL_TEXTLINE));
  while (!line.text.empty() && (line.text.back() == '\n' || line.text.back() == ' ')) line.text.pop_back();
  line.confidence = it.Confidence(tesseract::RIL_TEXTLINE) / 100.0;
  line.paragraph_start = it.IsAtBeginningOf(tesseract::RIL_PARA);
  int l, t, r, b;
  if (it.BoundingBox(tesseract::RIL_TEXTLINE, &l, &t, &r, &b)) {
    line.left = l;
    line.top = t;
    line.width = r - l;
    line.height = b - t;
  }
  for (;;) {
    if (!it.Empty(tesseract::RIL_WORD)) {
      OcrWord w;
      w.text = Take(it.GetUTF8Text(tesseract::RIL_WORD));
      if (!w.text.empty() && it.BoundingBox(tesseract::RIL_WORD, &l, &t, &r, &b)) {
        w.left = l;
        w.top = t;
        w.width = r - l;
        w.height = b - t;
        line.words.push_back(std::move(w));
      }
    }
    if (it.IsAtFinalElement(tesseract::RIL_TEXTLINE, tesseract::RIL_WORD) || !it.Next(tesseract::RIL_WORD)) break;
  }
  return line;
}

Pass RunPass(tesseract::TessBaseAPI& api, Pix* pix, int psm, bool sauvola, int timeout_ms) {
  Pass out;
  api.SetPageSegMode(static_cast<tesseract::PageSegMode>(psm));
  api.SetVariable("thresholding_method", sauvola ? "2" : "0");
  api.SetImage(pix);
  int res = PixResolution(pix);
  api.SetSourceResolution(res > 0 ? res : 300);
  tesseract::ETEXT_DESC monitor;
  if (timeout_ms > 0) monitor.set_deadline_msecs(timeout_ms);
  if (api.Recognize(timeout_ms > 0 ? &monitor : nullptr) != 0) {
    out.timed_out = true;
    api.Clear();
    return out;
  }
  out.page.variant = "psm" + std::to_string(psm) + (sauvola ? "+sauvola" : "");
  double conf_sum = 0;
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (it) {
    // Words: confidences.
    do {
      float c = it->Confidence(tesseract::RIL_WORD);
      std::string w = Take(it->GetUTF8Text(tesseract::RIL_WORD));
      if (w.empty()) continue;
      ++out.page.words;
      conf_sum += c;
      if (c >= 60) ++out.confident_words;
    } while (it->Next(tesseract::RIL_WORD));
    it->Begin();
    // Lines, with a blank line where a paragraph starts.
    do {
      OcrLine line = ReadLine(*it);
      if (!ex::Trim(line.text).empty()) out.page.lines.push_back(std::move(line));
    } while (it->Next(tesseract::RIL_TEXTLINE));
  }
  out.page.mean_confidence = out.page.words ? conf_sum / out.page.words / 100.0 : 0;
  api.Clear();
  return out;
}

// Fraction of dark pixels: a page with ink but little text lost lines.
double InkFraction(Pix* pix) {
  Pix* grey = pixConvertTo8(pix, 0);
  if (!grey) return 0;
  Pix* bin = pixThresholdToBinary(grey, 128);
  pixDestroy(&grey);
  if (!bin) return 0;
  l_int32 count = 0;
  pixCountPixels(bin, &count, nullptr);
  double f = static_cast<double>(count) / (static_cast<double>(pixGetWidth(bin)) * pixGetHeight(bin));
  pixDestroy(&bin);
  return f;
}

size_t TextChars(const OcrPage& p) {
  size_t n = 0;
  for (const auto& l : p.lines) n += ex::Length(l.text);
  return n;
}

bool LooksPoor(const OcrPage& p, double ink) {
  // No word at all on a page that reached OCR (ingest's probe found ink on it): faint print
  // that the global threshold dropped; Sauvola's local one finds it.
  if (p.words == 0 || TextChars(p) == 0) return true;
  if (p.mean_confidence < 0.70) return true;
  // Roughly 1% ink per 300 characters of text on a clean page; far less text means lost lines.
  return ink > 0.02 && static_cast<double>(TextChars(p)) < ink * 8000;
}

// A roll-call table — a header row "Ledamot  Ja  Nej  Avstår" over rows of a name and a mark
// ("X") in the column of the vote cast — comes out of Tesseract's page layout (PSM 3) as separate
// blocks: the names, then the column titles and marks, the lone marks often misread, and which
// column a mark stood in is lost. Such a table, found by its first column's title ("Ledamot",
// "Ledamöter", "Namn") with "Nej" beside it, is read again as one block (PSM 6: each row a line,
// each word with its box) and written as the rows the text's reader takes: "Ledamot | Ja | Nej |
// Avstår", "Karin Lund (M) | X | |". A mark goes to the column whose title it stands under; the
// table ends at the first line with words between or beyond the columns (prose) or without a
// name. The lines the first reading made of the table's band are replaced.
void ReadVoteTables(tesseract::TessBaseAPI& api, Pix* pix, OcrPage& page, int timeout_ms) {
  static const ex::Regex first_title("^(?:Ledamot|Ledamöter|Namn|Ledamot/ersättare|Ledamöter och ersättare)\\b", ex::Regex::kIgnoreCase);
  auto folded = [](const std::string& w) {
    std::string f = ex::Lower(w);
    while (!f.empty() && (f.back() == ':' || f.back() == '.' || f.back() == ',')) f.pop_back();
    return f;
  };
  for (size_t anchor = 0; anchor < page.lines.size(); ++anchor) {
    const OcrLine& a = page.lines[anchor];
    if (a.height <= 0 || a.words.size() > 6 || !first_title.Find(ex::Trim(a.text))) continue;
    // "Nej" beside it: in its words or on a line level with it.
    bool nej = false;
    for (const OcrLine& l : page.lines)
      if (std::abs(l.top - a.top) <= 2 * a.height)
        for (const OcrWord& w : l.words) nej |= folded(w.text) == "nej";
    if (!nej) continue;
    const int top = std::max(0, a.top - a.height / 2);
    api.SetPageSegMode(tesseract::PSM_SINGLE_BLOCK);
    api.SetImage(pix);
    const int res = PixResolution(pix);
    api.SetSourceResolution(res > 0 ? res : 300);
    api.SetRectangle(0, top, PixWidth(pix), PixHeight(pix) - top);
    tesseract::ETEXT_DESC monitor;
    if (timeout_ms > 0) monitor.set_deadline_msecs(std::min(timeout_ms, 20000));
    if (api.Recognize(timeout_ms > 0 ? &monitor : nullptr) != 0) {
      api.Clear();
      return;
    }
    std::vector<OcrLine> read;
    std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
    if (it) {
      do {
        OcrLine line = ReadLine(*it);
        if (!line.words.empty()) read.push_back(std::move(line));
      } while (it->Next(tesseract::RIL_TEXTLINE));
    }
    api.Clear();
    // The header row: the first line with "Ja" and "Nej" as words; the columns' centres.
    size_t header = read.size();
    std::vector<std::pair<std::string, int>> columns;  // title, centre x
    for (size_t k = 0; k < read.size() && k < 3 && header == read.size(); ++k) {
      std::vector<std::pair<std::string, int>> found;
      for (const OcrWord& w : read[k].words) {
        const std::string f = folded(w.text);
        const char* title = f == "ja" ? "Ja" : f == "nej" ? "Nej" : f.rfind("avst", 0) == 0 ? "Avstår" : f.rfind("frånv", 0) == 0 ? "Frånvarande" : nullptr;
        if (title) found.push_back({title, w.left + w.width / 2});
      }
      if (found.size() >= 2 && found[0].first == "Ja" && found[1].first == "Nej") header = k, columns = found;
    }
    if (header == read.size()) continue;
    const int spacing = columns[1].second - columns[0].second;
    if (spacing <= 0) continue;
    const int name_limit = columns[0].second - spacing / 2;
    std::vector<OcrLine> rows;
    {
      OcrLine h = read[header];
      h.text = "Ledamot";
      for (const auto& c : columns) h.text += " | " + c.first;
      rows.push_back(std::move(h));
    }
    int bottom = read[header].top + read[header].height;
    for (size_t k = header + 1; k < read.size(); ++k) {
      const OcrLine& l = read[k];
      std::string name;
      std::vector<std::string> cells(columns.size());
      bool table_row = true;
      for (const OcrWord& w : l.words) {
        const int centre = w.left + w.width / 2;
        if (centre < name_limit) {
          name += (name.empty() ? "" : " ") + w.text;
          continue;
        }
        size_t best = 0;
        for (size_t c = 1; c < columns.size(); ++c)
          if (std::abs(centre - columns[c].second) < std::abs(centre - columns[best].second)) best = c;
        if (std::abs(centre - columns[best].second) > spacing / 2 || ex::Length(w.text) > 3) {
          table_row = false;
          break;
        }
        cells[best] = "X";
      }
      if (!table_row || name.empty() || std::count(name.begin(), name.end(), ' ') > 6) break;
      OcrLine row = l;
      row.text = name;
      for (const std::string& c : cells) row.text += " |" + (c.empty() ? std::string() : " " + c);
      rows.push_back(std::move(row));
      bottom = l.top + l.height;
    }
    if (rows.size() < 3) continue;  // a header and at least two rows
    // The first reading's lines in the table's band make way for the rows.
    const int band_top = top, band_bottom = bottom + a.height / 2;
    std::vector<OcrLine> kept;
    size_t at = std::string::npos;
    for (size_t k = 0; k < page.lines.size(); ++k) {
      const OcrLine& l = page.lines[k];
      const int mid = l.top + l.height / 2;
      if (mid >= band_top && mid <= band_bottom) {
        if (at == std::string::npos) at = kept.size();
        continue;
      }
      kept.push_back(std::move(page.lines[k]));
    }
    if (at == std::string::npos) at = kept.size();
    const size_t added = rows.size();
    kept.insert(kept.begin() + static_cast<long>(at), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
    page.lines = std::move(kept);
    page.variant += "+table";
    anchor = at + added - 1;  // (another table may follow)
  }
}

void RereadHeaderLines(tesseract::TessBaseAPI& eng, Pix* pix, OcrPage& page, int timeout_ms) {
  bool any = false;
  for (OcrLine& line : page.lines) {
    if (!LooksLikeMisreadHeader(line.text) || line.width <= 0) continue;
    if (ex::ParseParagraphHeader(line.text)) continue;  // already has its §
    if (!any) {
      eng.SetImage(pix);
      int res = PixResolution(pix);
      eng.SetSourceResolution(res > 0 ? res : 300);
      any = true;
    }
    const int pad = std::max(4, line.height / 3);
    const int left = std::max(0, line.left - pad), top = std::max(0, line.top - pad);
    const int width = std::min(PixWidth(pix) - left, line.width + 2 * pad);
    const int height = std::min(PixHeight(pix) - top, line.height + 2 * pad);
    eng.SetRectangle(left, top, width, height);
    tesseract::ETEXT_DESC monitor;
    if (timeout_ms > 0) monitor.set_deadline_msecs(std::min(timeout_ms, 10000));
    if (eng.Recognize(timeout_ms > 0 ? &monitor : nullptr) != 0) continue;
    std::string reread = Take(eng.GetUTF8Text());
    while (!reread.empty() && (reread.back() == '\n' || reread.back() == ' ')) reread.pop_back();
    auto h = ex::ParseParagraphHeader(std::string(ex::Trim(reread)));
    if (!h) {
      // eng did not see a § either: a sign standing apart from its number ("Ks $ 40",
      // "BUN $45", "KF $& 102", "£ 45") is a § all the same.
      static const ex::Regex apart(
          "^((?:[\\p{Lu}][\\p{L}]{0,7}\\h+)?)(?:[$&£§]{1,2}|[8S]\\h)\\h*(\\d{1,4}\\b.*)$", ex::Regex::kNone);
      if (auto m = apart.FullMatch(line.text)) {
        std::string fixed = std::string(m->Group(1)) + "§ " + std::string(m->Group(2));
        if (ex::ParseParagraphHeader(fixed)) {
          line.text = fixed;
          ++page.signs_recovered;
        }
      }
      continue;
    }
    // Keep the Swedish model's reading of the rest of the line: it knows å, ä and ö.
    static const ex::Regex head(
        "^(?:[\\p{Lu}][\\p{L}]{0,7}\\h*)?[8$S&5§£]{0,2}\\h*\\d{1,4}(?:\\h*[-–—]\\h*\\d{1,4})?"
        "(?:\\h*[.:])?(?=\\h|$)",
        ex::Regex::kNone);
    std::string rest;
    if (auto m = head.LookingAt(line.text)) rest = std::string(ex::Trim(line.text.substr(m->End())));
    line.text = h->label + (rest.empty() ? "" : " " + rest);
    ++page.signs_recovered;
  }
  if (any) eng.Clear();
}

}  // namespace

std::optional<int> OcrEngine::OsdTurns(Pix* pix) {
  SingleThreadedOpenMp();
  if (impl_->osd_missing || !pix) return std::nullopt;
  if (!impl_->osd) {
    auto api = std::make_unique<tesseract::TessBaseAPI>();
    api->SetVariable("debug_file", "/dev/null");
    if (api->Init(nullptr, "osd", tesseract::OEM_TESSERACT_ONLY) != 0) {
      impl_->osd_missing = true;
      return std::nullopt;
    }
    api->SetVariable("debug_file", "/dev/null");
    impl_->osd = std::move(api);
  }
  tesseract::TessBaseAPI& api = *impl_->osd;
  api.SetPageSegMode(tesseract::PSM_OSD_ONLY);
  api.SetImage(pix);
  const int res = PixResolution(pix);
  api.SetSourceResolution(res > 0 ? res : 300);
  int degrees = 0;
  float orientation_confidence = 0, script_confidence = 0;
  const char* script = nullptr;
  const bool ok = api.DetectOrientationScript(&degrees, &orientation_confidence, &script, &script_confidence);
  api.Clear();
  if (!ok || orientation_confidence < 2.0f) return std::nullopt;
  // `degrees` is how far the page is turned clockwise; turning it on to 360 sets it upright.
  return ((360 - degrees) % 360) / 90;
}

Result<OcrPage> OcrEngine::Recognize(Pix* pix, const OcrOptions& options) {
  SingleThreadedOpenMp();  // this thread's setting: an engine may move between threads
  if (!pix) return Status::Error("ocr", "no page image");
  if (PixWidth(pix) > 32767 || PixHeight(pix) > 32767)
    return Status::Error("ocr", "page image too large for Tesseract");
  Pass best = RunPass(impl_->swe, pix, 3, false, options.timeout_ms);
  if (best.timed_out) return Status::Error("ocr", "timed out");
  if (options.retry_poor) {
    double ink = InkFraction(pix);
    if (LooksPoor(best.page, ink)) {
      Pass retry = RunPass(impl_->swe, pix, 6, true, options.timeout_ms);
      if (!retry.timed_out && retry.confident_words > best.confident_words) best = std::move(retry);
    }
  }
  OcrPage page = std::move(best.page);
  if (impl_->mode == ParagraphSignMode::kRereadLines && impl_->eng) {
    RereadHeaderLines(*impl_->eng, pix, page, options.timeout_ms);
    if (page.signs_recovered) page.variant += "+eng§";
  }
  ReadVoteTables(impl_->swe, pix, page, options.timeout_ms);
  // Paragraph breaks from the spacing of the lines, as on the page: Tesseract's own paragraph
  // starts split wrapped titles ("Ny förbundsordning för …" / "kommunalförbund").
  std::vector<int> heights;
  for (const OcrLine& l : page.lines)
    if (l.height > 0) heights.push_back(l.height);
  int typical = 0;
  if (!heights.empty()) {
    std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
    typical = heights[heights.size() / 2];
  }
  static const ex::Regex split_j("(?<![\\p{L}\\d])[J\\]] (?=\\p{Ll}{2,})", ex::Regex::kNone);
  static const ex::Regex dollar("(?<![\\p{L}\\d$])\\$(?=\\h?\\d{1,4}\\b)", ex::Regex::kNone);
  const OcrLine* prev = nullptr;
  for (OcrLine& l : page.lines) {
    // "J ustitiedepartementet", "] ohan": a capital J that the model split off its word.
    for (auto m = split_j.Find(l.text); m; m = split_j.Find(l.text, m->Begin() + 1))
      l.text.replace(m->Begin(), m->End() - m->Begin(), "J");
    if (impl_->speller) page.words_repaired += impl_->speller->RepairLine(l.text);
    // "enligt KS $ 187": in Swedish minutes a "$" before a number is a misread "§".
    for (auto m = dollar.Find(l.text); m; m = dollar.Find(l.text, m->Begin() + 1))
      l.text.replace(m->Begin(), 1, "\u00A7");
    if (prev && typical > 0) {
      int gap = l.top - (prev->top + prev->height);
      if (gap > typical * 0.75) page.text += '\n';
    } else if (prev && l.paragraph_start) {
      page.text += '\n';
    }
    page.text += l.text;
    page.text += '\n';
    prev = &l;
    l.words = AlignWords(l.text, l.words, OcrWord{"", l.left, l.top, l.width, l.height});
  }
  return page;
}

}  // namespace protokoll::pipeline
