// Sources: a file's bytes → pages of raw text, each saying how its text was obtained.
//
// The kind of file is sniffed from its bytes, never its name: "%PDF-" → PDF (poppler-cpp, text
// layer per page, reading order); TIFF/PNG/JPEG signatures → image; anything else is text
// (UTF-8, UTF-16 with BOM, or a legacy 8-bit charset detected with ICU — Windows-1252 and
// IBM850 exports are common in Swedish archives). Failures are Status values naming the stage.
// Thread-safe: each call owns everything it touches.
#ifndef PROTOKOLL_PIPELINE_SOURCE_H_
#define PROTOKOLL_PIPELINE_SOURCE_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue/catalogue.h"
#include "catalogue/status.h"

namespace protokoll::pipeline {

using catalogue::PageSource;

enum class Format { kText, kPdf, kImage, kUnknown };
const char* FormatName(Format f);
Format SniffFormat(std::string_view bytes);

struct SourcePage {
  int number = 1;
  PageSource source = PageSource::kText;
  std::string text;  // raw text (UTF-8), before normalisation
  std::optional<double> ocr_confidence;
  std::string ocr_variant;  // how an OCR'd page was read (segmentation, binarisation, § re-read)
  std::vector<catalogue::OcrLineRecord> ocr_lines;
  std::string problem;  // non-empty: why this page has no text (the rest of the file went in)
  std::string problem_stage = "source";  // "source", "render", "image", "ocr"
  int image_width = 0, image_height = 0;  // OCR'd pages: the page image's size in pixels
};

struct SourceDocument {
  Format format = Format::kUnknown;
  std::string encoding;  // text files: the charset the bytes were decoded from
  std::vector<SourcePage> pages;
};

struct SourceOptions {
  std::string password;  // for encrypted PDFs
  // A long PDF's text layer read on this many threads, each with its own Poppler document over
  // the same bytes and a run of consecutive pages (ingest gives its idle workers' share).
  int threads = 1;
};

// How much of a file its kind is judged from before the rest is read.
inline constexpr size_t kSniffBytes = 64 * 1024;

// Why a file is surely no protocol, judged from its first bytes `head` (kSniffBytes of them, or
// the whole file when `whole`): another kind of file by its signature (a ZIP archive — .docx,
// .odt and .xlsx are ZIP too —, gzip, bzip2, xz, 7-Zip, RAR, tar, an ELF or Windows program, an
// SQLite database, an old Office document), or binary data where text would be (as ReadText
// judges a whole file: control bytes other than tab, line ends and form feed, more than 1% of
// them). Empty when it may be a protocol: PDF and image signatures, and text, are read on.
std::string NotAProtocol(std::string_view head, bool whole);

// Text: decodes to UTF-8 and splits pages at form feeds.
Result<SourceDocument> ReadText(std::string_view bytes);

// Texts longer than kWholeTextBytes are read in parts of at most kTextPartBytes of text each
// (TextParts), so that memory and time follow the part, not the file: a volume exported as one
// 200 MB line would otherwise be held, normalised and segmented whole (~25 bytes of memory a
// byte of text). Shorter texts are read at once (ReadText), as they always were.
inline constexpr size_t kWholeTextBytes = 4 << 20;
inline constexpr size_t kTextPartBytes = 2 << 20;

// A long text read a part at a time. A part is whole pages (form feeds) when a page fits; a
// page longer than a part is cut into windows, each a page of its own, ending where an item
// label begins (a § after a sentence's end, with the organ before it), else where a sentence
// ends, else between words. Pages are numbered through the whole text, windows counted as pages;
// the first window of each long page carries a problem (stage "parts") saying what was done.
// One thread at a time; the bytes must outlive it.
class TextParts {
 public:
  // Reads `bytes` through twice before the first part, handing back (`release`) every stretch
  // once read: to check it as ReadText would (binary data, nothing but space), to choose its
  // charset (UTF-8 with or without its byte-order mark, UTF-16 by its mark, else as DecodeText
  // from its first part's worth of bytes), and to count its pages and parts.
  static Result<std::unique_ptr<TextParts>> Open(std::string_view bytes,
                                                 std::function<void(size_t, size_t)> release,
                                                 size_t part_bytes = kTextPartBytes);
  ~TextParts();
  TextParts(const TextParts&) = delete;
  TextParts& operator=(const TextParts&) = delete;

  // The next part (its pages numbered on from the part before), nullopt after the last.
  std::optional<SourceDocument> Next();
  int pages() const;  // of the whole text
  int parts() const;
  const std::string& encoding() const;

  struct Impl;

 private:
  explicit TextParts(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};
// Decodes bytes of unknown charset to UTF-8; `charset` receives the name used.
Result<std::string> DecodeText(std::string_view bytes, std::string* charset);
// PDF text layer, page by page.
Result<SourceDocument> ReadPdf(std::string_view bytes, const SourceOptions& options);
// Whether a page's text layer is worth keeping rather than OCR'ing the page: it has words
// (at least 20 letters), few unreadable characters (U+FFFD, private use, controls), and is not
// UTF-8 read as Latin-1 ("KommunfullmÃ¤ktige") nor letters without words.
bool TextLayerIsUsable(std::string_view text);

// A PDF judged cheaply, for planning a cluster job (pipeline/plan.h): its page count from the
// page tree, and how many of a few sampled pages (first, middle, last) have no usable text
// layer (ingest would OCR them). Only those pages' text is read. Failures (not a PDF, locked,
// no pages) are a Status stage "pdf"; Poppler's messages are not printed.
struct PdfProbe {
  int pages = 0;
  int sampled = 0, sampled_without_text = 0;
};
Result<PdfProbe> ProbePdf(std::string_view bytes, const SourceOptions& options);

// Dispatches on the sniffed format.
Result<SourceDocument> ReadSource(std::string_view bytes, const SourceOptions& options);

}  // namespace protokoll::pipeline

#endif  // PROTOKOLL_PIPELINE_SOURCE_H_
