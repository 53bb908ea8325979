// Read-only views for the web pages: a document with its pages, items and quality.
#include <nlohmann/json.hpp>

#include "catalogue/impl.h"

namespace protokoll::catalogue {

Result<std::optional<Catalogue::DocumentView>> Catalogue::Document(const std::string& sha_or_prefix) {
  sqlite3* db = impl_->db.get();
  if (sha_or_prefix.size() < 16 || sha_or_prefix.size() > 64 ||
      sha_or_prefix.find_first_not_of("0123456789abcdef") != std::string::npos)
    return std::optional<DocumentView>{};
  Stmt d(db,
         "SELECT id, path, sha256, format, coalesce(body, ''), coalesce(meeting_date, ''), ingested_at, pages "
         "FROM documents WHERE substr(sha256, 1, ?) = ? LIMIT 2");
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
  if (d.Step()) return std::optional<DocumentView>{};  // an ambiguous prefix names no document
  Stmt p(db, "SELECT page, source, ocr_confidence FROM pages WHERE document_id = ? ORDER BY page");
  p.Bind(1, doc_id);
  while (p.Step()) {
    DocumentPage pg;
    pg.number = static_cast<int>(p.Int(0));
    pg.source = p.Text(1);
    if (!p.IsNull(2)) pg.ocr_confidence = p.Double(2);
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

Result<std::vector<OcrLineRecord>> Catalogue::OcrLines(const std::string& sha256, int page) {
  Stmt q(impl_->db.get(),
         "SELECT l.confidence, l.left, l.top, l.width, l.height, l.text FROM ocr_lines l JOIN documents d "
         "ON d.id = l.document_id WHERE d.sha256 = ? AND l.page = ? ORDER BY l.line");
  q.Bind(1, sha256).Bind(2, static_cast<long long>(page));
  std::vector<OcrLineRecord> out;
  while (q.Step()) {
    OcrLineRecord r;
    r.confidence = q.Double(0);
    r.left = static_cast<int>(q.Int(1));
    r.top = static_cast<int>(q.Int(2));
    r.width = static_cast<int>(q.Int(3));
    r.height = static_cast<int>(q.Int(4));
    r.text = q.Text(5);
    out.push_back(std::move(r));
  }
  if (!q.ok()) return Status::Error("catalogue", q.error());
  return out;
}

}  // namespace protokoll::catalogue
