#pragma once

// A deliberately naive model of etcd v3 semantics for the randomized MVCC
// test: a full copy of the key space per revision, events per revision, a
// lease table. Slow and obviously right; the real key space must answer
// every request exactly like it.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/store.pb.h"

namespace store_model {

namespace pb = convoy::store;

/// A response or etcd's error text.
template <class T>
struct outcome {
  std::optional<T> value;
  std::string error;
};

class model {
public:
  using state = std::map<std::string, pb::KeyValue>;

  model() : states_(2), events_(2) {} // revision 1 = empty store

  int64_t revision() const { return static_cast<int64_t>(states_.size()) - 1; }
  int64_t compact_revision() const { return compact_; }

  // -- reads ------------------------------------------------------------------------

  outcome<pb::RangeResponse> range(const pb::RangeRequest& r) const {
    if (r.key().empty())
      return fail<pb::RangeResponse>("etcdserver: key is not provided");
    int64_t rev = r.revision() <= 0 ? revision() : r.revision();
    if (rev > revision())
      return fail<pb::RangeResponse>("etcdserver: mvcc: required revision is a future revision");
    if (rev < compact_)
      return fail<pb::RangeResponse>("etcdserver: mvcc: required revision has been compacted");
    return ok(range_in(states_[rev], r, revision()));
  }

  /// events_since: whole revisions, stop at the first boundary after limit.
  outcome<std::pair<std::vector<pb::Event>, int64_t>> events(int64_t start, const std::string& key,
                                                            const std::string& end, std::size_t limit,
                                                            bool prev_kv) const {
    using result = std::pair<std::vector<pb::Event>, int64_t>;
    if (start <= compact_)
      return fail<result>("etcdserver: mvcc: required revision has been compacted");
    result out{{}, revision() + 1};
    for (int64_t rev = start; rev <= revision(); ++rev) {
      if (limit > 0 && out.first.size() >= limit && !events_[rev].empty()) {
        out.second = rev;
        break;
      }
      for (auto e : events_[rev]) {
        if (!in_range(e.kv().key(), key, end))
          continue;
        if (!prev_kv)
          e.clear_prev_kv();
        out.first.push_back(e);
      }
    }
    return ok(out);
  }

  // -- writes -----------------------------------------------------------------------

  outcome<pb::PutResponse> put(const pb::PutRequest& r, std::vector<pb::Event>& evs) {
    if (auto err = check_put(r); !err.empty())
      return fail<pb::PutResponse>(err);
    begin();
    auto resp = do_put(r);
    commit(evs);
    return ok(resp);
  }

  outcome<pb::DeleteRangeResponse> del(const pb::DeleteRangeRequest& r, std::vector<pb::Event>& evs) {
    if (r.key().empty())
      return fail<pb::DeleteRangeResponse>("etcdserver: key is not provided");
    begin();
    auto resp = do_delete(r);
    commit(evs);
    return ok(resp);
  }

  /// Flat txns only (the generator makes no nested txns nor duplicate keys).
  outcome<pb::TxnResponse> txn(const pb::TxnRequest& r, std::vector<pb::Event>& evs) {
    bool ok_branch = true;
    for (const auto& c : r.compare())
      ok_branch = ok_branch && compare(c);
    const auto& ops = ok_branch ? r.success() : r.failure();
    for (const auto& o : ops)
      if (o.has_request_put())
        if (auto err = check_put(o.request_put()); !err.empty())
          return fail<pb::TxnResponse>(err);
    for (const auto& o : ops) {
      if (!o.has_request_range() || o.request_range().revision() == 0)
        continue;
      if (o.request_range().revision() > revision())
        return fail<pb::TxnResponse>("etcdserver: mvcc: required revision is a future revision");
      if (o.request_range().revision() < compact_)
        return fail<pb::TxnResponse>("etcdserver: mvcc: required revision has been compacted");
    }
    begin();
    pb::TxnResponse resp;
    resp.set_succeeded(ok_branch);
    for (const auto& o : ops) {
      auto* out = resp.add_responses();
      if (o.has_request_put()) {
        *out->mutable_response_put() = do_put(o.request_put());
      } else if (o.has_request_delete_range()) {
        *out->mutable_response_delete_range() = do_delete(o.request_delete_range());
      } else {
        const auto& rr = o.request_range();
        int64_t read_rev = changed() ? revision() + 1 : revision();
        const state& s = rr.revision() == 0 ? work_ : states_[rr.revision()];
        *out->mutable_response_range() = range_in(s, rr, read_rev);
      }
    }
    resp.mutable_header()->set_revision(changed() ? revision() + 1 : revision());
    commit(evs);
    return ok(resp);
  }

