// Sources: a file's bytes → pages of raw text, each saying how its text was obtained.
//
// The kind of file is sniffed from its bytes, never its name: "%PDF-" → PDF (poppler-cpp, text
// layer per page, reading order); TIFF/PNG/JPEG signatures → image; anything else is text
// (UTF-8, UTF-16 with BOM, or a legacy 8-bit charset detected with ICU — Windows-1252 and
// IBM850 exports are common in Swedish archives). Failures are Status values naming the stage.
// Thread-safe: each call owns everything it touches.
#ifndef PROTOKOLL_PIPELINE_SOURCE_H_
#define PROTOKOLL_PIPELINE_SOURCE_H_

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

// Text: decodes to UTF-8 and splits pages at form feeds.
Result<SourceDocument> ReadText(std::string_view bytes);
// Decodes bytes of unknown charset to UTF-8; `charset` receives the name used.
Result<std::string> DecodeText(std::string_view bytes, std::string* charset);
// PDF text layer, page by page.
Result<SourceDocument> ReadPdf(std::string_view bytes, const SourceOptions& options);
// Whether a page's text layer is worth keeping rather than OCR'ing the page: it has words
// (at least 20 letters), few unreadable characters (U+FFFD, private use, controls), and is not
// UTF-8 read as Latin-1 ("KommunfullmÃ¤ktige") nor letters without words.
bool TextLayerIsUsable(std::string_view text);

// Dispatches on the sniffed format.
Result<SourceDocument> ReadSource(std::string_view bytes, const SourceOptions& options);

}  // namespace protokoll::pipeline

#endif  // PROTOKOLL_PIPELINE_SOURCE_H_
