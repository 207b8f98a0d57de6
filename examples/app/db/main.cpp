// convoy-example-db: the database tier of the example app
// (examples/app/web-db.yaml) - a tiny in-memory HTTP key-value store.
//
//   POD_IP=127.0.0.1 PORT=5432 POD_NAME=db-1 convoy-example-db
//   curl -X PUT --data hi http://127.0.0.1:5432/kv/x; curl http://127.0.0.1:5432/kv/x
//
// Env: POD_IP (default 127.0.0.1), PORT (default 5432), POD_NAME (X-Served-By,
// default the hostname), DATA_DIR (optional: changes are appended to
// DATA_DIR/kv.journal and replayed at start). Exits 0 on SIGTERM.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "examples/app/db/kv_store.hpp"
#include "examples/app/http/program.hpp"

namespace {

constexpr const char* program = "convoy-example-db";

struct file_closer {
  void operator()(std::FILE* f) const {
    std::fclose(f);
  }
};
using file_ptr = std::unique_ptr<std::FILE, file_closer>;

/// Replays DATA_DIR/kv.journal into `store` and opens it for appending.
file_ptr open_journal(const std::string& dir, convoy::examples::db::kv_store& store) {
  auto path = dir + "/kv.journal";
  std::ifstream in(path, std::ios::binary);
  std::string old((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto applied = store.replay(old);
  file_ptr out(std::fopen(path.c_str(), "ab"));
  if (!out) {
    std::fprintf(stderr, "%s: DATA_DIR: cannot open %s: %s\n", program, path.c_str(),
                 std::strerror(errno));
    return out;
  }
  std::printf("%s: replayed %zu journal entries from %s\n", program, applied, path.c_str());
  return out;
}

} // namespace

int main() {
  using namespace convoy::examples;
  http::env_reader env([](const char* name) { return std::getenv(name); });
  auto ip = env.ipv4("POD_IP", "127.0.0.1");
  auto port = env.port("PORT", 5432);
  auto data_dir = env.text("DATA_DIR", "");
  auto name = http::pod_name(env);
  if (http::report_env_errors(program, env))
    return 1;

  file_ptr journal;
  db::kv_store store(name, [&journal](std::string_view entry) {
    if (journal && (std::fwrite(entry.data(), 1, entry.size(), journal.get()) != entry.size()
                    || std::fflush(journal.get()) != 0))
      std::fprintf(stderr, "%s: journal write failed: %s\n", program, std::strerror(errno));
  });
  store.seed("greeting", "hello from the db");
  if (!data_dir.empty() && !(journal = open_journal(data_dir, store)))
    return 1;
  auto handler = [&store](const http::request& req) { return store.handle(req); };
  return http::serve_until_stopped(program, ip, port, name, http::logged(program, handler));
}
