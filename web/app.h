// The web front door: search, item, document and review pages, corrections, and a JSON API.
//
// `App::Handle` turns one request into one response and holds no socket: the HTTP server
// (server.cc, Boost.Beast) only carries requests to it, and the tests call it directly. Every
// string from a protocol is HTML-escaped; edits need the edit token (a login that sets an
// HttpOnly SameSite=Strict cookie, forms with a CSRF token; or a Bearer header for the API);
// without a configured token the server is read-only. Thread-safe: each thread opens its own
// catalogue connection; sessions and the page-image cache are guarded.
#ifndef PROTOKOLL_WEB_APP_H_
#define PROTOKOLL_WEB_APP_H_

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace protokoll::web {

struct Request {
  std::string method = "GET";
  std::string path;                                 // without the query string
  std::multimap<std::string, std::string> params;   // query string and form fields, decoded
  std::map<std::string, std::string> headers;       // names in lower case
  std::string body;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Set for a long export: the body is produced in pieces by calling it until it returns false.
  std::function<bool(std::string& chunk)> stream;
  // Asked after the last piece: false when the pieces were not what they should be (a file that
  // changed while it was sent): the response then ends without its last chunk.
  std::function<bool()> stream_ok;
};

struct Editor {
  std::string name;          // recorded as the author of each correction
  std::string token_sha256;  // hex SHA-256 of the editor's token (the token itself is never stored)
};

struct AppOptions {
  std::string db;          // the catalogue file
  std::string edit_token;  // one shared token (author "redaktör"); empty and no editors: read-only
  std::string root = ".";  // where relative document paths (as given to ingest) are found
  size_t max_query_bytes = 500;
  std::vector<Editor> editors{};  // each editor's own token, by hash (serve --editors-file)
  // An original file up to this size is sent from memory by the I/O thread; a larger one is
  // streamed from the file by the worker, so a few large downloads do not take the server's
  // memory (a 2 GB scan asked for ten times at once held 20 GB).
  size_t original_in_memory = 16u << 20;
  // Memory for the common words' match lists (catalogue/postings.h), read in the background at
  // start and after each change of the catalogue; 0: none (searches read FTS5 alone).
  size_t term_memory_mb = 1024;
};

class App {
 public:
  explicit App(AppOptions options);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  Response Handle(const Request& request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// HTML-escapes text for element content and attribute values.
std::string Escape(std::string_view text);

// The transport's own answer (busy, too large, malformed, too slow) in the application's
// shape: JSON under /api/, a short Swedish page elsewhere; with the security headers.
Response TransportError(int status, const std::string& path, const std::string& message);

// URL decoding of a query string or an application/x-www-form-urlencoded body.
std::string PercentDecode(std::string_view s, bool plus_is_space);
void ParseQueryInto(std::string_view query, std::multimap<std::string, std::string>& params);

// Starts the server and blocks until it is stopped (SIGINT/SIGTERM). `listen` is ADDR:PORT.
// Returns a process exit code; a port in use or a bad address is a message on stderr and 2.
// The limits are described in server.cc.
struct ServeOptions {
  AppOptions app;
  std::string listen = "127.0.0.1:8080";
  int threads = 8;            // requests handled at once (workers)
  int max_queued = 256;       // more waiting than this: 503 with Retry-After
  int io_threads = 2;         // threads that carry the sockets
  int max_per_client = 64;    // open connections from one address; more: 503 and closed
  int max_connections = 10000;
  size_t max_body = 64 * 1024;
  std::chrono::milliseconds head_timeout{10000};   // a whole request head (and a body) must arrive in this
  std::chrono::milliseconds idle_timeout{5000};    // a kept-alive connection waits this long for its next request
  std::chrono::milliseconds write_timeout{30000};  // a response must be taken in this
};
int Serve(const ServeOptions& options);

}  // namespace protokoll::web

#endif  // PROTOKOLL_WEB_APP_H_
