// Corrections by people: kept apart from what was extracted, applied over it.
#include <nlohmann/json.hpp>

#include <functional>
#include <optional>

#include "catalogue/impl.h"
#include "extractors/dates.h"
#include "extractors/diarienummer.h"
#include "extractors/text.h"

namespace protokoll::catalogue {

namespace {

// The record as extracted: `extracted`, or `record` itself while no correction has changed it
// (ingest leaves `extracted` empty rather than store the same JSON twice).
constexpr const char* kExtractedRecord = "CASE WHEN extracted = '' THEN record ELSE extracted END";

using Json = nlohmann::ordered_json;

const char* const kFields[] = {"title", "diarienummer", "decision", "amounts", "dates",
                               "meeting_date", "body", "not_an_item"};

// The value a correction may hold for its field; a message when it may not.
std::string Invalid(const std::string& field, const Json& v) {
  if (field == "title" || field == "body") return v.is_string() ? "" : "a text";
  if (field == "decision") return v.is_string() || v.is_null() ? "" : "a text or null";
  if (field == "meeting_date")
    return (v.is_string() && extractors::IsIsoCalendarDate(v.get<std::string>())) || v.is_null() ? "" : "an ISO date (YYYY-MM-DD) or null";
  if (field == "not_an_item") return v.is_boolean() ? "" : "true or false";
  if (!v.is_array()) return "a list";
  for (const Json& e : v) {
    if (field == "amounts" && !(e.is_number() && e.get<double>() >= 0)) return "a list of amounts in kronor";
    if (field == "dates" && !(e.is_string() && extractors::IsIsoCalendarDate(e.get<std::string>()))) return "a list of ISO dates";
    if (field == "diarienummer") {
      if (!e.is_string()) return "a list of diarienummer as written";
      std::string raw = e.get<std::string>();
      if (!extractors::ParseDiarienummer(raw) && !extractors::ParseDiarienummer("Dnr " + raw))
        return "a list of diarienummer (not one: " + raw + ")";
    }
  }
  return "";
}

// Replaces an item's rows in a side table: `insert` takes the item's rowid as its first
// parameter, `bind` the rest for row k of n.
Status ReplaceRows(sqlite3* db, const char* table, long long rowid, const char* insert, size_t n,
                   const std::function<void(Stmt&, size_t)>& bind) {
  Stmt del(db, std::string("DELETE FROM ") + table + " WHERE item_rowid = ?");
  del.Bind(1, rowid);
  del.Step();
  if (!del.ok()) return Status::Error("correct", del.error());
  Stmt ins(db, insert);
  for (size_t k = 0; k < n; ++k) {
    ins.Reset();
    ins.Bind(1, rowid);
    bind(ins, k);
    ins.Step();
    if (!ins.ok()) return Status::Error("correct", ins.error());
  }
  return {};
}

std::optional<extractors::Diarienummer> ParseDnr(const std::string& raw) {
  auto d = extractors::ParseDiarienummer(raw);
  if (!d) d = extractors::ParseDiarienummer("Dnr " + raw);
  return d;
}
}  // namespace

Result<ItemTerms> Catalogue::Impl::Retitle(const std::string& title, const std::string& text) {
  auto make = [&](SwedishTerms& t, std::unordered_set<std::string>& known) -> Result<ItemTerms> {
    ItemTerms it = t.ForItem(title, text);
    if (Status s = AddVocabulary(db.get(), t, it.words, known); !s.ok()) return s;
    return it;
  };
  if (terms || pending.valid()) return make(Terms(), known_words);
  static std::mutex mu;
  static std::map<TermsMode, std::unique_ptr<SwedishTerms>> shared;
  std::lock_guard<std::mutex> lock(mu);
  auto& t = shared[terms_mode];
  if (!t) t = SwedishTerms::Create(terms_mode);
  std::unordered_set<std::string> known;  // INSERT OR IGNORE: a word already there stays once
  return make(*t, known);
}

Status ApplyCorrections(sqlite3* db, const std::string& item_id, long long seq, const std::string& now,
                        const Retitler& retitle) {
  Stmt read(db, std::string("SELECT rowid, ") + kExtractedRecord + ", title, text FROM items WHERE id = ?");
  read.Bind(1, item_id);
  if (!read.Step()) return read.ok() ? Status{} : Status::Error("correct", read.error());
  const long long rowid = read.Int(0);
  const std::string stored_title = read.Text(2), text = read.Text(3);
  Json r = Json::parse(read.Text(1), nullptr, false);
  if (r.is_discarded()) return Status::Error("correct", "the stored record of " + item_id + " is not JSON");
  // The newest correction of each field.
  Stmt latest(db,
              "SELECT field, value FROM corrections WHERE id IN (SELECT max(id) FROM corrections WHERE "
              "item_id = ? GROUP BY field) ORDER BY field");
  latest.Bind(1, item_id);
  Json corrected = Json::array();
  bool hidden = false;
  bool dnr_changed = false, amounts_changed = false, dates_changed = false;
  while (latest.Step()) {
    const std::string field = latest.Text(0);
    Json v = Json::parse(latest.Text(1), nullptr, false);
    if (v.is_discarded()) continue;
    corrected.push_back(field);
    Json& pages = r["field_pages"];
    if (field == "not_an_item") {
      hidden = v.get<bool>();
    } else if (field == "diarienummer") {
      Json list = Json::array();
      for (const Json& e : v)
        if (auto d = ParseDnr(e.get<std::string>()))
          list.push_back({{"raw", d->raw}, {"normalized", d->normalized},
                          {"board", d->board.empty() ? Json(nullptr) : Json(d->board)}, {"year", d->year},
                          {"serial", d->serial}});
      r["diarienummer"] = list;
      dnr_changed = true;
    } else if (field == "amounts") {
      Json list = Json::array();
      for (const Json& e : v) list.push_back({{"raw", "(rättat)"}, {"sek", e}, {"period", nullptr}});
      r["amounts"] = list;
      amounts_changed = true;
    } else if (field == "dates") {
      r["dates"] = v;
      pages["dates"] = Json::array();
      dates_changed = true;
    } else {
      r[field] = v;
      if (pages.contains(field)) pages[field] = nullptr;  // a person, not a page, says so now
    }
  }
  if (!latest.ok()) return Status::Error("correct", latest.error());
  r["corrected"] = corrected;
  auto text_or_null = [&](const char* k) { return r[k].is_string() ? r[k].get<std::string>() : std::string(); };
  const std::string title = text_or_null("title"), body = text_or_null("body"),
                    meeting_date = text_or_null("meeting_date");
  std::vector<double> sek;
  for (const Json& a : r["amounts"]) sek.push_back(a["sek"].get<double>());
  std::vector<std::string> dnrs;
  for (const Json& d : r["diarienummer"]) dnrs.push_back(d["normalized"].get<std::string>());
  // A new title: its words' base forms and compound parts are search terms too (found by
  // inflection like any title), so they are made again.
  std::optional<ItemTerms> retitled;
  if (title != stored_title) {
    auto t = retitle(title, text);
    if (!t.ok()) return t.status();
    retitled = std::move(*t);
  }
  Stmt up(db,
          // The record as extracted is kept apart the first time a correction changes `record`
          // (every right-hand side reads the row as it was).
          std::string("UPDATE items SET extracted = ") + kExtractedRecord +
              ", record = ?, title = ?, decision = ?, body = ?, meeting_date = ?, facets = ?, hidden = ?, "
              "seq = ?, changed_at = ?" +
              (retitled ? ", title_terms = ?, terms = ?, parts = ?" : "") + " WHERE rowid = ?");
  up.Bind(1, r.dump(-1, ' ', false, Json::error_handler_t::replace)).Bind(2, title);
  if (r["decision"].is_string()) up.Bind(3, r["decision"].get<std::string>()); else up.BindNull(3);
  up.BindOrNull(4, body).BindOrNull(5, meeting_date).Bind(6, FacetTokens(meeting_date, body, sek, dnrs, text_or_null("municipality")))
      .Bind(7, hidden ? 1 : 0).Bind(8, seq).Bind(9, now);
  if (retitled) up.Bind(10, retitled->title_terms).Bind(11, retitled->terms).Bind(12, retitled->parts);
  up.Bind(retitled ? 13 : 10, rowid);
  up.Step();
  if (!up.ok()) return Status::Error("correct", up.error());
  Stmt facets(db, "UPDATE item_facets SET year = ?, meeting_date = ?, body_key = ? WHERE item_rowid = ?");
  if (meeting_date.size() >= 4) facets.Bind(1, static_cast<long long>(std::stoi(meeting_date.substr(0, 4))));
  else facets.BindNull(1);
  facets.BindOrNull(2, meeting_date).BindOrNull(3, extractors::Fold(body)).Bind(4, rowid);
  facets.Step();
  if (!facets.ok()) return Status::Error("correct", facets.error());
  // The side tables that `show DNR` and the filters read.
  if (dnr_changed) {
    const Json& list = r["diarienummer"];
    Status s = ReplaceRows(db, "item_diarienummer", rowid,
                           "INSERT INTO item_diarienummer(item_rowid, ordinal, raw, normalized, board, year, serial, "
                           "page) VALUES (?,?,?,?,?,?,?,0)",
                           list.size(), [&](Stmt& ins, size_t k) {
                             const Json& d = list[k];
                             ins.Bind(2, static_cast<long long>(k)).Bind(3, d["raw"].get<std::string>())
                                 .Bind(4, d["normalized"].get<std::string>())
                                 .BindOrNull(5, d["board"].is_string() ? d["board"].get<std::string>() : std::string())
                                 .Bind(6, d["year"].get<long long>()).Bind(7, d["serial"].get<long long>());
                           });
    if (!s.ok()) return s;
  }
  if (amounts_changed) {
    Status s = ReplaceRows(db, "item_amounts", rowid,
                           "INSERT INTO item_amounts(item_rowid, sek, raw, period, page) VALUES (?, ?, '(rättat)', NULL, 0)",
                           sek.size(), [&](Stmt& ins, size_t k) { ins.Bind(2, sek[k]); });
    if (!s.ok()) return s;
  }
  if (dates_changed) {
    const Json& list = r["dates"];
    Status s = ReplaceRows(db, "item_dates", rowid, "INSERT INTO item_dates(item_rowid, date, page) VALUES (?, ?, 0)",
                           list.size(), [&](Stmt& ins, size_t k) { ins.Bind(2, list[k].get<std::string>()); });
    if (!s.ok()) return s;
  }
  return {};
}

Status Catalogue::Correct(const Correction& c) {
  sqlite3* db = impl_->db.get();
  bool known = false;
  for (const char* f : kFields) known |= c.field == f;
  if (!known) return Status::Error("correct", "no such field: " + c.field + " (title, diarienummer, decision, amounts, dates, meeting_date, body, not_an_item)");
  Json v = Json::parse(c.value_json, nullptr, false);
  if (v.is_discarded()) return Status::Error("correct", "the value is not JSON: " + c.value_json);
  if (std::string why = Invalid(c.field, v); !why.empty())
    return Status::Error("correct", c.field + " takes " + why);
  if (c.author.empty()) return Status::Error("correct", "a correction needs an author");
  Transaction tx(db);
  if (Status s = tx.Begin(); !s.ok()) return s;
  {
    Stmt q(db, "SELECT 1 FROM items WHERE id = ?");
    q.Bind(1, c.item_id);
    if (!q.Step()) return Status::Error("correct", "no item with id " + c.item_id);
  }
  auto change = NextChange(db);
  if (!change.ok()) return Status::Error("correct", change.status().message());
  const long long seq = change->seq;
  const std::string now = change->now;
  Stmt ins(db, "INSERT INTO corrections(item_id, field, value, author, created_at, note) VALUES (?,?,?,?,?,?)");
  ins.Bind(1, c.item_id).Bind(2, c.field).Bind(3, v.dump()).Bind(4, c.author).Bind(5, now).Bind(6, c.note);
  ins.Step();
  if (!ins.ok()) return Status::Error("correct", ins.error());
  if (Status s = ApplyCorrections(db, c.item_id, seq, now, [&](const std::string& t, const std::string& x) {
        return impl_->Retitle(t, x);
      });
      !s.ok())
    return s;
  return tx.Commit();
}

Result<std::vector<Catalogue::Correction>> Catalogue::Corrections(const std::string& item_id) {
  Stmt q(impl_->db.get(),
         "SELECT id, field, value, author, created_at, note FROM corrections WHERE item_id = ? ORDER BY id");
  q.Bind(1, item_id);
  std::vector<Correction> out;
  while (q.Step()) {
    Correction c;
    c.id = q.Int(0);
    c.item_id = item_id;
    c.field = q.Text(1);
    c.value_json = q.Text(2);
    c.author = q.Text(3);
    c.created_at = q.Text(4);
    c.note = q.Text(5);
    out.push_back(std::move(c));
  }
  if (!q.ok()) return Status::Error("correct", q.error());
  return out;
}

Result<std::string> Catalogue::ExtractedRecord(const std::string& item_id) {
  Stmt q(impl_->db.get(), std::string("SELECT ") + kExtractedRecord + " FROM items WHERE id = ?");
  q.Bind(1, item_id);
  std::string out = q.Step() ? q.Text(0) : std::string();
  if (!q.ok()) return Status::Error("correct", q.error());
  return out;
}

}  // namespace protokoll::catalogue
