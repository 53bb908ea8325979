#include <cmath>
#include <nlohmann/json.hpp>

#include "catalogue/catalogue.h"

namespace protokoll::catalogue {

namespace {
using Json = nlohmann::ordered_json;

Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json PageOrNull(int page) { return page > 0 ? Json(page) : Json(nullptr); }

// A person of the attendance: name, party (code and as printed), role, and the page.
Json PersonJson(const extractors::Person& p) {
  Json j;
  j["name"] = p.name;
  j["party"] = OrNull(p.party);
  j["party_written"] = OrNull(p.party_written);
  j["role"] = OrNull(p.role);
  if (!p.title.empty()) j["title"] = p.title;
  if (!p.substitute_for.empty()) j["substitute_for"] = p.substitute_for;
  if (!p.paragraphs.empty()) j["paragraphs"] = p.paragraphs;
  j["page"] = PageOrNull(p.page);
  return j;
}

Json OfficerJson(const std::optional<extractors::Person>& p) {
  if (!p) return Json(nullptr);
  return {{"name", p->name}, {"party", OrNull(p->party)}, {"page", PageOrNull(p->page)}};
}

Json Money(double sek) {
  if (std::fabs(sek - std::llround(sek)) < 1e-9) return Json(static_cast<long long>(std::llround(sek)));
  return Json(sek);
}
}  // namespace

std::string PathText(const std::string& path) { return IsUtf8(path) ? path : EscapePath(path); }

std::string ItemId(const std::string& sha256, const extractors::ItemFields& f) {
  std::string id = sha256.substr(0, 16) + "-";
  if (f.unsegmented) return id + "p" + std::to_string(f.page_start);
  if (f.meeting > 0) id += "m" + std::to_string(f.meeting + 1) + "-";
  return id + std::to_string(f.paragraph) + f.paragraph_suffix;
}

std::string ExportRecord(const StoredDocument& doc, const StoredItem& item, const std::string& id) {
  const extractors::ItemFields& f = item.fields;
  Json r;
  r["id"] = id;
  r["document"] = {{"path", PathText(doc.path)}, {"sha256", doc.sha256},
                   {"pages", doc.page_count > 0 ? static_cast<size_t>(doc.page_count) : doc.pages.size()}};
  // A name that is not UTF-8: `path` holds its bytes escaped (EscapePath), and says so.
  if (!IsUtf8(doc.path)) r["document"]["path_escaped"] = true;
  r["page_start"] = f.page_start;
  r["page_end"] = f.page_end;
  r["body"] = OrNull(f.body);
  r["meeting_date"] = OrNull(f.meeting_date);
  r["municipality"] = OrNull(doc.municipality);
  r["paragraph"] = f.paragraph;
  r["paragraph_label"] = f.paragraph_label;
  r["meeting"] = f.meeting + 1;
  r["unsegmented"] = f.unsegmented;
  Json dnr = Json::array();
  for (size_t i = 0; i < f.diarienummer.size(); ++i) {
    const auto& d = f.diarienummer[i];
    dnr.push_back({{"raw", d.raw},
                   {"normalized", d.normalized},
                   {"board", OrNull(d.board)},
                   {"year", d.year},
                   {"serial", d.serial},
                   {"page", f.diarienummer_pages[i]}});
  }
  r["diarienummer"] = dnr;
  r["title"] = f.title;
  r["decision"] = f.decision ? Json(*f.decision) : Json(nullptr);
  Json amounts = Json::array();
  for (size_t i = 0; i < f.amounts.size(); ++i) {
    const auto& a = f.amounts[i];
    amounts.push_back({{"raw", a.raw},
                       {"sek", Money(a.sek)},
                       {"period", OrNull(a.period)},
                       {"page", f.amount_pages[i]}});
  }
  r["amounts"] = amounts;
  r["dates"] = f.dates;
  r["years"] = f.years;
  r["text"] = f.text;
  r["source"] = item.source;
  r["ocr_confidence"] = item.ocr_confidence ? Json(std::round(*item.ocr_confidence * 1000) / 1000)
                                            : Json(nullptr);
  // Who decided, and how (issue 24): the meeting's attendance, the item's proceedings.
  {
    const extractors::Attendance& a = f.attendance;
    Json present = Json::array();
    for (const auto& p : a.present) present.push_back(PersonJson(p));
    r["present"] = present;
    r["chair"] = OfficerJson(a.chair);
    r["secretary"] = OfficerJson(a.secretary);
    Json adjusters = Json::array();
    for (const auto& p : a.adjusters) adjusters.push_back({{"name", p.name}, {"party", OrNull(p.party)}, {"page", PageOrNull(p.page)}});
    r["adjusters"] = adjusters;
    const extractors::Proceedings& pr = f.proceedings;
    Json motions = Json::array();
    for (const auto& m : pr.motions)
      motions.push_back({{"name", OrNull(m.name)}, {"party", OrNull(m.party)}, {"kind", m.kind}, {"text", OrNull(m.text)},
                         {"supports", m.supports}, {"page", PageOrNull(m.page)}});
    r["motions"] = motions;
    if (pr.vote) {
      const extractors::Vote& v = *pr.vote;
      Json vote;
      vote["method"] = v.method;
      if (v.counted())
        vote["counts"] = {{"ja", v.ja.value_or(0)}, {"nej", v.nej.value_or(0)}, {"avstår", v.avstar.value_or(0)},
                          {"frånvarande", v.franvarande.value_or(0)}};
      else
        vote["counts"] = nullptr;
      vote["proposition"] = OrNull(v.proposition);
      Json roll = Json::array();
      for (const auto& c : v.roll_call) roll.push_back({{"name", c.name}, {"party", OrNull(c.party)}, {"vote", c.vote}});
      vote["roll_call"] = roll;
      vote["page"] = PageOrNull(v.page);
      r["vote"] = vote;
    } else {
      r["vote"] = nullptr;
    }
    Json reservations = Json::array();
    for (const auto& x : pr.reservations)
      reservations.push_back({{"name", OrNull(x.name)}, {"party", OrNull(x.party)}, {"in_favour_of", OrNull(x.in_favour_of)},
                              {"written", x.written}, {"page", PageOrNull(x.page)}});
    r["reservations"] = reservations;
    Json statements = Json::array();
    for (const auto& x : pr.statements)
      statements.push_back({{"name", OrNull(x.name)}, {"party", OrNull(x.party)}, {"text", OrNull(x.text)},
                            {"written", x.written}, {"page", PageOrNull(x.page)}});
    r["statements"] = statements;
    Json conflicts = Json::array();
    for (const auto& c : pr.conflicts) conflicts.push_back({{"name", c.name}, {"party", OrNull(c.party)}, {"page", PageOrNull(c.page)}});
    r["conflicts"] = conflicts;
    // Unanimous where the protocol says so, or where a decision is recorded and nothing contrary
    // (no vote with votes against, no reservation); unknown where no decision was read.
    if (pr.unanimous) r["unanimous"] = *pr.unanimous;
    else if (f.decision && !f.unsegmented && !(pr.vote && pr.vote->counted())) r["unanimous"] = true;
    else r["unanimous"] = nullptr;
  }
  // The page each field was read from, for citation.
  Json pages;
  pages["paragraph"] = f.page_start;
  pages["title"] = f.title_page ? Json(f.title_page) : Json(nullptr);
  pages["decision"] = f.decision ? Json(f.decision_page) : Json(nullptr);
  pages["body"] = f.body_page ? Json(f.body_page) : Json(nullptr);
  pages["meeting_date"] = f.meeting_date_page ? Json(f.meeting_date_page) : Json(nullptr);
  pages["dates"] = f.date_pages;
  pages["years"] = f.year_pages;
  r["field_pages"] = pages;
  return r.dump(-1, ' ', false, Json::error_handler_t::replace);
}

namespace {
std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += "\"\"";
    else out.push_back(c);
  }
  return out + "\"";
}
}  // namespace

