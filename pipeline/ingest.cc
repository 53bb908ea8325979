#include "pipeline/ingest.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

#include "pipeline/document.h"
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

Result<std::string> ReadFile(const std::string& path) {
  struct stat st{};
  if (stat(path.c_str(), &st) != 0) return Status::Error("read", std::strerror(errno), path);
  if (!S_ISREG(st.st_mode)) return Status::Error("read", "not a regular file", path);
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error("read", std::strerror(errno ? errno : EACCES), path);
  std::string bytes;
  bytes.resize(static_cast<size_t>(st.st_size));
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (static_cast<size_t>(in.gcount()) != bytes.size()) {
    bytes.resize(static_cast<size_t>(in.gcount()));
    if (in.bad()) return Status::Error("read", "read error", path);
  }
  return bytes;
}

// What a worker hands the writer.
struct Outcome {
  size_t index = 0;
  std::string sha256;
  bool unchanged = false;
  std::string municipality;  // the file's override (an unchanged file's stored document takes it)
  std::optional<catalogue::StoredDocument> doc;
  Status status;
};

// A document whose pages are being OCR'd by the workers.
struct PendingDoc {
  size_t index = 0;
  std::string path, sha256, bytes;
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
    out.doc = ProcessDocument(d.src, d.path, d.sha256, static_cast<long long>(d.bytes.size()),
                              options.sign_from_numbering);
    out.doc->replace_existing = d.reprocess;
    if (!d.municipality.empty()) out.doc->municipality = d.municipality;
  } catch (const std::exception& e) {
    out.status = Status::Error("internal", e.what(), d.path);
  }
  return out;
}

