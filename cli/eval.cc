// protokoll eval CORPUS_DIR: ingests a labelled corpus into a fresh catalogue and prints
// per-field precision and recall against its labels (CORPUS_DIR/labels/NAME.json), split by
// input kind (text and text-layer PDFs vs scans), then every miss. With --floors FILE the run
// fails (exit 1) when any figure falls below the floor given for it.
//
// Label file: {"file": "NAME.pdf", "body": …, "meeting_date": …, "items": [{"paragraph": 80,
// "diarienummer": "KS 1994/14" | null, "title": …, "decision": … | null, "amounts": [sek…],
// "dates": ["YYYY-MM-DD"…], "years": [YYYY…]}]}. Text is compared with white space collapsed
// and dashes folded (–, — and - are one character here: OCR cannot tell them apart).
#include "cli/eval.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "catalogue/catalogue.h"
#include "extractors/text.h"
#include "pipeline/ingest.h"

namespace protokoll::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

const char* const kFields[] = {"§ found", "diarienummer", "title", "decision", "amounts",
                               "dates", "years", "body", "meeting date"};

struct Count {
  long tp = 0, fp = 0, fn = 0;
  double Precision() const { return tp + fp ? static_cast<double>(tp) / (tp + fp) : 1.0; }
  double Recall() const { return tp + fn ? static_cast<double>(tp) / (tp + fn) : 1.0; }
};

std::string Canon(const Json& j) {
  if (j.is_null()) return "";
  std::string s = extractors::Squash(j.get<std::string>());
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    // U+2013 and U+2014 (E2 80 93/94) → '-'
    if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 &&
        static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0x93 || static_cast<unsigned char>(s[i + 2]) == 0x94)) {
      out += '-';
      i += 2;
    } else {
      out += s[i];
    }
  }
  // "2003- 2004" (OCR) and "2003-2004" are the same.
  std::string tight;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == ' ' && i > 0 && out[i - 1] == '-') continue;
    tight += out[i];
  }
  return tight;
}

struct Evaluation {
  std::map<std::string, std::map<std::string, Count>> counts;  // kind → field → count
  std::vector<std::string> misses;

  void Scalar(const std::string& kind, const std::string& field, const std::string& where,
              const std::string& want, const std::string& got) {
    Count& c = counts[kind][field];
    if (want == got) {
      if (!want.empty()) ++c.tp;
      return;
    }
    if (!want.empty()) ++c.fn;
    if (!got.empty()) ++c.fp;
    misses.push_back(where + " " + field + ": want \"" + want + "\", got \"" + got + "\"");
  }

  template <typename T>
  void List(const std::string& kind, const std::string& field, const std::string& where,
            std::multiset<T> want, std::multiset<T> got, const std::function<std::string(const T&)>& str) {
    Count& c = counts[kind][field];
    std::multiset<T> missing, extra;
    std::set_difference(want.begin(), want.end(), got.begin(), got.end(),
                        std::inserter(missing, missing.end()));
    std::set_difference(got.begin(), got.end(), want.begin(), want.end(),
                        std::inserter(extra, extra.end()));
    c.tp += static_cast<long>(want.size() - missing.size());
    c.fn += static_cast<long>(missing.size());
    c.fp += static_cast<long>(extra.size());
    for (const T& m : missing) misses.push_back(where + " " + field + ": missed " + str(m));
    for (const T& e : extra) misses.push_back(where + " " + field + ": extra " + str(e));
  }
};

std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

std::string Fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

}  // namespace

