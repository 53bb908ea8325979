#include "pipeline/ingest.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

#include "pipeline/document.h"
#include "pipeline/sha256.h"
#include "pipeline/source.h"

namespace protokoll::pipeline {
namespace fs = std::filesystem;

namespace {

bool ProtocolExtension(const fs::path& p) {
  std::string ext = p.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* e : {".txt", ".text", ".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg"})
    if (ext == e) return true;
  return false;
}

std::string Canonical(const std::string& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(fs::absolute(p, ec), ec);
  return ec ? p : c.string();
}

Result<std::string> ReadFile(const std::string& path) {
  struct stat st{};
  if (stat(path.c_str(), &st) != 0) return Status::Error("read", std::strerror(errno), path);
  if (!S_ISREG(st.st_mode)) return Status::Error("read", "not a regular file", path);
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error("read", std::strerror(errno ? errno : EACCES), path);
  std::string bytes;
  bytes.resize(static_cast<size_t>(st.st_size));
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (static_cast<size_t>(in.gcount()) != bytes.size()) {
    bytes.resize(static_cast<size_t>(in.gcount()));
    if (in.bad()) return Status::Error("read", "read error", path);
  }
  return bytes;
}

// What a worker hands the writer.
struct Outcome {
  size_t index = 0;
  std::string sha256;
  bool unchanged = false;
  std::optional<catalogue::StoredDocument> doc;
  Status status;
};

Outcome ProcessOne(const InputFile& in, size_t index, const IngestOptions& options,
                   const std::function<bool(const std::string&)>& known) {
  Outcome out;
  out.index = index;
  if (!in.error.empty()) {
    out.status = Status::Error("read", in.error, in.path);
    return out;
  }
  try {
    auto bytes = ReadFile(in.path);
    if (!bytes.ok()) {
      out.status = bytes.status();
      return out;
    }
    out.sha256 = Sha256Hex(*bytes);
    if (known(out.sha256)) {
      out.unchanged = true;
      return out;
    }
    if (bytes->empty()) {
      out.status = Status::Error("source", "empty file", in.path);
      return out;
    }
    if (bytes->rfind(std::string("SQLite format 3\0", 16), 0) == 0) {
      out.status = Status::Error("source", "an SQLite database, not a protocol", in.path);
      return out;
    }
    SourceOptions so;
    so.password = options.password;
    auto src = ReadSource(*bytes, so);
    if (!src.ok()) {
      out.status = src.status().WithPath(in.path);
      return out;
    }
    bool any_text = false;
    for (const SourcePage& p : src->pages) any_text |= p.source != PageSource::kNone;
    if (!any_text) {
      out.status = Status::Error("source", "no page has a usable text layer (a scan: it needs OCR)", in.path);
      return out;
    }
    out.doc = ProcessDocument(*src, in.path, out.sha256, static_cast<long long>(bytes->size()));
  } catch (const std::exception& e) {
    out.status = Status::Error("internal", e.what(), in.path);
  } catch (...) {
    out.status = Status::Error("internal", "unknown exception", in.path);
  }
  return out;
}

}  // namespace

