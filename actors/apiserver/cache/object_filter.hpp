#pragma once

#include "actors/apiserver/cache/watch_event.hpp"
#include "actors/apiserver/selectors/field_selector.hpp"
#include "actors/apiserver/selectors/label_selector.hpp"

namespace convoy::apiserver {

/// Whether a cached object passes a request's label and field selectors
/// (the scope, i.e. the namespace, is checked on the key by the caller).
/// Labels first: they need no indirect call and reject most objects.
inline bool selects(const label_selector& labels, const field_selector& fields,
                    const cached_object& object) {
  if (!labels.empty() && !labels.matches(object.meta->labels()))
    return false;
  return fields.empty() || fields.matches(*object.message);
}

} // namespace convoy::apiserver
