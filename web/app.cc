#include "web/app.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <list>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

#include "catalogue/catalogue.h"
#include "catalogue/terms.h"
#include "extractors/amounts.h"
#include "extractors/dates.h"
#include "extractors/diarienummer.h"
#include "extractors/text.h"
#include "pipeline/raster.h"
#include "pipeline/searchable_pdf.h"
#include "pipeline/sha256.h"
#include "web/openapi_json.h"
#include "web/paragraph_schema_json.h"
#include "web/style_css.h"

namespace protokoll::web {

namespace cat = protokoll::catalogue;
using Json = nlohmann::ordered_json;

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

namespace {

constexpr char kSessionCookie[] = "protokoll_session";

// The quality reasons and review problems are stored in English (the catalogue, the CLI's
// `review` and the JSON API keep them so); the pages are in Swedish, so each known phrase is
// said in Swedish there, numbers kept. A line not known here is shown as stored.
std::string SwedishHeaderStyle(std::string_view style) {
  if (style == "sign") return "§-tecken";
  if (style == "sign (OCR misread)") return "§-tecken (feltolkat av OCR)";
  if (style == "organ prefix without sign") return "organets förkortning utan §";
  if (style == "bare number") return "bara nummer";
  if (style == "none") return "ingen";
  return std::string(style);
}

// How a page was read, in Swedish: "ocr" → "OCR-läst", "pdf"/"text" → "text".
std::string SwedishSource(std::string_view source) {
  if (source == "ocr") return "OCR-läst";
  if (source == "pdf") return "PDF-text";
  if (source == "text") return "textfil";
  if (source == "empty") return "tom sida";
  return std::string(source);
}

// How a twin's file was read, as the search list names it: "skannad" or "text-PDF".
std::string TwinSourceName(std::string_view source) {
  if (source == "ocr") return "skannad";
  if (source == "pdf") return "text-PDF";
  if (source == "text") return "textfil";
  return std::string(source);
}

// A field of the record as a reader calls it.
std::string SwedishField(std::string_view field) {
  static const std::pair<std::string_view, std::string_view> kNames[] = {
      {"title", "rubrik"},   {"diarienummer", "diarienummer"}, {"decision", "beslut"},  {"amounts", "belopp"},
      {"dates", "datum"},    {"meeting_date", "mötesdatum"},    {"body", "organ"},       {"not_an_item", "inget ärende"}};
  for (const auto& [k, v] : kNames)
    if (field == k) return std::string(v);
  return std::string(field);
}

// A correction the catalogue refused, said in Swedish ("meeting_date takes an ISO date …").
std::string SwedishCorrectionError(const std::string& message) {
  static const std::pair<std::string_view, std::string_view> kWhy[] = {
      {"an ISO date (YYYY-MM-DD) or null", "ett datum som finns, ÅÅÅÅ-MM-DD (eller tomt)"},
      {"a list of ISO dates", "datum som finns, ÅÅÅÅ-MM-DD, åtskilda med ;"},
      {"a list of numbers", "belopp i kronor, åtskilda med ;"},
      {"a text or null", "en text (eller tomt)"},
      {"a text", "en text"}};
  const size_t takes = message.find(" takes ");
  if (takes != std::string::npos) {
    const size_t colon = message.rfind(": ", takes);
    const std::string field = message.substr(colon == std::string::npos ? 0 : colon + 2, takes - (colon == std::string::npos ? 0 : colon + 2));
    const std::string why = message.substr(takes + 7);
    for (const auto& [en, sv] : kWhy)
      if (why == en) return "Fältet " + SwedishField(field) + " tar " + std::string(sv) + ".";
    return "Fältet " + SwedishField(field) + " kan inte ta det värdet.";
  }
  return "Rättelsen kunde inte sparas (" + message + ").";
}

std::string Arenden(std::string_view n) { return std::string(n) + (n == "1" ? " ärende" : " ärenden"); }

std::string SwedishReason(std::string_view line) {
  auto starts = [&](std::string_view p) { return line.substr(0, p.size()) == p; };
  auto ends = [&](std::string_view p) { return line.size() >= p.size() && line.substr(line.size() - p.size()) == p; };
  auto number_then = [&](std::string_view rest, std::string_view sv) -> std::optional<std::string> {
    const size_t sp = line.find(' ');
    if (sp == std::string_view::npos || line.substr(sp) != rest) return std::nullopt;
    return std::string(line.substr(0, sp)) + std::string(sv);
  };
  if (line == "no § header in any style") return "ingen §-rubrik i någon stil";
  if (line == "no § found: stored one item per page") return "ingen § hittad: en post per sida";
  if (line == "no text") return "ingen text";
  if (starts("header style: ")) {
    std::string_view rest = line.substr(14);
    const size_t comma = rest.rfind(", ");
    if (comma != std::string_view::npos && ends(" items"))
      return "§-stil: " + SwedishHeaderStyle(rest.substr(0, comma)) + ", " +
             Arenden(rest.substr(comma + 2, rest.size() - comma - 2 - 6));
  }
  if (starts("meeting ") && ends(")")) {
    static const std::pair<std::string_view, std::string_view> kHeads[] = {
        {" (front page)", " (försättsblad)"},
        {" (numbering restarts)", " (numreringen börjar om)"},
        {" (heading sentence)", " (rubrikmening)"},
        {" (page header date)", " (nytt datum i sidhuvudet)"},
    };
    const size_t from = line.find(" from line ");
    for (const auto& [en, sv] : kHeads)
      if (from != std::string_view::npos && ends(en)) {
        const size_t paren = line.find(" (", from);
        return "möte " + std::string(line.substr(8, from - 8)) + " från rad " +
               std::string(line.substr(from + 11, paren - from - 11)) + std::string(sv);
      }
  }
  if (auto s = number_then(" numbers missing in the § numbering", " nummer saknas i §-numreringen")) return *s;
  if (auto s = number_then(" § numbers out of order within a meeting", " §-nummer i fel ordning inom ett möte")) return *s;
  if (starts("titles on ") || starts("decisions on ")) {
    const bool titles = starts("titles on ");
    std::string_view rest = line.substr(titles ? 10 : 13);
    const size_t of = rest.find(" of ");
    if (of != std::string_view::npos && ends(" items"))
      return std::string(titles ? "rubrik på " : "beslut på ") + std::string(rest.substr(0, of)) + " av " +
             Arenden(rest.substr(of + 4, rest.size() - of - 4 - 6));
  }
  if (starts("OCR confidence ")) {
    std::string v(line.substr(15));
    for (char& c : v)
      if (c == '.') c = ',';
    return "OCR-säkerhet " + v;
  }
  if (starts("§ labels read as ")) return "§-beteckningar lästa som " + SwedishHeaderStyle(line.substr(17));
  if (starts("not an item: line ")) {
    // "not an item: line 12, page 1: «§ 3 …»: reason": the quoted protocol text is kept.
    const size_t quote_end = line.rfind("»: ");
    const size_t comma = line.find(", page ");
    if (quote_end != std::string_view::npos && comma != std::string_view::npos && comma < quote_end) {
      std::string_view reason = line.substr(quote_end + 4);
      static const std::pair<std::string_view, std::string_view> kWhy[] = {
          {"inside a sentence (the line before leads on to it)", "inne i en mening (raden före leder fram till den)"},
          {"entry of a contents list (leaders or page numbers)", "rad i en innehållsförteckning (punktlinjer eller sidnummer)"},
          {"entry of a list under its heading", "rad i en lista under sin rubrik"},
          {"entry of a list (its numbers come again with bodies)", "rad i en lista (numren kommer igen med text)"},
          {"not in the item numbering", "passar inte i ärendenas numrering"},
      };
      std::string sv(reason);
      for (const auto& [en, svt] : kWhy)
        if (reason == en) sv = std::string(svt);
      if (reason.rfind("repeats the number of the item at line ", 0) == 0)
        sv = "upprepar numret på ärendet på rad " + std::string(reason.substr(39));
      return "inte ett ärende: rad " + std::string(line.substr(18, comma - 18)) + ", sida " +
             std::string(line.substr(comma + 7, line.find(':', comma) - comma - 7)) +
             std::string(line.substr(line.find(':', comma), quote_end + 3 - line.find(':', comma))) + sv;
    }
  }
  if (starts("closing block from line ")) {
    const size_t ends_at = line.find(" ends ");
    if (ends_at != std::string_view::npos)
      return "avslutning från rad " + std::string(line.substr(24, ends_at - 24)) + " avslutar " +
             std::string(line.substr(ends_at + 6));
  }
  if (auto s = number_then(" empty page (no ink): not read", " tom sida (inget bläck): inte läst")) return *s;
  if (auto s = number_then(" empty pages (no ink): not read", " tomma sidor (inget bläck): inte lästa")) return *s;
  if (auto s = number_then(" header-like lines inside items", " rubrikliknande rader inne i ärenden")) return *s;
  if (auto s = number_then(" items repeat the § and title of another", " ärenden upprepar ett annat ärendes § och rubrik")) return *s;
  if (auto s = number_then(" titles end in leaders or a page number", " rubriker slutar med punktlinje eller sidnummer")) return *s;
  if (auto s = number_then(" items have no text under their title", " ärenden saknar text under rubriken")) return *s;
  if (auto s = number_then(" meetings without a date", " möten utan datum")) return *s;
  if (auto s = number_then(" bytes of text belong to no item", " byte text hör inte till något ärende")) return *s;
  if (auto s = number_then(" § lines fit no item numbering", " §-rader passar inte i numreringen")) return *s;
  if (line == "no § found on this page") return "ingen § hittad på sidan";
  if (line == "no title") return "ingen rubrik";
  if (line == "no decision") return "inget beslut";
  if (line == "low OCR confidence") return "låg OCR-säkerhet";
  return std::string(line);
}

// Each line (quality reasons) or each ", "-separated phrase (a review item's problems); a
// final separator is dropped.
std::string SwedishReasons(std::string_view text, std::string_view separator = "\n") {
  if (text.size() >= separator.size() && text.substr(text.size() - separator.size()) == separator)
    text.remove_suffix(separator.size());
  std::string out;
  for (size_t at = 0;;) {
    const size_t end = text.find(separator, at);
    out += SwedishReason(text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at));
    if (end == std::string_view::npos) return out;
    out += separator;
    at = end + separator.size();
  }
}

constexpr auto kSessionLifetime = std::chrono::hours(12);

std::string UrlEncode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

std::string RandomHex(size_t bytes) {
  std::vector<unsigned char> b(bytes);
  if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) {
    // Never a predictable session: refuse rather than fall back.
    throw std::runtime_error("no random bytes for a session");
  }
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : b) {
    out.push_back(hex[c >> 4]);
    out.push_back(hex[c & 15]);
  }
  return out;
}

bool SameSecret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && !a.empty() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string Param(const Request& r, const std::string& name) {
  auto it = r.params.find(name);
  return it == r.params.end() ? std::string() : it->second;
}

std::string Header(const Request& r, const std::string& name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? std::string() : it->second;
}

std::string Cookie(const Request& r, const std::string& name) {
  std::string all = Header(r, "cookie");
  size_t i = 0;
  while (i < all.size()) {
    while (i < all.size() && (all[i] == ' ' || all[i] == ';')) ++i;
    size_t eq = all.find('=', i), end = all.find(';', i);
    if (end == std::string::npos) end = all.size();
    if (eq != std::string::npos && eq < end && all.compare(i, eq - i, name) == 0) return all.substr(eq + 1, end - eq - 1);
    i = end + 1;
  }
  return {};
}

std::string Mark(std::string_view escaped_snippet_with_markers) {
  std::string out;
  for (char c : escaped_snippet_with_markers) {
    if (c == '\x01') out += "<mark>";
    else if (c == '\x02') out += "</mark>";
    else out.push_back(c);
  }
  return out;
}

Response Html(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response JsonResponse(int status, const Json& j) {
  Response r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  r.body = j.dump(-1, ' ', false, Json::error_handler_t::replace);
  return r;
}

Response JsonError(int status, const std::string& message) {
  return JsonResponse(status, Json{{"error", message}, {"status", status}});
}

Response Redirect(const std::string& to) {
  Response r;
  r.status = 303;
  r.headers.emplace_back("Location", to);
  r.body = "<a href=\"" + Escape(to) + "\">" + Escape(to) + "</a>";
  return r;
}

// A local path to go back to after login: never another site ("//evil", "https:").
std::string SafeNext(const std::string& next) {
  if (next.empty() || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\'))) return "/";
  for (char c : next)
    if (static_cast<unsigned char>(c) < 0x20) return "/";
  return next;
}

std::optional<int> ParseInt(const std::string& s, int lo, int hi) {
  if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  int v = std::stoi(s);
  if (v < lo || v > hi) return std::nullopt;
  return v;
}

bool IsItemId(const std::string& id) {
  if (id.size() < 18 || id.size() > 40 || id[16] != '-') return false;
  for (size_t i = 0; i < 16; ++i)
    if (!std::isxdigit(static_cast<unsigned char>(id[i])) || std::isupper(static_cast<unsigned char>(id[i]))) return false;
  return id.find_first_not_of("0123456789abcdefmp.-") == std::string::npos;
}

// "1 200 000 kr": thousands grouped with a no-break space, as Swedish prints amounts.
std::string Kronor(double v) {
  char b[48];
  std::snprintf(b, sizeof b, "%.0f", std::round(v));
  std::string digits = b, out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0 && digits[i - 1] != '-') out += "\xC2\xA0";
    out.push_back(digits[i]);
  }
  return out + "\xC2\xA0kr";
}

// A rectangle of a page image (pixels of the 300 dpi page).
struct Box {
  int left = 0, top = 0, width = 0, height = 0;
};

// The item's own region of an OCR'd page: the union of the boxes of its lines, from the first
// to the last line whose words are the item's (in the item's order; lines of fewer than 10
// letters, such as "Beslut", say too little alone). Nothing when none of the page's lines is.
std::optional<Box> ItemRegion(const std::vector<cat::OcrLineRecord>& lines, const std::string& item_text) {
  auto letters = [](std::string_view t) {
    std::string out;
    for (const std::string& w : cat::Words(extractors::Fold(t))) out += w;
    return out;
  };
  const std::string body = letters(item_text);
  size_t pos = 0;
  int from = -1, to = -1;
  for (size_t k = 0; k < lines.size(); ++k) {
    const std::string key = letters(lines[k].text);
    if (key.size() < 10) continue;
    const size_t at = body.find(key, pos);
    if (at == std::string::npos) continue;
    pos = at + 1;
    if (from < 0) from = static_cast<int>(k);
    to = static_cast<int>(k);
  }
  if (from < 0) return std::nullopt;
  int x0 = INT32_MAX, y0 = INT32_MAX, x1 = 0, y1 = 0;
  for (int k = from; k <= to; ++k) {
    const auto& l = lines[static_cast<size_t>(k)];
    x0 = std::min(x0, l.left);
    y0 = std::min(y0, l.top);
    x1 = std::max(x1, l.left + l.width);
    y1 = std::max(y1, l.top + l.height);
  }
  return Box{x0, y0, x1 - x0, y1 - y0};
}

// A person's name as a link to their page (escaped; the name in the address percent-encoded).
std::string PersonLink(const std::string& name) {
  return "<a class=\"person\" href=\"/person?name=" + Escape(UrlEncode(name)) + "\">" + Escape(name) + "</a>";
}

std::string Percent(double v) {
  char b[16];
  std::snprintf(b, sizeof b, "%.0f %%", v * 100);
  return b;
}

}  // namespace

struct App::Impl {
  AppOptions options;

  struct Session {
    std::string csrf;
    std::chrono::steady_clock::time_point expires;
    std::string editor;  // who logged in: the author of their corrections
  };

