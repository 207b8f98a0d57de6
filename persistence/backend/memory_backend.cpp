#include "persistence/backend/memory_backend.hpp"

#include <algorithm>
#include <utility>

namespace convoy::backend {

namespace {

using bucket_map = memory_backend::bucket_map;

/// A write txn's pending writes to one bucket: nullopt marks a deletion.
struct overlay {
  std::map<std::string, std::optional<std::string>, std::less<>> writes;
  /// clear() was called: the committed entries are hidden.
  bool cleared = false;
};

/// The committed entries of a bucket (may be null: empty) with an overlay
/// (may be null: none) on top. Every lookup is O(log n).
class merged_view {
public:
  merged_view(const bucket_map* base, const overlay* ov) : base_(base), ov_(ov) {
    if (ov_ != nullptr && ov_->cleared)
      base_ = nullptr;
  }

  std::optional<std::string_view> get(std::string_view key) const {
    if (ov_ != nullptr) {
      if (auto i = ov_->writes.find(key); i != ov_->writes.end()) {
        if (!i->second)
          return std::nullopt;
        return std::string_view{*i->second};
      }
    }
    if (base_ != nullptr) {
      if (auto i = base_->find(key); i != base_->end())
        return std::string_view{i->second};
    }
    return std::nullopt;
  }

  /// The first entry with a key >= `key` (> `key` when `strict`).
  std::optional<kv_entry> lower(std::string_view key, bool strict) const {
    auto bi = base_ ? (strict ? base_->upper_bound(key) : base_->lower_bound(key)) : bucket_map::const_iterator{};
    auto oi = ov_ ? (strict ? ov_->writes.upper_bound(key) : ov_->writes.lower_bound(key))
                  : decltype(ov_->writes)::const_iterator{};
    for (;;) {
      bool b_ok = base_ != nullptr && bi != base_->end();
      bool o_ok = ov_ != nullptr && oi != ov_->writes.end();
      if (!b_ok && !o_ok)
        return std::nullopt;
      if (o_ok && (!b_ok || oi->first <= bi->first)) {
        if (b_ok && bi->first == oi->first)
          ++bi; // shadowed by the overlay
        if (oi->second)
          return kv_entry{oi->first, *oi->second};
        ++oi; // a deletion
        continue;
      }
      return kv_entry{bi->first, bi->second};
    }
  }

  /// The last entry with a key <= `key` (< `key` when `strict`); the last
  /// entry of all when `key` is nullopt.
  std::optional<kv_entry> upper(std::optional<std::string_view> key, bool strict) const {
    auto bi = bucket_map::const_iterator{};
    auto oi = decltype(ov_->writes)::const_iterator{};
    if (base_ != nullptr)
      bi = !key ? base_->end() : strict ? base_->lower_bound(*key) : base_->upper_bound(*key);
    if (ov_ != nullptr)
      oi = !key ? ov_->writes.end() : strict ? ov_->writes.lower_bound(*key) : ov_->writes.upper_bound(*key);
    for (;;) {
      bool b_ok = base_ != nullptr && bi != base_->begin();
      bool o_ok = ov_ != nullptr && oi != ov_->writes.begin();
      if (!b_ok && !o_ok)
        return std::nullopt;
      auto pb = b_ok ? std::prev(bi) : bi;
      auto po = o_ok ? std::prev(oi) : oi;
      if (o_ok && (!b_ok || po->first >= pb->first)) {
        if (b_ok && pb->first == po->first)
          bi = pb; // shadowed by the overlay
        oi = po;
        if (po->second)
          return kv_entry{po->first, *po->second};
        continue; // a deletion
      }
      return kv_entry{pb->first, pb->second};
    }
  }

private:
  const bucket_map* base_;
  const overlay* ov_;
};

/// A cursor remembers its key rather than iterators, so writes through the
/// txn (which may erase or insert overlay nodes) never invalidate it.
class memory_cursor final : public kv_cursor {
public:
  explicit memory_cursor(merged_view view) : view_(view) {
    // nop
  }

