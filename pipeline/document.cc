#include "pipeline/document.h"

#include <filesystem>
#include <future>
#include <algorithm>
#include <map>
#include <set>

#include "extractors/dates.h"
#include "extractors/head.h"
#include "extractors/item.h"
#include "extractors/municipality.h"
#include "extractors/normalize.h"
#include "extractors/people.h"
#include "extractors/regex.h"
#include "extractors/segment.h"
#include "extractors/structure.h"
#include "extractors/text.h"

namespace protokoll::pipeline {

namespace ex = protokoll::extractors;

// Documents with at least this many § items extract their fields on two threads.
constexpr size_t kParallelItems = 200;

std::string DateFromFileName(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string();
  static const ex::Regex re("(?<!\\d)((?:19|20)\\d\\d)[-_.]?(\\d\\d)[-_.]?(\\d\\d)(?!\\d)");
  for (const ex::Match& m : re.FindAll(stem)) {
    int y = ex::DecimalValue(m.Group(1)), mo = ex::DecimalValue(m.Group(2)),
        d = ex::DecimalValue(m.Group(3));
    if (ex::IsValidDate(y, mo, d))
      return std::string(m.Group(1)) + "-" + std::string(m.Group(2)) + "-" + std::string(m.Group(3));
  }
  return {};
}

std::vector<std::string> PageHeaderDates(const std::vector<ex::Line>& furniture, size_t pages) {
  std::vector<std::string> out(pages);
  std::map<int, std::vector<ex::Line>> by_page;
  for (const ex::Line& l : furniture) by_page[l.page].push_back(l);
  for (const auto& [page, lines] : by_page) {
    if (page < 1 || static_cast<size_t>(page) > pages) continue;
    // Only a date the header labels as the meeting's, or a date alone in the header: a footer's
    // justering date or a printing date is no meeting's.
    static const ex::Regex labelled(
        "(?:sammanträdesdatum|sammanträdesdag|sammanträde|mötesdatum|datum)\\b", ex::Regex::kIgnoreCase);
    for (const ex::Line& l : lines) {
      if (!labelled.Find(l.text)) continue;
      auto dates = ex::FindDates(l.text);
      if (dates.size() == 1) {
        out[static_cast<size_t>(page - 1)] = dates.front().iso;
        break;
      }
    }
  }
  return out;
}

catalogue::DocumentQuality AssessQuality(const ex::Segmented& seg,
                                         const std::vector<ex::ItemFields>& fields,
                                         const SourceDocument& src, bool unsegmented) {
  catalogue::DocumentQuality q;
  q.items = static_cast<int>(fields.size());
  q.meetings = static_cast<int>(std::max<size_t>(1, seg.meetings.size()));
  q.unsegmented = unsegmented;
  q.header_style = unsegmented ? "none" : ex::HeaderStyleName(seg.style);
  std::string why;
  for (const std::string& r : seg.reasons) why += r + "\n";
  int titles = 0, dnrs = 0, decisions = 0;
  for (size_t i = 0; i < fields.size(); ++i) {
    const ex::ItemFields& f = fields[i];
    titles += !f.title.empty();
    dnrs += !f.diarienummer.empty();
    decisions += f.decision.has_value();
    if (i == 0 || unsegmented) continue;
    const ex::ItemFields& p = fields[i - 1];
    if (f.meeting != p.meeting) continue;
    if (f.paragraph <= p.paragraph && f.paragraph_suffix <= p.paragraph_suffix) ++q.numbering_restarts;
    else if (f.paragraph > p.paragraph + 1) q.numbering_gaps += f.paragraph - p.paragraph - 1;
  }
  const double n = std::max<size_t>(1, fields.size());
  q.share_title = titles / n;
  q.share_dnr = dnrs / n;
  q.share_decision = decisions / n;
  double conf = 0;
  int ocr = 0;
  for (const SourcePage& p : src.pages)
    if (p.ocr_confidence) {
      conf += *p.ocr_confidence;
      ++ocr;
    }
  if (ocr) q.ocr_confidence = conf / ocr;
  // What lowers trust, each with its reason.
  double score = 1;
  auto lower = [&](double by, const std::string& reason) {
    score -= by;
    why += reason + "\n";
  };
  // Empty pages (versos, fly-leaves) are counted for the reader; they do not lower the score.
  int empty = 0;
  for (const SourcePage& p : src.pages) empty += p.source == PageSource::kEmpty;
  if (empty > 0) why += std::to_string(empty) + (empty == 1 ? " empty page (no ink): not read\n" : " empty pages (no ink): not read\n");
  if (unsegmented) lower(0.7, "no § found: stored one item per page");
  if (fields.empty()) lower(1.0, "no text");
  if (q.numbering_gaps > 0)
    lower(std::min(0.3, 0.05 * q.numbering_gaps), std::to_string(q.numbering_gaps) + " numbers missing in the § numbering");
  if (q.numbering_restarts > 0)
    lower(std::min(0.3, 0.1 * q.numbering_restarts), std::to_string(q.numbering_restarts) + " § numbers out of order within a meeting");
  if (!unsegmented && q.share_title < 0.8 && seg.style != ex::HeaderStyle::kSign)
    lower(0.3 * (0.8 - q.share_title), "titles on " + std::to_string(titles) + " of " + std::to_string(q.items) + " items");
  if (!unsegmented && q.share_decision < 0.5)
    lower(decisions == 0 ? 0.25 : 0.15, "decisions on " + std::to_string(decisions) + " of " + std::to_string(q.items) + " items");
  if (q.ocr_confidence && *q.ocr_confidence < 0.75)
    lower(std::min(0.4, 0.75 - *q.ocr_confidence), "OCR confidence " + std::to_string(*q.ocr_confidence).substr(0, 4));
  if (seg.style == ex::HeaderStyle::kBare || seg.style == ex::HeaderStyle::kMisread)
    lower(0.1, std::string("§ labels read as ") + ex::HeaderStyleName(seg.style));
  if (!unsegmented) {
    // What a reader of the items would notice.
    // Header-like lines left inside items: a § label that no sentence leads on to and that is
    // not the item's own label again (meeting software repeats it on every page), or a running
    // page head.
    std::set<size_t> references;
    for (const ex::Rejected& r : seg.rejected)
      if (r.reason.rfind("inside a sentence", 0) == 0 || r.reason.rfind("the preparing body", 0) == 0)
        references.insert(r.line);
    int inside = 0;
    for (const ex::Item& it : seg.items)
      for (size_t k = it.header_line + 1; k < it.lines.size(); ++k) {
        const std::string& t = it.lines[k].text;
        if (t.empty()) continue;
        auto h = ex::ParseParagraphHeader(t);
        const bool stray_label = h && h->Key() != it.header.Key() && t.size() < 120 &&
                                 std::none_of(seg.rejected.begin(), seg.rejected.end(), [&](const ex::Rejected& r) {
                                   return r.text == t && references.count(r.line);
                                 });
        inside += stray_label || ex::LooksLikeFurniture(t);
      }
    // The same § and title twice: a contents list read as a meeting, or a page read twice (the
    // item's own label and title again inside it; meeting software repeats only the label).
    std::set<std::pair<int, std::string>> seen;
    int twice = 0, bodiless = 0, listed_titles = 0;
    for (size_t k = 0; k < seg.items.size() && k < fields.size(); ++k) {
      const ex::Item& it = seg.items[k];
      const std::string title = ex::Fold(fields[k].title);
      for (size_t j = it.header_line + 1; j < it.lines.size() && !title.empty(); ++j) {
        auto h = ex::ParseParagraphHeader(it.lines[j].text);
        if (!h || h->Key() != it.header.Key()) continue;
        std::string again = h->rest;
        for (size_t next = j + 1; again.empty() && next < it.lines.size() && next < j + 3; ++next) again = it.lines[next].text;
        twice += ex::Fold(ex::Trim(again)) == title;
      }
    }
    for (const ex::ItemFields& f : fields) {
      // A title compared without a contents list's leaders and page number.
      std::string title = f.title;
      if (size_t tail = ex::TocTailStart(title); tail != std::string::npos) title.erase(tail);
      if (!title.empty() && !seen.insert({f.paragraph, ex::Fold(ex::Trim(title))}).second) ++twice;
      if (ex::HasListTail(f.title)) ++listed_titles;
      // A running page head or a front page's field read as a title ("Justeringens plats och tid").
      inside += ex::LooksLikeFurniture(f.title) || ex::IsFrontPageMarker(f.title);
      std::string body = f.text;
      if (size_t at = body.find(f.title); !f.title.empty() && at != std::string::npos) body.erase(at, f.title.size());
      const size_t label = body.find(f.paragraph_label);
      if (label != std::string::npos) body.erase(label, f.paragraph_label.size());
      bodiless += ex::Trim(body).size() < 12;
    }
    if (inside > 0) lower(std::min(0.5, 0.25 * inside), std::to_string(inside) + " header-like lines inside items");
    if (twice > 0) lower(std::min(0.5, 0.3 + 0.05 * twice), std::to_string(twice) + " items repeat the § and title of another");
    if (listed_titles > 0)
      lower(std::min(0.5, 0.3 + 0.05 * listed_titles), std::to_string(listed_titles) + " titles end in leaders or a page number");
    if (bodiless > 0)
      lower(std::min(0.3, 0.1 * bodiless), std::to_string(bodiless) + " items have no text under their title");
    // Text that belongs to no item (beyond a closing block's few lines): an item the
    // segmenter did not see, or a meeting cut off.
    if (seg.unassigned_bytes > 300 && seg.unassigned_bytes * 5 > seg.text_bytes)
      lower(0.25, std::to_string(seg.unassigned_bytes) + " bytes of text belong to no item");
    // Meetings whose date was found nowhere in their own head.
    std::map<int, bool> dated;
    for (const ex::ItemFields& f : fields) dated[f.meeting] = dated[f.meeting] || !f.meeting_date.empty();
    int undated = 0;
    for (const auto& [m, d] : dated) undated += !d;
    if (undated > 0) lower(std::min(0.4, 0.25 * undated), std::to_string(undated) + " meetings without a date");
    // Every § line not taken as an item, with its reason: nothing vanishes silently. Those no
    // sentence or list explains lower the score.
    int unexplained = 0;
    for (const ex::Rejected& r : seg.rejected) {
      why += "not an item: line " + std::to_string(r.line + 1) + ", page " + std::to_string(r.page) + ": «" + r.text +
             "»: " + r.reason + "\n";
      unexplained += r.reason == "not in the item numbering";
    }
    if (unexplained > 0)
      lower(std::min(0.3, 0.1 * unexplained), std::to_string(unexplained) + " § lines fit no item numbering");
  }
  q.score = std::max(0.0, score);
  q.reasons = why;
  return q;
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
    doc.pages.push_back(
        {p.number, p.source, p.ocr_confidence, page_text[i], p.ocr_variant, p.ocr_lines, p.image_width, p.image_height});
    if (!p.problem.empty()) doc.problems.push_back({p.number, p.problem_stage, p.problem});
  }