  bool Editable() const { return !options.edit_token.empty() || !options.editors.empty(); }
  // A document's path as a reader sees it: relative to the folder ingest ran in (--root), never
  // the server's absolute path; outside that folder, the file's name alone.
  std::string DisplayPath(const std::string& path) const {
    if (path.empty() || path[0] != '/') return path;
    const std::string root = RootPrefix();
    if (!root.empty() && path.compare(0, root.size(), root) == 0) return path.substr(root.size());
    return std::filesystem::path(path).filename().string();
  }
  // The ingest folder (--root) as a canonical path ending in '/'; empty if it cannot be resolved.
  std::string RootPrefix() const {
    std::error_code ec;
    std::string root = std::filesystem::weakly_canonical(std::filesystem::absolute(options.root, ec), ec).string();
    if (ec) return {};
    if (!root.empty() && root.back() != '/') root += '/';
    return root;
  }
  // The editor a token belongs to: each editor's token by its hash (compared in constant
  // time), or the one shared token.
  std::optional<std::string> EditorOf(const std::string& token) const {
    if (token.empty()) return std::nullopt;
    const std::string hash = pipeline::Sha256Hex(token);
    std::optional<std::string> who;
    for (const Editor& e : options.editors)
      if (SameSecret(hash, e.token_sha256)) who = e.name;
    if (!who && !options.edit_token.empty() && SameSecret(token, options.edit_token)) who = "redaktör";
    return who;
  }
  std::mutex sessions_mu;
  std::map<std::string, Session> sessions;

  // Rendered page images, newest first (a few dozen pages: what people are looking at).
  struct CachedPage {
    std::string key;
    pipeline::PagePreview preview;
  };
  std::mutex cache_mu;
  std::list<CachedPage> cache;
  std::map<std::string, std::string> file_shas;  // path|size|mtime → SHA-256 of the bytes

  cat::Catalogue& Db() {
    // One connection per server thread: SQLite connections are not shared between threads.
    thread_local std::map<std::string, std::unique_ptr<cat::Catalogue>> per_thread;
    auto& slot = per_thread[options.db];
    if (!slot) {
      auto opened = cat::Catalogue::Open(options.db);
      if (!opened.ok()) throw std::runtime_error(opened.status().ToString());
      slot = std::make_unique<cat::Catalogue>(std::move(*opened));
      // Filters and facets from memory (one copy for the process; RunServe loaded it): a search
      // of a common word reads no row per match. Without it the SQL path answers, slower.
      (void)slot->KeepFilterColumns();
      // And the common words' match lists, which RunServe reads in the background.
      if (options.term_memory_mb > 0) slot->KeepTermIndex();
    }
    return *slot;
  }

  // The logged-in session of the request, if any.
  std::optional<Session> SessionOf(const Request& r) {
    std::string id = Cookie(r, kSessionCookie);
    if (id.empty()) return std::nullopt;
    std::lock_guard<std::mutex> lock(sessions_mu);
    auto it = sessions.find(id);
    if (it == sessions.end()) return std::nullopt;
    if (it->second.expires < std::chrono::steady_clock::now()) {
      sessions.erase(it);
      return std::nullopt;
    }
    return it->second;
  }
  bool CanEdit(const Request& r) { return Editable() && SessionOf(r).has_value(); }
  std::optional<std::string> BearerEditor(const Request& r) {
    std::string h = Header(r, "authorization");
    if (!Editable() || h.rfind("Bearer ", 0) != 0) return std::nullopt;
    return EditorOf(h.substr(7));
  }

  std::string Page(const Request& r, const std::string& title, const std::string& main) {
    auto s = SessionOf(r);
    std::string nav = "<a href=\"/\">Sök</a> <a href=\"/review\">Granska</a> <a href=\"/stats/votes\">Omröstningar</a> "
                      "<a href=\"/api/openapi.json\">API</a> ";
    if (!Editable()) {
      nav += "<span class=\"ro\">endast läsning</span>";
    } else if (s) {
      nav += "<span class=\"ro\">" + Escape(s->editor) + "</span> <form method=\"post\" action=\"/logout\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"" +
             Escape(s->csrf) + "\"><button>Logga ut</button></form>";
    } else {
      nav += "<a href=\"/login?next=" + UrlEncode(r.path) + "\">Logga in</a>";
    }
    return "<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
           "content=\"width=device-width, initial-scale=1\"><title>" + Escape(title) +
           " – protokoll</title><link rel=\"stylesheet\" href=\"/static/style.css\"></head><body><header><a "
           "class=\"brand\" href=\"/\">protokoll</a><nav>" + nav + "</nav></header><main>" + main +
           "</main></body></html>";
  }

  Response Search(const Request& r);
  // Everything a person did across the catalogue (/person?name=…): the items they moved
  // something in, voted on by roll call, reserved themselves against, declared jäv in, and the
  // meetings they attended; the name matched as the search filters match it.
  Response Person(const Request& r);
  // Votes and reservations per organ and year (/stats/votes): a table, a chart drawn by the
  // server (SVG, no script), and the CSV of `protokoll stats --votes` (?format=csv).
  Response VoteStats(const Request& r);
  Response Item(const Request& r, const std::string& id);
  Response Document(const Request& r, const std::string& sha);
  Response Review(const Request& r);
  Response Login(const Request& r);
  Response Logout(const Request& r);
  Response Revert(const Request& r, const std::string& id);
  // Why a search found nothing: each word's hits alone (with the same filters), and whether the
  // words find items that the filters leave out. Empty when nothing useful can be said.
  std::vector<std::pair<std::string, long long>> WordCounts(const cat::SearchOptions& o, long long* without_filters);
  Response Citation(const Request& r, const std::string& id, bool ris);
  std::vector<std::pair<cat::Catalogue::Correction, Json>> HistoryWithBefore(const std::string& id);
  Response CorrectForm(const Request& r, const std::string& id);
  Response PageImage(const Request& r, const std::string& sha, int page);
  Response Api(const Request& r);
  Response Original(const Request& r, const std::string& sha);
  // The searchable PDF of a scanned document (pipeline/searchable_pdf.h), made on request from
  // its original — under the same rules as Original — and the OCR stored at ingest.
  Response SearchablePdf(const Request& r, const std::string& sha);
  // A document's file as ingested: its bytes, or the page that says why not (404 no document
  // or no file, 403 outside the ingest folder, 409 changed since ingest).
  struct OriginalFile {
    std::optional<cat::Catalogue::DocumentView> doc;
    std::filesystem::path file;
    std::string bytes;  // the whole file when size <= options.original_in_memory, else empty
    size_t size = 0;
    std::optional<Response> refused;
  };
  OriginalFile ReadOriginal(const Request& r, const std::string& sha);
  // The item's twins (the same item in a scan and a text PDF) with a link each, and what a
  // person corrected in a twin that this item does not say yet, offered: an editor applies it
  // here with one click (the correction form with that field alone).
  std::string TwinSection(const Request& r, const std::string& id, const Json& rec);
  // An item's twins as the API lists them: [{"id", "source", "url"}].
  Json TwinsJson(const std::string& id) {
    Json out = Json::array();
    if (auto twins = Db().Twins(id); twins.ok())
      for (const auto& t : *twins) out.push_back({{"id", t.id}, {"source", t.source}, {"url", "/item/" + t.id}});
    return out;
  }

  Result<pipeline::PagePreview> Preview(const std::string& sha, int page);
  std::string CorrectionForm(const Request& r, const Json& record, const std::string& back);
  std::optional<cat::SearchOptions> SearchOptionsOf(const Request& r, std::string* error);
};

App::App(AppOptions options) : impl_(std::make_unique<Impl>()) { impl_->options = std::move(options); }
App::~App() = default;