  outcome<pb::CompactionResponse> compact(int64_t rev) {
    if (rev <= compact_)
      return fail<pb::CompactionResponse>("etcdserver: mvcc: required revision has been compacted");
    if (rev > revision())
      return fail<pb::CompactionResponse>("etcdserver: mvcc: required revision is a future revision");
    compact_ = rev;
    pb::CompactionResponse resp;
    resp.mutable_header()->set_revision(revision());
    return ok(resp);
  }

  outcome<pb::LeaseGrantResponse> grant(int64_t id, int64_t ttl) {
    if (id == 0) {
      while (leases_.count(next_lease_) > 0)
        ++next_lease_;
      id = next_lease_++;
    } else if (leases_.count(id) > 0) {
      return fail<pb::LeaseGrantResponse>("etcdserver: lease already exists");
    }
    leases_[id];
    pb::LeaseGrantResponse resp;
    resp.mutable_header()->set_revision(revision());
    resp.set_id(id);
    resp.set_ttl(ttl);
    return ok(resp);
  }

  outcome<pb::LeaseRevokeResponse> revoke(int64_t id, std::vector<pb::Event>& evs) {
    auto it = leases_.find(id);
    if (it == leases_.end())
      return fail<pb::LeaseRevokeResponse>("etcdserver: requested lease not found");
    auto keys = it->second; // sorted
    begin();
    for (const auto& k : keys)
      remove(k);
    leases_.erase(id);
    pb::LeaseRevokeResponse resp;
    resp.mutable_header()->set_revision(changed() ? revision() + 1 : revision());
    commit(evs);
    return ok(resp);
  }

  std::vector<int64_t> lease_ids() const {
    std::vector<int64_t> ids;
    for (auto& [id, keys] : leases_)
      ids.push_back(id);
    return ids;
  }

  std::set<std::string> lease_keys(int64_t id) const { return leases_.at(id); }

private:
  template <class T>
  static outcome<T> ok(T v) {
    return {std::move(v), {}};
  }

  template <class T>
  static outcome<T> fail(std::string e) {
    return {std::nullopt, std::move(e)};
  }

  static bool in_range(const std::string& k, const std::string& key, const std::string& end) {
    if (end.empty())
      return k == key;
    if (end == std::string(1, '\0'))
      return k >= key;
    return k >= key && k < end;
  }

  static pb::RangeResponse range_in(const state& s, const pb::RangeRequest& r, int64_t header_rev) {
    pb::RangeResponse resp;
    resp.mutable_header()->set_revision(header_rev);
    int64_t count = 0;
    for (const auto& [k, kv] : s) {
      if (!in_range(k, r.key(), r.range_end()))
        continue;
      ++count;
      if (r.count_only())
        continue;
      if (r.limit() > 0 && resp.kvs_size() >= r.limit()) {
        resp.set_more(true);
        continue;
      }
      auto* out = resp.add_kvs();
      *out = kv;
      if (r.keys_only())
        out->clear_value();
    }
    resp.set_count(count);
    return resp;
  }

  bool compare(const pb::Compare& c) const {
    std::vector<const pb::KeyValue*> kvs;
    for (const auto& [k, kv] : states_.back())
      if (in_range(k, c.key(), c.range_end()))
        kvs.push_back(&kv);
    if (kvs.empty()) {
      if (c.target() == pb::Compare::VALUE)
        return false;
      pb::KeyValue none;
      return compare_one(c, none);
    }
    for (auto* kv : kvs)
      if (!compare_one(c, *kv))
        return false;
    return true;
  }

