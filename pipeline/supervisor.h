// Ingest in a child process, supervised: a library that crashes or hangs on one file costs that
// file only.
//
// Poppler, Tesseract, Leptonica, libjpeg and Hunspell run on untrusted bytes; a crash there
// (SIGSEGV, SIGABRT, SIGBUS …) would end every thread of the process, and a hang would stall the
// batch for ever. So the work runs in a forked child (Ingest, unchanged, with its workers and
// engines); this process only watches it. The child tells the supervisor through a pipe, per
// thread, which step of which file it begins and ends (reading, OCR of a page, a part of a long
// text, storing), and when a file is final (committed, or needing no write).
//
// - A child that dies (by a signal, or an exit status other than 0) leaves the catalogue as it
//   was after its last commit (SQLite's atomic commit; a document is stored whole or not at
//   all). The files it had begun and not finished are the suspects: one alone is the culprit;
//   several (--jobs > 1) are read again one at a time, each committed on its own, in a fresh
//   one-worker child, so the file that kills that child alone is known. The culprit is recorded
//   in the catalogue's failures (stage "crash": "the reader crashed (SIGSEGV) while reading this
//   file"), reported through `on_message`, and `ingest --retry-failed` tries it again.
// - A step of one file that lasts longer than `file_timeout_s` (a hang) gets the child killed
//   and that file recorded as failed (stage "timeout"); the other files it had begun are read
//   again by the next child.
// - Files final in an earlier child are never given to a later one; the batch goes on with the
//   rest in a new child.
// - SIGINT, SIGTERM or SIGHUP to this process stop the child (SIGTERM, then SIGKILL after 5 s)
//   and end the batch: what was committed stays, the next run goes on from there. The child
//   also dies with its parent (PR_SET_PDEATHSIG), so none is left behind.
//
// Call it before this process starts any thread or engine (fork copies only the calling
// thread), with no catalogue connection open: the supervisor opens the catalogue itself, only
// while no child runs, to record a failure.
#ifndef PROTOKOLL_PIPELINE_SUPERVISOR_H_
#define PROTOKOLL_PIPELINE_SUPERVISOR_H_

#include <functional>
#include <string>
#include <vector>

#include "pipeline/ingest.h"

namespace protokoll::pipeline {

struct SuperviseOptions {
  // The longest one step of a file may take (reading it, OCR of one page, a part of a long
  // text, storing it) before the child is stopped and the file recorded as failed; 0: no limit.
  double file_timeout_s = 300;
};

struct SupervisedReport {
  IngestReport report;
  int crashed = 0;      // files recorded because the reader crashed on them
  int timed_out = 0;    // … or took longer than the limit
  int children = 0;     // child processes started
  int interrupted = 0;  // the signal that stopped the batch (SIGINT, SIGTERM, SIGHUP), else 0
};

// Ingest of `inputs` into the catalogue at `db_path` (which must exist: open it once before,
// to create and migrate it, and close it) as Ingest(cat, inputs, options, …) would do it, run
// in child processes as above. `on_message`, `progress` and `on_tick` are called in the child,
// as Ingest calls them; `on_message` also in this process for the files it records. The report
// counts each file once, by how it ended.
SupervisedReport SupervisedIngest(const std::string& db_path, const std::vector<InputFile>& inputs,
                                  const IngestOptions& options, const SuperviseOptions& supervise,
                                  const std::function<void(const std::string&)>& on_message,
                                  IngestProgress* progress = nullptr, const std::function<void()>& on_tick = {});

// "SIGSEGV" for SIGSEGV; "signal N" for one without a name.
std::string SignalName(int sig);

}  // namespace protokoll::pipeline

#endif  // PROTOKOLL_PIPELINE_SUPERVISOR_H_