std::optional<cat::SearchOptions> App::Impl::SearchOptionsOf(const Request& r, std::string* error) {
  cat::SearchOptions o;
  o.query = Param(r, "q");
  if (o.query.size() > options.max_query_bytes) {
    *error = "Frågan är för lång (högst " + std::to_string(options.max_query_bytes) + " byte).";
    return std::nullopt;
  }
  auto year = [&](const char* name) -> std::optional<int> {
    std::string v = Param(r, name);
    if (v.empty()) return std::nullopt;
    auto y = ParseInt(v, 1000, 2999);
    if (!y) *error = "Årtalet " + v + " kan inte läsas.";
    return y;
  };
  o.year_from = year("from");
  o.year_to = year("to");
  o.body = Param(r, "body");
  o.municipality = Param(r, "municipality");
  o.dnr = Param(r, "dnr");
  // A diarienummer typed in the main box ("ks 2017/73", "Dnr BUN 2020/112") finds its items,
  // as the Dnr filter does; the words it is made of would find little.
  if (o.dnr.empty() && !o.query.empty() && o.query.size() <= 60 && o.query.find('"') == std::string::npos) {
    std::string up = o.query;
    for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (std::any_of(up.begin(), up.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
        (extractors::ParseDiarienummer(o.query) || extractors::ParseDiarienummer(up))) {
      o.dnr = extractors::ParseDiarienummer(o.query) ? o.query : up;
      o.query.clear();
    }
  }
  for (auto [name, slot] : {std::pair{"min", &o.min_amount}, std::pair{"max", &o.max_amount}}) {
    std::string v = Param(r, name);
    if (v.empty()) continue;
    auto n = extractors::ParseSwedishNumber(v);
    if (!n) *error = "Beloppet " + v + " kan inte läsas.";
    *slot = n;
  }
  for (auto [name, slot] : {std::pair{"date_from", &o.date_from}, std::pair{"date_to", &o.date_to}}) {
    std::string v = Param(r, name);
    if (v.empty()) continue;
    if (!extractors::IsIsoCalendarDate(v)) *error = "Datumet " + v + " finns inte (skriv ÅÅÅÅ-MM-DD, t.ex. 2019-03-14).";
    *slot = v;
  }
  // Who decided, and how: a vote, a reservation or a motion by a party or a person, presence.
  const std::string vote = Param(r, "vote");
  o.vote = vote == "1" || vote == "ja" || vote == "on";
  o.reserved_by = Param(r, "reserved_by");
  o.moved_by = Param(r, "moved_by");
  o.present = Param(r, "present");
  for (const std::string* who : {&o.reserved_by, &o.moved_by, &o.present})
    if (who->size() > 200 || !extractors::IsValidUtf8(*who)) *error = "Ett namn eller parti kan inte läsas.";
  if (!extractors::IsValidUtf8(o.query)) *error = "Frågan är inte giltig UTF-8-text.";
  const std::string ocr = Param(r, "ocr");
  if (ocr == "ocr" || ocr == "text") o.source = ocr;
  else if (!ocr.empty() && ocr != "alla") *error = "Källan " + ocr + " finns inte (ocr, text eller alla).";
  const std::string sort = Param(r, "sort");
  o.by_date = sort == "datum";
  if (!sort.empty() && sort != "datum" && sort != "relevans") *error = "Ordningen " + sort + " finns inte (relevans eller datum).";
  o.limit = 20;
  if (const std::string l = Param(r, "limit"); !l.empty()) {
    if (auto v = ParseInt(l, 1, 100)) o.limit = *v;
    else *error = "limit ska vara ett heltal 1–100, inte " + l + ".";
  }
  if (const std::string pg = Param(r, "page"); !pg.empty()) {
    if (auto v = ParseInt(pg, 1, 1000000)) o.offset = (*v - 1) * o.limit;
    else *error = "Sidan " + pg + " finns inte (ett heltal från 1).";
  }
  if (const std::string off = Param(r, "offset"); !off.empty()) {
    if (auto v = ParseInt(off, 0, 100000000)) o.offset = *v;
    else *error = "offset ska vara ett heltal från 0, inte " + off + ".";
  }
  o.summarize = true;
  o.mark_open = "\x01";
  o.mark_close = "\x02";
  if (!error->empty()) return std::nullopt;
  return o;
}

Response App::Impl::Search(const Request& r) {
  std::string error;
  auto o = SearchOptionsOf(r, &error);
  auto field = [&](const char* name, const char* label, const char* type = "text", const char* extra = "") {
    return std::string("<label>") + label + " <input type=\"" + type + "\" name=\"" + name + "\" value=\"" +
           Escape(Param(r, name)) + "\" " + extra + "></label>";
  };
  auto option = [&](const char* name, const char* value, const char* label) {
    return std::string("<option value=\"") + value + "\"" + (Param(r, name) == value ? " selected" : "") + ">" + label +
           "</option>";
  };
  std::string html =
      "<form class=\"search\" method=\"get\" action=\"/\"><div class=\"q\"><input type=\"search\" name=\"q\" "
      "id=\"q\" value=\"" + Escape(Param(r, "q")) + "\" placeholder=\"Sök i besluten, t.ex. förskola\" maxlength=\"" +
      std::to_string(options.max_query_bytes) + "\" autofocus><button>Sök</button></div><fieldset class=\"filters\">"
      "<legend>Avgränsa</legend>" + field("from", "År från", "number", "min=\"1600\" max=\"2100\"") +
      field("to", "till", "number", "min=\"1600\" max=\"2100\"") + field("body", "Organ") + field("municipality", "Kommun") + field("dnr", "Diarienummer") +
      field("min", "Belopp från (kr)") + field("max", "till") + field("date_from", "Mötesdatum från", "date") +
      field("date_to", "till", "date") + field("moved_by", "Yrkande av (parti eller namn)") +
      field("reserved_by", "Reservation av") + field("present", "Närvarande") +
      "<label><input type=\"checkbox\" name=\"vote\" value=\"1\"" + (Param(r, "vote").empty() ? "" : " checked") +
      "> Gick till omröstning</label>" + "<label>Källa <select name=\"ocr\">" + option("ocr", "", "alla") +
      option("ocr", "ocr", "skannade (OCR)") + option("ocr", "text", "text och PDF") +
      "</select></label><label>Ordning <select name=\"sort\">" + option("sort", "", "relevans") +
      option("sort", "datum", "datum, nyast först") + "</select></label></fieldset></form>";
  if (!o) return Html(400, Page(r, "Sök", html + "<p class=\"error\">" + Escape(error) + "</p>"));
  const bool anything = !o->query.empty() || o->Filtered();
  if (!anything) return Html(200, Page(r, "Sök", html));
  cat::SearchStats stats;
  auto hits = Db().Search(*o, &stats);
  if (!hits.ok()) return Html(400, Page(r, "Sök", html + "<p class=\"error\">" + Escape(hits.status().message()) + "</p>"));
  // The URL of this search with one parameter changed (facets, paging).
  auto with = [&](const std::string& key, const std::string& value) {
    std::string q;
    for (const auto& [k, v] : r.params) {
      if (k == key || k == "page" || (key == "from" && k == "to") || v.empty()) continue;
      q += (q.empty() ? "?" : "&") + UrlEncode(k) + "=" + UrlEncode(v);
    }
    if (!value.empty()) q += (q.empty() ? "?" : "&") + UrlEncode(key) + "=" + value;
    return "/" + q;
  };
  if (!Param(r, "q").empty() && o->query.empty() && !o->dnr.empty() && Param(r, "dnr").empty())
    html += "<p class=\"note\">Sökt som diarienummer: " + Escape(o->dnr) + "</p>";
  html += "<p class=\"count\">" + std::to_string(std::max<long long>(0, stats.total)) +
          (stats.total == 1 ? " träff" : " träffar") +
          (stats.note.empty() ? std::string() : " — frågan innehåller inget ord att söka efter") + "</p>";
  if (stats.total == 0 && stats.note.empty()) {
    long long unfiltered = -1;
    auto words = WordCounts(*o, &unfiltered);
    std::string why;
    for (const auto& [w, n] : words)
      why += (why.empty() ? "" : ", ") + std::string("«") + Escape(w) + "» ger " + (n == 0 ? std::string("inga") : std::to_string(n)) +
             (n == 1 ? " träff" : " träffar");
    if (!why.empty()) html += "<p class=\"note\">Var för sig: " + why + " (alla orden måste finnas i samma ärende).</p>";
    if (unfiltered > 0)
      html += "<p class=\"note\">Utan avgränsningarna ger frågan " + std::to_string(unfiltered) +
              (unfiltered == 1 ? " träff" : " träffar") + ": det är filtren som utesluter dem.</p>";
  }
  if (hits->empty() && o->offset > 0 && stats.total > 0)
    html += "<p class=\"error\">Sidan ligger efter den sista träffen.</p>";
  if (!stats.by_body.empty() || !stats.by_decade.empty() || !stats.by_municipality.empty()) {
    html += "<aside class=\"facets\">";
    if (!stats.by_municipality.empty()) {
      html += "<h2>Kommun</h2><ul class=\"municipality\">";
      for (const auto& [name, n] : stats.by_municipality)
        html += "<li><a href=\"" + Escape(with("municipality", UrlEncode(name))) + "\">" + Escape(name) + "</a> <span>" +
                std::to_string(n) + "</span></li>";
      html += "</ul>";
    }
    html += "<h2>Organ</h2><ul>";
    for (const auto& [body, n] : stats.by_body)
      html += "<li><a href=\"" + Escape(with("body", UrlEncode(body))) + "\">" + Escape(body.empty() ? "(okänt)" : body) +
              "</a> <span>" + std::to_string(n) + "</span></li>";
    html += "</ul><h2>Decennium</h2><ul>";
    for (const auto& [decade, n] : stats.by_decade) {
      int d = std::atoi(decade.c_str());
      html += "<li><a href=\"" + Escape(with("from", std::to_string(d) + "&to=" + std::to_string(d + 9))) + "\">" +
              std::to_string(d) + "-talet</a> <span>" + std::to_string(n) + "</span></li>";
    }
    html += "</ul>";
    // The parties of the hits' movers and reservers; each link applies that filter.
    for (const auto& [key, heading, counts] : {std::tuple{"moved_by", "Yrkanden per parti", &stats.by_party_moved},
                                               std::tuple{"reserved_by", "Reservationer per parti", &stats.by_party_reserved}}) {
      if (counts->empty()) continue;
      html += std::string("<h2>") + heading + "</h2><ul class=\"party\">";
      for (const auto& [party, n] : *counts)
        html += "<li><a href=\"" + Escape(with(key, UrlEncode(party))) + "\">" + Escape(party) + "</a> <span>" + std::to_string(n) +
                "</span></li>";
      html += "</ul>";
    }
    html += "</aside>";
  }
  if (stats.total > 0) {
    std::string q = with("page", "");
    q = q.size() > 1 ? q.substr(1) : std::string("?");
    html += "<p class=\"download\">Hela träfflistan: <a href=\"/api/search/export" + Escape(q) + "&amp;format=csv\" download>CSV</a> · "
            "<a href=\"/api/search/export" + Escape(q) + "&amp;format=jsonl\" download>JSON Lines</a></p>";
  }
  // A scan and a text PDF of the same meeting are one hit: the first of the twins on the page
  // is shown, with the other's source linked ("även som: skannad").
  std::set<std::string> shown;
  size_t folded = 0;
  std::string list;
  for (const auto& h : *hits) {
    if (shown.count(h.id)) {
      ++folded;
      continue;
    }
    shown.insert(h.id);
    auto twins = Db().Twins(h.id);
    std::string also;
    if (twins.ok())
      for (const auto& t : *twins) {
        shown.insert(t.id);
        also += std::string(also.empty() ? "" : ", ") + "<a href=\"/item/" + Escape(t.id) + "\">" + TwinSourceName(t.source) + "</a>";
      }
    list += "<li><h3><a href=\"/item/" + Escape(h.id) + "\">" + Escape(h.paragraph_label) + " " + Escape(h.title) +
            "</a></h3><p class=\"meta\">" + (h.municipality.empty() ? std::string() : Escape(h.municipality) + " · ") +
            Escape(h.body) + " · " + Escape(h.meeting_date.empty() ? "datum okänt" : h.meeting_date) + " · " +
            Escape(DisplayPath(h.path)) + ", s. " + std::to_string(h.page_start) + " (" + TwinSourceName(h.source) + ")" +
            (also.empty() ? "" : "</p><p class=\"twins\">även som: " + also) + "</p><p class=\"snippet\">" +
            Mark(Escape(h.snippet)) + "</p></li>";
  }
  if (folded > 0)
    html += "<p class=\"note\">" + std::to_string(folded) + (folded == 1 ? " träff är samma ärende" : " träffar är samma ärenden") +
            " i en annan fil (skannad och text) och visas ihop med sin tvilling.</p>";
  html += "<ol class=\"hits\" start=\"" + std::to_string(o->offset + 1) + "\">" + list;
  html += "</ol><nav class=\"pages\">";
  const int page = o->offset / o->limit + 1;
  if (page > 1) html += "<a rel=\"prev\" href=\"" + Escape(with("page", std::to_string(page - 1))) + "\">← Föregående</a> ";
  if (o->offset + static_cast<long long>(hits->size()) < stats.total)
    html += "<a rel=\"next\" href=\"" + Escape(with("page", std::to_string(page + 1))) + "\">Nästa →</a>";
  html += "</nav>";
  return Html(200, Page(r, o->query.empty() ? "Sök" : o->query, html));
}

namespace {

// What a person did, in Swedish, per part of PersonActivity's rows; attendance parts are roles.
struct PersonPart {
  const char* part;
  const char* heading;
  const char* detail;  // the column of the row's detail
};
constexpr PersonPart kPersonParts[] = {
    {"motion", "Yrkanden", "Yrkande"},
    {"vote", "Röstade vid omröstning (röstlängd)", "Röst"},
    {"reservation", "Reservationer", "Till förmån för"},
    {"statement", "Protokollsanteckningar", "Anteckning"},
    {"conflict", "Jäv", "Deltog inte"},
    {"attended", "Närvarande vid sammanträden", "Roll"},
};

std::string AttendanceRole(const cat::Catalogue::PersonRow& r) {
  if (r.part == "chair") return "ordförande";
  if (r.part == "secretary") return "sekreterare";
  if (r.part == "adjuster") return "justerare";
  return r.detail;
}

}  // namespace

// The person page's parameters (the page and /api/person): `name` and `limit` (500 when not
// given); `error` set, in Swedish, when one cannot be used.
static int PersonParams(const Request& r, std::string* error) {
  const std::string name = Param(r, "name");
  if (name.empty()) *error = "Ange ett namn, t.ex. /person?name=Anna+Andersson, eller ett parti (SD, Moderaterna).";
  else if (name.size() > 200 || !extractors::IsValidUtf8(name)) *error = "Namnet kan inte läsas (högst 200 byte UTF-8-text).";
  else if (cat::Words(extractors::Fold(name)).empty()) *error = "Namnet innehåller inget ord att söka efter.";
  int limit = 500;
  if (const std::string l = Param(r, "limit"); !l.empty()) {
    auto v = ParseInt(l, 1, 5000);
    if (!v) *error = "limit ska vara ett heltal 1–5000, inte " + l + ".";
    else limit = *v;
  }
  return limit;
}

Response App::Impl::Person(const Request& r) {
  const std::string name = Param(r, "name");
  const std::string form =
      "<h1>Person</h1><form class=\"search\" method=\"get\" action=\"/person\"><label>Namn eller parti <input type=\"search\" "
      "name=\"name\" value=\"" + Escape(name) + "\" maxlength=\"200\"></label> <button>Visa</button></form>";
  std::string error;
  const int limit = PersonParams(r, &error);
  if (!error.empty()) return Html(400, Page(r, "Person", form + "<p class=\"error\">" + Escape(error) + "</p>"));
  auto rows = Db().PersonActivity(name, limit);
  if (!rows.ok()) return Html(500, Page(r, "Fel", "<p>" + Escape(rows.status().message()) + "</p>"));
  // The attendance rows of one meeting and name are one row with its roles ("ledamot, justerare").
  std::vector<cat::Catalogue::PersonRow> shown;
  long long items = 0, meetings = 0;
  for (const auto& row : *rows) {
    const bool attended = row.part == "present" || row.part == "chair" || row.part == "secretary" || row.part == "adjuster";
    if (!attended) {
      shown.push_back(row);
      ++items;
      continue;
    }
    const std::string role = AttendanceRole(row);
    if (!shown.empty() && shown.back().part == "attended" && shown.back().item_id == row.item_id && shown.back().name == row.name) {
      auto& last = shown.back();
      if (!role.empty() && (", " + last.detail + ",").find(", " + role + ",") == std::string::npos)
        last.detail += (last.detail.empty() ? "" : ", ") + role;
      if (last.party.empty()) last.party = row.party;
      if (last.party_written.empty()) last.party_written = row.party_written;
      continue;
    }
    shown.push_back(row);
    shown.back().part = "attended";
    shown.back().detail = role;
    ++meetings;
  }
  std::set<std::string> names;
  for (const auto& row : shown)
    if (!row.name.empty()) names.insert(row.name);
  std::string html = form;
  if (shown.empty()) {
    html += "<p class=\"count\">Ingen med det namnet har yrkat, röstat, reserverat sig, lämnat en protokollsanteckning, anmält jäv eller antecknats som närvarande.</p>";
    return Html(200, Page(r, name, html));
  }
  if (names.size() > 1) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + PersonLink(n);
    html += "<p class=\"note\">Namnet passar " + std::to_string(names.size()) + " personer: " + list + ".</p>";
  }
  if (items >= limit || meetings >= limit)
    html += "<p class=\"note\">Visar de senaste " + std::to_string(limit) + " av varje slag (limit).</p>";
  for (const PersonPart& part : kPersonParts) {
    std::string body;
    size_t n = 0;
    for (const auto& row : shown) {
      if (row.part != part.part) continue;
      ++n;
      std::string party = Escape(row.party);
      if (!row.party_written.empty() && row.party_written != row.party)
        party += " <span class=\"raw\">(skrivet " + Escape(row.party_written) + ")</span>";
      const std::string organ = (row.municipality.empty() ? "" : row.municipality + " · ") + row.body;
      body += "<tr><td>" + Escape(row.meeting_date.empty() ? "okänt" : row.meeting_date) + "</td><td>" + Escape(organ) +
              "</td><td><a href=\"/item/" + Escape(row.item_id) + "\">" + Escape(row.label) + " " + Escape(row.title) + "</a></td><td>" +
              (row.name.empty() ? std::string("(partigruppen)") : Escape(row.name)) + "</td><td>" + party + "</td><td>" +
              Escape(std::string_view(part.part) == "conflict" ? "jäv" : row.detail) + "</td><td>" +
              (row.page > 0 ? std::to_string(row.page) : std::string()) + "</td></tr>";
    }
    if (n == 0) continue;
    html += std::string("<section class=\"person-part\"><h2>") + part.heading + " (" + std::to_string(n) +
            ")</h2><table class=\"person\"><thead><tr><th scope=\"col\">Datum</th><th scope=\"col\">Organ</th><th scope=\"col\">"
            + (std::string_view(part.part) == "attended" ? "Sammanträdet (första ärendet)" : "Ärende") +
            "</th><th scope=\"col\">Namn</th><th scope=\"col\">Parti</th><th scope=\"col\">" + part.detail +
            "</th><th scope=\"col\">Sida</th></tr></thead><tbody>" + body + "</tbody></table></section>";
  }
  return Html(200, Page(r, name, html));
}

namespace {

// Bars of votes per organ and year (one bar a row of VoteStats), drawn by the server: an SVG
// with a title and a label for screen readers, every text escaped, no script and no style
// attribute (the page's Content-Security-Policy allows neither inline).
constexpr size_t kMaxBars = 400;

std::string VotesChart(const std::vector<cat::Catalogue::VoteStatsRow>& rows) {
  const size_t n = std::min(rows.size(), kMaxBars);
  long long most = 1;
  for (size_t i = 0; i < n; ++i) most = std::max(most, rows[i].votes);
  const int label_w = 300, bar_w = 400, row_h = 22, top = 8;
  const int width = label_w + bar_w + 60, height = top * 2 + static_cast<int>(n) * row_h;
  long long total = 0;
  for (size_t i = 0; i < n; ++i) total += rows[i].votes;
  std::string svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Stapeldiagram: " +
                    std::to_string(total) + " omröstningar fördelade på " + std::to_string(n) +
                    " organ och år\" width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(height) +
                    "\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) +
                    "\"><title>Omröstningar per organ och år</title>";
  for (size_t i = 0; i < n; ++i) {
    const auto& row = rows[i];
    const int y = top + static_cast<int>(i) * row_h;
    const int w = static_cast<int>(static_cast<double>(bar_w) * static_cast<double>(row.votes) / static_cast<double>(most) + 0.5);
    const std::string label = (row.body.empty() ? std::string("(okänt organ)") : row.body) + " " +
                              (row.year ? std::to_string(*row.year) : std::string("(okänt år)"));
    svg += "<text x=\"" + std::to_string(label_w - 6) + "\" y=\"" + std::to_string(y + 15) + "\" text-anchor=\"end\">" + Escape(label) +
           "</text><rect class=\"bar\" x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + 3) + "\" width=\"" +
           std::to_string(w) + "\" height=\"" + std::to_string(row_h - 6) + "\" fill=\"#2b5797\"><title>" + Escape(label) + ": " +
           std::to_string(row.votes) + " omröstningar av " + std::to_string(row.items) + " ärenden</title></rect><text x=\"" +
           std::to_string(label_w + w + 4) + "\" y=\"" + std::to_string(y + 15) + "\">" + std::to_string(row.votes) + "</text>";
  }
  return svg + "</svg>";
}

}  // namespace

Response App::Impl::VoteStats(const Request& r) {
  const std::string format = Param(r, "format"), organ = Param(r, "body");
  const std::string form =
      "<h1>Omröstningar och reservationer</h1><form class=\"search\" method=\"get\" action=\"/stats/votes\"><label>Organ "
      "<input type=\"search\" name=\"body\" value=\"" + Escape(organ) + "\" maxlength=\"200\"></label> <button>Visa</button></form>";
  auto bad = [&](const std::string& why) {
    return Html(400, Page(r, "Omröstningar", form + "<p class=\"error\">" + Escape(why) + "</p>"));
  };
  if (!format.empty() && format != "html" && format != "csv") return bad("Formatet " + format + " finns inte (html eller csv).");
  if (organ.size() > 200 || !extractors::IsValidUtf8(organ)) return bad("Organet kan inte läsas (högst 200 byte UTF-8-text).");
  auto all = Db().VoteStats();
  if (!all.ok()) return Html(500, Page(r, "Fel", "<p>" + Escape(all.status().message()) + "</p>"));
  // The organ as the search filter takes it: every word given a part of the name, any case.
  std::vector<cat::Catalogue::VoteStatsRow> rows;
  const std::vector<std::string> words = cat::Words(extractors::Fold(organ));
  for (auto& row : *all) {
    const std::string key = extractors::Fold(row.body);
    bool pass = true;
    for (const auto& w : words) pass = pass && key.find(w) != std::string::npos;
    if (pass) rows.push_back(std::move(row));
  }
  if (format == "csv") {
    Response resp;
    resp.content_type = "text/csv; charset=utf-8";
    resp.body = cat::VoteStatsCsv(rows);
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"votes.csv\"");
    return resp;
  }
  std::string html = form;
  if (rows.empty()) return Html(200, Page(r, "Omröstningar", html + "<p class=\"count\">Inga ärenden.</p>"));
  std::string csv = "/stats/votes?format=csv" + (organ.empty() ? std::string() : "&body=" + UrlEncode(organ));
  html += "<p class=\"download\">Tabellen som <a href=\"" + Escape(csv) + "\" download>CSV</a> (som <code>protokoll stats --votes</code>).</p>";
  html += "<section><h2>Omröstningar per organ och år</h2>" + VotesChart(rows);
  if (rows.size() > kMaxBars)
    html += "<p class=\"note\">Diagrammet visar de första " + std::to_string(kMaxBars) + " av " + std::to_string(rows.size()) +
            " raderna; tabellen och CSV-filen har alla.</p>";
  html += "</section><section><h2>Tabell</h2><table class=\"votes\"><caption>Ärenden, omröstningar och reservationer per organ och "
          "mötesår</caption><thead><tr><th scope=\"col\">Organ</th><th scope=\"col\">År</th><th scope=\"col\">Ärenden</th>"
          "<th scope=\"col\">Omröstningar</th><th scope=\"col\">med röstetal</th><th scope=\"col\">Andel genom omröstning</th>"
          "<th scope=\"col\">Reservationer</th><th scope=\"col\">Reservationer per parti</th></tr></thead><tbody>";
  for (const auto& row : rows) {
    std::string parties;
    for (const auto& [party, n] : row.reservations_by_party)
      parties += (parties.empty() ? "" : ", ") + (party.empty() ? std::string("utan parti") : Escape(party)) + " " + std::to_string(n);
    html += "<tr><th scope=\"row\">" + Escape(row.body.empty() ? "(okänt organ)" : row.body) + "</th><td>" +
            (row.year ? std::to_string(*row.year) : std::string("okänt")) + "</td><td>" + std::to_string(row.items) + "</td><td>" +
            std::to_string(row.votes) + "</td><td>" + std::to_string(row.counted) + "</td><td>" +
            Percent(row.items ? static_cast<double>(row.votes) / static_cast<double>(row.items) : 0.0) + "</td><td>" +
            std::to_string(row.reservations) + "</td><td>" + parties + "</td></tr>";
  }
  html += "</tbody></table></section>";
  return Html(200, Page(r, "Omröstningar", html));
}