  static bool compare_one(const pb::Compare& c, const pb::KeyValue& kv) {
    int r = 0;
    auto cmp = [](auto a, auto b) { return a < b ? -1 : (b < a ? 1 : 0); };
    switch (c.target()) {
      case pb::Compare::VALUE:
        r = cmp(kv.value(), c.value());
        break;
      case pb::Compare::VERSION:
        r = cmp(kv.version(), c.version());
        break;
      case pb::Compare::CREATE:
        r = cmp(kv.create_revision(), c.create_revision());
        break;
      case pb::Compare::MOD:
        r = cmp(kv.mod_revision(), c.mod_revision());
        break;
      default:
        r = cmp(kv.lease(), c.lease());
        break;
    }
    switch (c.result()) {
      case pb::Compare::EQUAL:
        return r == 0;
      case pb::Compare::NOT_EQUAL:
        return r != 0;
      case pb::Compare::GREATER:
        return r > 0;
      default:
        return r < 0;
    }
  }

  std::string check_put(const pb::PutRequest& r) const {
    if (r.key().empty())
      return "etcdserver: key is not provided";
    if (r.ignore_value() && !r.value().empty())
      return "etcdserver: value is provided";
    if (r.ignore_lease() && r.lease() != 0)
      return "etcdserver: lease is provided";
    if ((r.ignore_value() || r.ignore_lease()) && states_.back().count(r.key()) == 0)
      return "etcdserver: key not found";
    if (r.lease() != 0 && leases_.count(r.lease()) == 0)
      return "etcdserver: requested lease not found";
    return {};
  }

  void begin() {
    work_ = states_.back();
    pending_.clear();
  }

  bool changed() const { return !pending_.empty(); }

  pb::PutResponse do_put(const pb::PutRequest& r) {
    int64_t rev = revision() + 1;
    pb::Event ev;
    ev.set_type(pb::Event::PUT);
    auto it = work_.find(r.key());
    pb::PutResponse resp;
    pb::KeyValue kv;
    kv.set_key(r.key());
    kv.set_value(r.value());
    kv.set_lease(r.lease());
    kv.set_create_revision(rev);
    kv.set_version(1);
    if (it != work_.end()) {
      const auto& prev = it->second;
      *ev.mutable_prev_kv() = prev;
      if (r.prev_kv())
        *resp.mutable_prev_kv() = prev;
      if (r.ignore_value())
        kv.set_value(prev.value());
      if (r.ignore_lease())
        kv.set_lease(prev.lease());
      kv.set_create_revision(prev.create_revision());
      kv.set_version(prev.version() + 1);
      if (prev.lease() != 0 && leases_.count(prev.lease()) > 0)
        leases_[prev.lease()].erase(r.key());
    }
    kv.set_mod_revision(rev);
    if (kv.lease() != 0)
      leases_[kv.lease()].insert(r.key());
    *ev.mutable_kv() = kv;
    work_[r.key()] = kv;
    pending_.push_back(ev);
    resp.mutable_header()->set_revision(rev);
    return resp;
  }

  void remove(const std::string& key) {
    auto it = work_.find(key);
    pb::Event ev;
    ev.set_type(pb::Event::DELETE);
    ev.mutable_kv()->set_key(key);
    ev.mutable_kv()->set_mod_revision(revision() + 1);
    *ev.mutable_prev_kv() = it->second;
    if (it->second.lease() != 0 && leases_.count(it->second.lease()) > 0)
      leases_[it->second.lease()].erase(key);
    work_.erase(it);
    pending_.push_back(ev);
  }

  pb::DeleteRangeResponse do_delete(const pb::DeleteRangeRequest& r) {
    pb::DeleteRangeResponse resp;
    std::vector<std::string> doomed;
    for (const auto& [k, kv] : work_) {
      if (!in_range(k, r.key(), r.range_end()))
        continue;
      doomed.push_back(k);
      if (r.prev_kv())
        *resp.add_prev_kvs() = kv;
    }
    for (const auto& k : doomed)
      remove(k);
    resp.set_deleted(static_cast<int64_t>(doomed.size()));
    resp.mutable_header()->set_revision(changed() ? revision() + 1 : revision());
    return resp;
  }

  void commit(std::vector<pb::Event>& evs) {
    evs = pending_;
    if (!changed())
      return;
    states_.push_back(std::move(work_));
    events_.push_back(pending_);
  }

  std::vector<state> states_;                 // index = revision
  std::vector<std::vector<pb::Event>> events_; // index = revision
  int64_t compact_ = 0;
  std::map<int64_t, std::set<std::string>> leases_;
  int64_t next_lease_ = 1;
  state work_;
  std::vector<pb::Event> pending_;
};

} // namespace store_model
