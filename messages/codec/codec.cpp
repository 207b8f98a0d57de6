#include "messages/codec/codec.hpp"

#include <google/protobuf/message.h>

#include <optional>

#include "messages/codec/json_writer.hpp"
#include "messages/codec/message_walker.hpp"
#include "messages/codec/node_decoder.hpp"
#include "messages/codec/yaml_loader.hpp"
#include "messages/codec/yaml_writer.hpp"

namespace convoy::codec {

namespace {

/// Nodes a decode may visit per input byte: far above any real document
/// (each node costs at least a byte or two of text), far below an alias bomb.
constexpr size_t budget_per_byte = 8;
constexpr size_t budget_floor = 1024;

size_t budget_for(std::string_view text) {
  return text.size() * budget_per_byte + budget_floor;
}

decode_error make_error(std::string message, int line = 0) {
  decode_error err;
  err.message = std::move(message);
  err.line = line;
  return err;
}

/// Decodes `node` into `out`, turning any stray exception into an error.
status decode_node(const YAML::Node& node, google::protobuf::Message& out, size_t budget) {
  try {
    node_decoder decoder{budget};
    if (decoder.decode(node, out))
      return {};
    return decoder.error();
  } catch (const std::exception& e) {
    out.Clear();
    return make_error(std::string{"cannot decode: "} + e.what());
  }
}

std::optional<YAML::Node> member_of(const YAML::Node& map, std::string_view key) {
  for (auto it = map.begin(); it != map.end(); ++it)
    if (it->first.IsScalar() && it->first.Scalar() == key)
      return it->second;
  return std::nullopt;
}

/// Reads a required string member (apiVersion, kind) into `out`.
std::optional<decode_error> type_meta_field(const YAML::Node& node, std::string_view key,
                                            std::string& out) {
  auto value = member_of(node, key);
  if (!value || value->IsNull())
    return make_error("missing required field \"" + std::string{key} + "\"",
                      node.Mark().is_null() ? 0 : node.Mark().line + 1);
  if (!value->IsScalar() || value->Scalar().empty()) {
    auto err = make_error("expected non-empty string, got " + node_decoder::describe(*value),
                          value->Mark().is_null() ? 0 : value->Mark().line + 1);
    err.path = std::string{key};
    return err;
  }
  out = value->Scalar();
  return std::nullopt;
}

/// Builds the document for `node` (must be an object with apiVersion, kind).
result<document> make_document(const YAML::Node& node, int index, int item, size_t budget) {
  document doc;
  doc.index = index;
  doc.item = item;
  doc.node_budget = budget;
  std::optional<decode_error> err;
  if (!node.IsMap())
    err = make_error("expected object, got " + node_decoder::describe(node),
                     node.Mark().is_null() ? 0 : node.Mark().line + 1);
  if (!err)
    err = type_meta_field(node, "kind", doc.kind);
  if (!err)
    err = type_meta_field(node, "apiVersion", doc.api_version);
  if (err) {
    err->document = index;
    err->item = item;
    return *err;
  }
  doc.node = std::make_shared<const YAML::Node>(node);
  return doc;
}

/// Appends the items of a `kind: List` document.
std::optional<decode_error> expand_list(const document& list, std::vector<document>& out) {
  auto items = member_of(*list.node, "items");
  if (!items || items->IsNull())
    return std::nullopt;
  if (!items->IsSequence()) {
    auto err = make_error("expected array, got " + node_decoder::describe(*items));
    err.path = "items";
    err.document = list.index;
    return err;
  }
  int i = 0;
  for (const auto& item : *items) {
    auto doc = make_document(item, list.index, i++, list.node_budget);
    if (!doc)
      return doc.error();
    out.push_back(std::move(doc.value()));
  }
  return std::nullopt;
}

status decode_single(std::string_view text, google::protobuf::Message& out) {
  out.Clear();
  auto docs = yaml_loader::load_all(text);
  if (!docs)
    return docs.error();
  const YAML::Node* only = nullptr;
  int count = 0;
  for (const auto& node : docs.value())
    if (!node.IsNull() && count++ == 0)
      only = &node;
  if (count == 0)
    return make_error("empty document");
  if (count > 1)
    return make_error("expected one document, found " + std::to_string(count));
  return decode_node(*only, out, budget_for(text));
}

} // namespace

std::string to_json(const google::protobuf::Message& msg, bool pretty) {
  std::string out;
  append_json(msg, out, pretty);
  return out;
}

void append_json(const google::protobuf::Message& msg, std::string& out, bool pretty) {
  json_writer writer{out, pretty};
  message_walker{writer}.write(msg);
}

std::string to_yaml(const google::protobuf::Message& msg) {
  std::string out;
  yaml_writer writer{out};
  message_walker{writer}.write(msg);
  return out;
}

status from_yaml(std::string_view text, google::protobuf::Message& out) {
  return decode_single(text, out);
}

status from_json(std::string_view text, google::protobuf::Message& out) {
  if (yaml_loader::first_non_space(text) != '{') {
    out.Clear();
    return make_error("expected a JSON object");
  }
  return decode_single(text, out);
}

result<std::vector<document>> decode_documents(std::string_view text) {
  auto nodes = yaml_loader::load_all(text);
  if (!nodes)
    return nodes.error();
  std::vector<document> docs;
  size_t budget = budget_for(text);
  int index = 0;
  for (const auto& node : nodes.value()) {
    int this_index = index++;
    if (node.IsNull())
      continue; // an empty document ("---" at the end, only comments)
    auto doc = make_document(node, this_index, -1, budget);
    if (!doc)
      return doc.error();
    if (doc->kind != "List") {
      docs.push_back(std::move(doc.value()));
    } else if (auto err = expand_list(doc.value(), docs)) {
      return *err;
    }
  }
  return docs;
}

status decode(const document& doc, google::protobuf::Message& out) {
  if (!doc.node) {
    out.Clear();
    return make_error("document has no object");
  }
  auto st = decode_node(*doc.node, out, doc.node_budget);
  if (st)
    return st;
  decode_error err = st.error();
  err.document = doc.index;
  err.item = doc.item;
  return err;
}

} // namespace convoy::codec
