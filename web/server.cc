// The HTTP transport of `protokoll serve`: Boost.Beast over Asio carries requests to App::Handle.
//
// A server that faces a network must hold slow clients, bursts and bad requests, so the
// transport is event-driven and every limit is enforced here, before the application sees a
// byte:
// - sockets are served by a few I/O threads; a slow or idle client holds no worker, only a few
//   kilobytes (200 slowloris sockets cost nothing but memory);
// - a whole request head must arrive within `head_timeout` (a deadline for the head, not a
//   per-byte timeout); a kept-alive connection may sit idle `idle_timeout`, then it is closed;
// - the head is at most 16 KB (431), the body at most `max_body`: a Content-Length above it is
//   refused from the head at once (413), before any body is read; a malformed head is 400;
// - requests are handled by `threads` workers; at most `max_queued` wait; a request that finds
//   the queue full gets 503 with Retry-After at once;
// - one client address holds at most `max_per_client` connections (503 beyond, and closed);
// - the listen backlog is the system's maximum (bursts wait in the kernel, not refused), and
//   TCP_NODELAY is set (no Nagle delay on kept-alive responses).
// Every response, the transport's own included, carries the security headers.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <sys/socket.h>
#include <sys/time.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "web/app.h"

namespace protokoll::web {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

void ParseQueryInto(std::string_view query, std::multimap<std::string, std::string>& params) {
  size_t at = 0;
  while (at <= query.size()) {
    size_t amp = query.find('&', at);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(at, amp - at);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string key = PercentDecode(pair.substr(0, eq), true);
      std::string value = eq == std::string_view::npos ? std::string() : PercentDecode(pair.substr(eq + 1), true);
      params.emplace(std::move(key), std::move(value));
    }
    at = amp + 1;
  }
}

namespace {

// A bounded pool of workers. TryPost refuses (returns false) when `max_queued` tasks wait.
class WorkerPool {
 public:
  WorkerPool(int threads, int max_queued) : max_queued_(static_cast<size_t>(max_queued)) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
  }
  ~WorkerPool() { Stop(); }
  bool TryPost(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_ || queue_.size() >= max_queued_) return false;
      queue_.push_back(std::move(task));
    }
    cv_.notify_one();
    return true;
  }
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      stopping_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : threads_) t.join();
  }

 private:
  void Run() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      task();
    }
  }
  size_t max_queued_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  std::vector<std::thread> threads_;
  bool stopping_ = false;
};

struct Shared {
  Shared(App& a, const ServeOptions& o) : app(a), options(o), pool(std::max(1, o.threads), std::max(1, o.max_queued)) {}
  App& app;
  const ServeOptions& options;
  WorkerPool pool;
  std::mutex clients_mu;
  std::unordered_map<std::string, int> per_client;  // open connections per client address
  std::atomic<int> connections{0};
};

