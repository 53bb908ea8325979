#include "pipeline/plan.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <queue>
#include <thread>
#include <utility>

#include "pipeline/mapped_file.h"
#include "pipeline/raster.h"
#include "pipeline/source.h"

namespace protokoll::pipeline {
namespace fs = std::filesystem;

namespace {

constexpr char kHeader[] = "# protokoll manifest 1";
constexpr char kColumns[] = "# path\tsize\tpages\tpages_from\tocr_pages\tcost_ms\tkind\trel\terror";

int64_t CostOf(int pages, int ocr_pages) {
  return kFileMs + static_cast<int64_t>(ocr_pages) * kScanPageMs + static_cast<int64_t>(pages - ocr_pages) * kTextPageMs;
}

// A count of scanned pages estimated from a file's size: at least one.
int ScanPagesFromSize(uint64_t size) {
  return static_cast<int>(std::clamp<uint64_t>((size + kScanBytesPerPage - 1) / kScanBytesPerPage, 1, 1000000));
}

bool ParseInt(const std::string& s, int64_t* out) {
  if (s.empty() || s.size() > 19) return false;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out(1);
  for (char c : line) {
    if (c == '\t') out.emplace_back();
    else out.back().push_back(c);
  }
  return out;
}

}  // namespace

bool UnescapePath(std::string_view s, std::string* out) {
  out->clear();
  auto hex = [](char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out->push_back(s[i]);
      continue;
    }
    if (++i >= s.size()) return false;
    switch (s[i]) {
      case 'n': out->push_back('\n'); break;
      case 't': out->push_back('\t'); break;
      case 'r': out->push_back('\r'); break;
      case '\\': out->push_back('\\'); break;
      case 'x': {
        if (i + 2 >= s.size()) return false;
        const int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
        if (hi < 0 || lo < 0) return false;
        out->push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        break;
      }
      default: return false;
    }
  }
  return true;
}

PlanEntry JudgeFile(const InputFile& file, const std::string& password) {
  PlanEntry e;
  e.path = file.path;
  e.rel = file.rel;
  e.error = file.error;
  if (!file.error.empty()) {
    e.kind = "error";
    e.cost_ms = kFileMs;
    return e;
  }
  std::error_code ec;
  const uintmax_t size = fs::file_size(file.path, ec);
  e.size = ec ? 0 : static_cast<uint64_t>(size);
  auto estimate_scan = [&] {
    e.pages = ScanPagesFromSize(e.size);
    e.ocr_pages = e.pages;
    e.pages_from = "size";
  };
  auto mapped = MappedFile::Open(file.path);
  if (!mapped.ok()) {
    // Ingest will record why it cannot be read; cost it as the scan it may be.
    estimate_scan();
    e.kind = "other";
    e.cost_ms = CostOf(e.pages, e.ocr_pages);
    return e;
  }
  const std::string_view bytes = mapped->bytes();
  const std::string_view head = bytes.substr(0, kSniffBytes);
  if (!NotAProtocol(head, bytes.size() <= kSniffBytes).empty()) {
    e.kind = "other";
    e.cost_ms = kFileMs;
    return e;
  }
  switch (SniffFormat(head)) {
    case Format::kPdf: {
      e.kind = "pdf";
      SourceOptions so;
      so.password = password;
      auto probe = ProbePdf(bytes, so);
      if (probe.ok()) {
        e.pages = probe->pages;
        e.pages_from = "tree";
        // The share of sampled pages without a text layer, of all pages (rounded half up).
        e.ocr_pages = static_cast<int>((2LL * probe->pages * probe->sampled_without_text + probe->sampled) /
                                       (2LL * std::max(1, probe->sampled)));
      } else {
        estimate_scan();
      }
      break;
    }
    case Format::kImage: {
      e.kind = "image";
      auto n = ImagePageCount(bytes);
      if (n.ok() && *n > 0) {
        e.pages = e.ocr_pages = *n;
        e.pages_from = "frames";
      } else {
        estimate_scan();
      }
      break;
    }
    default:
      e.kind = "text";
      e.pages = static_cast<int>(std::clamp<uint64_t>((e.size + kTextBytesPerPage - 1) / kTextBytesPerPage, 1, 100000000));
      e.ocr_pages = 0;
      e.pages_from = "size";
      break;
  }
  mapped->ReleaseAll();
  e.cost_ms = CostOf(e.pages, e.ocr_pages);
  return e;
}

