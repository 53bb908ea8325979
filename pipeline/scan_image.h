// The picture of a scanned PDF page taken straight out of the file (libqpdf), instead of
// rendering the page with Poppler.
//
// A scanned page is, almost always, one image drawn over the whole page. Rendering it at 300 dpi
// costs Poppler 0.15–0.23 s (it decodes the image, then resamples and anti-aliases it), and a
// glance at a low resolution to see whether the page is empty costs 37 ms, because the whole
// JPEG is decoded even to make 331 × 468 pixels. Taken from the file, a JPEG decodes at an
// eighth of its size in a few milliseconds (libjpeg scales while it decodes) and at full size in
// a fraction of Poppler's time; a CCITT G4 page decodes as the bilevel image it is.
//
// Only pages whose layout is certain are taken this way: one image XObject, JPEG (DCTDecode
// alone) or CCITT G4 (K < 0), drawn with a plain scale over the page's whole media box (no
// rotation, no flip, no clip, nothing else drawn), page /Rotate 0. Everything else — and any
// file qpdf cannot read — is left to Poppler (std::nullopt), so this is an optimisation and
// never the only way a page is read.
#ifndef PROTOKOLL_PIPELINE_SCAN_IMAGE_H_
#define PROTOKOLL_PIPELINE_SCAN_IMAGE_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/raster.h"

namespace protokoll::pipeline {

struct ScanImage {
  enum class Kind { kJpeg, kG4 };
  Kind kind = Kind::kJpeg;
  // The stream's bytes as stored (a JPEG file, or G4 code): a view into the PDF's own bytes
  // (which must outlive it), or into `owned`.
  std::string_view data;
  std::shared_ptr<const std::string> owned;
  int width = 0, height = 0;
  double page_width_in = 0, page_height_in = 0;  // the media box, in inches

  void Own(std::string bytes) {
    owned = std::make_shared<const std::string>(std::move(bytes));
    data = *owned;
  }
};
using ScanImages = std::vector<std::optional<ScanImage>>;  // by page, 0-based

// Every page's one image, for pages that are plain scans as described above, from one reading of
// the file's structure (a volume's pages are not each parsed again). The images are views into
// `pdf`, located through the cross-reference table; where that location is not certain, the
// image is copied out if `copy_fallback`, else the page is left to Poppler. Empty when qpdf
// cannot read the file or it is encrypted.
ScanImages ScanImagesOfPdf(std::string_view pdf, bool copy_fallback = false);

// The one image of page `index` (0-based) when the page is a plain scan as described above.
std::optional<ScanImage> ScanImageOfPage(std::string_view pdf, int index);

// Decodes `image` into a Pix: `reduction` 1, 2, 4 or 8 (JPEG scales while decoding; G4 is
// decoded whole and reduced to grey). Grey (8 bpp) for JPEG; G4 at reduction 1 stays bilevel.
Result<PixPtr> DecodeScanImage(const ScanImage& image, int reduction);

// A page made ready for OCR: first a glance at kProbeDpi (JPEG decoded at a quarter straight
// from the file, a G4 page reduced, anything else rendered by Poppler at 75 dpi) decides whether
// it is empty — then no full-size image is made at all; else the full image: PDF pages rendered
// by Poppler at `dpi`, image files decoded at their own size.
struct PageForOcr {
  PixPtr pix;  // null when the page is empty
  InkProbe probe;
  bool probed_from_file = false;  // the probe read the PDF page's own image, not a rendering
};
// `scans`, when given, is ScanImagesOfPdf(bytes) found once for the whole file.
Result<PageForOcr> ReadPageForOcr(std::string_view bytes, bool pdf, int index, int dpi, const std::string& password,
                                  const ScanImages* scans = nullptr);

}  // namespace protokoll::pipeline

#endif  // PROTOKOLL_PIPELINE_SCAN_IMAGE_H_