std::string ExportCsvHeader() {
  return "id,path,sha256,pages,page_start,page_end,body,meeting_date,paragraph,"
         "paragraph_label,diarienummer,title,decision,amounts_sek,dates,years,source,"
         "ocr_confidence,municipality\r\n";
}

std::string ExportCsvRow(const std::string& record_json) {
  Json r = Json::parse(record_json, nullptr, false);
  if (r.is_discarded() || !r.is_object()) return {};
  auto join = [](const Json& arr, const char* key) {
    std::string out;
    if (!arr.is_array()) return out;
    for (const auto& v : arr) {
      const Json& x = key && v.is_object() ? v[key] : v;
      out += (out.empty() ? "" : "; ") + (x.is_string() ? x.get<std::string>() : x.dump());
    }
    return out;
  };
  auto s = [](const Json& v) { return v.is_null() ? std::string() : v.is_string() ? v.get<std::string>() : v.dump(); };
  const Json& d = r["document"];
  std::vector<std::string> cols = {
      s(r["id"]), s(d["path"]), s(d["sha256"]), s(d["pages"]),
      s(r["page_start"]), s(r["page_end"]), s(r["body"]), s(r["meeting_date"]), s(r["paragraph"]),
      s(r["paragraph_label"]), join(r["diarienummer"], "normalized"), s(r["title"]), s(r["decision"]),
      join(r["amounts"], "sek"), join(r["dates"], nullptr), join(r["years"], nullptr), s(r["source"]),
      s(r["ocr_confidence"]), s(r.contains("municipality") ? r["municipality"] : Json(nullptr))};
  std::string out;
  for (size_t i = 0; i < cols.size(); ++i) out += (i ? "," : "") + CsvField(cols[i]);
  return out + "\r\n";
}

}  // namespace protokoll::catalogue
