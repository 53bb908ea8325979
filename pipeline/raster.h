// Page images: rendering PDF pages (poppler page_renderer) and decoding image files (Leptonica:
// TIFF with many pages — G4 and greyscale —, PNG, JPEG), with limits checked before any pixel
// is decoded. Each call is independent and thread-safe (it loads its own poppler document), so
// pages of one file can be rendered by several workers at once, just before they are OCR'd.
#ifndef PROTOKOLL_PIPELINE_RASTER_H_
#define PROTOKOLL_PIPELINE_RASTER_H_

#include <memory>
#include <string>
#include <string_view>

#include "catalogue/status.h"

struct Pix;

namespace protokoll::pipeline {

struct PixDestroyer {
  void operator()(Pix* p) const;
};
using PixPtr = std::unique_ptr<Pix, PixDestroyer>;

// Refused before decoding: Tesseract fails on sides over 32767 px, and a decompression bomb
// must not be allowed to allocate gigabytes.
inline constexpr long long kMaxPagePixels = 120'000'000;  // ~ A2 at 600 dpi
inline constexpr int kMaxPageSide = 32000;

// The resolution a PDF page of this size (points) is rendered at for `dpi`: `dpi`, lowered for
// pages so large that the image would pass the limits (below 30: too large to render legibly).
double RenderResolution(double width_pt, double height_pt, int dpi);

// Renders page `index` (0-based) of a PDF in 8-bit grey at `dpi`; the resolution is lowered for
// pages so large that the image would pass the limits (RenderResolution).
Result<PixPtr> RenderPdfPage(std::string_view pdf, int index, int dpi, const std::string& password);

// Number of pages (frames) of an image file: TIFF may hold many; PNG and JPEG hold one.
Result<int> ImagePageCount(std::string_view bytes);
// Decodes page `index` (0-based) of an image file, refusing oversized images from the header.
Result<PixPtr> DecodeImagePage(std::string_view bytes, int index);

// A page of a stored document as a PNG for reading on screen, at most `max_width` pixels wide:
// PDF pages rendered at `dpi` (as OCR saw them), image pages decoded, turned by `quarter_turns`
// clockwise as OCR turned them (QuarterTurnsOf the page's OCR variant). `full_width` and
// `full_height` are the size of the page image before scaling — the space of the OCR line
// boxes.
struct PagePreview {
  std::string png;
  int full_width = 0, full_height = 0;
};
Result<PagePreview> RenderPagePreview(std::string_view bytes, bool pdf, int index, int dpi, int max_width,
                                      int quarter_turns = 0);
// The quarter turns recorded in an OCR variant ("psm3+eng§+turned270" → 3); 0 when none.
int QuarterTurnsOf(std::string_view ocr_variant);

// Whether a page holds anything worth reading, judged from a small grey image of it (about
// 75 dpi: JPEG decoded at a quarter, a rendering at 75 dpi, G4 reduced to grey). Ink is what is
// darker than the paper by more than its noise; marks touching the image's edge (scanner
// borders, the binding's shadow) do not count, and neither do specks of one or two pixels. A
// faint stamp, a pencilled note or one typed line is ink: the page is read. What is left
// empty is recorded as an empty page, never dropped.
struct InkProbe {
  bool empty = false;
  long ink_pixels = 0;  // in marks of 3 pixels or more, off the edges
  int paper = 0;        // the paper's grey level
};
InkProbe ProbeInk(const Pix* small);
// The probe's resolution.
inline constexpr int kProbeDpi = 75;

// Quarter turns clockwise that bring a page's text upright, from Leptonica's count of
// ascenders and descenders on the bilevel page (a few tens of ms): 0 when it is upright, or when
// the count is not decisive (`decisive` false), which is when Tesseract's own orientation
// detection is asked (OcrEngine::Orientation).
int UprightTurns(Pix* page, bool* decisive);
// The page turned by `quarter_turns` clockwise (a copy; nullptr on failure).
PixPtr TurnPage(Pix* page, int quarter_turns);

int PixWidth(const Pix* p);
int PixHeight(const Pix* p);
int PixResolution(const Pix* p);  // dpi from the file, 0 when unknown

}  // namespace protokoll::pipeline

#endif  // PROTOKOLL_PIPELINE_RASTER_H_
