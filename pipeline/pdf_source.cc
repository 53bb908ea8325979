#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <unicode/uchar.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "extractors/text.h"
#include "pipeline/source.h"

namespace protokoll::pipeline {
namespace {

// Poppler reports through one process-wide callback; each thread collects its own messages so
// a file's diagnostics name that file.
thread_local std::string* tl_poppler_messages = nullptr;

void PopplerMessage(const std::string& msg, void*) {
  if (tl_poppler_messages && tl_poppler_messages->size() < 2000) {
    if (!tl_poppler_messages->empty()) *tl_poppler_messages += "; ";
    *tl_poppler_messages += msg;
  }
}

class CaptureMessages {
 public:
  CaptureMessages() {
    static std::once_flag once;
    std::call_once(once, [] { poppler::set_debug_error_function(PopplerMessage, nullptr); });
    tl_poppler_messages = &messages_;
  }
  ~CaptureMessages() { tl_poppler_messages = nullptr; }
  const std::string& messages() const { return messages_; }

 private:
  std::string messages_;
};

// poppler::ustring::to_utf8() opens an iconv converter on every call, and it is called once per
// word: 0.04 s of the 0.28 s a 500-page PDF took to read. Its UTF-16 is converted here with
// ICU's macros instead; an unpaired surrogate (a broken font mapping) becomes U+FFFD, where iconv
// cut the word off.
std::string ToUtf8(const poppler::ustring& u) {
  std::string out(u.size() * 3, '\0');  // a UTF-16 unit takes at most 3 bytes in UTF-8
  auto* bytes = reinterpret_cast<uint8_t*>(out.data());
  size_t n = 0;
  for (size_t i = 0; i < u.size();) {
    UChar32 c;
    U16_NEXT(u.data(), i, u.size(), c);
    U8_APPEND_UNSAFE(bytes, n, U_IS_SURROGATE(c) ? 0xFFFD : c);
  }
  out.resize(n);
  return out;
}

// The page's lines rebuilt from poppler's words (in its reading order): poppler's own text()
// joins line-end hyphens ("Barn-" + "och" → "Barnoch"), which destroys Swedish compounds, so
// hyphenation is left to the normaliser. A vertical gap wider than a line opens a blank line
// (a paragraph break); words on one baseline form one line even across columns of a
// label/text layout ("§ 45" in the margin, the title beside it).
std::string PageTextFromWords(poppler::page& page) {
  std::vector<poppler::text_box> words = page.text_list();
  std::string out;
  bool have_line = false;
  double line_top = 0, line_bottom = 0, line_right = 0, prev_bottom = 0, prev_height = 0;
  bool prev_space = false;
  for (poppler::text_box& w : words) {
    poppler::rectf b = w.bbox();
    std::string t = ToUtf8(w.text());
    if (t.empty()) continue;
    const double top = b.y(), bottom = b.y() + b.height(), h = std::max(1.0, b.height());
    const double mid = (top + bottom) / 2;
    bool same_line = have_line && mid > line_top && mid < line_bottom && b.x() >= line_right - h * 0.5;
    if (!same_line) {
      if (have_line) {
        out += '\n';
        prev_bottom = line_bottom;
        prev_height = line_bottom - line_top;
        if (top - prev_bottom > std::max(prev_height, h) * 0.75) out += '\n';
      }
      have_line = true;
      line_top = top;
      line_bottom = bottom;
    } else {
      if (prev_space || b.x() - line_right > h * 0.15) out += ' ';
      line_top = std::min(line_top, top);
      line_bottom = std::max(line_bottom, bottom);
    }
    out += t;
    line_right = b.x() + b.width();
    prev_space = w.has_space_after();
  }
  if (have_line) out += '\n';
  return out;
}

}  // namespace

bool TextLayerIsUsable(std::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  long letters = 0, visible = 0, bad = 0, mojibake = 0, vowels = 0;
  UChar32 prev = 0;
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0 || c == 0xFFFD || (c >= 0xE000 && c <= 0xF8FF) || (c < 0x20 && c != '\n' && c != '\t' && c != '\r') ||
        (c >= 0x80 && c < 0xA0)) {
      ++bad;
      ++visible;
      prev = c;
      continue;
    }
    if (u_isspace(c)) {
      prev = c;
      continue;
    }
    ++visible;
    if (u_isalpha(c)) {
      ++letters;
      UChar32 l = u_tolower(c);
      if (l == 'a' || l == 'e' || l == 'i' || l == 'o' || l == 'u' || l == 'y' || l == 0xE5 || l == 0xE4 || l == 0xF6 || l == 0xE9)
        ++vowels;
    }
    // "Ã¤", "Ã¥", "Ã¶": UTF-8 bytes shown as Latin-1.
    if (prev == 0xC3 && c >= 0x80 && c <= 0xBF) ++mojibake;
    if (prev == 0xC3 && (c == 0x2030 || c == 0x2026 || c == 0x2013 || c == 0x201E)) ++mojibake;
    prev = c;
  }
  if (letters < 20) return false;
  if (bad * 10 > visible) return false;
  if (mojibake * 50 > letters && mojibake >= 3) return false;
  // Words have vowels; glyph garbage from a broken font mapping mostly has none.
  if (vowels * 10 < letters) return false;
  return true;
}

