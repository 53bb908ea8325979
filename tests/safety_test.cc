// Nothing lost, nothing corrupted: ingest killed with SIGKILL at many moments and run again,
// searches and exports while an ingest writes, two ingests at once.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "test_util.h"

namespace fs = std::filesystem;
using protokoll::testing::Q;
using protokoll::testing::Run;
using protokoll::testing::Sh;

namespace {

Run Cli(const std::string& args) { return Sh(Q(PROTOKOLL_BINARY) + " " + args + " 2>/dev/null"); }

// Ingest is two processes (pipeline/supervisor.h): the writer is a child of the one killed, and
// dies by PR_SET_PDEATHSIG an instant after it. This process adopts such orphans (a subreaper)
// and waits for them, so what is checked next is the catalogue as they left it; true when every
// one ended within 10 s.
bool OrphansEnded() {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    int status = 0;
    pid_t p = waitpid(-1, &status, WNOHANG);
    if (p < 0) return true;  // no child left
    if (p == 0) {
      if (std::chrono::steady_clock::now() > until) return false;
      usleep(2000);
    }
  }
}

void RemoveDb(const std::string& db) {
  for (const char* s : {"", "-wal", "-shm"}) fs::remove(db + s);
}

// A folder of distinct protocols: many small files so that a kill lands between, and inside,
// document transactions.
fs::path MakeInputs(const std::string& name, int files) {
  fs::path dir = fs::path(PROTOKOLL_TEST_TMP) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (int f = 0; f < files; ++f) {
    std::ofstream out(dir / ("ks-2019-" + std::to_string(1000 + f) + ".txt"));
    out << "KOMMUNSTYRELSEN\nSammanträdesdatum 2019-0" << (f % 9 + 1) << "-1" << (f % 9) << "\n\n";
    for (int p = 0; p < 4; ++p) {
      int n = f * 4 + p + 1;
      out << "Ks § " << n << "\n\nDnr KS 2019/" << (100 + n) << "\n\nÄrende nummer " << n
          << " om skolskjuts och förskola\n\nBeslut\n\nKommunstyrelsen beslutar att bevilja "
          << (n * 1000) << " kronor per år till projekt " << n << ".\n\n";
    }
  }
  return dir;
}

// Everything a catalogue says about its items, in a stable order.
std::string Snapshot(const std::string& db) {
  return Sh("sqlite3 " + Q(db) + " \"SELECT id, record FROM items ORDER BY id\"").out;
}

void CheckConsistent(const std::string& db) {
  CHECK(Sh("sqlite3 " + Q(db) + " 'PRAGMA integrity_check'").out == "ok\n");
  // Killed before the schema was committed: an empty catalogue, which is consistent.
  if (Sh("sqlite3 " + Q(db) + " \"SELECT count(*) FROM sqlite_master WHERE name = 'documents'\"").out == "0\n")
    return;
  // No document half-stored: each has all its pages and items (4 per file here).
  CHECK(Sh("sqlite3 " + Q(db) +
           " \"SELECT count(*) FROM documents d WHERE d.pages != (SELECT count(*) FROM pages p "
           "WHERE p.document_id = d.id) OR (SELECT count(*) FROM items i WHERE i.document_id = d.id) != 4\"")
            .out == "0\n");
  CHECK(Sh("sqlite3 " + Q(db) + " \"SELECT count(*) - count(DISTINCT sha256) FROM documents\"").out == "0\n");
  CHECK(Sh("sqlite3 " + Q(db) + " \"INSERT INTO items_fts(items_fts) VALUES('integrity-check')\"").code == 0);
}

}  // namespace

TEST_CASE("ingest killed with SIGKILL at 24 moments: every re-run completes the same catalogue") {
  fs::path inputs = MakeInputs("kill-inputs", 120);
  std::string reference = (fs::path(PROTOKOLL_TEST_TMP) / "kill-reference.sqlite").string();
  RemoveDb(reference);
  auto t0 = std::chrono::steady_clock::now();
  REQUIRE(Cli("ingest -q --jobs 2 --db " + Q(reference) + " " + Q(inputs.string())).code == 0);
  double full_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  const std::string want = Snapshot(reference);
  REQUIRE(!want.empty());
  const int kKills = 24;
  int killed_midway = 0;
  REQUIRE(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
  for (int k = 0; k < kKills; ++k) {
    std::string db = (fs::path(PROTOKOLL_TEST_TMP) / "kill.sqlite").string();
    RemoveDb(db);
    // Kill moments spread over the whole run, from start-up to the last commits; a run that
    // finished before its moment (a loaded machine is slower or faster) is killed again earlier.
    int delay_us = static_cast<int>(full_ms * 1000 * (k + 0.5) / kKills);
    for (int attempt = 0; attempt < 6; ++attempt, delay_us /= 2) {
      RemoveDb(db);
      pid_t pid = fork();
      REQUIRE(pid >= 0);
      if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 2);
        execl(PROTOKOLL_BINARY, PROTOKOLL_BINARY, "ingest", "-q", "--jobs", "2", "--db", db.c_str(),
              inputs.c_str(), static_cast<char*>(nullptr));
        _exit(127);
      }
      usleep(static_cast<useconds_t>(delay_us));
      kill(pid, SIGKILL);
      int status = 0;
      waitpid(pid, &status, 0);
      CHECK(OrphansEnded());
      if (WIFSIGNALED(status)) {
        ++killed_midway;
        break;
      }
    }
    CAPTURE(k);
    if (fs::exists(db)) CheckConsistent(db);
    REQUIRE(Cli("ingest -q --jobs 2 --db " + Q(db) + " " + Q(inputs.string())).code == 0);
    CheckConsistent(db);
    CHECK(Snapshot(db) == want);
  }
  MESSAGE(killed_midway << " of " << kKills << " runs were killed before they finished");
  CHECK(killed_midway >= 20);
}