Result<pipeline::PagePreview> App::Impl::Preview(const std::string& sha, int page) {
  const std::string key = sha + "/" + std::to_string(page);
  {
    std::lock_guard<std::mutex> lock(cache_mu);
    for (auto it = cache.begin(); it != cache.end(); ++it) {
      if (it->key != key) continue;
      cache.splice(cache.begin(), cache, it);
      return cache.front().preview;
    }
  }
  auto doc = Db().Document(sha);
  if (!doc.ok()) return doc.status();
  if (!*doc) return Status::Error("page", "no such document");
  const auto& d = **doc;
  if (d.format == "text") return Status::Error("page", "En textfil har ingen sidbild.");
  if (page < 1 || page > d.pages) return Status::Error("page", "Sidan finns inte i dokumentet.");
  // The file as ingested: its path (relative to the ingest's folder) and the same bytes.
  std::filesystem::path p = d.file;
  if (p.is_relative()) p = std::filesystem::path(options.root) / p;
  std::error_code ec;
  auto size = std::filesystem::file_size(p, ec);
  if (ec) return Status::Error("page", "Filen finns inte längre kvar där den lästes in; sidbilden kan inte visas.");
  auto mtime = std::filesystem::last_write_time(p, ec).time_since_epoch().count();
  std::ifstream in(p, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string file_key = p.string() + "|" + std::to_string(size) + "|" + std::to_string(mtime);
  std::string file_sha;
  {
    std::lock_guard<std::mutex> lock(cache_mu);
    auto it = file_shas.find(file_key);
    if (it != file_shas.end()) file_sha = it->second;
  }
  if (file_sha.empty()) {
    file_sha = pipeline::Sha256Hex(bytes);
    std::lock_guard<std::mutex> lock(cache_mu);
    file_shas[file_key] = file_sha;
  }
  if (file_sha != d.sha256) return Status::Error("page", "Filen har ändrats sedan den lästes in; sidbilden visas inte.");
  const int turns = pipeline::QuarterTurnsOf(d.page_list.size() >= static_cast<size_t>(page) ? d.page_list[static_cast<size_t>(page - 1)].ocr_variant : "");
  auto preview = pipeline::RenderPagePreview(bytes, d.format == "pdf", page - 1, 300, 1100, turns);
  if (!preview.ok()) return preview.status();
  std::lock_guard<std::mutex> lock(cache_mu);
  cache.push_front({key, *preview});
  if (cache.size() > 48) cache.pop_back();
  return *preview;
}

Response App::Impl::PageImage(const Request&, const std::string& sha, int page) {
  auto p = Preview(sha, page);
  if (!p.ok()) {
    Response r = Html(404, "<p>" + Escape(p.status().message()) + "</p>");
    return r;
  }
  Response r;
  r.content_type = "image/png";
  r.body = p->png;
  r.headers.emplace_back("Cache-Control", "private, max-age=3600");
  return r;
}

std::string App::Impl::CorrectionForm(const Request& r, const Json& rec, const std::string& back) {
  auto s = SessionOf(r);
  if (!Editable()) return "<p class=\"ro\">Servern är startad utan redigering (endast läsning).</p>";
  if (!s) return "<p><a href=\"/login?next=" + UrlEncode(back) + "\">Logga in</a> för att rätta.</p>";
  auto text = [&](const char* k) { return rec.contains(k) && rec[k].is_string() ? rec[k].get<std::string>() : std::string(); };
  std::string dnr, amounts, dates;
  for (const auto& d : rec["diarienummer"]) dnr += (dnr.empty() ? "" : "; ") + d["raw"].get<std::string>();
  for (const auto& a : rec["amounts"]) {
    double v = a["sek"].get<double>();
    char b[32];
    std::snprintf(b, sizeof b, "%.0f", v);
    amounts += (amounts.empty() ? "" : "; ") + std::string(b);
  }
  for (const auto& d : rec["dates"]) dates += (dates.empty() ? "" : "; ") + d.get<std::string>();
  const std::string id = rec["id"].get<std::string>();
  auto input = [&](const char* name, const char* label, const std::string& value) {
    return std::string("<label>") + label + " <input name=\"" + name + "\" value=\"" + Escape(value) + "\"></label>";
  };
  return "<form class=\"correct\" method=\"post\" action=\"/item/" + Escape(id) + "/correct\"><input type=\"hidden\" "
         "name=\"csrf\" value=\"" + Escape(s->csrf) + "\"><input type=\"hidden\" name=\"back\" value=\"" + Escape(back) +
         "\">" + input("title", "Rubrik", text("title")) + input("diarienummer", "Diarienummer (;-separerade)", dnr) +
         "<label>Beslut <textarea name=\"decision\" rows=\"4\">" + Escape(text("decision")) + "</textarea></label>" +
         input("amounts", "Belopp i kr (;-separerade)", amounts) + input("dates", "Datum (;-separerade)", dates) +
         input("meeting_date", "Mötesdatum", text("meeting_date")) + input("body", "Organ", text("body")) +
         "<label class=\"check\"><input type=\"checkbox\" name=\"not_an_item\" value=\"1\"" +
         (rec.value("hidden", false) ? " checked" : "") + "> Inte ett ärende</label>" + input("note", "Kommentar", "") +
         "<button>Spara rättelse</button></form>";
}

namespace {

// A citation of an item for reference managers: CSL JSON (Zotero, Pandoc, citeproc) and RIS.
// The protocol is the container, the item the cited part; the page and the permalink go with it.
Json CslOf(const Json& rec, const std::string& url) {
  auto s = [&](const char* k) { return rec.contains(k) && rec[k].is_string() ? rec[k].get<std::string>() : std::string(); };
  Json csl = {{"id", rec["id"]}, {"type", "document"}, {"genre", "sammanträdesprotokoll"},
              {"title", (s("paragraph_label") + " " + s("title"))},
              {"container-title", (s("municipality").empty() ? "" : s("municipality") + ", ") + s("body") +
                                      (s("meeting_date").empty() ? "" : " " + s("meeting_date")) + ", protokoll"},
              {"page", std::to_string(rec.value("page_start", 1)) +
                           (rec.value("page_end", 1) != rec.value("page_start", 1) ? "-" + std::to_string(rec.value("page_end", 1)) : "")},
              {"language", "sv"}};
  if (!s("body").empty()) csl["author"] = Json::array({{{"literal", s("body")}}});
  // The municipality issued the protocol and keeps it in its archive (arkivbildare).
  if (!s("municipality").empty()) {
    csl["authority"] = s("municipality");
    csl["archive"] = s("municipality");
  }
  if (!s("meeting_date").empty()) {
    const std::string d = s("meeting_date");
    csl["issued"] = {{"date-parts", Json::array({Json::array({std::stoi(d.substr(0, 4)), std::stoi(d.substr(5, 2)), std::stoi(d.substr(8, 2))})})}};
  }
  if (rec.contains("diarienummer") && !rec["diarienummer"].empty()) csl["number"] = rec["diarienummer"][0].value("normalized", "");
  if (!url.empty()) csl["URL"] = url;
  csl["archive_location"] = rec["document"].value("path", "");
  return csl;
}

std::string RisOf(const Json& csl) {
  auto line = [](const char* tag, const std::string& v) { return v.empty() ? std::string() : std::string(tag) + "  - " + v + "\r\n"; };
  std::string out = "TY  - GEN\r\n";
  out += line("TI", csl.value("title", ""));
  if (csl.contains("author")) out += line("AU", csl["author"][0].value("literal", ""));
  out += line("T2", csl.value("container-title", ""));
  out += line("PB", csl.value("authority", ""));
  if (csl.contains("issued")) {
    const Json& p = csl["issued"]["date-parts"][0];
    char d[16];
    std::snprintf(d, sizeof d, "%04d/%02d/%02d", p[0].get<int>(), p[1].get<int>(), p[2].get<int>());
    out += line("DA", d);
    out += line("PY", std::to_string(p[0].get<int>()));
  }
  out += line("SP", csl.value("page", ""));
  out += line("M1", csl.value("number", ""));
  out += line("UR", csl.value("URL", ""));
  out += line("AV", csl.value("archive_location", ""));
  out += line("LA", "sv");
  out += line("ID", csl.value("id", ""));
  return out + "ER  - \r\n";
}

}  // namespace

Response App::Impl::Citation(const Request& r, const std::string& id, bool ris) {
  if (!IsItemId(id)) return Html(404, Page(r, "Saknas", "<p>Inget ärende med det id:t.</p>"));
  auto shown = Db().Show(id);
  if (!shown.ok() || shown->empty()) return Html(404, Page(r, "Saknas", "<p>Inget ärende med det id:t.</p>"));
  Json rec = Json::parse(shown->front(), nullptr, false);
  const std::string host = Header(r, "host");
  Json csl = CslOf(rec, host.empty() ? "" : "http://" + host + "/item/" + id);
  csl["archive_location"] = DisplayPath(csl.value("archive_location", ""));
  Response resp;
  if (ris) {
    resp.content_type = "application/x-research-info-systems; charset=utf-8";
    resp.body = RisOf(csl);
  } else {
    resp.content_type = "application/vnd.citationstyles.csl+json; charset=utf-8";
    resp.body = Json::array({csl}).dump(1);
  }
  resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + id + (ris ? ".ris" : ".json") + "\"");
  return resp;
}

namespace {

// Who decided, and how (the record's motions, vote, reservations, statements, jäv and the meeting's
// attendance), every value escaped: names and texts are the protocol's, not ours.
std::string HowDecided(const Json& rec) {
  auto str = [](const Json& v) { return v.is_string() ? v.get<std::string>() : std::string(); };
  auto who = [&](const Json& p) {
    std::string name = p.contains("name") ? str(p["name"]) : std::string();
    std::string party = p.contains("party") ? str(p["party"]) : std::string();
    if (name.empty()) return Escape(party.empty() ? "?" : party + "-gruppen");
    return PersonLink(name) + (party.empty() ? "" : " (" + Escape(party) + ")");
  };
  auto page = [&](const Json& p) {
    return p.contains("page") && p["page"].is_number() ? " <span class=\"pg\">s. " + std::to_string(p["page"].get<int>()) + "</span>"
                                                       : std::string();
  };
  auto list = [](const Json& rec_, const char* key) { return rec_.contains(key) && rec_[key].is_array() ? rec_[key] : Json::array(); };
  const Json motions = list(rec, "motions"), reservations = list(rec, "reservations"), conflicts = list(rec, "conflicts"),
             statements = list(rec, "statements");
  const Json vote = rec.contains("vote") ? rec["vote"] : Json();
  std::string html;
  if (!motions.empty() || vote.is_object() || !reservations.empty() || !statements.empty() || !conflicts.empty()) {
    html += "<section class=\"how\"><h2>Hur beslutet fattades</h2><dl class=\"fields\">";
    if (!motions.empty()) {
      html += "<dt>Yrkanden</dt><dd><ul>";
      for (const auto& m : motions)
        html += "<li>" + who(m) + ": " + Escape(str(m["kind"])) + (m.value("supports", false) ? " (instämmer)" : "") +
                (str(m["text"]).empty() ? "" : " <span class=\"raw\">— " + Escape(str(m["text"])) + "</span>") + page(m) + "</li>";
      html += "</ul></dd>";
    }
    if (vote.is_object()) {
      html += "<dt>Omröstning</dt><dd>";
      if (str(vote["method"]) == "acklamation") html += "Propositioner (acklamation), ingen omröstning begärd";
      else if (vote["counts"].is_object())
        html += std::to_string(vote["counts"].value("ja", 0)) + " ja, " + std::to_string(vote["counts"].value("nej", 0)) + " nej, " +
                std::to_string(vote["counts"].value("avstår", 0)) + " avstår" +
                (vote["counts"].value("frånvarande", 0) ? ", " + std::to_string(vote["counts"].value("frånvarande", 0)) + " frånvarande" : "");
      else html += "Omröstning begärd; resultatet är inte antecknat";
      html += page(vote);
      if (!str(vote["proposition"]).empty()) html += "<br><span class=\"raw\">" + Escape(str(vote["proposition"])) + "</span>";
      if (vote.contains("roll_call") && !vote["roll_call"].empty()) {
        html += "<table class=\"rollcall\"><caption>Röstlängd</caption><thead><tr><th scope=\"col\">Ledamot</th><th scope=\"col\">Röst</th></tr></thead><tbody>";
        for (const auto& c : vote["roll_call"]) html += "<tr><td>" + who(c) + "</td><td>" + Escape(str(c["vote"])) + "</td></tr>";
        html += "</tbody></table>";
      }
      html += "</dd>";
    }
    if (!reservations.empty()) {
      html += "<dt>Reservationer</dt><dd><ul>";
      for (const auto& x : reservations)
        html += "<li>" + who(x) + (str(x["in_favour_of"]).empty() ? "" : ", till förmån för " + Escape(str(x["in_favour_of"]))) +
                (x.value("written", false) ? " (skriftlig)" : "") + page(x) + "</li>";
      html += "</ul></dd>";
    }
    if (!statements.empty()) {
      html += "<dt>Protokollsanteckningar</dt><dd><ul>";
      for (const auto& x : statements)
        html += "<li>" + who(x) + (x.value("written", false) ? " (skriftlig)" : "") +
                (str(x["text"]).empty() ? "" : " <span class=\"raw\">— " + Escape(str(x["text"])) + "</span>") + page(x) + "</li>";
      html += "</ul></dd>";
    }
    if (!conflicts.empty()) {
      html += "<dt>Jäv</dt><dd><ul>";
      for (const auto& c : conflicts) html += "<li>" + who(c) + " deltog inte" + page(c) + "</li>";
      html += "</ul></dd>";
    }
    html += "</dl></section>";
  }
  const Json present = list(rec, "present"), adjusters = list(rec, "adjusters");
  const Json chair = rec.value("chair", Json()), secretary = rec.value("secretary", Json());
  if (!present.empty() || chair.is_object()) {
    html += "<details class=\"present\"><summary>Närvarande vid sammanträdet (" + std::to_string(present.size()) + ")</summary><p>";
    if (chair.is_object()) html += "Ordförande: " + who(chair) + ". ";
    if (secretary.is_object()) html += "Sekreterare: " + who(secretary) + ". ";
    if (!adjusters.empty()) {
      std::string a;
      for (const auto& p : adjusters) a += (a.empty() ? "" : ", ") + who(p);
      html += "Justerare: " + a + ".";
    }
    html += "</p><ul>";
    for (const auto& p : present) html += "<li>" + who(p) + (str(p.value("role", Json())).empty() ? "" : ", " + Escape(str(p.value("role", Json())))) + "</li>";
    html += "</ul></details>";
  }
  return html;
}

}  // namespace