// Reads a file and decides its pages: text and text-layer pages are done at once; pages that
// need OCR come back as tasks.
// `threads`: how many threads may read a long PDF's text layer (the idle workers' share).
Outcome ReadOne(const InputFile& in, size_t index, const IngestOptions& options, int threads,
                const std::function<bool(const std::string&)>& known,
                std::shared_ptr<PendingDoc>* pending) {
  Outcome out;
  out.index = index;
  if (!in.error.empty()) {
    out.status = Status::Error("read", in.error, in.path);
    return out;
  }
  try {
    auto bytes = ReadFile(in.path);
    if (!bytes.ok()) {
      out.status = bytes.status();
      return out;
    }
    out.sha256 = Sha256Hex(*bytes);
    out.municipality = MunicipalityOverride(in, options);
    const bool reprocess = options.reextract || options.reprocess.count(in.path) > 0;
    if (!reprocess && known(out.sha256)) {
      out.unchanged = true;
      return out;
    }
    if (bytes->empty()) {
      out.status = Status::Error("source", "empty file", in.path);
      return out;
    }
    if (bytes->rfind(std::string("SQLite format 3\0", 16), 0) == 0) {
      out.status = Status::Error("source", "an SQLite database, not a protocol", in.path);
      return out;
    }
    auto d = std::make_shared<PendingDoc>();
    d->index = index;
    d->path = in.path;
    d->sha256 = out.sha256;
    d->reprocess = reprocess;
    d->municipality = out.municipality;
    Format format = SniffFormat(*bytes);
    if (format == Format::kImage) {
      if (options.ocr == OcrMode::kNever) {
        out.status = Status::Error("source", "an image scan, and --ocr never was given", in.path);
        return out;
      }
      auto n = ImagePageCount(*bytes);
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
      auto src = ReadSource(*bytes, so);
      if (!src.ok()) {
        out.status = src.status().WithPath(in.path);
        return out;
      }
      d->src = std::move(*src);
    }
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
    d->bytes = std::move(*bytes);
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
    auto image = ReadPageForOcr(d.bytes, d.src.format == Format::kPdf, t.page, options.dpi, options.password);
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
  prog.documents_total = static_cast<int>(inputs.size());
  int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::thread::hardware_concurrency());
  jobs = std::clamp(jobs, 1, 64);

  std::mutex mu;                  // guards the queues below
  std::condition_variable out_cv;  // the writer waits for outcomes
  std::deque<Outcome> done;
  std::deque<PageTask> pages;
  size_t next_file = 0;
  int reading = 0;                  // files taken but not yet split into pages
  std::condition_variable page_cv;  // idle workers wait here for pages to share
  std::mutex db_mu;  // one connection: the writer's, also asked by workers whether bytes are known
  auto known = [&](const std::string& sha) {
    std::lock_guard<std::mutex> lock(db_mu);
    auto r = cat.HasDocument(sha);
    return r.ok() && *r;
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
      std::optional<size_t> file;
      int threads = 1;
      {
        std::unique_lock<std::mutex> lock(mu);
        for (;;) {
          // Pages first: finishing started documents keeps memory bounded.
          if (!pages.empty()) {
            task = std::move(pages.front());
            pages.pop_front();
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
          // A file still being read may bring pages to share; else every page is taken.
          if (reading == 0) return;
          page_cv.wait(lock);
        }
      }
      if (task) {
        OcrOne(*task, options, engine, engine_status);
        ++prog.pages_done;
        if (--task->doc->remaining == 0) deliver(Finish(*task->doc, options));
        continue;
      }
      {
        std::lock_guard<std::mutex> lock(prog.mu);
        prog.current = inputs[*file].path;
      }
      std::shared_ptr<PendingDoc> pending;
      Outcome o = ReadOne(inputs[*file], *file, options, threads, known, &pending);
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
      }
      page_cv.notify_all();
      if (!pending) deliver(std::move(o));
    }
  };
  std::vector<std::thread> workers;
  for (int w = 0; w < jobs; ++w) workers.emplace_back(worker);

  // Documents are committed in batches: whatever outcomes are waiting go into one transaction
  // (each document a savepoint of it), committed when the queue runs dry, after kBatchDocuments
  // documents or kBatchSeconds. A batch lost as a whole (its commit failed, or SQLite rolled the
  // transaction back after an error) turns every document in it into a recorded failure.
  constexpr size_t kBatchDocuments = 64;
  constexpr double kBatchSeconds = 1.0;
  struct Batched {
    std::string path, sha256;
    long long items = 0;
    std::optional<Status> failure;  // a failure recorded inside the batch, not a stored document
  };
  std::vector<Batched> batch;
  auto batch_started = std::chrono::steady_clock::now();
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
    }
    batch.clear();
  };
  auto end_batch = [&] {
    std::lock_guard<std::mutex> lock(db_mu);
    if (!cat.InBatch()) {
      if (!batch.empty()) lose_batch(Status::Error("store", "the transaction ended early"));
      return;
    }
    Status s = cat.EndBatch();
    if (!s.ok()) lose_batch(s);
    batch.clear();
  };
  for (size_t handled = 0; handled < inputs.size(); ++handled) {
    Outcome o;
    {
      std::unique_lock<std::mutex> lock(mu);
      if (done.empty() && !batch.empty()) {
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
    ++prog.documents_done;
    const std::string& path = inputs[o.index].path;
    if (o.unchanged) {
      ++report.unchanged;
      // A municipality given for its folder since: the stored document takes it.
      std::optional<Result<bool>> set;
      if (!o.municipality.empty()) {
        std::lock_guard<std::mutex> lock(db_mu);
        set = cat.SetMunicipality(o.sha256, o.municipality);
      }
      if (set && !set->ok()) on_message(set->status().WithPath(path).ToString());
      else if (options.verbose)
        on_message("protokoll: " + path + ": unchanged" + (set && **set ? "; municipality set to " + o.municipality : ""));
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
        if (s.ok()) s = cat.StoreDocument(*o.doc);
        if (!s.ok() && !batch.empty() && !cat.InBatch())
          lose_batch(s);  // the error took the whole transaction with it
      }
      if (s.ok()) {
        ++report.ingested;
        report.items += static_cast<long long>(o.doc->items.size());
        batch.push_back({path, o.sha256, static_cast<long long>(o.doc->items.size()), std::nullopt});
        int ocr_pages = 0;
        for (const auto& p : o.doc->pages) ocr_pages += p.source == PageSource::kOcr;
        if (options.verbose || o.doc->items.empty()) {
          on_message("protokoll: " + path + ": " + std::to_string(o.doc->pages.size()) + " pages" +
                     (ocr_pages ? " (" + std::to_string(ocr_pages) + " OCR)" : "") + ", " +
                     std::to_string(o.doc->items.size()) + " § items" +
                     (o.doc->items.empty() ? " (no § found)" : ""));
        }
        for (const auto& p : o.doc->problems)
          on_message(Status::Error(p.stage, p.reason, path, p.page).ToString());
        if (batch.size() >= kBatchDocuments ||
            std::chrono::duration<double>(std::chrono::steady_clock::now() - batch_started).count() >= kBatchSeconds)
          end_batch();
        continue;
      }
      o.status = s.WithPath(path);
    }
    ++report.failed;
    on_message(o.status.ToString());
    std::lock_guard<std::mutex> lock(db_mu);
    Status rec = cat.RecordFailure(path, o.sha256, o.status);
    if (!rec.ok()) on_message(rec.ToString());
    // Recorded inside an open batch, the record shares its fate: kept to be written again.
    if (cat.InBatch()) batch.push_back({path, o.sha256, 0, o.status});
  }
  end_batch();
  for (std::thread& t : workers) t.join();
  if (on_tick) on_tick();
  return report;
}

}  // namespace protokoll::pipeline
