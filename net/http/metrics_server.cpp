#include "net/http/metrics_server.hpp"

#include <thread>
#include <type_traits>

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "runtime/logging/log.hpp"

namespace convoy::net::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using request = bhttp::request<bhttp::empty_body>;
using response = bhttp::response<bhttp::string_body>;
namespace ssl = boost::asio::ssl;
using tls_stream = beast::ssl_stream<beast::tcp_stream>;

/// Who is asking: a plain-HTTP client (no TLS configured), a TLS client
/// without a certificate, or one whose certificate the cluster CA signed.
enum class peer { plain, anonymous, certified };

response reply(bhttp::status status, std::string body,
               const char* type = "text/plain; charset=utf-8") {
  response res{status, 11};
  res.set(bhttp::field::content_type, type);
  res.body() = std::move(body);
  return res;
}

/// The answer to one request; never throws.
response route(const request& req, const metrics_handlers& h, peer who) {
  if (req.method() != bhttp::verb::get) {
    auto res = reply(bhttp::status::method_not_allowed, "method not allowed: use GET\n");
    res.set(bhttp::field::allow, "GET");
    return res;
  }
  auto target = req.target();
  target = target.substr(0, target.find('?'));
  try {
    if (target == "/metrics" && who == peer::anonymous)
      return reply(bhttp::status::unauthorized,
                   "/metrics needs a client certificate signed by the cluster CA\n");
    if (target == "/metrics")
      return reply(bhttp::status::ok, h.metrics(), "text/plain; version=0.0.4; charset=utf-8");
    if (target == "/healthz")
      return h.healthy() ? reply(bhttp::status::ok, "ok\n")
                         : reply(bhttp::status::service_unavailable,
                                 "unhealthy: the node actor did not answer\n");
    if (target == "/readyz") {
      auto why = h.not_ready();
      return why ? reply(bhttp::status::service_unavailable, "not ready: " + *why + "\n")
                 : reply(bhttp::status::ok, "ok\n");
    }
  } catch (const std::exception& e) {
    return reply(bhttp::status::internal_server_error, std::string{e.what()} + "\n");
  }
  return reply(bhttp::status::not_found, "not found: /metrics, /healthz, /readyz\n");
}

bool too_large(const beast::error_code& ec) {
  return ec == bhttp::error::header_limit || ec == bhttp::error::body_limit
         || ec == bhttp::error::buffer_overflow;
}

/// What the sessions share with the server; io thread only after start().
struct server_state {
  metrics_handlers handlers;
  metrics_server_limits limits;
  std::shared_ptr<spdlog::logger> log;
  /// Open connections.
  size_t connections = 0;
};

/// One connection over `Stream` (plain TCP or TLS): for TLS the handshake
/// first, then read a request (bounded in size and time), answer it, and
/// read the next one while the client keeps the connection alive.
template <class Stream>
class session : public std::enable_shared_from_this<session<Stream>> {
public:
  static constexpr bool tls = std::is_same_v<Stream, tls_stream>;

  template <class... Context>
  session(tcp::socket socket, server_state& server, Context&... ctx)
      : stream_(std::move(socket), ctx...)
      , server_(server)
      , buffer_(server.limits.max_request_bytes) {}

  ~session() { --server_.connections; }

  void start() {
    if constexpr (tls) {
      lowest().expires_after(server_.limits.read_timeout);
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (ec)
                                  return self->close(); // no TLS, or a certificate refused
                                self->who_ = self->certified() ? peer::certified : peer::anonymous;
                                self->read();
                              });
    } else {
      read();
    }
  }

private:
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  /// The handshake verified a client certificate against the cluster CA
  /// (a certificate that fails verification fails the handshake).
  bool certified() {
    auto* ssl = stream_.native_handle();
    X509* cert = SSL_get_peer_certificate(ssl);
    if (cert == nullptr)
      return false;
    X509_free(cert);
    return SSL_get_verify_result(ssl) == X509_V_OK;
  }

  void read() {
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(server_.limits.max_request_bytes));
    parser_->body_limit(server_.limits.max_request_bytes);
    lowest().expires_after(server_.limits.read_timeout);
    bhttp::async_read(
      stream_, buffer_, *parser_,
      [self = this->shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (too_large(ec))
      return write(reply(bhttp::status::payload_too_large, "request too large\n"), false);
    if (ec)
      return close(); // end of stream, read timeout, reset
    auto req = parser_->release();
    write(route(req, server_.handlers, who_), req.keep_alive());
  }

  void write(response res, bool keep_alive) {
    res.keep_alive(keep_alive);
    res.prepare_payload();
    response_ = std::move(res);
    lowest().expires_after(server_.limits.read_timeout);
    bhttp::async_write(stream_, response_,
                       [self = this->shared_from_this(), keep_alive](beast::error_code ec, size_t) {
                         if (!ec && keep_alive)
                           self->read();
                         else
                           self->close();
                       });
  }

  /// Closes the connection (a TLS client gets no close_notify: every answer
  /// carries its length, so nothing can be cut short unnoticed).
  void close() {
    beast::error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    lowest().close();
  }

  Stream stream_;
  server_state& server_;
  peer who_ = peer::plain;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::empty_body>> parser_;
  response response_;
};

