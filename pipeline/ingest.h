// Ingest: files and folders → catalogue, one transaction per document.
//
// Folders are walked recursively (symlinked folders are not followed, so a link loop cannot
// trap the walk); in a folder, files with protocol extensions are taken (.txt .text .pdf .tif
// .tiff .png .jpg .jpeg), while a file named on the command line is always taken. What a file
// is gets decided by its bytes. Every file that cannot be ingested is reported through `on_message`
// as "protokoll: PATH: stage: reason" (the path escaped to one line, EscapePath) and recorded
// in the catalogue's failures table; the batch goes on. Worker threads read and process files;
// only the calling thread writes.
//
// Memory follows what is read, not the file: a file is mapped (MappedFile), never copied; what
// is clearly no protocol is refused from its first 64 KiB (NotAProtocol) before the rest is read;
// its SHA-256 is streamed; a text longer than kWholeTextBytes is read, segmented and stored in
// parts (TextParts), several parts on several workers, stored in order in one transaction.
// Files with the same bytes in one run are read once: the first in input order is the one read,
// whatever the threads' timing; the others are reported as its duplicates.
#ifndef PROTOKOLL_PIPELINE_INGEST_H_
#define PROTOKOLL_PIPELINE_INGEST_H_

#include <atomic>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "catalogue/catalogue.h"
#include "pipeline/ocr.h"

namespace protokoll::pipeline {

enum class OcrMode { kAuto, kAlways, kNever };

// How one input file ended, told once it is final: stored and committed, or needing no write.
enum class FileEnd { kIngested, kUnchanged, kDuplicate, kFailed };

// What a supervisor (pipeline/supervisor.h) is told while Ingest runs; every member may be empty.
// Called from worker threads and the calling thread at once: each must be thread-safe.
struct IngestHooks {
  // The calling thread begins a step of work on input `index` (0-based in `inputs`): "reading",
  // "OCR of page" (with `page`, 1-based), "a part of the text", "storing".
  std::function<void(size_t index, const char* step, int page)> begin;
  // The calling thread's step is over.
  std::function<void()> end;
  // Input `index` is final: committed to the catalogue (or needing no write). Once per input.
  std::function<void(size_t index, FileEnd end, long long items)> finished;
};

struct IngestOptions {
  int jobs = 0;              // worker threads; 0 = number of cores
  std::string password;      // for encrypted PDFs
  bool verbose = false;      // one line per file, not only failures
  std::string db_path;       // the catalogue's file: never ingested itself
  // auto: OCR a PDF page only when its text layer is missing or garbage; always: every page;
  // never: no OCR (scans fail with a clear reason).
  OcrMode ocr = OcrMode::kAuto;
  int page_timeout_ms = 120000;
  int dpi = 300;
  // Paths read again even when their bytes are stored (a retry of pages that failed).
  std::set<std::string> reprocess;
  // Every file read again even when its bytes are stored: after an upgrade of protokoll, to
  // re-extract with the newer rules (ids stay; people's corrections are applied again).
  bool reextract = false;
  ParagraphSignMode sign_mode = ParagraphSignMode::kRereadLines;
  // On OCR'd pages, read § headers whose sign was lost from the numbering ("Ks 8 39").
  bool sign_from_numbering = true;
  // The municipality of every file (ingest --municipality), over what a folder's file
  // (kMunicipalityFile) or a protocol's head says.
  std::string municipality;
  // Told what each thread works on and when each file is final (may be null).
  const IngestHooks* hooks = nullptr;
  // Documents committed together in one transaction (1: each file committed as it is stored).
  int batch_documents = 64;
};



// Counters a progress display reads while Ingest runs (from another thread).
struct IngestProgress {
  std::atomic<int> documents_done{0}, documents_total{0};
  std::atomic<int> pages_done{0}, pages_total{0};
  std::mutex mu;
  std::string current;  // the file most recently started
};

struct IngestReport {
  int files = 0, ingested = 0, unchanged = 0, failed = 0;
  int duplicates = 0;  // files with the same bytes as one before them in this run (not read again)
  long long items = 0;
};

struct InputFile {
  std::string path;   // bytes, as the system gives them (any name, UTF-8 or not)
  std::string error;  // non-empty: the walk could not take it (permission, FIFO, loop …)
  std::string rel;    // path below the folder it was found in; a file given itself: its name
};

// A folder's municipality: a text file of this name in it (or in a folder above it, up to the
// folder given to ingest) whose first line that is not empty or a '#' comment is the name
// ("Kumla kommun"). It is set on every file below, over what the protocols' heads say.
inline constexpr char kMunicipalityFile[] = ".protokoll-municipality";

// The municipality a file is given at ingest: --municipality, else the nearest folder file
// (kMunicipalityFile) between the file and the folder it was found in; empty when neither says.
std::string MunicipalityOverride(const InputFile& file, const IngestOptions& options);

// Which of N shards a file belongs to: a stable hash (FNV-1a, 64 bits) of its path relative to
// the folder given to ingest, so every machine that is given the same inputs — wherever they
// are mounted — makes the same split. `shard` is 0-based.
bool InShard(const InputFile& file, int shard, int shards);

// Expands files and folders into the files to ingest, sorted per folder.
std::vector<InputFile> CollectInputs(const std::vector<std::string>& paths,
                                     const std::string& db_path);

// Pages needing OCR are shared out to all workers, across documents, so a 20-page scan keeps
// every core busy; a page is rendered or decoded just before it is recognised (never a whole
// scan in memory); each document is stored whole, in one transaction, once its last page is
// read. `progress` may be null. `on_tick` (may be empty) is called about 5 times a second from
// the calling thread, for a live progress line.
IngestReport Ingest(catalogue::Catalogue& cat, const std::vector<InputFile>& inputs,
                    const IngestOptions& options,
                    const std::function<void(const std::string&)>& on_message,
                    IngestProgress* progress = nullptr,
                    const std::function<void()>& on_tick = {});

}  // namespace protokoll::pipeline

#endif  // PROTOKOLL_PIPELINE_INGEST_H_