// The transport's own answers (503, 413, 431, 400, 408), in the application's shape.
Response TransportAnswer(int status, const std::string& path, const std::string& message) {
  Response r = TransportError(status, path, message);
  if (status == 503) r.headers.emplace_back("Retry-After", "1");
  return r;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Shared& shared, std::string client)
      : stream_(std::move(socket)), shared_(shared), client_(std::move(client)) {}

  ~Session() {
    std::lock_guard<std::mutex> lock(shared_.clients_mu);
    auto it = shared_.per_client.find(client_);
    if (it != shared_.per_client.end() && --it->second <= 0) shared_.per_client.erase(it);
    shared_.connections.fetch_sub(1);
  }

  void Start() { net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadHead(); }); }

  // The connection is refused before any request is read: answered with 503 and closed.
  void Refuse(const std::string& message) {
    auto self = shared_from_this();
    net::dispatch(stream_.get_executor(), [self, message] {
      self->close_after_write_ = true;
      self->WriteSmall(TransportAnswer(503, "/", message), false);
    });
  }

 private:
  void ReadHead() {
    parser_.emplace();
    parser_->header_limit(16 * 1024);
    parser_->body_limit(shared_.options.max_body);
    // The first request's whole head within head_timeout; a kept-alive connection's next
    // request within idle_timeout.
    stream_.expires_after(requests_ == 0 ? shared_.options.head_timeout : shared_.options.idle_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHead(ec); });
  }

  void OnHead(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset ||
        ec == net::error::operation_aborted)
      return Close();
    if (ec == beast::error::timeout) {
      // An idle kept-alive connection just closes; a head that did not arrive in time is 408.
      if (!parser_->got_some()) return Close();
      close_after_write_ = true;
      return WriteSmall(TransportAnswer(408, "/", "the request head did not arrive in time"), false);
    }
    const std::string target = parser_->get().target().to_string();
    const std::string path = target.substr(0, target.find('?'));
    close_after_write_ = false;
    if (ec == http::error::body_limit) {
      close_after_write_ = true;
      return WriteSmall(TransportAnswer(413, path, "the request body is larger than " +
                                                       std::to_string(shared_.options.max_body) + " bytes"),
                        false);
    }
    if (ec == http::error::header_limit) {
      close_after_write_ = true;
      return WriteSmall(TransportAnswer(431, path, "the request head is larger than 16 KB"), false);
    }
    if (ec) {
      close_after_write_ = true;
      return WriteSmall(TransportAnswer(400, path, "malformed request: " + ec.message()), false);
    }
    ++requests_;
    auto& req = parser_->get();
    if (parser_->is_done()) return Dispatch();
    // A body follows: it must arrive within the head's deadline again.
    stream_.expires_after(shared_.options.head_timeout);
    if (beast::iequals(req[http::field::expect], "100-continue")) {
      auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_, req.version());
      http::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code wec, size_t) {
        if (wec) return self->Close();
        self->ReadBody();
      });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec == http::error::body_limit) {
        self->close_after_write_ = true;
        return self->WriteSmall(TransportAnswer(413, "/", "the request body is too large"), false);
      }
      if (ec) return self->Close();
      self->Dispatch();
    });
  }

  void Dispatch() {
    stream_.expires_never();
    auto& in = parser_->get();
    auto req = std::make_shared<Request>();
    req->method = std::string(in.method_string());
    const std::string target = in.target().to_string();
    const size_t q = target.find('?');
    req->path = PercentDecode(std::string_view(target).substr(0, q), false);
    if (q != std::string::npos) ParseQueryInto(std::string_view(target).substr(q + 1), req->params);
    for (const auto& f : in) {
      std::string key = f.name_string().to_string();
      for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req->headers[key] = f.value().to_string();
    }
    req->body = std::move(in.body());
    if (req->method == "POST" && req->headers["content-type"].rfind("application/x-www-form-urlencoded", 0) == 0)
      ParseQueryInto(req->body, req->params);
    req->headers["x-client-address"] = client_;
    keep_alive_ = in.keep_alive();
    version_ = in.version();
    head_ = req->method == "HEAD";
    auto self = shared_from_this();
    const bool queued = shared_.pool.TryPost([self, req] {
      auto started = std::chrono::steady_clock::now();
      Response r = self->shared_.app.Handle(*req);
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      r.headers.emplace_back("Server-Timing", "app;dur=" + std::to_string(ms));
      if (r.stream && !self->head_) return self->WriteStreamed(std::move(r));  // on this worker
      net::post(self->stream_.get_executor(), [self, r = std::move(r)]() mutable { self->WriteSmall(std::move(r), true); });
    });
    if (!queued) {
      close_after_write_ = true;
      WriteSmall(TransportAnswer(503, req->path, "the server is busy; try again in a second"), false);
    }
  }

  template <class Message>
  void SetHeaders(Message& m, const Response& r) {
    m.set(http::field::content_type, r.content_type);
    for (const auto& [k, v] : r.headers) m.insert(k, v);
  }

  // A whole response from the I/O thread.
  void WriteSmall(Response r, bool after_request) {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(after_request ? version_ : 11);
    res->result(static_cast<unsigned>(r.status));
    SetHeaders(*res, r);
    const bool close = close_after_write_ || !after_request || !keep_alive_;
    res->keep_alive(!close);
    if (head_ && after_request) {
      // HEAD: the headers GET would send (keep-alive included), the length of its body, no body.
      auto empty = std::make_shared<http::response<http::empty_body>>(res->base(), http::empty_body::value_type{});
      empty->content_length(r.body.size());
      stream_.expires_after(shared_.options.write_timeout);
      http::async_write(stream_, *empty, [self = shared_from_this(), empty, close](beast::error_code ec, size_t) {
        self->AfterWrite(ec, close);
      });
      return;
    }
    res->body() = std::move(r.body);
    res->prepare_payload();
    stream_.expires_after(shared_.options.write_timeout);
    http::async_write(stream_, *res, [self = shared_from_this(), res, close](beast::error_code ec, size_t) {
      self->AfterWrite(ec, close);
    });
  }

  // A long export, produced piece by piece on the worker that made it: chunked, each write
  // bounded by the socket's send timeout.
  void WriteStreamed(Response r) {
    beast::error_code ec;
    auto& sock = stream_.socket();
    timeval tv{};
    tv.tv_sec = static_cast<long>(shared_.options.write_timeout.count() / 1000);
    tv.tv_usec = static_cast<long>((shared_.options.write_timeout.count() % 1000) * 1000);
    ::setsockopt(sock.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    http::response<http::empty_body> res{static_cast<http::status>(r.status), version_};
    SetHeaders(res, r);
    res.chunked(true);
    res.keep_alive(keep_alive_);
    http::response_serializer<http::empty_body> sr{res};
    http::write_header(sock, sr, ec);
    std::string chunk;
    while (!ec && r.stream(chunk)) {
      if (!chunk.empty()) net::write(sock, http::make_chunk(net::buffer(chunk)), ec);
    }
    if (!ec && r.stream_ok && !r.stream_ok()) ec = net::error::make_error_code(net::error::connection_aborted);
    if (!ec) net::write(sock, http::make_chunk_last(), ec);
    tv = timeval{};
    ::setsockopt(sock.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    const bool close = !!ec || !keep_alive_;
    net::post(stream_.get_executor(), [self = shared_from_this(), ec, close] { self->AfterWrite(ec, close); });
  }

  void AfterWrite(beast::error_code ec, bool close) {
    if (ec || close) return Close();
    head_ = false;
    ReadHead();
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  Shared& shared_;
  std::string client_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  int requests_ = 0;
  unsigned version_ = 11;
  bool keep_alive_ = false, head_ = false, close_after_write_ = false;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, tcp::acceptor acceptor, Shared& shared)
      : ioc_(ioc), acceptor_(std::move(acceptor)), shared_(shared) {}
  void Accept() {
    acceptor_.async_accept(net::make_strand(ioc_), [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
      if (!ec) self->OnAccept(std::move(s));
      if (self->acceptor_.is_open()) self->Accept();
    });
  }

 private:
  void OnAccept(tcp::socket socket) {
    beast::error_code ec;
    socket.set_option(tcp::no_delay(true), ec);
    const auto remote = socket.remote_endpoint(ec);
    if (ec) return;
    const std::string client = remote.address().to_string();
    int mine = 0;
    {
      std::lock_guard<std::mutex> lock(shared_.clients_mu);
      mine = ++shared_.per_client[client];
    }
    const int all = shared_.connections.fetch_add(1) + 1;
    auto session = std::make_shared<Session>(std::move(socket), shared_, client);
    if (mine > shared_.options.max_per_client)
      session->Refuse("too many connections from your address (at most " +
                      std::to_string(shared_.options.max_per_client) + ")");
    else if (all > shared_.options.max_connections)
      session->Refuse("too many connections");
    else
      session->Start();
  }
  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  Shared& shared_;
};

}  // namespace

