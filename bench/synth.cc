// synth: reproducible synthetic Swedish board protocols for the benchmarks (bench/run).
//
//   synth pdfsrc PAGES SEED OUT.pdfsrc     a multi-meeting protocol source of exactly PAGES pages
//                                          for tools/mkpdf (then tools/mkscan for scans)
//   synth catalogue ITEMS SEED DB          a catalogue of ITEMS § items stored through the real
//                                          Catalogue::StoreDocument (terms, vocabulary, FTS5)
//   synth search DB QUERIES SEED           QUERIES varied searches (words, inflections, compounds,
//                                          phrases; half with filters) timed in process; prints
//                                          p50/p95 with and without filters
//   synth cli PROTOKOLL DB QUERIES SEED    the same searches as processes of the command line,
//                                          without and with the catalogue's lists file
//
// The text is built from templates of real minutes' phrasing: organs and their abbreviations,
// titles ("Bidrag till …", "Detaljplan för …"), Dnr lines in several forms, amounts, dates,
// proposals and decisions, with the inflections and compounds Swedish search has to handle.
// The same SEED gives the same output.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "catalogue/catalogue.h"

namespace {

using protokoll::catalogue::Catalogue;
using protokoll::catalogue::SearchOptions;
using protokoll::catalogue::StoredDocument;
using protokoll::catalogue::StoredItem;
using protokoll::catalogue::StoredPage;
using protokoll::catalogue::PageSource;

struct Organ {
  const char* name;
  const char* genitive;
  const char* abbr;
};
const Organ kOrgans[] = {
    {"Kommunstyrelsen", "Kommunstyrelsens", "KS"},
    {"Kommunfullmäktige", "Kommunfullmäktiges", "KF"},
    {"Barn- och utbildningsnämnden", "Barn- och utbildningsnämndens", "BUN"},
    {"Socialnämnden", "Socialnämndens", "SN"},
    {"Kultur- och fritidsnämnden", "Kultur- och fritidsnämndens", "KFN"},
    {"Tekniska nämnden", "Tekniska nämndens", "TN"},
    {"Miljö- och byggnadsnämnden", "Miljö- och byggnadsnämndens", "MBN"},
    {"Kommunstyrelsens arbetsutskott", "Arbetsutskottets", "KSAU"},
};
const char* const kPlaces[] = {"Norrby", "Söderås", "Bäckby", "Ekbacken", "Hagalund", "Kvarnbacken",
                               "Älvsbyn", "Östra hamnen", "Lillåker", "Björkdalen", "Sjövik", "Torpa"};
const char* const kSocieties[] = {"idrottsförening", "hembygdsförening", "brottsofferjour", "scoutkår",
                                  "musikförening", "pensionärsförening", "ridklubb", "fotbollsklubb"};
const char* const kSubjects[] = {
    "skolskjuts", "förskolans lokaler", "äldreomsorgen", "hemtjänsten", "snöröjning", "gatubelysning",
    "renhållningstaxan", "bygglovstaxan", "kollektivtrafiken", "vatten och avlopp", "bredband på landsbygden",
    "folkhälsan", "biblioteken", "simhallen", "fritidsgårdarna", "lokalförsörjningen", "skolmåltiderna",
    "arvoden till förtroendevalda", "föreningsbidragen", "familjehemmen", "försörjningsstödet",
    "detaljplanen", "översiktsplanen", "klimatstrategin", "integrationen", "räddningstjänsten"};
const char* const kTitles[] = {
    "Bidrag till {place}s {society}", "Detaljplan för del av {place} {n}:{m}", "Yttrande över remiss om {subject}",
    "Motion om {subject}", "Medborgarförslag om {subject} i {place}", "Taxa för {subject} {year}",
    "Försäljning av fastigheten {place} {n}:{m}", "Budget för {subject} {year}", "Årsredovisning {prevyear}",
    "Val av justerare", "Delegationsbeslut", "Meddelanden", "Information om {subject}",
    "Upphandling av {subject}", "Riktlinjer för {subject}", "Arvoden för {year}", "Interpellation om {subject}",
    "Ansökan om medel till {subject}", "Revidering av reglementet för {subject}", "Investering i {subject} i {place}"};
const char* const kSentences[] = {
    "Förvaltningen har utrett frågan om {subject} och redovisar tre alternativ.",
    "Kostnaden beräknas till {amount} under {year}.",
    "{Organ} beslutade den {date} att ge förvaltningen i uppdrag att se över {subject}.",
    "Ärendet har beretts i arbetsutskottet den {date}.",
    "Föreningen ansöker om bidrag med {amount} för verksamhetsåret {year}.",
    "Fastigheten har stått tom sedan {prevyear} och två anbud har kommit in.",
    "Enligt avtalet ska skolskjutsen upphandlas för perioden {year}–{nextyear}.",
    "Årsarvodet och sammanträdesarvodet räknas upp med index från den 1 januari {year}.",
    "Förskolorna i {place} har fler barn än platser och en ny förskola behövs.",
    "Tre skolskjutsärenden har överklagats till förvaltningsrätten.",
    "Bygglovet avser en tillbyggnad om 32 kvm på fastigheten {place} {n}:{m}.",
    "Renhållningstaxan höjs med 4 procent och intäkterna ska täcka kostnaderna.",
    "Medel finns inom ramen för {organ_gen} budget för {year}.",
    "Beslutsunderlag: tjänsteskrivelse daterad den {date}.",
    "Ledamöterna informerades om läget i verksamheterna och om sjukfrånvaron.",
    "Ersättningen till familjehemmen höjs till {amount} per månad.",
    "Investeringen beräknas till {amount} och finansieras med lån.",
    "Kommunen har sedan {prevyear} haft ett samarbetsavtal med regionen om {subject}."};
const char* const kDecisions[] = {
    "{Organ} beslutar att bevilja bidrag med {amount}.",
    "{Organ} beslutar att anta riktlinjerna för {subject}.",
    "{Organ} beslutar att godkänna avtalet om {subject} för perioden {year}–{nextyear}.",
    "{Organ} föreslår kommunfullmäktige att fastställa taxan för {year}.",
    "Informationen läggs till handlingarna.",
    "{Organ} beslutar att avslå motionen.",
    "{Organ} beslutar att ge förvaltningen i uppdrag att utreda {subject} till den {date}.",
    "{Organ} beslutar att sälja fastigheten {place} {n}:{m} för {amount}.",
    "{Organ} utser två ledamöter att jämte ordföranden justera protokollet."};

struct Gen {
  std::mt19937_64 rng;
  explicit Gen(unsigned long long seed) : rng(seed) {}
  int Int(int a, int b) { return std::uniform_int_distribution<int>(a, b)(rng); }
  template <typename T, size_t N>
  const T& Pick(const T (&a)[N]) { return a[static_cast<size_t>(Int(0, N - 1))]; }
};

std::string Replace(std::string s, const std::string& key, const std::string& value) {
  for (size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + value.size()))
    s.replace(at, key.size(), value);
  return s;
}

