// cpp-httplib carries requests to App::Handle; limits and the listening address live here.
#include <httplib.h>

#include <atomic>
#include <csignal>
#include <iostream>

#include "web/app.h"

namespace protokoll::web {

namespace {
httplib::Server* g_server = nullptr;
void Stop(int) {
  if (g_server) g_server->stop();
}

Request ToRequest(const httplib::Request& in) {
  Request r;
  r.method = in.method;
  r.path = in.path;
  for (const auto& [k, v] : in.params) r.params.emplace(k, v);
  for (const auto& [k, v] : in.headers) {
    std::string key = k;
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers[key] = v;
  }
  r.body = in.body;
  // A form posted as application/x-www-form-urlencoded: its fields are parameters too.
  if (in.method == "POST" && in.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0) {
    httplib::Params form;
    httplib::detail::parse_query_text(in.body, form);
    for (const auto& [k, v] : form) r.params.emplace(k, v);
  }
  return r;
}
}  // namespace

int Serve(const ServeOptions& o) {
  size_t colon = o.listen.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "protokoll: serve: --listen takes ADDR:PORT, not '" << o.listen << "'\n";
    return 2;
  }
  std::string host = o.listen.substr(0, colon);
  int port = 0;
  try {
    port = std::stoi(o.listen.substr(colon + 1));
  } catch (const std::exception&) {
    port = -1;
  }
  if (port < 0 || port > 65535 || host.empty()) {
    std::cerr << "protokoll: serve: --listen takes ADDR:PORT, not '" << o.listen << "'\n";
    return 2;
  }
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  App app(o.app);
  httplib::Server server;
  // A bounded pool: at most `threads` requests at once; more than `max_queued` waiting → 503.
  std::atomic<int> waiting{0};
  const int threads = std::max(1, o.threads), max_queued = std::max(1, o.max_queued);
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  server.set_payload_max_length(o.max_body);
  server.set_read_timeout(10, 0);
  server.set_write_timeout(30, 0);
  server.set_keep_alive_max_count(100);
  auto handle = [&](const httplib::Request& in, httplib::Response& out) {
    if (waiting.fetch_add(1) >= max_queued + threads) {
      waiting.fetch_sub(1);
      out.status = 503;
      out.set_header("Retry-After", "1");
      out.set_content("{\"error\":\"too many requests at once\",\"status\":503}", "application/json");
      return;
    }
    auto started = std::chrono::steady_clock::now();
    Response r = app.Handle(ToRequest(in));
    waiting.fetch_sub(1);
    out.status = r.status;
    for (const auto& [k, v] : r.headers) out.set_header(k, v);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    out.set_header("Server-Timing", "app;dur=" + std::to_string(ms));
    if (r.stream) {
      auto stream = r.stream;
      out.set_chunked_content_provider(r.content_type, [stream](size_t, httplib::DataSink& sink) {
        std::string chunk;
        if (stream(chunk)) {
          sink.write(chunk.data(), chunk.size());
        } else {
          sink.done();
        }
        return true;
      });
    } else {
      out.set_content(r.body, r.content_type);
    }
  };
  server.Get(".*", handle);
  server.Post(".*", handle);
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 413) res.set_content("{\"error\":\"request too large\",\"status\":413}", "application/json");
  });
  if (!server.bind_to_port(host, port)) {
    std::cerr << "protokoll: serve: cannot listen on " << o.listen << " (in use, or not an address of this machine)\n";
    return 2;
  }
  g_server = &server;
  std::signal(SIGINT, Stop);
  std::signal(SIGTERM, Stop);
  std::cerr << "protokoll: serving " << o.app.db << " on http://" << o.listen << "/"
            << (o.app.edit_token.empty() ? " (read-only)" : " (edits with the token)") << "\n";
  server.listen_after_bind();
  g_server = nullptr;
  return 0;
}

}  // namespace protokoll::web
