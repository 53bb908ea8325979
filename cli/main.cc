// protokoll: the command line. Parses arguments and glues the libraries; stdout carries data
// only, messages go to stderr. Exit codes: 0 success, 1 nothing found, 2 error.
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <cmath>
#include <mutex>
#include <set>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "catalogue/catalogue.h"
#include "cli/eval.h"
#include "extractors/amounts.h"
#include "extractors/text.h"
#include "pipeline/ingest.h"
#include "pipeline/plan.h"
#include "pipeline/searchable_pdf.h"
#include "pipeline/supervisor.h"
#include "web/app.h"

namespace {

using protokoll::Status;
using protokoll::catalogue::Catalogue;
using Json = nlohmann::ordered_json;

constexpr int kOk = 0, kNothing = 1, kError = 2;

std::string DefaultDb() {
  const char* env = std::getenv("PROTOKOLL_DB");
  return env && *env ? env : "protokoll.sqlite";
}

void Message(const std::string& m) { std::cerr << m << '\n'; }

// Only ingest and merge make a catalogue; every other command opens one that is there, so a
// mistyped --db is an error, not a new empty catalogue that answers nothing.
std::optional<Catalogue> OpenCatalogue(const std::string& path, bool create = false) {
  std::error_code ec;
  if (!create && !std::filesystem::exists(path, ec)) {
    Message("protokoll: " + path + ": catalogue: no catalogue here (only ingest and merge make one; check --db)");
    return std::nullopt;
  }
  auto c = Catalogue::Open(path);
  if (!c.ok()) {
    Message(c.status().ToString());
    return std::nullopt;
  }
  return std::move(c.value());
}

struct IngestArgs {
  std::vector<std::string> paths;
  int jobs = 0;
  std::string ocr = "auto", password, sign = "reread";
  bool verbose = false, retry = false, progress = false, quiet = false, reextract = false;
  std::string shard;  // "I/N": this task's share of the inputs
  std::string manifest;  // the files, from `protokoll plan`, instead of walking PATHs
  std::string municipality;  // every file's municipality, over folder files and heads
  double page_timeout = 120;
  double file_timeout = -1;  // < 0: page_timeout + 180 s
  bool in_process = false;   // no supervisor: a library's crash ends the batch (for a debugger)
};

// "12/40 documents · 37/120 pages · 14.2 pages/min · ETA 5:38 · samples/x.pdf"
std::string ProgressLine(protokoll::pipeline::IngestProgress& p,
                         std::chrono::steady_clock::time_point start) {
  double minutes = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / 60;
  int pd = p.pages_done, pt = p.pages_total;
  char buf[160];
  std::snprintf(buf, sizeof buf, "%d/%d documents", p.documents_done.load(), p.documents_total.load());
  std::string line = buf;
  if (pt > 0) {
    double rate = minutes > 0 ? pd / minutes : 0;
    std::snprintf(buf, sizeof buf, " · %d/%d OCR pages · %.1f pages/min", pd, pt, rate);
    line += buf;
    if (rate > 0 && pd < pt) {
      int eta = static_cast<int>((pt - pd) / rate * 60);
      std::snprintf(buf, sizeof buf, " · ETA %d:%02d", eta / 60, eta % 60);
      line += buf;
    }
  }
  std::lock_guard<std::mutex> lock(p.mu);
  if (!p.current.empty()) line += " · " + p.current;
  if (line.size() > 150) line = line.substr(0, 147) + "...";
  return line;
}

int RunIngest(const std::string& db, const IngestArgs& a) {
  auto cat = OpenCatalogue(db, true);
  if (!cat) return kError;
  const std::vector<std::string>& paths = a.paths;
  const bool retry = a.retry;
  std::set<std::string> retry_paths;  // stored documents with pages to read again
  std::vector<std::string> inputs = paths;
  if (retry) {
    auto f = cat->Failures();
    if (!f.ok()) {
      Message(f.status().ToString());
      return kError;
    }
    for (const auto& failure : *f) inputs.push_back(failure.file);
    auto pf = cat->PageFailures();
    if (pf.ok()) {
      for (const auto& p : *pf) {
        // How a long text was cut into parts is a note, not a failure: reading it again cuts it the same.
        if (p.stage == "parts") continue;
        if (retry_paths.insert(p.file).second) inputs.push_back(p.file);
      }
    }
  }
  if (!a.manifest.empty() && !paths.empty()) {
    Message("protokoll: ingest: --manifest names the files: give no PATH with it");
    return kError;
  }
  if (inputs.empty() && a.manifest.empty()) {
    Message("protokoll: ingest: no files given (and nothing to retry)");
    return retry ? kOk : kError;
  }
  namespace pl = protokoll::pipeline;
  pl::IngestOptions o;
  o.jobs = a.jobs;
  o.password = a.password;
  // Plain per-file lines when stderr is not a terminal (a log), unless --quiet.
  o.verbose = a.verbose || (!a.quiet && !a.progress && !isatty(STDERR_FILENO));
  o.db_path = db;
  o.reprocess = retry_paths;
  o.reextract = a.reextract;
  o.municipality = a.municipality;
  o.ocr = a.ocr == "always" ? pl::OcrMode::kAlways : a.ocr == "never" ? pl::OcrMode::kNever : pl::OcrMode::kAuto;
  o.page_timeout_ms = static_cast<int>(a.page_timeout * 1000);
  o.sign_from_numbering = a.sign != "raw";
  o.sign_mode = a.sign == "none" || a.sign == "raw" ? pl::ParagraphSignMode::kNone
                : a.sign == "swe+eng" ? pl::ParagraphSignMode::kSweEng
                                      : pl::ParagraphSignMode::kRereadLines;
  // A shard takes its share of the files found under the PATHs; files to retry are its own.
  int shard_i = 0, shard_n = 1;
  if (!a.shard.empty()) {
    size_t slash = a.shard.find('/');
    try {
      if (slash == std::string::npos) throw std::invalid_argument(a.shard);
      shard_i = std::stoi(a.shard.substr(0, slash));
      shard_n = std::stoi(a.shard.substr(slash + 1));
    } catch (const std::exception&) {
      shard_n = 0;
    }
    if (shard_n < 1 || shard_i < 0 || shard_i >= shard_n) {
      Message("protokoll: ingest: --shard takes I/N with 0 <= I < N, not '" + a.shard + "'");
      return kError;
    }
  }
  std::vector<pl::InputFile> files;
  if (!a.manifest.empty()) {
    // The slice of a manifest made once by `plan`: no walk of the archive, balanced by cost.
    auto m = pl::ReadManifest(a.manifest);
    if (!m.ok()) {
      Message(m.status().ToString());
      return kError;
    }
    files = pl::ManifestShard(*m, shard_i, shard_n);
  } else {
    for (pl::InputFile& f : pl::CollectInputs(paths, db))
      if (pl::InShard(f, shard_i, shard_n)) files.push_back(std::move(f));
  }
  if (inputs.size() > paths.size()) {
    std::vector<std::string> retries(inputs.begin() + static_cast<long>(paths.size()), inputs.end());
    for (pl::InputFile& f : pl::CollectInputs(retries, db)) files.push_back(std::move(f));
  }
  // A live line on a terminal (or with --progress); messages clear it first.
  const bool live = !a.quiet && (a.progress || isatty(STDERR_FILENO));
  pl::IngestProgress progress;
  const auto start = std::chrono::steady_clock::now();
  bool drawn = false;
  // Supervised, the line is drawn by the child: this process cannot know whether one is there.
  auto clear = [&] {
    if (drawn || live) std::cerr << "\r\033[K";
    drawn = false;
  };
  auto message = [&](const std::string& m) {
    clear();
    Message(m);
  };
  auto tick = [&] {
    if (!live) return;
    std::cerr << "\r\033[K" << ProgressLine(progress, start) << std::flush;
    drawn = true;
  };
  pl::IngestReport r;
  int interrupted = 0;
  if (a.in_process) {
    r = pl::Ingest(*cat, files, o, message, &progress, tick);
  } else {
    // The engines live in a child process, this one watches it (pipeline/supervisor.h); the
    // catalogue, made and migrated above, is closed before the fork.
    cat.reset();
    pl::SuperviseOptions so;
    so.file_timeout_s = a.file_timeout >= 0 ? a.file_timeout : a.page_timeout + 180;
    auto sr = pl::SupervisedIngest(db, files, o, so, message, &progress, tick);
    r = sr.report;
    interrupted = sr.interrupted;
  }
  clear();
  if (interrupted) {
    Message("protokoll: ingest: stopped by " + pl::SignalName(interrupted) +
            "; what was stored is kept: the same ingest again goes on from there");
  }
  Message("protokoll: " + std::to_string(r.files) + " files: " + std::to_string(r.ingested) +
          " ingested (" + std::to_string(r.items) + " § items), " + std::to_string(r.unchanged) +
          " unchanged, " + (r.duplicates ? std::to_string(r.duplicates) + (r.duplicates == 1 ? " duplicate, " : " duplicates, ") : "") +
          std::to_string(r.failed) + " failed");
  if (interrupted) {
    // Ended as the signal would have ended it, so the shell and scripts see what happened.
    std::signal(interrupted, SIG_DFL);
    std::raise(interrupted);
  }
  return r.failed ? kError : kOk;
}

// The archive walked once into a manifest (pipeline/plan.h); a summary on stderr, and with
// --shards N the expected cost of the busiest of N tasks against the mean.
int RunPlan(const std::string& out, const std::vector<std::string>& paths, int jobs, const std::string& password,
            int shards) {
  namespace pl = protokoll::pipeline;
  pl::PlanOptions o;
  o.jobs = jobs > 0 ? jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  o.password = password;
  o.exclude = out;
  std::vector<pl::PlanEntry> entries = pl::Plan(paths, o);
  Status st = pl::WriteManifest(out, entries);
  if (!st.ok()) {
    Message(st.ToString());
    return kError;
  }
  long long pages = 0, ocr = 0, cost = 0, errors = 0;
  for (const pl::PlanEntry& e : entries) {
    pages += e.pages;
    ocr += e.ocr_pages;
    cost += e.cost_ms;
    if (e.kind == "error") {
      ++errors;
      // Listed all the same: the task that takes it records the failure, as ingest would.
      Message(Status::Error("walk", e.error + " (in the manifest: recorded as a failure at ingest)", e.path).ToString());
    }
  }
  char buf[256];
  // Core-hours for an archive, core-seconds for a folder.
  auto work = [](long long ms) {
    char w[64];
    if (ms >= 3600000) std::snprintf(w, sizeof w, "%.2f core-hours", ms / 3.6e6);
    else std::snprintf(w, sizeof w, "%.1f core-seconds", ms / 1e3);
    return std::string(w);
  };
  std::snprintf(buf, sizeof buf, "protokoll: plan: %zu files, %lld pages (%lld to OCR), %s expected%s", entries.size(),
                pages, ocr, work(cost).c_str(),
                errors ? (", " + std::to_string(errors) + " the walk could not take").c_str() : "");
  Message(buf);
  if (shards > 1 && cost > 0) {
    std::vector<long long> load(static_cast<size_t>(shards), 0);
    std::vector<int> of = pl::AssignShards(entries, shards);
    for (size_t i = 0; i < entries.size(); ++i) load[static_cast<size_t>(of[i])] += entries[i].cost_ms;
    const double mean = static_cast<double>(cost) / shards;
    const long long most = *std::max_element(load.begin(), load.end());
    std::snprintf(buf, sizeof buf, "protokoll: plan: %d shards: the busiest %s, %.3f× the mean", shards,
                  work(most).c_str(), most / mean);
    Message(buf);
  }
  return entries.empty() ? kError : kOk;
}

int RunSearch(const std::string& db, const protokoll::catalogue::SearchOptions& so, bool json) {
  auto cat = OpenCatalogue(db);
  if (!cat) return kError;
  // The lists file beside a large catalogue (`protokoll index`): mapped, it answers as the
  // catalogue itself would, without reading the filter columns and the common words' matches.
  if (auto mapped = cat->UseListsFile(); !mapped.ok())
    Message("protokoll: search: warning: " + mapped.status().ToString() + "; searching without it");
  else if (std::error_code ec; !*mapped && std::filesystem::exists(db + ".lists", ec))
    Message("protokoll: search: note: " + db + ".lists belongs to an earlier state of the catalogue and is not used "
            "(protokoll index writes it again)");
  protokoll::catalogue::SearchStats stats;
  auto hits = cat->Search(so, &stats);
  if (!hits.ok()) {
    Message(hits.status().ToString());
    return kError;
  }
  if (stats.window_full)
    Message("protokoll: search: very many matches: the " + std::to_string(so.rank_window) +
            " of the newest meetings were ranked (add words or filters, or --rank-all)");
  for (const auto& h : *hits) {
    if (json) {
      Json j;
      j["id"] = h.id;
      j["paragraph"] = h.paragraph;
      j["paragraph_label"] = h.paragraph_label;
      j["document"] = {{"path", h.path}, {"sha256", h.sha256}};
      j["page_start"] = h.page_start;
      j["body"] = h.body.empty() ? Json(nullptr) : Json(h.body);
      j["meeting_date"] = h.meeting_date.empty() ? Json(nullptr) : Json(h.meeting_date);
      j["municipality"] = h.municipality.empty() ? Json(nullptr) : Json(h.municipality);
      j["title"] = h.title;
      j["snippet"] = h.snippet;
      j["score"] = h.score;
      std::cout << j.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
    } else {
      std::cout << h.paragraph_label << "  " << (h.body.empty() ? "-" : h.body) << "  "
                << (h.meeting_date.empty() ? "-" : h.meeting_date) << "  " << h.title << '\n'
                << "    " << h.snippet << '\n'
                << "    " << (h.municipality.empty() ? "" : h.municipality + ", ") << h.path << ", page " << h.page_start
                << (h.page_end != h.page_start ? "–" + std::to_string(h.page_end) : "")
                << "  [" << h.id << "]\n";
    }
  }
  return hits->empty() ? kNothing : kOk;
}

void PrintRecord(const std::string& record) {
  Json r = Json::parse(record, nullptr, false);
  if (r.is_discarded()) {
    std::cout << record << '\n';
    return;
  }
  auto str = [](const Json& v) { return v.is_null() ? std::string("-") : v.is_string() ? v.get<std::string>() : v.dump(); };
  std::cout << str(r["paragraph_label"]) << "  " << str(r["title"]) << '\n';
  std::cout << "  id:            " << str(r["id"]) << '\n';
  std::cout << "  body:          " << str(r["body"]) << '\n';
  std::cout << "  meeting date:  " << str(r["meeting_date"]) << '\n';
  std::cout << "  municipality:  " << (r.contains("municipality") ? str(r["municipality"]) : std::string("-")) << '\n';
  std::cout << "  document:      " << str(r["document"]["path"]) << " (" << str(r["document"]["pages"])
            << " pages, sha256 " << str(r["document"]["sha256"]).substr(0, 16) << "…)\n";
  std::cout << "  pages:         " << str(r["page_start"]) << "–" << str(r["page_end"]) << '\n';
  std::cout << "  source:        " << str(r["source"]);
  if (!r["ocr_confidence"].is_null()) std::cout << " (OCR confidence " << str(r["ocr_confidence"]) << ")";
  std::cout << '\n';
  for (const auto& d : r["diarienummer"])
    std::cout << "  diarienummer:  " << str(d["normalized"]) << "  (" << str(d["raw"]) << ", page "
              << str(d["page"]) << ")\n";
  for (const auto& a : r["amounts"])
    std::cout << "  amount:        " << str(a["sek"]) << " kr" << (a["period"].is_null() ? "" : " per " + str(a["period"]))
              << "  (" << str(a["raw"]) << ", page " << str(a["page"]) << ")\n";
  std::string dates, years;
  for (const auto& d : r["dates"]) dates += (dates.empty() ? "" : ", ") + str(d);
  for (const auto& y : r["years"]) years += (years.empty() ? "" : ", ") + str(y);
  std::cout << "  dates:         " << (dates.empty() ? "-" : dates) << '\n';
  std::cout << "  years:         " << (years.empty() ? "-" : years) << '\n';
  std::string decision = str(r["decision"]);
  for (size_t p = decision.find('\n'); p != std::string::npos; p = decision.find('\n', p + 1))
    decision.insert(p + 1, 17, ' ');
  std::cout << "  decision:      " << decision << "\n";
  // Who decided, and how.
  auto who = [&](const Json& p) {
    std::string s = p.contains("name") && !p["name"].is_null() ? p["name"].get<std::string>() : std::string();
    if (p.contains("party") && !p["party"].is_null()) s += (s.empty() ? "" : " ") + ("(" + p["party"].get<std::string>() + ")");
    return s.empty() ? std::string("-") : s;
  };
  auto page = [&](const Json& p) { return p.contains("page") && !p["page"].is_null() ? ", page " + str(p["page"]) : std::string(); };
  if (r.contains("chair") && !r["chair"].is_null()) std::cout << "  chair:         " << who(r["chair"]) << '\n';
  if (r.contains("secretary") && !r["secretary"].is_null()) std::cout << "  secretary:     " << who(r["secretary"]) << '\n';
  if (r.contains("adjusters") && !r["adjusters"].empty()) {
    std::string a;
    for (const auto& p : r["adjusters"]) a += (a.empty() ? "" : ", ") + who(p);
    std::cout << "  adjusters:     " << a << '\n';
  }
  if (r.contains("present") && !r["present"].empty()) {
    std::cout << "  present:       " << r["present"].size() << " named\n";
    for (const auto& p : r["present"])
      std::cout << "    " << who(p) << (p["role"].is_null() ? "" : ", " + str(p["role"])) << page(p) << '\n';
  }
  if (r.contains("motions"))
    for (const auto& m : r["motions"])
      std::cout << "  motion:        " << who(m) << ": " << str(m["kind"]) << (m["supports"].get<bool>() ? " (instämmer)" : "")
                << (m["text"].is_null() ? "" : " — " + str(m["text"])) << page(m) << '\n';
  if (r.contains("vote") && !r["vote"].is_null()) {
    const Json& v = r["vote"];
    std::cout << "  vote:          " << str(v["method"]);
    if (!v["counts"].is_null())
      std::cout << ": " << str(v["counts"]["ja"]) << " ja, " << str(v["counts"]["nej"]) << " nej, " << str(v["counts"]["avstår"])
                << " avstår, " << str(v["counts"]["frånvarande"]) << " frånvarande";
    std::cout << page(v) << '\n';
    if (!v["proposition"].is_null()) std::cout << "    proposition: " << str(v["proposition"]) << '\n';
    for (const auto& c : v["roll_call"]) std::cout << "    " << who(c) << ": " << str(c["vote"]) << '\n';
  }
  if (r.contains("reservations"))
    for (const auto& x : r["reservations"])
      std::cout << "  reservation:   " << who(x) << (x["in_favour_of"].is_null() ? "" : ", till förmån för " + str(x["in_favour_of"]))
                << (x["written"].get<bool>() ? " (skriftlig)" : "") << page(x) << '\n';
  if (r.contains("statements"))
    for (const auto& x : r["statements"])
      std::cout << "  statement:     " << who(x) << (x["written"].get<bool>() ? " (skriftlig)" : "")
                << (x["text"].is_null() ? "" : " — " + str(x["text"])) << page(x) << '\n';
  if (r.contains("conflicts"))
    for (const auto& c : r["conflicts"]) std::cout << "  jäv:           " << who(c) << page(c) << '\n';
  if (r.contains("unanimous") && !r["unanimous"].is_null())
    std::cout << "  unanimous:     " << (r["unanimous"].get<bool>() ? "yes" : "no") << '\n';
  std::cout << '\n';
  std::cout << str(r["text"]) << "\n";
}

int RunShow(const std::string& db, const std::string& key, bool json) {
  auto cat = OpenCatalogue(db);
  if (!cat) return kError;
  auto recs = cat->Show(key);
  if (!recs.ok()) {
    Message(recs.status().ToString());
    return kError;
  }
  if (recs->empty()) {
    Message("protokoll: show: no item with id or diarienummer '" + key + "'");
    return kNothing;
  }
  bool first = true;
  for (const auto& r : *recs) {
    if (json) {
      std::cout << r << '\n';
    } else {
      if (!first) std::cout << "\n";
      PrintRecord(r);
    }
    first = false;
  }
  return kOk;
}

// Votes and reservations per organ and year, as CSV (RFC 4180, UTF-8): what a researcher
// tabulates by hand from the minutes.
int RunStatsVotes(const std::string& db) {
  auto cat = OpenCatalogue(db);
  if (!cat) return kError;
  auto rows = cat->VoteStats();
  if (!rows.ok()) {
    Message(rows.status().ToString());
    return kError;
  }
  std::cout << protokoll::catalogue::VoteStatsCsv(*rows);
  return rows->empty() ? kNothing : kOk;
}

int RunExport(const std::string& db, const std::string& format, const std::string& since) {
  if (format != "jsonl" && format != "csv") {
    Message("protokoll: export: --format must be jsonl or csv");
    return kError;
  }
  long long since_seq = 0;
  std::string since_time;
  if (!since.empty()) {
    bool digits = since.find_first_not_of("0123456789") == std::string::npos;
    if (digits) since_seq = std::stoll(since);
    else if (since.size() >= 10 && since[4] == '-' && since[7] == '-') since_time = since;
    else {
      Message("protokoll: export: --since takes a cursor (a number) or an ISO time, not '" + since + "'");
      return kError;
    }
  }
  auto cat = OpenCatalogue(db);
  if (!cat) return kError;
  auto batch = cat->Export(since_seq, since_time);
  if (!batch.ok()) {
    Message(batch.status().ToString());
    return kError;
  }
  if (format == "jsonl") {
    for (const std::string& id : batch->removed) std::cout << Json{{"id", id}, {"removed", true}}.dump() << '\n';
    for (const std::string& r : batch->records) std::cout << r << '\n';
  } else {
    // UTF-8 with a byte-order mark so that Excel opens å/ä/ö correctly; RFC 4180 quoting.
    std::cout << "\xEF\xBB\xBF" << protokoll::catalogue::ExportCsvHeader();
    for (const std::string& line : batch->records) std::cout << protokoll::catalogue::ExportCsvRow(line);
  }
  std::cout.flush();
  Message("protokoll: export: " + std::to_string(batch->records.size()) + " records, " +
          std::to_string(batch->removed.size()) + " removed; cursor " + std::to_string(batch->cursor) +
          " (next time: --since " + std::to_string(batch->cursor) +
          (batch->time_cursor.empty() ? std::string() : ", or by time: --since " + batch->time_cursor) + ")");
  return kOk;
}

// export --pdf DIR: each document with an OCR'd page as DIR/<first 16 hex digits of its
// SHA-256>.pdf (the id its items and web pages carry; file names of scans repeat across
// folders), one line "PDF<TAB>ORIGINAL" on stdout for each. A document whose file is missing or
// changed is reported by its path and the others go on.
int RunExportPdf(const std::string& db, const std::string& dir) {
  namespace fs = std::filesystem;
  auto cat = OpenCatalogue(db);
  if (!cat) return kError;
  auto docs = cat->ScannedDocuments();
  if (!docs.ok()) {
    Message(docs.status().ToString());
    return kError;
  }
  if (docs->empty()) {
    Message("protokoll: export: no scanned documents in the catalogue (no OCR'd page)");
    return kNothing;
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    Message("protokoll: " + dir + ": export: cannot make the folder" + (ec ? ": " + ec.message() : std::string()));
    return kError;
  }
  const protokoll::pipeline::SearchablePdfOptions o;  // ingest renders PDF pages at 300 dpi
  int written = 0, failed = 0;
  long long pages = 0, words = 0, kept = 0;
  for (const std::string& sha : *docs) {
    auto layer = cat->DocumentTextLayer(sha);
    if (!layer.ok() || !*layer) {
      Message(layer.ok() ? "protokoll: " + sha + ": export: gone from the catalogue" : layer.status().ToString());
      ++failed;
      continue;
    }
    const auto& l = **layer;
    auto bytes = protokoll::pipeline::ReadOriginal(l.path, l.sha256);
    if (!bytes.ok()) {
      Message(bytes.status().ToString());
      ++failed;
      continue;
    }
    protokoll::pipeline::SearchablePdfStats st;
    auto pdf = protokoll::pipeline::MakeSearchablePdf(*bytes, l, o, &st);
    if (!pdf.ok()) {
      Message(pdf.status().WithPath(l.path).ToString());
      ++failed;
      continue;
    }
    // Written beside and renamed: a reader never sees half a file, a failure leaves no debris.
    const fs::path out = fs::path(dir) / (l.sha256.substr(0, 16) + ".pdf");
    const fs::path tmp = fs::path(dir) / ("." + l.sha256.substr(0, 16) + ".pdf.part");
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      f.write(pdf->data(), static_cast<std::streamsize>(pdf->size()));
      f.close();
      if (!f) {
        fs::remove(tmp, ec);
        Message("protokoll: " + out.string() + ": export: cannot write the file");
        ++failed;
        continue;
      }
    }
    fs::rename(tmp, out, ec);
    if (ec) {
      fs::remove(tmp, ec);
      Message("protokoll: " + out.string() + ": export: cannot write the file: " + ec.message());
      ++failed;
      continue;
    }
    std::cout << out.string() << '\t' << l.path << '\n';
    ++written;
    pages += st.text_pages;
    words += st.words;
    kept += st.images_kept;
  }
  std::cout.flush();
  Message("protokoll: export: " + std::to_string(written) + (written == 1 ? " searchable PDF in " : " searchable PDFs in ") + dir + " (" +
          std::to_string(pages) + " pages given a text layer, " + std::to_string(words) + " words; " + std::to_string(kept) +
          " page images of image files kept as they were), " + std::to_string(failed) + " failed");
  return failed > 0 ? kError : kOk;
}

