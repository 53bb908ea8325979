#include "pipeline/source.h"

namespace protokoll::pipeline {

const char* FormatName(Format f) {
  switch (f) {
    case Format::kText: return "text";
    case Format::kPdf: return "pdf";
    case Format::kImage: return "image";
    case Format::kUnknown: return "unknown";
  }
  return "unknown";
}

Format SniffFormat(std::string_view b) {
  // "%PDF-" may follow some junk bytes; readers accept it within the first kilobyte.
  if (b.substr(0, 1024).find("%PDF-") != std::string_view::npos) return Format::kPdf;
  if (b.substr(0, 4) == std::string_view("II*\0", 4) || b.substr(0, 4) == std::string_view("MM\0*", 4))
    return Format::kImage;
  if (b.substr(0, 8) == "\x89PNG\r\n\x1a\n") return Format::kImage;
  if (b.substr(0, 3) == "\xFF\xD8\xFF") return Format::kImage;
  if (b.substr(0, 4) == "GIF8") return Format::kImage;
  return Format::kText;
}

Result<SourceDocument> ReadSource(std::string_view bytes, const SourceOptions& options) {
  if (bytes.empty()) return Status::Error("source", "empty file");
  switch (SniffFormat(bytes)) {
    case Format::kPdf:
      return ReadPdf(bytes, options);
    case Format::kImage:
      // Image pages have no text to read here: ingest OCRs them page by page (pipeline/ingest.cc).
      return Status::Error("source", "an image scan: its pages are read by OCR, not as a text source");
    default:
      return ReadText(bytes);
  }
}

}  // namespace protokoll::pipeline