std::vector<PlanEntry> Plan(const std::vector<std::string>& paths, const PlanOptions& options) {
  const std::vector<InputFile> files = CollectInputs(paths, options.exclude);
  std::vector<PlanEntry> out(files.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next++) < files.size();) out[i] = JudgeFile(files[i], options.password);
  };
  const int jobs = std::clamp(options.jobs, 1, 64);
  std::vector<std::thread> threads;
  for (int t = 1; t < jobs && static_cast<size_t>(t) < files.size(); ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  return out;
}

Status WriteManifest(const std::string& path, const std::vector<PlanEntry>& entries) {
  const std::string tmp = path + ".tmp" + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::Error("plan", "cannot write the manifest (" + tmp + ")", path);
    out << kHeader << '\n' << kColumns << '\n';
    for (const PlanEntry& e : entries)
      out << EscapePath(e.path) << '\t' << e.size << '\t' << e.pages << '\t' << e.pages_from << '\t' << e.ocr_pages
          << '\t' << e.cost_ms << '\t' << e.kind << '\t' << EscapePath(e.rel) << '\t' << EscapePath(e.error) << '\n';
    out.flush();
    if (!out) {
      out.close();
      std::remove(tmp.c_str());
      return Status::Error("plan", "cannot write the manifest (disk full?)", path);
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    return Status::Error("plan", "cannot write the manifest: " + ec.message(), path);
  }
  return Status();
}

Result<std::vector<PlanEntry>> ReadManifest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error("manifest", "cannot read it", path);
  std::vector<PlanEntry> out;
  std::string line;
  int number = 0;
  auto bad = [&](const std::string& why) {
    return Status::Error("manifest", "line " + std::to_string(number) + ": " + why, path);
  };
  while (std::getline(in, line)) {
    ++number;
    if (number == 1) {
      if (line != kHeader) return bad("not a protokoll manifest (made by 'protokoll plan')");
      continue;
    }
    if (number == 2) {
      if (line != kColumns) return bad("not the columns of a manifest of version 1");
      continue;
    }
    std::vector<std::string> f = SplitTabs(line);
    if (f.size() != 9) return bad("expected 9 tab-separated fields, found " + std::to_string(f.size()));
    PlanEntry e;
    int64_t size = 0, pages = 0, ocr = 0, cost = 0;
    if (!UnescapePath(f[0], &e.path) || e.path.empty()) return bad("bad path");
    if (!ParseInt(f[1], &size) || !ParseInt(f[2], &pages) || !ParseInt(f[4], &ocr) || !ParseInt(f[5], &cost) ||
        pages > 1000000000 || ocr > pages)
      return bad("bad number");
    e.size = static_cast<uint64_t>(size);
    e.pages = static_cast<int>(pages);
    e.ocr_pages = static_cast<int>(ocr);
    e.cost_ms = cost;
    e.pages_from = f[3];
    e.kind = f[6];
    if (!UnescapePath(f[7], &e.rel) || !UnescapePath(f[8], &e.error)) return bad("bad escape");
    out.push_back(std::move(e));
  }
  if (number < 2) return bad("not a protokoll manifest (made by 'protokoll plan')");
  return out;
}

std::vector<int> AssignShards(const std::vector<PlanEntry>& entries, int shards) {
  std::vector<int> shard(entries.size(), 0);
  if (shards <= 1) return shard;
  std::vector<size_t> order(entries.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (entries[a].cost_ms != entries[b].cost_ms) return entries[a].cost_ms > entries[b].cost_ms;
    return entries[a].path < entries[b].path;
  });
  // The least loaded shard first; among equals, the lowest number.
  using Load = std::pair<int64_t, int>;
  std::priority_queue<Load, std::vector<Load>, std::greater<Load>> loads;
  for (int s = 0; s < shards; ++s) loads.push({0, s});
  for (size_t i : order) {
    Load l = loads.top();
    loads.pop();
    shard[i] = l.second;
    l.first += std::max<int64_t>(entries[i].cost_ms, 1);
    loads.push(l);
  }
  return shard;
}

std::vector<InputFile> ManifestShard(const std::vector<PlanEntry>& entries, int shard, int shards) {
  const std::vector<int> of = AssignShards(entries, shards);
  std::vector<InputFile> out;
  for (size_t i = 0; i < entries.size(); ++i)
    if (of[i] == shard) out.push_back({entries[i].path, entries[i].error, entries[i].rel});
  return out;
}

}  // namespace protokoll::pipeline
