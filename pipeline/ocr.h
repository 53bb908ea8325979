// OCR of page images with Tesseract's C++ API and the Swedish model.
//
// An OcrEngine owns its TessBaseAPI instances (initialised once, reused for every page) and is
// used by one thread at a time: each worker has its own. Tesseract runs single-threaded (the
// engine limits OpenMP in the thread that calls it, ocr.cc): its own OpenMP threads make a
// 2-core machine 2–4× slower. Tesseract's messages go to /dev/null, not the terminal.
#ifndef PROTOKOLL_PIPELINE_OCR_H_
#define PROTOKOLL_PIPELINE_OCR_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalogue/status.h"

struct Pix;

namespace protokoll::pipeline {

// How "§" is got back, since Debian's swe.traineddata has no "§" in its character set.
enum class ParagraphSignMode {
  kNone,         // swe alone: "Ks § 39" reads "Ks 8 39"
  kSweEng,       // -l swe+eng on the whole page (~1.6× the time)
  kRereadLines,  // swe, then candidate § header lines re-read with eng (default)
};

struct OcrOptions {
  ParagraphSignMode sign_mode = ParagraphSignMode::kRereadLines;
  int timeout_ms = 120000;     // per page; 0 = none
  bool retry_poor = true;      // a poor page is read again with --psm 6 and Sauvola
};

struct OcrWord {
  std::string text;
  int left = 0, top = 0, width = 0, height = 0;  // pixels of the page image
};

struct OcrLine {
  std::string text;
  double confidence = 0;  // 0–1
  int left = 0, top = 0, width = 0, height = 0;
  bool paragraph_start = false;
  // One per word of `text` (split at spaces), in order, with the box where Tesseract saw it:
  // after the repairs and the § re-read changed the text, each word keeps the box of the
  // characters it was read from (AlignWords).
  std::vector<OcrWord> words;
};

// The words of `text` (split at spaces) with boxes taken from `read`, the words Tesseract read
// on the line before `text` was repaired: the same number of words keep their boxes in order;
// otherwise the characters of the two are aligned (edit distance) and each word gets the union
// of the boxes of the characters it came from — a character's box being its share of its read
// word's box —, so a join ("kommunfullmä ktige"), a split, a "§" for "8" keep their places. A
// word with no character read (an inserted "§") gets a slice of the gap beside its neighbours.
// Without any read word, the words are spread over `line` by their number of characters.
std::vector<OcrWord> AlignWords(const std::string& text, const std::vector<OcrWord>& read, const OcrWord& line);

struct OcrPage {
  std::string text;         // lines joined by '\n', a blank line between paragraphs
  double mean_confidence = 0;  // mean word confidence 0–1
  int words = 0;
  std::vector<OcrLine> lines;
  std::string variant;      // how it was read: "psm3", "psm6+sauvola", … plus "+eng§"
  int signs_recovered = 0;  // header lines whose "§" came from the eng re-read
  int words_repaired = 0;   // split words joined, lost diacritics restored (Swedish dictionary)
};

class OcrEngine {
 public:
  // Loads the models; fails with a Status if the Swedish model is missing.
  static Result<std::unique_ptr<OcrEngine>> Create(ParagraphSignMode mode);
  ~OcrEngine();
  OcrEngine(const OcrEngine&) = delete;
  OcrEngine& operator=(const OcrEngine&) = delete;

  // Recognises one page. A page over its deadline fails with stage "ocr" and reason
  // "timed out"; its partial text is discarded (Tesseract leaves blanks).
  Result<OcrPage> Recognize(Pix* page, const OcrOptions& options);

  // Quarter turns clockwise that bring the page's text upright, by Tesseract's orientation and
  // script detection (the legacy `osd` model, tesseract-ocr-osd): 0 when upright; nullopt when
  // the model is missing or not confident (orientation confidence below 2, Tesseract's own
  // "reliable" mark). Loaded on first use; about 0.3 s a page, so asked only where the cheap
  // check (UprightTurns) was not decisive and the page read poorly.
  std::optional<int> OsdTurns(Pix* page);

 private:
  struct Impl;
  explicit OcrEngine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Repairs of the Swedish model's typical slips, checked against the Swedish Hunspell dictionary
// (hunspell-sv): a word split in two where a part is no word ("kommunfullmä ktige", "S torviks")
// is joined when the whole is a word; a word that is none gets back its lost å/ä/ö when exactly
// one way of doing so makes a word ("Arendet" → "Ärendet"). Numbers, codes and words the
// dictionary knows are left alone. Thread-compatible: one per worker.
class SwedishSpeller {
 public:
  // nullptr when the dictionary is not installed: then no repairs are made.
  static std::unique_ptr<SwedishSpeller> Load();
  ~SwedishSpeller();
  bool IsWord(const std::string& w);
  // Returns the number of repairs made to `line`.
  int RepairLine(std::string& line);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  SwedishSpeller();
};

// True when an OCR'd line looks like a § header whose sign was misread ("Ks 8 39", "Ks $ 40",
// "KF 312", "BUN $45", "§ 12").
bool LooksLikeMisreadHeader(const std::string& line);

}  // namespace protokoll::pipeline

#endif  // PROTOKOLL_PIPELINE_OCR_H_