int RunEval(const std::string& corpus_dir, const std::string& db_arg, const std::string& floors_path,
            int jobs) {
  const fs::path dir(corpus_dir);
  std::error_code ec;
  if (!fs::is_directory(dir / "labels", ec)) {
    std::cerr << "protokoll: eval: " << corpus_dir << ": no labels/ folder\n";
    return 2;
  }
  std::string db = db_arg;
  bool remove_db = false;
  if (db.empty()) {
    db = (fs::temp_directory_path() / ("protokoll-eval-" + std::to_string(getpid()) + ".sqlite")).string();
    remove_db = true;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix, ec);
  }
  auto cleanup = [&] {
    if (remove_db)
      for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix, ec);
  };
  std::map<std::string, std::vector<Json>> records;  // file name → records
  {
    auto cat = catalogue::Catalogue::Open(db);
    if (!cat.ok()) {
      std::cerr << "protokoll: eval: " << cat.status().ToString() << "\n";
      return 2;
    }
    pipeline::IngestOptions o;
    o.jobs = jobs;
    o.db_path = db;
    auto files = pipeline::CollectInputs({corpus_dir}, db);
    auto report = pipeline::Ingest(
        *cat, files, o, [](const std::string& m) { std::cerr << m << "\n"; }, nullptr, [] {});
    std::cerr << "protokoll: eval: " << report.files << " files, " << report.items << " § items, "
              << report.failed << " failed\n";
    auto batch = cat->Export(0, "");
    if (!batch.ok()) {
      std::cerr << "protokoll: eval: " << batch.status().ToString() << "\n";
      cleanup();
      return 2;
    }
    for (const std::string& line : batch->records) {
      Json r = Json::parse(line);
      records[fs::path(r["document"]["path"].get<std::string>()).filename().string()].push_back(r);
    }
  }
  cleanup();

  Evaluation ev;
  std::vector<fs::path> label_files;
  for (const auto& e : fs::directory_iterator(dir / "labels"))
    if (e.path().extension() == ".json") label_files.push_back(e.path());
  std::sort(label_files.begin(), label_files.end());
  std::map<std::string, int> documents;
  for (const fs::path& lp : label_files) {
    std::ifstream in(lp);
    Json label;
    try {
      label = Json::parse(in);
    } catch (const std::exception& e) {
      std::cerr << "protokoll: eval: " << lp.string() << ": " << e.what() << "\n";
      return 2;
    }
    const std::string file = label["file"];
    std::vector<Json>& got = records[file];
    bool scan = false;
    for (const Json& r : got) scan = scan || r["source"] == "ocr";
    const std::string ext = fs::path(file).extension().string();
    if (got.empty()) scan = ext == ".tif" || ext == ".tiff" || ext == ".png" || ext == ".jpg";
    const std::string kind = scan ? "scan" : "text";
    ++documents[kind];
    std::map<int, const Json*> by_paragraph;
    for (const Json& r : got) by_paragraph[r["paragraph"].get<int>()] = &r;
    std::set<int> labelled;
    for (const Json& want : label["items"]) {
      const int para = want["paragraph"];
      labelled.insert(para);
      const std::string where = file + " § " + std::to_string(para);
      auto it = by_paragraph.find(para);
      Count& found = ev.counts[kind]["§ found"];
      if (it == by_paragraph.end()) {
        ++found.fn;
        ev.misses.push_back(where + " § found: missed");
        // Every field of a missed item is missed too.
        const std::pair<const char*, const Json&> fields[] = {
            {"diarienummer", want["diarienummer"]}, {"title", want["title"]},
            {"decision", want["decision"]},         {"body", label["body"]},
            {"meeting date", label["meeting_date"]}};
        for (const auto& [field, value] : fields) ev.Scalar(kind, field, where, Canon(value), "");
        continue;
      }
      ++found.tp;
      const Json& r = *it->second;
      std::string dnr = r["diarienummer"].empty() ? "" : r["diarienummer"][0]["normalized"].get<std::string>();
      ev.Scalar(kind, "diarienummer", where, Canon(want["diarienummer"]), dnr);
      ev.Scalar(kind, "title", where, Canon(want["title"]), Canon(r["title"]));
      ev.Scalar(kind, "decision", where, Canon(want["decision"]), Canon(r["decision"]));
      ev.Scalar(kind, "body", where, Canon(label["body"]), Canon(r["body"]));
      ev.Scalar(kind, "meeting date", where, Canon(label["meeting_date"]), Canon(r["meeting_date"]));
      std::multiset<double> wa, ga;
      for (const Json& a : want["amounts"]) wa.insert(a.get<double>());
      for (const Json& a : r["amounts"]) ga.insert(a["sek"].get<double>());
      ev.List<double>(kind, "amounts", where, wa, ga, Num);
      std::multiset<std::string> wd, gd;
      for (const Json& d : want["dates"]) wd.insert(d.get<std::string>());
      for (const Json& d : r["dates"]) gd.insert(d.get<std::string>());
      ev.List<std::string>(kind, "dates", where, wd, gd, [](const std::string& s) { return s; });
      std::multiset<int> wy, gy;
      for (const Json& y : want["years"]) wy.insert(y.get<int>());
      for (const Json& y : r["years"]) gy.insert(y.get<int>());
      ev.List<int>(kind, "years", where, wy, gy, [](const int& y) { return std::to_string(y); });
    }
    for (const auto& [para, r] : by_paragraph) {
      if (labelled.count(para)) continue;
      ++ev.counts[kind]["§ found"].fp;
      ev.misses.push_back(file + " § " + std::to_string(para) + " § found: extra item \"" +
                          r->at("title").get<std::string>() + "\"");
    }
  }

  std::cout << "| field | text P | text R | scan P | scan R |\n|---|---|---|---|---|\n";
  for (const char* f : kFields) {
    const Count& t = ev.counts["text"][f];
    const Count& s = ev.counts["scan"][f];
    std::cout << "| " << f << " | " << Fixed(t.Precision()) << " | " << Fixed(t.Recall()) << " | "
              << Fixed(s.Precision()) << " | " << Fixed(s.Recall()) << " |\n";
  }
  std::cout << "\n" << documents["text"] << " text/text-layer documents ("
            << ev.counts["text"]["§ found"].tp + ev.counts["text"]["§ found"].fn << " labelled items), "
            << documents["scan"] << " scans ("
            << ev.counts["scan"]["§ found"].tp + ev.counts["scan"]["§ found"].fn << " labelled items)\n";
  std::cout << ev.misses.size() << " misses" << (ev.misses.empty() ? "" : ":") << "\n";
  for (const std::string& m : ev.misses) std::cout << "  " << m << "\n";

  if (floors_path.empty()) return 0;
  // Floors: lines "KIND FIELD-WITH-SPACES P R" (text|scan), '#' comments.
  std::ifstream fl(floors_path);
  if (!fl) {
    std::cerr << "protokoll: eval: " << floors_path << ": cannot read\n";
    return 2;
  }
  int below = 0;
  std::string line;
  while (std::getline(fl, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    std::vector<std::string> w;
    for (std::string x; ls >> x;) w.push_back(x);
    if (w.size() < 4) continue;
    const std::string kind = w[0];
    std::string field;
    for (size_t i = 1; i + 2 < w.size(); ++i) field += (field.empty() ? "" : " ") + w[i];
    const double p = std::stod(w[w.size() - 2]), r = std::stod(w.back());
    const Count& c = ev.counts[kind][field];
    if (c.Precision() + 1e-9 < p || c.Recall() + 1e-9 < r) {
      std::cout << "BELOW FLOOR: " << kind << " " << field << ": P " << Fixed(c.Precision())
                << " (floor " << Fixed(p) << "), R " << Fixed(c.Recall()) << " (floor " << Fixed(r)
                << ")\n";
      ++below;
    }
  }
  if (below) return 1;
  std::cout << "all figures at or above the floors in " << floors_path << "\n";
  return 0;
}

}  // namespace protokoll::cli
