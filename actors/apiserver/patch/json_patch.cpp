#include "actors/apiserver/patch/json_patch.hpp"

#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include "actors/apiserver/patch/json_pointer.hpp"
#include "actors/apiserver/patch/json_text.hpp"

namespace convoy::apiserver {

namespace {

enum class op_kind : uint8_t { add, remove, replace, move, copy, test };

constexpr const char* op_names[] = {"add", "remove", "replace", "move", "copy", "test"};

/// One decoded operation; `value` is moved out of the patch document.
struct operation {
  op_kind kind = op_kind::add;
  json_pointer path;
  json_pointer from;
  json value;
};

bool needs_value(op_kind kind) {
  return kind == op_kind::add || kind == op_kind::replace || kind == op_kind::test;
}

bool needs_from(op_kind kind) {
  return kind == op_kind::move || kind == op_kind::copy;
}

/// Reads member `name` of `item` as a JSON pointer.
bool read_pointer(const json& item, const char* name, json_pointer& out, std::string& error) {
  auto it = item.find(name);
  if (it == item.end() || !it->is_string()) {
    error = std::string{"\""} + name + "\" must be a string (a JSON pointer)";
    return false;
  }
  return json_pointer::parse(it->get_ref<const std::string&>(), out, error);
}

/// Decodes operation `item`; false with `error` (without the index prefix).
bool decode_operation(json& item, operation& op, std::string& error) {
  if (!item.is_object()) {
    error = std::string{"must be an object, not "} + json_type_name(item);
    return false;
  }
  auto name = item.find("op");
  if (name == item.end() || !name->is_string()) {
    error = "\"op\" must be a string";
    return false;
  }
  const auto& text = name->get_ref<const std::string&>();
  std::size_t k = 0;
  while (k < std::size(op_names) && text != op_names[k])
    ++k;
  if (k == std::size(op_names)) {
    error = "unsupported op \"" + text + "\" (want add, remove, replace, move, copy or test)";
    return false;
  }
  op.kind = static_cast<op_kind>(k);
  if (!read_pointer(item, "path", op.path, error))
    return false;
  if (needs_from(op.kind) && !read_pointer(item, "from", op.from, error))
    return false;
  if (needs_value(op.kind)) {
    auto value = item.find("value");
    if (value == item.end()) {
      error = std::string{"\""} + op_names[k] + "\" needs a \"value\"";
      return false;
    }
    op.value = std::move(*value);
  }
  return true;
}

/// A short rendering of `value` for error messages.
std::string preview(const json& value) {
  auto text = dump_json(value);
  if (text.size() > 80)
    text = text.substr(0, 77) + "...";
  return text;
}

/// RFC 6902 operations over one document. Each returns false with `error_`
/// set; the caller discards the document then, which makes a patch atomic.
class patcher {
public:
  explicit patcher(json& doc) : doc_(doc) {}

  const std::string& error() const noexcept { return error_; }

  bool apply(operation& op) {
    switch (op.kind) {
      case op_kind::add:
        return add(op.path, std::move(op.value));
      case op_kind::remove:
        return remove(op.path);
      case op_kind::replace:
        return replace(op.path, std::move(op.value));
      case op_kind::move:
        return move(op.from, op.path);
      case op_kind::copy:
        return copy(op.from, op.path);
      case op_kind::test:
        return test(op.path, op.value);
    }
    return false;
  }

private:
  bool fail(std::string message) {
    error_ = std::move(message);
    return false;
  }

  bool missing(const json_pointer& path) {
    return fail("path \"" + path.text() + "\" does not exist");
  }

  /// The container that holds `path`'s last token, or nullptr after fail().
  json* parent_of(const json_pointer& path) {
    json* parent = path.find_parent(doc_);
    if (parent == nullptr)
      fail("parent \"" + path.parent_text() + "\" does not exist or is not an object or array");
    return parent;
  }

