// One document through the text stages: normalise → segment → read the head → extract fields.
// Pure apart from its inputs; thread-safe.
#ifndef PROTOKOLL_PIPELINE_DOCUMENT_H_
#define PROTOKOLL_PIPELINE_DOCUMENT_H_

#include <string>
#include <vector>

#include "catalogue/catalogue.h"
#include "extractors/item.h"
#include "extractors/normalize.h"
#include "extractors/segment.h"
#include "pipeline/source.h"

namespace protokoll::pipeline {

// `path` is the file as given to ingest (kept in the record; its name may carry the meeting
// date when the text does not); `sha256` and `size` describe its bytes.
catalogue::StoredDocument ProcessDocument(const SourceDocument& src, const std::string& path,
                                          const std::string& sha256, long long size,
                                          bool sign_from_numbering = true);

// An ISO date in a file name ("ks-2024-01-10.txt", "protokoll_20240110.pdf"); empty if none.
std::string DateFromFileName(const std::string& path);

// How far a document's reading can be trusted (0–1) and why, from the segmenter's choices and
// what a reader of its items would notice; the reasons list every § line not taken.
catalogue::DocumentQuality AssessQuality(const extractors::Segmented& seg, const std::vector<extractors::ItemFields>& fields,
                                         const SourceDocument& src, bool unsegmented);

// The meeting date each page's running header labels ("Sammanträdesdatum 2019-11-25"), from
// the furniture the normaliser took out; index page-1, empty where a page's header has none.
std::vector<std::string> PageHeaderDates(const std::vector<extractors::Line>& furniture, size_t pages);

}  // namespace protokoll::pipeline

#endif  // PROTOKOLL_PIPELINE_DOCUMENT_H_
