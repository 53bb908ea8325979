// RAII over sqlite3 handles. Internal to the catalogue library.
#ifndef PROTOKOLL_CATALOGUE_SQLITE_UTIL_H_
#define PROTOKOLL_CATALOGUE_SQLITE_UTIL_H_

#include <sqlite3.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "catalogue/status.h"

namespace protokoll::catalogue {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;

// Copies sqlite3_errmsg at once: the next call may overwrite it.
inline std::string ErrMsg(sqlite3* db) { return db ? std::string(sqlite3_errmsg(db)) : "no database"; }

class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc_ != SQLITE_OK) error_ = ErrMsg(db);
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool ok() const { return rc_ == SQLITE_OK || rc_ == SQLITE_ROW || rc_ == SQLITE_DONE; }
  const std::string& error() const { return error_; }

  Stmt& Bind(int i, std::string_view s) {
    if (stmt_) sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, const std::string& s) { return Bind(i, std::string_view(s)); }
  Stmt& BindBlob(int i, std::string_view s) {
    if (stmt_) sqlite3_bind_blob(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // A path as the catalogue keeps it: its text at `i` (PathText), its bytes at `i + 1` when they
  // are not UTF-8, else NULL there.
  Stmt& BindPath(int i, const std::string& path) {
    if (IsUtf8(path)) return Bind(i, path).BindNull(i + 1);
    return Bind(i, EscapePath(path)).BindBlob(i + 1, path);
  }
  Stmt& Bind(int i, const char* s) { return Bind(i, std::string_view(s)); }
  Stmt& Bind(int i, long long v) {
    if (stmt_) sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Stmt& Bind(int i, int v) { return Bind(i, static_cast<long long>(v)); }
  // A pointer for an SQL function of ours (sqlite3_bind_pointer: only a function that asks for
  // `type` sees it).
  Stmt& BindPointer(int i, void* p, const char* type) {
    if (stmt_) sqlite3_bind_pointer(stmt_, i, p, type, nullptr);
    return *this;
  }
  Stmt& Bind(int i, long v) { return Bind(i, static_cast<long long>(v)); }
  Stmt& Bind(int i, double v) {
    if (stmt_) sqlite3_bind_double(stmt_, i, v);
    return *this;
  }
  Stmt& BindNull(int i) {
    if (stmt_) sqlite3_bind_null(stmt_, i);
    return *this;
  }
  Stmt& BindOrNull(int i, const std::string& s) { return s.empty() ? BindNull(i) : Bind(i, s); }
  Stmt& BindOrNull(int i, const std::optional<double>& v) { return v ? Bind(i, *v) : BindNull(i); }

  // true: a row is ready; false: done or error (check ok()).
  bool Step() {
    if (!stmt_) return false;
    rc_ = sqlite3_step(stmt_);
    if (rc_ == SQLITE_ROW) return true;
    if (rc_ != SQLITE_DONE) error_ = ErrMsg(db_);
    return false;
  }
  void Reset() {
    if (!stmt_) return;  // prepare failed: ok() says so
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    rc_ = SQLITE_OK;
  }
  std::string Text(int col) const {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(stmt_, col)) : "";
  }
  // The text without a copy: valid until the next step.
  std::string_view TextView(int col) const {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t ? std::string_view(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string_view();
  }
  long long Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Double(int col) const { return sqlite3_column_double(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  // A BLOB column: its bytes (valid until the next step), then their count.
  const void* Blob(int col) const { return sqlite3_column_blob(stmt_, col); }
  int Bytes(int col) const { return sqlite3_column_bytes(stmt_, col); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
  std::string error_;
};

// Runs SQL without results (may hold several statements).
inline Status Exec(sqlite3* db, const std::string& sql, const char* stage = "catalogue") {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : ErrMsg(db);
    sqlite3_free(err);
    return Status::Error(stage, msg);
  }
  return {};
}

// The catalogue's change counter (`meta.seq`, which every store, correction and merge raises;
// 0 in a catalogue never changed).
inline Result<long long> ChangeSeq(sqlite3* db, const char* stage = "search") {
  Stmt q(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'seq'");
  const long long seq = q.Step() ? q.Int(0) : 0;
  if (!q.ok()) return Status::Error(stage, q.error());
  return seq;
}

// A read transaction for a scope, unless one is open already: what is read in it belongs to one
// state of the file. Ended (COMMIT: it wrote nothing) when the scope ends.
class ReadTransaction {
 public:
  explicit ReadTransaction(sqlite3* db, const char* stage = "search") : db_(db), own_(sqlite3_get_autocommit(db) != 0) {
    if (own_) status_ = Exec(db, "BEGIN", stage);
    own_ = own_ && status_.ok();
  }
  ~ReadTransaction() {
    if (own_) sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  const Status& status() const { return status_; }

 private:
  sqlite3* db_;
  bool own_;
  Status status_;
};

}  // namespace protokoll::catalogue

#endif  // PROTOKOLL_CATALOGUE_SQLITE_UTIL_H_
