#include "net/proxy/forward_session.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include <boost/asio/write.hpp>

namespace convoy::net::proxy {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

forward_session::forward_session(tcp::socket client, std::shared_ptr<const backend_list> backends,
                                 size_t first, std::shared_ptr<listener_counters> listener,
                                 std::shared_ptr<forwarder_counters> totals)
  : client_(std::move(client)),
    backend_(client_.get_executor()),
    backends_(std::move(backends)),
    first_(first),
    listener_(std::move(listener)),
    totals_(std::move(totals)),
    dirs_{direction{&client_, &backend_, nullptr, &totals_->bytes_in},
          direction{&backend_, &client_, nullptr, &totals_->bytes_out}} {
  totals_->open.fetch_add(1, std::memory_order_relaxed);
  listener_->open.fetch_add(1, std::memory_order_relaxed);
}

forward_session::~forward_session() {
  for (auto& dir : dirs_)
    for (int fd : dir.pipe)
      if (fd >= 0)
        ::close(fd);
  totals_->open.fetch_sub(1, std::memory_order_relaxed);
  listener_->open.fetch_sub(1, std::memory_order_relaxed);
}

void forward_session::start() {
  error_code ignored;
  client_.set_option(tcp::no_delay(true), ignored);
  connect(0);
}

void forward_session::connect(size_t attempt) {
  const auto& target = (*backends_)[(first_ + attempt) % backends_->size()];
  backend_.async_connect(target, [self = shared_from_this(), attempt](const error_code& ec) {
    if (ec)
      return self->on_connect_failed(attempt);
    error_code ignored;
    self->backend_.set_option(tcp::no_delay(true), ignored);
    self->start_copying();
  });
}

void forward_session::start_copying() {
  splicing_ = ::pipe2(dirs_[0].pipe, O_CLOEXEC | O_NONBLOCK) == 0
              && ::pipe2(dirs_[1].pipe, O_CLOEXEC | O_NONBLOCK) == 0;
  if (splicing_) {
    // Bigger pipes mean fewer wake-ups per MB (best effort: the limit is
    // /proc/sys/fs/pipe-max-size).
    for (auto& dir : dirs_)
      ::fcntl(dir.pipe[1], F_SETPIPE_SZ, static_cast<int>(pipe_size));
    error_code ec;
    client_.native_non_blocking(true, ec);
    backend_.native_non_blocking(true, ec);
    splicing_ = !ec;
  }
  if (splicing_) {
    splice_step(0);
    splice_step(1);
    return;
  }
  // Not value-initialized: 128 KiB of zeroes per connection buys nothing.
  buffers_.reset(new char[2 * buffer_size]);
  dirs_[0].buf = buffers_.get();
  dirs_[1].buf = buffers_.get() + buffer_size;
  read(0);
  read(1);
}

void forward_session::splice_step(int d) {
  auto& dir = dirs_[d];
  constexpr unsigned flags = SPLICE_F_MOVE | SPLICE_F_NONBLOCK;
  // Bounded, so one busy connection cannot starve the others.
  for (int round = 0; round < 16; ++round) {
    if (dir.in_pipe > 0) {
      auto n = ::splice(dir.pipe[0], nullptr, dir.to->native_handle(), nullptr, dir.in_pipe,
                        flags);
      if (n > 0) {
        dir.in_pipe -= static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EAGAIN)
        return dir.to->async_wait(tcp::socket::wait_write,
                                  [self = shared_from_this(), d](const error_code& ec) {
                                    ec ? self->abort() : self->splice_step(d);
                                  });
      return abort();
    }
    auto n = ::splice(dir.from->native_handle(), nullptr, dir.pipe[1], nullptr, pipe_size,
                      flags);
    if (n > 0) {
      // Counted when taken in, as the buffer path does: by the time the
      // peer sees the bytes, stats() does too.
      dir.in_pipe = static_cast<size_t>(n);
      dir.bytes->fetch_add(static_cast<uint64_t>(n), std::memory_order_relaxed);
      continue;
    }
    if (n == 0)
      return half_close(d);
    if (errno != EAGAIN)
      return abort();
    break;
  }
  // Out of rounds with bytes in the pipe: they must leave before anything
  // else; otherwise wait for more input.
  auto* sock = dir.in_pipe > 0 ? dir.to : dir.from;
  auto what = dir.in_pipe > 0 ? tcp::socket::wait_write : tcp::socket::wait_read;
  sock->async_wait(what, [self = shared_from_this(), d](const error_code& ec) {
    ec ? self->abort() : self->splice_step(d);
  });
}

void forward_session::on_connect_failed(size_t attempt) {
  totals_->backend_failures.fetch_add(1, std::memory_order_relaxed);
  error_code ignored;
  backend_.close(ignored);
  if (attempt + 1 < backends_->size())
    return connect(attempt + 1);
  totals_->rejected.fetch_add(1, std::memory_order_relaxed);
  client_.set_option(asio::socket_base::linger(true, 0), ignored);
  client_.close(ignored);
}

void forward_session::read(int d) {
  auto& dir = dirs_[d];
  dir.from->async_read_some(asio::buffer(dir.buf, buffer_size),
                            [self = shared_from_this(), d](const error_code& ec, size_t n) {
                              self->on_read(d, ec, n);
                            });
}

void forward_session::on_read(int d, const error_code& ec, size_t n) {
  if (ec) {
    if (ec == asio::error::eof)
      return half_close(d);
    return abort();
  }
  auto& dir = dirs_[d];
  dir.bytes->fetch_add(n, std::memory_order_relaxed);
  asio::async_write(*dir.to, asio::buffer(dir.buf, n),
                    [self = shared_from_this(), d](const error_code& wec, size_t) {
                      if (wec)
                        return self->abort();
                      self->read(d);
                    });
}

void forward_session::half_close(int d) {
  error_code ignored;
  dirs_[d].to->shutdown(tcp::socket::shutdown_send, ignored);
  dirs_[d].done = true;
  if (dirs_[0].done && dirs_[1].done)
    abort();
}

void forward_session::abort() {
  error_code ignored;
  client_.close(ignored);
  backend_.close(ignored);
}

} // namespace convoy::net::proxy
