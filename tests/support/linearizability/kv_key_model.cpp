#include "linearizability/kv_key_model.hpp"

#include <algorithm>
#include <functional>

namespace convoy::checkers {

kv_key_model::kv_key_model(kv_model_options options) : options_(options) {
}

kv_key_state kv_key_model::init() const {
  kv_key_state s;
  s.floor = options_.initial_revision;
  return s;
}

std::optional<kv_key_state> kv_key_model::step(const state& s, const input& in,
                                               const output* out) const {
  switch (in.op) {
    case kv_op::get:
      return get(s, out);
    case kv_op::put:
      return write(s, in, out);
    case kv_op::erase:
      return erase(s, out);
    case kv_op::compare_and_put:
    case kv_op::compare_and_erase:
      return compare(s, in, out);
  }
  return std::nullopt;
}

std::optional<kv_key_state> kv_key_model::unchanged(const state& s, const output* out) const {
  // An operation that wrote nothing reports the store revision as it is.
  auto header = out != nullptr ? reported(out->revision) : 0;
  if (header == 0)
    return s;
  if (header < s.floor)
    return std::nullopt;
  kv_key_state next = s;
  next.floor = header;
  return next;
}

std::optional<kv_key_state> kv_key_model::get(const state& s, const output* out) const {
  if (out == nullptr)
    return s;
  if (out->ok != s.present || (s.present && out->value != s.value))
    return std::nullopt;
  auto mod = reported(out->mod_revision);
  if (!s.present || mod == 0)
    return unchanged(s, out);
  if (s.mod_revision != 0 && mod != s.mod_revision)
    return std::nullopt;
  // A read may reveal the revision of a write that did not report it.
  kv_key_state next = s;
  next.mod_revision = mod;
  next.floor = std::max(next.floor, mod);
  return unchanged(next, out);
}

std::optional<kv_key_state> kv_key_model::write(const state& s, const input& in,
                                                const output* out) const {
  auto revision = out != nullptr ? reported(out->revision) : 0;
  if (revision != 0 && revision <= s.floor)
    return std::nullopt;
  kv_key_state next;
  next.present = true;
  next.value = in.value;
  next.mod_revision = revision;
  next.floor = revision != 0 ? revision : s.floor; // see kv_key_state::floor
  return next;
}

std::optional<kv_key_state> kv_key_model::erase(const state& s, const output* out) const {
  if (out != nullptr && out->ok != s.present)
    return std::nullopt;
  if (!s.present)
    return unchanged(s, out);
  auto revision = out != nullptr ? reported(out->revision) : 0;
  if (revision != 0 && revision <= s.floor)
    return std::nullopt;
  kv_key_state next;
  next.floor = revision != 0 ? revision : s.floor;
  return next;
}

std::optional<kv_key_state> kv_key_model::compare(const state& s, const input& in,
                                                  const output* out) const {
  // A missing key's mod_revision is 0; a present key's may be unknown, and
  // then only "expected 0" is known to fail.
  bool known = !s.present || s.mod_revision != 0;
  int64_t mod = s.present ? s.mod_revision : 0;
  bool can_match = known ? in.expected_mod_revision == mod : in.expected_mod_revision != 0;
  bool must_match = known && in.expected_mod_revision == mod;
  // Without a return, assume success when possible: failure changes nothing,
  // which the search covers by leaving the operation out.
  bool succeeded = out != nullptr ? out->ok : can_match;
  if (succeeded ? !can_match : must_match)
    return std::nullopt;
  if (!succeeded)
    return unchanged(s, out);
  if (in.op == kv_op::compare_and_put)
    return write(s, in, out);
  if (!s.present) // deleting a missing key changes nothing: no new revision
    return unchanged(s, out);
  return erase(s, out);
}

size_t kv_key_model::hash(const state& s) const {
  size_t h = std::hash<std::string>{}(s.value);
  h ^= std::hash<int64_t>{}(s.mod_revision) * 0x9e3779b97f4a7c15ULL;
  h ^= std::hash<int64_t>{}(s.floor) * 0xbf58476d1ce4e5b9ULL;
  return h ^ static_cast<size_t>(s.present);
}

std::string kv_key_model::describe_state(const state& s) const {
  std::string text =
    s.present ? "\"" + s.value + "\" mod "
                  + (s.mod_revision != 0 ? std::to_string(s.mod_revision) : std::string{"?"})
              : std::string{"absent"};
  return text + " (store revision >= " + std::to_string(s.floor) + ")";
}

} // namespace convoy::checkers