int RunFailures(const std::string& db, bool json) {
  auto cat = OpenCatalogue(db);
  if (!cat) return kError;
  auto f = cat->Failures();
  if (!f.ok()) {
    Message(f.status().ToString());
    return kError;
  }
  for (const auto& x : *f) {
    if (json)
      std::cout << Json{{"path", x.path}, {"stage", x.stage}, {"reason", x.reason},
                        {"failed_at", x.failed_at}, {"attempts", x.attempts}}.dump() << '\n';
    else
      std::cout << x.path << ": " << x.stage << ": " << x.reason << "  (" << x.failed_at << ", "
                << x.attempts << (x.attempts == 1 ? " attempt)" : " attempts)") << '\n';
  }
  auto pf = cat->PageFailures();
  if (!pf.ok()) {
    Message(pf.status().ToString());
    return kError;
  }
  for (const auto& p : *pf) {
    if (json)
      std::cout << Json{{"path", p.path}, {"page", p.page}, {"stage", p.stage}, {"reason", p.reason}}.dump() << '\n';
    else
      std::cout << p.path << ": page " << p.page << ": " << p.stage << ": " << p.reason << '\n';
  }
  return f->empty() && pf->empty() ? kNothing : kOk;
}

// Shard catalogues of a cluster job into one: a few shards to a transaction, so a killed merge
// is run again and goes on where it stopped.
// The lists file's defaults: the words in at least 10,000 items (a rarer word's FTS5 doclist is
// read in about a millisecond), up to 1 GB.
constexpr long long kListsMinItems = 10000, kListsMemoryMb = 1024;

