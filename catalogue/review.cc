// The archivist's work list: documents most likely read wrong first, with their weakest items.
#include "catalogue/impl.h"

namespace protokoll::catalogue {

Result<std::vector<Catalogue::ReviewDocument>> Catalogue::Review(int limit, int items_per_document) {
  ReviewFilter f;
  f.limit = limit;
  f.items_per_document = items_per_document;
  return Review(f);
}

Result<std::vector<Catalogue::ReviewDocument>> Catalogue::Review(const ReviewFilter& f, long long* total) {
  sqlite3* db = impl_->db.get();
  std::vector<ReviewDocument> out;
  const int items_per_document = f.items_per_document;
  std::string where = "WHERE 1 ";
  if (f.max_score) where += "AND q.score <= ?1 ";
  if (!f.style.empty()) where += "AND q.header_style = ?2 ";
  if (!f.body.empty()) where += "AND instr(lower(coalesce(d.body, '')), lower(?3)) > 0 ";
  auto bind = [&](Stmt& st) {
    if (f.max_score) st.Bind(1, *f.max_score);
    if (!f.style.empty()) st.Bind(2, f.style);
    if (!f.body.empty()) st.Bind(3, f.body);
  };
  const std::string from = std::string("FROM documents d LEFT JOIN (SELECT document_id, ") + kQualityColumns +
                           " FROM document_quality) q ON q.document_id = d.id ";
  if (total) {
    Stmt n(db, "SELECT count(*) " + from + where);
    bind(n);
    *total = n.Step() ? n.Int(0) : 0;
    if (!n.ok()) return Status::Error("review", n.error());
  }
  // Documents stored before the quality record existed (schema < 3) come last, as not assessed.
  Stmt docs(db, "SELECT d.id, d.path, q.*, d.sha256 " + from + where +
                    "ORDER BY q.score IS NULL, q.score, d.path LIMIT ?4 OFFSET ?5");
  bind(docs);
  docs.Bind(4, static_cast<long long>(f.limit));
  docs.Bind(5, static_cast<long long>(std::max(0, f.offset)));
  // Per item, what is missing or doubtful, worst first: a page kept whole, no title, no
  // decision, low OCR confidence.
  Stmt items(db,
             "SELECT id, paragraph_label, title, page_start, decision IS NULL, ocr_confidence, "
             "json_extract(record, '$.unsegmented') FROM items WHERE document_id = ? ORDER BY "
             "(json_extract(record, '$.unsegmented') = 1) * 4 + (title = '') * 2 + (decision IS NULL) "
             "+ (coalesce(ocr_confidence, 1) < 0.6) * 2 DESC, ordinal LIMIT ?");
  while (docs.Step()) {
    ReviewDocument d;
    long long doc_id = docs.Int(0);
    d.path = docs.Text(1);
    d.sha256 = docs.Text(2 + 13);  // after id, path, and the quality (document_id and its 12 columns)
    if (docs.IsNull(3)) {
      d.quality.score = -1;
      d.quality.reasons = "not assessed (stored by an older protokoll; ingest it again)\n";
    } else {
      d.quality = ReadQuality(docs, 3);  // column 2 is the quality's document_id
    }
    items.Reset();
    items.Bind(1, doc_id).Bind(2, static_cast<long long>(items_per_document));
    while (items.Step()) {
      ReviewItem it;
      it.id = items.Text(0);
      it.label = items.Text(1);
      it.title = items.Text(2);
      it.page = static_cast<int>(items.Int(3));
      std::string problem;
      auto add = [&](const char* p) { problem += problem.empty() ? p : std::string(", ") + p; };
      if (!items.IsNull(6) && items.Int(6) == 1) add("no § found on this page");
      else {
        if (it.title.empty()) add("no title");
        if (items.Int(4)) add("no decision");
      }
      if (!items.IsNull(5) && items.Double(5) < 0.6) add("low OCR confidence");
      if (problem.empty()) continue;
      it.problem = problem;
      d.items.push_back(std::move(it));
    }
    if (!items.ok()) return Status::Error("review", items.error());
    out.push_back(std::move(d));
  }
  if (!docs.ok()) return Status::Error("review", docs.error());
  return out;
}

}  // namespace protokoll::catalogue
