// Ingest: files and folders → catalogue, one transaction per document.
//
// Folders are walked recursively (symlinked folders are not followed, so a link loop cannot
// trap the walk); in a folder, files with protocol extensions are taken (.txt .text .pdf .tif
// .tiff .png .jpg .jpeg), while a file named on the command line is always taken. What a file
// is gets decided by its bytes. Every file that cannot be ingested is reported through `on_message`
// as "protokoll: PATH: stage: reason" and recorded in the catalogue's failures table; the batch
// goes on. Worker threads read and process files; only the calling thread writes.
#ifndef PROTOKOLL_PIPELINE_INGEST_H_
#define PROTOKOLL_PIPELINE_INGEST_H_

#include <functional>
#include <string>
#include <vector>

#include "catalogue/catalogue.h"

namespace protokoll::pipeline {

struct IngestOptions {
  int jobs = 0;              // worker threads; 0 = number of cores
  std::string password;      // for encrypted PDFs
  bool verbose = false;      // one line per file, not only failures
  std::string db_path;       // the catalogue's file: never ingested itself
};

struct IngestReport {
  int files = 0, ingested = 0, unchanged = 0, failed = 0;
  long long items = 0;
};

struct InputFile {
  std::string path;
  std::string error;  // non-empty: the walk could not take it (permission, FIFO, loop …)
};

// Expands files and folders into the files to ingest, sorted per folder.
std::vector<InputFile> CollectInputs(const std::vector<std::string>& paths,
                                     const std::string& db_path);

IngestReport Ingest(catalogue::Catalogue& cat, const std::vector<InputFile>& inputs,
                    const IngestOptions& options,
                    const std::function<void(const std::string&)>& on_message);

}  // namespace protokoll::pipeline

#endif  // PROTOKOLL_PIPELINE_INGEST_H_