  bool add(const json_pointer& path, json value) {
    if (path.is_root()) {
      doc_ = std::move(value);
      return true;
    }
    json* parent = parent_of(path);
    if (parent == nullptr)
      return false;
    const auto& last = path.tokens().back();
    if (parent->is_object()) {
      (*parent)[last] = std::move(value);
      return true;
    }
    if (last == "-") {
      parent->push_back(std::move(value));
      return true;
    }
    auto index = json_pointer::array_index(last);
    if (!index || *index > parent->size())
      return fail("index \"" + last + "\" of \"" + path.text() + "\" is out of range (the array has "
                  + std::to_string(parent->size()) + " items)");
    parent->insert(parent->begin() + static_cast<std::ptrdiff_t>(*index), std::move(value));
    return true;
  }

  bool remove(const json_pointer& path) {
    if (path.is_root())
      return fail("cannot remove the whole document");
    json* parent = path.find_parent(doc_);
    if (parent == nullptr || path.find(doc_) == nullptr)
      return missing(path);
    const auto& last = path.tokens().back();
    if (parent->is_object())
      parent->erase(last);
    else
      parent->erase(static_cast<std::size_t>(*json_pointer::array_index(last)));
    return true;
  }

  bool replace(const json_pointer& path, json value) {
    json* target = path.find(doc_);
    if (target == nullptr)
      return missing(path);
    *target = std::move(value);
    return true;
  }

  bool move(const json_pointer& from, const json_pointer& path) {
    json* source = from.find(doc_);
    if (source == nullptr)
      return missing(from);
    if (from.tokens() == path.tokens())
      return true;
    if (from.is_proper_prefix_of(path))
      return fail("cannot move \"" + from.text() + "\" into its own child \"" + path.text() + "\"");
    json value = std::move(*source);
    return remove(from) && add(path, std::move(value));
  }

  bool copy(const json_pointer& from, const json_pointer& path) {
    json* source = from.find(doc_);
    if (source == nullptr)
      return missing(from);
    return add(path, *source);
  }

  bool test(const json_pointer& path, const json& expected) {
    json* target = path.find(doc_);
    if (target == nullptr)
      return missing(path);
    if (*target != expected)
      return fail("test failed: the value is " + preview(*target) + ", not " + preview(expected));
    return true;
  }

  json& doc_;
  std::string error_;
};

std::string op_context(std::size_t index, const operation& op) {
  return "operation " + std::to_string(index) + " (" + op_names[static_cast<int>(op.kind)] + " \""
         + op.path.text() + "\"): ";
}

patch_result run(std::string_view original_json, std::string_view patch_json) {
  json doc;
  json patch;
  if (auto failed = parse_documents(original_json, patch_json, doc, patch))
    return std::move(*failed);
  if (!patch.is_array())
    return patch_result::fail(patch_errc::malformed,
                              std::string{"a JSON patch must be a list of operations, not "}
                                + json_type_name(patch));
  if (patch.size() > max_json_patch_operations)
    return patch_result::fail(patch_errc::too_large,
                              "the allowed maximum operations in a JSON patch is "
                                + std::to_string(max_json_patch_operations) + ", got "
                                + std::to_string(patch.size()));
  std::vector<operation> ops(patch.size());
  std::string error;
  for (std::size_t i = 0; i < ops.size(); ++i)
    if (!decode_operation(patch[i], ops[i], error))
      return patch_result::fail(patch_errc::malformed,
                                "operation " + std::to_string(i) + ": " + error);
  patcher p{doc};
  for (std::size_t i = 0; i < ops.size(); ++i)
    if (!p.apply(ops[i]))
      return patch_result::fail(patch_errc::unprocessable, op_context(i, ops[i]) + p.error());
  return patch_result::ok(dump_json(doc));
}

} // namespace

patch_result apply_json_patch(std::string_view original_json, std::string_view patch_json) {
  try {
    return run(original_json, patch_json);
  } catch (const std::exception& e) {
    return patch_result::fail(patch_errc::unprocessable,
                              std::string{"JSON patch failed: "} + e.what());
  }
}

} // namespace convoy::apiserver