std::vector<InputFile> CollectInputs(const std::vector<std::string>& paths,
                                     const std::string& db_path) {
  std::vector<InputFile> out;
  const std::string db = db_path.empty() ? std::string() : Canonical(db_path);
  auto is_catalogue = [&](const fs::path& p) {
    if (db.empty()) return false;
    std::string c = Canonical(p.string());
    return c == db || c == db + "-wal" || c == db + "-shm" || c == db + "-journal";
  };
  for (const std::string& arg : paths) {
    std::error_code ec;
    fs::file_status st = fs::status(arg, ec);
    if (ec || !fs::exists(st)) {
      fs::file_status lst = fs::symlink_status(arg, ec);
      out.push_back({arg, fs::is_symlink(lst) ? "broken or looping symbolic link"
                                               : "no such file or folder"});
      continue;
    }
    if (!fs::is_directory(st)) {
      if (!is_catalogue(arg)) out.push_back({arg, fs::is_regular_file(st) ? "" : "not a regular file"});
      continue;
    }
    std::vector<InputFile> found;
    fs::recursive_directory_iterator it(arg, fs::directory_options::none, ec), end;
    if (ec) {
      out.push_back({arg, "cannot read folder: " + ec.message()});
      continue;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        found.push_back({it->path().string(), "cannot read folder: " + ec.message()});
        ec.clear();
        continue;
      }
      const fs::directory_entry& e = *it;
      std::error_code sec;
      if (e.is_symlink(sec)) {
        fs::file_status target = fs::status(e.path(), sec);
        if (sec || !fs::exists(target)) {
          if (ProtocolExtension(e.path()))
            found.push_back({e.path().string(), "broken or looping symbolic link"});
          continue;
        }
        if (fs::is_directory(target)) continue;  // not followed: no loops
      }
      if (e.is_directory(sec)) {
        // Unreadable folders show up as an error on the next increment.
        if (access(e.path().c_str(), R_OK | X_OK) != 0) {
          found.push_back({e.path().string(), "cannot read folder: permission denied"});
          it.disable_recursion_pending();
        }
        continue;
      }
      if (!ProtocolExtension(e.path()) || is_catalogue(e.path())) continue;
      if (!e.is_regular_file(sec)) {
        found.push_back({e.path().string(), "not a regular file"});
        continue;
      }
      found.push_back({e.path().string(), ""});
    }
    std::sort(found.begin(), found.end(),
              [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

IngestReport Ingest(catalogue::Catalogue& cat, const std::vector<InputFile>& inputs,
                    const IngestOptions& options,
                    const std::function<void(const std::string&)>& on_message) {
  IngestReport report;
  report.files = static_cast<int>(inputs.size());
  int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::thread::hardware_concurrency());
  jobs = std::clamp(jobs, 1, 64);
  jobs = std::min<int>(jobs, std::max<int>(1, static_cast<int>(inputs.size())));

  // Which hashes are stored: checked by the writer's connection before workers start reading.
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Outcome> done;
  std::atomic<size_t> next{0};
  std::mutex known_mu;
  auto known = [&](const std::string& sha) {
    std::lock_guard<std::mutex> lock(known_mu);
    auto r = cat.HasDocument(sha);
    return r.ok() && *r;
  };
  std::vector<std::thread> workers;
  for (int w = 0; w < jobs; ++w) {
    workers.emplace_back([&] {
      for (size_t i = next++; i < inputs.size(); i = next++) {
        Outcome o = ProcessOne(inputs[i], i, options, known);
        std::lock_guard<std::mutex> lock(mu);
        done.push_back(std::move(o));
        cv.notify_one();
      }
    });
  }
  for (size_t handled = 0; handled < inputs.size(); ++handled) {
    Outcome o;
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return !done.empty(); });
      o = std::move(done.front());
      done.pop_front();
    }
    const std::string& path = inputs[o.index].path;
    if (o.unchanged) {
      ++report.unchanged;
      if (options.verbose) on_message("protokoll: " + path + ": unchanged");
      continue;
    }
    if (o.status.ok() && o.doc) {
      Status s;
      {
        std::lock_guard<std::mutex> lock(known_mu);
        s = cat.StoreDocument(*o.doc);
      }
      if (s.ok()) {
        ++report.ingested;
        report.items += static_cast<long long>(o.doc->items.size());
        if (options.verbose || o.doc->items.empty()) {
          on_message("protokoll: " + path + ": " + std::to_string(o.doc->pages.size()) +
                     " pages, " + std::to_string(o.doc->items.size()) + " § items" +
                     (o.doc->items.empty() ? " (no § found)" : ""));
        }
        for (const auto& p : o.doc->problems)
          on_message(Status::Error(p.stage, p.reason, path, p.page).ToString());
        continue;
      }
      o.status = s.WithPath(path);
    }
    ++report.failed;
    on_message(o.status.ToString());
    std::lock_guard<std::mutex> lock(known_mu);
    Status rec = cat.RecordFailure(path, o.sha256, o.status);
    if (!rec.ok()) on_message(rec.ToString());
  }
  for (std::thread& t : workers) t.join();
  return report;
}

}  // namespace protokoll::pipeline