// The lists file (catalogue/mapped.h): the filter columns and the common words' match lists
// (those in at least `min_items` items, up to `memory_mb`), read and written beside the catalogue.
int WriteLists(Catalogue& cat, const std::string& db, long long min_items, long long memory_mb) {
  auto held = cat.KeepFilterColumns();
  if (!held.ok()) {
    Message("protokoll: " + db + ": index: " + held.status().message());
    return kError;
  }
  auto warm = cat.WarmTermIndex(min_items, static_cast<size_t>(memory_mb) << 20, false);
  if (!warm.ok()) {
    Message("protokoll: " + db + ": index: " + warm.status().message());
    return kError;
  }
  auto written = cat.WriteListsFile();
  if (!written.ok()) {
    Message(written.status().ToString());
    return kError;
  }
  Message("protokoll: index: " + written->path + ": " + std::to_string(written->items) + " items, lists of " +
          std::to_string(written->terms) + " words (" + std::to_string(warm->postings) + " matches), " +
          std::to_string(written->bytes >> 20) + " MB, in " +
          std::to_string(static_cast<long long>(warm->ms + written->ms)) + " ms");
  return kOk;
}

int RunIndex(const std::string& db, long long min_items, long long memory_mb) {
  auto cat = OpenCatalogue(db);
  if (!cat) return kError;
  return WriteLists(*cat, db, min_items, memory_mb);
}

