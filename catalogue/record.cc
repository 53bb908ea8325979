#include <cmath>
#include <nlohmann/json.hpp>

#include "catalogue/catalogue.h"

namespace protokoll::catalogue {

namespace {
using Json = nlohmann::ordered_json;

Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

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