  ex::SegmentOptions so;
  for (const SourcePage& p : src.pages)
    so.ocr_pages.push_back(sign_from_numbering && p.source == PageSource::kOcr);
  so.page_header_dates = PageHeaderDates(norm.furniture, src.pages.size());
  ex::Segmented seg = ex::Segment(norm.lines, so);
  // Each meeting's head from its own head sentence or front page and the furniture of its own
  // first two pages, never a later meeting's: a page the meeting shares with the one before
  // (it began in the middle) is the earlier meeting's page header. A meeting whose head names
  // no body is taken to be the same board's as the one before.
  std::vector<ex::ProtocolHead> heads;
  for (size_t m = 0; m < std::max<size_t>(1, seg.meetings.size()); ++m) {
    const ex::Meeting* mt = m < seg.meetings.size() ? &seg.meetings[m] : nullptr;
    int first = mt ? mt->first_page : 1;
    const int last = mt ? std::max(mt->last_page, first) : static_cast<int>(src.pages.size());
    if (m > 0 && seg.meetings[m - 1].last_page >= first && last > first) ++first;
    std::vector<ex::Line> furniture;
    if (seg.meetings.size() <= 1) {
      furniture = norm.furniture;
    } else {
      for (const ex::Line& l : norm.furniture)
        if (l.page >= first && l.page <= std::min(first + 1, last)) furniture.push_back(l);
    }
    const std::vector<ex::Line>& preamble = mt ? mt->preamble : seg.preamble;
    ex::ProtocolHead head = ex::ReadHead(preamble, furniture);
    if (mt && !mt->head_date.empty()) {
      head.meeting_date = mt->head_date;
      head.date_page = mt->head_date_page;
    }
    if (head.body.empty() && m > 0) {
      head.body = heads.back().body;
      head.body_page = heads.back().body_page;
    }
    heads.push_back(std::move(head));
  }
  // Who took part in each meeting: its head, and its items' text (adjusters elected in § 1, the
  // signature block after the last item).
  if (seg.meetings.empty()) {
    const size_t n = std::min<size_t>(norm.lines.size(), 200);
    heads.front().attendance = ex::ReadAttendance(std::vector<ex::Line>(norm.lines.begin(), norm.lines.begin() + static_cast<long>(n)), {});
  } else {
    std::vector<std::vector<ex::Line>> meeting_lines(heads.size());
    for (const ex::Item& it : seg.items) {
      const size_t m = static_cast<size_t>(it.meeting) < heads.size() ? static_cast<size_t>(it.meeting) : 0;
      meeting_lines[m].insert(meeting_lines[m].end(), it.lines.begin(), it.lines.end());
    }
    // The signature block after the last item is no item's ("Vid protokollet: …", "Justeras:
    // …"): the lines after the last item's last line are read with the last meeting.
    if (!seg.items.empty()) {
      const ex::Item& last = seg.items.back();
      const ex::Line* tail = nullptr;
      for (auto it = last.lines.rbegin(); it != last.lines.rend() && !tail; ++it)
        if (!it->text.empty()) tail = &*it;
      if (tail) {
        for (size_t i = norm.lines.size(); i-- > 0;) {
          if (norm.lines[i].page == tail->page && norm.lines[i].text == tail->text) {
            // An attendance table printed after the protocol (the Riksdag's NÄRVAROFÖRTECKNING)
            // is read too, however long: one row a member and a line a mark.
            size_t end = std::min(norm.lines.size(), i + 41);
            // (Its heading may close the last item's own lines: "Justeras …", "NÄRVAROFÖRTECKNING".)
            for (size_t k = i > 40 ? i - 40 : 0; k < end; ++k)
              if (ex::IsAttendanceTableHeading(norm.lines[k].text)) {
                end = std::min(norm.lines.size(), k + 1200);
                break;
              }
            std::vector<ex::Line>& into = meeting_lines[std::min(static_cast<size_t>(last.meeting), heads.size() - 1)];
            into.insert(into.end(), norm.lines.begin() + static_cast<long>(i + 1), norm.lines.begin() + static_cast<long>(end));
            break;
          }
          if (norm.lines.size() - i > 400) break;
        }
      }
    }
    for (size_t m = 0; m < heads.size(); ++m)
      heads[m].attendance = ex::ReadAttendance(m < seg.meetings.size() ? seg.meetings[m].preamble : seg.preamble, meeting_lines[m]);
  }
  if (heads.front().meeting_date.empty() && heads.size() == 1) {
    heads.front().meeting_date = DateFromFileName(path);
    heads.front().date_page = 0;
  }
  const ex::ProtocolHead& head = heads.front();
  doc.body = head.body;
  doc.meeting_date = head.meeting_date;
  // The municipality from the running page header of the first pages or the head of the first
  // meeting (never from an item's text: a protocol names other municipalities too).
  doc.municipality = ex::ReadMunicipality(seg.meetings.empty() ? seg.preamble : seg.meetings.front().preamble,
                                          norm.furniture);