// An amount as minutes write them: "40 000 kronor", "1,9 mnkr", "160 tkr", "27 360 kr".
struct Amount {
  std::string text;
  double sek;
};
Amount MakeAmount(Gen& g) {
  double sek = std::round(std::pow(10.0, 3 + g.Int(0, 4000) / 1000.0) / 100) * 100;
  char buf[64];
  switch (g.Int(0, 3)) {
    case 0: {
      long v = static_cast<long>(sek);
      std::string digits = std::to_string(v), grouped;
      for (size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) grouped += ' ';
        grouped += digits[i];
      }
      return {grouped + " kronor", sek};
    }
    case 1:
      std::snprintf(buf, sizeof buf, "%.1f mnkr", sek / 1e6);
      for (char& c : buf) if (c == '.') c = ',';
      return {buf, std::round(sek / 1e5) * 1e5};
    case 2:
      std::snprintf(buf, sizeof buf, "%ld tkr", static_cast<long>(sek / 1000));
      return {buf, std::floor(sek / 1000) * 1000};
    default: {
      long v = static_cast<long>(sek);
      return {std::to_string(v) + " kr", sek};
    }
  }
}

const char* const kMonths[] = {"januari", "februari", "mars", "april", "maj", "juni", "juli",
                               "augusti", "september", "oktober", "november", "december"};

