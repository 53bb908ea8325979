// One document through the text stages: normalise → segment → read the head → extract fields.
// Pure apart from its inputs; thread-safe.
#ifndef PROTOKOLL_PIPELINE_DOCUMENT_H_
#define PROTOKOLL_PIPELINE_DOCUMENT_H_

#include <string>

#include "catalogue/catalogue.h"
#include "pipeline/source.h"

namespace protokoll::pipeline {

// `path` is the file as given to ingest (kept in the record; its name may carry the meeting
// date when the text does not); `sha256` and `size` describe its bytes.
catalogue::StoredDocument ProcessDocument(const SourceDocument& src, const std::string& path,
                                          const std::string& sha256, long long size,
                                          bool sign_from_numbering = true);

// An ISO date in a file name ("ks-2024-01-10.txt", "protokoll_20240110.pdf"); empty if none.
std::string DateFromFileName(const std::string& path);

}  // namespace protokoll::pipeline

#endif  // PROTOKOLL_PIPELINE_DOCUMENT_H_