TEST_CASE("searches and exports while an ingest writes, a second ingest at the same time") {
  fs::path inputs = MakeInputs("concurrent-inputs", 600);
  std::string db = (fs::path(PROTOKOLL_TEST_TMP) / "concurrent.sqlite").string();
  RemoveDb(db);
  REQUIRE(Cli("ingest -q --db " + Q(db) + " " + Q((inputs / "ks-2019-1000.txt").string())).code == 0);
  std::string err = (fs::path(PROTOKOLL_TEST_TMP) / "concurrent.err").string();
  std::string ingest = Q(PROTOKOLL_BINARY) + " ingest -q --jobs 2 --db " + Q(db) + " " + Q(inputs.string());
  // Two ingests of the same folder at once, in the background.
  std::string both = "(" + ingest + " 2>>" + Q(err) + "; echo a=$? >>" + Q(err) + ") & (" + ingest + " 2>>" +
                     Q(err) + "; echo b=$? >>" + Q(err) + ") & wait";
  fs::remove(err);
  std::thread writer([&] { Sh(both); });
  int reads = 0, failed = 0;
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < until) {
    Run s = Cli("search --db " + Q(db) + " skolskjuts --limit 5");
    Run e = Cli("export --db " + Q(db) + " --since 0");
    failed += (s.code == 2) + (e.code == 2);
    reads += 2;
    std::ifstream in(err);
    std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (log.find("a=") != std::string::npos && log.find("b=") != std::string::npos) break;
  }
  writer.join();
  std::ifstream in(err);
  std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CAPTURE(log);
  MESSAGE(reads << " searches and exports during the ingests");
  CHECK(failed == 0);
  CHECK(log.find("a=0") != std::string::npos);
  CHECK(log.find("b=0") != std::string::npos);
  CHECK(log.find("locked") == std::string::npos);
  CheckConsistent(db);
  CHECK(Sh("sqlite3 " + Q(db) + " 'SELECT count(*) FROM documents'").out == "600\n");
}

// Issue 22: merge replaces what an earlier merge took when a shard was re-run. Killed at any
// moment, a merge leaves the catalogue as it was before a shard or after it, and a re-run ends
// where an uninterrupted merge ends.
TEST_CASE("merge killed with SIGKILL at 16 moments, re-run shards included: every re-run ends as one merge") {
  fs::path inputs = MakeInputs("kill-merge-inputs", 120);
  const fs::path tmp = PROTOKOLL_TEST_TMP;
  const std::string a = (tmp / "kill-merge-a.sqlite").string(), b = (tmp / "kill-merge-b.sqlite").string(),
                    base = (tmp / "kill-merge-base.sqlite").string(), reference = (tmp / "kill-merge-ref.sqlite").string();
  for (const std::string& db : {a, b, base, reference}) RemoveDb(db);
  REQUIRE(Cli("ingest -q --shard 0/2 --db " + Q(a) + " " + Q(inputs.string())).code == 0);
  REQUIRE(Cli("ingest -q --shard 1/2 --db " + Q(b) + " " + Q(inputs.string())).code == 0);
  // The catalogue has shard a's first run; a is then re-run (every document a new generation).
  REQUIRE(Cli("merge --db " + Q(base) + " " + Q(a)).code == 0);
  REQUIRE(Cli("ingest -q --reextract --municipality 'Kumla kommun' --shard 0/2 --db " + Q(a) + " " + Q(inputs.string())).code == 0);
  const std::string before = Snapshot(base);
  fs::copy_file(base, reference);
  auto t0 = std::chrono::steady_clock::now();
  REQUIRE(Cli("merge --db " + Q(reference) + " " + Q(a) + " " + Q(b)).code == 0);
  const double full_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  const std::string want = Snapshot(reference);
  REQUIRE(want.find("Kumla kommun") != std::string::npos);
  std::string after_a;  // merged a alone
  {
    const std::string db = (tmp / "kill-merge-a-only.sqlite").string();
    RemoveDb(db);
    fs::copy_file(base, db);
    REQUIRE(Cli("merge --db " + Q(db) + " " + Q(a)).code == 0);
    after_a = Snapshot(db);
  }
  const int kKills = 16;
  int killed_midway = 0;
  for (int k = 0; k < kKills; ++k) {
    const std::string db = (tmp / "kill-merge.sqlite").string();
    int delay_us = static_cast<int>(full_ms * 1000 * (k + 0.5) / kKills);
    for (int attempt = 0; attempt < 6; ++attempt, delay_us /= 2) {
      RemoveDb(db);
      fs::copy_file(base, db);
      pid_t pid = fork();
      REQUIRE(pid >= 0);
      if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 2);
        execl(PROTOKOLL_BINARY, PROTOKOLL_BINARY, "merge", "--db", db.c_str(), a.c_str(), b.c_str(), static_cast<char*>(nullptr));
        _exit(127);
      }
      usleep(static_cast<useconds_t>(delay_us));
      kill(pid, SIGKILL);
      int status = 0;
      waitpid(pid, &status, 0);
      if (WIFSIGNALED(status)) {
        ++killed_midway;
        break;
      }
    }
    CAPTURE(k);
    CheckConsistent(db);
    const std::string now = Snapshot(db);
    CHECK((now == before || now == after_a || now == want));  // a whole shard or none of it
    REQUIRE(Cli("merge --db " + Q(db) + " " + Q(a) + " " + Q(b)).code == 0);
    CheckConsistent(db);
    CHECK(Snapshot(db) == want);
  }
  MESSAGE(killed_midway << " of " << kKills << " merges were killed before they finished");
  CHECK(killed_midway >= 12);
}