  // Nothing invisible: a document in which no § is found is kept searchable, one item a page,
  // flagged and listed for review.
  if (seg.items.empty()) {
    for (const ex::Line& l : norm.lines) {
      if (seg.items.empty() || seg.items.back().lines.back().page != l.page) {
        if (l.text.empty()) continue;
        seg.items.emplace_back();
        seg.items.back().header.number = 0;
      }
      seg.items.back().lines.push_back(l);
    }
  }
  const bool unsegmented = seg.meetings.empty() && !seg.items.empty();

  // A long document's items are independent: its fields are found on two threads (the
  // extractors are pure; their expressions keep a matcher pool per thread-safe pattern).
  std::vector<ex::ItemFields> fields(seg.items.size());
  auto extract = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      const size_t m = static_cast<size_t>(seg.items[i].meeting);
      fields[i] = ex::ExtractItem(seg.items[i], heads[m < heads.size() ? m : 0]);
      if (unsegmented) {
        // A page, not an item: its first line of words stands for a title; no decision is
        // claimed for text nobody has segmented.
        ex::ItemFields& f = fields[i];
        f.unsegmented = true;
        f.paragraph_label.clear();
        f.decision.reset();
        f.title.clear();
        for (const ex::Line& l : seg.items[i].lines) {
          if (l.text.size() < 3) continue;
          f.title = l.text.size() > 120 ? l.text.substr(0, l.text.rfind(' ', 120)) : l.text;
          f.title_page = l.page;
          break;
        }
      }
    }
  };
  if (seg.items.size() >= kParallelItems) {
    const size_t mid = seg.items.size() / 2;
    auto second = std::async(std::launch::async, extract, mid, seg.items.size());
    extract(0, mid);
    second.get();
  } else {
    extract(0, seg.items.size());
  }
  doc.quality = AssessQuality(seg, fields, src, unsegmented);
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
