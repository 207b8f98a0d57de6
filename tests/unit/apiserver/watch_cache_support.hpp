#pragma once

// Builders shared by the watch cache tests: pods, store events, selectors,
// and compact renderings of events ("ADDED default/a@5") for comparison.

#include <boost/test/unit_test.hpp>

#include <map>
#include <string>
#include <vector>

#include "actors/apiserver/cache/watch_cache.hpp"
#include "api/pod.pb.h"
#include "messages/codec/resource_registry.hpp"

namespace convoy::apiserver::test {

inline const codec::resource_info& pods_resource() {
  return *codec::resource_registry::builtin().by_resource("pods");
}

inline std::string pod_key(const std::string& ns, const std::string& name) {
  return "/registry/pods/" + ns + "/" + name;
}

/// A pod ns/name on `node` in `phase` with `labels`.
inline api::Pod make_pod(const std::string& ns, const std::string& name,
                         const std::string& node = "",
                         const std::map<std::string, std::string>& labels = {},
                         const std::string& phase = "Pending") {
  api::Pod p;
  p.mutable_metadata()->set_name(name);
  p.mutable_metadata()->set_namespace_(ns);
  for (const auto& [k, v] : labels)
    (*p.mutable_metadata()->mutable_labels())[k] = v;
  p.mutable_spec()->set_node_name(node);
  p.mutable_status()->set_phase(phase);
  return p;
}

inline store::Event put_event(const api::Pod& p, int64_t revision) {
  store::Event e;
  e.set_type(store::Event::PUT);
  e.mutable_kv()->set_key(pod_key(p.metadata().namespace_(), p.metadata().name()));
  e.mutable_kv()->set_value(p.SerializeAsString());
  e.mutable_kv()->set_mod_revision(revision);
  return e;
}

inline store::Event raw_put(const std::string& key, const std::string& value, int64_t revision) {
  store::Event e;
  e.set_type(store::Event::PUT);
  e.mutable_kv()->set_key(key);
  e.mutable_kv()->set_value(value);
  e.mutable_kv()->set_mod_revision(revision);
  return e;
}

inline store::Event delete_event(const std::string& ns, const std::string& name,
                                 int64_t revision) {
  store::Event e;
  e.set_type(store::Event::DELETE);
  e.mutable_kv()->set_key(pod_key(ns, name));
  e.mutable_kv()->set_mod_revision(revision);
  return e;
}

inline stored_kv stored(const api::Pod& p, int64_t revision) {
  return {pod_key(p.metadata().namespace_(), p.metadata().name()), p.SerializeAsString(),
          revision};
}

inline label_selector labels(const std::string& text) {
  auto sel = label_selector::parse(text);
  BOOST_REQUIRE_MESSAGE(sel, "label selector '" << text << "': " << sel.error);
  return *sel.value;
}

inline field_selector fields(const std::string& text) {
  auto sel = field_selector::parse(text, "Pod");
  BOOST_REQUIRE_MESSAGE(sel, "field selector '" << text << "': " << sel.error);
  return *sel.value;
}

inline const api::Pod& as_pod(const std::shared_ptr<const google::protobuf::Message>& m) {
  BOOST_REQUIRE(m != nullptr);
  BOOST_REQUIRE(m->GetDescriptor() == api::Pod::descriptor());
  return static_cast<const api::Pod&>(*m);
}

/// "ns/name" of each listed object.
inline std::vector<std::string>
names(const std::vector<std::shared_ptr<const google::protobuf::Message>>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) {
    const auto& p = as_pod(item);
    out.push_back(p.metadata().namespace_() + "/" + p.metadata().name());
  }
  return out;
}

/// "ADDED ns/name@rv" (rv = the object's resourceVersion), "BOOKMARK @rv",
/// "ERROR <code> <reason>".
inline std::string describe(const watch_event& e) {
  std::string out{to_string(e.type)};
  if (e.type == watch_event_type::error) {
    const auto& s = static_cast<const api::Status&>(*e.object);
    return out + " " + std::to_string(s.code()) + " " + s.reason();
  }
  if (e.type == watch_event_type::bookmark)
    return out + " @" + static_cast<const api::Pod&>(*e.object).metadata().resource_version();
  const auto& p = as_pod(e.object);
  return out + " " + p.metadata().namespace_() + "/" + p.metadata().name() + "@" +
         p.metadata().resource_version();
}

inline std::vector<std::string> describe(const std::vector<watch_event>& events) {
  std::vector<std::string> out;
  for (const auto& e : events)
    out.push_back(describe(e));
  return out;
}

/// The events watch `id` got from one call (empty if none).
inline std::vector<std::string> events_for(const std::vector<watch_delivery>& deliveries,
                                           int64_t id) {
  for (const auto& d : deliveries)
    if (d.watch_id == id)
      return describe(d.events);
  return {};
}

using strings = std::vector<std::string>;

} // namespace convoy::apiserver::test
