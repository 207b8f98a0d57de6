#pragma once

namespace convoy::examples::http {

/// Turns SIGTERM and SIGINT into a readable file descriptor (the self-pipe
/// trick), so a poll() loop sees "stop" like any other event and returns
/// normally: the kubelet stops a container with SIGTERM and expects exit 0.
/// Also ignores SIGPIPE (a client hanging up must not kill the server).
/// One per process; the handlers stay installed until exit.
class stop_signal {
public:
  stop_signal();
  ~stop_signal();

  stop_signal(const stop_signal&) = delete;
  stop_signal& operator=(const stop_signal&) = delete;

  /// Readable once a stop signal arrived.
  int fd() const {
    return read_fd_;
  }

  /// The signal that arrived, 0 if none yet.
  int received() const;

private:
  int read_fd_ = -1;
};

} // namespace convoy::examples::http
