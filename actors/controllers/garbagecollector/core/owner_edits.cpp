#include "actors/controllers/garbagecollector/core/owner_edits.hpp"

#include <algorithm>

namespace convoy::controllers::gc {

owner_references without_owners(const owner_references& refs,
                                 const std::vector<std::string>& owner_uids) {
  owner_references out;
  for (const auto& ref : refs)
    if (std::find(owner_uids.begin(), owner_uids.end(), ref.uid()) == owner_uids.end())
      *out.Add() = ref;
  return out;
}

owner_references unblocked(const owner_references& refs) {
  owner_references out = refs;
  for (auto& ref : out)
    if (ref.block_owner_deletion())
      ref.set_block_owner_deletion(false);
  return out;
}

finalizer_list without_finalizer(const finalizer_list& finalizers, const std::string& name) {
  finalizer_list out;
  for (const auto& f : finalizers)
    if (f != name)
      *out.Add() = f;
  return out;
}

} // namespace convoy::controllers::gc
