// How the apiserver keeps API objects in the store: protobuf values under
// Kubernetes keys, resourceVersion = the key's mod revision, every write a
// compare-and-swap transaction. With --encryption-provider-config, Secret
// values are encrypted on the way in and decrypted on the way out here
// (Kubernetes' storage transformer); a Secret that does not decrypt fails a
// get (500 naming the key) and is left out of lists and watches with an
// error in the log, like a value that does not decode, so one bad value
// cannot make every Secret (join tokens included) unreadable.

#include "actors/apiserver/server/apiserver_state.hpp"

#include "actors/apiserver/server/api_object.hpp"
#include "messages/error.hpp"
#include "runtime/logging/log.hpp"

namespace convoy::apiserver {

namespace {

caf::timespan timeout(apiserver_ptr self) {
  return std::chrono::duration_cast<caf::timespan>(self->state.cfg.store_timeout);
}

/// Sends `req` to the store, timed out after cfg.store_timeout. Every read
/// and write of the apiserver goes this way, so the timeouts are checked in
/// batches (timed_requests) rather than by CAF's clock, twice per request.
template <class Request>
auto store_request(apiserver_ptr self, Request&& req) {
  return self->state.store_requests.request(self, self->state.cfg.store, timeout(self),
                                            std::forward<Request>(req));
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
  store_request(self, std::move(txn))
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

/// The store prefix of Secrets while encryption is on, else empty.
std::string_view encrypted_prefix(apiserver_ptr self) {
  if (!self->state.cfg.secrets_transformer)
    return {};
  const auto* secrets = self->state.registry->by_resource("secrets");
  return secrets ? std::string_view{secrets->store_prefix} : std::string_view{};
}

/// The Secrets transformer if encryption is on and `key` is a Secret's.
/// Values are encrypted here, on the way to and from the store, and nowhere
/// else: the watch caches, the join authenticator and every handler only
/// ever see plain values.
const value_transformer* transformer_for(apiserver_ptr self, std::string_view key) {
  auto own = encrypted_prefix(self);
  return !own.empty() && key.substr(0, own.size()) == own
           ? self->state.cfg.secrets_transformer.get()
           : nullptr;
}

/// Whether a range or watch over `prefix` may return encrypted Secrets.
bool may_hold_secrets(apiserver_ptr self, std::string_view prefix) {
  auto own = encrypted_prefix(self);
  return !own.empty()
         && (prefix.substr(0, own.size()) == own || own.substr(0, prefix.size()) == prefix);
}

/// Keeps the elements of `xs` for which `keep` (which may change them) is
/// true, in their order.
template <class T, class Keep>
void keep_if(google::protobuf::RepeatedPtrField<T>& xs, Keep keep) {
  int kept = 0;
  for (int i = 0; i < xs.size(); ++i)
    if (keep(*xs.Mutable(i)))
      xs.SwapElements(i, kept++);
  xs.DeleteSubrange(kept, xs.size() - kept);
}

/// What goes into the store under `key`: the serialized object, encrypted
/// if it is a Secret. Throws std::runtime_error if encryption fails.
std::string encode(apiserver_ptr self, const std::string& key,
                   const google::protobuf::Message& obj) {
  auto plain = obj.SerializeAsString();
  if (const auto* t = transformer_for(self, key))
    return t->encrypt(plain, key);
  return plain;
}

/// Sets `put`'s value to encode(...); false after answering `fail` with an
/// internal error if encryption failed (no randomness, OpenSSL error).
bool encode_into(apiserver_ptr self, const std::string& key, const google::protobuf::Message& obj,
                 store::PutRequest& put, const error_handler& fail) {
  try {
    put.set_value(encode(self, key, obj));
    return true;
  } catch (const std::exception& e) {
    fail(api_status::internal("encrypting " + key + ": " + e.what()));
    return false;
  }
}

/// Replaces `kv`'s value by its plain text; false (logged, naming the key
/// and never the value) if it does not decrypt.
bool decrypt_in_place(apiserver_ptr self, store::KeyValue& kv) {
  const auto* t = transformer_for(self, kv.key());
  if (t == nullptr)
    return true;
  auto plain = t->decrypt(kv.value(), kv.key());
  if (!plain) {
    self->state.log->error("{} (revision {}): left out", plain.error, kv.mod_revision());
    return false;
  }
  kv.set_value(std::move(*plain.value));
  return true;
}

/// The same response with its Secrets decrypted. A PUT that does not
/// decrypt is dropped (the object keeps its last readable version); a
/// previous value that does not decrypt is cleared.
store::WatchResponse decrypt_events(apiserver_ptr self, const store::WatchResponse& resp) {
  auto out = resp;
  keep_if(*out.mutable_events(), [self](store::Event& e) {
    if (e.has_prev_kv() && !decrypt_in_place(self, *e.mutable_prev_kv()))
      e.clear_prev_kv();
    return e.type() != store::Event::PUT || decrypt_in_place(self, *e.mutable_kv());
  });
  return out;
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
  store_request(self, req).then(
    [self, &r, then, fail, key](const store::RangeResponse& resp) {
      if (resp.kvs_size() == 0)
        return then(std::nullopt);
      const std::string* value = &resp.kvs(0).value();
      transform_result plain;
      if (const auto* t = transformer_for(self, key)) {
        plain = t->decrypt(*value, key);
        if (!plain)
          return fail(api_status::internal(plain.error));
        value = &*plain.value;
      }
      auto obj = decode(r, *value);
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
  if (!encode_into(self, key, obj, *put, fail))
    return;
  for (const auto& k : extra_keys) {
    auto* reserve = txn.add_success()->mutable_request_put();
    reserve->set_key(k);
    reserve->set_value(key);
  }
  txn.add_failure()->mutable_request_range()->set_key(key);
  store_request(self, txn).then(
    [then, exists](const store::TxnResponse& resp) {
      if (resp.succeeded())
        return then(resp.header().revision());
      bool key_taken =
        resp.responses_size() > 0 && resp.responses(0).response_range().kvs_size() > 0;
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
  if (!encode_into(self, key, obj, *put, fail))
    return;
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
  store_request(self, req).then(
    [self, then, secrets = may_hold_secrets(self, prefix)](const store::RangeResponse& resp) {
      if (!secrets)
        return then(resp);
      auto plain = resp;
      keep_if(*plain.mutable_kvs(),
              [self](store::KeyValue& kv) { return decrypt_in_place(self, kv); });
      then(plain);
    },
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
  if (may_hold_secrets(self, prefix))
    on_event = [self, on_event = std::move(on_event)](const store::WatchResponse& resp) {
      on_event(resp.events_size() == 0 ? resp : decrypt_events(self, resp));
    };
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