struct Item {
  int number = 0;
  std::string label, dnr_line, dnr_norm, title, decision, decision_heading;
  std::vector<std::string> body;
  std::vector<Amount> amounts;
  std::vector<std::string> dates;
  std::vector<int> years;
};

Item MakeItem(Gen& g, const Organ& organ, int year, int number) {
  Item it;
  it.number = number;
  it.label = std::string(organ.abbr) + " § " + std::to_string(number);
  int serial = g.Int(1, 999);
  switch (g.Int(0, 2)) {
    case 0: it.dnr_line = "Dnr " + std::string(organ.abbr) + " " + std::to_string(year) + "/" + std::to_string(serial); break;
    case 1: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%s-%d-%05d", organ.abbr, year, serial);
      it.dnr_line = std::string("Ärendenummer ") + buf;
      break;
    }
    default: it.dnr_line = "Dnr: " + std::string(organ.abbr) + "/" + std::to_string(year) + ":" + std::to_string(serial);
  }
  it.dnr_norm = std::string(organ.abbr) + " " + std::to_string(year) + "/" + std::to_string(serial);
  auto fill = [&](std::string s) {
    s = Replace(s, "{place}", g.Pick(kPlaces));
    s = Replace(s, "{society}", g.Pick(kSocieties));
    s = Replace(s, "{subject}", g.Pick(kSubjects));
    s = Replace(s, "{n}", std::to_string(g.Int(1, 40)));
    s = Replace(s, "{m}", std::to_string(g.Int(1, 120)));
    s = Replace(s, "{year}", std::to_string(year));
    s = Replace(s, "{prevyear}", std::to_string(year - 1));
    s = Replace(s, "{nextyear}", std::to_string(year + 2));
    s = Replace(s, "{Organ}", organ.name);
    s = Replace(s, "{organ_gen}", std::string(organ.genitive));
    if (s.find("{amount}") != std::string::npos) {
      Amount a = MakeAmount(g);
      it.amounts.push_back(a);
      s = Replace(s, "{amount}", a.text);
    }
    if (s.find("{date}") != std::string::npos) {
      int month = g.Int(1, 12), day = g.Int(1, 28);
      char iso[16];
      std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", year, month, day);
      it.dates.push_back(iso);
      s = Replace(s, "{date}", std::to_string(day) + " " + kMonths[month - 1] + " " + std::to_string(year));
    }
    return s;
  };
  it.title = fill(g.Pick(kTitles));
  int sentences = g.Int(2, 7);
  for (int i = 0; i < sentences; ++i) it.body.push_back(fill(g.Pick(kSentences)));
  it.decision_heading = g.Int(0, 1) ? std::string(organ.genitive) + " beslut" : "Beslut";
  it.decision = fill(g.Pick(kDecisions));
  it.years = {year};
  return it;
}

std::vector<std::string> Wrap(const std::string& text, size_t width = 88) {
  std::vector<std::string> out;
  std::string line;
  size_t start = 0;
  while (start < text.size()) {
    size_t sp = text.find(' ', start);
    std::string word = text.substr(start, sp == std::string::npos ? std::string::npos : sp - start);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    if (sp == std::string::npos) break;
    start = sp + 1;
  }
  if (!line.empty()) out.push_back(line);
  return out;
}