int RunMerge(const std::string& db, const std::vector<std::string>& shards) {
  auto cat = OpenCatalogue(db, true);
  if (!cat) return kError;
  int failed = 0;
  long long docs = 0, items = 0;
  std::vector<std::string> todo;
  for (const std::string& shard : shards) {
    std::error_code ec;
    if (std::filesystem::equivalent(shard, db, ec)) {
      Message("protokoll: " + shard + ": merge: that is the catalogue merged into");
      ++failed;
      continue;
    }
    todo.push_back(shard);
  }
  auto results = cat->MergeAll(todo);
  for (size_t i = 0; i < todo.size(); ++i) {
    const std::string& shard = todo[i];
    const auto& r = results[i];
    if (!r.ok()) {
      Message("protokoll: " + shard + ": merge: " + r.status().message());
      ++failed;
      continue;
    }
    docs += r->documents;
    items += r->items;
    Message("protokoll: " + shard + ": " + std::to_string(r->documents) + " documents (" + std::to_string(r->items) +
            " § items) merged, " + std::to_string(r->skipped) + " already there" +
            (r->replaced ? ", " + std::to_string(r->replaced) + " replaced" : std::string()) +
            (r->failures ? ", " + std::to_string(r->failures) + " failures recorded" : std::string()));
  }
  Message("protokoll: merge: " + std::to_string(shards.size()) + " shards, " + std::to_string(docs) + " documents, " +
          std::to_string(items) + " § items" + (failed ? ", " + std::to_string(failed) + " shards failed" : ""));
  return failed ? kError : kOk;
}

