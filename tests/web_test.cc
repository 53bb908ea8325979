// The web handlers without a socket: pages, API status codes and JSON shapes, and every
// security rule (escaping, read-only, login, CSRF, Bearer, paths, limits).
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "test_util.h"
#include "web/app.h"

namespace fs = std::filesystem;
using Json = nlohmann::json;
using protokoll::testing::Q;
using protokoll::web::App;
using protokoll::web::AppOptions;
using protokoll::web::Request;
using protokoll::web::Response;

namespace {

const char kToken[] = "a-long-enough-edit-token-0123456789";

// A catalogue of the samples plus a protocol whose text is an attack on the page.
const std::string& Catalogue() {
  static const std::string db = [] {
    // One folder per process: CTest runs the cases of this file in parallel processes.
    fs::path dir = fs::path(PROTOKOLL_TEST_TMP) / ("web-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "in");
    std::ofstream(dir / "in" / "xss-ks-2021-05-04.txt")
        << "Kommunstyrelsen\nSammanträdesdatum 2021-05-04\n\n"
           "§ 7 <script>alert('titel')</script> Budget\n\nBeslut\n"
           "Kommunstyrelsen beslutar att anta \"><img src=x onerror=alert(1)> budgeten för förskolan.\n";
    for (const char* f : {"ljungby-ks-2017-39.txt", "alvbacka-bun-2020-09-14.pdf"})
      fs::copy_file(fs::path(PROTOKOLL_SOURCE_DIR) / "samples" / f, dir / "in" / f);
    std::string path = (dir / "c.sqlite").string();
    protokoll::testing::Sh(Q(PROTOKOLL_BINARY) + " ingest -q --db " + Q(path) + " " + Q((dir / "in").string()) +
                           " 2>/dev/null");
    return path;
  }();
  return db;
}

Request Get(const std::string& path, std::multimap<std::string, std::string> params = {}) {
  Request r;
  r.path = path;
  r.params = std::move(params);
  return r;
}

Request Post(const std::string& path, std::multimap<std::string, std::string> params, const std::string& cookie = "") {
  Request r;
  r.method = "POST";
  r.path = path;
  r.params = std::move(params);
  if (!cookie.empty()) r.headers["cookie"] = cookie;
  return r;
}

std::string HeaderOf(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

std::string XssItemId(App& app) {
  Response s = app.Handle(Get("/api/search", {{"q", "budgeten"}}));
  Json j = Json::parse(s.body);
  for (const auto& h : j["hits"])
    if (h["document"]["path"].get<std::string>().find("xss") != std::string::npos) return h["id"];
  return {};
}

// Logs in and returns (cookie, csrf token read from a page's form).
std::pair<std::string, std::string> LogIn(App& app) {
  Response r = app.Handle(Post("/login", {{"token", kToken}, {"next", "/review"}}));
  REQUIRE(r.status == 303);
  std::string set = HeaderOf(r, "Set-Cookie");
  std::string cookie = set.substr(0, set.find(';'));
  Request page = Get("/review");
  page.headers["cookie"] = cookie;
  std::string html = app.Handle(page).body;
  size_t at = html.find("name=\"csrf\" value=\"");
  REQUIRE(at != std::string::npos);
  at += 19;
  return {cookie, html.substr(at, html.find('"', at) - at)};
}

}  // namespace

TEST_CASE("pages: search with filters, facets and paging, item, document, review") {
  App app(AppOptions{Catalogue(), "", PROTOKOLL_SOURCE_DIR});
  Response s = app.Handle(Get("/", {{"q", "förskola"}, {"from", "2020"}}));
  CHECK(s.status == 200);
  CHECK(s.body.find("träff") != std::string::npos);
  CHECK(s.body.find("<mark>") != std::string::npos);
  CHECK(s.body.find("Lokalförsörjningsplan för förskolan") != std::string::npos);
  CHECK(s.body.find("2020-talet") != std::string::npos);  // decade facet
  // The year filter leaves 2017 out.
  CHECK(app.Handle(Get("/", {{"q", "medfinansiera"}, {"from", "2020"}})).body.find("0 träffar") != std::string::npos);
  CHECK(app.Handle(Get("/", {{"q", "medfinansiera"}})).body.find("1 träff") != std::string::npos);
  // An item with its fields, its page image and the citation.
  Response item = app.Handle(Get("/item/1addcde6e96e59c1-45"));
  REQUIRE(item.status == 200);
  CHECK(item.body.find("Dnr BUN 2020/112") != std::string::npos);
  CHECK(item.body.find("/page/1addcde6e96e59c1/1.png") != std::string::npos);
  CHECK(item.body.find("rel=\"next\"") != std::string::npos);
  Response png = app.Handle(Get("/page/1addcde6e96e59c1/1.png"));
  CHECK(png.status == 200);
  CHECK(png.content_type == "image/png");
  CHECK(png.body.substr(1, 3) == "PNG");
  CHECK(app.Handle(Get("/document/1addcde6e96e59c1")).body.find("Kvalitet") != std::string::npos);
  Response review = app.Handle(Get("/review"));
  CHECK(review.status == 200);
  // Only a document that needs a look is shown in red; the sound samples (1.00) are not.
  CHECK(review.body.find("<span class=\"score good\">1.00</span>") != std::string::npos);
  CHECK(review.body.find("<span class=\"score bad\">1.00</span>") == std::string::npos);
  // The reasons are stored in English and said in Swedish on the pages.
  CHECK(review.body.find("§-stil: §-tecken, ") != std::string::npos);
  CHECK(review.body.find("header style") == std::string::npos);
  Response doc = app.Handle(Get("/document/1addcde6e96e59c1"));
  CHECK(doc.body.find("<dt>§-stil</dt><dd>§-tecken</dd>") != std::string::npos);
  CHECK(doc.body.find(" ärenden</pre>") != std::string::npos);
  CHECK(app.Handle(Get("/static/style.css")).content_type.find("text/css") == 0);
  CHECK(app.Handle(Get("/nowhere")).status == 404);
}

TEST_CASE("security: text from a protocol is never markup") {
  App app(AppOptions{Catalogue(), "", PROTOKOLL_SOURCE_DIR});
  std::string id = XssItemId(app);
  REQUIRE(!id.empty());
  for (const std::string& html : {app.Handle(Get("/item/" + id)).body, app.Handle(Get("/", {{"q", "budgeten"}})).body}) {
    CHECK(html.find("<script>alert") == std::string::npos);
    CHECK(html.find("<img src=x") == std::string::npos);
    CHECK(html.find("&lt;script&gt;") != std::string::npos);
  }
  CHECK(app.Handle(Get("/item/" + id)).body.find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
  // A query is escaped back into the form too.
  CHECK(app.Handle(Get("/", {{"q", "\"><script>x</script>"}})).body.find("<script>x") == std::string::npos);
  Response r = app.Handle(Get("/"));
  CHECK(HeaderOf(r, "Content-Security-Policy").find("default-src 'none'") == 0);
  CHECK(HeaderOf(r, "X-Content-Type-Options") == "nosniff");
}

TEST_CASE("security: read-only without a token") {
  App app(AppOptions{Catalogue(), "", PROTOKOLL_SOURCE_DIR});
  CHECK(app.Handle(Post("/login", {{"token", "anything"}})).status == 403);
  CHECK(app.Handle(Post("/item/1addcde6e96e59c1-45/correct", {{"title", "x"}})).status == 403);
  Request api = Post("/api/item/1addcde6e96e59c1-45/corrections", {});
  api.headers["authorization"] = std::string("Bearer ") + kToken;
  api.body = R"({"field": "title", "value": "x"})";
  Response r = app.Handle(api);
  CHECK(r.status == 403);
  CHECK(Json::parse(r.body)["status"] == 403);
}

TEST_CASE("security: login, CSRF and Bearer guard every edit") {
  App app(AppOptions{Catalogue(), kToken, PROTOKOLL_SOURCE_DIR});
  const std::string item = "/item/ec0000000000000-1";  // not an id: 404 after the checks
  // Without a session, with a wrong token, without or with a wrong CSRF token: refused.
  CHECK(app.Handle(Post("/item/1addcde6e96e59c1-45/correct", {{"title", "x"}})).status == 403);
  CHECK(app.Handle(Post("/login", {{"token", "wrong-token-wrong-token-wrong"}})).status == 403);
  auto [cookie, csrf] = LogIn(app);
  Response login = app.Handle(Post("/login", {{"token", kToken}}));
  CHECK(HeaderOf(login, "Set-Cookie").find("HttpOnly; SameSite=Strict") != std::string::npos);
  CHECK(app.Handle(Post("/item/1addcde6e96e59c1-45/correct", {{"title", "x"}}, cookie)).status == 403);
  CHECK(app.Handle(Post("/item/1addcde6e96e59c1-45/correct", {{"title", "x"}, {"csrf", "0000"}}, cookie)).status == 403);
  // With both: the correction is kept and shown, marked as corrected.
  Response ok = app.Handle(Post("/item/1addcde6e96e59c1-45/correct",
                                {{"title", "Lokalförsörjningsplan för förskolan 2021–2025"}, {"csrf", csrf}, {"note", "test"}}, cookie));
  CHECK(ok.status == 303);
  Json rec = Json::parse(app.Handle(Get("/api/item/1addcde6e96e59c1-45")).body);
  CHECK(rec["title"] == "Lokalförsörjningsplan för förskolan 2021–2025");
  CHECK(rec["corrected"] == Json::array({"title"}));
  CHECK(rec["corrections"][0]["author"] == "redaktör");  // the shared token's name
  CHECK(HeaderOf(app.Handle(Get("/item/1addcde6e96e59c1-45", {})), "Cache-Control").empty());
  Request mine = Get("/item/1addcde6e96e59c1-45");
  mine.headers["cookie"] = cookie;
  CHECK(HeaderOf(app.Handle(mine), "Cache-Control") == "no-store");  // a logged-in editor's page
  // Logout needs the page's CSRF token: another site cannot log the editor out.
  CHECK(app.Handle(Post("/logout", {}, cookie)).status == 403);
  CHECK(app.Handle(Post("/item/1addcde6e96e59c1-45/correct", {{"title", "Lokalförsörjningsplan för förskolan 2021–2025"},
                                                               {"csrf", csrf}}, cookie)).status == 303);
  // After logout the session is gone.
  CHECK(app.Handle(Post("/logout", {{"csrf", csrf}}, cookie)).status == 303);
  CHECK(app.Handle(Post("/item/1addcde6e96e59c1-45/correct", {{"title", "y"}, {"csrf", csrf}}, cookie)).status == 403);
  // The API: Bearer required, values checked, unknown items 404.
  Request api = Post("/api/item/1addcde6e96e59c1-46/corrections", {});
  api.body = R"({"field": "diarienummer", "value": ["BUN 2020/141"], "note": "fel i protokollet"})";
  CHECK(app.Handle(api).status == 401);
  api.headers["authorization"] = "Bearer wrong";
  CHECK(app.Handle(api).status == 401);
  api.headers["authorization"] = std::string("Bearer ") + kToken;
  Response created = app.Handle(api);
  CHECK(created.status == 201);
  CHECK(Json::parse(created.body)["diarienummer"][0]["normalized"] == "BUN 2020/141");
  api.body = R"({"field": "paragraph", "value": 3})";
  CHECK(app.Handle(api).status == 400);
  api.body = R"({"field": "meeting_date", "value": "igår"})";
  CHECK(app.Handle(api).status == 400);
  api.body = "not json";
  CHECK(app.Handle(api).status == 400);
  api.path = "/api/item/ffffffffffffffff-1/corrections";
  api.body = R"({"field": "title", "value": "x"})";
  CHECK(app.Handle(api).status == 404);
  (void)item;
}

TEST_CASE("security: paths, redirects and limits") {
  App app(AppOptions{Catalogue(), kToken, PROTOKOLL_SOURCE_DIR});
  // Page images only for documents in the catalogue, by id: never a path from the request.
  for (const char* p : {"/page/../../etc/passwd", "/page/..%2f..%2fetc/1.png", "/page/ffffffffffffffff/1.png",
                        "/page/1addcde6e96e59c1/99.png", "/page/1addcde6e96e59c1/x.png", "/page/1ADDCDE6E96E59C1/1.png"}) {
    CAPTURE(std::string(p));
    CHECK(app.Handle(Get(p)).status == 404);
  }
  // A text file has no page image.
  CHECK(app.Handle(Get("/page/ad0ea49120d4ad46/1.png")).status == 404);
  // After login only local paths: never another site.
  for (const char* next : {"//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"}) {
    Response r = app.Handle(Post("/login", {{"token", kToken}, {"next", next}}));
    CHECK(HeaderOf(r, "Location") == "/");
  }
  // Over-long queries and unreadable filters are a clear 400, in HTML and JSON.
  std::string long_q(600, 'a');
  CHECK(app.Handle(Get("/", {{"q", long_q}})).status == 400);
  Response api = app.Handle(Get("/api/search", {{"q", long_q}}));
  CHECK(api.status == 400);
  CHECK(Json::parse(api.body)["error"].get<std::string>().find("för lång") != std::string::npos);
  CHECK(app.Handle(Get("/api/search", {{"q", "x"}, {"from", "tjugo"}})).status == 400);
  CHECK(app.Handle(Get("/api/export", {{"since", "1; DROP TABLE items"}})).status == 400);
  CHECK(app.Handle(Get("/api/nothing")).status == 404);
  CHECK(app.Handle(Get("/item/%3Cscript%3E")).status == 404);
}

TEST_CASE("API: JSON shapes, streamed export with a cursor") {
  App app(AppOptions{Catalogue(), "", PROTOKOLL_SOURCE_DIR});
  Json s = Json::parse(app.Handle(Get("/api/search", {{"q", "skolskjuts"}, {"limit", "1"}})).body);
  CHECK(s["total"].get<int>() >= 1);
  CHECK(s["hits"].size() == 1);
  for (const char* k : {"id", "paragraph_label", "title", "document", "page_start", "snippet", "url"}) CHECK(s["hits"][0].contains(k));
  CHECK(s["facets"]["body"].is_array());
  Json d = Json::parse(app.Handle(Get("/api/document/1addcde6e96e59c1")).body);
  CHECK(d["items"].size() == 4);
  CHECK(d["quality"]["score"].is_number());
  Response e = app.Handle(Get("/api/export"));
  REQUIRE(e.stream);
  std::string all, chunk;
  while (e.stream(chunk)) all += chunk;
  int lines = 0;
  for (size_t b = 0, n; (n = all.find('\n', b)) != std::string::npos; b = n + 1) {
    Json r = Json::parse(all.substr(b, n - b));
    CHECK(r.contains("id"));
    ++lines;
  }
  CHECK(lines >= 6);
  CHECK(!HeaderOf(e, "X-Protokoll-Cursor").empty());
  Json spec = Json::parse(app.Handle(Get("/api/openapi.json")).body);
  CHECK(spec["openapi"] == "3.1.0");
  CHECK(spec["paths"].contains("/api/export"));
}

TEST_CASE("requests: malformed or out-of-range parameters are 400 with the reason, never replaced") {
  App app(AppOptions{Catalogue(), "", PROTOKOLL_SOURCE_DIR});
  const std::multimap<std::string, std::string> bad[] = {
      {{"q", "förskola"}, {"page", "0"}},          {{"q", "förskola"}, {"page", "abc"}},
      {{"q", "förskola"}, {"page", "10000001"}},   {{"q", "förskola"}, {"limit", "101"}},
      {{"q", "förskola"}, {"limit", "-1"}},        {{"q", "förskola"}, {"offset", "x"}},
      {{"q", "förskola"}, {"ocr", "kanske"}},      {{"q", "förskola"}, {"sort", "slump"}},
      {{"q", "förskola"}, {"date_from", "2019-13-45"}}, {{"q", "förskola"}, {"date_to", "2017-02-30"}},
      {{"q", "\xff\xfe"}}};
  for (const auto& params : bad) {
    Response api = app.Handle(Get("/api/search", params));
    INFO(params.rbegin()->first << "=" << params.rbegin()->second);
    CHECK(api.status == 400);
    CHECK(Json::parse(api.body)["error"].get<std::string>().size() > 5);
    CHECK(app.Handle(Get("/", params)).status == 400);
  }
  // A page past the last hit is empty, not page 1 again (a client's pager ends).
  Json far = Json::parse(app.Handle(Get("/api/search", {{"q", "förskola"}, {"page", "10001"}})).body);
  CHECK(far["hits"].empty());
  CHECK(far["offset"] == 200000);
  // A query with no word in it: 0 hits and why, never -1.
  for (const char* q : {"§", "-", "\"", "()"}) {
    Json j = Json::parse(app.Handle(Get("/api/search", {{"q", q}})).body);
    CHECK(j["total"] == 0);
    CHECK(j.contains("note"));
    CHECK(app.Handle(Get("/", {{"q", q}})).body.find("-1") == std::string::npos);
  }
}

TEST_CASE("requests: HEAD is GET without a body, other methods are 405 with Allow, OPTIONS lists them") {
  App app(AppOptions{Catalogue(), "", PROTOKOLL_SOURCE_DIR});
  Request head = Get("/api/search", {{"q", "förskola"}});
  head.method = "HEAD";
  Response h = app.Handle(head);
  CHECK(h.status == 200);
  for (const char* m : {"PUT", "DELETE", "PATCH"}) {
    Request r = Get("/api/search", {{"q", "förskola"}});
    r.method = m;
    Response x = app.Handle(r);
    CHECK(x.status == 405);
    CHECK(HeaderOf(x, "Allow") == "GET, HEAD");
    CHECK_FALSE(HeaderOf(x, "Content-Security-Policy").empty());
  }
  Request opt = Get("/api/corrections");
  opt.method = "OPTIONS";
  Response o = app.Handle(opt);
  CHECK(o.status == 204);
  CHECK(HeaderOf(o, "Allow") == "GET, HEAD, POST");
  CHECK(HeaderOf(app.Handle(Get("/logout")), "Allow") == "POST");
}

TEST_CASE("corrections: a date that does not exist is refused") {
  App app(AppOptions{Catalogue(), kToken, PROTOKOLL_SOURCE_DIR});
  Request api = Post("/api/item/1addcde6e96e59c1-45/corrections", {});
  api.headers["authorization"] = std::string("Bearer ") + kToken;
  for (const char* body : {R"({"field": "meeting_date", "value": "2017-02-30"})",
                           R"({"field": "dates", "value": ["2008-13-01"]})"}) {
    api.body = body;
    CHECK(app.Handle(api).status == 400);
  }
  api.body = R"({"field": "meeting_date", "value": "2016-02-29"})";
  CHECK(app.Handle(api).status < 300);
}

TEST_CASE("accountability: each editor's own token, named in the history, before and after, revert") {
  // Tokens by their SHA-256 only; the shared token still works as "redaktör".
  AppOptions o{Catalogue(), "", PROTOKOLL_SOURCE_DIR};
  const std::string anna = "anna-token-0123456789abcdef", bo = "bo-token-0123456789abcdef0";
  auto sha = [](const std::string& t) {
    return protokoll::testing::Sh("printf %s " + Q(t) + " | sha256sum | cut -c1-64").out.substr(0, 64);
  };
  o.editors.push_back({"Anna Arkivarie", sha(anna)});
  o.editors.push_back({"Bo Bibliotekarie", sha(bo)});
  App app(o);
  const std::string id = "1addcde6e96e59c1-46";
  Json before = Json::parse(app.Handle(Get("/api/item/" + id)).body);
  const std::string original = before["title"];
  Request api = Post("/api/item/" + id + "/corrections", {});
  api.headers["authorization"] = "Bearer " + bo;
  api.body = R"({"field": "title", "value": "Rättad av Bo"})";
  CHECK(app.Handle(api).status == 201);
  api.body = R"({"field": "title", "value": "x", "author": "Någon annan"})";
  CHECK(app.Handle(api).status == 400);  // the author is the token's editor
  api.headers["authorization"] = "Bearer not-a-token-of-anyone-at-all";
  CHECK(app.Handle(api).status == 401);
  // Anna logs in on the web page and corrects the same field.
  Response login = app.Handle(Post("/login", {{"token", anna}}));
  REQUIRE(login.status == 303);
  std::string cookie = HeaderOf(login, "Set-Cookie");
  cookie = cookie.substr(0, cookie.find(';'));
  Request page = Get("/item/" + id);
  page.headers["cookie"] = cookie;
  std::string html = app.Handle(page).body;
  CHECK(html.find("Anna Arkivarie") != std::string::npos);  // who is logged in
  const size_t at = html.find("name=\"csrf\" value=\"");
  REQUIRE(at != std::string::npos);
  const std::string csrf = html.substr(at + 19, html.find('"', at + 19) - at - 19);
  CHECK(app.Handle(Post("/item/" + id + "/correct", {{"title", "Rättad av Anna"}, {"csrf", csrf}}, cookie)).status == 303);
  Json history = Json::parse(app.Handle(Get("/api/item/" + id + "/corrections")).body);
  REQUIRE(history.size() == 2);
  CHECK(history[0]["author"] == "Bo Bibliotekarie");
  CHECK(history[0]["previous"] == original);
  CHECK(history[1]["author"] == "Anna Arkivarie");
  CHECK(history[1]["previous"] == "Rättad av Bo");
  CHECK(history[1]["value"] == "Rättad av Anna");
  // The page shows before → after; Anna reverts her correction: Bo's title is back.
  html = app.Handle(page).body;
  CHECK(html.find("<th>Före</th><th>Efter</th>") != std::string::npos);
  const std::string which = std::to_string(history[1]["id"].get<long long>());
  CHECK(app.Handle(Post("/item/" + id + "/revert", {{"correction", which}}, cookie)).status == 403);  // no CSRF
  CHECK(app.Handle(Post("/item/" + id + "/revert", {{"correction", which}, {"csrf", csrf}}, cookie)).status == 303);
  CHECK(Json::parse(app.Handle(Get("/api/item/" + id)).body)["title"] == "Rättad av Bo");
  history = Json::parse(app.Handle(Get("/api/item/" + id + "/corrections")).body);
  CHECK(history.size() == 3);
  CHECK(history[2]["author"] == "Anna Arkivarie");
}

TEST_CASE("research: a diarienummer in the main box, and the whole result list as CSV and JSON Lines") {
  App app(AppOptions{Catalogue(), "", PROTOKOLL_SOURCE_DIR});
  for (const char* typed : {"bun 2020/112", "Dnr BUN 2020/112", "BUN 2020/112"}) {
    Json j = Json::parse(app.Handle(Get("/api/search", {{"q", typed}})).body);
    INFO(typed);
    REQUIRE(j["total"].get<long long>() >= 1);
    CHECK(j["hits"][0]["id"] == "1addcde6e96e59c1-45");
  }
  CHECK(app.Handle(Get("/", {{"q", "bun 2020/112"}})).body.find("Sökt som diarienummer") != std::string::npos);
  // The result list, all of it: the same records as export, in the list's order.
  Json page = Json::parse(app.Handle(Get("/api/search", {{"q", "förskola"}, {"limit", "100"}})).body);
  const long long total = page["total"];
  REQUIRE(total >= 2);
  for (const char* format : {"jsonl", "csv"}) {
    Response e = app.Handle(Get("/api/search/export", {{"q", "förskola"}, {"format", format}}));
    REQUIRE(e.status == 200);
    REQUIRE(e.stream);
    std::string all, chunk;
    while (e.stream(chunk)) all += chunk;
    std::vector<std::string> lines;
    for (size_t b = 0, n; (n = all.find('\n', b)) != std::string::npos; b = n + 1) lines.push_back(all.substr(b, n - b));
    if (std::string(format) == "jsonl") {
      REQUIRE(static_cast<long long>(lines.size()) == total);
      for (size_t k = 0; k < lines.size(); ++k) {
        Json rec = Json::parse(lines[k]);
        CHECK(rec["id"] == page["hits"][k]["id"]);
        CHECK(rec.contains("decision"));
      }
    } else {
      CHECK(all.rfind("\xEF\xBB\xBFid,path,sha256", 0) == 0);
      long long rows = 0;  // a record's row starts with its id (a quoted field may hold line breaks)
      for (const std::string& l : lines)
        rows += l.size() > 17 && l[16] == '-' && l.find_first_not_of("0123456789abcdef") == 16;
      CHECK(rows == total);
      CHECK(lines[1].rfind(page["hits"][0]["id"].get<std::string>() + ",", 0) == 0);
    }
  }
  CHECK(app.Handle(Get("/api/search/export", {{"q", "förskola"}, {"format", "xml"}})).status == 400);
  CHECK(app.Handle(Get("/api/search/export", {})).status == 400);
  CHECK(app.Handle(Get("/", {{"q", "förskola"}})).body.find("/api/search/export?q=") != std::string::npos);
}

TEST_CASE("research: an item's citation as RIS and CSL JSON, linked from its page") {
  App app(AppOptions{Catalogue(), "", PROTOKOLL_SOURCE_DIR});
  Request r = Get("/item/1addcde6e96e59c1-45/cite.json");
  r.headers["host"] = "arkiv.example:8080";
  Response csl = app.Handle(r);
  REQUIRE(csl.status == 200);
  Json c = Json::parse(csl.body);
  REQUIRE(c.is_array());
  CHECK(c[0]["number"] == "BUN 2020/112");
  CHECK(c[0]["issued"]["date-parts"][0] == Json::array({2020, 9, 14}));
  CHECK(c[0]["URL"] == "http://arkiv.example:8080/item/1addcde6e96e59c1-45");
  CHECK(c[0]["author"][0]["literal"].get<std::string>().find("nämnd") != std::string::npos);
  Response ris = app.Handle(Get("/item/1addcde6e96e59c1-45/cite.ris"));
  CHECK(ris.body.rfind("TY  - GEN\r\n", 0) == 0);
  CHECK(ris.body.find("DA  - 2020/09/14\r\n") != std::string::npos);
  CHECK(ris.body.find("M1  - BUN 2020/112\r\n") != std::string::npos);
  CHECK(ris.body.find("ER  - ") != std::string::npos);
  CHECK(app.Handle(Get("/item/1addcde6e96e59c1-45")).body.find("/cite.ris") != std::string::npos);
  CHECK(app.Handle(Get("/item/ffffffffffffffff-1/cite.ris")).status == 404);
}

TEST_CASE("research: a search that finds nothing says why") {
  App app(AppOptions{Catalogue(), "", PROTOKOLL_SOURCE_DIR});
  // Two words that never meet in one item: each alone finds something.
  Json j = Json::parse(app.Handle(Get("/api/search", {{"q", "förskola zyxwvut"}})).body);
  REQUIRE(j["total"] == 0);
  CHECK(j["note"].get<std::string>().find("förskola: ") != std::string::npos);
  CHECK(j["note"].get<std::string>().find("zyxwvut: 0") != std::string::npos);
  std::string html = app.Handle(Get("/", {{"q", "förskola zyxwvut"}})).body;
  CHECK(html.find("Var för sig") != std::string::npos);
  // Words that match, filters that leave them out.
  j = Json::parse(app.Handle(Get("/api/search", {{"q", "förskola"}, {"from", "1900"}, {"to", "1901"}})).body);
  REQUIRE(j["total"] == 0);
  CHECK(j["note"].get<std::string>().find("without the filters") != std::string::npos);
  html = app.Handle(Get("/", {{"q", "förskola"}, {"from", "1900"}, {"to", "1901"}})).body;
  CHECK(html.find("det är filtren som utesluter dem") != std::string::npos);
}

TEST_CASE("review: the work list a page at a time, narrowed by score, style and organ, each document linked") {
  App app(AppOptions{Catalogue(), "", PROTOKOLL_SOURCE_DIR});
  std::string all = app.Handle(Get("/review")).body;
  CHECK(all.find("<a href=\"/document/") != std::string::npos);
  CHECK(all.find(" dokument</p>") != std::string::npos);
  // Narrowed to an organ that no document has: none listed.
  std::string none = app.Handle(Get("/review", {{"body", "Överförmyndarnämnden i Ingenstans"}})).body;
  CHECK(none.find("<p class=\"count\">0 dokument</p>") != std::string::npos);
  // A score of at most 0: only documents read worst.
  CHECK(app.Handle(Get("/review", {{"score", "0"}})).status == 200);
  CHECK(app.Handle(Get("/review", {{"style", "sign"}})).body.find("selected>§-tecken") != std::string::npos);
  for (const auto& bad : std::vector<std::multimap<std::string, std::string>>{
           {{"page", "0"}}, {{"score", "2"}}, {{"score", "x"}}, {{"style", "kanske"}}})
    CHECK(app.Handle(Get("/review", bad)).status == 400);
  // A page past the end lists nothing and offers the way back.
  std::string far = app.Handle(Get("/review", {{"page", "50"}})).body;
  CHECK(far.find("section class=\"review\"") == std::string::npos);
  CHECK(far.find("rel=\"prev\"") != std::string::npos);
}

TEST_CASE("pages: readers see document paths relative to the ingest folder, never the server's") {
  // The test catalogue was ingested from an absolute folder; with --root at that folder the
  // pages show the file's own path under it.
  const std::string root = (fs::path(Catalogue()).parent_path() / "in").string();
  App app(AppOptions{Catalogue(), "", root});
  std::string search = app.Handle(Get("/", {{"q", "förskola"}})).body;
  CHECK(search.find(root) == std::string::npos);
  std::string doc = app.Handle(Get("/document/1addcde6e96e59c1")).body;
  CHECK(doc.find("<h1>alvbacka-bun-2020-09-14.pdf</h1>") != std::string::npos);
  // Outside the root: the file's name alone.
  App elsewhere(AppOptions{Catalogue(), "", "/nowhere-else"});
  CHECK(elsewhere.Handle(Get("/document/1addcde6e96e59c1")).body.find("<h1>alvbacka-bun-2020-09-14.pdf</h1>") != std::string::npos);
}

TEST_CASE("research: the municipality as a filter, a facet, a word of the main box and in the citation") {
  App app(AppOptions{Catalogue(), "", PROTOKOLL_SOURCE_DIR});
  Response page = app.Handle(Get("/", {{"q", "förskolan"}}));
  REQUIRE(page.status == 200);
  CHECK(page.body.find("<h2>Kommun</h2><ul class=\"municipality\"><li><a href=\"/?q=f%C3%B6rskolan&amp;municipality=%C3%84lvbacka%20kommun\">Älvbacka kommun</a>") != std::string::npos);
  Json j = Json::parse(app.Handle(Get("/api/search", {{"q", "förskolan"}})).body);
  REQUIRE(j["facets"]["municipality"].size() == 1);
  CHECK(j["facets"]["municipality"][0]["municipality"] == "Älvbacka kommun");
  CHECK(j["hits"][0]["municipality"] == "Älvbacka kommun");
  // The filter: any part of the name; the Ljungby text (no municipality in its head) is left out.
  Json all = Json::parse(app.Handle(Get("/api/search", {{"q", "kronor"}})).body);
  Json alv = Json::parse(app.Handle(Get("/api/search", {{"q", "kronor"}, {"municipality", "älvbacka"}})).body);
  CHECK(alv["total"].get<long long>() >= 1);
  CHECK(alv["total"].get<long long>() < all["total"].get<long long>());
  for (const auto& h : alv["hits"]) CHECK(h["municipality"] == "Älvbacka kommun");
  CHECK(Json::parse(app.Handle(Get("/api/search", {{"municipality", "storvik"}})).body)["total"] == 0);
  // Typed in the main box, the name finds the municipality's items.
  Json typed = Json::parse(app.Handle(Get("/api/search", {{"q", "Älvbacka"}, {"limit", "100"}})).body);
  CHECK(typed["total"] == Json::parse(app.Handle(Get("/api/search", {{"municipality", "Älvbacka"}})).body)["total"]);
  // The citation names it: the text line, RIS and CSL JSON.
  Response item = app.Handle(Get("/item/1addcde6e96e59c1-45"));
  CHECK(item.body.find("Älvbacka kommun, Barn- och utbildningsnämnden 2020-09-14, § 45") != std::string::npos);
  CHECK(item.body.find("<dt>Kommun</dt><dd>Älvbacka kommun</dd>") != std::string::npos);
  CHECK(app.Handle(Get("/item/1addcde6e96e59c1-45/cite.ris")).body.find("PB  - Älvbacka kommun\r\n") != std::string::npos);
  Json csl = Json::parse(app.Handle(Get("/item/1addcde6e96e59c1-45/cite.json")).body);
  CHECK(csl[0]["authority"] == "Älvbacka kommun");
  CHECK(csl[0]["container-title"].get<std::string>().rfind("Älvbacka kommun, ", 0) == 0);
  CHECK(Json::parse(app.Handle(Get("/api/document/1addcde6e96e59c1")).body)["municipality"] == "Älvbacka kommun");
  // The organ facet's filter matches any part of the name.
  CHECK(Json::parse(app.Handle(Get("/api/search", {{"q", "förskolan"}, {"body", "nämnden"}})).body)["total"] == 1);
  CHECK(Json::parse(app.Handle(Get("/api/search", {{"q", "förskolan"}, {"body", "styrelse"}})).body)["total"] == 1);
}

namespace {
// A catalogue of the Älvbacka protocol as a text PDF and as a scan (OCR): twins.
std::pair<std::string, fs::path> TwinCatalogue() {
  static const std::pair<std::string, fs::path> made = [] {
    fs::path dir = fs::path(PROTOKOLL_TEST_TMP) / ("web-twins-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "in");
    for (const char* f : {"alvbacka-bun-2020-09-14.pdf", "alvbacka-bun-2020-09-14-skannad.tif"})
      fs::copy_file(fs::path(PROTOKOLL_SOURCE_DIR) / "samples" / f, dir / "in" / f);
    std::string path = (dir / "c.sqlite").string();
    protokoll::testing::Sh(Q(PROTOKOLL_BINARY) + " ingest -q --db " + Q(path) + " " + Q((dir / "in").string()) + " 2>/dev/null");
    return std::pair{path, dir};
  }();
  return made;
}
}  // namespace

TEST_CASE("twins: one hit with both sources, linked from the item, a correction offered to the other") {
  auto [db, dir] = TwinCatalogue();
  App app(AppOptions{db, kToken, (dir / "in").string()});
  const std::string text_id = "1addcde6e96e59c1-45";
  Json api = Json::parse(app.Handle(Get("/api/search", {{"q", "lokalförsörjningsplan"}})).body);
  REQUIRE(api["total"] == 2);
  std::string scan_id;
  for (const auto& h : api["hits"]) {
    REQUIRE(h["twins"].size() == 1);
    if (h["id"] != text_id) scan_id = h["id"];
  }
  REQUIRE(!scan_id.empty());
  Response page = app.Handle(Get("/", {{"q", "lokalförsörjningsplan"}}));
  size_t shown = 0;
  for (size_t at = page.body.find("<li><h3>"); at != std::string::npos; at = page.body.find("<li><h3>", at + 1)) ++shown;
  CHECK(shown == 1);
  CHECK(page.body.find("även som: <a href=\"/item/") != std::string::npos);
  CHECK(page.body.find("1 träff är samma ärende i en annan fil") != std::string::npos);
  // The item page links the twin.
  Response text_page = app.Handle(Get("/item/" + text_id));
  CHECK(text_page.body.find("Samma ärende i en annan fil") != std::string::npos);
  CHECK(text_page.body.find("<a href=\"/item/" + scan_id + "\">skannad</a>") != std::string::npos);
  // A correction of the scan is offered on the text PDF's page: read-only readers see it,
  // an editor applies it with one click.
  auto [cookie, csrf] = LogIn(app);
  Response done = app.Handle(Post("/item/" + scan_id + "/correct",
                                  {{"csrf", csrf}, {"title", "Lokalförsörjningsplan för förskolan 2021–2025"}, {"back", "/"}}, cookie));
  REQUIRE(done.status == 303);
  CHECK(app.Handle(Get("/item/" + text_id)).body.find("Tvillingen har rättats för hand") != std::string::npos);
  Request logged = Get("/item/" + text_id);
  logged.headers["cookie"] = cookie;
  std::string html = app.Handle(logged).body;
  REQUIRE(html.find("Rätta även här") != std::string::npos);
  CHECK(html.find("name=\"title\" value=\"Lokalförsörjningsplan för förskolan 2021–2025\"") != std::string::npos);
  Response applied = app.Handle(Post("/item/" + text_id + "/correct",
                                     {{"csrf", csrf}, {"title", "Lokalförsörjningsplan för förskolan 2021–2025"},
                                      {"note", "från tvillingen " + scan_id}, {"back", "/item/" + text_id}}, cookie));
  REQUIRE(applied.status == 303);
  Json rec = Json::parse(app.Handle(Get("/api/item/" + text_id)).body);
  CHECK(rec["title"] == "Lokalförsörjningsplan för förskolan 2021–2025");
  // Said once, the offer is gone; the twins stay twins (the same title again).
  CHECK(app.Handle(logged).body.find("Rätta även här") == std::string::npos);
  CHECK(app.Handle(Get("/item/" + text_id)).body.find("<a href=\"/item/" + scan_id + "\">skannad</a>") != std::string::npos);
}

TEST_CASE("page image: the item's region marked, zoom, the pages around it, the original file under the root only") {
  auto [db, dir] = TwinCatalogue();
  App app(AppOptions{db, "", (dir / "in").string()});
  Json api = Json::parse(app.Handle(Get("/api/search", {{"q", "lokalförsörjningsplan"}})).body);
  std::string scan_id;
  for (const auto& h : api["hits"])
    if (h["source"] == "ocr") scan_id = h["id"];
  REQUIRE(!scan_id.empty());
  Response scan = app.Handle(Get("/item/" + scan_id));
  REQUIRE(scan.status == 200);
  CHECK(scan.body.find("<rect class=\"item\"") != std::string::npos);
  CHECK(scan.body.find("ärendets del av sidan markerad") != std::string::npos);
  // The region is the item's lines, not the page: smaller than the page's OCR lines together.
  {
    auto num = [&](const std::string& attr, size_t from) {
      size_t at = scan.body.find(attr + "=\"", from) + attr.size() + 2;
      return std::stoi(scan.body.substr(at));
    };
    const size_t item = scan.body.find("<rect class=\"item\"");
    const int height = num("height", item);
    size_t vb = scan.body.find("viewBox=\"0 0 ");
    std::string dims = scan.body.substr(vb + 13, 20);
    const int page_height = std::stoi(dims.substr(dims.find(' ') + 1));
    CHECK(height > 100);
    CHECK(height < page_height * 3 / 4);
  }
  // A text PDF has no line boxes: the page says so.
  Response text = app.Handle(Get("/item/1addcde6e96e59c1-45"));
  CHECK(text.body.find("<rect class=\"item\"") == std::string::npos);
  CHECK(text.body.find("kan inte markeras") != std::string::npos);
  // Zoom and the pages around it, as links.
  CHECK(scan.body.find("<figure class=\"page z100\">") != std::string::npos);
  CHECK(scan.body.find("?z=200\">200 %</a>") != std::string::npos);
  CHECK(app.Handle(Get("/item/" + scan_id, {{"z", "200"}})).body.find("<figure class=\"page z200\">") != std::string::npos);
  CHECK(app.Handle(Get("/item/" + scan_id, {{"z", "175"}})).body.find("<figure class=\"page z100\">") != std::string::npos);
  CHECK(scan.body.find("class=\"pg-next\" href=\"/item/" + scan_id + "?p=2\">s. 2 →</a>") != std::string::npos);
  Response second = app.Handle(Get("/item/" + scan_id, {{"p", "2"}}));
  CHECK(second.body.find("/2.png\"") != std::string::npos);
  CHECK(second.body.find("class=\"pg-prev\" href=\"/item/" + scan_id + "\">← s. 1</a>") != std::string::npos);
  // The original file, by id, with its name.
  Response original = app.Handle(Get("/document/1addcde6e96e59c1/original"));
  REQUIRE(original.status == 200);
  CHECK(original.body.rfind("%PDF", 0) == 0);
  CHECK(original.content_type == "application/pdf");
  CHECK(HeaderOf(original, "Content-Disposition").find("attachment; filename=\"alvbacka-bun-2020-09-14.pdf\"") == 0);
  CHECK(scan.body.find("/original\" download>") != std::string::npos);
  // Outside the ingest folder (the root names another folder), nothing is served.
  fs::create_directories(dir / "other");
  App elsewhere(AppOptions{db, "", (dir / "other").string()});
  CHECK(elsewhere.Handle(Get("/document/1addcde6e96e59c1/original")).status == 403);
  // Not by a symbolic link out of the folder either.
  fs::create_directories(dir / "linked");
  fs::create_symlink(dir / "in" / "alvbacka-bun-2020-09-14.pdf", dir / "linked" / "alvbacka-bun-2020-09-14.pdf");
  const std::string db2 = (dir / "linked.sqlite").string();
  protokoll::testing::Sh("cd " + Q((dir / "linked").string()) + " && " + Q(PROTOKOLL_BINARY) + " ingest -q --db " + Q(db2) +
                         " alvbacka-bun-2020-09-14.pdf 2>/dev/null");
  App linked(AppOptions{db2, "", (dir / "linked").string()});
  CHECK(linked.Handle(Get("/document/1addcde6e96e59c1")).status == 200);
  CHECK(linked.Handle(Get("/document/1addcde6e96e59c1/original")).status == 403);
  CHECK(app.Handle(Get("/document/0000000000000000/original")).status == 404);
  CHECK(app.Handle(Get("/document/..%2F..%2Fetc/original")).status == 404);
}

TEST_CASE("original: a file larger than the in-memory limit is streamed from the file, in pieces, checked on the way") {
  auto [db, dir] = TwinCatalogue();
  AppOptions options{db, "", (dir / "in").string()};
  options.original_in_memory = 4096;  // the text PDF is larger than this
  App app(options);
  const fs::path file = dir / "in" / "alvbacka-bun-2020-09-14.pdf";
  std::ifstream in(file, std::ios::binary);
  const std::string whole((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(whole.size() > 4096);
  Response r = app.Handle(Get("/document/1addcde6e96e59c1/original"));
  REQUIRE(r.status == 200);
  CHECK(r.body.empty());
  REQUIRE(r.stream);
  REQUIRE(r.stream_ok);
  CHECK(r.content_type == "application/pdf");
  CHECK(HeaderOf(r, "Content-Disposition").find("alvbacka-bun-2020-09-14.pdf") != std::string::npos);
  std::string sent, chunk;
  int pieces = 0;
  while (r.stream(chunk)) sent += chunk, ++pieces;
  CHECK(sent == whole);
  CHECK(pieces >= 1);
  CHECK(r.stream_ok());
  // The file replaced while it is sent (same size, other bytes): the response is marked broken.
  Response again = app.Handle(Get("/document/1addcde6e96e59c1/original"));
  REQUIRE(again.stream);
  {
    std::string changed = whole;
    changed[changed.size() / 2] ^= 0x20;
    std::ofstream(file, std::ios::binary | std::ios::trunc) << changed;
  }
  std::string got;
  while (again.stream(chunk)) got += chunk;
  CHECK_FALSE(again.stream_ok());
  // And asked for afterwards, it is refused, as a small one is.
  CHECK(app.Handle(Get("/document/1addcde6e96e59c1/original")).status == 409);
}

TEST_CASE("searchable PDF: a download on a scanned document's page, under the rules of the original") {
  auto [db, dir] = TwinCatalogue();
  App app(AppOptions{db, "", (dir / "in").string()});
  const std::string scan = "bfae358489df9ea7", text = "1addcde6e96e59c1";  // the G4 TIFF, the text PDF
  Response page = app.Handle(Get("/document/" + scan));
  REQUIRE(page.status == 200);
  CHECK(page.body.find("<dt>Sökbar PDF</dt><dd><a href=\"/document/" + scan + "/searchable.pdf\" download>") !=
        std::string::npos);
  CHECK(app.Handle(Get("/document/" + text)).body.find("Sökbar PDF") == std::string::npos);
  Response pdf = app.Handle(Get("/document/" + scan + "/searchable.pdf"));
  REQUIRE(pdf.status == 200);
  CHECK(pdf.content_type == "application/pdf");
  CHECK(pdf.body.rfind("%PDF-", 0) == 0);
  CHECK(pdf.body.find("%%EOF") != std::string::npos);
  CHECK(HeaderOf(pdf, "Content-Disposition").find("filename=\"alvbacka-bun-2020-09-14-skannad-sokbar.pdf\"") !=
        std::string::npos);
  // The same file as export --pdf writes.
  const fs::path out = dir / "pdf-out";
  protokoll::testing::Sh(Q(PROTOKOLL_BINARY) + " export --db " + Q(db) + " --pdf " + Q(out.string()) + " >/dev/null 2>&1");
  CHECK(protokoll::testing::Slurp(out / (scan + ".pdf")) == pdf.body);
  // A document with no OCR'd page has none; no such document, none either.
  CHECK(app.Handle(Get("/document/" + text + "/searchable.pdf")).status == 404);
  CHECK(app.Handle(Get("/document/0000000000000000/searchable.pdf")).status == 404);
  CHECK(app.Handle(Get("/document/..%2F..%2Fetc/searchable.pdf")).status == 404);
  // Outside the ingest folder: refused.
  fs::create_directories(dir / "other");
  CHECK(App(AppOptions{db, "", (dir / "other").string()}).Handle(Get("/document/" + scan + "/searchable.pdf")).status == 403);
  // A file changed since it was read: refused (409), as its original is. (A copy of the
  // catalogue whose scan is a changed copy of the file.)
  const fs::path changed = dir / "changed";
  fs::create_directories(changed / "in");
  fs::copy_file(dir / "in" / "alvbacka-bun-2020-09-14-skannad.tif", changed / "in" / "scan.tif",
                fs::copy_options::overwrite_existing);
  std::ofstream(changed / "in" / "scan.tif", std::ios::app) << "x";
  const std::string db2 = (changed / "c.sqlite").string();
  protokoll::testing::Sh("sqlite3 " + Q(db) + " " + Q(".backup " + db2));
  protokoll::testing::Sh("sqlite3 " + Q(db2) + " " +
                         Q("UPDATE documents SET path = '" + (changed / "in" / "scan.tif").string() +
                           "' WHERE substr(sha256, 1, 16) = '" + scan + "'"));
  App moved(AppOptions{db2, "", (changed / "in").string()});
  CHECK(moved.Handle(Get("/document/" + scan + "/original")).status == 409);
  Response refused = moved.Handle(Get("/document/" + scan + "/searchable.pdf"));
  CHECK(refused.status == 409);
  CHECK(refused.body.find("Filen har ändrats") != std::string::npos);
}

TEST_CASE("original: a file whose name is not UTF-8, or holds a newline, is found and served by its bytes") {
  fs::path dir = fs::path(PROTOKOLL_TEST_TMP) / ("web-names-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "in");
  const std::string latin1 = "kf-\xE5r-2019.txt", newline = "ks\n2019.txt";
  const std::string text = "Kommunfullmäktige\nSammanträdesdatum 2019-05-04\n\n§ 7 Budget\n\nBeslut\nBudgeten antas.\n";
  std::ofstream(dir / "in" / latin1) << text;
  std::ofstream(dir / "in" / newline) << text << "\n§ 8 Skolor\n\nBeslut\nSkolorna byggs.\n";
  const std::string db = (dir / "c.sqlite").string();
  protokoll::testing::Sh("cd " + Q((dir / "in").string()) + " && " + Q(PROTOKOLL_BINARY) + " ingest -q --db " + Q(db) +
                         " . 2>/dev/null");
  App app(AppOptions{db, "", (dir / "in").string()});
  Json api = Json::parse(app.Handle(Get("/api/search", {{"q", "budgeten"}})).body);
  REQUIRE(api["hits"].size() == 2);
  int served = 0;
  for (const auto& h : api["hits"]) {
    const std::string sha16 = h["document"]["sha256"].get<std::string>().substr(0, 16);
    const std::string path = h["document"]["path"];
    CAPTURE(path);
    Response original = app.Handle(Get("/document/" + sha16 + "/original"));
    CHECK(original.status == 200);
    CHECK(original.body.rfind(text, 0) == 0);
    Response page = app.Handle(Get("/document/" + sha16));
    CHECK(page.status == 200);
    served += original.status == 200;
  }
  CHECK(served == 2);
  // The name that is not UTF-8 is shown escaped, never as broken text.
  bool escaped = false;
  for (const auto& h : api["hits"]) escaped |= h["document"]["path"] == "./kf-\\xe5r-2019.txt";
  CHECK(escaped);
}

TEST_CASE("pages: the item page shows how it was decided — motions, the vote and its roll call, reservations, statements, jäv — escaped") {
  fs::path dir = fs::path(PROTOKOLL_TEST_TMP) / ("web-votes-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "in");
  std::ofstream(dir / "in" / "ks-2023-05-16.txt")
      << "Kommunstyrelsen\nSammanträdesdatum 2023-05-16\nBeslutande\nKent Johansson (C), ordförande\nLena Holm (S)\n"
         "Utses att justera Lena Holm (S)\n\n"
         "KS § 42\nNy förskola\n\nYrkanden\nPer Persson (SD) yrkar bifall till <script>alert(1)</script> förslaget.\n"
         "Anna Andersson (M) yrkar avslag.\n\nOmröstning\nOmröstning begärs och verkställs.\n"
         "Kent Johansson (C) och Lena Holm (S) röstar Ja (2).\nAnna Andersson (M) röstar Nej (1).\n\n"
         "Beslut\nKommunstyrelsen bifaller förslaget.\n\nReservation\n"
         "Anna Andersson (M) reserverar sig till förmån för \"><img src=x onerror=alert(2)> eget yrkande.\n\n"
         "Protokollsanteckning\nPer Persson (SD) lämnar följande protokollsanteckning: Taxan <b onclick=x>är</b> för hög.\n"
         "Representanterna från M och KD antecknar som yttrande en skrivelse från den 10 maj 2023.\n\n"
         "KS § 43\nFörsäljning av fastighet\n\nJäv\nLena Holm (S) anmäler jäv och deltar inte i handläggningen.\n\n"
         "Beslut\nFastigheten säljs.\n";
  const std::string db = (dir / "c.sqlite").string();
  protokoll::testing::Sh(Q(PROTOKOLL_BINARY) + " ingest -q --db " + Q(db) + " " + Q((dir / "in").string()) + " 2>/dev/null");
  App app(AppOptions{db, "", PROTOKOLL_SOURCE_DIR});
  Response s = app.Handle(Get("/api/search", {{"q", "förskola"}}));
  REQUIRE(s.status == 200);
  const std::string id = Json::parse(s.body)["hits"][0]["id"].get<std::string>();
  const std::string html = app.Handle(Get("/item/" + id)).body;
  CAPTURE(html);
  CHECK(html.find("Hur beslutet fattades") != std::string::npos);
  CHECK(html.find("<a class=\"person\" href=\"/person?name=Per%20Persson\">Per Persson</a> (SD): bifall") != std::string::npos);
  CHECK(html.find("2 ja, 1 nej, 0 avstår") != std::string::npos);
  CHECK(html.find(">Anna Andersson</a> (M)</td><td>nej</td>") != std::string::npos);
  CHECK(html.find("Reservationer") != std::string::npos);
  // Statements: a person's printed words, escaped; a party group's written one, per party.
  CHECK(html.find("<dt>Protokollsanteckningar</dt><dd><ul><li><a class=\"person\" href=\"/person?name=Per%20Persson\">Per Persson</a> (SD)"
                  " <span class=\"raw\">— Taxan &lt;b onclick=x&gt;är&lt;/b&gt; för hög</span>") != std::string::npos);
  CHECK(html.find("<b onclick") == std::string::npos);
  CHECK(html.find("<li>M-gruppen (skriftlig) <span class=\"raw\">— skrivelse från den 10 maj 2023</span>") != std::string::npos);
  CHECK(html.find("<li>KD-gruppen (skriftlig)") != std::string::npos);
  CHECK(html.find("Ordförande: <a class=\"person\" href=\"/person?name=Kent%20Johansson\">Kent Johansson</a> (C).") != std::string::npos);
  // The protocol's text is never markup.
  CHECK(html.find("<script>alert(1)") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("<img src=x") == std::string::npos);
  // The search filters of the form and the API.
  Response v = app.Handle(Get("/api/search", {{"vote", "1"}}));
  REQUIRE(v.status == 200);
  CHECK(Json::parse(v.body)["hits"].size() == 1);
  CHECK(Json::parse(app.Handle(Get("/api/search", {{"reserved_by", "M"}})).body)["hits"].size() == 1);
  CHECK(Json::parse(app.Handle(Get("/api/search", {{"reserved_by", "SD"}})).body)["hits"].empty());
  CHECK(Json::parse(app.Handle(Get("/api/search", {{"moved_by", "Per Persson"}})).body)["hits"].size() == 1);
  CHECK(Json::parse(app.Handle(Get("/api/search", {{"present", "Lena Holm"}})).body)["hits"].size() == 2);
  const std::string form = app.Handle(Get("/", {{"reserved_by", "\"><b>x"}, {"vote", "1"}})).body;
  CHECK(form.find("<b>x") == std::string::npos);
  CHECK(form.find("name=\"vote\" value=\"1\" checked") != std::string::npos);
  // The item with jäv.
  Response j = app.Handle(Get("/api/search", {{"q", "fastighet"}}));
  const std::string jav = app.Handle(Get("/item/" + Json::parse(j.body)["hits"][0]["id"].get<std::string>())).body;
  CHECK(jav.find("<dt>Jäv</dt><dd><ul><li><a class=\"person\" href=\"/person?name=Lena%20Holm\">Lena Holm</a> (S) deltog inte") != std::string::npos);
}

namespace {

// Two organs in two years, with motions, a counted vote and its roll call, reservations and jäv.
std::string MakeVotesCatalogue(const std::string& name) {
  fs::path dir = fs::path(PROTOKOLL_TEST_TMP) / ("web-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "in");
  std::ofstream(dir / "in" / "ks-2023-05-16.txt")
      << "Kommunstyrelsen\nSammanträdesdatum 2023-05-16\nBeslutande\nKent Johansson (C), ordförande\nLena Holm (S)\n"
         "Utses att justera Lena Holm (S)\n\n"
         "KS § 42\nNy förskola\n\nYrkanden\nPer Persson (SD) yrkar bifall till förslaget.\n"
         "Anna Andersson (M) yrkar avslag.\n\nOmröstning\nOmröstning begärs och verkställs.\n"
         "Kent Johansson (C) och Lena Holm (S) röstar Ja (2).\nAnna Andersson (M) röstar Nej (1).\n\n"
         "Beslut\nKommunstyrelsen bifaller förslaget.\n\nReservation\n"
         "Anna Andersson (M) reserverar sig till förmån för eget yrkande.\n\n"
         "Protokollsanteckning\nAnna Andersson (M) antecknar som yttrande en skrivelse från den 10 maj 2023.\n\n"
         "KS § 43\nFörsäljning av fastighet\n\nJäv\nLena Holm (S) anmäler jäv och deltar inte i handläggningen.\n\n"
         "Beslut\nFastigheten säljs.\n";
  std::ofstream(dir / "in" / "bun-2022-03-01.txt")
      << "Barn- och utbildningsnämnden\nSammanträdesdatum 2022-03-01\n\n"
         "BUN § 12\nSkolskjuts\n\nYrkanden\nAnna Andersson (M) yrkar återremiss.\n\n"
         "Beslut\nNämnden beslutar att anta riktlinjerna för skolskjuts.\n\n"
         "BUN § 13\nTaxa\n\nBeslut\nTaxan antas.\n";
  std::string path = (dir / "c.sqlite").string();
  protokoll::testing::Sh(Q(PROTOKOLL_BINARY) + " ingest -q --db " + Q(path) + " " + Q((dir / "in").string()) + " 2>/dev/null");
  return path;
}

const std::string& VotesCatalogue() {
  static const std::string db = MakeVotesCatalogue("people");
  return db;
}

std::string FirstHit(App& app, const std::string& q) {
  Json j = Json::parse(app.Handle(Get("/api/search", {{"q", q}})).body);
  return j["hits"].empty() ? std::string() : j["hits"][0]["id"].get<std::string>();
}

size_t Occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("person page: every item a person moved, voted on, reserved against, jäv, meetings attended — linked, escaped") {
  App app(AppOptions{VotesCatalogue(), "", PROTOKOLL_SOURCE_DIR});
  const std::string forskola = FirstHit(app, "förskola"), skolskjuts = FirstHit(app, "skolskjuts"), fastighet = FirstHit(app, "fastighet");
  REQUIRE(!forskola.empty());
  REQUIRE(!skolskjuts.empty());
  REQUIRE(!fastighet.empty());
  // The item page links each name to the person page.
  const std::string item = app.Handle(Get("/item/" + forskola)).body;
  CHECK(item.find("href=\"/person?name=Anna%20Andersson\"") != std::string::npos);
  Response anna = app.Handle(Get("/person", {{"name", "Anna Andersson"}}));
  REQUIRE(anna.status == 200);
  const std::string& html = anna.body;
  CAPTURE(html);
  // Across the catalogue: motions in two organs, the roll call, the reservation.
  CHECK(html.find("<h2>Yrkanden (2)</h2>") != std::string::npos);
  CHECK(html.find("<h2>Röstade vid omröstning (röstlängd) (1)</h2>") != std::string::npos);
  CHECK(html.find("<h2>Reservationer (1)</h2>") != std::string::npos);
  CHECK(html.find("<h2>Protokollsanteckningar (1)</h2>") != std::string::npos);
  CHECK(html.find("<td>skrivelse från den 10 maj 2023</td>") != std::string::npos);
  CHECK(html.find("<h2>Jäv") == std::string::npos);
  CHECK(html.find("href=\"/item/" + forskola + "\"") != std::string::npos);
  CHECK(html.find("href=\"/item/" + skolskjuts + "\"") != std::string::npos);
  CHECK(html.find("href=\"/item/" + fastighet + "\"") == std::string::npos);
  CHECK(html.find("<td>nej</td>") != std::string::npos);
  CHECK(html.find("<td>M</td>") != std::string::npos);
  // Matched as the filters match: a word of the name, any case; the attendance and jäv.
  const std::string lena = app.Handle(Get("/person", {{"name", "holm"}})).body;
  CHECK(lena.find("<h2>Jäv (1)</h2>") != std::string::npos);
  CHECK(lena.find("<h2>Närvarande vid sammanträden (1)</h2>") != std::string::npos);
  CHECK(lena.find("href=\"/item/" + fastighet + "\"") != std::string::npos);
  CHECK(lena.find("Anna Andersson") == std::string::npos);
  CHECK(app.Handle(Get("/person", {{"name", "Olof Palme"}})).body.find("Ingen med det namnet") != std::string::npos);
  // The name given is text, never markup.
  Response x = app.Handle(Get("/person", {{"name", "<script>alert(1)</script>"}}));
  CHECK(x.status == 200);
  CHECK(x.body.find("<script>alert(1)") == std::string::npos);
  CHECK(x.body.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  // Bad input: 400 with the reason.
  for (const auto& params : std::vector<std::multimap<std::string, std::string>>{
           {}, {{"name", ""}}, {{"name", "§ ,."}}, {{"name", std::string(201, 'a')}}, {{"name", "\xff\xfe"}},
           {{"name", "Anna"}, {"limit", "0"}}, {{"name", "Anna"}, {"limit", "x"}}}) {
    Response bad = app.Handle(Get("/person", params));
    CHECK(bad.status == 400);
    CHECK(bad.body.find("class=\"error\"") != std::string::npos);
  }
  CHECK(app.Handle(Post("/person", {{"name", "Anna"}})).status == 405);
  // The same rows as data.
  Response api = app.Handle(Get("/api/person", {{"name", "Anna Andersson"}}));
  REQUIRE(api.status == 200);
  const Json activity = Json::parse(api.body)["activity"];
  std::multiset<std::string> parts;
  for (const auto& row : activity) {
    parts.insert(row["part"].get<std::string>());
    CHECK(row["url"] == "/item/" + row["item"].get<std::string>());
    CHECK(row["party"] == "M");
  }
  CHECK(parts == std::multiset<std::string>{"motion", "motion", "reservation", "statement", "vote"});
  CHECK(app.Handle(Get("/api/person", {{"name", "§"}})).status == 400);
  CHECK(app.Handle(Get("/api/person", {{"name", "Anna"}, {"limit", "5001"}})).status == 400);
}

TEST_CASE("search: the party facet counts the hits per party of movers and reservers, each link applying its filter") {
  App app(AppOptions{VotesCatalogue(), "", PROTOKOLL_SOURCE_DIR});
  Json all = Json::parse(app.Handle(Get("/api/search", {{"from", "2000"}})).body);
  REQUIRE(all["total"] == 4);
  // Anna Andersson (M) moved in two items, Per Persson (SD) in one; only M reserved.
  CHECK(all["facets"]["moved_by"] == Json::parse(R"([{"party": "M", "count": 2}, {"party": "SD", "count": 1}])"));
  CHECK(all["facets"]["reserved_by"] == Json::parse(R"([{"party": "M", "count": 1}])"));
  // Narrowed by the search: the facet counts the hits only.
  Json one = Json::parse(app.Handle(Get("/api/search", {{"q", "skolskjuts"}})).body);
  CHECK(one["facets"]["moved_by"] == Json::parse(R"([{"party": "M", "count": 1}])"));
  CHECK(one["facets"]["reserved_by"].empty());
  // Each count is what its filter finds.
  for (const char* key : {"moved_by", "reserved_by"})
    for (const auto& f : all["facets"][key]) {
      Json narrowed = Json::parse(app.Handle(Get("/api/search", {{"from", "2000"}, {key, f["party"].get<std::string>()}})).body);
      CHECK(narrowed["total"] == f["count"]);
    }
  // The page: the counts, each a link with the filter added to the search's own.
  const std::string page = app.Handle(Get("/", {{"from", "2000"}})).body;
  CAPTURE(page);
  CHECK(page.find("<h2>Yrkanden per parti</h2>") != std::string::npos);
  CHECK(page.find("<a href=\"/?from=2000&amp;moved_by=M\">M</a> <span>2</span>") != std::string::npos);
  CHECK(page.find("<a href=\"/?from=2000&amp;moved_by=SD\">SD</a> <span>1</span>") != std::string::npos);
  CHECK(page.find("<a href=\"/?from=2000&amp;reserved_by=M\">M</a> <span>1</span>") != std::string::npos);
  const std::string applied = app.Handle(Get("/", {{"from", "2000"}, {"moved_by", "SD"}})).body;
  CHECK(applied.find("<p class=\"count\">1 träff</p>") != std::string::npos);
}

TEST_CASE("stats page: votes per organ and year as a table, a server-drawn SVG (a bar per organ-year) and the CLI's CSV") {
  const std::string db = MakeVotesCatalogue("stats");  // its own: an organ is corrected below
  App app(AppOptions{db, kToken, PROTOKOLL_SOURCE_DIR});
  const std::string csv = protokoll::testing::Sh(Q(PROTOKOLL_BINARY) + " stats --votes --db " + Q(db) + " 2>/dev/null").out;
  REQUIRE(Occurrences(csv, "\r\n") == 3);  // the header and two organ-years
  Response c = app.Handle(Get("/stats/votes", {{"format", "csv"}}));
  CHECK(c.status == 200);
  CHECK(c.content_type.rfind("text/csv", 0) == 0);
  CHECK(c.body == csv);
  CHECK(c.body.find("Kommunstyrelsen,2023,2,1,1,0.500,1,M:1\r\n") != std::string::npos);
  Response page = app.Handle(Get("/stats/votes"));
  REQUIRE(page.status == 200);
  const std::string& html = page.body;
  CAPTURE(html);
  CHECK(Occurrences(html, "<rect class=\"bar\"") == 2);
  CHECK(html.find("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"") != std::string::npos);
  CHECK(html.find("<title>Omröstningar per organ och år</title>") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<th scope=\"row\">Kommunstyrelsen</th><td>2023</td><td>2</td><td>1</td><td>1</td><td>50 %</td><td>1</td><td>M 1</td>") !=
        std::string::npos);
  CHECK(html.find("<th scope=\"row\">Barn- och utbildningsnämnden</th><td>2022</td><td>2</td><td>0</td>") != std::string::npos);
  // The organ filter narrows the table, the chart and the CSV alike.
  const std::string ks = app.Handle(Get("/stats/votes", {{"body", "styrelsen"}})).body;
  CHECK(Occurrences(ks, "<rect class=\"bar\"") == 1);
  CHECK(Occurrences(app.Handle(Get("/stats/votes", {{"body", "styrelsen"}, {"format", "csv"}})).body, "\r\n") == 2);
  // An organ's name is text in the table and in the SVG: a corrected organ holding markup.
  Request fix = Post("/api/item/" + FirstHit(app, "taxan") + "/corrections", {});
  fix.headers["authorization"] = std::string("Bearer ") + kToken;
  fix.body = R"({"field": "body", "value": "<script>alert(3)</script> nämnd"})";
  REQUIRE(app.Handle(fix).status == 201);
  const std::string hostile = app.Handle(Get("/stats/votes")).body;
  CHECK(Occurrences(hostile, "<rect class=\"bar\"") == 3);
  CHECK(hostile.find("<script") == std::string::npos);
  CHECK(Occurrences(hostile, "&lt;script&gt;alert(3)&lt;/script&gt; nämnd") >= 3);  // table row, bar label, bar title
  // Bad input: 400 with the reason; the filter echoed as text.
  Response bad = app.Handle(Get("/stats/votes", {{"format", "xlsx"}, {"body", "\"><b>x"}}));
  CHECK(bad.status == 400);
  CHECK(bad.body.find("Formatet xlsx finns inte") != std::string::npos);
  CHECK(bad.body.find("<b>x") == std::string::npos);
  CHECK(app.Handle(Get("/stats/votes", {{"body", "\xff"}})).status == 400);
  CHECK(app.Handle(Get("/stats/votes", {{"body", std::string(201, 'k')}})).status == 400);
}
