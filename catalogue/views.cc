// Read-only views for the web pages: a document with its pages, items and quality.
#include <nlohmann/json.hpp>

#include <cstdlib>

#include "catalogue/impl.h"
#include "extractors/text.h"

namespace protokoll::catalogue {

Result<std::optional<Catalogue::DocumentView>> Catalogue::Document(const std::string& sha_or_prefix) {
  sqlite3* db = impl_->db.get();
  if (sha_or_prefix.size() < 16 || sha_or_prefix.size() > 64 ||
      sha_or_prefix.find_first_not_of("0123456789abcdef") != std::string::npos)
    return std::optional<DocumentView>{};
  Stmt d(db,
         "SELECT id, path, sha256, format, coalesce(body, ''), coalesce(meeting_date, ''), ingested_at, pages, "
         "coalesce(municipality, ''), coalesce(path_bytes, path) FROM documents WHERE substr(sha256, 1, ?) = ? LIMIT 2");
  d.Bind(1, static_cast<long long>(sha_or_prefix.size())).Bind(2, sha_or_prefix);
  if (!d.Step()) {
    if (!d.ok()) return Status::Error("catalogue", d.error());
    return std::optional<DocumentView>{};
  }
  DocumentView v;
  const long long doc_id = d.Int(0);
  v.path = d.Text(1);
  v.sha256 = d.Text(2);
  v.format = d.Text(3);
  v.body = d.Text(4);
  v.meeting_date = d.Text(5);
  v.ingested_at = d.Text(6);
  v.pages = static_cast<int>(d.Int(7));
  v.municipality = d.Text(8);
  v.file = d.Text(9);
  if (d.Step()) return std::optional<DocumentView>{};  // an ambiguous prefix names no document
  Stmt p(db, "SELECT page, source, ocr_confidence, ocr_variant FROM pages WHERE document_id = ? ORDER BY page");
  p.Bind(1, doc_id);
  while (p.Step()) {
    DocumentPage pg;
    pg.number = static_cast<int>(p.Int(0));
    pg.source = p.Text(1);
    if (!p.IsNull(2)) pg.ocr_confidence = p.Double(2);
    pg.ocr_variant = p.Text(3);
    v.page_list.push_back(pg);
  }
  Stmt it(db,
          "SELECT id, paragraph_label, title, page_start, page_end, coalesce(json_extract(record, "
          "'$.meeting'), 1), hidden FROM items WHERE document_id = ? ORDER BY ordinal");
  it.Bind(1, doc_id);
  while (it.Step()) {
    DocumentItem i;
    i.id = it.Text(0);
    i.label = it.Text(1);
    i.title = it.Text(2);
    i.page_start = static_cast<int>(it.Int(3));
    i.page_end = static_cast<int>(it.Int(4));
    i.meeting = static_cast<int>(it.Int(5));
    i.hidden = it.Int(6) != 0;
    v.items.push_back(std::move(i));
  }
  Stmt pr(db, "SELECT page, stage, reason FROM page_problems WHERE document_id = ? ORDER BY page");
  pr.Bind(1, doc_id);
  while (pr.Step()) v.problems.push_back({static_cast<int>(pr.Int(0)), pr.Text(1), pr.Text(2)});
  Stmt q(db, std::string("SELECT ") + kQualityColumns + " FROM document_quality WHERE document_id = ?");
  q.Bind(1, doc_id);
  if (q.Step()) v.quality = ReadQuality(q, 0);
  if (!it.ok() || !p.ok() || !pr.ok() || !q.ok()) return Status::Error("catalogue", "reading the document failed");
  return std::optional<DocumentView>{std::move(v)};
}

std::string EncodeWordBoxes(const std::vector<WordBox>& boxes) {
  std::string out;
  for (const WordBox& b : boxes) {
    for (int v : {b.left, b.top, b.width, b.height}) {
      if (!out.empty()) out += ' ';
      out += std::to_string(v);
    }
  }
  return out;
}

std::vector<WordBox> DecodeWordBoxes(const std::string& text) {
  std::vector<int> v;
  const char* p = text.c_str();
  while (*p) {
    if (*p == ' ') {
      ++p;
      continue;
    }
    char* end = nullptr;
    const long n = std::strtol(p, &end, 10);
    if (end == p || (*end && *end != ' ') || n < -1000000 || n > 1000000) return {};
    v.push_back(static_cast<int>(n));
    p = end;
  }
  if (v.size() % 4 != 0) return {};
  std::vector<WordBox> out;
  for (size_t i = 0; i < v.size(); i += 4) out.push_back({v[i], v[i + 1], v[i + 2], v[i + 3]});
  return out;
}

namespace {

// The OCR lines of one page of a document (by its row id), in reading order.
Result<std::vector<OcrLineRecord>> LinesOf(sqlite3* db, long long doc_id, int page) {
  Stmt q(db,
         "SELECT confidence, left, top, width, height, text, coalesce(words, '') FROM ocr_lines WHERE document_id = ? "
         "AND page = ? ORDER BY line");
  q.Bind(1, doc_id).Bind(2, static_cast<long long>(page));
  std::vector<OcrLineRecord> out;
  while (q.Step()) {
    OcrLineRecord r;
    r.confidence = q.Double(0);
    r.left = static_cast<int>(q.Int(1));
    r.top = static_cast<int>(q.Int(2));
    r.width = static_cast<int>(q.Int(3));
    r.height = static_cast<int>(q.Int(4));
    r.text = q.Text(5);
    r.words = DecodeWordBoxes(q.Text(6));
    out.push_back(std::move(r));
  }
  if (!q.ok()) return Status::Error("catalogue", q.error());
  return out;
}

PageSource ParsePageSource(const std::string& s) {
  return s == "text" ? PageSource::kText : s == "pdf" ? PageSource::kPdf : s == "ocr" ? PageSource::kOcr : s == "empty" ? PageSource::kEmpty : PageSource::kNone;
}

}  // namespace

Result<std::vector<OcrLineRecord>> Catalogue::OcrLines(const std::string& sha256, int page) {
  Stmt d(impl_->db.get(), "SELECT id FROM documents WHERE sha256 = ?");
  d.Bind(1, sha256);
  if (!d.Step()) {
    if (!d.ok()) return Status::Error("catalogue", d.error());
    return std::vector<OcrLineRecord>{};
  }
  return LinesOf(impl_->db.get(), d.Int(0), page);
}

Result<std::optional<Catalogue::TextLayer>> Catalogue::DocumentTextLayer(const std::string& sha_or_prefix) {
  sqlite3* db = impl_->db.get();
  if (sha_or_prefix.size() < 16 || sha_or_prefix.size() > 64 ||
      sha_or_prefix.find_first_not_of("0123456789abcdef") != std::string::npos)
    return std::optional<TextLayer>{};
  Stmt d(db, "SELECT id, path, sha256, format FROM documents WHERE substr(sha256, 1, ?) = ? LIMIT 2");
  d.Bind(1, static_cast<long long>(sha_or_prefix.size())).Bind(2, sha_or_prefix);
  if (!d.Step()) {
    if (!d.ok()) return Status::Error("catalogue", d.error());
    return std::optional<TextLayer>{};
  }
  TextLayer t;
  const long long doc_id = d.Int(0);
  t.path = d.Text(1);
  t.sha256 = d.Text(2);
  t.format = d.Text(3);
  if (d.Step()) return std::optional<TextLayer>{};  // an ambiguous prefix names no document
  // One statement, one snapshot: the pages and their lines as one ingest left them.
  Stmt q(db,
         "SELECT p.page, p.source, coalesce(p.image_width, 0), coalesce(p.image_height, 0), l.line, l.confidence, "
         "l.left, l.top, l.width, l.height, l.text, coalesce(l.words, ''), coalesce(p.ocr_variant, '') FROM pages p LEFT JOIN ocr_lines l ON "
         "l.document_id = p.document_id AND l.page = p.page AND p.source = 'ocr' WHERE p.document_id = ? ORDER BY "
         "p.page, l.line");
  q.Bind(1, doc_id);
  while (q.Step()) {
    const int number = static_cast<int>(q.Int(0));
    if (t.pages.empty() || t.pages.back().number != number) {
      TextLayerPage pg;
      pg.number = number;
      pg.source = ParsePageSource(q.Text(1));
      pg.image_width = static_cast<int>(q.Int(2));
      pg.image_height = static_cast<int>(q.Int(3));
      pg.ocr_variant = q.Text(12);
      t.pages.push_back(std::move(pg));
    }
    if (q.IsNull(4)) continue;
    OcrLineRecord r;
    r.confidence = q.Double(5);
    r.left = static_cast<int>(q.Int(6));
    r.top = static_cast<int>(q.Int(7));
    r.width = static_cast<int>(q.Int(8));
    r.height = static_cast<int>(q.Int(9));
    r.text = q.Text(10);
    r.words = DecodeWordBoxes(q.Text(11));
    t.pages.back().lines.push_back(std::move(r));
  }
  if (!q.ok()) return Status::Error("catalogue", q.error());
  return std::optional<TextLayer>(std::move(t));
}

Result<std::vector<std::string>> Catalogue::ScannedDocuments() {
  Stmt q(impl_->db.get(),
         "SELECT d.sha256 FROM documents d WHERE EXISTS (SELECT 1 FROM pages p WHERE p.document_id = d.id AND "
         "p.source = 'ocr') ORDER BY d.path, d.sha256");
  std::vector<std::string> out;
  while (q.Step()) out.push_back(q.Text(0));
  if (!q.ok()) return Status::Error("catalogue", q.error());
  return out;
}

Result<long long> Catalogue::DocumentSeqAtPath(const std::string& path) {
  Stmt q(impl_->db.get(), "SELECT coalesce(max(seq), 0) FROM documents WHERE path = ?");
  q.BindPath(1, path);
  if (!q.Step()) return Status::Error("catalogue", q.ok() ? "no row" : q.error());
  return q.Int(0);
}

Result<long long> Catalogue::LastDocumentSeq() {
  Stmt q(impl_->db.get(), "SELECT coalesce(max(seq), 0) FROM documents");
  if (!q.Step()) return Status::Error("catalogue", q.ok() ? "no row" : q.error());
  return q.Int(0);
}

Result<long long> Catalogue::ItemsAtPath(const std::string& path) {
  Stmt q(impl_->db.get(),
         "SELECT count(*) FROM items WHERE document_id = (SELECT id FROM documents WHERE path = ? ORDER BY seq DESC LIMIT 1)");
  q.BindPath(1, path);
  if (!q.Step()) return Status::Error("catalogue", q.ok() ? "no row" : q.error());
  return q.Int(0);
}

namespace {
using Json = nlohmann::ordered_json;

// A title as two readings of one page agree on it: folded, letters and digits only (OCR splits
// and joins words, reads "–" as "-", drops a full stop).
std::string TwinTitle(const std::string& title) {
  std::string out;
  for (const std::string& w : Words(extractors::Fold(title))) out += w;
  return out;
}
}  // namespace

Result<bool> Catalogue::SetMunicipality(const std::string& sha256, const std::string& municipality) {
  sqlite3* db = impl_->db.get();
  Transaction tx(db);
  if (Status s = tx.Begin(); !s.ok()) return s;
  long long doc_id = 0;
  {
    Stmt q(db, "SELECT id, coalesce(municipality, '') FROM documents WHERE sha256 = ?");
    q.Bind(1, sha256);
    if (!q.Step()) {
      if (!q.ok()) return Status::Error("store", q.error());
      return false;
    }
    if (q.Text(1) == municipality) return false;
    doc_id = q.Int(0);
  }
  auto change = NextChange(db);
  if (!change.ok()) return change.status();
  const long long seq = change->seq;
  const std::string now = change->now;
  {
    // A new generation of a reading of this catalogue's own, which a merge then takes in place
    // of the one it has (a reading merged from elsewhere keeps its origin's generation).
    Stmt up(db, "UPDATE documents SET municipality = ?1, generation = CASE WHEN origin = (SELECT value FROM meta WHERE "
                "key = 'id') THEN ?3 ELSE generation END WHERE id = ?2");
    up.BindOrNull(1, municipality).Bind(2, doc_id).Bind(3, seq);
    up.Step();
    if (!up.ok()) return Status::Error("store", up.error());
  }
  // Each item's record (and the record as extracted, when a correction keeps it apart) names it;
  // its filter tokens hold its words.
  struct Row {
    long long rowid;
    std::string record, extracted, facets;
  };
  std::vector<Row> rows;
  {
    Stmt q(db, "SELECT rowid, record, extracted FROM items WHERE document_id = ?");
    q.Bind(1, doc_id);
    while (q.Step()) rows.push_back({q.Int(0), q.Text(1), q.Text(2), {}});
    if (!q.ok()) return Status::Error("store", q.error());
  }
  const Json value = municipality.empty() ? Json(nullptr) : Json(municipality);
  for (Row& r : rows) {
    Json rec = Json::parse(r.record, nullptr, false);
    if (rec.is_discarded()) return Status::Error("store", "an item's record is not JSON");
    rec["municipality"] = value;
    auto text = [&](const char* k) { return rec.contains(k) && rec[k].is_string() ? rec[k].get<std::string>() : std::string(); };
    std::vector<double> sek;
    for (const Json& a : rec["amounts"]) sek.push_back(a.value("sek", 0.0));
    std::vector<std::string> dnrs;
    for (const Json& d : rec["diarienummer"]) dnrs.push_back(d.value("normalized", std::string()));
    r.facets = FacetTokens(text("meeting_date"), text("body"), sek, dnrs, municipality);
    r.record = rec.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (!r.extracted.empty()) {
      Json x = Json::parse(r.extracted, nullptr, false);
      if (!x.is_discarded()) {
        x["municipality"] = value;
        r.extracted = x.dump(-1, ' ', false, Json::error_handler_t::replace);
      }
    }
  }
  Stmt item(db, "UPDATE items SET record = ?, extracted = ?, facets = ?, seq = ?, changed_at = ? WHERE rowid = ?");
  Stmt facet(db, "UPDATE item_facets SET municipality_key = ? WHERE item_rowid = ?");
  for (const Row& r : rows) {
    item.Reset();
    item.Bind(1, r.record).Bind(2, r.extracted).Bind(3, r.facets).Bind(4, seq).Bind(5, now).Bind(6, r.rowid);
    item.Step();
    if (!item.ok()) return Status::Error("store", item.error());
    facet.Reset();
    facet.BindOrNull(1, extractors::Fold(municipality)).Bind(2, r.rowid);
    facet.Step();
    if (!facet.ok()) return Status::Error("store", facet.error());
  }
  if (Status s = tx.Commit(); !s.ok()) return s;
  return true;
}

Result<std::vector<Catalogue::Twin>> Catalogue::Twins(const std::string& item_id) {
  sqlite3* db = impl_->db.get();
  // Each item as it reads now and as it was extracted: a correction of one twin's title (or
  // organ, or date) leaves them twins — it is what is offered to the other.
  struct Reading {
    std::string date, body, title;
    bool operator==(const Reading& o) const { return date == o.date && body == o.body && title == o.title; }
  };
  auto extracted = [](const std::string& json) {
    Json r = Json::parse(json, nullptr, false);
    auto text = [&](const char* k) { return !r.is_discarded() && r.contains(k) && r[k].is_string() ? r[k].get<std::string>() : std::string(); };
    return Reading{text("meeting_date"), extractors::Fold(text("body")), TwinTitle(text("title"))};
  };
  constexpr char kRecord[] = "CASE WHEN i.extracted = '' THEN i.record ELSE i.extracted END";
  Stmt self(db, std::string("SELECT i.document_id, i.paragraph, coalesce(i.meeting_date, ''), coalesce(f.body_key, ''), "
                            "i.title, i.source, i.hidden, i.id, ") + kRecord +
                    " FROM items i JOIN item_facets f ON f.item_rowid = i.rowid WHERE i.id = ?");
  self.Bind(1, item_id);
  std::vector<Twin> out;
  if (!self.Step()) {
    if (!self.ok()) return Status::Error("catalogue", self.error());
    return out;
  }
  if (self.Int(6) != 0) return out;
  const long long doc = self.Int(0);
  const Reading now{self.Text(2), self.Text(3), TwinTitle(self.Text(4))}, was = extracted(self.Text(8));
  const bool ocr = self.Text(5) == "ocr";
  // The § letter is in the id ("…-3a", "…-m2-3a"); the number is the paragraph.
  auto suffix = [](const std::string& id) {
    const size_t dash = id.rfind('-');
    std::string tail = dash == std::string::npos ? id : id.substr(dash + 1);
    const size_t dot = tail.find('.');
    if (dot != std::string::npos) tail.resize(dot);
    size_t k = 0;
    while (k < tail.size() && std::isdigit(static_cast<unsigned char>(tail[k]))) ++k;
    return tail.substr(k);
  };
  const std::string letter = suffix(self.Text(7));
  // No meeting date or organ, no title: nothing says which meeting's item it is.
  auto usable = [](const Reading& x) { return !x.date.empty() && !x.body.empty() && !x.title.empty(); };
  if (!usable(now) && !usable(was)) return out;
  Stmt q(db, std::string("SELECT i.id, d.path, d.sha256, i.source, coalesce(i.meeting_date, ''), coalesce(f.body_key, ''), "
                         "i.title, ") + kRecord +
                 " FROM items i JOIN item_facets f ON f.item_rowid = i.rowid JOIN documents d ON d.id = i.document_id "
                 "WHERE i.meeting_date IN (?, ?) AND i.paragraph = ? AND i.document_id != ? AND NOT i.hidden AND "
                 "NOT json_extract(i.record, '$.unsegmented') ORDER BY d.path, i.id");
  q.Bind(1, now.date).Bind(2, was.date).Bind(3, self.Int(1)).Bind(4, doc);
  while (q.Step()) {
    const std::string source = q.Text(3);
    if ((source == "ocr") == ocr || suffix(q.Text(0)) != letter) continue;
    const Reading other_now{q.Text(4), q.Text(5), TwinTitle(q.Text(6))}, other_was = extracted(q.Text(7));
    if (!((usable(now) && now == other_now) || (usable(was) && was == other_was))) continue;
    out.push_back({q.Text(0), q.Text(1), q.Text(2), source});
  }
  if (!q.ok()) return Status::Error("catalogue", q.error());
  return out;
}

Result<std::vector<Catalogue::PersonRow>> Catalogue::PersonActivity(const std::string& who, int limit) {
  sqlite3* db = impl_->db.get();
  std::vector<std::string> params;
  const std::string cond = PersonCondition(who, params);
  if (params.empty()) return Status::Error("person", "no name or party to look for");
  const long long lim = limit > 0 ? limit : -1;
  std::vector<PersonRow> out;
  Stmt q(db,
         "SELECT p.part, coalesce(p.name, ''), coalesce(p.party, ''), coalesce(p.detail, ''), coalesce(p.page, 0), i.id, "
         "i.paragraph_label, i.title, coalesce(i.body, ''), coalesce(i.meeting_date, ''), coalesce(d.municipality, ''), "
         "d.sha256 FROM item_people p JOIN items i ON i.rowid = p.item_rowid JOIN documents d ON d.id = i.document_id "
         "WHERE NOT i.hidden" + cond +
             " ORDER BY i.meeting_date IS NULL, i.meeting_date DESC, d.path, d.sha256, i.ordinal, p.part, p.rowid LIMIT ?");
  int k = 0;
  for (const std::string& t : params) q.Bind(++k, t);
  q.Bind(++k, lim);
  // Both queries give the row's first twelve columns in this order.
  auto read_row = [](Stmt& st) {
    PersonRow r;
    r.part = st.Text(0);
    r.name = st.Text(1);
    r.party = st.Text(2);
    r.detail = st.Text(3);
    r.page = static_cast<int>(st.Int(4));
    r.item_id = st.Text(5);
    r.label = st.Text(6);
    r.title = st.Text(7);
    r.body = st.Text(8);
    r.meeting_date = st.Text(9);
    r.municipality = st.Text(10);
    r.sha256 = st.Text(11);
    return r;
  };
  while (q.Step()) out.push_back(read_row(q));
  if (!q.ok()) return Status::Error("person", q.error());
  // The meetings attended, each by its first item (the attendance is the meeting's); the party
  // as printed from that item's record, where the attendance list gives it.
  Stmt m(db,
         "SELECT p.part, p.name, coalesce(p.party, ''), coalesce(p.role, ''), coalesce(p.page, 0), i.id, i.paragraph_label, "
         "i.title, coalesce(i.body, ''), coalesce(i.meeting_date, ''), coalesce(d.municipality, ''), d.sha256, i.record "
         "FROM meeting_people p JOIN documents d ON d.id = p.document_id JOIN items i ON i.rowid = (SELECT x.rowid FROM "
         "items x WHERE x.document_id = p.document_id AND coalesce(json_extract(x.record, '$.meeting'), 1) = p.meeting AND "
         "NOT x.hidden ORDER BY x.ordinal LIMIT 1) WHERE 1" + cond +
             " ORDER BY i.meeting_date IS NULL, i.meeting_date DESC, d.path, d.sha256, p.meeting, p.name_key, p.part LIMIT ?");
  k = 0;
  for (const std::string& t : params) m.Bind(++k, t);
  m.Bind(++k, lim);
  while (m.Step()) {
    PersonRow r = read_row(m);
    const Json rec = Json::parse(m.Text(12), nullptr, false);
    if (rec.is_object() && rec.contains("present") && rec["present"].is_array())
      for (const Json& x : rec["present"])
        if (x.is_object() && x.contains("name") && x["name"].is_string() && x["name"].get<std::string>() == r.name &&
            x.contains("party_written") && x["party_written"].is_string()) {
          r.party_written = x["party_written"].get<std::string>();
          break;
        }
    out.push_back(std::move(r));
  }
  if (!m.ok()) return Status::Error("person", m.error());
  return out;
}

}  // namespace protokoll::catalogue