  std::optional<kv_entry> seek(std::string_view key) override { return land(view_.lower(key, false)); }
  std::optional<kv_entry> first() override { return land(view_.lower({}, false)); }
  std::optional<kv_entry> last() override { return land(view_.upper(std::nullopt, false)); }

  std::optional<kv_entry> next() override {
    if (!valid_)
      return std::nullopt;
    return land(view_.lower(current_, true));
  }

  std::optional<kv_entry> prev() override {
    if (!valid_)
      return std::nullopt;
    return land(view_.upper(std::string_view{current_}, true));
  }

private:
  std::optional<kv_entry> land(std::optional<kv_entry> e) {
    valid_ = e.has_value();
    if (valid_)
      current_.assign(e->key.data(), e->key.size());
    return e;
  }

  merged_view view_;
  std::string current_;
  bool valid_ = false;
};

backend_error misuse(const std::string& what) {
  return backend_error(backend_error_kind::other, "memory backend: " + what);
}

class memory_read_txn final : public kv_txn {
public:
  explicit memory_read_txn(std::vector<std::shared_ptr<bucket_map>> snapshot)
    : snapshot_(std::move(snapshot)) {
    // nop
  }

  bool writable() const noexcept override { return false; }

  std::optional<std::string_view> get(bucket_id b, std::string_view key) override {
    return view(b).get(key);
  }

  void put(bucket_id, std::string_view, std::string_view) override { throw misuse("put in a read txn"); }
  bool del(bucket_id, std::string_view) override { throw misuse("del in a read txn"); }
  void clear(bucket_id) override { throw misuse("clear in a read txn"); }

  std::unique_ptr<kv_cursor> cursor(bucket_id b) override {
    return std::make_unique<memory_cursor>(view(b));
  }

  void commit() override { snapshot_.clear(); }
  void abort() noexcept override { snapshot_.clear(); }

private:
  merged_view view(bucket_id b) const {
    return merged_view{b < snapshot_.size() ? snapshot_[b].get() : nullptr, nullptr};
  }

  std::vector<std::shared_ptr<bucket_map>> snapshot_;
};

} // namespace

/// The single write txn (a friend of memory_backend: commit edits its maps).
class memory_write_txn final : public kv_txn {
public:
  explicit memory_write_txn(memory_backend& owner)
    : owner_(&owner), overlays_(owner.buckets_.size()) {
    owner_->writing_ = true;
  }

  ~memory_write_txn() override { abort(); }

  bool writable() const noexcept override { return true; }

  std::optional<std::string_view> get(bucket_id b, std::string_view key) override {
    return view(b).get(key);
  }

  void put(bucket_id b, std::string_view key, std::string_view value) override {
    live("put");
    if (key.empty() || key.size() > owner_->options_.max_key_bytes)
      throw misuse("key of " + std::to_string(key.size()) + " bytes (must be 1.."
                   + std::to_string(owner_->options_.max_key_bytes) + ")");
    auto added = key.size() + value.size();
    if (owner_->committed_bytes_ + pending_bytes_ + added > owner_->options_.capacity_bytes)
      throw backend_error(backend_error_kind::map_full,
                          "memory backend: capacity of " + std::to_string(owner_->options_.capacity_bytes)
                            + " bytes reached");
    pending_bytes_ += added;
    auto& writes = at(b).writes;
    if (auto i = writes.find(key); i != writes.end())
      i->second.emplace(value);
    else
      writes.emplace(std::string{key}, std::string{value});
  }

  bool del(bucket_id b, std::string_view key) override {
    live("del");
    if (!view(b).get(key))
      return false;
    auto& writes = at(b).writes;
    if (auto i = writes.find(key); i != writes.end())
      i->second.reset();
    else
      writes.emplace(std::string{key}, std::nullopt);
    return true;
  }

  void clear(bucket_id b) override {
    live("clear");
    auto& ov = at(b);
    ov.writes.clear();
    ov.cleared = true;
  }

