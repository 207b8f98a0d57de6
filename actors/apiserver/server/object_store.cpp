// How the apiserver keeps API objects in the store: protobuf values under
// Kubernetes keys, resourceVersion = the key's mod revision, every write a
// compare-and-swap transaction.

#include "actors/apiserver/server/apiserver_state.hpp"

#include "actors/apiserver/server/api_object.hpp"
#include "messages/error.hpp"

namespace convoy::apiserver {

namespace {

caf::timespan timeout(apiserver_ptr self) {
  return std::chrono::duration_cast<caf::timespan>(self->state.cfg.store_timeout);
}


store::Compare key_absent(const std::string& key) {
  store::Compare c;
  c.set_key(key);
  c.set_target(store::Compare::CREATE);
  c.set_result(store::Compare::EQUAL);
  c.set_create_revision(0);
  return c;
}

store::Compare key_present(const std::string& key) {
  auto c = key_absent(key);
  c.set_result(store::Compare::GREATER);
  return c;
}

/// The key is still at revision `expected` (the resourceVersion read).
store::Compare mod_equals(const std::string& key, int64_t expected) {
  store::Compare c;
  c.set_key(key);
  c.set_target(store::Compare::MOD);
  c.set_result(store::Compare::EQUAL);
  c.set_mod_revision(expected);
  return c;
}

/// Runs a transaction whose compares guard its writes: `then(revision)`
/// if they held, `conflict()` if not.
void compare_and_swap(apiserver_ptr self, store::TxnRequest txn, revision_handler then,
                      std::function<void()> conflict, error_handler fail) {
  self->request(self->state.cfg.store, timeout(self), std::move(txn))
    .then(
      [then, conflict](const store::TxnResponse& resp) {
        if (resp.succeeded())
          then(resp.header().revision());
        else
          conflict();
      },
      [fail](const caf::error& err) { fail(api_status::from_error(err)); });
}

/// The end of the key range of everything under `prefix` (prefixes end in
/// '/', so the increment never overflows).
std::string prefix_end(std::string prefix) {
  prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

} // namespace

std::unique_ptr<google::protobuf::Message> decode(const codec::resource_info& r,
                                                  const std::string& value) {
  auto obj = r.make();
  if (!obj->ParseFromString(value))
    return nullptr;
  return obj;
}

void store_get(apiserver_ptr self, const codec::resource_info& r, const std::string& key,
               stored_handler then, error_handler fail, bool serializable) {
  store::RangeRequest req;
  req.set_key(key);
  req.set_serializable(serializable);
  self->request(self->state.cfg.store, timeout(self), req)
    .then(
      [self, &r, then, fail, key](const store::RangeResponse& resp) {
        if (resp.kvs_size() == 0)
          return then(std::nullopt);
        auto obj = decode(r, resp.kvs(0).value());
        if (!obj)
          return fail(api_status::internal("stored object " + key + " does not decode"));
        api_object::set_resource_version(*obj, resp.kvs(0).mod_revision());
        then(stored_object{std::move(obj), resp.kvs(0).mod_revision()});
      },
      [fail](const caf::error& err) { fail(api_status::from_error(err)); });
}

void store_create(apiserver_ptr self, const std::string& key,
                  const google::protobuf::Message& obj, std::vector<std::string> extra_keys,
                  revision_handler then, std::function<void(bool key_taken)> exists,
                  error_handler fail) {
  store::TxnRequest txn;
  *txn.add_compare() = key_absent(key);
  for (const auto& k : extra_keys)
    *txn.add_compare() = key_absent(k);
  auto* put = txn.add_success()->mutable_request_put();
  put->set_key(key);
  put->set_value(obj.SerializeAsString());
  for (const auto& k : extra_keys) {
    auto* reserve = txn.add_success()->mutable_request_put();
    reserve->set_key(k);
    reserve->set_value(key);
  }
  txn.add_failure()->mutable_request_range()->set_key(key);
  self->request(self->state.cfg.store, timeout(self), txn)
    .then(
      [then, exists](const store::TxnResponse& resp) {
        if (resp.succeeded())
          return then(resp.header().revision());
        bool key_taken = resp.responses_size() > 0
                         && resp.responses(0).response_range().kvs_size() > 0;
        exists(key_taken);
      },
      [fail](const caf::error& err) { fail(api_status::from_error(err)); });
}

void store_update(apiserver_ptr self, const std::string& key,
                  const google::protobuf::Message& obj, int64_t expected, revision_handler then,
                  std::function<void()> conflict, error_handler fail,
                  const std::string& required_key) {
  store::TxnRequest txn;
  *txn.add_compare() = mod_equals(key, expected);
  if (!required_key.empty())
    *txn.add_compare() = key_present(required_key);
  auto* put = txn.add_success()->mutable_request_put();
  put->set_key(key);
  put->set_value(obj.SerializeAsString());
  compare_and_swap(self, std::move(txn), std::move(then), std::move(conflict), std::move(fail));
}

void store_delete(apiserver_ptr self, const std::string& key, int64_t expected,
                  std::vector<std::string> extra_keys, revision_handler then,
                  std::function<void()> conflict, error_handler fail) {
  store::TxnRequest txn;
  *txn.add_compare() = mod_equals(key, expected);
  txn.add_success()->mutable_request_delete_range()->set_key(key);
  for (const auto& k : extra_keys)
    txn.add_success()->mutable_request_delete_range()->set_key(k);
  compare_and_swap(self, std::move(txn), std::move(then), std::move(conflict), std::move(fail));
}

void store_range(apiserver_ptr self, const std::string& prefix,
                 std::function<void(const store::RangeResponse&)> then, error_handler fail) {
  store::RangeRequest req;
  req.set_key(prefix);
  req.set_range_end(prefix_end(prefix));
  self->request(self->state.cfg.store, timeout(self), req)
    .then([then](const store::RangeResponse& resp) { then(resp); },
          [fail](const caf::error& err) { fail(api_status::from_error(err)); });
}

void store_list(apiserver_ptr self, const codec::resource_info& r, const std::string& prefix,
                std::function<void(std::vector<stored_object>, int64_t revision)> then,
                error_handler fail) {
  store_range(
    self, prefix,
      [&r, then](const store::RangeResponse& resp) {
        std::vector<stored_object> out;
        out.reserve(static_cast<size_t>(resp.kvs_size()));
        for (const auto& kv : resp.kvs()) {
          auto obj = decode(r, kv.value());
          if (!obj)
            continue; // counted and logged by the cache; a list never fails on one
          api_object::set_resource_version(*obj, kv.mod_revision());
          out.push_back(stored_object{std::move(obj), kv.mod_revision()});
        }
        then(std::move(out), resp.header().revision());
      },
    std::move(fail));
}

int64_t store_watch(apiserver_ptr self, const std::string& prefix, int64_t start_revision,
                    std::function<void(const store::WatchResponse&)> on_event) {
  auto id = self->state.next_store_watch++;
  store::WatchCreateRequest req;
  req.set_key(prefix);
  req.set_range_end(prefix_end(prefix));
  req.set_start_revision(start_revision);
  req.set_watch_id(id);
  req.set_prev_kv(true);
  req.set_progress_notify(true);
  self->state.store_watches[id] = std::move(on_event);
  self->request(self->state.cfg.store, caf::infinite, req, caf::actor_cast<caf::actor>(self))
    .then(
      [self, id](const store::WatchResponse& created) {
        // The created answer may already say "canceled" (compacted).
        if (created.canceled()) {
          auto last = created;
          last.set_watch_id(id);
          on_store_watch_response(self, last);
        }
      },
      [self, id](const caf::error& err) {
        store::WatchResponse failed;
        failed.set_watch_id(id);
        failed.set_canceled(true);
        failed.set_cancel_reason(describe(err));
        on_store_watch_response(self, failed);
      });
  return id;
}

void on_store_watch_response(apiserver_ptr self, const store::WatchResponse& resp) {
  auto& watches = self->state.store_watches;
  auto i = watches.find(resp.watch_id());
  if (i == watches.end())
    return;
  if (!resp.canceled())
    return i->second(resp);
  // The last response of this watch: its handler may start another.
  auto last = std::move(i->second);
  watches.erase(i);
  last(resp);
}

void cancel_store_watch(apiserver_ptr self, int64_t id) {
  if (!self->state.store_watches.erase(id))
    return;
  store::WatchCancelRequest cancel;
  cancel.set_watch_id(id);
  self->send(self->state.cfg.store, cancel, caf::actor_cast<caf::actor>(self));
}

} // namespace convoy::apiserver
