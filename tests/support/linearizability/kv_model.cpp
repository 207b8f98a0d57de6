#include "linearizability/kv_model.hpp"

#include <algorithm>
#include <functional>

namespace convoy::checkers {

namespace {

auto find(const kv_state& s, const std::string& key) {
  return std::lower_bound(s.entries.begin(), s.entries.end(), key,
                          [](const kv_entry& e, const std::string& k) { return e.key < k; });
}

bool present(const kv_state& s, std::vector<kv_entry>::const_iterator it, const std::string& key) {
  return it != s.entries.end() && it->key == key;
}

size_t mix(size_t seed, size_t value) {
  return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

} // namespace

kv_model::kv_model(kv_model_options options) : options_(options) {
}

kv_state kv_model::init() const {
  kv_state s;
  s.revision = options_.initial_revision;
  return s;
}

bool kv_model::revision_matches(const output* out, int64_t expected) const {
  return !options_.check_revisions || out == nullptr || out->revision == 0
         || out->revision == expected;
}

std::optional<kv_state> kv_model::step(const state& s, const input& in, const output* out) const {
  switch (in.op) {
    case kv_op::get:
      return get(s, in, out);
    case kv_op::put:
      return write(s, in, out);
    case kv_op::erase:
      return erase(s, in, out);
    case kv_op::compare_and_put:
    case kv_op::compare_and_erase:
      return compare(s, in, out);
  }
  return std::nullopt;
}

std::optional<kv_state> kv_model::get(const state& s, const input& in, const output* out) const {
  if (out == nullptr)
    return s;
  auto it = find(s, in.key);
  bool found = present(s, it, in.key);
  if (out->ok != found || (found && out->value != it->value))
    return std::nullopt;
  if (options_.check_revisions && found && out->mod_revision != 0
      && out->mod_revision != it->mod_revision)
    return std::nullopt;
  if (!revision_matches(out, s.revision))
    return std::nullopt;
  return s;
}

std::optional<kv_state> kv_model::write(const state& s, const input& in, const output* out) const {
  if (!revision_matches(out, s.revision + 1))
    return std::nullopt;
  auto at = find(s, in.key);
  bool found = present(s, at, in.key);
  kv_state next = s;
  next.revision = s.revision + 1;
  auto it = next.entries.begin() + (at - s.entries.begin());
  if (found) {
    it->value = in.value;
    it->mod_revision = next.revision;
  } else {
    next.entries.insert(it, kv_entry{in.key, in.value, next.revision});
  }
  return next;
}

std::optional<kv_state> kv_model::erase(const state& s, const input& in, const output* out) const {
  auto it = find(s, in.key);
  bool found = present(s, it, in.key);
  if (out != nullptr && out->ok != found)
    return std::nullopt;
  if (!found)
    return revision_matches(out, s.revision) ? std::optional<kv_state>{s} : std::nullopt;
  if (!revision_matches(out, s.revision + 1))
    return std::nullopt;
  kv_state next = s;
  next.revision = s.revision + 1;
  next.entries.erase(next.entries.begin() + (it - s.entries.begin()));
  return next;
}

std::optional<kv_state> kv_model::compare(const state& s, const input& in,
                                          const output* out) const {
  auto it = find(s, in.key);
  int64_t mod = present(s, it, in.key) ? it->mod_revision : 0;
  bool matches = in.expected_mod_revision == mod;
  if (out != nullptr && out->ok != matches)
    return std::nullopt;
  if (!matches)
    return revision_matches(out, s.revision) ? std::optional<kv_state>{s} : std::nullopt;
  if (in.op == kv_op::compare_and_put)
    return write(s, in, out);
  // Deleting a missing key changes nothing, so etcd does not bump the revision.
  if (mod == 0)
    return revision_matches(out, s.revision) ? std::optional<kv_state>{s} : std::nullopt;
  kv_output erased = out != nullptr ? *out : kv_output{};
  erased.ok = true;
  return erase(s, in, out != nullptr ? &erased : nullptr);
}

size_t kv_model::hash(const state& s) const {
  std::hash<std::string> text;
  size_t h = std::hash<int64_t>{}(s.revision);
  for (const auto& e : s.entries) {
    h = mix(h, text(e.key));
    h = mix(h, text(e.value));
    h = mix(h, std::hash<int64_t>{}(e.mod_revision));
  }
  return h;
}

std::string kv_model::describe_state(const state& s) const {
  constexpr size_t max_shown = 20;
  std::string text = "revision " + std::to_string(s.revision) + " {";
  for (size_t i = 0; i < s.entries.size() && i < max_shown; ++i) {
    const auto& e = s.entries[i];
    text += (i == 0 ? "" : ", ") + std::string{"\""} + e.key + "\"=\"" + e.value + "\" mod "
            + std::to_string(e.mod_revision);
  }
  if (s.entries.size() > max_shown)
    text += ", ... " + std::to_string(s.entries.size() - max_shown) + " more keys";
  return text + "}";
}

} // namespace convoy::checkers
