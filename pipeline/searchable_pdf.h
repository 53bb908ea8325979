// Searchable PDFs of scanned documents: the page images with an invisible text layer made from
// the OCR already stored in the catalogue (no second recognition), so that a reader finds a word
// where it stands on the scan and `pdftotext` returns what OCR read.
//
// A PDF keeps its own pages, byte for byte: each OCR'd page gets one more content stream with the
// text (rendering mode 3, invisible), as OCRmyPDF does; pages read from their text layer are left
// alone. TIFF, PNG and JPEG files become a new PDF with one page an image: a JPEG's own bytes
// (DCTDecode), a single-strip CCITT G4 TIFF page's strip (CCITTFaxDecode), anything else the
// decoded pixels (Flate). The text is set in Tesseract's glyphless font (pdf.ttf: one empty
// glyph for every character, Identity-H, a ToUnicode map from each code to itself): each word
// at the place Tesseract saw it, stretched to its width; the words of a line on one baseline.
// No PDF/A is claimed. Thread-safe: each call owns everything it touches.
#ifndef PROTOKOLL_PIPELINE_SEARCHABLE_PDF_H_
#define PROTOKOLL_PIPELINE_SEARCHABLE_PDF_H_

#include <string>
#include <string_view>

#include "catalogue/catalogue.h"
#include "catalogue/status.h"

namespace protokoll::pipeline {

struct SearchablePdfOptions {
  // The resolution PDF pages were rendered at for OCR (IngestOptions::dpi), needed only for pages
  // stored before schema 8, which do not record their image's size; and the resolution taken
  // for an image file that states none.
  int dpi = 300;
  // Tesseract's glyphless font; empty: looked for in $TESSDATA_PREFIX and tesseract-ocr's data
  // folders (/usr/share/tesseract-ocr/5/tessdata/pdf.ttf on Debian 12).
  std::string font_path;
};

struct SearchablePdfStats {
  int pages = 0;           // pages in the PDF
  int text_pages = 0;      // pages given a text layer
  int words = 0;           // words placed
  int images_kept = 0;     // image files: pages whose image is the file's own bytes (JPEG, G4)
  int images_decoded = 0;  // image files: pages stored as decoded pixels (Flate)
};

// The searchable PDF of a stored document, from its original bytes (the caller has checked that
// they hash to layer.sha256) and the text layer the catalogue holds. Fails with stage "pdf" when
// the original cannot be read (a PDF needing a password, a damaged file), its pages do not match
// the catalogue's, or the glyphless font is missing.
Result<std::string> MakeSearchablePdf(std::string_view original,
                                      const catalogue::Catalogue::TextLayer& layer,
                                      const SearchablePdfOptions& options,
                                      SearchablePdfStats* stats = nullptr);

// The bytes of a stored document's file, read from `path` (relative to the current folder when
// relative, as ingest was given it), only while they are still the ingested ones: stage
// "original" with "no such file", "cannot read …" or "the file has changed since it was
// ingested" otherwise.
Result<std::string> ReadOriginal(const std::string& path, const std::string& sha256);

}  // namespace protokoll::pipeline

#endif  // PROTOKOLL_PIPELINE_SEARCHABLE_PDF_H_