// The web pages and the JSON API. Edits only with a token read from a file (never from the
// command line, where other users could see it in the process list).
int RunServe(const std::string& db, const std::string& token_file, const std::string& editors_file,
             protokoll::web::ServeOptions o) {
  o.app.db = db;
  if (!editors_file.empty()) {
    // One line per editor, "name:<hex SHA-256 of the token>" ('#' comments); readable by its
    // owner only, as ssh keeps keys.
    struct stat st {};
    if (::stat(editors_file.c_str(), &st) != 0) {
      Message("protokoll: " + editors_file + ": serve: the editors file cannot be read");
      return kError;
    }
    if ((st.st_mode & 077) != 0) {
      Message("protokoll: " + editors_file + ": serve: the editors file must be readable by its owner only (chmod 600)");
      return kError;
    }
    std::ifstream in(editors_file);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      std::string t(protokoll::extractors::Trim(line));
      if (t.empty() || t[0] == '#') continue;
      const size_t colon = t.rfind(':');
      std::string name(protokoll::extractors::Trim(std::string_view(t).substr(0, colon == std::string::npos ? 0 : colon)));
      std::string hash = colon == std::string::npos ? "" : t.substr(colon + 1);
      for (char& c : hash) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (name.empty() || hash.size() != 64 || hash.find_first_not_of("0123456789abcdef") != std::string::npos) {
        Message("protokoll: " + editors_file + ":" + std::to_string(n) +
                ": serve: a line is 'name:<SHA-256 of the token in hex>' (printf %s TOKEN | sha256sum)");
        return kError;
      }
      o.app.editors.push_back({name, hash});
    }
    if (o.app.editors.empty()) {
      Message("protokoll: " + editors_file + ": serve: no editor in the editors file");
      return kError;
    }
  }
  if (!std::filesystem::exists(db)) {
    Message("protokoll: " + db + ": serve: no catalogue here (ingest first, or give --db)");
    return kError;
  }
  if (auto cat = OpenCatalogue(db); !cat) {
    return kError;
  } else {
    cat->PrepareQueryTerms();  // once, before the first request waits for it
    const auto start = std::chrono::steady_clock::now();
    // The lists file, when it is the catalogue's as it is now, gives the columns and the lists at once.
    auto mapped = o.app.term_memory_mb > 0 ? cat->UseListsFile() : protokoll::Result<bool>(false);
    if (!mapped.ok())
      Message("protokoll: serve: warning: " + mapped.status().ToString() + "; reading the catalogue instead");
    else if (*mapped)
      Message("protokoll: serve: filter columns and term lists mapped from " + db + ".lists");
    auto held = cat->KeepFilterColumns();  // likewise the filter columns (catalogue/columns.h)
    if (!held.ok()) {
      Message("protokoll: " + db + ": serve: " + held.status().message());
      return kError;
    }
    Message("protokoll: serve: filter columns of " + std::to_string(*held) + " items in memory (" +
            std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count()) +
            " ms)");
  }
  if (!token_file.empty()) {
    std::ifstream in(token_file);
    std::string token;
    if (!in || !std::getline(in, token)) {
      Message("protokoll: " + token_file + ": serve: the edit token file cannot be read");
      return kError;
    }
    token = std::string(protokoll::extractors::Trim(token));
    if (token.size() < 16) {
      Message("protokoll: " + token_file + ": serve: the edit token must be at least 16 characters");
      return kError;
    }
    o.app.edit_token = token;
  }
  if (!o.app.edit_token.empty() || !o.app.editors.empty()) {
    const std::string host = o.listen.substr(0, o.listen.rfind(':'));
    if (host != "127.0.0.1" && host != "localhost" && host != "[::1]" && host != "::1")
      Message("protokoll: serve: warning: edit tokens on " + o.listen +
              " travel in clear text to anyone on the network; put a TLS proxy in front (README: nginx)");
  }
  // The common words' match lists (catalogue/postings.h), read on a connection of their own
  // while the server answers (from FTS5 until they are read), and read again after each change
  // of the catalogue (looked for every few seconds).
  std::atomic<bool> stop{false};
  std::mutex stop_mu;
  std::condition_variable stop_cv;
  std::thread lists;
  if (o.app.term_memory_mb > 0)
    lists = std::thread([&] {
      auto cat = protokoll::catalogue::Catalogue::Open(db);
      if (!cat.ok()) {
        Message("protokoll: " + db + ": serve: term lists: " + cat.status().message());
        return;
      }
      bool said_unwritable = false;
      while (!stop) {
        auto warm = cat->WarmTermIndex(kListsMinItems, o.app.term_memory_mb << 20, true, &stop);
        if (!warm.ok())
          Message("protokoll: " + db + ": serve: term lists: " + warm.status().message());
        else if (warm->read && !stop) {
          Message("protokoll: serve: term lists of " + std::to_string(warm->terms) + " words (" +
                  std::to_string(warm->postings) + " matches, " + std::to_string(warm->bytes >> 20) + " MB) read in " +
                  std::to_string(static_cast<long long>(warm->ms)) + " ms");
          // Kept in the lists file too, for the command line and the next start (a catalogue
          // too small to have a word in 10,000 items has none; one in a folder the server may
          // not write to keeps none: said once).
          if (warm->terms > 0) {
            auto written = cat->WriteListsFile();
            if (written.ok())
              Message("protokoll: serve: lists file written (" + std::to_string(written->bytes >> 20) + " MB, " +
                      std::to_string(static_cast<long long>(written->ms)) + " ms)");
            else if (!said_unwritable) {
              Message("protokoll: serve: warning: " + written.status().ToString());
              said_unwritable = true;
            }
          }
        }
        std::unique_lock<std::mutex> lock(stop_mu);
        stop_cv.wait_for(lock, std::chrono::seconds(5), [&] { return stop.load(); });
      }
    });
  const int rc = protokoll::web::Serve(o);
  {
    std::lock_guard<std::mutex> lock(stop_mu);
    stop = true;
  }
  stop_cv.notify_all();
  if (lists.joinable()) lists.join();
  return rc;
}

