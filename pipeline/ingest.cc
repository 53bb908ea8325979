#include "pipeline/ingest.h"

#include <sys/stat.h>
#include <unistd.h>

#include <csignal>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "pipeline/document.h"
#include "pipeline/mapped_file.h"
#include "pipeline/raster.h"
#include "pipeline/scan_image.h"
#include "pipeline/sha256.h"
#include "pipeline/source.h"

namespace protokoll::pipeline {
namespace fs = std::filesystem;

namespace {

bool ProtocolExtension(const fs::path& p) {
  std::string ext = p.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* e : {".txt", ".text", ".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg"})
    if (ext == e) return true;
  return false;
}

std::string Canonical(const std::string& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(fs::absolute(p, ec), ec);
  return ec ? p : c.string();
}

// A file is hashed this much at a time, each stretch handed back once read.
constexpr size_t kHashChunk = 8 << 20;

// A text read in parts (TextParts): its parts are cut one at a time, by whichever worker takes
// the job's window task, and processed on several workers; the writer stores them in order.
struct TextJob {
  size_t index = 0;
  std::string path, sha256, municipality;
  bool reprocess = false;
  MappedFile file;  // TextParts reads its bytes
  std::unique_ptr<TextParts> parts;
  int total_parts = 0, total_pages = 0;
  // Guarded by Ingest's queue mutex.
  int cut = 0;             // parts given out
  int stored = 0;          // parts the writer has stored
  bool abandoned = false;  // a part failed, or the document turned out stored: no more parts
};

// What a worker hands the writer.
struct Outcome {
  size_t index = 0;
  std::string sha256;
  bool unchanged = false;
  std::optional<size_t> duplicate_of;  // an earlier file of this run with the same bytes
  std::string municipality;  // the file's override (an unchanged file's stored document takes it)
  std::optional<catalogue::StoredDocument> doc;
  Status status;
  // A part of a text read in parts (doc->part; 0: a whole file's outcome), with its job.
  int part = 0;
  std::shared_ptr<TextJob> job;
};

// A document whose pages are being OCR'd by the workers.
struct PendingDoc {
  size_t index = 0;
  std::string path, sha256;
  std::shared_ptr<const MappedFile> file;  // the bytes pages are rendered or decoded from
  // A PDF's plain scan images, located once for all its pages (views into `file`).
  std::once_flag scans_once;
  ScanImages scans;
  std::string municipality;  // the override, if any
  bool reprocess = false;
  SourceDocument src;
  std::atomic<int> remaining{0};
};

struct PageTask {
  std::shared_ptr<PendingDoc> doc;
  int page = 0;  // 0-based
};

Outcome Finish(PendingDoc& d, const IngestOptions& options) {
  Outcome out;
  out.index = d.index;
  out.sha256 = d.sha256;
  try {
    bool any_text = false;
    std::string first_problem;
    for (const SourcePage& p : d.src.pages) {
      any_text |= p.source != PageSource::kNone && !p.text.empty();
      if (first_problem.empty() && !p.problem.empty()) first_problem = p.problem_stage + ": " + p.problem;
    }
    int empty = 0;
    for (const SourcePage& p : d.src.pages) empty += p.source == PageSource::kEmpty;
    // A file of empty pages only is stored (its pages recorded as empty, review lists it as
    // holding no text) rather than failed: reading it again would find nothing more.
    if (!any_text && empty != static_cast<int>(d.src.pages.size())) {
      out.status = Status::Error("source", first_problem.empty() ? "no page has any text" : "no page could be read: " + first_problem, d.path);
      return out;
    }
    out.doc = ProcessDocument(d.src, d.path, d.sha256, static_cast<long long>(d.file->size()),
                              options.sign_from_numbering);
    out.doc->replace_existing = d.reprocess;
    if (!d.municipality.empty()) out.doc->municipality = d.municipality;
  } catch (const std::exception& e) {
    out.status = Status::Error("internal", e.what(), d.path);
  }
  return out;
}

// Page numbers a part's items were given within the part, made the document's.
void ShiftPages(extractors::ItemFields& f, int by) {
  auto shift = [by](int& p) {
    if (p > 0) p += by;
  };
  shift(f.page_start);
  shift(f.page_end);
  shift(f.body_page);
  shift(f.meeting_date_page);
  shift(f.title_page);
  shift(f.decision_page);
  for (auto* v : {&f.diarienummer_pages, &f.amount_pages, &f.date_pages, &f.year_pages})
    for (int& p : *v) shift(p);
  for (auto& p : f.attendance.present) shift(p.page);
  for (auto& p : f.attendance.adjusters) shift(p.page);
  if (f.attendance.chair) shift(f.attendance.chair->page);
  if (f.attendance.secretary) shift(f.attendance.secretary->page);
  for (auto& m : f.proceedings.motions) shift(m.page);
  for (auto& r : f.proceedings.reservations) shift(r.page);
  for (auto& s : f.proceedings.statements) shift(s.page);
  for (auto& c : f.proceedings.conflicts) shift(c.page);
  if (f.proceedings.vote) shift(f.proceedings.vote->page);
}

// One part of a text read in parts, processed as a document of its own; the writer joins the
// parts (meetings numbered on, the quality summed).
Outcome ReadPart(TextJob& job, SourceDocument part, int number, const IngestOptions& options) {
  Outcome out;
  out.index = job.index;
  out.sha256 = job.sha256;
  out.part = number;
  try {
    const int before = part.pages.empty() ? 0 : part.pages.front().number - 1;
    out.doc = ProcessDocument(part, job.path, job.sha256, static_cast<long long>(job.file.size()),
                              options.sign_from_numbering);
    for (catalogue::StoredItem& it : out.doc->items) ShiftPages(it.fields, before);
    out.doc->part = number;
    out.doc->last_part = number == job.total_parts;
    out.doc->page_count = job.total_pages;
    out.doc->replace_existing = job.reprocess;
    if (!job.municipality.empty()) out.doc->municipality = job.municipality;
  } catch (const std::exception& e) {
    out.status = Status::Error("internal", e.what(), job.path);
  }
  return out;
}

// A test hook, not a feature: PROTOKOLL_FAULT_INJECT=crash:SUBSTRING (SIGSEGV), abort:SUBSTRING
// (SIGABRT) or hang:SUBSTRING (sleeps for ever), several joined by ',', acts when a file whose
// path contains SUBSTRING begins to be read — a library crashing or hanging on that file, so
// that tests can check what the supervisor (pipeline/supervisor.h) does; crash-stored:SUBSTRING
// crashes right after such a file's batch is committed, before its end is reported (a crash
// between the two). Unset: nothing.
void FaultInjectionHook(const std::string& path, bool stored = false) {
  static const std::string spec = [] {
    const char* e = std::getenv("PROTOKOLL_FAULT_INJECT");
    return std::string(e ? e : "");
  }();
  if (spec.empty()) return;
  size_t at = 0;
  while (at <= spec.size()) {
    size_t comma = spec.find(',', at);
    if (comma == std::string::npos) comma = spec.size();
    const std::string one = spec.substr(at, comma - at);
    at = comma + 1;
    const size_t colon = one.find(':');
    if (colon == std::string::npos || colon + 1 >= one.size()) continue;
    if (path.find(one.substr(colon + 1)) == std::string::npos) continue;
    const std::string what = one.substr(0, colon);
    if ((what == "crash-stored") != stored) continue;
    // The default action, not a handler a sanitizer may have put there: the process dies by
    // the signal, as a crash no runtime catches.
    if (what == "crash" || what == "abort" || what == "crash-stored") {
      const int sig = what == "crash" ? SIGSEGV : SIGABRT;
      std::signal(sig, SIG_DFL);
      std::raise(sig);
    }
    if (what == "hang")
      for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
  }
}

// Reads a file and decides its pages: text and text-layer pages are done at once; pages that
// need OCR come back as a pending document, a long text as a job of parts.
// `threads`: how many threads may read a long PDF's text layer (the idle workers' share).
// `resolve(sha)` is called once the bytes are hashed (with "" when they never are, at the
// latest when this returns): it waits until every file before this one is hashed too and gives
// the first of them with the same bytes, if any.
Outcome ReadOne(const InputFile& in, size_t index, const IngestOptions& options, int threads,
                const std::function<bool(const std::string&)>& known,
                const std::function<std::optional<size_t>(const std::string&)>& resolve,
                std::shared_ptr<PendingDoc>* pending, std::shared_ptr<TextJob>* text_job) {
  Outcome out;
  out.index = index;
  bool resolved = false;
  struct Unresolved {
    const std::function<std::optional<size_t>(const std::string&)>& resolve;
    bool& done;
    ~Unresolved() {
      if (!done) resolve({});
    }
  } guard{resolve, resolved};
  if (!in.error.empty()) {
    out.status = Status::Error("read", in.error, in.path);
    return out;
  }
  FaultInjectionHook(in.path);
  try {
    auto mapped = MappedFile::Open(in.path);
    if (!mapped.ok()) {
      out.status = mapped.status();
      return out;
    }
    auto file = std::make_shared<MappedFile>(std::move(*mapped));
    const std::string_view bytes = file->bytes();
    if (bytes.empty()) {
      out.status = Status::Error("source", "empty file", in.path);
      return out;
    }
    // What is clearly no protocol is refused from its first bytes, the rest never read.
    if (std::string why = NotAProtocol(bytes.substr(0, kSniffBytes), bytes.size() <= kSniffBytes); !why.empty()) {
      out.status = Status::Error("source", why, in.path);
      return out;
    }
    {
      Sha256 hash;
      for (size_t at = 0; at < bytes.size(); at += kHashChunk) {
        hash.Update(bytes.substr(at, kHashChunk));
        file->Release(at, at + kHashChunk);
      }
      out.sha256 = hash.Hex();
    }
    resolved = true;
    if (std::optional<size_t> first = resolve(out.sha256)) {
      out.duplicate_of = first;
      return out;
    }
    out.municipality = MunicipalityOverride(in, options);
    const bool reprocess = options.reextract || options.reprocess.count(in.path) > 0;
    if (!reprocess && known(out.sha256)) {
      out.unchanged = true;
      return out;
    }
    Format format = SniffFormat(bytes);
    if (format == Format::kText && bytes.size() > kWholeTextBytes) {
      auto job = std::make_shared<TextJob>();
      job->index = index;
      job->path = in.path;
      job->sha256 = out.sha256;
      job->municipality = out.municipality;
      job->reprocess = reprocess;
      job->file = std::move(*file);
      const MappedFile* f = &job->file;
      auto parts = TextParts::Open(f->bytes(), [f](size_t b, size_t e) { f->Release(b, e); });
      if (!parts.ok()) {
        out.status = parts.status().WithPath(in.path);
        return out;
      }
      job->parts = std::move(*parts);
      job->total_parts = job->parts->parts();
      job->total_pages = job->parts->pages();
      *text_job = std::move(job);
      return out;
    }
    auto d = std::make_shared<PendingDoc>();
    d->index = index;
    d->path = in.path;
    d->sha256 = out.sha256;
    d->reprocess = reprocess;
    d->municipality = out.municipality;
    if (format == Format::kImage) {
      if (options.ocr == OcrMode::kNever) {
        out.status = Status::Error("source", "an image scan, and --ocr never was given", in.path);
        return out;
      }
      auto n = ImagePageCount(bytes);
      if (!n.ok()) {
        out.status = n.status().WithPath(in.path);
        return out;
      }
      d->src.format = Format::kImage;
      for (int p = 0; p < *n; ++p) {
        SourcePage sp;
        sp.number = p + 1;
        sp.source = PageSource::kNone;
        d->src.pages.push_back(std::move(sp));
      }
    } else {
      SourceOptions so;
      so.password = options.password;
      so.threads = threads;
      auto src = ReadSource(bytes, so);
      if (!src.ok()) {
        out.status = src.status().WithPath(in.path);
        return out;
      }
      d->src = std::move(*src);
    }
    file->ReleaseAll();  // what was read is in `src`; pages to render are read again when rendered
    int need = 0;
    for (SourcePage& p : d->src.pages) {
      bool ocr = d->src.format == Format::kImage ||
                 (d->src.format == Format::kPdf &&
                  (options.ocr == OcrMode::kAlways ||
                   (options.ocr == OcrMode::kAuto && p.source == PageSource::kNone &&
                    p.problem.find("broken page tree") == std::string::npos)));
      if (ocr) {
        p.source = PageSource::kNone;
        p.problem = "waiting for OCR";
        ++need;
      }
    }
    d->file = std::move(file);
    if (need == 0) {
      if (options.ocr == OcrMode::kNever) {
        for (SourcePage& p : d->src.pages)
          if (p.source == PageSource::kNone && p.problem.find("scanned") != std::string::npos)
            p.problem = "no text layer, and --ocr never was given";
      }
      return Finish(*d, options);
    }
    d->remaining = need;
    *pending = std::move(d);
    return out;
  } catch (const std::exception& e) {
    out.status = Status::Error("internal", e.what(), in.path);
  } catch (...) {
    out.status = Status::Error("internal", "unknown exception", in.path);
  }
  return out;
}

// Below this mean word confidence an OCR'd page is reported for review.
constexpr double kReviewConfidence = 0.5;

// OCRs one page into its document; the engine is the calling worker's.
void OcrOne(PageTask& t, const IngestOptions& options, std::unique_ptr<OcrEngine>& engine,
            Status& engine_status) {
  PendingDoc& d = *t.doc;
  SourcePage& page = d.src.pages[static_cast<size_t>(t.page)];
  page.problem.clear();
  try {
    const bool pdf = d.src.format == Format::kPdf;
    if (pdf && options.password.empty()) std::call_once(d.scans_once, [&d] { d.scans = ScanImagesOfPdf(d.file->bytes()); });
    auto image = ReadPageForOcr(d.file->bytes(), pdf, t.page, options.dpi, options.password,
                                pdf && options.password.empty() ? &d.scans : nullptr);
    d.file->ReleaseAll();  // the page is decoded: the file's pages need not stay resident
    if (!image.ok()) {
      page.problem_stage = image.status().stage();
      page.problem = image.status().message();
      return;
    }
    if (!image->pix) {
      // No ink worth reading: recorded as an empty page (review counts them), not OCR'd.
      page.source = PageSource::kEmpty;
      page.text.clear();
      page.ocr_variant = "empty: " + std::to_string(image->probe.ink_pixels) + " px of ink at " + std::to_string(kProbeDpi) + " dpi";
      return;
    }
    PixPtr pix = std::move(image->pix);
    // The engine is made on this worker's first page with ink (an empty page needs none).
    if (!engine && engine_status.ok()) {
      auto e = OcrEngine::Create(options.sign_mode);
      if (e.ok()) engine = std::move(*e);
      else engine_status = e.status();
    }
    if (!engine) {
      page.problem_stage = "ocr";
      page.problem = engine_status.message();
      return;
    }
    // Pages the wrong way up are turned before they are read: Leptonica's cheap count first;
    // Tesseract's orientation model only where that count was not decisive and the page read
    // poorly.
    bool decisive = false;
    int turns = UprightTurns(pix.get(), &decisive);
    if (turns != 0)
      if (PixPtr turned = TurnPage(pix.get(), turns)) pix = std::move(turned);
    OcrOptions oo;
    oo.timeout_ms = options.page_timeout_ms;
    auto r = engine->Recognize(pix.get(), oo);
    if (r.ok() && !decisive && (r->words == 0 || r->mean_confidence < 0.6)) {
      if (std::optional<int> osd = engine->OsdTurns(pix.get()); osd && *osd != 0) {
        if (PixPtr turned = TurnPage(pix.get(), *osd)) {
          auto again = engine->Recognize(turned.get(), oo);
          if (again.ok() && again->mean_confidence > r->mean_confidence) {
            r = std::move(again);
            turns = (turns + *osd) % 4;
            pix = std::move(turned);  // the boxes are this image's
          }
        }
      }
    }
    if (!r.ok()) {
      page.problem_stage = r.status().stage();
      page.problem = r.status().message();
      return;
    }
    if (turns != 0) r->variant += "+turned" + std::to_string(90 * turns);
    page.text = std::move(r->text);
    page.source = PageSource::kOcr;
    page.ocr_confidence = r->mean_confidence;
    page.ocr_variant = r->variant;
    // The size of the image the boxes belong to (turned, when the page was turned to be read).
    page.image_width = PixWidth(pix.get());
    page.image_height = PixHeight(pix.get());
    for (const OcrLine& l : r->lines) {
      std::vector<catalogue::WordBox> words;
      for (const OcrWord& w : l.words) words.push_back({w.left, w.top, w.width, w.height});
      page.ocr_lines.push_back({l.confidence, l.left, l.top, l.width, l.height, l.text, std::move(words)});
    }
    if (r->words > 0 && r->mean_confidence < kReviewConfidence) {
      // Kept (nothing is lost, and it may still be searchable), but flagged for a person.
      char buf[96];
      std::snprintf(buf, sizeof buf, "low OCR confidence %.2f (%s): check the page", r->mean_confidence,
                    r->variant.c_str());
      page.problem_stage = "review";
      page.problem = buf;
    }
  } catch (const std::exception& e) {
    page.problem_stage = "internal";
    page.problem = e.what();
  }
}

}  // namespace


