#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "examples/app/http/message.hpp"

namespace convoy::examples::db {

/// The db's whole behaviour as a pure request → response function over an
/// in-memory map, so it is tested without sockets. Every change is also
/// handed to an optional journal sink (the program appends it to a file
/// under $DATA_DIR) and `replay` rebuilds the map from such a journal.
///
///   GET /kv/KEY     200 value | 404
///   PUT /kv/KEY     204 (body = value)
///   DELETE /kv/KEY  204
///   GET /healthz    200 "ok"
/// Every answer carries "X-Served-By: <served_by>", so callers can see which
/// replica behind the Service answered.
class kv_store {
public:
  /// Receives one encoded journal entry per change.
  using journal_sink = std::function<void(std::string_view entry)>;

  explicit kv_store(std::string served_by, journal_sink journal = {});

  http::response handle(const http::request& req);

  /// Applies journal entries written by earlier runs; a torn last entry (a
  /// crash mid-append) is ignored. Returns the number of entries applied.
  std::size_t replay(std::string_view journal);

  /// Sets a key without journaling (the seed value every db starts with).
  void seed(std::string key, std::string value);

  std::size_t size() const {
    return data_.size();
  }

  /// Journal encoding: "P <key-len> <value-len>\n<key><value>\n" and
  /// "D <key-len>\n<key>\n" (lengths, so values may hold any byte).
  static std::string encode_put(std::string_view key, std::string_view value);
  static std::string encode_delete(std::string_view key);

private:
  http::response answer(int status, std::string body = {}) const;
  http::response handle_key(const http::request& req, std::string key);

  std::string served_by_;
  journal_sink journal_;
  std::unordered_map<std::string, std::string> data_;
};

} // namespace convoy::examples::db