namespace {

// Poppler's document over `bytes`, unlocked with the password when it needs one; nullptr when it
// cannot be loaded or opened (`why` says why, from Poppler's messages).
std::unique_ptr<poppler::document> LoadPdf(std::string_view bytes, const SourceOptions& options, std::string* why) {
  // poppler-cpp takes the length as an int.
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    *why = "a PDF over 2 GiB: poppler-cpp reads at most 2 GiB from memory";
    return nullptr;
  }
  CaptureMessages capture;
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(
      bytes.data(), static_cast<int>(bytes.size()), options.password, options.password));
  if (!doc) {
    std::string m = capture.messages().empty() ? "poppler could not load it" : capture.messages();
    if (m.find("ncrypt") != std::string::npos || m.find("assword") != std::string::npos)
      *why = "encrypted PDF: wrong or missing --password (" + m + ")";
    else
      *why = "not a readable PDF: " + m;
    return nullptr;
  }
  // Calling pages() on a locked document crashes poppler-cpp 22.12 (FACTS.md).
  if (doc->is_locked()) {
    if (options.password.empty() || doc->unlock(options.password, options.password)) {
      *why = options.password.empty() ? "encrypted PDF needs a user password (--password)"
                                       : "encrypted PDF: the --password given does not open it";
      return nullptr;
    }
  }
  return doc;
}

// Pages [begin, end) of `doc` into `pages` (already sized).
void ReadPages(poppler::document& doc, int begin, int end, std::vector<SourcePage>& pages) {
  for (int i = begin; i < end; ++i) {
    SourcePage& p = pages[static_cast<size_t>(i)];
    p.number = i + 1;
    p.source = PageSource::kPdf;
    std::unique_ptr<poppler::page> page(doc.create_page(i));
    if (!page) {
      p.source = PageSource::kNone;
      p.problem = "page cannot be read (broken page tree)";
      continue;
    }
    p.text = PageTextFromWords(*page);
    if (!TextLayerIsUsable(p.text)) {
      p.source = PageSource::kNone;
      p.problem = "no usable text layer (scanned page?)";
    }
  }
}

// Below this many pages per thread a second Poppler document costs more than it saves.
constexpr int kPagesPerThread = 16;

}  // namespace

Result<SourceDocument> ReadPdf(std::string_view bytes, const SourceOptions& options) {
  std::string why;
  std::unique_ptr<poppler::document> doc = LoadPdf(bytes, options, &why);
  if (!doc) return Status::Error("pdf", why);
  const int n = doc->pages();
  if (n <= 0) return Status::Error("pdf", "the PDF has no pages");
  SourceDocument out;
  out.format = Format::kPdf;
  out.pages.resize(static_cast<size_t>(n));
  const int threads = std::clamp(std::min(options.threads, n / kPagesPerThread), 1, 16);
  // Thread t reads the t-th run of pages with a document of its own (Poppler's documents are not
  // shared between threads); this thread reads the first run with `doc`.
  std::vector<std::thread> helpers;
  std::vector<char> helper_failed(static_cast<size_t>(threads), 0);
  auto run = [&](int t) { return std::pair<int, int>(n * t / threads, n * (t + 1) / threads); };
  for (int t = 1; t < threads; ++t) {
    helpers.emplace_back([&, t] {
      std::string ignored;
      std::unique_ptr<poppler::document> own = LoadPdf(bytes, options, &ignored);
      if (!own || own->pages() != n) {
        helper_failed[static_cast<size_t>(t)] = 1;  // read below by this thread instead
        return;
      }
      ReadPages(*own, run(t).first, run(t).second, out.pages);
    });
  }
  ReadPages(*doc, run(0).first, run(0).second, out.pages);
  for (std::thread& h : helpers) h.join();
  for (int t = 1; t < threads; ++t)
    if (helper_failed[static_cast<size_t>(t)]) ReadPages(*doc, run(t).first, run(t).second, out.pages);
  return out;
}

Result<PdfProbe> ProbePdf(std::string_view bytes, const SourceOptions& options) {
  std::string why;
  std::unique_ptr<poppler::document> doc = LoadPdf(bytes, options, &why);
  if (!doc) return Status::Error("pdf", why);
  PdfProbe out;
  out.pages = doc->pages();
  if (out.pages <= 0) return Status::Error("pdf", "the PDF has no pages");
  std::set<int> sample = {0, out.pages / 2, out.pages - 1};
  for (int i : sample) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    ++out.sampled;
    if (!page || !TextLayerIsUsable(PageTextFromWords(*page))) ++out.sampled_without_text;
  }
  return out;
}

}  // namespace protokoll::pipeline
