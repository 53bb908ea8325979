// floor: what the two engines under a text-layer ingest cost on one PDF, with none of
// protokoll's own work, measured in one process:
//   read_1  poppler-cpp's word list (page::text_list) of every page, one thread: the least
//           protokoll's reader asks of Poppler (it needs the words' boxes to rebuild lines and
//           keep "Barn- och" hyphens, which page::text() joins);
//   read_2  the same on two threads (two poppler documents over the same bytes, half the pages
//           each), as the two cores of the bench machine allow;
//   text    page::text() of every page, one thread: Poppler's own plain text, for reference;
//   store   SQLite writing the rows `protokoll ingest` made of the file (documents, pages,
//           items with their FTS5 index and facets, the side tables) into a fresh catalogue in
//           one transaction, straight from the finished rows: no extraction, no search terms.
// Usage: floor FILE.pdf CATALOGUE   (CATALOGUE made by `protokoll ingest` of FILE.pdf alone)
//   store_rowwise  the same, the items one at a time through a prepared INSERT (as ingest
//           writes them), the other tables still in bulk.
// Prints one line: read_1 S read_2 S text S store S store_rowwise S (seconds, best of three).
#include <poppler-document.h>
#include <poppler-page.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "catalogue/catalogue.h"

namespace {

double Seconds(const std::function<void()>& fn) {
  double best = 1e9;
  for (int run = 0; run < 3; ++run) {
    auto t0 = std::chrono::steady_clock::now();
    fn();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

// Word lists of pages [begin, end) of a document loaded from `bytes`; returns the word count.
size_t Words(const std::vector<char>& bytes, int begin, int end) {
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) return 0;
  size_t n = 0;
  for (int i = begin; i < std::min(end, doc->pages()); ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (page) n += page->text_list().size();
  }
  return n;
}

bool Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) == SQLITE_OK) return true;
  std::fprintf(stderr, "floor: %s: %s\n", sql.c_str(), err ? err : "?");
  sqlite3_free(err);
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: floor FILE.pdf CATALOGUE\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) {
    std::fprintf(stderr, "floor: %s: not a readable PDF\n", argv[1]);
    return 1;
  }
  const int pages = doc->pages();
  size_t words = 0;
  const double read_1 = Seconds([&] { words = Words(bytes, 0, pages); });
  const double read_2 = Seconds([&] {
    size_t a = 0;
    std::thread t([&] { a = Words(bytes, 0, pages / 2); });
    size_t b = Words(bytes, pages / 2, pages);
    t.join();
    if (a + b != words) std::fprintf(stderr, "floor: two threads read %zu words, one %zu\n", a + b, words);
  });
  const double text = Seconds([&] {
    std::unique_ptr<poppler::document> d(poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
    for (int i = 0; i < pages; ++i) {
      std::unique_ptr<poppler::page> page(d->create_page(i));
      if (page) (void)page->text().to_utf8();
    }
  });

  // A fresh catalogue made by protokoll (same schema, page size and pragmas), then the rows.
  const std::string source = std::filesystem::absolute(argv[2]).string();
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("protokoll-floor-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  bool ok = true;
  double store = 1e9, store_rowwise = 1e9;
  for (int run = 0; run < 6 && ok; ++run) {
    const bool rowwise = run % 2 == 1;
    const std::string target = (dir / "floor.sqlite").string();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(target + suffix);
    {
      auto cat = protokoll::catalogue::Catalogue::Open(target);
      if (!cat.ok()) {
        std::fprintf(stderr, "floor: %s\n", cat.status().ToString().c_str());
        ok = false;
        break;
      }
    }
    sqlite3* db = nullptr;
    sqlite3_open(target.c_str(), &db);
    ok &= Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON");
    ok &= Exec(db, "ATTACH '" + source + "' AS src");
    auto t0 = std::chrono::steady_clock::now();
    ok &= Exec(db,
               "BEGIN;"
               "INSERT INTO documents SELECT * FROM src.documents;"
               "INSERT INTO document_quality SELECT * FROM src.document_quality;"
               "INSERT INTO pages SELECT * FROM src.pages;");
    if (!rowwise) {
      ok &= Exec(db, "INSERT INTO items SELECT * FROM src.items;");
    } else {
      // The same rows one at a time through a prepared INSERT, values bound, as ingest does.
      sqlite3_stmt* sel = nullptr;
      sqlite3_stmt* ins = nullptr;
      sqlite3_prepare_v2(db, "SELECT * FROM src.items ORDER BY rowid", -1, &sel, nullptr);
      const int n = sqlite3_column_count(sel);
      std::string sql = "INSERT INTO items VALUES (?";
      for (int c = 1; c < n; ++c) sql += ",?";
      sql += ")";
      sqlite3_prepare_v2(db, sql.c_str(), -1, &ins, nullptr);
      while (sqlite3_step(sel) == SQLITE_ROW) {
        for (int c = 0; c < n; ++c) sqlite3_bind_value(ins, c + 1, sqlite3_column_value(sel, c));
        ok &= sqlite3_step(ins) == SQLITE_DONE;
        sqlite3_reset(ins);
      }
      sqlite3_finalize(sel);
      sqlite3_finalize(ins);
    }
    ok &= Exec(db,
               "INSERT INTO item_facets SELECT * FROM src.item_facets;"
               "INSERT INTO item_diarienummer SELECT * FROM src.item_diarienummer;"
               "INSERT INTO item_amounts SELECT * FROM src.item_amounts;"
               "INSERT INTO item_dates SELECT * FROM src.item_dates;"
               "INSERT INTO item_years SELECT * FROM src.item_years;"
               "COMMIT;");
    double& best = rowwise ? store_rowwise : store;
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    sqlite3_close(db);
  }
  std::filesystem::remove_all(dir);
  if (!ok) return 1;
  std::printf("read_1 %.3f read_2 %.3f text %.3f store %.3f store_rowwise %.3f\n", read_1, read_2, text, store, store_rowwise);
  std::fprintf(stderr, "floor: %d pages, %zu words\n", pages, words);
  return 0;
}