int Pdfsrc(int pages, unsigned long long seed, const char* out_path) {
  Gen g(seed);
  const Organ& organ = kOrgans[0];
  std::vector<std::string> lines;
  int year = 2015, number = 1, meeting = 0;
  const size_t kLinesPerPage = 44;
  std::vector<std::vector<std::string>> page_lines(1);
  auto add = [&](const std::string& l) {
    if (page_lines.back().size() >= kLinesPerPage) page_lines.emplace_back();
    page_lines.back().push_back(l);
  };
  while (static_cast<int>(page_lines.size()) <= pages) {
    if (number > 1 && g.Int(0, 11) == 0) {  // a new meeting
      ++meeting;
      if (meeting % 20 == 0) ++year;
      add("");
      add("# Sammanträde " + std::to_string(meeting + 1) + ", " + std::to_string(g.Int(1, 28)) + " " +
          kMonths[g.Int(0, 11)] + " " + std::to_string(year));
      add("Plats och tid: Kommunhuset, kl. 13.00–16.30");
      add("");
    }
    Item it = MakeItem(g, organ, year, number++);
    add("# " + it.label);
    add(it.dnr_line);
    add("");
    add("# " + it.title);
    add("");
    std::string body;
    for (const std::string& s : it.body) body += (body.empty() ? "" : " ") + s;
    for (const std::string& l : Wrap(body)) add(l);
    add("");
    add("# " + it.decision_heading);
    for (const std::string& l : Wrap(it.decision)) add(l);
    add("");
  }
  page_lines.resize(static_cast<size_t>(pages));
  std::ofstream out(out_path);
  out << "%layout header\n%header-left SYNTETISKA KOMMUNEN\n%header-right SAMMANTRÄDESPROTOKOLL\n"
         "%header2-left Kommunstyrelsen\n%header2-right Sammanträdesprotokoll\n"
         "%footer-left Justerandes sign\n%footer-right Sida {page} ({pages})\n---\n";
  for (size_t p = 0; p < page_lines.size(); ++p) {
    if (p) out << "<<page>>\n";
    for (const std::string& l : page_lines[p]) out << l << "\n";
  }
  return out ? 0 : 2;
}

