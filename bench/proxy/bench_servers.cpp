#include "bench/proxy/bench_servers.hpp"

#include <thread>

#include <boost/asio.hpp>

namespace convoy::bench {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

/// Reads until EOF (discarding), then writes one byte.
struct sink_session : std::enable_shared_from_this<sink_session> {
  explicit sink_session(tcp::socket s) : sock(std::move(s)), buf(256 * 1024) {}
  void read() {
    sock.async_read_some(asio::buffer(buf), [self = shared_from_this()](error_code ec, size_t) {
      if (!ec)
        return self->read();
      if (ec == asio::error::eof)
        asio::async_write(self->sock, asio::buffer("k", 1), [self](error_code, size_t) {});
    });
  }
  tcp::socket sock;
  std::vector<char> buf;
};

/// Reads one request, writes one response, closes.
struct rr_session : std::enable_shared_from_this<rr_session> {
  explicit rr_session(tcp::socket s) : sock(std::move(s)) {}
  void run() {
    asio::async_read(sock, asio::buffer(buf), [self = shared_from_this()](error_code ec, size_t) {
      if (ec)
        return;
      asio::async_write(self->sock, asio::buffer(self->buf), [self](error_code, size_t) {
        error_code ignored;
        self->sock.shutdown(tcp::socket::shutdown_send, ignored);
      });
    });
  }
  tcp::socket sock;
  std::array<char, bench_server::message_size> buf;
};

} // namespace

struct bench_server::impl {
  explicit impl(kind k) : what(k), acceptor(ioc, {asio::ip::make_address("127.0.0.1"), 0}) {
    accept();
    thread = std::thread([this] { ioc.run(); });
  }
  void accept() {
    acceptor.async_accept([this](error_code ec, tcp::socket s) {
      if (ec)
        return;
      s.set_option(tcp::no_delay(true), ec);
      if (what == kind::sink)
        std::make_shared<sink_session>(std::move(s))->read();
      else
        std::make_shared<rr_session>(std::move(s))->run();
      accept();
    });
  }
  kind what;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  std::thread thread;
};

bench_server::bench_server(kind k) : impl_(std::make_unique<impl>(k)) {}

bench_server::~bench_server() {
  impl_->ioc.stop();
  impl_->thread.join();
}

int bench_server::port() const {
  return impl_->acceptor.local_endpoint().port();
}

} // namespace convoy::bench
