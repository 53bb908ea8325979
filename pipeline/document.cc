#include "pipeline/document.h"

#include <filesystem>
#include <future>
#include <map>

#include "extractors/dates.h"
#include "extractors/head.h"
#include "extractors/item.h"
#include "extractors/normalize.h"
#include "extractors/regex.h"
#include "extractors/segment.h"

namespace protokoll::pipeline {

namespace ex = protokoll::extractors;

// Documents with at least this many § items extract their fields on two threads.
constexpr size_t kParallelItems = 200;

std::string DateFromFileName(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string();
  static const ex::Regex re("(?<!\\d)((?:19|20)\\d\\d)[-_.]?(\\d\\d)[-_.]?(\\d\\d)(?!\\d)");
  for (const ex::Match& m : re.FindAll(stem)) {
    int y = std::stoi(std::string(m.Group(1))), mo = std::stoi(std::string(m.Group(2))),
        d = std::stoi(std::string(m.Group(3)));
    if (ex::IsValidDate(y, mo, d))
      return std::string(m.Group(1)) + "-" + std::string(m.Group(2)) + "-" + std::string(m.Group(3));
  }
  return {};
}

catalogue::StoredDocument ProcessDocument(const SourceDocument& src, const std::string& path,
                                          const std::string& sha256, long long size,
                                          bool sign_from_numbering) {
  catalogue::StoredDocument doc;
  doc.path = path;
  doc.sha256 = sha256;
  doc.size = size;
  doc.format = FormatName(src.format);
  doc.encoding = src.encoding;

  std::vector<std::string> raw;
  raw.reserve(src.pages.size());
  for (const SourcePage& p : src.pages) raw.push_back(p.text);
  ex::NormalizedText norm = ex::Normalize(raw);

  std::vector<std::string> page_text(src.pages.size());
  for (const ex::Line& l : norm.lines) {
    std::string& t = page_text[static_cast<size_t>(l.page - 1)];
    t += l.text;
    t += '\n';
  }
  for (size_t i = 0; i < src.pages.size(); ++i) {
    const SourcePage& p = src.pages[i];
    doc.pages.push_back({p.number, p.source, p.ocr_confidence, page_text[i], p.ocr_variant, p.ocr_lines});
    if (!p.problem.empty()) doc.problems.push_back({p.number, p.problem_stage, p.problem});
  }

  ex::SegmentOptions so;
  for (const SourcePage& p : src.pages)
    so.ocr_pages.push_back(sign_from_numbering && p.source == PageSource::kOcr);
  ex::Segmented seg = ex::Segment(norm.lines, so);
  ex::ProtocolHead head = ex::ReadHead(seg.preamble, norm.furniture);
  if (head.meeting_date.empty()) {
    head.meeting_date = DateFromFileName(path);
    head.date_page = 0;
  }
  doc.body = head.body;
  doc.meeting_date = head.meeting_date;

  // A long document's items are independent: its fields are found on two threads (the
  // extractors are pure; their expressions keep a matcher pool per thread-safe pattern).
  std::vector<ex::ItemFields> fields(seg.items.size());
  auto extract = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) fields[i] = ex::ExtractItem(seg.items[i], head);
  };
  if (seg.items.size() >= kParallelItems) {
    const size_t mid = seg.items.size() / 2;
    auto second = std::async(std::launch::async, extract, mid, seg.items.size());
    extract(0, mid);
    second.get();
  } else {
    extract(0, seg.items.size());
  }
  for (size_t k = 0; k < seg.items.size(); ++k) {
    catalogue::StoredItem stored;
    stored.fields = std::move(fields[k]);
    // The dominant way the item's pages were read, and the mean confidence of its OCR'd pages.
    std::map<std::string, int> votes;
    double conf_sum = 0;
    int conf_n = 0;
    for (int p = stored.fields.page_start; p <= stored.fields.page_end; ++p) {
      if (p < 1 || p > static_cast<int>(src.pages.size())) continue;
      const SourcePage& sp = src.pages[static_cast<size_t>(p - 1)];
      if (sp.source == PageSource::kNone) continue;
      votes[catalogue::PageSourceName(sp.source)]++;
      if (sp.ocr_confidence) {
        conf_sum += *sp.ocr_confidence;
        ++conf_n;
      }
    }
    stored.source = "text";
    int best = -1;
    for (const auto& [name, n] : votes)
      if (n > best) {
        best = n;
        stored.source = name;
      }
    if (conf_n) stored.ocr_confidence = conf_sum / conf_n;
    doc.items.push_back(std::move(stored));
  }
  return doc;
}

}  // namespace protokoll::pipeline