Response App::Impl::Item(const Request& r, const std::string& id) {
  if (!IsItemId(id)) return Html(404, Page(r, "Saknas", "<p>Inget ärende med det id:t.</p>"));
  auto shown = Db().Show(id);
  if (!shown.ok()) return Html(500, Page(r, "Fel", "<p>" + Escape(shown.status().message()) + "</p>"));
  if (shown->empty()) return Html(404, Page(r, "Saknas", "<p>Inget ärende med id " + Escape(id) + ".</p>"));
  Json rec = Json::parse(shown->front(), nullptr, false);
  if (rec.is_discarded()) return Html(500, Page(r, "Fel", "<p>Posten kan inte läsas.</p>"));
  auto text = [&](const char* k) { return rec.contains(k) && rec[k].is_string() ? rec[k].get<std::string>() : std::string(); };
  const std::string sha = rec["document"]["sha256"].get<std::string>();
  const std::string path = rec["document"]["path"].get<std::string>();
  std::set<std::string> corrected;
  if (rec.contains("corrected"))
    for (const auto& c : rec["corrected"]) corrected.insert(c.get<std::string>());
  auto page_of = [&](const char* k) -> std::string {
    if (corrected.count(k)) return " <span class=\"corr\">rättad</span>";
    const Json& fp = rec["field_pages"];
    if (!fp.contains(k) || !fp[k].is_number()) return "";
    return " <span class=\"pg\">s. " + std::to_string(fp[k].get<int>()) + "</span>";
  };
  const std::string label = text("paragraph_label"), title = text("title");
  std::string dnr_first = rec["diarienummer"].empty() ? "" : rec["diarienummer"][0]["normalized"].get<std::string>();
  // The citation line: municipality, body, date, label, Dnr, page.
  std::string cite = text("municipality").empty() ? text("body") : text("municipality") + ", " + text("body");
  if (!text("meeting_date").empty()) cite += " " + text("meeting_date");
  if (!label.empty()) cite += ", " + label;
  if (!dnr_first.empty()) cite += ", Dnr " + dnr_first;
  cite += ", s. " + std::to_string(rec["page_start"].get<int>());
  std::string host = Header(r, "host");
  std::string html = "<article class=\"item\"><h1>" + Escape(label) + " " + Escape(title) +
                     (corrected.count("title") ? " <span class=\"corr\">rättad</span>" : "") + "</h1>";
  if (!corrected.empty()) {
    std::string names;
    for (const std::string& c : corrected) names += (names.empty() ? "" : ", ") + c;
    html += "<p class=\"note\">Rättat för hand: " + Escape(names) + " (se Rättelser nedan).</p>";
  }
  if (rec.value("unsegmented", false))
    html += "<p class=\"warn\">Ingen § hittades i dokumentet: detta är en hel sida, listad för granskning.</p>";
  html += "<p class=\"cite\">" + Escape(cite) + " · <a href=\"/item/" + Escape(id) + "\" rel=\"bookmark\">permalänk</a>" +
          " · citera som <a href=\"/item/" + Escape(id) + "/cite.ris\" download>RIS</a>, <a href=\"/item/" + Escape(id) +
          "/cite.json\" download>CSL JSON</a>" +
          (host.empty() ? "" : " <code>http://" + Escape(host) + "/item/" + Escape(id) + "</code>") + "</p><dl class=\"fields\">";
  html += "<dt>Kommun</dt><dd>" + Escape(text("municipality").empty() ? "okänd" : text("municipality")) + "</dd>";
  html += "<dt>Organ</dt><dd>" + Escape(text("body")) + page_of("body") + "</dd>";
  html += "<dt>Mötesdatum</dt><dd>" + Escape(text("meeting_date")) + page_of("meeting_date") + "</dd>";
  html += "<dt>Dokument</dt><dd><a href=\"/document/" + Escape(sha.substr(0, 16)) + "\">" + Escape(DisplayPath(path)) + "</a>, s. " +
          std::to_string(rec["page_start"].get<int>()) + "–" + std::to_string(rec["page_end"].get<int>()) + " (" +
          Escape(SwedishSource(text("source"))) + ") · <a href=\"/document/" + Escape(sha.substr(0, 16)) +
          "/original\" download>ladda ned originalfilen</a></dd>";
  html += "<dt>Diarienummer</dt><dd>";
  for (const auto& d : rec["diarienummer"])
    html += Escape(d["normalized"].get<std::string>()) + " <span class=\"raw\">(" + Escape(d["raw"].get<std::string>()) + ")</span>" +
            (d.contains("page") && d["page"].is_number() ? " <span class=\"pg\">s. " + std::to_string(d["page"].get<int>()) + "</span>" : "") + "<br>";
  html += (corrected.count("diarienummer") ? "<span class=\"corr\">rättad</span>" : "") + std::string("</dd><dt>Belopp</dt><dd>");
  for (const auto& a : rec["amounts"]) {
    html += Kronor(a["sek"].get<double>()) + (a["period"].is_string() ? (a["period"] == "year" ? " per år" : " per månad") : "") +
            " <span class=\"raw\">(" + Escape(a["raw"].get<std::string>()) + ")</span>" +
            (a.contains("page") && a["page"].is_number() ? " <span class=\"pg\">s. " + std::to_string(a["page"].get<int>()) + "</span>" : "") + "<br>";
  }
  html += "</dd><dt>Datum</dt><dd>";
  for (const auto& d : rec["dates"]) html += Escape(d.get<std::string>()) + " ";
  html += "</dd><dt>År</dt><dd>";
  for (const auto& y : rec["years"]) html += std::to_string(y.get<int>()) + " ";
  html += "</dd></dl><h2>Beslut" + page_of("decision") + "</h2><div class=\"decision\">" +
          (rec["decision"].is_string() ? Escape(rec["decision"].get<std::string>()) : std::string("<em>Inget beslut antecknat.</em>")) + "</div>";
  html += HowDecided(rec);
  // The page it was read from, with OCR's lines outlined where their boxes are known and the
  // item's own region marked; any page of the document can be shown (the one before and after
  // are linked), at 100, 150 or 200 % (links: the pages allow no script).
  const int first = rec["page_start"].get<int>(), last = rec["page_end"].get<int>();
  const int pages = rec["document"].value("pages", last);
  int shown_page = first;
  if (auto p = ParseInt(Param(r, "p"), 1, std::max(1, pages))) shown_page = *p;
  int zoom = 100;
  if (auto z = ParseInt(Param(r, "z"), 100, 200); z && (*z == 150 || *z == 200)) zoom = *z;
  auto page_url = [&](int page, int z) {
    std::string u = "/item/" + id;
    std::string q = (page != first ? "p=" + std::to_string(page) : std::string()) +
                    (z != 100 ? std::string(page != first ? "&" : "") + "z=" + std::to_string(z) : std::string());
    return q.empty() ? u : u + "?" + q;
  };
  html += "<h2>Sidan</h2><p class=\"pager\">";
  if (shown_page > 1)
    html += "<a rel=\"prev\" class=\"pg-prev\" href=\"" + Escape(page_url(shown_page - 1, zoom)) + "\">← s. " +
            std::to_string(shown_page - 1) + "</a> ";
  for (int p = first; p <= last; ++p)
    html += p == shown_page ? "<b>s. " + std::to_string(p) + "</b> "
                            : "<a href=\"" + Escape(page_url(p, zoom)) + "\">s. " + std::to_string(p) + "</a> ";
  if (shown_page < first || shown_page > last) html += "<b>s. " + std::to_string(shown_page) + "</b> ";
  if (shown_page < pages)
    html += "<a rel=\"next\" class=\"pg-next\" href=\"" + Escape(page_url(shown_page + 1, zoom)) + "\">s. " +
            std::to_string(shown_page + 1) + " →</a>";
  html += "</p>";
  auto preview = Preview(sha, shown_page);
  if (preview.ok()) {
    html += "<p class=\"zoom\">Storlek: ";
    for (int z : {100, 150, 200})
      html += z == zoom ? "<b>" + std::to_string(z) + " %</b> "
                        : "<a href=\"" + Escape(page_url(shown_page, z)) + "\">" + std::to_string(z) + " %</a> ";
    html += "</p><figure class=\"page z" + std::to_string(zoom) + "\"><div class=\"scroll\"><div class=\"sheet\"><img id=\"pageimg\" src=\"/page/" +
            Escape(sha.substr(0, 16)) + "/" + std::to_string(shown_page) + ".png\" alt=\"Sida " + std::to_string(shown_page) + " av " +
            Escape(DisplayPath(path)) + "\">";
    auto lines = Db().OcrLines(sha, shown_page);
    std::optional<Box> region;
    if (lines.ok() && !lines->empty() && shown_page >= first && shown_page <= last) region = ItemRegion(*lines, text("text"));
    if (lines.ok() && !lines->empty()) {
      html += "<svg viewBox=\"0 0 " + std::to_string(preview->full_width) + " " + std::to_string(preview->full_height) +
              "\" preserveAspectRatio=\"none\" aria-hidden=\"true\">";
      if (region)
        html += "<rect class=\"item\" x=\"" + std::to_string(region->left) + "\" y=\"" + std::to_string(region->top) +
                "\" width=\"" + std::to_string(region->width) + "\" height=\"" + std::to_string(region->height) + "\"></rect>";
      for (const auto& l : *lines)
        html += "<rect x=\"" + std::to_string(l.left) + "\" y=\"" + std::to_string(l.top) + "\" width=\"" +
                std::to_string(l.width) + "\" height=\"" + std::to_string(l.height) + "\" class=\"" +
                (l.confidence < 0.6 ? "low" : "ok") + "\"><title>" + Escape(l.text) + " (" + Percent(l.confidence) + ")</title></rect>";
      html += "</svg>";
    }
    std::string caption = "Sida " + std::to_string(shown_page) + " av " + Escape(DisplayPath(path));
    if (lines.ok() && !lines->empty()) {
      caption += " · OCR-rader inramade (röda: låg säkerhet)";
      if (region) caption += " · ärendets del av sidan markerad (gul)";
      else if (shown_page >= first && shown_page <= last) caption += " · ärendets rader kunde inte hittas på sidan";
    } else if (shown_page >= first && shown_page <= last) {
      caption += " · ärendets del av sidan kan inte markeras: filen har inga OCR-rader med lägen (PDF-text)";
    }
    html += "</div></div><figcaption>" + caption + "</figcaption></figure>";
  } else {
    html += "<p class=\"note\">" + Escape(preview.status().message()) + "</p>";
  }
  // Previous and next item of the same meeting.
  if (auto doc = Db().Document(sha); doc.ok() && *doc) {
    const auto& items = (*doc)->items;
    for (size_t i = 0; i < items.size(); ++i) {
      if (items[i].id != id) continue;
      html += "<nav class=\"prevnext\">";
      for (size_t j = i; j-- > 0;)
        if (items[j].meeting == items[i].meeting && !items[j].hidden) {
          html += "<a rel=\"prev\" href=\"/item/" + Escape(items[j].id) + "\">← " + Escape(items[j].label) + " " + Escape(items[j].title) + "</a> ";
          break;
        }
      for (size_t j = i + 1; j < items.size(); ++j)
        if (items[j].meeting == items[i].meeting && !items[j].hidden) {
          html += "<a rel=\"next\" href=\"/item/" + Escape(items[j].id) + "\">" + Escape(items[j].label) + " " + Escape(items[j].title) + " →</a>";
          break;
        }
      html += "</nav>";
    }
  }
  html += TwinSection(r, id, rec);
  html += "<h2>Hela texten</h2><pre class=\"fulltext\">" + Escape(text("text")) + "</pre>";
  html += "<h2>Rättelser</h2>";
  if (auto h = HistoryWithBefore(id); !h.empty()) {
    auto session = SessionOf(r);
    html += "<table class=\"history\"><tr><th>När</th><th>Vem</th><th>Fält</th><th>Före</th><th>Efter</th><th>Kommentar</th>" +
            std::string(session ? "<th></th>" : "") + "</tr>";
    for (const auto& [c, before] : h) {
      html += "<tr><td>" + Escape(c.created_at) + "</td><td>" + Escape(c.author) + "</td><td>" + Escape(SwedishField(c.field)) +
              "</td><td>" + Escape(before.dump(-1, ' ', false, Json::error_handler_t::replace)) + "</td><td>" + Escape(c.value_json) +
              "</td><td>" + Escape(c.note) + "</td>";
      if (session)
        html += "<td><form method=\"post\" action=\"/item/" + Escape(id) + "/revert\" class=\"inline\"><input type=\"hidden\" "
                "name=\"csrf\" value=\"" + Escape(session->csrf) + "\"><input type=\"hidden\" name=\"correction\" value=\"" +
                std::to_string(c.id) + "\"><button>Återställ</button></form></td>";
      html += "</tr>";
    }
    html += "</table>";
  }
  html += CorrectionForm(r, rec, "/item/" + id) + "</article>";
  return Html(200, Page(r, label + " " + title, html));
}

Response App::Impl::Document(const Request& r, const std::string& sha) {
  auto doc = Db().Document(sha);
  if (!doc.ok()) return Html(500, Page(r, "Fel", "<p>" + Escape(doc.status().message()) + "</p>"));
  if (!*doc) return Html(404, Page(r, "Saknas", "<p>Inget dokument med det id:t.</p>"));
  const auto& d = **doc;
  std::string html = "<h1>" + Escape(DisplayPath(d.path)) + "</h1><dl class=\"fields\"><dt>SHA-256</dt><dd><code>" + Escape(d.sha256) +
                     "</code></dd><dt>Format</dt><dd>" + Escape(d.format) + "</dd><dt>Kommun</dt><dd>" +
                     Escape(d.municipality.empty() ? "okänd" : d.municipality) + "</dd><dt>Organ</dt><dd>" + Escape(d.body) +
                     "</dd><dt>Mötesdatum</dt><dd>" + Escape(d.meeting_date) + "</dd><dt>Inläst</dt><dd>" + Escape(d.ingested_at) +
                     "</dd><dt>Originalfil</dt><dd><a href=\"/document/" + Escape(d.sha256.substr(0, 16)) +
                     "/original\" download>ladda ned</a></dd>";
  if (std::any_of(d.page_list.begin(), d.page_list.end(), [](const auto& p) { return p.source == "ocr"; }))
    html += "<dt>Sökbar PDF</dt><dd><a href=\"/document/" + Escape(d.sha256.substr(0, 16)) +
            "/searchable.pdf\" download>ladda ned</a> (sidbilderna med OCR-texten som ett osynligt lager: sök och "
            "markera i en PDF-läsare)</dd>";
  html += "</dl>";
  if (d.quality) {
    const auto& q = *d.quality;
    char score[16];
    std::snprintf(score, sizeof score, "%.2f", q.score);
    html += "<h2>Kvalitet</h2><dl class=\"fields\"><dt>Betyg</dt><dd>" + std::string(score) + "</dd><dt>Ärenden</dt><dd>" +
            std::to_string(q.items) + " i " + std::to_string(q.meetings) + (q.meetings == 1 ? " möte" : " möten") +
            "</dd><dt>§-stil</dt><dd>" + Escape(SwedishHeaderStyle(q.header_style)) + "</dd><dt>Luckor i numreringen</dt><dd>" +
            std::to_string(q.numbering_gaps) + "</dd><dt>Med rubrik / Dnr / beslut</dt><dd>" + Percent(q.share_title) + " / " +
            Percent(q.share_dnr) + " / " + Percent(q.share_decision) + "</dd>";
    if (q.ocr_confidence) html += "<dt>OCR-säkerhet</dt><dd>" + Percent(*q.ocr_confidence) + "</dd>";
    html += "</dl><pre class=\"reasons\">" + Escape(SwedishReasons(q.reasons)) + "</pre>";
  }
  html += "<h2>Sidor</h2><ul class=\"pagelist\">";
  for (const auto& p : d.page_list) {
    html += p.source == "empty" ? "<li class=\"empty\">" : "<li>";
    html += d.format == "text" ? "s. " + std::to_string(p.number)
                               : "<a href=\"/page/" + Escape(d.sha256.substr(0, 16)) + "/" + std::to_string(p.number) + ".png\">s. " +
                                     std::to_string(p.number) + "</a>";
    html += " " + Escape(SwedishSource(p.source)) + (p.ocr_confidence ? " " + Percent(*p.ocr_confidence) : "") + "</li>";
  }
  html += "</ul>";
  if (!d.problems.empty()) {
    html += "<h2>Sidproblem</h2><ul>";
    for (const auto& p : d.problems)
      html += "<li>s. " + std::to_string(p.page) + ": " + Escape(p.stage) + ": " + Escape(p.reason) + "</li>";
    html += "</ul>";
  }
  html += "<h2>Ärenden</h2><ol class=\"items\">";
  int meeting = 0;
  for (const auto& i : d.items) {
    if (i.meeting != meeting) {
      meeting = i.meeting;
      if (meeting > 1 || d.items.back().meeting > 1) html += "<li class=\"meeting\">Möte " + std::to_string(meeting) + "</li>";
    }
    html += "<li" + std::string(i.hidden ? " class=\"hidden\"" : "") + "><a href=\"/item/" + Escape(i.id) + "\">" +
            Escape(i.label) + " " + Escape(i.title) + "</a> s. " + std::to_string(i.page_start) + "</li>";
  }
  html += "</ol>";
  return Html(200, Page(r, d.path, html));
}