int MakeCatalogue(long items, unsigned long long seed, const char* db) {
  Gen g(seed);
  auto cat = Catalogue::Open(db);
  if (!cat.ok()) {
    std::fprintf(stderr, "synth: %s\n", cat.status().ToString().c_str());
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  long made = 0;
  int doc_no = 0;
  while (made < items) {
    const Organ& organ = g.Pick(kOrgans);
    const int year = g.Int(1975, 2024);
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, g.Int(1, 12), g.Int(1, 28));
    StoredDocument d;
    d.path = "synthetic/" + std::string(organ.abbr) + "-" + date + "-" + std::to_string(doc_no) + ".pdf";
    char sha[65];
    std::snprintf(sha, sizeof sha, "%016llx%048d", static_cast<unsigned long long>(g.rng()), doc_no++);
    d.sha256 = sha;
    d.format = "pdf";
    d.size = 100000;
    d.body = organ.name;
    d.meeting_date = date;
    const int n = std::min<long>(g.Int(6, 24), items - made);
    int number = g.Int(1, 300);
    StoredPage page;
    page.number = 1;
    page.source = PageSource::kPdf;
    for (int k = 0; k < n; ++k) {
      Item it = MakeItem(g, organ, year, number++);
      StoredItem si;
      auto& f = si.fields;
      f.paragraph = it.number;
      f.paragraph_label = it.label;
      f.page_start = f.page_end = 1 + k / 3;
      f.body = organ.name;
      f.meeting_date = date;
      f.title = it.title;
      f.title_page = f.page_start;
      f.decision = it.decision;
      f.decision_page = f.page_start;
      f.text = it.label + "\n" + it.dnr_line + "\n" + it.title + "\n";
      for (const std::string& s : it.body) f.text += s + "\n";
      f.text += it.decision_heading + "\n" + it.decision;
      protokoll::extractors::Diarienummer dn;
      dn.raw = it.dnr_line;
      dn.normalized = it.dnr_norm;
      dn.board = organ.abbr;
      dn.year = year;
      f.diarienummer.push_back(dn);
      f.diarienummer_pages.push_back(f.page_start);
      for (const Amount& a : it.amounts) {
        protokoll::extractors::Amount am;
        am.raw = a.text;
        am.sek = a.sek;
        f.amounts.push_back(am);
        f.amount_pages.push_back(f.page_start);
      }
      f.dates = it.dates;
      f.date_pages.assign(it.dates.size(), f.page_start);
      f.years = it.years;
      f.year_pages.assign(it.years.size(), f.page_start);
      si.source = "pdf";
      d.items.push_back(std::move(si));
    }
    d.pages.push_back(page);
    d.pages.back().text = "(synthetic)";
    for (int p = 2; p <= d.items.back().fields.page_end; ++p) {
      StoredPage more = page;
      more.number = p;
      d.pages.push_back(more);
    }
    if (auto s = cat->StoreDocument(d); !s.ok()) {
      std::fprintf(stderr, "synth: %s\n", s.ToString().c_str());
      return 2;
    }
    made += n;
    if (doc_no % 5000 == 0) {
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::fprintf(stderr, "synth: %ld items (%.0f items/s)\n", made, made / secs);
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("synth: %ld items in %d documents, %.1f s\n", made, doc_no, secs);
  return 0;
}

const char* const kQueryWords[] = {
    "skolskjuts", "förskola", "förskolor", "bidrag", "bidraget", "fastighet", "fastigheten", "detaljplan",
    "bygglov", "arvode", "årsarvode", "taxa", "renhållningstaxan", "snöröjning", "äldreomsorg",
    "hemtjänst", "motion", "medborgarförslag", "upphandling", "riktlinjer", "budget", "årsredovisning",
    "familjehem", "försörjningsstöd", "simhallen", "bibliotek", "föreningar", "idrottsförening",
    "gatubelysning", "belysning", "avlopp", "bredband", "klimatstrategi", "översiktsplan", "justerare",
    "investering", "lån", "index", "förvaltningsrätten", "tillbyggnad", "anbud", "sjukfrånvaro"};
const char* const kPhrases[] = {"\"vatten och avlopp\"", "\"bredband på landsbygden\"",
                                "\"val av justerare\"", "\"läggs till handlingarna\""};

// The same searches twice: as a single `protokoll search` makes them (filters in SQL), then as
// the web server does (filters and facets from the in-memory columns, catalogue/columns.h).
// With SYNTH_COLD set, the catalogue's pages are dropped from the OS cache (posix_fadvise: no
// root needed) before each set, and the catalogue is opened afresh: "cold" figures, printed
// with the prefix cold_.
void Evict(const std::string& path) {
  for (const char* suffix : {"", "-wal"}) {
    int fd = ::open((path + suffix).c_str(), O_RDONLY);
    if (fd < 0) continue;
    ::fdatasync(fd);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
  }
}

// The i-th of the benchmark's searches: words, two words, phrases; every other one filtered by
// years, an organ, an amount or all three.
SearchOptions MakeQuery(Gen& g, int i) {
  SearchOptions o;
  const int shape = g.Int(0, 9);
  if (shape < 6) o.query = g.Pick(kQueryWords);
  else if (shape < 8) o.query = std::string(g.Pick(kQueryWords)) + " " + g.Pick(kQueryWords);
  else o.query = g.Pick(kPhrases);
  if (i % 2 == 1) {
    switch (g.Int(0, 3)) {
      case 0: {
        int y = g.Int(1975, 2020);
        o.year_from = y;
        o.year_to = y + g.Int(0, 5);
        break;
      }
      case 1: o.body = g.Pick(kOrgans).name; break;
      case 2: o.min_amount = 1000000; break;
      default: o.min_amount = 100000; o.year_from = 2000; o.body = "Kommunstyrelsen";
    }
  }
  return o;
}

int SearchBench(const char* db, int queries, unsigned long long seed) {
  const bool cold = std::getenv("SYNTH_COLD") != nullptr;
  if (cold) Evict(db);
  auto cat = Catalogue::Open(db);
  if (!cat.ok()) {
    std::fprintf(stderr, "synth: %s\n", cat.status().ToString().c_str());
    return 2;
  }
  auto pct = [](std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    size_t k = static_cast<size_t>(std::ceil(p * v.size())) - 1;
    return v[std::min(k, v.size() - 1)];
  };
  // SYNTH_SUMMARIZE: the total and the facets too, as the web page asks.
  const bool summarize = std::getenv("SYNTH_SUMMARIZE") != nullptr;
  std::vector<std::string> pages;  // per search: the total, then each hit's id and score
  long from_lists = 0;
  auto run = [&](std::string prefix) {
    if (cold) prefix = "cold_" + prefix;
    Gen g(seed);
    std::vector<double> plain, filtered;
    std::vector<std::pair<double, std::string>> slowest;  // with SYNTH_SLOWEST set: printed to stderr
    long hits_total = 0;
    // One warm-up query (the page cache, the statements' first compile).
    if (!cold) {
      SearchOptions o;
      o.query = "bidrag";
      (void)cat->Search(o);
    }
    for (int i = 0; i < queries; ++i) {
      SearchOptions o = MakeQuery(g, i);
      const bool with_filters = i % 2 == 1;
      o.summarize = summarize;
      protokoll::catalogue::SearchStats stats;
      const auto s = std::chrono::steady_clock::now();
      auto r = cat->Search(o, &stats);
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s).count();
      if (!r.ok()) {
        std::fprintf(stderr, "synth: search %s: %s\n", o.query.c_str(), r.status().ToString().c_str());
        return false;
      }
      hits_total += static_cast<long>(r->size());
      from_lists += stats.from_term_lists;
      std::string page = std::to_string(stats.total);
      for (const auto& h : *r) page += " " + h.id + ":" + std::to_string(h.score);
      pages.push_back(page);
      (with_filters ? filtered : plain).push_back(ms);
      if (std::getenv("SYNTH_SLOWEST"))
        slowest.emplace_back(ms, o.query + (o.year_from ? " years " + std::to_string(*o.year_from) : "") +
                                     (o.year_to ? ".." + std::to_string(*o.year_to) : "") + (o.body.empty() ? "" : " body " + o.body) +
                                     (o.min_amount ? " min " + std::to_string(static_cast<long long>(*o.min_amount)) : ""));
    }
    const char* px = prefix.c_str();
    std::sort(slowest.rbegin(), slowest.rend());
    for (size_t k = 0; k < slowest.size() && k < 8; ++k)
      std::fprintf(stderr, "%s %8.1f ms  %s\n", px, slowest[k].first, slowest[k].second.c_str());
    std::printf("%s_plain_p50_ms %.2f\n%s_plain_p95_ms %.2f\n", px, pct(plain, 0.5), px, pct(plain, 0.95));
    std::printf("%s_filtered_p50_ms %.2f\n%s_filtered_p95_ms %.2f\n", px, pct(filtered, 0.5), px,
                pct(filtered, 0.95));
    std::vector<double> all = plain;
    all.insert(all.end(), filtered.begin(), filtered.end());
    std::printf("%s_all_p50_ms %.2f\n%s_all_p95_ms %.2f\n%s_mean_hits %.1f\n", px, pct(all, 0.5), px,
                pct(all, 0.95), px, static_cast<double>(hits_total) / queries);
    return true;
  };
  // SYNTH_LISTS_ONLY: the lists' runs alone (profiling them on a large catalogue).
  const bool lists_only = std::getenv("SYNTH_LISTS_ONLY") != nullptr;
  if (!lists_only && !run("search")) return 2;
  if (cold) {
    cat = protokoll::Result<Catalogue>(protokoll::Status::Error("synth", "closed"));  // its mapping goes with it
    Evict(db);
    cat = Catalogue::Open(db);
    if (!cat.ok()) return 2;
  }
  const auto s = std::chrono::steady_clock::now();
  auto held = cat->KeepFilterColumns();
  if (!held.ok()) {
    std::fprintf(stderr, "synth: %s\n", held.status().ToString().c_str());
    return 2;
  }
  std::printf("%scolumns_items %lld\n%scolumns_load_ms %.0f\n", cold ? "cold_" : "", *held, cold ? "cold_" : "",
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s).count());
  if (cold) Evict(db);  // what the load read stays mapped; the rest of the file is cold again
  if (!lists_only && !run("memory")) return 2;
  // Then with the common words' lists (catalogue/postings.h), read as `serve` reads them at
  // start: the same searches must give the same pages (ids and scores), which is checked.
  const auto w = std::chrono::steady_clock::now();
  const long long min_items = std::getenv("SYNTH_TERM_MIN") ? std::atoll(std::getenv("SYNTH_TERM_MIN")) : 10000;
  auto warm = cat->WarmTermIndex(min_items, size_t{2} << 30, false);
  if (!warm.ok()) {
    std::fprintf(stderr, "synth: %s\n", warm.status().ToString().c_str());
    return 2;
  }
  std::printf("%sterm_lists_ms %.0f\n%sterm_lists %lld\n%sterm_postings %lld\n%sterm_bytes %zu\n%sterm_sampled %lld\n",
              cold ? "cold_" : "", std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - w).count(),
              cold ? "cold_" : "", warm->terms, cold ? "cold_" : "", warm->postings, cold ? "cold_" : "", warm->bytes,
              cold ? "cold_" : "", warm->sampled);
  const auto memory_pages = pages;
  pages.clear();
  if (cold) Evict(db);
  if (!run("lists_first")) return 2;  // the phrases' lists are read on their first search
  pages.clear();
  from_lists = 0;
  if (!run("lists")) return 2;
  long differ = 0;
  for (size_t i = 0; i < pages.size() && i < memory_pages.size(); ++i) differ += pages[i] != memory_pages[i];
  std::printf("%slists_pages_differing %ld of %zu\n%slists_answered_from_lists %ld\n", cold ? "cold_" : "", differ,
              pages.size(), cold ? "cold_" : "", from_lists);
  return differ == 0 || lists_only ? 0 : 2;
}

