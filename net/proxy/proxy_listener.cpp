#include "net/proxy/proxy_listener.hpp"

#include <chrono>

namespace convoy::net::proxy {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

proxy_listener::proxy_listener(asio::io_context& ioc, std::string ip, int port,
                               std::shared_ptr<forwarder_counters> totals,
                               std::shared_ptr<spdlog::logger> log)
  : acceptor_(ioc),
    retry_(ioc),
    ip_(std::move(ip)),
    port_(port),
    address_(ip_ + ":" + std::to_string(port_)),
    counters_(std::make_shared<listener_counters>()),
    totals_(std::move(totals)),
    log_(std::move(log)) {}

void proxy_listener::fail(const std::string& what, const error_code& ec) {
  auto text = what + " " + address_ + ": " + ec.message();
  if (text != error_)
    log_->warn("proxy cannot listen: {}", text);
  error_ = std::move(text);
  error_code ignored;
  acceptor_.close(ignored);
}

void proxy_listener::listen() {
  if (acceptor_.is_open() || closed_)
    return;
  error_code ec;
  auto addr = asio::ip::make_address(ip_, ec);
  if (ec)
    return fail("bad listen ip in", ec);
  tcp::endpoint ep(addr, static_cast<unsigned short>(port_));
  if (acceptor_.open(ep.protocol(), ec); ec)
    return fail("open", ec);
  acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  // The proxies of the workers sharing one host (convoy up) all serve the
  // same ClusterIP rules: SO_REUSEPORT lets each bind them, and the kernel
  // spreads new connections over them (any of them forwards alike).
  acceptor_.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>(true), ec);
  if (acceptor_.bind(ep, ec); ec)
    return fail("bind", ec);
  if (acceptor_.listen(asio::socket_base::max_listen_connections, ec); ec)
    return fail("listen", ec);
  if (!error_.empty())
    log_->info("proxy listening on {} after earlier failure", address_);
  error_.clear();
  accept();
}

void proxy_listener::close() {
  closed_ = true;
  error_code ignored;
  acceptor_.close(ignored);
  retry_.cancel();
}

void proxy_listener::accept() {
  acceptor_.async_accept([self = shared_from_this()](const error_code& ec, tcp::socket sock) {
    self->on_accept(ec, std::move(sock));
  });
}

void proxy_listener::on_accept(const error_code& ec, tcp::socket sock) {
  if (closed_ || !acceptor_.is_open())
    return;
  if (ec) {
    log_->warn("proxy accept on {} failed: {}", address_, ec.message());
    retry_.expires_after(std::chrono::milliseconds{50});
    retry_.async_wait([self = shared_from_this()](const error_code& tec) {
      if (!tec && !self->closed_)
        self->accept();
    });
    return;
  }
  counters_->accepted.fetch_add(1, std::memory_order_relaxed);
  totals_->accepted.fetch_add(1, std::memory_order_relaxed);
  if (!backends_ || backends_->empty()) {
    totals_->rejected.fetch_add(1, std::memory_order_relaxed);
    // Reset, not FIN: the client sees "refused", as kube-proxy's REJECT.
    error_code ignored;
    sock.set_option(asio::socket_base::linger(true, 0), ignored);
    sock.close(ignored);
  } else {
    auto first = next_++ % backends_->size();
    std::make_shared<forward_session>(std::move(sock), backends_, first, counters_, totals_)
      ->start();
  }
  accept();
}

} // namespace convoy::net::proxy
