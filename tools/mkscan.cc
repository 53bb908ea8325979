// mkscan: makes a "scanned" protocol from a text-layer PDF, the way archive scans look: each
// page rendered at 300 dpi in grey, turned a little, speckled with noise, then saved either as a
// PDF of greyscale JPEG pages (no text layer) or as a bilevel CCITT G4 multi-page TIFF.
// Deterministic noise (fixed seed), so the same inputs make the same images.
//
//   mkscan [--angle DEG] [--noise SIGMA] [--contrast F] [--blur] [--dpi N] [--quality Q] IN.pdf OUT.pdf|.tif|.png|.jpg
// (.png and .jpg hold the first page only).
#include <leptonica/allheaders.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "pipeline/raster.h"

using protokoll::pipeline::PixPtr;

int main(int argc, char** argv) {
  double angle = 0.6, noise = 10, contrast = 1.0;
  bool blur = false;
  int dpi = 300, quality = 70;
  std::string in, out;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--angle" && i + 1 < argc) angle = std::atof(argv[++i]);
    else if (a == "--noise" && i + 1 < argc) noise = std::atof(argv[++i]);
    else if (a == "--contrast" && i + 1 < argc) contrast = std::atof(argv[++i]);
    else if (a == "--blur") blur = true;
    else if (a == "--dpi" && i + 1 < argc) dpi = std::atoi(argv[++i]);
    else if (a == "--quality" && i + 1 < argc) quality = std::atoi(argv[++i]);
    else if (in.empty()) in = a;
    else out = a;
  }
  if (in.empty() || out.empty()) {
    std::fprintf(stderr, "usage: mkscan [--angle DEG] [--noise SIGMA] [--dpi N] [--quality Q] IN.pdf OUT.pdf|OUT.tif\n");
    return 2;
  }
  setMsgSeverity(L_SEVERITY_NONE);
  std::ifstream f(in, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  std::string pdf = ss.str();
  auto ends = [&](const char* e) { std::string s(e); return out.size() > s.size() && out.substr(out.size() - s.size()) == s; };
  const bool tiff = ends(".tif") || ends(".tiff");
  const bool png = ends(".png"), jpeg = ends(".jpg") || ends(".jpeg");  // the first page only
  std::mt19937 rng(20240611);
  std::normal_distribution<double> gauss(0, noise);
  Pixa* pages = pixaCreate(0);
  for (int p = 0;; ++p) {
    auto r = protokoll::pipeline::RenderPdfPage(pdf, p, dpi, "");
    if (!r.ok()) {
      if (p == 0) {
        std::fprintf(stderr, "mkscan: %s: %s\n", in.c_str(), r.status().message().c_str());
        return 2;
      }
      break;
    }
    Pix* page = r.value().release();
    Pix* turned = pixRotate(page, static_cast<float>(angle * M_PI / 180.0), L_ROTATE_AREA_MAP,
                            L_BRING_IN_WHITE, 0, 0);
    pixDestroy(&page);
    const int w = pixGetWidth(turned), h = pixGetHeight(turned), wpl = pixGetWpl(turned);
    l_uint32* data = pixGetData(turned);
    for (int y = 0; y < h; ++y) {
      l_uint32* line = data + static_cast<long>(y) * wpl;
      for (int x = 0; x < w; ++x) {
        int v = static_cast<int>(GET_DATA_BYTE(line, x));
        // Paper is never white: a grey cast; a faded copy has less contrast; then noise.
        double g = 128 + (v * 0.92 + 8 - 128) * contrast;
        v = static_cast<int>(std::lround(g + (noise > 0 ? gauss(rng) : 0)));
        SET_DATA_BYTE(line, x, std::clamp(v, 0, 255));
      }
    }
    if (blur) {  // a copy of a copy: the noise and the strokes smeared over 3×3 pixels
      Pix* soft = pixBlockconvGray(turned, nullptr, 1, 1);
      pixDestroy(&turned);
      turned = soft;
    }
    pixSetResolution(turned, dpi, dpi);
    if (tiff) {
      Pix* bw = pixConvertTo1(turned, 150);
      pixSetResolution(bw, dpi, dpi);
      pixDestroy(&turned);
      turned = bw;
    }
    pixaAddPix(pages, turned, L_INSERT);
  }
  int n = pixaGetCount(pages);
  int rc = 0;
  if (png || jpeg) {
    Pix* pix = pixaGetPix(pages, 0, L_CLONE);
    rc = png ? pixWrite(out.c_str(), pix, IFF_PNG) : pixWriteJpeg(out.c_str(), pix, quality, 0);
    pixDestroy(&pix);
    n = 1;
  } else if (tiff) {
    for (int i = 0; i < n && rc == 0; ++i) {
      Pix* pix = pixaGetPix(pages, i, L_CLONE);
      rc = pixWriteTiff(out.c_str(), pix, IFF_TIFF_G4, i == 0 ? "w" : "a");
      pixDestroy(&pix);
    }
  } else {
    rc = pixaConvertToPdf(pages, dpi, 1.0, L_JPEG_ENCODE, quality, nullptr, out.c_str());
  }
  pixaDestroy(&pages);
  if (rc != 0) {
    std::fprintf(stderr, "mkscan: %s: cannot write\n", out.c_str());
    return 2;
  }
  std::fprintf(stderr, "mkscan: %s: %d pages\n", out.c_str(), n);
  return 0;
}