// A correction from the command line: text fields as written, lists separated by ';'.
int RunCorrect(const std::string& db, const std::string& id, const std::string& field, const std::string& value,
               bool as_json, const std::string& author, const std::string& note, bool history) {
  auto cat = OpenCatalogue(db);
  if (!cat) return kError;
  if (!history) {
    Json v;
    if (as_json) {
      v = Json::parse(value, nullptr, false);
      if (v.is_discarded()) {
        Message("protokoll: correct: not JSON: " + value);
        return kError;
      }
    } else if (field == "diarienummer" || field == "dates" || field == "amounts") {
      v = Json::array();
      for (size_t b = 0; b <= value.size();) {
        size_t e = value.find(';', b);
        if (e == std::string::npos) e = value.size();
        std::string part(protokoll::extractors::Trim(std::string_view(value).substr(b, e - b)));
        if (!part.empty()) {
          if (field == "amounts") {
            auto n = protokoll::extractors::ParseSwedishNumber(part);
            if (!n) {
              Message("protokoll: correct: not an amount in kronor: " + part);
              return kError;
            }
            v.push_back(*n);
          } else {
            v.push_back(part);
          }
        }
        b = e + 1;
      }
    } else if (field == "not_an_item") {
      v = value == "true" || value == "ja" || value == "1";
    } else if (value.empty() && (field == "decision" || field == "meeting_date")) {
      v = nullptr;
    } else {
      v = value;
    }
    protokoll::catalogue::Catalogue::Correction c{id, field, v.dump(), author, note, "", 0};
    if (Status s = cat->Correct(c); !s.ok()) {
      Message("protokoll: " + id + ": " + s.stage() + ": " + s.message());
      return kError;
    }
  }
  auto h = cat->Corrections(id);
  if (!h.ok()) {
    Message(h.status().ToString());
    return kError;
  }
  for (const auto& c : *h)
    std::cout << c.created_at << "  " << c.author << "  " << c.field << " = " << c.value_json
              << (c.note.empty() ? "" : "  (" + c.note + ")") << '\n';
  return h->empty() ? kNothing : kOk;
}

