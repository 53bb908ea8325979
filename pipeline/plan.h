// Plan: the archive walked once, into a manifest that the tasks of a cluster job take their
// slices from (issue 22, defect 4). Without it every task walked the whole archive — 1,000
// tasks over a million files are 10^10 metadata operations on the shared file server — and the
// split by a hash of the path gave each task the same number of files, not the same work: one
// task with the few 500-page scans ran 1.5× as long as the mean.
//
// The walk and its filters are ingest's own (CollectInputs). Each file is then judged cheaply:
// a PDF's page count from its page tree and, from three sampled pages, the share without a
// usable text layer (to be OCR'd); an image's frames; a text file by its size. Its expected
// cost is pages × the weight of a scanned or a text page (kScanPageMs, kTextPageMs), in
// milliseconds of one core. `ingest --manifest M --shard I/N` then takes the files that a
// greedy longest-processing-time assignment gives shard I: files by falling cost, each to the
// shard with the least cost so far — the same on every machine (integer costs, ties broken by
// path), and within a few per cent of the mean when no single file outweighs a shard.
//
// The manifest is text, one line per file, tab-separated; paths escaped to one line as
// EscapePath gives them (any bytes survive the round trip):
//   # protokoll manifest 1
//   # path  size  pages  pages_from  ocr_pages  cost_ms  kind  rel  error
// `pages_from` says how pages were known: "tree" (PDF page tree), "frames" (image), "size"
// (estimated from the size: text, or a file that could not be opened). `kind` is "pdf",
// "image", "text", "other" (no protocol: ingest refuses it) or "error" (the walk could not take
// it; `error` says why, and ingest records it as a failure). A file missing when the task runs
// is recorded as a failure like any unreadable file.
#ifndef PROTOKOLL_PIPELINE_PLAN_H_
#define PROTOKOLL_PIPELINE_PLAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "catalogue/status.h"
#include "pipeline/ingest.h"

namespace protokoll::pipeline {

// Milliseconds of one core: OCR of a 300 dpi page (~2.5 core-seconds measured, README
// "Capacity"), a page with a text layer (read, segmented, stored), and each file's own cost
// (open, hash, one transaction). Text files count a page per kTextBytesPerPage bytes (1.5 KB of
// text a page, measured on real protocols); a PDF that cannot be opened counts a scanned page
// per kScanBytesPerPage.
inline constexpr int64_t kScanPageMs = 2500;
inline constexpr int64_t kTextPageMs = 10;
inline constexpr int64_t kFileMs = 5;
inline constexpr int64_t kTextBytesPerPage = 1500;
inline constexpr int64_t kScanBytesPerPage = 150000;

struct PlanEntry {
  std::string path;   // bytes, as the walk gave them
  std::string rel;    // below the folder given (InputFile::rel)
  std::string error;  // non-empty: the walk could not take it (InputFile::error)
  uint64_t size = 0;
  int pages = 0;
  std::string pages_from = "size";  // "tree", "frames" or "size"
  int ocr_pages = 0;                // pages expected to be OCR'd
  int64_t cost_ms = 0;
  std::string kind = "other";  // "pdf", "image", "text", "other", "error"
};

struct PlanOptions {
  int jobs = 1;          // threads judging files (the walk itself is one thread)
  std::string password;  // for encrypted PDFs, as ingest --password
  std::string exclude;   // a file never taken (the manifest being written), as ingest's db_path
};

// Walks `paths` as ingest does and judges every file. Never fails: a file that cannot be
// judged is estimated from its size (or is an "error" entry, as the walk reports it).
std::vector<PlanEntry> Plan(const std::vector<std::string>& paths, const PlanOptions& options);

// One file judged (exposed for tests): size, pages, OCR pages, cost and kind.
PlanEntry JudgeFile(const InputFile& file, const std::string& password);

// Writes the manifest: to a temporary file beside `path`, renamed over it when complete, so a
// killed plan leaves no half manifest. Status stage "plan" on failure.
Status WriteManifest(const std::string& path, const std::vector<PlanEntry>& entries);

// Reads a manifest written by WriteManifest. A line that is not one (wrong header, wrong number
// of fields, a bad escape or number) is a Status stage "manifest" naming the line.
Result<std::vector<PlanEntry>> ReadManifest(const std::string& path);

// The shard (0-based, < shards) of each entry: greedy longest-processing-time by cost_ms,
// deterministic (ties by path, then manifest order). shards <= 1: all 0.
std::vector<int> AssignShards(const std::vector<PlanEntry>& entries, int shards);

// Shard `shard` of `shards` as ingest's inputs, in manifest order.
std::vector<InputFile> ManifestShard(const std::vector<PlanEntry>& entries, int shard, int shards);

// The inverse of EscapePath; false on a malformed escape.
bool UnescapePath(std::string_view escaped, std::string* out);

}  // namespace protokoll::pipeline

#endif  // PROTOKOLL_PIPELINE_PLAN_H_