Response App::Impl::Review(const Request& r) {
  // A page of the work list at a time, narrowed by score, header style and organ.
  cat::Catalogue::ReviewFilter f;
  f.limit = 25;
  std::string error;
  if (const std::string pg = Param(r, "page"); !pg.empty()) {
    if (auto v = ParseInt(pg, 1, 1000000)) f.offset = (*v - 1) * f.limit;
    else error = "Sidan " + pg + " finns inte (ett heltal från 1).";
  }
  if (const std::string sc = Param(r, "score"); !sc.empty()) {
    char* end = nullptr;
    const double v = std::strtod(sc.c_str(), &end);
    if (end && *end == '\0' && v >= 0 && v <= 1) f.max_score = v;
    else error = "Betyget " + sc + " ska vara ett tal 0–1.";
  }
  static const std::pair<const char*, const char*> kStyles[] = {
      {"sign", "§-tecken"}, {"sign (OCR misread)", "§-tecken (feltolkat av OCR)"},
      {"organ prefix without sign", "organets förkortning utan §"}, {"bare number", "bara nummer"}, {"none", "ingen"}};
  f.style = Param(r, "style");
  if (!f.style.empty() && std::none_of(std::begin(kStyles), std::end(kStyles), [&](const auto& k) { return f.style == k.first; }))
    error = "Stilen " + f.style + " finns inte.";
  f.body = Param(r, "body");
  std::string form = "<form class=\"search\" method=\"get\" action=\"/review\"><fieldset class=\"filters\"><legend>Avgränsa</legend>"
                     "<label>Betyg högst <input type=\"number\" step=\"0.05\" min=\"0\" max=\"1\" name=\"score\" value=\"" +
                     Escape(Param(r, "score")) + "\"></label><label>§-stil <select name=\"style\"><option value=\"\">alla</option>";
  for (const auto& [k, v] : kStyles)
    form += "<option value=\"" + Escape(k) + "\"" + (f.style == k ? " selected" : "") + ">" + v + "</option>";
  form += "</select></label><label>Organ <input name=\"body\" value=\"" + Escape(f.body) +
          "\"></label><button>Visa</button></fieldset></form>";
  if (!error.empty()) return Html(400, Page(r, "Granska", "<h1>Granska</h1>" + form + "<p class=\"error\">" + Escape(error) + "</p>"));
  long long total = 0;
  auto docs = Db().Review(f, &total);
  if (!docs.ok()) return Html(500, Page(r, "Fel", "<p>" + Escape(docs.status().message()) + "</p>"));
  auto failed = Db().Failures();
  std::string html = "<h1>Granska</h1><p>Dokument som troligast är fel inlästa, sämst först, med de svagaste ärendena.</p>" + form +
                     "<p class=\"count\">" + std::to_string(total) + " dokument</p>";
  if (failed.ok() && !failed->empty()) {
    html += "<h2>Kunde inte läsas in</h2><ul class=\"failures\">";
    for (const auto& failure : *failed)
      html += "<li>" + Escape(DisplayPath(failure.path)) + ": " + Escape(failure.stage) + ": " + Escape(failure.reason) + "</li>";
    html += "</ul>";
  }
  const bool edit = CanEdit(r);
  for (const auto& d : *docs) {
    char score[16];
    std::snprintf(score, sizeof score, "%.2f", d.quality.score < 0 ? 0.0 : d.quality.score);
    std::string sha_link;
    // Red for a document that needs a look, amber for one worth one, plain for a sound one.
    const char* grade = d.quality.score < 0.5 ? "bad" : d.quality.score < 0.8 ? "fair" : "good";
    html += "<section class=\"review\"><h2><span class=\"score " + std::string(grade) + "\">" +
            std::string(d.quality.score < 0 ? "–" : score) + "</span> " +
            (d.sha256.empty() ? Escape(DisplayPath(d.path)) : "<a href=\"/document/" + Escape(d.sha256.substr(0, 16)) + "\">" + Escape(DisplayPath(d.path)) + "</a>") + "</h2><pre class=\"reasons\">" + Escape(SwedishReasons(d.quality.reasons)) + "</pre><ul>";
    for (const auto& it : d.items) {
      html += "<li><a href=\"/item/" + Escape(it.id) + "\">" + Escape(it.label.empty() ? "sida" : it.label) + " " +
              Escape(it.title) + "</a>, s. " + std::to_string(it.page) + ": " + Escape(SwedishReasons(it.problem, ", "));
      if (edit) {
        auto rec = Db().Show(it.id);
        if (rec.ok() && !rec->empty()) {
          Json j = Json::parse(rec->front(), nullptr, false);
          if (!j.is_discarded()) html += "<details><summary>Rätta</summary>" + CorrectionForm(r, j, "/review") + "</details>";
        }
      }
      html += "</li>";
    }
    html += "</ul></section>";
  }
  // Paging, the filters kept.
  auto with_page = [&](int p) {
    std::string q = "/review?page=" + std::to_string(p);
    for (const char* k : {"score", "style", "body"})
      if (!Param(r, k).empty()) q += std::string("&") + k + "=" + UrlEncode(Param(r, k));
    return q;
  };
  const int page = f.offset / f.limit + 1;
  html += "<nav class=\"pages\">";
  if (page > 1) html += "<a rel=\"prev\" href=\"" + Escape(with_page(page - 1)) + "\">← Föregående</a> ";
  if (f.offset + static_cast<long long>(docs->size()) < total)
    html += "<a rel=\"next\" href=\"" + Escape(with_page(page + 1)) + "\">Nästa →</a>";
  html += "</nav>";
  if (!edit) html += "<p>" + CorrectionForm(r, Json::object(), "/review") + "</p>";
  return Html(200, Page(r, "Granska", html));
}

Response App::Impl::Login(const Request& r) {
  const std::string next = SafeNext(Param(r, "next"));
  auto form = [&](const std::string& msg) {
    return Page(r, "Logga in",
                "<h1>Logga in</h1>" + msg + "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"next\" value=\"" +
                    Escape(next) + "\"><label>Redigeringsnyckel <input type=\"password\" name=\"token\" autocomplete=\"current-password\">"
                    "</label><button>Logga in</button></form>");
  };
  if (!Editable())
    return Html(403, Page(r, "Endast läsning", "<p>Servern är startad utan redigeringsnyckel: ingen kan rätta här.</p>"));
  if (r.method != "POST") return Html(200, form(""));
  const std::optional<std::string> who = EditorOf(Param(r, "token"));
  if (!who) return Html(403, form("<p class=\"error\">Fel nyckel.</p>"));
  std::string id = RandomHex(32);
  {
    std::lock_guard<std::mutex> lock(sessions_mu);
    sessions[id] = {RandomHex(32), std::chrono::steady_clock::now() + kSessionLifetime, *who};
  }
  Response resp = Redirect(next);
  resp.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=" + id +
                                              "; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200");
  return resp;
}

Response App::Impl::Logout(const Request& r) {
  // Only the page's own form logs out (its CSRF token): another site cannot.
  auto s = SessionOf(r);
  if (!s || !SameSecret(Param(r, "csrf"), s->csrf))
    return Html(403, Page(r, "Fel", "<p class=\"error\">Utloggningen saknar sidans kontrollkod.</p>"));
  {
    std::lock_guard<std::mutex> lock(sessions_mu);
    sessions.erase(Cookie(r, kSessionCookie));
  }
  Response resp = Redirect("/");
  resp.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  return resp;
}

namespace {
// The form's fields that differ from the record, as corrections (field, JSON value).
std::vector<std::pair<std::string, Json>> ChangedFields(const Request& r, const Json& rec, std::string* error) {
  std::vector<std::pair<std::string, Json>> out;
  auto text = [&](const char* k) { return rec.contains(k) && rec[k].is_string() ? rec[k].get<std::string>() : std::string(); };
  auto list = [&](const std::string& v) {
    std::vector<std::string> parts;
    for (size_t b = 0; b <= v.size();) {
      size_t e = v.find(';', b);
      if (e == std::string::npos) e = v.size();
      std::string p(extractors::Trim(std::string_view(v).substr(b, e - b)));
      if (!p.empty()) parts.push_back(p);
      b = e + 1;
    }
    return parts;
  };
  // Browsers send a textarea's line breaks as CR LF; a field left as it was is no correction.
  auto form_text = [&](const char* k) -> std::optional<std::string> {
    auto it = r.params.find(k);
    if (it == r.params.end()) return std::nullopt;
    std::string v;
    for (char c : it->second)
      if (c != '\r') v.push_back(c);
    return std::string(extractors::Trim(v));
  };
  for (const char* k : {"title", "body"}) {
    auto v = form_text(k);
    if (v && *v != text(k)) out.emplace_back(k, Json(*v));
  }
  for (const char* k : {"decision", "meeting_date"}) {
    auto v = form_text(k);
    if (!v || *v == text(k)) continue;
    out.emplace_back(k, v->empty() ? Json(nullptr) : Json(*v));
  }
  if (auto it = r.params.find("diarienummer"); it != r.params.end()) {
    std::vector<std::string> now;
    for (const auto& d : rec["diarienummer"]) now.push_back(d["raw"].get<std::string>());
    if (list(it->second) != now) out.emplace_back("diarienummer", Json(list(it->second)));
  }
  if (auto it = r.params.find("dates"); it != r.params.end()) {
    std::vector<std::string> now;
    for (const auto& d : rec["dates"]) now.push_back(d.get<std::string>());
    if (list(it->second) != now) out.emplace_back("dates", Json(list(it->second)));
  }
  if (auto it = r.params.find("amounts"); it != r.params.end()) {
    std::vector<double> now, want;
    for (const auto& a : rec["amounts"]) now.push_back(a["sek"].get<double>());
    for (const std::string& p : list(it->second)) {
      auto n = extractors::ParseSwedishNumber(p);
      if (!n) *error = "Beloppet " + p + " kan inte läsas.";
      else want.push_back(*n);
    }
    if (want != now) out.emplace_back("amounts", Json(want));
  }
  const bool hide = r.params.count("not_an_item") > 0;
  if (hide != rec.value("hidden", false)) out.emplace_back("not_an_item", Json(hide));
  return out;
}
}  // namespace

namespace {

// A field of a record in the shape a correction of it takes (title: a text, diarienummer: the
// written forms, amounts: kronor …): what a correction replaced, and what a revert restores.
Json CorrectionValueOf(const Json& rec, const std::string& field) {
  if (field == "not_an_item") return rec.value("hidden", false);
  if (!rec.contains(field)) return nullptr;
  const Json& v = rec[field];
  if (field == "diarienummer") {
    Json out = Json::array();
    for (const auto& d : v) out.push_back(d.is_object() ? Json(d.value("normalized", d.value("raw", std::string()))) : d);
    return out;
  }
  if (field == "amounts") {
    Json out = Json::array();
    for (const auto& a : v) out.push_back(a.is_object() ? Json(a.value("sek", 0.0)) : a);
    return out;
  }
  return v;
}

}  // namespace

// Each correction of an item with the value it replaced: the extracted value for the first
// correction of a field, the previous correction's after that.
std::vector<std::pair<cat::Catalogue::Correction, Json>> App::Impl::HistoryWithBefore(const std::string& id) {
  std::vector<std::pair<cat::Catalogue::Correction, Json>> out;
  auto h = Db().Corrections(id);
  if (!h.ok()) return out;
  Json extracted = Json::object();
  if (auto x = Db().ExtractedRecord(id); x.ok() && !x->empty()) extracted = Json::parse(*x, nullptr, false);
  std::map<std::string, Json> current;
  for (const auto& c : *h) {
    auto it = current.find(c.field);
    Json before = it != current.end() ? it->second : CorrectionValueOf(extracted, c.field);
    current[c.field] = Json::parse(c.value_json, nullptr, false);
    out.emplace_back(c, before);
  }
  return out;
}

namespace {

// A field's value compared as its meaning: diarienummer by their normalized form ("Ks2017/0073"
// is "KS 2017/73"), amounts as numbers, the rest as JSON.
Json Comparable(const std::string& field, const Json& v) {
  if (field != "diarienummer" || !v.is_array()) return v;
  Json out = Json::array();
  for (const Json& e : v) {
    if (!e.is_string()) continue;
    auto d = extractors::ParseDiarienummer(e.get<std::string>());
    if (!d) d = extractors::ParseDiarienummer("Dnr " + e.get<std::string>());
    out.push_back(d ? d->normalized : e.get<std::string>());
  }
  return out;
}

// A correction's value as the correction form's field holds it (lists joined with "; ").
std::string FormValue(const Json& v) {
  if (v.is_null()) return {};
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "1" : "";
  if (v.is_number()) {
    const double d = v.get<double>();
    char b[48];
    std::snprintf(b, sizeof b, d == std::floor(d) ? "%.0f" : "%.2f", d);
    std::string out = b;
    for (char& c : out)
      if (c == '.') c = ',';
    return out;
  }
  std::string out;
  if (v.is_array())
    for (const Json& e : v) out += (out.empty() ? "" : "; ") + FormValue(e);
  return out;
}

}  // namespace

std::string App::Impl::TwinSection(const Request& r, const std::string& id, const Json& rec) {
  auto twins = Db().Twins(id);
  if (!twins.ok() || twins->empty()) return {};
  const auto session = SessionOf(r);
  std::string html = "<section class=\"twins\"><h2>Samma ärende i en annan fil</h2><ul>";
  std::string offers;
  for (const auto& t : *twins) {
    html += "<li><a href=\"/item/" + Escape(t.id) + "\">" + TwinSourceName(t.source) + "</a>: " + Escape(DisplayPath(t.path)) + "</li>";
    // The newest correction of each field of the twin that this item does not say.
    auto history = Db().Corrections(t.id);
    if (!history.ok()) continue;
    std::map<std::string, cat::Catalogue::Correction> newest;
    for (const auto& c : *history) newest[c.field] = c;
    for (const auto& [field, c] : newest) {
      const Json value = Json::parse(c.value_json, nullptr, false);
      if (value.is_discarded() || (field == "not_an_item" && !value.is_boolean())) continue;
      if (field == "not_an_item" && !value.get<bool>()) continue;  // this item is shown: nothing to undo
      if (Comparable(field, value) == Comparable(field, CorrectionValueOf(rec, field))) continue;
      offers += "<li>" + Escape(SwedishField(field)) + " rättades i den " + TwinSourceName(t.source) + " filen till «" +
                Escape(field == "not_an_item" ? std::string("inte ett ärende") : FormValue(value)) + "» (" + Escape(c.author) +
                ", " + Escape(c.created_at.substr(0, 10)) + ")";
      if (session && Editable()) {
        offers += "<form class=\"inline apply\" method=\"post\" action=\"/item/" + Escape(id) +
                  "/correct\"><input type=\"hidden\" name=\"csrf\" value=\"" + Escape(session->csrf) +
                  "\"><input type=\"hidden\" name=\"back\" value=\"/item/" + Escape(id) + "\"><input type=\"hidden\" name=\"" +
                  Escape(field) + "\" value=\"" + Escape(FormValue(value)) + "\"><input type=\"hidden\" name=\"note\" value=\"" +
                  Escape("från tvillingen " + t.id) + "\"><button>Rätta även här</button></form>";
      }
      offers += "</li>";
    }
  }
  html += "</ul>";
  if (!offers.empty())
    html += "<div class=\"notice\"><p>Tvillingen har rättats för hand där detta ärende säger annat:</p><ul>" + offers + "</ul>" +
            (session && Editable() ? "" : "<p>Logga in för att föra över rättelsen.</p>") + "</div>";
  return html + "</section>";
}

