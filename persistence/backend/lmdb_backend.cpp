#include "persistence/backend/lmdb_backend.hpp"

#include <algorithm>
#include <utility>

#include "persistence/lmdb/cursor.hpp"
#include "persistence/lmdb/error.hpp"
#include "persistence/lmdb/txn.hpp"

namespace convoy::backend {

namespace {

backend_error_kind kind_of(const lmdb::error& e, bool committing) {
  switch (e.kind()) {
    case lmdb::error_kind::map_full:
      return backend_error_kind::map_full;
    case lmdb::error_kind::corrupted:
      return backend_error_kind::corrupted;
    default:
      return committing ? backend_error_kind::commit_failed : backend_error_kind::other;
  }
}

/// Runs `f`, turning lmdb::error into backend_error (the interface's only
/// exception type).
template <class F>
decltype(auto) guarded(F&& f, bool committing = false) {
  try {
    return f();
  } catch (const lmdb::error& e) {
    throw backend_error(kind_of(e, committing), std::string{"lmdb backend: "} + e.what());
  }
}

class lmdb_kv_cursor final : public kv_cursor {
public:
  explicit lmdb_kv_cursor(lmdb::cursor c, std::size_t max_key)
    : cursor_(std::move(c)), max_key_(max_key) {
    // nop
  }

  std::optional<kv_entry> seek(std::string_view key) override {
    if (key.size() > max_key_) {
      // No stored key can be this long; the entries >= key are those
      // > its prefix of max_key_ bytes, except that prefix itself.
      auto prefix = key.substr(0, max_key_);
      auto e = convert(guarded([&] { return cursor_.seek(prefix); }));
      while (e && e->key < key)
        e = next();
      return e;
    }
    return convert(guarded([&] { return cursor_.seek(key); }));
  }
  std::optional<kv_entry> first() override { return convert(guarded([&] { return cursor_.first(); })); }
  std::optional<kv_entry> last() override { return convert(guarded([&] { return cursor_.last(); })); }
  std::optional<kv_entry> next() override { return convert(guarded([&] { return cursor_.next(); })); }
  std::optional<kv_entry> prev() override { return convert(guarded([&] { return cursor_.prev(); })); }

private:
  static std::optional<kv_entry> convert(const std::optional<lmdb::entry>& e) {
    if (!e)
      return std::nullopt;
    return kv_entry{e->key, e->value};
  }

  lmdb::cursor cursor_;
  std::size_t max_key_;
};

class lmdb_kv_txn final : public kv_txn {
public:
  lmdb_kv_txn(lmdb::txn t, const std::vector<lmdb::dbi>& dbis, std::size_t max_key,
              lmdb::env* env = nullptr)
    : txn_(std::move(t)), dbis_(dbis), max_key_(max_key), env_(env) {
    // nop
  }

  bool writable() const noexcept override { return !txn_.read_only(); }

  std::optional<std::string_view> get(bucket_id b, std::string_view key) override {
    if (key.empty() || key.size() > max_key_)
      return std::nullopt;
    return guarded([&] { return dbi(b).get(txn_, key); });
  }

  void put(bucket_id b, std::string_view key, std::string_view value) override {
    check_key(key);
    guarded([&] { dbi(b).put(txn_, key, value); });
  }

  bool del(bucket_id b, std::string_view key) override {
    if (key.empty() || key.size() > max_key_)
      return false;
    return guarded([&] { return dbi(b).del(txn_, key); });
  }

  void clear(bucket_id b) override {
    guarded([&] { dbi(b).clear(txn_); });
  }

  std::unique_ptr<kv_cursor> cursor(bucket_id b) override {
    return guarded([&] {
      return std::make_unique<lmdb_kv_cursor>(lmdb::cursor::open(txn_, dbi(b)), max_key_);
    });
  }

  void commit() override {
    guarded([&] { txn_.commit(); }, true);
  }

