#pragma once

// Small builders for the garbage collector tests: object refs, owner
// references and owner lookups over a set of live uids.

#include <set>
#include <string>
#include <vector>

#include "actors/controllers/garbagecollector/core/garbage_collector.hpp"
#include "actors/controllers/garbagecollector/core/owner_edits.hpp"

namespace convoy::controllers::gc::test {

inline object_ref obj(const std::string& kind, const std::string& name, const std::string& uid) {
  return object_ref{kind == "Pod" ? "v1" : "apps/v1", kind, "default", name, uid};
}

inline api::OwnerReference owned_by(const object_ref& owner, bool block = true) {
  api::OwnerReference r;
  r.set_api_version(owner.api_version);
  r.set_kind(owner.kind);
  r.set_name(owner.name);
  r.set_uid(owner.uid);
  r.set_controller(true);
  r.set_block_owner_deletion(block);
  return r;
}

/// The shell's answer from synced caches holding exactly `live` uids;
/// kinds in `unwatched` are unknown.
inline owner_lookup caches(std::set<std::string> live, std::set<std::string> unwatched = {}) {
  return [live, unwatched](const object_ref& owner) {
    if (unwatched.count(owner.kind))
      return owner_presence::unknown;
    return live.count(owner.uid) ? owner_presence::present : owner_presence::absent;
  };
}

using uids = std::vector<std::string>;
using finalizers = std::vector<std::string>;

/// Upserts an observed, not deleting object.
inline uids add(garbage_collector& gc, const object_ref& ref,
                std::vector<api::OwnerReference> owners = {}) {
  return gc.on_upsert(ref, owners, false, {});
}

} // namespace convoy::controllers::gc::test