App::Impl::OriginalFile App::Impl::ReadOriginal(const Request& r, const std::string& sha) {
  // The file as ingested: only a file under the ingest folder (--root), found from the catalogue
  // by id (never a path from the request), and only while it holds the ingested bytes. A path
  // that leads out of the folder ("../", a symbolic link) is refused.
  OriginalFile out;
  auto doc = Db().Document(sha);
  if (!doc.ok()) {
    out.refused = Html(500, Page(r, "Fel", "<p>" + Escape(doc.status().message()) + "</p>"));
    return out;
  }
  if (!*doc) {
    out.refused = Html(404, Page(r, "Saknas", "<p>Inget dokument med det id:t.</p>"));
    return out;
  }
  out.doc = std::move(**doc);
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path p = out.doc->file;  // its bytes: a name that is not UTF-8 is shown escaped in path
  if (p.is_relative()) p = fs::path(options.root) / p;
  // Resolved as DisplayPath reads paths against the root, but with every link and ".." followed.
  out.file = fs::weakly_canonical(fs::absolute(p, ec), ec);
  const std::string under = RootPrefix();
  if (ec || under.empty() || out.file.string().compare(0, under.size(), under) != 0) {
    out.refused = Html(403, Page(r, "Inte tillgänglig", "<p>Filen ligger utanför inläsningsmappen och lämnas inte ut.</p>"));
    return out;
  }
  std::ifstream in(out.file, std::ios::binary);
  if (!in) {
    out.refused = Html(404, Page(r, "Saknas", "<p>Filen finns inte längre kvar där den lästes in.</p>"));
    return out;
  }
  // Hashed as it is read, a piece at a time: a request holds at most options.original_in_memory
  // of it (a larger file is streamed to the client afterwards, from the file, not from memory).
  pipeline::Sha256 hash;
  std::string piece(1 << 20, '\0');
  out.size = 0;
  while (in) {
    in.read(piece.data(), static_cast<std::streamsize>(piece.size()));
    const size_t got = static_cast<size_t>(in.gcount());
    if (got == 0) break;
    hash.Update(std::string_view(piece.data(), got));
    if (out.size + got <= options.original_in_memory) out.bytes.append(piece.data(), got);
    out.size += got;
  }
  if (out.size > options.original_in_memory) std::string().swap(out.bytes);
  if (in.bad() || hash.Hex() != out.doc->sha256)
    out.refused = Html(409, Page(r, "Ändrad", "<p>Filen har ändrats sedan den lästes in och lämnas inte ut i det skicket.</p>"));
  return out;
}

namespace {
// A download's name as a plain ASCII fallback and in full (RFC 6266).
std::string Attachment(const std::string& name) {
  std::string ascii;
  for (unsigned char c : name) ascii.push_back(c < 0x80 && c >= 0x20 && c != '"' && c != '\\' ? static_cast<char>(c) : '_');
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + UrlEncode(name);
}
}  // namespace

Response App::Impl::Original(const Request& r, const std::string& sha) {
  OriginalFile f = ReadOriginal(r, sha);
  if (f.refused) return std::move(*f.refused);
  const auto& d = *f.doc;
  std::string bytes = std::move(f.bytes);
  const std::filesystem::path file = f.file;
  std::string head = bytes.substr(0, 8);
  auto stream = std::make_shared<std::ifstream>();
  if (bytes.empty() && f.size > 0) {
    stream->open(file, std::ios::binary);
    head.resize(8);
    stream->read(head.data(), 8);
    head.resize(static_cast<size_t>(stream->gcount()));
    stream->seekg(0);
    if (!*stream) return Html(404, Page(r, "Saknas", "<p>Filen finns inte längre kvar där den lästes in.</p>"));
  }
  Response resp;
  resp.content_type = d.format == "pdf" ? "application/pdf"
                      : d.format == "text" ? "text/plain"
                      : head.rfind("\x89PNG", 0) == 0 ? "image/png"
                      : head.rfind("\xFF\xD8", 0) == 0 ? "image/jpeg"
                      : head.rfind("II*", 0) == 0 || head.rfind("MM", 0) == 0 ? "image/tiff"
                                                                             : "application/octet-stream";
  resp.headers.emplace_back("Content-Disposition", Attachment(file.filename().string()));
  resp.headers.emplace_back("Cache-Control", "private, max-age=3600");
  if (!stream->is_open()) {
    resp.body = std::move(bytes);
    return resp;
  }
  // A large file goes out in pieces read from the file, hashed again on the way: bytes that
  // change while they are sent (the file replaced) end the response without its last chunk, so
  // the client sees a broken download rather than a wrong file.
  struct Sending {
    std::shared_ptr<std::ifstream> in;
    std::shared_ptr<pipeline::Sha256> hash;
    std::string want;
    size_t left;
  };
  auto sending = std::make_shared<Sending>(Sending{stream, std::make_shared<pipeline::Sha256>(), d.sha256, f.size});
  resp.stream = [sending](std::string& chunk) {
    chunk.resize(std::min<size_t>(sending->left, 256u << 10));
    if (chunk.empty()) return false;
    sending->in->read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    chunk.resize(static_cast<size_t>(sending->in->gcount()));
    if (chunk.empty()) return false;
    sending->left -= chunk.size();
    sending->hash->Update(chunk);
    return true;
  };
  resp.stream_ok = [sending] { return sending->left == 0 && sending->hash->Hex() == sending->want; };
  return resp;
}

Response App::Impl::SearchablePdf(const Request& r, const std::string& sha) {
  OriginalFile f = ReadOriginal(r, sha);
  if (f.refused) return std::move(*f.refused);
  auto layer = Db().DocumentTextLayer(f.doc->sha256);
  if (!layer.ok()) return Html(500, Page(r, "Fel", "<p>" + Escape(layer.status().message()) + "</p>"));
  const bool scanned = *layer && std::any_of((*layer)->pages.begin(), (*layer)->pages.end(), [](const auto& p) {
    return p.source == cat::PageSource::kOcr;
  });
  if (!scanned)
    return Html(404, Page(r, "Saknas", "<p>Dokumentet har inga OCR-lästa sidor: det finns ingen sökbar PDF att göra.</p>"));
  // (The PDF is made in memory, so the original is read whole here: as large as what is made.)
  if (f.bytes.empty() && f.size > 0) {
    std::ifstream in(f.file, std::ios::binary);
    f.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (pipeline::Sha256Hex(f.bytes) != f.doc->sha256)
      return Html(409, Page(r, "Ändrad", "<p>Filen har ändrats sedan den lästes in och lämnas inte ut i det skicket.</p>"));
  }
  auto pdf = pipeline::MakeSearchablePdf(f.bytes, **layer, {});
  if (!pdf.ok())
    return Html(500, Page(r, "Fel", "<p>Den sökbara PDF:en kunde inte göras: " + Escape(pdf.status().message()) + "</p>"));
  Response resp;
  resp.content_type = "application/pdf";
  resp.headers.emplace_back("Content-Disposition", Attachment(f.file.stem().string() + "-sokbar.pdf"));
  resp.headers.emplace_back("Cache-Control", "private, max-age=3600");
  resp.body = std::move(*pdf);
  return resp;
}

// Undoes one correction: a new correction restoring the value it replaced (the history keeps both).
std::vector<std::pair<std::string, long long>> App::Impl::WordCounts(const cat::SearchOptions& o, long long* without_filters) {
  std::vector<std::pair<std::string, long long>> out;
  *without_filters = -1;
  if (o.query.empty()) return out;
  auto count = [&](cat::SearchOptions q) -> long long {
    q.limit = 1;
    q.offset = 0;
    q.summarize = true;
    cat::SearchStats st;
    auto hits = Db().Search(q, &st);
    return hits.ok() ? std::max<long long>(0, st.total) : -1;
  };
  // The words as typed ("a phrase" kept whole, a leading '-' kept: it excludes).
  std::vector<std::string> words;
  for (size_t i = 0; i < o.query.size();) {
    while (i < o.query.size() && o.query[i] == ' ') ++i;
    if (i >= o.query.size()) break;
    size_t e = o.query[i] == '"' ? o.query.find('"', i + 1) : o.query.find(' ', i);
    e = e == std::string::npos ? o.query.size() : e + (o.query[i] == '"' ? 1 : 0);
    words.push_back(o.query.substr(i, e - i));
    i = e;
  }
  if (words.size() > 1 && words.size() <= 8)
    for (const std::string& w : words) {
      if (w[0] == '-') continue;
      cat::SearchOptions one = o;
      one.query = w;
      out.emplace_back(w, count(one));
    }
  const bool filtered = o.Filtered();
  if (filtered) {
    cat::SearchOptions bare;
    bare.query = o.query;
    bare.rank_window = o.rank_window;
    *without_filters = count(bare);
  }
  return out;
}

Response App::Impl::Revert(const Request& r, const std::string& id) {
  auto s = SessionOf(r);
  if (!Editable()) return Html(403, Page(r, "Endast läsning", "<p>Servern är startad utan redigering.</p>"));
  if (!s) return Html(403, Page(r, "Logga in", "<p class=\"error\">Du måste logga in för att återställa.</p>"));
  if (!SameSecret(Param(r, "csrf"), s->csrf))
    return Html(403, Page(r, "Avvisad", "<p class=\"error\">Formuläret saknar giltig CSRF-nyckel; ladda om sidan.</p>"));
  if (!IsItemId(id)) return Html(404, Page(r, "Saknas", "<p>Inget ärende med det id:t.</p>"));
  const std::string which = Param(r, "correction");
  for (const auto& [c, before] : HistoryWithBefore(id)) {
    if (std::to_string(c.id) != which) continue;
    cat::Catalogue::Correction undo{id, c.field, before.dump(), s->editor, "återställer rättelse " + which, "", 0};
    if (Status st = Db().Correct(undo); !st.ok())
      return Html(400, Page(r, "Fel", "<p class=\"error\">" + Escape(SwedishCorrectionError(st.message())) + "</p>"));
    return Redirect("/item/" + id);
  }
  return Html(404, Page(r, "Saknas", "<p>Ingen sådan rättelse.</p>"));
}

Response App::Impl::CorrectForm(const Request& r, const std::string& id) {
  auto s = SessionOf(r);
  if (!Editable()) return Html(403, Page(r, "Endast läsning", "<p>Servern är startad utan redigering.</p>"));
  if (!s) return Html(403, Page(r, "Logga in", "<p class=\"error\">Du måste logga in för att rätta.</p>"));
  if (!SameSecret(Param(r, "csrf"), s->csrf))
    return Html(403, Page(r, "Avvisad", "<p class=\"error\">Formuläret saknar giltig CSRF-nyckel; ladda om sidan.</p>"));
  if (!IsItemId(id)) return Html(404, Page(r, "Saknas", "<p>Inget ärende med det id:t.</p>"));
  auto shown = Db().Show(id);
  if (!shown.ok() || shown->empty()) return Html(404, Page(r, "Saknas", "<p>Inget ärende med det id:t.</p>"));
  Json rec = Json::parse(shown->front(), nullptr, false);
  // The record does not say whether it is hidden; the last not_an_item correction does.
  if (auto h = Db().Corrections(id); h.ok())
    for (const auto& c : *h)
      if (c.field == "not_an_item") rec["hidden"] = c.value_json == "true";
  std::string error;
  auto changes = ChangedFields(r, rec, &error);
  if (!error.empty()) return Html(400, Page(r, "Fel", "<p class=\"error\">" + Escape(error) + "</p>"));
  for (const auto& [field, value] : changes) {
    cat::Catalogue::Correction c{id, field, value.dump(), s->editor, Param(r, "note"), "", 0};
    if (Status st = Db().Correct(c); !st.ok())
      return Html(400, Page(r, "Fel", "<p class=\"error\">" + Escape(SwedishCorrectionError(st.message())) + "</p>"));
  }
  std::string back = SafeNext(Param(r, "back"));
  return Redirect(back == "/" ? "/item/" + id : back);
}