int Serve(const ServeOptions& o) {
  size_t colon = o.listen.rfind(':');
  std::string host = colon == std::string::npos ? "" : o.listen.substr(0, colon);
  int port = -1;
  if (colon != std::string::npos) {
    try {
      size_t used = 0;
      port = std::stoi(o.listen.substr(colon + 1), &used);
      if (used != o.listen.size() - colon - 1) port = -1;
    } catch (const std::exception&) {
      port = -1;
    }
  }
  if (port < 0 || port > 65535 || host.empty()) {
    std::cerr << "protokoll: serve: --listen takes ADDR:PORT, not '" << o.listen << "'\n";
    return 2;
  }
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);

  const int io_threads = std::max(1, std::min(o.io_threads, 64));
  net::io_context ioc{io_threads};
  tcp::acceptor acceptor(ioc);
  beast::error_code ec;
  tcp::resolver resolver(ioc);
  auto endpoints = resolver.resolve(host, std::to_string(port), tcp::resolver::passive, ec);
  bool bound = false;
  if (!ec) {
    for (const auto& e : endpoints) {
      acceptor.close(ec);
      acceptor.open(e.endpoint().protocol(), ec);
      if (ec) continue;
      acceptor.set_option(net::socket_base::reuse_address(true), ec);
      acceptor.bind(e.endpoint(), ec);
      if (ec) continue;
      // The system's largest backlog: a burst waits in the kernel instead of being refused.
      acceptor.listen(net::socket_base::max_listen_connections, ec);
      if (ec) continue;
      bound = true;
      break;
    }
  }
  if (!bound) {
    std::cerr << "protokoll: serve: cannot listen on " << o.listen << " (in use, or not an address of this machine)\n";
    return 2;
  }
  App app(o.app);
  Shared shared(app, o);
  auto listener = std::make_shared<Listener>(ioc, std::move(acceptor), shared);
  listener->Accept();
  net::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&ioc](beast::error_code, int) { ioc.stop(); });
  std::cerr << "protokoll: serving " << o.app.db << " on http://" << o.listen << "/"
            << (o.app.edit_token.empty() ? " (read-only)" : " (edits with the token)") << "\n";
  std::vector<std::thread> threads;
  for (int i = 1; i < io_threads; ++i) threads.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (std::thread& t : threads) t.join();
  shared.pool.Stop();
  return 0;
}

}  // namespace protokoll::web
