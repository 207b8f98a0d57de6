#include "linearizability/kv_operation.hpp"

#include <limits>
#include <utility>

namespace convoy::checkers {

const char* to_string(kv_op op) {
  switch (op) {
    case kv_op::get:
      return "get";
    case kv_op::put:
      return "put";
    case kv_op::erase:
      return "erase";
    case kv_op::compare_and_put:
      return "compare_and_put";
    case kv_op::compare_and_erase:
      return "compare_and_erase";
  }
  return "?";
}

kv_input kv_input::get(std::string key) {
  kv_input in;
  in.op = kv_op::get;
  in.key = std::move(key);
  return in;
}

kv_input kv_input::put(std::string key, std::string value) {
  kv_input in;
  in.op = kv_op::put;
  in.key = std::move(key);
  in.value = std::move(value);
  return in;
}

kv_input kv_input::erase(std::string key) {
  kv_input in;
  in.op = kv_op::erase;
  in.key = std::move(key);
  return in;
}

kv_input kv_input::compare_and_put(std::string key, int64_t expected_mod_revision,
                                   std::string value) {
  kv_input in;
  in.op = kv_op::compare_and_put;
  in.key = std::move(key);
  in.value = std::move(value);
  in.expected_mod_revision = expected_mod_revision;
  return in;
}

kv_input kv_input::compare_and_erase(std::string key, int64_t expected_mod_revision) {
  kv_input in;
  in.op = kv_op::compare_and_erase;
  in.key = std::move(key);
  in.expected_mod_revision = expected_mod_revision;
  return in;
}

kv_output kv_output::found(std::string value, int64_t mod_revision, int64_t revision) {
  kv_output out;
  out.ok = true;
  out.value = std::move(value);
  out.mod_revision = mod_revision;
  out.revision = revision;
  return out;
}

kv_output kv_output::absent(int64_t revision) {
  kv_output out;
  out.ok = false;
  out.revision = revision;
  return out;
}

kv_output kv_output::put(int64_t revision) {
  kv_output out;
  out.revision = revision;
  return out;
}

kv_output kv_output::erased(bool deleted, int64_t revision) {
  kv_output out;
  out.ok = deleted;
  out.revision = revision;
  return out;
}

kv_output kv_output::compared(bool succeeded, int64_t revision) {
  kv_output out;
  out.ok = succeeded;
  out.revision = revision;
  return out;
}

namespace {

std::string quoted(const std::string& s) {
  return "\"" + s + "\"";
}

std::string revision_suffix(int64_t revision) {
  return revision != 0 ? " (rev " + std::to_string(revision) + ")" : std::string{};
}

std::string describe_input(const kv_input& in) {
  switch (in.op) {
    case kv_op::get:
      return "get(" + quoted(in.key) + ")";
    case kv_op::put:
      return "put(" + quoted(in.key) + ", " + quoted(in.value) + ")";
    case kv_op::erase:
      return "erase(" + quoted(in.key) + ")";
    case kv_op::compare_and_put:
      return "compare_and_put(" + quoted(in.key) + ", if mod == "
             + std::to_string(in.expected_mod_revision) + ", " + quoted(in.value) + ")";
    case kv_op::compare_and_erase:
      return "compare_and_erase(" + quoted(in.key)
             + ", if mod == " + std::to_string(in.expected_mod_revision) + ")";
  }
  return "?";
}

std::string describe_output(const kv_input& in, const kv_output& out) {
  switch (in.op) {
    case kv_op::get:
      if (!out.ok)
        return "absent" + revision_suffix(out.revision);
      return quoted(out.value)
             + (out.mod_revision != 0 ? " mod " + std::to_string(out.mod_revision) : "")
             + revision_suffix(out.revision);
    case kv_op::put:
      return out.revision != 0 ? "rev " + std::to_string(out.revision) : "ok";
    case kv_op::erase:
      return std::string{"deleted "} + (out.ok ? "1" : "0") + revision_suffix(out.revision);
    case kv_op::compare_and_put:
    case kv_op::compare_and_erase:
      return (out.ok ? "succeeded" : "failed") + revision_suffix(out.revision);
  }
  return "?";
}

} // namespace

int64_t revision_limit(const kv_input& in, const kv_output& out) {
  if (out.revision == 0)
    return std::numeric_limits<int64_t>::max();
  // A successful compare_and_erase of a missing key writes nothing, so its
  // revision is the store's as it was: only `revision` itself is certain.
  bool wrote =
    (in.op == kv_op::put) || (out.ok && (in.op == kv_op::erase || in.op == kv_op::compare_and_put));
  return wrote ? out.revision - 1 : out.revision;
}

std::string describe(const kv_input& in, const kv_output* out) {
  return describe_input(in) + " -> " + (out ? describe_output(in, *out) : std::string{"?"});
}

} // namespace convoy::checkers