/// The server's TLS context: its certificate and key, and the cluster CA
/// client certificates are checked against (asked for, not required).
std::optional<std::string> make_tls_context(const tls_files& files, ssl::context& ctx) {
  beast::error_code ec;
  auto fail = [&](const char* flag, const std::string& path) {
    return std::string{flag} + " " + path + ": " + ec.message();
  };
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2
                    | ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1,
                  ec);
  if (ctx.use_certificate_chain_file(files.certificate, ec); ec)
    return fail("--tls-cert", files.certificate);
  if (ctx.use_private_key_file(files.key, ssl::context::pem, ec); ec)
    return fail("--tls-key", files.key);
  if (ctx.load_verify_file(files.ca, ec); ec)
    return fail("--tls-ca", files.ca);
  ctx.set_verify_mode(ssl::verify_peer, ec);
  return std::nullopt;
}

} // namespace

struct metrics_server::impl {
  impl(std::string node_name, metrics_handlers h, metrics_server_limits l)
    : state{std::move(h), l, log::get(node_name, "metrics")} {}

  void accept();

  // Declared before the io_context: the sessions it destroys on shutdown
  // still count themselves out (and use the TLS context).
  server_state state;
  std::unique_ptr<ssl::context> tls;
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  uint16_t port = 0;
  std::thread thread;
  bool started = false;
  bool stopped = false;
};

void metrics_server::impl::accept() {
  acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor.is_open())
      return;
    if (ec) {
      state.log->debug("accept failed: {}", ec.message());
    } else if (state.connections >= state.limits.max_connections) {
      // Refused outright: a slow client must not hold more than its share.
      beast::error_code ignored;
      socket.close(ignored);
    } else {
      ++state.connections;
      if (tls)
        std::make_shared<session<tls_stream>>(std::move(socket), state, *tls)->start();
      else
        std::make_shared<session<beast::tcp_stream>>(std::move(socket), state)->start();
    }
    accept();
  });
}

metrics_server::metrics_server(std::string node_name, metrics_handlers handlers,
                               metrics_server_limits limits)
  : impl_(std::make_unique<impl>(std::move(node_name), std::move(handlers), limits)) {}

metrics_server::~metrics_server() {
  stop();
}

std::optional<std::string> metrics_server::start(const host_port& listen, const tls_files& tls) {
  auto& d = *impl_;
  if (d.started || d.stopped)
    return std::string{"metrics server already started"};
  if (tls.enabled()) {
    d.tls = std::make_unique<ssl::context>(ssl::context::tls_server);
    if (auto err = make_tls_context(tls, *d.tls))
      return err;
  }
  beast::error_code ec;
  tcp::resolver resolver{d.ioc};
  auto found = resolver.resolve(listen.host, std::to_string(listen.port),
                                tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  auto fail = [&](const char* what) {
    return "cannot " + std::string{what} + " " + listen.to_string() + ": " + ec.message();
  };
  if (ec || found.empty())
    return fail("resolve");
  tcp::endpoint at = *found.begin();
  if (d.acceptor.open(at.protocol(), ec); ec)
    return fail("open a socket for");
  d.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (d.acceptor.bind(at, ec); ec)
    return fail("listen on");
  if (d.acceptor.listen(asio::socket_base::max_listen_connections, ec); ec)
    return fail("listen on");
  d.port = d.acceptor.local_endpoint().port();
  d.started = true;
  d.accept();
  d.thread = std::thread([&d] { d.ioc.run(); });
  d.state.log->info("serving /metrics, /healthz, /readyz over {} on {}:{}",
                    d.tls ? "HTTPS (client certificates for /metrics)" : "HTTP", listen.host,
                    d.port);
  return std::nullopt;
}

uint16_t metrics_server::port() const noexcept {
  return impl_->port;
}

void metrics_server::stop() {
  auto& d = *impl_;
  if (d.stopped)
    return;
  d.stopped = true;
  // Pending handlers (and so the sessions) die with the io_context.
  d.ioc.stop();
  if (d.thread.joinable())
    d.thread.join();
  beast::error_code ignored;
  d.acceptor.close(ignored);
}

} // namespace convoy::net::http
