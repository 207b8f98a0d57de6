#include "examples/app/http/program.hpp"

#include <unistd.h>

#include <cstdio>
#include <exception>
#include <utility>

#include "examples/app/http/stop_signal.hpp"

namespace convoy::examples::http {

std::string access_line(const request& req, const response& resp) {
  return req.method + " " + req.target + " " + std::to_string(resp.status) + " "
         + std::to_string(resp.body.size());
}

std::string pod_name(env_reader& env) {
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) != 0)
    host[0] = '\0';
  return env.text("POD_NAME", host[0] != '\0' ? host : "unknown");
}

bool report_env_errors(const char* program, const env_reader& env) {
  for (const auto& e : env.errors())
    std::fprintf(stderr, "%s: %s\n", program, e.c_str());
  return !env.errors().empty();
}

server::handler logged(std::string program, server::handler h) {
  return [program = std::move(program), h = std::move(h)](const request& req) {
    auto resp = h(req);
    auto line = program + ": " + access_line(req, resp) + "\n";
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
    return resp;
  };
}

int serve_until_stopped(const char* program, const std::string& ip, std::uint16_t port,
                        const std::string& served_by, server::handler h) {
  try {
    stop_signal stop;
    server srv(ip, port, std::move(h), {{"X-Served-By", served_by}});
    std::printf("%s: listening on %s:%u\n", program, ip.c_str(), unsigned{srv.port()});
    std::fflush(stdout);
    srv.run(stop.fd());
    std::printf("%s: stopping on signal %d\n", program, stop.received());
    std::fflush(stdout);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", program, e.what());
    return 1;
  }
}

} // namespace convoy::examples::http
