#pragma once

// The backends of the proxy bench, on one io thread each (like a pod):
// a sink that reads until EOF then answers one byte, and a
// request/response server that answers each connection's request once and
// closes.

#include <memory>

namespace convoy::bench {

class bench_server {
public:
  enum class kind { sink, request_response };

  explicit bench_server(kind k);
  ~bench_server();

  int port() const;

  /// Bytes of a request/response exchange.
  static constexpr size_t message_size = 64;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace convoy::bench