// The command line's search as a user runs it: a process per search (`protokoll search --json`,
// started, run and ended), the wall time of each. Twice: with the catalogue's lists file hidden
// (the catalogue alone, through SQL), then with it (if there is one): the same searches as
// `synth search`, whose outputs must be equal.
int CliBench(const char* protokoll, const char* db, int queries, unsigned long long seed) {
  auto pct = [](std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    size_t k = static_cast<size_t>(std::ceil(p * v.size())) - 1;
    return v[std::min(k, v.size() - 1)];
  };
  auto run_one = [&](const SearchOptions& o, std::string* out) -> double {
    std::vector<std::string> args = {protokoll, "search", "--db", db, "--json", o.query};
    if (o.year_from) args.insert(args.end(), {"--years", std::to_string(*o.year_from) + ".." +
                                                             (o.year_to ? std::to_string(*o.year_to) : "")});
    if (!o.body.empty()) args.insert(args.end(), {"--body", o.body});
    if (o.min_amount) args.insert(args.end(), {"--min-amount", std::to_string(static_cast<long long>(*o.min_amount))});
    int fds[2];
    if (pipe(fds) != 0) return -1;
    const auto s = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid == 0) {
      dup2(fds[1], 1);
      close(fds[0]);
      close(fds[1]);
      const int null = open("/dev/null", O_WRONLY);
      dup2(null, 2);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(protokoll, argv.data());
      _exit(127);
    }
    close(fds[1]);
    out->clear();
    char buf[65536];
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) out->append(buf, static_cast<size_t>(n));
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s).count();
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? ms : -1;
  };
  const std::string lists = std::string(db) + ".lists", hidden = lists + ".hidden-by-synth";
  const bool has_lists = access(lists.c_str(), F_OK) == 0;
  std::vector<std::string> outputs;
  auto run = [&](const char* px, bool compare) {
    Gen g(seed);
    std::vector<double> plain, filtered;
    std::string out;
    long differ = 0;
    (void)run_one(MakeQuery(g, 0), &out);  // the page cache, as a user's second search has it
    g = Gen(seed);
    for (int i = 0; i < queries; ++i) {
      const SearchOptions o = MakeQuery(g, i);
      const double ms = run_one(o, &out);
      if (ms < 0) {
        std::fprintf(stderr, "synth: protokoll search %s failed\n", o.query.c_str());
        return false;
      }
      (i % 2 == 1 ? filtered : plain).push_back(ms);
      if (std::getenv("SYNTH_SLOWEST"))
        std::fprintf(stderr, "%s %8.1f ms  %s%s%s%s\n", px, ms, o.query.c_str(),
                     o.year_from ? (" years " + std::to_string(*o.year_from)).c_str() : "",
                     o.body.empty() ? "" : (" body " + o.body).c_str(),
                     o.min_amount ? (" min " + std::to_string(static_cast<long long>(*o.min_amount))).c_str() : "");
      if (compare) differ += out != outputs[static_cast<size_t>(i)];
      else outputs.push_back(out);
    }
    std::printf("%s_plain_p50_ms %.2f\n%s_plain_p95_ms %.2f\n%s_filtered_p50_ms %.2f\n%s_filtered_p95_ms %.2f\n", px,
                pct(plain, 0.5), px, pct(plain, 0.95), px, pct(filtered, 0.5), px, pct(filtered, 0.95));
    if (compare) std::printf("%s_outputs_differing %ld of %d\n", px, differ, queries);
    return !compare || differ == 0;
  };
  if (has_lists && rename(lists.c_str(), hidden.c_str()) != 0) return 2;
  const bool sql_ok = run("cli_sql", false);
  if (has_lists && rename(hidden.c_str(), lists.c_str()) != 0) {
    std::fprintf(stderr, "synth: could not put %s back (it is %s)\n", lists.c_str(), hidden.c_str());
    return 2;
  }
  if (!sql_ok) return 2;
  if (!has_lists) {
    std::printf("cli_lists_file none (protokoll index writes it)\n");
    return 0;
  }
  return run("cli_lists", true) ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "pdfsrc" && argc == 5) return Pdfsrc(std::atoi(argv[2]), std::strtoull(argv[3], nullptr, 10), argv[4]);
  if (cmd == "catalogue" && argc == 5)
    return MakeCatalogue(std::atol(argv[2]), std::strtoull(argv[3], nullptr, 10), argv[4]);
  if (cmd == "cli" && argc == 6) return CliBench(argv[2], argv[3], std::atoi(argv[4]), std::strtoull(argv[5], nullptr, 10));
  if (cmd == "search" && argc == 5) return SearchBench(argv[2], std::atoi(argv[3]), std::strtoull(argv[4], nullptr, 10));
  std::fprintf(stderr,
               "usage: synth pdfsrc PAGES SEED OUT.pdfsrc | synth catalogue ITEMS SEED DB | "
               "synth search DB QUERIES SEED\n");
  return 2;
}