Response App::Impl::Api(const Request& r) {
  const std::string& path = r.path;
  if (path == "/api/schemas/paragraph.schema.json") {
    Response resp;
    resp.content_type = "application/schema+json; charset=utf-8";
    resp.body = kParagraphSchemaJson;
    return resp;
  }
  if (path == "/api/openapi.json") {
    Response resp;
    resp.content_type = "application/json; charset=utf-8";
    resp.body = kOpenApiJson;
    return resp;
  }
  if (path == "/api/search") {
    if (r.method != "GET") return JsonError(405, "use GET");
    std::string error;
    auto o = SearchOptionsOf(r, &error);
    if (!o) return JsonError(400, error);
    o->mark_open = "[";
    o->mark_close = "]";
    cat::SearchStats stats;
    auto hits = Db().Search(*o, &stats);
    if (!hits.ok()) return JsonError(400, hits.status().message());
    Json out = {{"query", o->query}, {"total", std::max<long long>(0, stats.total)}, {"offset", o->offset}, {"limit", o->limit}};
    if (!stats.note.empty()) out["note"] = stats.note;
    if (stats.total == 0 && stats.note.empty()) {
      long long unfiltered = -1;
      auto words = WordCounts(*o, &unfiltered);
      std::string why;
      for (const auto& [w, n] : words) why += (why.empty() ? "" : ", ") + w + ": " + std::to_string(n);
      if (!why.empty()) out["note"] = "every word must be in the same item; each alone finds " + why;
      if (unfiltered > 0)
        out["note"] = out.value("note", std::string()) + (why.empty() ? "" : "; ") + "without the filters the query finds " +
                      std::to_string(unfiltered);
    }
    Json list = Json::array();
    for (const auto& h : *hits)
      list.push_back({{"id", h.id}, {"paragraph", h.paragraph}, {"paragraph_label", h.paragraph_label}, {"title", h.title},
                      {"body", h.body.empty() ? Json(nullptr) : Json(h.body)},
                      {"meeting_date", h.meeting_date.empty() ? Json(nullptr) : Json(h.meeting_date)},
                      {"municipality", h.municipality.empty() ? Json(nullptr) : Json(h.municipality)},
                      {"source", h.source},
                      {"document", {{"path", h.path}, {"sha256", h.sha256}}}, {"page_start", h.page_start},
                      {"snippet", h.snippet}, {"url", "/item/" + h.id}, {"twins", TwinsJson(h.id)}});
    out["hits"] = list;
    Json bodies = Json::array(), decades = Json::array(), municipalities = Json::array();
    for (const auto& [b, n] : stats.by_body) bodies.push_back({{"body", b}, {"count", n}});
    for (const auto& [d, n] : stats.by_decade) decades.push_back({{"decade", std::atoi(d.c_str())}, {"count", n}});
    for (const auto& [m, n] : stats.by_municipality) municipalities.push_back({{"municipality", m}, {"count", n}});
    Json moved = Json::array(), reserved = Json::array();
    for (const auto& [party, n] : stats.by_party_moved) moved.push_back({{"party", party}, {"count", n}});
    for (const auto& [party, n] : stats.by_party_reserved) reserved.push_back({{"party", party}, {"count", n}});
    out["facets"] = {{"body", bodies}, {"decade", decades}, {"municipality", municipalities}, {"moved_by", moved}, {"reserved_by", reserved}};
    return JsonResponse(200, out);
  }
  if (path == "/api/person") {
    // The person page's rows as data: each a part (motion, vote, reservation, statement, conflict; present,
    // chair, secretary, adjuster for the meetings attended) with its item.
    if (r.method != "GET") return JsonError(405, "use GET");
    std::string error;
    const int limit = PersonParams(r, &error);
    if (!error.empty()) return JsonError(400, error);
    auto rows = Db().PersonActivity(Param(r, "name"), limit);
    if (!rows.ok()) return JsonError(500, rows.status().message());
    auto null_if_empty = [](const std::string& v) { return v.empty() ? Json(nullptr) : Json(v); };
    Json list = Json::array();
    for (const auto& row : *rows)
      list.push_back({{"part", row.part}, {"name", null_if_empty(row.name)}, {"party", null_if_empty(row.party)},
                      {"party_written", null_if_empty(row.party_written)}, {"detail", null_if_empty(row.detail)},
                      {"page", row.page > 0 ? Json(row.page) : Json(nullptr)}, {"item", row.item_id},
                      {"paragraph_label", row.label}, {"title", row.title}, {"body", null_if_empty(row.body)},
                      {"meeting_date", null_if_empty(row.meeting_date)}, {"municipality", null_if_empty(row.municipality)},
                      {"url", "/item/" + row.item_id}});
    return JsonResponse(200, Json{{"name", Param(r, "name")}, {"limit", limit}, {"activity", list}});
  }
  if (path == "/api/search/export") {
    // The whole result list (not the first 100) as the records of `protokoll export`: JSON
    // Lines or CSV, in the list's order, corrections applied.
    if (r.method != "GET") return JsonError(405, "use GET");
    std::string error;
    auto o = SearchOptionsOf(r, &error);
    if (!o) return JsonError(400, error);
    const std::string format = Param(r, "format").empty() ? "jsonl" : Param(r, "format");
    if (format != "jsonl" && format != "csv") return JsonError(400, "format is jsonl or csv, not " + format);
    const bool anything = !o->query.empty() || o->Filtered();
    if (!anything) return JsonError(400, "give a query or a filter: the whole catalogue is /api/export");
    o->limit = -1;
    o->offset = 0;
    o->summarize = false;
    auto hits = Db().Search(*o, nullptr);
    if (!hits.ok()) return JsonError(400, hits.status().message());
    auto ids = std::make_shared<std::vector<std::string>>();
    for (const auto& h : *hits) ids->push_back(h.id);
    auto next = std::make_shared<size_t>(0);
    auto header = std::make_shared<bool>(format == "csv");
    Response resp;
    resp.content_type = format == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
    resp.headers.emplace_back("Content-Disposition",
                              std::string("attachment; filename=\"traffar.") + (format == "csv" ? "csv" : "jsonl") + "\"");
    resp.headers.emplace_back("X-Protokoll-Total", std::to_string(ids->size()));
    const bool csv = format == "csv";
    resp.stream = [this, ids, next, header, csv](std::string& chunk) {
      chunk.clear();
      if (*header) {
        chunk = "\xEF\xBB\xBF" + cat::ExportCsvHeader();
        *header = false;
      }
      while (*next < ids->size() && chunk.size() < 64 * 1024) {
        auto shown = Db().Show((*ids)[(*next)++]);
        if (!shown.ok() || shown->empty()) continue;
        chunk += csv ? cat::ExportCsvRow(shown->front()) : shown->front() + "\n";
      }
      return !chunk.empty();
    };
    return resp;
  }
  if (path.rfind("/api/item/", 0) == 0) {
    std::string rest = path.substr(10);
    const bool corrections = rest.size() > 12 && rest.compare(rest.size() - 12, 12, "/corrections") == 0;
    std::string id = corrections ? rest.substr(0, rest.size() - 12) : rest;
    if (!IsItemId(id)) return JsonError(404, "no item " + id);
    if (corrections && r.method == "POST") {
      if (!Editable()) return JsonError(403, "the server is read-only");
      const std::optional<std::string> editor = BearerEditor(r);
      if (!editor) return JsonError(401, "corrections need 'Authorization: Bearer <edit token>'");
      Json body = Json::parse(r.body, nullptr, false);
      if (body.is_discarded() || !body.is_object() || !body.contains("field") || !body.contains("value"))
        return JsonError(400, "the body must be JSON: {\"field\": …, \"value\": …, \"note\": …, \"author\": …}");
      if (!body["field"].is_string()) return JsonError(400, "field must be a string");
      // The author is the token's editor, whatever the body says.
      if (body.contains("author") && (!body["author"].is_string() || body["author"].get<std::string>() != *editor))
        return JsonError(400, "author is the token's editor (" + *editor + "); leave it out");
      cat::Catalogue::Correction c{id, body["field"].get<std::string>(), body["value"].dump(), *editor,
                                   body.value("note", std::string()), "", 0};
      Status st = Db().Correct(c);
      if (!st.ok()) return JsonError(st.message().rfind("no item", 0) == 0 ? 404 : 400, st.message());
      auto shown = Db().Show(id);
      return JsonResponse(201, Json::parse(shown.ok() && !shown->empty() ? shown->front() : "{}", nullptr, false));
    }
    if (r.method != "GET") return JsonError(405, "use GET (or POST to /corrections)");
    auto shown = Db().Show(id);
    if (!shown.ok()) return JsonError(500, shown.status().message());
    if (shown->empty()) return JsonError(404, "no item " + id);
    Json rec = Json::parse(shown->front(), nullptr, false);
    Json history = Json::array();
    for (const auto& [c, before] : HistoryWithBefore(id))
      history.push_back({{"id", c.id}, {"field", c.field}, {"previous", before}, {"value", Json::parse(c.value_json, nullptr, false)},
                         {"author", c.author}, {"created_at", c.created_at}, {"note", c.note}});
    if (corrections) return JsonResponse(200, history);
    rec["corrections"] = history;
    return JsonResponse(200, rec);
  }
  if (path.rfind("/api/document/", 0) == 0) {
    auto doc = Db().Document(path.substr(14));
    if (!doc.ok()) return JsonError(500, doc.status().message());
    if (!*doc) return JsonError(404, "no document " + path.substr(14));
    const auto& d = **doc;
    Json items = Json::array(), pages = Json::array(), problems = Json::array();
    for (const auto& i : d.items)
      items.push_back({{"id", i.id}, {"paragraph_label", i.label}, {"title", i.title}, {"page_start", i.page_start},
                       {"page_end", i.page_end}, {"meeting", i.meeting}, {"not_an_item", i.hidden}});
    for (const auto& p : d.page_list)
      pages.push_back({{"page", p.number}, {"source", p.source},
                       {"ocr_confidence", p.ocr_confidence ? Json(*p.ocr_confidence) : Json(nullptr)}});
    for (const auto& p : d.problems) problems.push_back({{"page", p.page}, {"stage", p.stage}, {"reason", p.reason}});
    Json out = {{"path", d.path}, {"sha256", d.sha256}, {"format", d.format}, {"pages", d.pages},
                {"body", d.body.empty() ? Json(nullptr) : Json(d.body)},
                {"meeting_date", d.meeting_date.empty() ? Json(nullptr) : Json(d.meeting_date)},
                {"municipality", d.municipality.empty() ? Json(nullptr) : Json(d.municipality)},
                {"ingested_at", d.ingested_at}, {"page_list", pages}, {"items", items}, {"page_problems", problems}};
    if (d.quality)
      out["quality"] = {{"score", d.quality->score}, {"items", d.quality->items}, {"meetings", d.quality->meetings},
                        {"unsegmented", d.quality->unsegmented}, {"header_style", d.quality->header_style},
                        {"numbering_gaps", d.quality->numbering_gaps}, {"share_title", d.quality->share_title},
                        {"share_dnr", d.quality->share_dnr}, {"share_decision", d.quality->share_decision},
                        {"reasons", d.quality->reasons}};
    return JsonResponse(200, out);
  }
  if (path == "/api/export") {
    long long since = 0;
    std::string s = Param(r, "since");
    if (!s.empty()) {
      if (s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
        return JsonError(400, "since is a cursor (a number) from an earlier export");
      since = std::stoll(s);
    }
    auto batch = Db().Export(since, "");
    if (!batch.ok()) return JsonError(500, batch.status().message());
    // JSON Lines, streamed in pieces: the same records as `protokoll export`, then removals.
    auto shared = std::make_shared<cat::ExportBatch>(std::move(*batch));
    auto next = std::make_shared<size_t>(0);
    Response resp;
    resp.content_type = "application/x-ndjson; charset=utf-8";
    resp.headers.emplace_back("X-Protokoll-Cursor", std::to_string(shared->cursor));
    resp.stream = [shared, next](std::string& chunk) {
      chunk.clear();
      const size_t total = shared->records.size() + shared->removed.size();
      while (*next < total && chunk.size() < 64 * 1024) {
        size_t i = (*next)++;
        if (i < shared->records.size()) chunk += shared->records[i] + "\n";
        else chunk += Json{{"id", shared->removed[i - shared->records.size()]}, {"removed", true}}.dump() + "\n";
      }
      return !chunk.empty();
    };
    return resp;
  }
  return JsonError(404, "no such endpoint: " + path);
}

namespace {

// The methods a path answers to, for Allow (405 and OPTIONS).
std::string AllowedMethods(const std::string& p) {
  if (p == "/logout" || (p.rfind("/item/", 0) == 0 && p.size() > 8 && p.compare(p.size() - 8, 8, "/correct") == 0) ||
      (p.rfind("/item/", 0) == 0 && p.size() > 7 && p.compare(p.size() - 7, 7, "/revert") == 0))
    return "POST";
  if (p == "/login" || p == "/api/corrections") return "GET, HEAD, POST";
  return "GET, HEAD";
}

void AddSecurityHeaders(Response& resp) {
  // Nothing from a protocol may run as script; the page cannot be framed.
  resp.headers.emplace_back("Content-Security-Policy",
                            "default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; "
                            "frame-ancestors 'none'; base-uri 'none'");
  resp.headers.emplace_back("X-Content-Type-Options", "nosniff");
  resp.headers.emplace_back("Referrer-Policy", "same-origin");
  resp.headers.emplace_back("X-Frame-Options", "DENY");
}

}  // namespace

Response TransportError(int status, const std::string& path, const std::string& message) {
  Response r;
  if (path.rfind("/api/", 0) == 0) {
    r = JsonError(status, message);
  } else {
    static const std::map<int, std::string> kSwedish = {
        {400, "Felaktig begäran."}, {408, "Begäran kom inte fram i tid."},
        {413, "Begäran är för stor."}, {431, "Begärans huvud är för stort."},
        {503, "Servern är upptagen just nu. Försök igen om en stund."}};
    auto it = kSwedish.find(status);
    r = Html(status, "<!doctype html><html lang=\"sv\"><meta charset=\"utf-8\"><title>" + std::to_string(status) +
                         "</title><p>" + (it == kSwedish.end() ? std::string("Fel.") : it->second) + "</p></html>");
  }
  r.headers.emplace_back("Connection", "close");
  AddSecurityHeaders(r);
  return r;
}

Response App::Handle(const Request& request) {
  auto& d = *impl_;
  Response resp;
  // HEAD is GET without the body (the transport drops it); other methods than GET, HEAD and
  // POST are refused with the methods the path takes.
  const bool head = request.method == "HEAD";
  Request head_as_get;
  if (head) {
    head_as_get = request;
    head_as_get.method = "GET";
  }
  const Request& req = head ? head_as_get : request;
  if (req.method != "GET" && req.method != "POST") {
    resp = req.method == "OPTIONS" ? Html(204, "")
           : req.path.rfind("/api/", 0) == 0 ? JsonError(405, "method " + req.method + " not allowed; use " + AllowedMethods(req.path))
                                              : Html(405, "<p>Metoden " + Escape(req.method) + " används inte här.</p>");
    resp.headers.emplace_back("Allow", AllowedMethods(req.path));
    AddSecurityHeaders(resp);
    return resp;
  }
  try {
    const std::string& p = req.path;
    if (p.size() > 512) {
      resp = Html(414, "<p>För lång adress.</p>");
    } else if (p == "/static/style.css") {
      resp.content_type = "text/css; charset=utf-8";
      resp.body = kStyleCss;
      resp.headers.emplace_back("Cache-Control", "max-age=3600");
    } else if (p.rfind("/api/", 0) == 0) {
      resp = d.Api(req);
    } else if (p == "/" || p == "/search") {
      resp = req.method == "GET" ? d.Search(req) : Html(405, "<p>GET</p>");
    } else if (p == "/person") {
      resp = req.method == "GET" ? d.Person(req) : Html(405, "<p>GET</p>");
    } else if (p == "/stats/votes") {
      resp = req.method == "GET" ? d.VoteStats(req) : Html(405, "<p>GET</p>");
    } else if (p == "/login") {
      resp = d.Login(req);
    } else if (p == "/logout") {
      resp = req.method == "POST" ? d.Logout(req) : Html(405, "<p>Logga ut med knappen (POST).</p>");
    } else if (p == "/review") {
      resp = d.Review(req);
    } else if (p.rfind("/item/", 0) == 0) {
      std::string rest = p.substr(6);
      if (rest.size() > 9 && rest.compare(rest.size() - 9, 9, "/cite.ris") == 0) {
        resp = d.Citation(req, rest.substr(0, rest.size() - 9), true);
      } else if (rest.size() > 10 && rest.compare(rest.size() - 10, 10, "/cite.json") == 0) {
        resp = d.Citation(req, rest.substr(0, rest.size() - 10), false);
      } else if (rest.size() > 7 && rest.compare(rest.size() - 7, 7, "/revert") == 0) {
        resp = req.method == "POST" ? d.Revert(req, rest.substr(0, rest.size() - 7)) : Html(405, "<p>POST</p>");
      } else if (rest.size() > 8 && rest.compare(rest.size() - 8, 8, "/correct") == 0) {
        resp = req.method == "POST" ? d.CorrectForm(req, rest.substr(0, rest.size() - 8)) : Html(405, "<p>POST</p>");
      } else {
        resp = d.Item(req, rest);
      }
    } else if (p.rfind("/document/", 0) == 0 && p.size() > 19 && p.compare(p.size() - 9, 9, "/original") == 0) {
      resp = d.Original(req, p.substr(10, p.size() - 19));
    } else if (p.rfind("/document/", 0) == 0 && p.size() > 25 && p.compare(p.size() - 15, 15, "/searchable.pdf") == 0) {
      resp = d.SearchablePdf(req, p.substr(10, p.size() - 25));
    } else if (p.rfind("/document/", 0) == 0) {
      resp = d.Document(req, p.substr(10));
    } else if (p.rfind("/page/", 0) == 0) {
      // /page/<sha16>/<n>.png: documents of the catalogue only, by id; never a path.
      std::string rest = p.substr(6);
      size_t slash = rest.find('/');
      std::string sha = slash == std::string::npos ? "" : rest.substr(0, slash);
      std::string file = slash == std::string::npos ? "" : rest.substr(slash + 1);
      auto n = file.size() > 4 && file.compare(file.size() - 4, 4, ".png") == 0
                   ? ParseInt(file.substr(0, file.size() - 4), 1, 100000)
                   : std::nullopt;
      if (sha.size() != 16 || sha.find_first_not_of("0123456789abcdef") != std::string::npos || !n)
        resp = Html(404, "<p>Ingen sådan sida.</p>");
      else
        resp = d.PageImage(req, sha, *n);
    } else {
      resp = Html(404, d.Page(req, "Saknas", "<p>Sidan finns inte.</p>"));
    }
  } catch (const std::exception& e) {
    resp = req.path.rfind("/api/", 0) == 0 ? JsonError(500, e.what()) : Html(500, "<p>Internt fel: " + Escape(e.what()) + "</p>");
  }
  // A logged-in editor's pages hold their CSRF token and unpublished state: never cached.
  if (d.SessionOf(req) || req.path == "/login") resp.headers.emplace_back("Cache-Control", "no-store");
  if (resp.status == 405) {
    bool has_allow = false;
    for (const auto& [k, v] : resp.headers) has_allow |= k == "Allow";
    if (!has_allow) resp.headers.emplace_back("Allow", AllowedMethods(req.path));
  }
  AddSecurityHeaders(resp);
  return resp;
}

}  // namespace protokoll::web