  std::unique_ptr<kv_cursor> cursor(bucket_id b) override {
    live("cursor");
    return std::make_unique<memory_cursor>(view(b));
  }

  void commit() override {
    live("commit");
    auto fault = std::exchange(owner_->fail_next_, std::nullopt);
    if (fault) {
      abort();
      throw backend_error(*fault, std::string{"memory backend: injected fault at commit: "} + to_string(*fault));
    }
    for (std::size_t b = 0; b < overlays_.size(); ++b)
      apply(b, overlays_[b]);
    ++owner_->commits_;
    end();
  }

  void abort() noexcept override { end(); }

private:
  void live(const char* call) const {
    if (owner_ == nullptr)
      throw misuse(std::string{call} + " on an ended txn");
  }

  void end() noexcept {
    if (owner_ != nullptr)
      owner_->writing_ = false;
    owner_ = nullptr;
    overlays_.clear();
  }

  overlay& at(bucket_id b) {
    if (b >= overlays_.size())
      throw misuse("unknown bucket id " + std::to_string(b));
    return overlays_[b];
  }

  merged_view view(bucket_id b) const {
    if (owner_ == nullptr || b >= overlays_.size())
      return merged_view{nullptr, nullptr};
    return merged_view{owner_->buckets_[b].get(), &overlays_[b]};
  }

  /// Applies one bucket's overlay, copying the map first if a reader shares it.
  void apply(std::size_t b, overlay& ov) {
    if (!ov.cleared && ov.writes.empty())
      return;
    auto& bytes = owner_->committed_bytes_;
    auto& sp = owner_->buckets_[b];
    if (ov.cleared) {
      for (auto& [k, v] : *sp)
        bytes -= k.size() + v.size();
      if (sp.use_count() > 1)
        sp = std::make_shared<bucket_map>();
      else
        sp->clear();
    } else if (sp.use_count() > 1) {
      sp = std::make_shared<bucket_map>(*sp);
    }
    auto& m = *sp;
    for (auto& [key, value] : ov.writes) {
      auto i = m.find(key);
      if (i != m.end()) {
        bytes -= i->first.size() + i->second.size();
        if (!value) {
          m.erase(i);
          continue;
        }
        i->second = std::move(*value);
        bytes += i->first.size() + i->second.size();
      } else if (value) {
        bytes += key.size() + value->size();
        m.emplace(key, std::move(*value));
      }
    }
  }

  memory_backend* owner_;
  std::vector<overlay> overlays_;
  std::size_t pending_bytes_ = 0;
};

memory_backend::memory_backend(const memory_backend_options& options) : options_(options) {
  // nop
}

memory_backend::~memory_backend() = default;

bucket_id memory_backend::open_bucket(std::string_view name) {
  if (auto i = std::find(names_.begin(), names_.end(), name); i != names_.end())
    return static_cast<bucket_id>(i - names_.begin());
  if (name.empty())
    throw misuse("bucket name is empty");
  if (writing_)
    throw misuse("open_bucket while a write txn is open");
  names_.emplace_back(name);
  buckets_.push_back(std::make_shared<bucket_map>());
  return static_cast<bucket_id>(names_.size() - 1);
}

std::unique_ptr<kv_txn> memory_backend::begin_read() {
  return std::make_unique<memory_read_txn>(buckets_);
}

std::unique_ptr<kv_txn> memory_backend::begin_write() {
  if (writing_)
    throw misuse("a write txn is already open (one at a time)");
  return std::make_unique<memory_write_txn>(*this);
}

void memory_backend::grow() {
  if (writing_)
    throw misuse("grow while a write txn is open");
  if (options_.capacity_bytes > std::numeric_limits<std::size_t>::max() / 2)
    options_.capacity_bytes = std::numeric_limits<std::size_t>::max();
  else
    options_.capacity_bytes *= 2;
}

void memory_backend::fail_next_commit(backend_error_kind kind) {
  fail_next_ = kind;
}

} // namespace convoy::backend