  /// LMDB's MDB_NOMETASYNC for this commit: the data pages are synced, the
  /// meta page that points at them reaches the disk with the next commit,
  /// so a crash can undo this txn but keeps the database intact.
  void commit_lazily() override {
    if (env_ == nullptr)
      return commit();
    env_->set_flag(MDB_NOMETASYNC, true);
    try {
      commit();
    } catch (...) {
      env_->set_flag(MDB_NOMETASYNC, false);
      throw;
    }
    env_->set_flag(MDB_NOMETASYNC, false);
  }

  void abort() noexcept override { txn_.abort(); }

private:
  lmdb::dbi dbi(bucket_id b) const {
    if (b >= dbis_.size())
      throw backend_error(backend_error_kind::other,
                          "lmdb backend: unknown bucket id " + std::to_string(b));
    return dbis_[b];
  }

  void check_key(std::string_view key) const {
    if (key.empty() || key.size() > max_key_)
      throw backend_error(backend_error_kind::other,
                          "lmdb backend: key of " + std::to_string(key.size())
                            + " bytes (must be 1.." + std::to_string(max_key_) + ")");
  }

  lmdb::txn txn_;
  const std::vector<lmdb::dbi>& dbis_;
  std::size_t max_key_;
  lmdb::env* env_; ///< for lazy commits (write txns only)
};

lmdb::env open_env(const std::string& dir, const lmdb_backend_options& options) {
  lmdb::env_options opts;
  opts.map_size_bytes = options.map_size_bytes;
  opts.max_dbs = options.max_buckets;
  opts.sync_on_commit = options.sync_on_commit;
  opts.single_owner = options.single_owner;
  return guarded([&] { return lmdb::env::open(dir, opts); });
}

} // namespace

lmdb_backend::lmdb_backend(const std::string& dir, const lmdb_backend_options& options)
  : options_(options), env_(open_env(dir, options)) {
  max_key_ = static_cast<std::size_t>(mdb_env_get_maxkeysize(env_.handle()));
}

lmdb_backend::~lmdb_backend() = default;

bucket_id lmdb_backend::open_bucket(std::string_view name) {
  if (auto i = std::find(names_.begin(), names_.end(), name); i != names_.end())
    return static_cast<bucket_id>(i - names_.begin());
  if (name.empty())
    throw backend_error(backend_error_kind::other, "lmdb backend: bucket name is empty");
  auto d = guarded([&] {
    auto w = lmdb::txn::begin_write(env_);
    auto result = lmdb::dbi::open(w, name, MDB_CREATE);
    w.commit();
    return result;
  });
  names_.emplace_back(name);
  dbis_.push_back(d);
  return static_cast<bucket_id>(names_.size() - 1);
}

std::unique_ptr<kv_txn> lmdb_backend::begin_read() {
  return guarded([&] {
    return std::make_unique<lmdb_kv_txn>(lmdb::txn::begin_read(env_), dbis_, max_key_);
  });
}

std::unique_ptr<kv_txn> lmdb_backend::begin_write() {
  return guarded([&] {
    return std::make_unique<lmdb_kv_txn>(lmdb::txn::begin_write(env_), dbis_, max_key_, &env_);
  });
}

void lmdb_backend::grow() {
  auto current = map_size_bytes();
  if (current >= options_.max_map_size_bytes)
    throw backend_error(backend_error_kind::map_full,
                        "lmdb backend: map size " + std::to_string(current)
                          + " bytes reached its limit " + std::to_string(options_.max_map_size_bytes));
  auto bigger = static_cast<std::size_t>(static_cast<double>(current) * options_.growth_factor);
  bigger = std::min(std::max(bigger, current + 1), options_.max_map_size_bytes);
  guarded([&] { env_.set_map_size(bigger); });
}

std::size_t lmdb_backend::size_bytes() const {
  return guarded([&] { return env_.used_bytes(); });
}

std::size_t lmdb_backend::room_bytes() const {
  return guarded([&] {
    auto used = env_.used_bytes();
    auto map = env_.map_size();
    return map > used ? map - used : 0;
  });
}

std::size_t lmdb_backend::map_size_bytes() const {
  return guarded([&] { return env_.map_size(); });
}

} // namespace convoy::backend
