// mkvolume: makes a scanned bound volume from a text-layer PDF, the way archives scan them:
// every content page followed, after each fourth, by the empty verso of its leaf; pages in the
// kinds a scanning project mixes — 300 dpi grey JPEG (most), colour JPEG of yellowed paper,
// bilevel CCITT G4, 400 dpi grey — and a few pages turned in the scanner (90°, 180°, 270°).
// Empty versos are paper with noise, some with a dark scanner edge and the faint mirrored
// show-through of the page before. Deterministic (fixed seed). Writes one PDF, page by page
// (never the whole volume in memory), and prints one line per page kind.
//
//   mkvolume IN.pdf OUT.pdf [--plan OUT.tsv]
// --plan writes page number, kind and turn of every page (the bench's and tests' key).
#include <leptonica/allheaders.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>

#include "pipeline/raster.h"

using protokoll::pipeline::PixPtr;

namespace {

std::mt19937 rng(20261205);

// Paper grey with a tint of its own, text ink less than black, noise, a slight turn.
Pix* AsScanned(Pix* page, double angle, double noise) {
  Pix* turned = pixRotate(page, static_cast<float>(angle * M_PI / 180.0), L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
  std::normal_distribution<double> gauss(0, noise);
  const int w = pixGetWidth(turned), h = pixGetHeight(turned), wpl = pixGetWpl(turned);
  l_uint32* data = pixGetData(turned);
  for (int y = 0; y < h; ++y) {
    l_uint32* line = data + static_cast<long>(y) * wpl;
    for (int x = 0; x < w; ++x) {
      double g = GET_DATA_BYTE(line, x) * 0.9 + 12 + gauss(rng);
      SET_DATA_BYTE(line, x, static_cast<l_uint32>(std::clamp(static_cast<int>(std::lround(g)), 0, 255)));
    }
  }
  return turned;
}

// An empty verso: the paper alone; with `edge`, a dark band where the scanner lid did not
// cover, and with `ghost` the page before showing through, mirrored, at 6% of its contrast.
Pix* EmptyVerso(int w, int h, bool edge, Pix* ghost) {
  Pix* p = pixCreate(w, h, 8);
  std::normal_distribution<double> gauss(0, 6);
  const int wpl = pixGetWpl(p);
  l_uint32* data = pixGetData(p);
  Pix* mirrored = ghost ? pixFlipLR(nullptr, ghost) : nullptr;
  for (int y = 0; y < h; ++y) {
    l_uint32* line = data + static_cast<long>(y) * wpl;
    for (int x = 0; x < w; ++x) {
      double g = 238 + gauss(rng);
      if (mirrored && x < pixGetWidth(mirrored) && y < pixGetHeight(mirrored)) {
        l_uint32 v = 255;
        pixGetPixel(mirrored, x, y, &v);
        g -= (255.0 - v) * 0.06;
      }
      if (edge && x > w - 40) g = 40 + gauss(rng);
      SET_DATA_BYTE(line, x, static_cast<l_uint32>(std::clamp(static_cast<int>(std::lround(g)), 0, 255)));
    }
  }
  if (mirrored) pixDestroy(&mirrored);
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  std::string in, out, plan_path;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--plan" && i + 1 < argc) plan_path = argv[++i];
    else if (in.empty()) in = a;
    else out = a;
  }
  if (in.empty() || out.empty()) {
    std::fprintf(stderr, "usage: mkvolume IN.pdf OUT.pdf [--plan OUT.tsv]\n");
    return 2;
  }
  setMsgSeverity(L_SEVERITY_NONE);
  std::ifstream f(in, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string pdf = ss.str();
  L_PTRA* pages = ptraCreate(0);
  std::ofstream plan;
  if (!plan_path.empty()) plan.open(plan_path);
  if (plan) plan << "page\tkind\tturned\n";
  std::map<std::string, int> kinds;
  int out_page = 0;
  auto add = [&](Pix* pix, int type, const std::string& kind, int turned) {
    l_uint8* data = nullptr;
    size_t size = 0;
    const int res = pixGetXRes(pix);
    if (pixConvertToPdfData(pix, type, 60, &data, &size, 0, 0, res, nullptr, nullptr, 0) != 0) return false;
    L_BYTEA* ba = l_byteaInitFromMem(data, size);
    lept_free(data);
    ptraAdd(pages, ba);
    ++out_page;
    ++kinds[kind];
    if (plan) plan << out_page << '\t' << kind << '\t' << turned << '\n';
    return true;
  };
  PixPtr previous;
  for (int i = 0;; ++i) {
    // Every tenth page in each special kind; pages 14, 42, 63 and 78 of the text turned.
    const int k = i % 10;
    const int dpi = k == 7 ? 400 : 300;
    auto r = protokoll::pipeline::RenderPdfPage(pdf, i, dpi, "");
    if (!r.ok()) {
      if (i == 0) {
        std::fprintf(stderr, "mkvolume: %s: %s\n", in.c_str(), r.status().message().c_str());
        return 2;
      }
      break;
    }
    Pix* scanned = AsScanned(r->get(), (i % 3 - 1) * 0.35, 6);
    pixSetResolution(scanned, dpi, dpi);
    const int turn = i == 13 ? 1 : i == 41 ? 2 : i == 62 ? 3 : i == 77 ? 2 : 0;
    std::string kind = k == 3 ? "colour-jpeg" : k == 5 ? "g4" : k == 7 ? "grey-jpeg-400dpi" : "grey-jpeg";
    Pix* shown = scanned;
    int type = L_JPEG_ENCODE;
    if (k == 3) {  // yellowed paper, brown ink
      shown = pixConvertGrayToFalseColor(scanned, 1.0);
      Pix* rgb = pixCreate(pixGetWidth(scanned), pixGetHeight(scanned), 32);
      const int w = pixGetWidth(scanned), h = pixGetHeight(scanned);
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
          l_uint32 v = 0;
          pixGetPixel(scanned, x, y, &v);
          const double t = v / 255.0;
          l_uint32 px = 0;
          composeRGBPixel(static_cast<int>(60 + t * 185), static_cast<int>(40 + t * 190), static_cast<int>(25 + t * 170), &px);
          pixSetPixel(rgb, x, y, px);
        }
      pixDestroy(&shown);
      shown = rgb;
      pixSetResolution(shown, dpi, dpi);
    } else if (k == 5) {
      shown = pixConvertTo1(scanned, 150);
      pixSetResolution(shown, dpi, dpi);
      type = L_G4_ENCODE;
    }
    if (turn) {
      Pix* t = pixRotateOrth(shown, turn);
      pixCopyResolution(t, shown);
      if (shown != scanned) pixDestroy(&shown);
      shown = t;
      kind += "-turned" + std::to_string(90 * turn);
    }
    const bool ok = add(shown, type, kind, turn);
    if (shown != scanned) pixDestroy(&shown);
    if (!ok) {
      std::fprintf(stderr, "mkvolume: cannot encode page %d\n", out_page + 1);
      return 2;
    }
    if (i % 4 == 3) {  // the leaf's empty verso, at 300 dpi
      Pix* ghost = dpi == 300 ? scanned : nullptr;
      Pix* verso = EmptyVerso(2480, 3508, i % 8 == 3, i % 8 == 7 ? ghost : nullptr);
      pixSetResolution(verso, 300, 300);
      add(verso, L_JPEG_ENCODE, "empty", 0);
      pixDestroy(&verso);
    }
    pixDestroy(&scanned);
  }
  l_uint8* data = nullptr;
  size_t size = 0;
  const int rc = ptraConcatenatePdfToData(pages, nullptr, &data, &size);
  l_int32 n = 0;
  ptraGetActualCount(pages, &n);
  for (int i = 0; i < n; ++i) {
    L_BYTEA* ba = static_cast<L_BYTEA*>(ptraRemove(pages, i, L_NO_COMPACTION));
    l_byteaDestroy(&ba);
  }
  ptraDestroy(&pages, 0, 0);
  if (rc != 0 || !data) {
    std::fprintf(stderr, "mkvolume: %s: cannot join the pages\n", out.c_str());
    return 2;
  }
  std::ofstream o(out, std::ios::binary);
  o.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  lept_free(data);
  if (!o) {
    std::fprintf(stderr, "mkvolume: %s: cannot write\n", out.c_str());
    return 2;
  }
  for (const auto& [kind, count] : kinds) std::fprintf(stderr, "mkvolume: %-28s %d pages\n", kind.c_str(), count);
  std::fprintf(stderr, "mkvolume: %s: %d pages\n", out.c_str(), out_page);
  return 0;
}