std::vector<InputFile> CollectInputs(const std::vector<std::string>& paths,
                                     const std::string& db_path) {
  std::vector<InputFile> out;
  const std::string db = db_path.empty() ? std::string() : Canonical(db_path);
  auto is_catalogue = [&](const fs::path& p) {
    if (db.empty()) return false;
    std::string c = Canonical(p.string());
    return c == db || c == db + "-wal" || c == db + "-shm" || c == db + "-journal";
  };
  for (const std::string& arg : paths) {
    std::error_code ec;
    fs::file_status st = fs::status(arg, ec);
    if (ec || !fs::exists(st)) {
      fs::file_status lst = fs::symlink_status(arg, ec);
      out.push_back({arg, fs::is_symlink(lst) ? "broken or looping symbolic link"
                                               : "no such file or folder", {}});
      continue;
    }
    if (!fs::is_directory(st)) {
      if (!is_catalogue(arg))
        out.push_back({arg, fs::is_regular_file(st) ? "" : "not a regular file", fs::path(arg).filename().string()});
      continue;
    }
    std::vector<InputFile> found;
    fs::recursive_directory_iterator it(arg, fs::directory_options::none, ec), end;
    if (ec) {
      out.push_back({arg, "cannot read folder: " + ec.message(), {}});
      continue;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        found.push_back({it->path().string(), "cannot read folder: " + ec.message(), {}});
        ec.clear();
        continue;
      }
      const fs::directory_entry& e = *it;
      std::error_code sec;
      if (e.is_symlink(sec)) {
        fs::file_status target = fs::status(e.path(), sec);
        if (sec || !fs::exists(target)) {
          if (ProtocolExtension(e.path()))
            found.push_back({e.path().string(), "broken or looping symbolic link", {}});
          continue;
        }
        if (fs::is_directory(target)) continue;  // not followed: no loops
      }
      if (e.is_directory(sec)) {
        // Unreadable folders show up as an error on the next increment.
        if (access(e.path().c_str(), R_OK | X_OK) != 0) {
          found.push_back({e.path().string(), "cannot read folder: permission denied", {}});
          it.disable_recursion_pending();
        }
        continue;
      }
      if (!ProtocolExtension(e.path()) || is_catalogue(e.path())) continue;
      if (!e.is_regular_file(sec)) {
        found.push_back({e.path().string(), "not a regular file", {}});
        continue;
      }
      found.push_back({e.path().string(), "", {}});
    }
    std::sort(found.begin(), found.end(),
              [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
    for (InputFile& f : found) f.rel = fs::path(f.path).lexically_relative(arg).generic_string();
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

std::string MunicipalityOverride(const InputFile& file, const IngestOptions& options) {
  if (!options.municipality.empty()) return options.municipality;
  // From the file's folder up to the folder it was found in (for a file named itself: its own
  // folder only).
  fs::path dir = fs::path(file.path).parent_path();
  int up = 0;
  for (const auto& part : fs::path(file.rel).parent_path()) up += !part.empty() && part != ".";
  for (int level = 0; level <= up; ++level, dir = dir.parent_path()) {
    std::ifstream in((dir.empty() ? fs::path(".") : dir) / kMunicipalityFile);
    if (!in) continue;
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // a byte-order mark
      const size_t b = line.find_first_not_of(" \t"), e = line.find_last_not_of(" \t");
      if (b == std::string::npos || line[b] == '#') continue;
      return line.substr(b, e - b + 1);
    }
    return {};  // the nearest file names none: nothing from above either
  }
  return {};
}

bool InShard(const InputFile& file, int shard, int shards) {
  if (shards <= 1) return true;
  const std::string& key = file.rel.empty() ? file.path : file.rel;
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return static_cast<int>(h % static_cast<uint64_t>(shards)) == shard;
}

IngestReport Ingest(catalogue::Catalogue& cat, const std::vector<InputFile>& inputs,
                    const IngestOptions& options,
                    const std::function<void(const std::string&)>& on_message,
                    IngestProgress* progress, const std::function<void()>& on_tick) {
  IngestReport report;
  report.files = static_cast<int>(inputs.size());
  if (!inputs.empty()) cat.PrepareSearchTerms();  // while the first files are read
  IngestProgress local_progress;
  IngestProgress& prog = progress ? *progress : local_progress;
  const IngestHooks* hooks = options.hooks;
  auto begin_step = [hooks](size_t index, const char* step, int page) {
    if (hooks && hooks->begin) hooks->begin(index, step, page);
  };
  auto end_step = [hooks] {
    if (hooks && hooks->end) hooks->end();
  };
  auto finished = [hooks](size_t index, FileEnd end, long long items) {
    if (hooks && hooks->finished) hooks->finished(index, end, items);
  };
  prog.documents_total = static_cast<int>(inputs.size());
  int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::thread::hardware_concurrency());
  jobs = std::clamp(jobs, 1, 64);
  // Parts of one text cut ahead of the writer: one for each worker and one waiting to be stored.
  const int parts_ahead = jobs + 1;

  std::mutex mu;                  // guards the queues below
  std::condition_variable out_cv;  // the writer waits for outcomes
  std::deque<Outcome> done;
  std::deque<PageTask> pages;
  std::deque<std::shared_ptr<TextJob>> windows;  // texts with parts still to cut
  size_t next_file = 0;
  int reading = 0;                  // files taken, or parts being cut, not yet handed on
  std::condition_variable page_cv;  // idle workers wait here for pages and parts to share
  std::mutex db_mu;  // one connection: the writer's, also asked by workers whether bytes are known
  auto known = [&](const std::string& sha) {
    std::lock_guard<std::mutex> lock(db_mu);
    auto r = cat.HasDocument(sha);
    return r.ok() && *r;
  };
  // Files with the same bytes: the first in input order is read, whatever the threads' timing.
  // A file's worker waits, once it has hashed the file, until every file before it is hashed.
  std::vector<char> hashed(inputs.size(), 0);
  size_t hashed_below = 0;  // every file before this one is hashed (or was refused unhashed)
  std::unordered_map<std::string, size_t> first_with;  // SHA-256 → the first file with it so far
  std::condition_variable hashed_cv;
  auto resolve = [&](size_t i, const std::string& sha) -> std::optional<size_t> {
    std::unique_lock<std::mutex> lock(mu);
    if (!sha.empty()) {
      auto [it, fresh] = first_with.emplace(sha, i);
      if (!fresh && i < it->second) it->second = i;
    }
    hashed[i] = 1;
    while (hashed_below < hashed.size() && hashed[hashed_below]) ++hashed_below;
    hashed_cv.notify_all();
    if (sha.empty()) return std::nullopt;
    hashed_cv.wait(lock, [&] { return hashed_below >= i; });
    const size_t first = first_with[sha];
    return first < i ? std::optional<size_t>(first) : std::nullopt;
  };
  auto deliver = [&](Outcome o) {
    std::lock_guard<std::mutex> lock(mu);
    done.push_back(std::move(o));
    out_cv.notify_one();
  };
  auto worker = [&] {
    std::unique_ptr<OcrEngine> engine;  // made on this worker's first OCR page, then reused
    Status engine_status;
    for (;;) {
      std::optional<PageTask> task;
      std::shared_ptr<TextJob> window;
      std::optional<size_t> file;
      int threads = 1;
      {
        std::unique_lock<std::mutex> lock(mu);
        for (;;) {
          // Pages first, then parts of texts begun: finishing started documents keeps memory
          // bounded.
          if (!pages.empty()) {
            task = std::move(pages.front());
            pages.pop_front();
            break;
          }
          auto ready = std::find_if(windows.begin(), windows.end(), [&](const std::shared_ptr<TextJob>& j) {
            return j->abandoned || j->cut - j->stored < parts_ahead;
          });
          if (ready != windows.end()) {
            std::shared_ptr<TextJob> j = std::move(*ready);
            windows.erase(ready);
            if (j->abandoned) continue;
            window = std::move(j);
            ++reading;
            break;
          }
          if (next_file < inputs.size()) {
            file = next_file++;
            ++reading;
            // The last file: workers that find nothing else to do would idle while it is read,
            // so its pages are shared out (one file alone is the common case for a long one).
            if (next_file == inputs.size()) threads = jobs;
            break;
          }
          // A file or part being read may bring pages or parts to share; a text whose parts are
          // ahead of the writer gets more once it stores one; else every task is taken.
          if (reading == 0 && windows.empty()) return;
          page_cv.wait(lock);
        }
      }
      if (task) {
        begin_step(task->doc->index, "OCR of page", task->page + 1);
        OcrOne(*task, options, engine, engine_status);
        end_step();
        ++prog.pages_done;
        if (--task->doc->remaining == 0) {
          begin_step(task->doc->index, "reading", 0);
          Outcome o = Finish(*task->doc, options);
          end_step();
          deliver(std::move(o));
        }
        continue;
      }
      if (window) {
        // This worker alone holds the job's place in the text while it cuts the next part.
        std::optional<SourceDocument> part;
        Status cut_failed;
        begin_step(window->index, "a part of the text", 0);
        try {
          part = window->parts->Next();
        } catch (const std::exception& e) {
          cut_failed = Status::Error("internal", e.what(), window->path);
        }
        int number = 0;
        {
          std::lock_guard<std::mutex> lock(mu);
          number = ++window->cut;
          if (part && window->cut < window->total_parts) windows.push_back(window);  // the next part: any worker's
          --reading;
        }
        page_cv.notify_all();
        if (!part) {
          Outcome o;
          o.index = window->index;
          o.part = number;
          o.status = cut_failed.ok() ? Status::Error("internal", "the text ended before its counted parts", window->path)
                                     : cut_failed;
          o.job = window;
          end_step();
          deliver(std::move(o));
          continue;
        }
        Outcome o = ReadPart(*window, std::move(*part), number, options);
        end_step();
        o.job = window;
        deliver(std::move(o));
        continue;
      }
      {
        std::lock_guard<std::mutex> lock(prog.mu);
        prog.current = EscapePath(inputs[*file].path);
      }
      std::shared_ptr<PendingDoc> pending;
      std::shared_ptr<TextJob> text_job;
      begin_step(*file, "reading", 0);
      Outcome o = ReadOne(inputs[*file], *file, options, threads, known,
                          [&, i = *file](const std::string& sha) { return resolve(i, sha); }, &pending, &text_job);
      end_step();
      {
        std::lock_guard<std::mutex> lock(mu);
        --reading;
        if (pending) {
          for (size_t p = 0; p < pending->src.pages.size(); ++p) {
            if (pending->src.pages[p].problem == "waiting for OCR") {
              pages.push_back({pending, static_cast<int>(p)});
              ++prog.pages_total;
            }
          }
        }
        if (text_job) windows.push_back(text_job);
      }
      page_cv.notify_all();
      if (!pending && !text_job) deliver(std::move(o));
    }
  };
  std::vector<std::thread> workers;
  for (int w = 0; w < jobs; ++w) workers.emplace_back(worker);

  // Documents are committed in batches: whatever outcomes are waiting go into one transaction
  // (each document a savepoint of it), committed when the queue runs dry, after kBatchDocuments
  // documents or kBatchSeconds. A batch lost as a whole (its commit failed, or SQLite rolled the
  // transaction back after an error) turns every document in it into a recorded failure.
  // A document stored in parts keeps its batch open until its last part is stored.
  const size_t kBatchDocuments = static_cast<size_t>(std::max(1, options.batch_documents));
  constexpr double kBatchSeconds = 1.0;
  struct Batched {
    size_t index = 0;
    std::string path, sha256;
    long long items = 0;
    std::optional<Status> failure;  // a failure recorded inside the batch, not a stored document
  };
  std::vector<Batched> batch;
  auto batch_started = std::chrono::steady_clock::now();
  // Documents stored in parts, by input index: where each stands.
  struct Parted {
    int next = 1;                  // the part to store next
    std::map<int, Outcome> early;  // parts that came before their turn
    bool open = false;             // part 1 stored, the last not yet
    bool over = false;             // all stored, failed or abandoned: later parts are dropped
    size_t batch_entry = 0;        // its entry in `batch`
    int last_meeting = -1;         // the document's last meeting so far (0-based) …
    std::string last_date, last_body, municipality;  // … and its head, and the document's
    catalogue::DocumentQuality quality;              // summed over the parts stored
    long long items = 0;
    std::shared_ptr<TextJob> job;
  };
  std::map<size_t, Parted> parted;
  int open_parted = 0;
  size_t handled = 0;
  auto finish_parted = [&](size_t, Parted& pd) {
    if (pd.over) return;
    pd.over = true;
    if (pd.open) --open_parted;
    pd.open = false;
    pd.early.clear();
    ++handled;
    ++prog.documents_done;
  };
  auto abandon = [&](const Outcome& o) {
    if (!o.job) return;
    std::lock_guard<std::mutex> lock(mu);
    o.job->abandoned = true;
    page_cv.notify_all();
  };
  auto lose_batch = [&](const Status& why) {
    for (const Batched& b : batch) {
      Status s = b.failure ? *b.failure
                           : Status::Error(why.stage(), "not stored (its batch was rolled back): " + why.message(), b.path);
      if (!b.failure) {
        --report.ingested;
        report.items -= b.items;
        ++report.failed;
        on_message(s.ToString());
      }
      Status rec = cat.RecordFailure(b.path, b.sha256, s);  // outside any transaction now
      if (!rec.ok()) on_message(rec.ToString());
      finished(b.index, FileEnd::kFailed, 0);
    }
    batch.clear();
    // A document in parts lost with it: its later parts have nothing to join.
    for (auto& [index, pd] : parted) {
      if (!pd.open) continue;
      if (pd.job) {
        std::lock_guard<std::mutex> lock(mu);
        pd.job->abandoned = true;
      }
      finish_parted(index, pd);
    }
    page_cv.notify_all();
  };
  auto end_batch = [&] {
    std::lock_guard<std::mutex> lock(db_mu);
    if (!cat.InBatch()) {
      if (!batch.empty()) lose_batch(Status::Error("store", "the transaction ended early"));
      return;
    }
    Status s = cat.EndBatch();
    if (!s.ok()) lose_batch(s);
    for (const Batched& b : batch) FaultInjectionHook(b.path, true);
    for (const Batched& b : batch) finished(b.index, b.failure ? FileEnd::kFailed : FileEnd::kIngested, b.items);
    batch.clear();
  };
  auto record_failure = [&](size_t index, const std::string& path, const std::string& sha256, const Status& status) {
    ++report.failed;
    on_message(status.ToString());
    std::lock_guard<std::mutex> lock(db_mu);
    Status rec = cat.RecordFailure(path, sha256, status);
    if (!rec.ok()) on_message(rec.ToString());
    // Recorded inside an open batch, the record shares its fate: kept to be written again.
    if (cat.InBatch()) batch.push_back({index, path, sha256, 0, status});
    else finished(index, FileEnd::kFailed, 0);
  };
  // A part in its turn: meetings numbered on from the parts before, stored, summed up.
  auto store_part = [&](Outcome& o, Parted& pd) {
    const std::string& path = inputs[o.index].path;
    if (!o.status.ok() || !o.doc) {
      Status why = o.status.ok() ? Status::Error("internal", "a part came without its document", path) : o.status;
      abandon(o);
      if (pd.open) {
        // Its earlier parts are in the open batch: all of it goes, to be retried.
        {
          std::lock_guard<std::mutex> lock(db_mu);
          cat.AbortBatch();
        }
        lose_batch(why.WithPath(path));
      } else {
        record_failure(o.index, path, o.sha256, why.WithPath(path));
        finish_parted(o.index, pd);
      }
      return;
    }
    catalogue::StoredDocument& d = *o.doc;
    const bool first = o.part == 1;
    if (o.job) pd.job = o.job;
    if (first) {
      pd.municipality = d.municipality;
    } else {
      d.municipality = pd.municipality;
    }
    // The part's first meeting goes on with the last of the part before unless its own head
    // names another date or body; its items then take that meeting's head.
    if (!d.items.empty()) {
      int m0 = d.items.front().fields.meeting;
      for (const auto& it : d.items) m0 = std::min(m0, it.fields.meeting);
      bool continues = false;
      if (!first && pd.last_meeting >= 0) {
        for (const auto& it : d.items) {
          if (it.fields.meeting != m0) continue;
          continues = (it.fields.meeting_date.empty() || it.fields.meeting_date == pd.last_date) &&
                      (it.fields.body.empty() || it.fields.body == pd.last_body);
          break;
        }
      }
      const int offset = first ? 0 : continues ? pd.last_meeting - m0 : pd.last_meeting + 1 - m0;
      for (auto& it : d.items) {
        auto& f = it.fields;
        f.meeting += offset;
        if (continues && f.meeting == pd.last_meeting) {
          if (f.meeting_date.empty()) f.meeting_date = pd.last_date;
          if (f.body.empty()) f.body = pd.last_body;
        }
      }
      for (const auto& it : d.items) {
        if (it.fields.meeting < pd.last_meeting) continue;
        pd.last_meeting = it.fields.meeting;
        pd.last_date = it.fields.meeting_date;
        pd.last_body = it.fields.body;
      }
    }
    // The quality over the parts so far: counts summed, shares and score weighted by items.
    {
      catalogue::DocumentQuality& q = pd.quality;
      const catalogue::DocumentQuality& p = d.quality;
      const double n0 = q.items, n1 = p.items, n = std::max(1.0, n0 + n1);
      if (first) {
        q = p;
        q.reasons.clear();
      } else {
        q.score = n0 + n1 > 0 ? (q.score * n0 + p.score * n1) / n : std::min(q.score, p.score);
        q.share_title = (q.share_title * n0 + p.share_title * n1) / n;
        q.share_dnr = (q.share_dnr * n0 + p.share_dnr * n1) / n;
        q.share_decision = (q.share_decision * n0 + p.share_decision * n1) / n;
        q.items += p.items;
        q.unsegmented = q.unsegmented && p.unsegmented;
        if (q.header_style == "none") q.header_style = p.header_style;
        q.numbering_gaps += p.numbering_gaps;
        q.numbering_restarts += p.numbering_restarts;
      }
      q.meetings = pd.last_meeting + 1;
      const int first_page = d.pages.empty() ? 0 : d.pages.front().number;
      const int last_page = d.pages.empty() ? 0 : d.pages.back().number;
      q.reasons += "part " + std::to_string(o.part) + " (pages " + std::to_string(first_page) + "–" +
                   std::to_string(last_page) + "):\n" + p.reasons;
      if (d.last_part) {
        d.quality = q;
        d.quality.reasons = "read in " + std::to_string(o.part) + " parts of at most " +
                            std::to_string(kTextPartBytes >> 20) +
                            " MiB of text, each segmented on its own (numbering, meetings and lists are judged part "
                            "by part)\n" +
                            q.reasons;
      }
    }
    Status s;
    bool stored_meanwhile = false;
    cat.AwaitSearchTerms();
    {
      std::lock_guard<std::mutex> lock(db_mu);
      if (!cat.InBatch()) {
        s = cat.BeginBatch();
        batch_started = std::chrono::steady_clock::now();
      }
      // Part 1 inside the batch's write lock: stored meanwhile by another process, it is that one.
      if (s.ok() && first && !d.replace_existing) {
        auto has = cat.HasDocument(d.sha256);
        stored_meanwhile = has.ok() && *has;
      }
      if (s.ok() && !stored_meanwhile) {
        begin_step(o.index, "storing", 0);
        s = cat.StoreDocument(d);
        end_step();
      }
    }
    if (stored_meanwhile) {
      abandon(o);
      ++report.unchanged;
      finished(o.index, FileEnd::kUnchanged, 0);
      finish_parted(o.index, pd);
      return;
    }
    if (!s.ok()) {
      abandon(o);
      if (pd.open || !cat.InBatch()) {
        {
          std::lock_guard<std::mutex> lock(db_mu);
          cat.AbortBatch();
        }
        lose_batch(s.WithPath(path));
        if (!pd.over) {
          record_failure(o.index, path, o.sha256, s.WithPath(path));
          finish_parted(o.index, pd);
        }
      } else {
        record_failure(o.index, path, o.sha256, s.WithPath(path));
        finish_parted(o.index, pd);
      }
      return;
    }
    const long long items = static_cast<long long>(d.items.size());
    report.items += items;
    pd.items += items;
    if (first) {
      ++report.ingested;
      batch.push_back({o.index, path, o.sha256, items, std::nullopt});
      pd.batch_entry = batch.size() - 1;
      pd.open = true;
      ++open_parted;
    } else if (pd.batch_entry < batch.size()) {
      batch[pd.batch_entry].items += items;
    }
    for (const auto& p : d.problems) on_message(Status::Error(p.stage, p.reason, path, p.page).ToString());
    {
      std::lock_guard<std::mutex> lock(mu);
      if (o.job) o.job->stored = o.part;
    }
    page_cv.notify_all();
    ++pd.next;
    if (d.last_part) {
      if (options.verbose || pd.items == 0)
        on_message("protokoll: " + EscapePath(path) + ": " + std::to_string(d.page_count) + " pages, " +
                   std::to_string(pd.items) + " § items" + (pd.items == 0 ? " (no § found)" : "") + ", read in " +
                   std::to_string(o.part) + " parts");
      finish_parted(o.index, pd);
    }
  };
  while (handled < inputs.size()) {
    Outcome o;
    {
      std::unique_lock<std::mutex> lock(mu);
      if (done.empty() && !batch.empty() && open_parted == 0) {
        lock.unlock();
        end_batch();  // nothing else is ready: what is stored goes to disk now
        lock.lock();
      }
      while (done.empty()) {
        if (on_tick) {
          lock.unlock();
          on_tick();
          lock.lock();
        }
        out_cv.wait_for(lock, std::chrono::milliseconds(200), [&] { return !done.empty(); });
      }
      o = std::move(done.front());
      done.pop_front();
    }
    const std::string& path = inputs[o.index].path;
    if (o.part > 0) {
      Parted& pd = parted[o.index];
      if (pd.over) continue;
      if (o.part != pd.next) {
        pd.early.emplace(o.part, std::move(o));
        continue;
      }
      store_part(o, pd);
      while (!pd.over && !pd.early.empty() && pd.early.begin()->first == pd.next) {
        Outcome next = std::move(pd.early.begin()->second);
        pd.early.erase(pd.early.begin());
        store_part(next, pd);
      }
      if (open_parted == 0 && (batch.size() >= kBatchDocuments ||
                               std::chrono::duration<double>(std::chrono::steady_clock::now() - batch_started).count() >=
                                   kBatchSeconds))
        end_batch();
      continue;
    }
    ++handled;
    ++prog.documents_done;
    if (o.duplicate_of) {
      ++report.duplicates;
      finished(o.index, FileEnd::kDuplicate, 0);
      on_message("protokoll: " + EscapePath(path) + ": duplicate of " + EscapePath(inputs[*o.duplicate_of].path) +
                 " (the same bytes: read once, under that name)");
      continue;
    }
    if (o.unchanged) {
      ++report.unchanged;
      finished(o.index, FileEnd::kUnchanged, 0);
      // A municipality given for its folder since: the stored document takes it.
      std::optional<Result<bool>> set;
      if (!o.municipality.empty()) {
        std::lock_guard<std::mutex> lock(db_mu);
        set = cat.SetMunicipality(o.sha256, o.municipality);
      }
      if (set && !set->ok()) on_message(set->status().WithPath(path).ToString());
      else if (options.verbose)
        on_message("protokoll: " + EscapePath(path) + ": unchanged" + (set && **set ? "; municipality set to " + o.municipality : ""));
      continue;
    }
    if (o.status.ok() && o.doc) {
      cat.AwaitSearchTerms();  // the first waits for the dictionary, not under db_mu: the workers' checks go on
      Status s;
      {
        std::lock_guard<std::mutex> lock(db_mu);
        if (!cat.InBatch()) {
          s = cat.BeginBatch();
          batch_started = std::chrono::steady_clock::now();
        }
        if (s.ok()) {
          begin_step(o.index, "storing", 0);
          s = cat.StoreDocument(*o.doc);
          end_step();
        }
        if (!s.ok() && !batch.empty() && !cat.InBatch())
          lose_batch(s);  // the error took the whole transaction with it
      }
      if (s.ok()) {
        ++report.ingested;
        report.items += static_cast<long long>(o.doc->items.size());
        batch.push_back({o.index, path, o.sha256, static_cast<long long>(o.doc->items.size()), std::nullopt});
        int ocr_pages = 0;
        for (const auto& p : o.doc->pages) ocr_pages += p.source == PageSource::kOcr;
        if (options.verbose || o.doc->items.empty()) {
          on_message("protokoll: " + EscapePath(path) + ": " + std::to_string(o.doc->pages.size()) + " pages" +
                     (ocr_pages ? " (" + std::to_string(ocr_pages) + " OCR)" : "") + ", " +
                     std::to_string(o.doc->items.size()) + " § items" +
                     (o.doc->items.empty() ? " (no § found)" : ""));
        }
        for (const auto& p : o.doc->problems)
          on_message(Status::Error(p.stage, p.reason, path, p.page).ToString());
        if (open_parted == 0 &&
            (batch.size() >= kBatchDocuments ||
             std::chrono::duration<double>(std::chrono::steady_clock::now() - batch_started).count() >= kBatchSeconds))
          end_batch();
        continue;
      }
      o.status = s.WithPath(path);
    }
    record_failure(o.index, path, o.sha256, o.status);
  }
  end_batch();
  {
    // Nothing is waiting for the writer any more: workers still holding parts of an abandoned
    // text drop them.
    std::lock_guard<std::mutex> lock(mu);
    for (const auto& j : windows) j->abandoned = true;
  }
  page_cv.notify_all();
  for (std::thread& t : workers) t.join();
  if (on_tick) on_tick();
  return report;
}

}  // namespace protokoll::pipeline
