#include "net/proxy/tcp_forwarder.hpp"

#include <map>
#include <mutex>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "net/proxy/proxy_listener.hpp"
#include "runtime/logging/log.hpp"

namespace convoy::net::proxy {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

/// What stats() reports of one listener, published by the io thread.
struct listener_view {
  std::string address;
  std::string service_key;
  size_t backends = 0;
  bool bound = false;
  std::string error;
  std::shared_ptr<listener_counters> counters;
};

} // namespace

struct tcp_forwarder::impl {
  explicit impl(std::string node_name)
    : log(log::get(node_name, "proxy")), work(asio::make_work_guard(ioc)) {}

  /// On the io thread: makes `rules` the listener set.
  void apply_now(const std::vector<convoy::proxy::rule>& rules);
  std::shared_ptr<const backend_list> resolve(const convoy::proxy::rule& r);
  void publish();

  std::shared_ptr<forwarder_counters> totals = std::make_shared<forwarder_counters>();
  std::shared_ptr<spdlog::logger> log;
  // Declared before the listeners: destroyed after them, so every socket
  // is gone before its io_context.
  asio::io_context ioc;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  std::map<std::string, std::shared_ptr<proxy_listener>> listeners;
  mutable std::mutex view_mutex;
  std::vector<listener_view> view;
  std::thread thread;
  std::mutex lifecycle;
  bool started = false;
  bool stopped = false;
};

std::shared_ptr<const backend_list> tcp_forwarder::impl::resolve(const convoy::proxy::rule& r) {
  auto out = std::make_shared<backend_list>();
  out->reserve(r.backends.size());
  for (const auto& b : r.backends) {
    boost::system::error_code ec;
    auto addr = asio::ip::make_address(b.ip, ec);
    if (ec || b.port < 1 || b.port > 65535) {
      log->warn("proxy {}: skipping bad backend {}:{}", r.service_key, b.ip, b.port);
      continue;
    }
    out->emplace_back(addr, static_cast<unsigned short>(b.port));
  }
  return out;
}

void tcp_forwarder::impl::apply_now(const std::vector<convoy::proxy::rule>& rules) {
  std::map<std::string, const convoy::proxy::rule*> want;
  for (const auto& r : rules)
    want.try_emplace(convoy::proxy::listen_key(r), &r);
  for (auto it = listeners.begin(); it != listeners.end();) {
    if (want.count(it->first) != 0) {
      ++it;
      continue;
    }
    it->second->close();
    it = listeners.erase(it);
  }
  for (const auto& [key, r] : want) {
    auto& l = listeners[key];
    if (!l)
      l = std::make_shared<proxy_listener>(ioc, r->listen_ip, r->listen_port, totals, log);
    l->set_service(r->service_key);
    l->set_backends(resolve(*r));
    l->listen();
  }
  publish();
  totals->applies.fetch_add(1, std::memory_order_release);
}

void tcp_forwarder::impl::publish() {
  std::vector<listener_view> fresh;
  fresh.reserve(listeners.size());
  for (const auto& [key, l] : listeners)
    fresh.push_back(listener_view{l->address(), l->service_key(), l->backend_count(), l->bound(),
                                  l->error(), l->counters()});
  std::lock_guard<std::mutex> guard{view_mutex};
  view.swap(fresh);
}

tcp_forwarder::tcp_forwarder(std::string node_name)
  : impl_(std::make_unique<impl>(std::move(node_name))) {}

tcp_forwarder::~tcp_forwarder() {
  stop();
}

void tcp_forwarder::start() {
  std::lock_guard<std::mutex> guard{impl_->lifecycle};
  if (impl_->started || impl_->stopped)
    return;
  impl_->started = true;
  impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

void tcp_forwarder::stop() {
  std::lock_guard<std::mutex> guard{impl_->lifecycle};
  if (impl_->stopped)
    return;
  impl_->stopped = true;
  impl_->work.reset();
  impl_->ioc.stop();
  if (impl_->thread.joinable())
    impl_->thread.join();
  for (auto& [key, l] : impl_->listeners)
    l->close();
  impl_->listeners.clear();
}

void tcp_forwarder::apply(std::vector<convoy::proxy::rule> rules) {
  asio::post(impl_->ioc, [d = impl_.get(), rules = std::move(rules)] { d->apply_now(rules); });
}

plane_stats tcp_forwarder::stats() const {
  plane_stats out;
  const auto& t = *impl_->totals;
  out.open_connections = t.open.load(std::memory_order_relaxed);
  out.total_accepted = t.accepted.load(std::memory_order_relaxed);
  out.bytes_in = t.bytes_in.load(std::memory_order_relaxed);
  out.bytes_out = t.bytes_out.load(std::memory_order_relaxed);
  out.backend_failures = t.backend_failures.load(std::memory_order_relaxed);
  out.rejected = t.rejected.load(std::memory_order_relaxed);
  out.applies = t.applies.load(std::memory_order_acquire);
  std::lock_guard<std::mutex> guard{impl_->view_mutex};
  out.listeners.reserve(impl_->view.size());
  for (const auto& v : impl_->view)
    out.listeners.push_back(listener_stats{v.address, v.service_key, v.backends, v.bound, v.error,
                                           v.counters->accepted.load(std::memory_order_relaxed),
                                           v.counters->open.load(std::memory_order_relaxed)});
  return out;
}

} // namespace convoy::net::proxy
