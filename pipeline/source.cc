#include "pipeline/source.h"

#include <string>

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

std::string NotAProtocol(std::string_view b, bool whole) {
  auto starts = [&](std::string_view sig, size_t at = 0) { return at <= b.size() && b.substr(at, sig.size()) == sig; };
  if (starts(std::string_view("SQLite format 3\0", 16))) return "an SQLite database, not a protocol";
  if (b.empty() || SniffFormat(b) != Format::kText) return {};
  if (starts("PK\x03\x04") || starts("PK\x05\x06") || starts("PK\x07\x08"))
    return "a ZIP archive (a .docx, .odt or .xlsx document is one too), not a protocol: unpack it, or save the "
           "document as PDF or text, first";
  if (starts("\x1F\x8B")) return "gzip-compressed data, not a protocol: unpack it first";
  if (starts("BZh") && b.size() > 3 && b[3] >= '1' && b[3] <= '9')
    return "bzip2-compressed data, not a protocol: unpack it first";
  if (starts(std::string_view("\xFD" "7zXZ\0", 6))) return "xz-compressed data, not a protocol: unpack it first";
  if (starts("7z\xBC\xAF\x27\x1C")) return "a 7-Zip archive, not a protocol: unpack it first";
  if (starts("Rar!\x1A\x07")) return "a RAR archive, not a protocol: unpack it first";
  if (starts("ustar", 257)) return "a tar archive, not a protocol: unpack it first";
  if (starts("\x7F" "ELF")) return "a program or library (ELF), not a protocol";
  if (starts("MZ") && b.size() >= 64) {
    const size_t pe = static_cast<unsigned char>(b[60]) | static_cast<unsigned char>(b[61]) << 8 |
                      static_cast<size_t>(static_cast<unsigned char>(b[62])) << 16;
    if (starts(std::string_view("PE\0\0", 4), pe)) return "a Windows program (PE), not a protocol";
  }
  if (starts("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
    return "an old Microsoft Office document (.doc, .xls, .ppt), not a protocol: save it as PDF or text first";
  // Text by elimination: binary data is refused as ReadText refuses it, judged from the head.
  const bool bom16 = starts("\xFF\xFE") || starts("\xFE\xFF");
  if (bom16) return {};
  size_t controls = 0, nuls = 0;
  for (unsigned char c : b) {
    nuls += c == 0;
    controls += c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f';
  }
  if (controls <= b.size() / 100 + 2) return {};
  const std::string counts = std::to_string(controls) + " control bytes, " + std::to_string(nuls) + " of them NUL";
  if (whole) return "binary data (" + counts + "), not text";
  return "binary data in its first " + std::to_string(b.size() / 1024) + " KiB (" + counts + "), not text";
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
