#include "examples/app/db/kv_store.hpp"

#include <utility>

#include "examples/app/http/writer.hpp"

namespace convoy::examples::db {

namespace {

constexpr std::string_view kv_prefix = "/kv/";

/// Reads "<digits>" followed by `end` at `pos`; false when malformed.
bool read_length(std::string_view text, std::size_t& pos, char end, std::size_t& out) {
  auto stop = text.find(end, pos);
  if (stop == std::string_view::npos || stop == pos || stop - pos > 12)
    return false;
  out = 0;
  for (auto i = pos; i < stop; ++i) {
    if (text[i] < '0' || text[i] > '9')
      return false;
    out = out * 10 + static_cast<std::size_t>(text[i] - '0');
  }
  pos = stop + 1;
  return true;
}

} // namespace

kv_store::kv_store(std::string served_by, journal_sink journal)
  : served_by_(std::move(served_by)), journal_(std::move(journal)) {
}

void kv_store::seed(std::string key, std::string value) {
  data_.insert_or_assign(std::move(key), std::move(value));
}

http::response kv_store::answer(int status, std::string body) const {
  auto resp = http::text_response(status, std::move(body));
  resp.headers.push_back({"X-Served-By", served_by_});
  return resp;
}

http::response kv_store::handle(const http::request& req) {
  std::string_view target = req.target;
  if (target == "/healthz")
    return req.method == "GET" ? answer(200, "ok\n") : answer(405, "use GET /healthz\n");
  if (target.substr(0, kv_prefix.size()) != kv_prefix)
    return answer(404, "no such path " + req.target + " (use /kv/KEY or /healthz)\n");
  auto key = target.substr(kv_prefix.size());
  if (key.empty() || key.find('/') != std::string_view::npos
      || key.find('?') != std::string_view::npos)
    return answer(400, "key '" + std::string(key) + "' must be non-empty without '/' or '?'\n");
  return handle_key(req, std::string(key));
}

http::response kv_store::handle_key(const http::request& req, std::string key) {
  if (req.method == "GET") {
    auto it = data_.find(key);
    if (it == data_.end())
      return answer(404, "no key " + key + "\n");
    return answer(200, it->second);
  }
  if (req.method == "PUT") {
    if (journal_)
      journal_(encode_put(key, req.body));
    data_.insert_or_assign(std::move(key), req.body);
    return answer(204);
  }
  if (req.method == "DELETE") {
    if (data_.erase(key) > 0 && journal_)
      journal_(encode_delete(key));
    return answer(204);
  }
  auto resp = answer(405, "method " + req.method + " not allowed on /kv/KEY\n");
  resp.headers.push_back({"Allow", "GET, PUT, DELETE"});
  return resp;
}

std::string kv_store::encode_put(std::string_view key, std::string_view value) {
  std::string out = "P " + std::to_string(key.size()) + " " + std::to_string(value.size()) + "\n";
  out.append(key).append(value).append("\n");
  return out;
}

std::string kv_store::encode_delete(std::string_view key) {
  std::string out = "D " + std::to_string(key.size()) + "\n";
  out.append(key).append("\n");
  return out;
}

std::size_t kv_store::replay(std::string_view journal) {
  std::size_t pos = 0;
  std::size_t applied = 0;
  while (pos + 2 <= journal.size()) {
    char kind = journal[pos];
    std::size_t p = pos + 2;
    std::size_t key_len = 0;
    std::size_t value_len = 0;
    bool ok = (kind == 'P' && read_length(journal, p, ' ', key_len)
               && read_length(journal, p, '\n', value_len))
              || (kind == 'D' && read_length(journal, p, '\n', key_len));
    if (!ok || p + key_len + value_len + 1 > journal.size()
        || journal[p + key_len + value_len] != '\n')
      break; // torn or foreign tail: keep what was applied so far
    std::string key(journal.substr(p, key_len));
    if (kind == 'P')
      data_.insert_or_assign(std::move(key), std::string(journal.substr(p + key_len, value_len)));
    else
      data_.erase(key);
    pos = p + key_len + value_len + 1;
    ++applied;
  }
  return applied;
}

} // namespace convoy::examples::db