// Documents most likely read wrong first, each with its weakest items (file and page), plus the
// files that failed altogether: the archivist's work list.
int RunReview(const std::string& db, bool json, int limit) {
  auto cat = OpenCatalogue(db);
  if (!cat) return kError;
  auto docs = cat->Review(limit, 5);
  if (!docs.ok()) {
    Message(docs.status().ToString());
    return kError;
  }
  auto failed = cat->Failures();
  if (!failed.ok()) {
    Message(failed.status().ToString());
    return kError;
  }
  for (const auto& f : *failed) {
    if (json)
      std::cout << Json{{"path", f.path}, {"score", 0}, {"failed", true}, {"reasons", {f.stage + ": " + f.reason}}}.dump() << '\n';
    else
      std::cout << "0.00  " << f.path << "  (not ingested: " << f.stage << ": " << f.reason << ")\n";
  }
  for (const auto& d : *docs) {
    const auto& q = d.quality;
    std::vector<std::string> reasons;
    for (size_t b = 0, e; b < q.reasons.size(); b = e + 1) {
      e = q.reasons.find('\n', b);
      if (e == std::string::npos) e = q.reasons.size();
      if (e > b) reasons.push_back(q.reasons.substr(b, e - b));
    }
    if (json) {
      Json items = Json::array();
      for (const auto& it : d.items)
        items.push_back({{"id", it.id}, {"label", it.label}, {"title", it.title}, {"page", it.page}, {"problem", it.problem}});
      Json r = {{"path", d.path}, {"score", q.score < 0 ? Json(nullptr) : Json(std::round(q.score * 100) / 100)},
                {"items", q.items}, {"meetings", q.meetings}, {"unsegmented", q.unsegmented},
                {"header_style", q.header_style}, {"numbering_gaps", q.numbering_gaps},
                {"share_title", q.share_title}, {"share_dnr", q.share_dnr},
                {"share_decision", q.share_decision},
                {"ocr_confidence", q.ocr_confidence ? Json(*q.ocr_confidence) : Json(nullptr)},
                {"reasons", reasons}, {"weak_items", items}};
      std::cout << r.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
      continue;
    }
    char score[16];
    std::snprintf(score, sizeof score, "%.2f", q.score < 0 ? 0.0 : q.score);
    std::cout << (q.score < 0 ? " -  " : score) << "  " << d.path << "  (" << q.items << " items, "
              << q.meetings << (q.meetings == 1 ? " meeting" : " meetings") << ", § style: "
              << (q.header_style.empty() ? "-" : q.header_style) << ")\n";
    for (const std::string& r : reasons) std::cout << "      " << r << '\n';
    for (const auto& it : d.items)
      std::cout << "      " << (it.label.empty() ? "" : it.label + ", ") << "page " << it.page << ": "
                << it.problem << (it.title.empty() ? "" : "  — " + it.title.substr(0, 60)) << "  [" << it.id << "]\n";
  }
  return docs->empty() && failed->empty() ? kNothing : kOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"protokoll — Swedish board protocols (sammanträdesprotokoll) into a searchable catalogue"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "protokoll 0.1.0");
  std::string db = DefaultDb();
  auto add_db = [&](CLI::App* sub) {
    sub->add_option("--db", db, "catalogue file (default: $PROTOKOLL_DB or protokoll.sqlite)");
  };

  auto* ingest = app.add_subcommand("ingest", "read files and folders into the catalogue");
  add_db(ingest);
  IngestArgs ia;
  ingest->add_option("PATH", ia.paths, "files or folders (recursive)");
  ingest->add_option("--jobs,-j", ia.jobs, "worker threads (default: number of cores)")->check(CLI::Range(0, 64));
  ingest->add_option("--ocr", ia.ocr, "auto (pages without a usable text layer), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  ingest->add_option("--page-timeout", ia.page_timeout, "seconds of OCR per page before it is given up (default 120)")
      ->check(CLI::Range(0.001, 86400.0));
  ingest->add_option("--file-timeout", ia.file_timeout,
                     "seconds one step of a file (reading it, OCR of a page, storing it) may take before the file "
                     "is given up as hung (default: --page-timeout + 180; 0: no limit)")
      ->check(CLI::Range(0.0, 1e7));
  ingest->add_flag("--in-process", ia.in_process,
                   "no supervisor process: a library crash on one file ends the batch (for a debugger)");
  ingest->add_option("--password", ia.password, "password for encrypted PDFs");
  ingest->add_option("--municipality", ia.municipality,
                     "the municipality (kommun, stad, socken …) of every file given, over what a folder's "
                     ".protokoll-municipality file or a protocol's head says");
  ingest->add_flag("--verbose,-v", ia.verbose, "a line per file, not only failures");
  ingest->add_flag("--progress", ia.progress, "a live progress line even when stderr is not a terminal");
  ingest->add_flag("--quiet,-q", ia.quiet, "no progress line");
  ingest->add_flag("--retry-failed", ia.retry, "also retry every recorded failure");
  ingest->add_option("--shard", ia.shard,
                     "I/N: ingest only this task's share of the files (0-based; with --manifest a split "
                     "by expected cost, else a stable split by path below the folders given; the same on "
                     "every machine)");
  ingest->add_option("--manifest", ia.manifest,
                     "take the files from this manifest (made once by 'protokoll plan') instead of walking "
                     "PATHs; with --shard, this task's slice, balanced by expected cost")
      ->check(CLI::ExistingFile);
  ingest->add_flag("--reextract", ia.reextract,
                   "read files again even when their bytes are stored (after an upgrade; ids and "
                   "corrections stay)");
  ingest->add_option("--sign-mode", ia.sign,
                     "how § is recovered on scans: reread (default: header lines re-read with eng, "
                     "then the numbering), none (the numbering only), swe+eng, raw (no recovery)")
      ->check(CLI::IsMember({"reread", "swe+eng", "none", "raw"}));

  auto* plan = app.add_subcommand("plan", "walk files and folders once into a manifest for ingest --manifest --shard");
  std::string plan_out, plan_password;
  std::vector<std::string> plan_paths;
  int plan_jobs = 0, plan_shards = 0;
  plan->add_option("PATH", plan_paths, "files or folders (recursive), as ingest would take them")->required();
  plan->add_option("--out,-o", plan_out, "the manifest file to write")->required();
  plan->add_option("--jobs,-j", plan_jobs, "threads judging files (default: number of cores)")->check(CLI::Range(0, 64));
  plan->add_option("--password", plan_password, "password for encrypted PDFs (to count their pages)");
  plan->add_option("--shards", plan_shards, "also say how evenly N tasks would share the expected cost")
      ->check(CLI::Range(0, 1000000));

  auto* search = app.add_subcommand("search", "full-text search over § items");
  add_db(search);
  protokoll::catalogue::SearchOptions so;
  bool search_json = false;
  int year = 0;
  std::string years;
  search->add_option("QUERY", so.query, "words; \"a phrase\" in quotes");
  search->add_flag("--json", search_json, "JSON Lines");
  search->add_option("--limit", so.limit, "at most this many hits (default 20)");
  search->add_option("--year", year, "meeting year");
  search->add_option("--years", years, "meeting years Y1..Y2");
  search->add_option("--body", so.body, "organ: any part of its name, e.g. fullmäktige");
  search->add_option("--municipality", so.municipality, "municipality: any part of its name, e.g. Kumla");
  search->add_option("--dnr", so.dnr, "diarienummer, any written form");
  search->add_option("--min-amount", so.min_amount, "an amount of at least this many kronor");
  search->add_option("--max-amount", so.max_amount, "an amount of at most this many kronor");
  search->add_option("--from", so.date_from, "meeting date from (ISO)");
  search->add_option("--to", so.date_to, "meeting date to (ISO)");
  search->add_flag("--vote", so.vote, "items that went to a vote (omröstning, votering)");
  search->add_option("--reserved-by", so.reserved_by, "items a party (SD, fp, Moderaterna) or a person reserved themselves against");
  search->add_option("--moved-by", so.moved_by, "items in which a party or a person moved something (yrkade)");
  search->add_option("--present", so.present, "items of meetings a person attended (any part of the name)");
  bool rank_all = false;
  search->add_flag("--rank-all", rank_all,
                   "rank every match (slow for a word in hundreds of thousands of items); by "
                   "default those of the 2000 newest meetings are ranked");

  auto* show = app.add_subcommand("show", "one item in full, by id or diarienummer");
  add_db(show);
  std::string key;
  bool show_json = false;
  show->add_option("ID", key, "item id or diarienummer")->required();
  show->add_flag("--json", show_json, "the export record");

  auto* exp = app.add_subcommand("export", "one record per § item; or, with --pdf, searchable PDFs of the scans");
  add_db(exp);
  std::string format = "jsonl", since, pdf_dir;
  auto* format_opt = exp->add_option("--format", format, "jsonl (default) or csv");
  auto* since_opt = exp->add_option("--since", since, "only items changed since a cursor or an ISO time");
  auto* pdf_opt = exp->add_option("--pdf", pdf_dir,
                                  "write each scanned document as DIR/<first 16 hex digits of its SHA-256>.pdf: "
                                  "its page images with the OCR text as an invisible layer");
  pdf_opt->excludes(format_opt)->excludes(since_opt);

  auto* stats = app.add_subcommand("stats", "summaries for research: --votes, votes and reservations per organ and year (CSV)");
  add_db(stats);
  bool stats_votes = false;
  stats->add_flag("--votes", stats_votes, "per organ and meeting year: items, votes, share decided by vote, reservations per party")
      ->required();
  auto* failures = app.add_subcommand("failures", "files that could not be ingested");
  add_db(failures);
  bool failures_json = false;
  failures->add_flag("--json", failures_json, "JSON Lines");

  auto* review = app.add_subcommand("review", "documents and items most likely read wrong, worst first");
  add_db(review);
  bool review_json = false;
  int review_limit = 50;
  review->add_flag("--json", review_json, "JSON Lines");
  review->add_option("--limit", review_limit, "at most this many documents (default 50)");

  auto* correct = app.add_subcommand("correct", "correct a field of an item (kept apart, survives re-ingest)");
  add_db(correct);
  std::string corr_id, corr_field, corr_value, corr_note;
  std::string corr_author = std::getenv("USER") ? std::getenv("USER") : "protokoll";
  bool corr_json = false, corr_history = false;
  correct->add_option("ID", corr_id, "item id")->required();
  correct->add_option("FIELD", corr_field,
                      "title, diarienummer, decision, amounts, dates, meeting_date, body or not_an_item");
  correct->add_option("VALUE", corr_value, "the right value; lists separated by ';', empty clears");
  correct->add_flag("--json", corr_json, "VALUE is JSON");
  correct->add_option("--author", corr_author, "who corrects (default: $USER)");
  correct->add_option("--note", corr_note, "why");
  correct->add_flag("--history", corr_history, "list the item's corrections only");

  auto* merge = app.add_subcommand("merge", "join shard catalogues (of a cluster job) into --db");
  add_db(merge);
  std::vector<std::string> merge_shards;
  merge->add_option("SHARD", merge_shards, "shard catalogues")->required()->check(CLI::ExistingFile);

  auto* index = app.add_subcommand(
      "index", "write the lists file beside the catalogue (CATALOGUE.lists), which search and serve map to search it fast");
  add_db(index);
  long long index_min_items = kListsMinItems, index_memory_mb = kListsMemoryMb;
  index->add_option("--min-items", index_min_items, "lists of the words found in at least this many items (default 10000)")
      ->check(CLI::Range(1LL, 1LL << 40));
  index->add_option("--term-memory", index_memory_mb, "MB for the lists at most (default 1024)")->check(CLI::Range(0LL, 1LL << 20));

  auto* serve = app.add_subcommand("serve", "the web pages and the JSON API");
  add_db(serve);
  std::string serve_token, serve_editors;
  protokoll::web::ServeOptions serve_o;
  double serve_head_s = 10, serve_idle_s = 5, serve_write_s = 30;
  serve->add_option("--listen", serve_o.listen, "ADDR:PORT (default 127.0.0.1:8080: this machine only)");
  serve->add_option("--edit-token-file", serve_token, "a file whose first line is the edit token; without it the server is read-only");
  serve->add_option("--editors-file", serve_editors,
                    "one line per editor, 'name:<SHA-256 of the token>' (mode 600): each correction records its editor");
  serve->add_option("--root", serve_o.app.root, "folder the documents' paths are relative to (where ingest ran; default .)");
  serve->add_option("--threads", serve_o.threads, "requests handled at once (default 8)")->check(CLI::Range(1, 256));
  serve->add_option("--queue", serve_o.max_queued, "requests that may wait for a thread; more get 503 (default 256)")
      ->check(CLI::Range(1, 100000));
  serve->add_option("--max-per-client", serve_o.max_per_client,
                    "open connections from one address; more get 503 and are closed (default 64)")
      ->check(CLI::Range(1, 100000));
  serve->add_option("--max-connections", serve_o.max_connections, "open connections in all (default 10000)")
      ->check(CLI::Range(1, 1000000));
  serve->add_option("--head-timeout", serve_head_s, "seconds a whole request head may take to arrive (default 10)")
      ->check(CLI::Range(0.05, 3600.0));
  serve->add_option("--idle-timeout", serve_idle_s, "seconds a kept-alive connection may wait for its next request (default 5)")
      ->check(CLI::Range(0.05, 3600.0));
  serve->add_option("--write-timeout", serve_write_s, "seconds a client may take to receive a response (default 30)")
      ->check(CLI::Range(0.05, 3600.0));
  serve->add_option("--io-threads", serve_o.io_threads, "threads that carry the connections (default 2)")->check(CLI::Range(1, 64));
  serve->add_option("--term-memory", serve_o.app.term_memory_mb,
                    "MB for the common words' match lists, which make searches of common words fast (default 1024; 0: none)")
      ->check(CLI::Range(0, 1 << 20));

  auto* eval = app.add_subcommand("eval", "accuracy on a labelled corpus: per-field precision and recall");
  std::string corpus, floors, eval_db;
  int eval_jobs = 0;
  eval->add_option("CORPUS_DIR", corpus, "inputs, with labels in CORPUS_DIR/labels/")->required();
  eval->add_option("--floors", floors, "fail (exit 1) when a figure is below its floor in this file");
  eval->add_option("--db", eval_db, "keep the catalogue here (default: a temporary file)");
  eval->add_option("--jobs,-j", eval_jobs, "worker threads")->check(CLI::Range(0, 64));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kOk : kError;
  }
  try {
    if (*ingest) return RunIngest(db, ia);
    if (*plan) return RunPlan(plan_out, plan_paths, plan_jobs, plan_password, plan_shards);
    if (*search) {
      if (year) so.year_from = so.year_to = year;
      if (!years.empty()) {
        size_t dots = years.find("..");
        try {
          if (dots == std::string::npos) throw std::invalid_argument(years);
          if (dots > 0) so.year_from = std::stoi(years.substr(0, dots));
          if (dots + 2 < years.size()) so.year_to = std::stoi(years.substr(dots + 2));
        } catch (const std::exception&) {
          Message("protokoll: search: --years takes Y1..Y2, not '" + years + "'");
          return kError;
        }
      }
      if (rank_all) so.rank_window = 0;
      return RunSearch(db, so, search_json);
    }
    if (*show) return RunShow(db, key, show_json);
    if (*stats) return RunStatsVotes(db);
    if (*exp) return pdf_dir.empty() ? RunExport(db, format, since) : RunExportPdf(db, pdf_dir);
    if (*failures) return RunFailures(db, failures_json);
    if (*review) return RunReview(db, review_json, review_limit);
    if (*merge) return RunMerge(db, merge_shards);
    if (*index) return RunIndex(db, index_min_items, index_memory_mb);
    if (*serve) {
      auto ms = [](double s) { return std::chrono::milliseconds(static_cast<long long>(s * 1000)); };
      serve_o.head_timeout = ms(serve_head_s);
      serve_o.idle_timeout = ms(serve_idle_s);
      serve_o.write_timeout = ms(serve_write_s);
      return RunServe(db, serve_token, serve_editors, serve_o);
    }
    if (*correct) {
      if (!corr_history && corr_field.empty()) {
        Message("protokoll: correct: FIELD and VALUE are needed (or --history)");
        return kError;
      }
      return RunCorrect(db, corr_id, corr_field, corr_value, corr_json, corr_author, corr_note, corr_history);
    }
    if (*eval) return protokoll::cli::RunEval(corpus, eval_db, floors, eval_jobs);
  } catch (const std::exception& e) {
    Message(std::string("protokoll: internal error: ") + e.what());
    return kError;
  }
  return kError;
}
