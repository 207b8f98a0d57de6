// `convoy ctl create -f`, `apply -f` and `delete -f`: manifests (YAML or JSON,
// several documents per file, files, directories or stdin) sent to the
// apiserver. apply is kubectl's client-side apply: create when missing, else
// a three-way strategic merge patch against the last-applied annotation.

#include "runtime/cli/ctl_apply.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <google/protobuf/message.h>

#include "api/meta.pb.h"
#include "messages/codec/codec.hpp"
#include "messages/codec/resource_registry.hpp"
#include "runtime/cli/apply_patch.hpp"
#include "runtime/cli/command.hpp"
#include "runtime/cli/ctl_api.hpp"
#include "runtime/cli/printers.hpp"

namespace convoy::cli {

namespace fs = std::filesystem;
using google::protobuf::Message;

// -- manifests -------------------------------------------------------------------

namespace {

bool manifest_extension(const fs::path& p) {
  auto ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

std::optional<std::string> read_source(const std::string& file, std::string& text) {
  std::ostringstream buf;
  if (file == "-") {
    buf << std::cin.rdbuf();
  } else {
    std::ifstream in{file, std::ios::binary};
    if (!in)
      return "the path \"" + file + "\" cannot be read";
    buf << in.rdbuf();
  }
  text = buf.str();
  return std::nullopt;
}

} // namespace

std::optional<std::string> expand_paths(const std::vector<std::string>& paths,
                                        std::vector<std::string>& files) {
  for (const auto& path : paths) {
    std::error_code ec;
    if (path == "-" || !fs::is_directory(path, ec)) {
      if (path != "-" && !fs::exists(path, ec))
        return "the path \"" + path + "\" does not exist";
      files.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator{path, ec})
      if (entry.is_regular_file(ec) && manifest_extension(entry.path()))
        found.push_back(entry.path().string());
    if (ec)
      return "cannot list \"" + path + "\": " + ec.message();
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return std::nullopt;
}

api::ObjectMeta* mutable_metadata(Message& object) {
  const auto* field = object.GetDescriptor()->FindFieldByName("metadata");
  if (field == nullptr || field->message_type() != api::ObjectMeta::descriptor())
    return nullptr;
  return static_cast<api::ObjectMeta*>(object.GetReflection()->MutableMessage(&object, field));
}

namespace {

std::optional<std::string> place(manifest_object& obj, const std::string& ns_flag) {
  auto* meta = mutable_metadata(*obj.object);
  if (meta == nullptr)
    return "error: " + obj.source + ": " + std::string{obj.info->kind} + " has no metadata";
  if (!obj.info->namespaced) {
    meta->clear_namespace_();
  } else if (meta->namespace_().empty()) {
    meta->set_namespace_(ns_flag.empty() ? "default" : ns_flag);
  } else if (!ns_flag.empty() && meta->namespace_() != ns_flag) {
    return "error: the namespace from the provided object \"" + meta->namespace_()
           + "\" does not match the namespace \"" + ns_flag
           + "\". You must pass '--namespace=" + meta->namespace_()
           + "' to perform this operation.";
  }
  obj.ns = meta->namespace_();
  obj.name = meta->name();
  return std::nullopt;
}

} // namespace

std::optional<std::string> load_manifest(std::string_view text, const std::string& source,
                                         const std::string& ns_flag,
                                         std::vector<manifest_object>& out) {
  auto docs = codec::decode_documents(text);
  if (!docs)
    return "error: error parsing " + source + ": " + docs.error().to_string();
  const auto& registry = codec::resource_registry::builtin();
  for (const auto& doc : docs.value()) {
    auto info = registry.resolve(doc.api_version, doc.kind);
    if (!info)
      return "error: resource mapping not found in " + source + ": " + info.error().to_string();
    manifest_object obj{source, info.value(), info.value()->make(), {}, {}};
    if (auto st = codec::decode(doc, *obj.object); !st)
      return "error: error validating " + source + ": " + st.error().to_string();
    if (auto err = place(obj, ns_flag))
      return err;
    out.push_back(std::move(obj));
  }
  return std::nullopt;
}

// -- apply planning ----------------------------------------------------------------

namespace {

json_tree to_tree(const Message& m) {
  std::string error;
  auto tree = json_tree::parse(codec::to_json(m), error);
  return tree ? std::move(*tree) : json_tree::make_object(); // the codec writes valid JSON
}

} // namespace

void annotate_last_applied(Message& desired) {
  auto tree = to_tree(desired);
  apply_patch::strip_server_fields(tree);
  if (auto* meta = tree.find("metadata")) {
    if (auto* notes = meta->find("annotations")) {
      notes->erase(apply_patch::last_applied_annotation);
      if (notes->empty())
        meta->erase("annotations");
    }
  }
  auto json = tree.dump();
  // Re-decoding drops the stripped fields from the typed object too (into a
  // copy: a failed decode clears its target).
  std::unique_ptr<Message> stripped{desired.New()};
  if (codec::from_json(json, *stripped))
    desired.CopyFrom(*stripped);
  if (auto* meta = mutable_metadata(desired))
    (*meta->mutable_annotations())[std::string{apply_patch::last_applied_annotation}] = json;
}

apply_plan plan_apply(const Message& desired, const Message& live) {
  auto modified = to_tree(desired);
  auto current = to_tree(live);
  // Lists may leave kind/apiVersion out; never patch them for that.
  for (auto field : {"kind", "apiVersion"})
    if (const auto* value = modified.find(field); value && !current.find(field))
      current.set(field, *value);
  std::optional<json_tree> original;
  const auto& notes = metadata_of(live).annotations();
  if (auto it = notes.find(std::string{apply_patch::last_applied_annotation}); it != notes.end()) {
    std::string error;
    original = json_tree::parse(it->second, error);
  }
  auto patch = apply_patch::three_way(original ? &*original : nullptr, modified, current);
  apply_plan plan;
  plan.unchanged = patch.empty();
  if (!plan.unchanged)
    plan.patch = patch.dump();
  return plan;
}

// -- the verbs ---------------------------------------------------------------------

namespace {

/// Reads every -f source; prints the first problem and returns false.
bool load_all(const config::flag_set& flags, std::vector<manifest_object>& objects,
              const std::string& verb) {
  const auto& paths = flags.list("filename");
  if (paths.empty()) {
    std::cerr << "error: must specify one of -f and -k\n";
    return false;
  }
  std::vector<std::string> files;
  if (auto err = expand_paths(paths, files)) {
    std::cerr << "error: " << *err << "\n";
    return false;
  }
  for (const auto& file : files) {
    std::string text;
    if (auto err = read_source(file, text)) {
      std::cerr << "error: " << *err << "\n";
      return false;
    }
    if (auto err = load_manifest(text, file, flags.str("namespace"), objects)) {
      std::cerr << *err << "\n";
      return false;
    }
  }
  if (objects.empty())
    std::cerr << "error: no objects passed to " << verb << "\n";
  return !objects.empty();
}

config::flag_set manifest_flags(const std::string& verb, const std::string& summary) {
  config::flag_set flags{"convoy ctl " + verb + " -f FILE|DIR|- [flags]", summary};
  add_ctl_flags(flags);
  add_namespace_flags(flags);
  flags.add_list("filename", {}, "manifest file(s), directories (their *.yaml, *.yml, *.json) or "
                                 "- for stdin", "FILE,...")
    .alias('f');
  return flags;
}

std::string from(const manifest_object& obj) {
  return obj.source == "-" ? std::string{"STDIN"} : obj.source;
}

bool create_one(api_client& api, manifest_object& obj) {
  auto r = api.create(obj.info->resource, obj.ns, *obj.object);
  if (!r.ok()) {
    std::cerr << format_api_error(r, "error when creating \"" + from(obj) + "\": ") << "\n";
    return false;
  }
  auto created = unpack_any(r.object);
  auto name = created ? metadata_of(*created).name() : obj.name;
  std::cout << qualified_name(*obj.info, name) << " created\n";
  return true;
}

bool apply_one(api_client& api, manifest_object& obj) {
  if (obj.name.empty()) {
    std::cerr << "error: error when retrieving current configuration from \"" << from(obj)
              << "\": resource name may not be empty\n";
    return false;
  }
  annotate_last_applied(*obj.object);
  auto live = api.get(obj.info->resource, obj.ns, obj.name);
  if (live.not_found())
    return create_one(api, obj);
  auto current = live.ok() ? unpack_any(live.object) : nullptr;
  if (!current) {
    std::cerr << format_api_error(live, "error when retrieving current configuration of "
                                          + qualified_name(*obj.info, obj.name) + " from \""
                                          + from(obj) + "\": ")
              << "\n";
    return false;
  }
  auto plan = plan_apply(*obj.object, *current);
  auto label = qualified_name(*obj.info, obj.name);
  if (plan.unchanged) {
    std::cout << label << " unchanged\n";
    return true;
  }
  auto r = api.patch(obj.info->resource, obj.ns, obj.name, "strategic", std::move(plan.patch));
  if (!r.ok()) {
    std::cerr << format_api_error(r, "error when applying patch to " + label + " from \""
                                       + from(obj) + "\": ")
              << "\n";
    return false;
  }
  std::cout << label << " configured\n";
  return true;
}

using object_action = bool (*)(api_client&, manifest_object&);

int run_manifest_verb(const std::string& verb, const std::string& summary,
                      const ctl_options& common, const std::vector<std::string>& args,
                      object_action action) {
  auto flags = manifest_flags(verb, summary);
  auto opts = common;
  if (auto code = parse_verb_flags(verb, flags, args, opts))
    return *code;
  if (!flags.positional().empty())
    return usage_error("ctl " + verb, "unexpected argument '" + flags.positional().front() + "'");
  std::vector<manifest_object> objects;
  if (!load_all(flags, objects, verb))
    return exit_failure;
  api_client api{opts};
  if (!api.connect_or_report())
    return exit_failure;
  bool ok = true;
  for (auto& obj : objects)
    ok = action(api, obj) && ok;
  return ok ? exit_ok : exit_failure;
}

} // namespace

int run_ctl_create(const ctl_options& common, const std::vector<std::string>& args) {
  return run_manifest_verb("create", "Creates the objects of the manifests (errors if one "
                                     "exists already).",
                           common, args, create_one);
}

int run_ctl_apply(const ctl_options& common, const std::vector<std::string>& args) {
  return run_manifest_verb("apply", "Creates or updates the objects of the manifests so they "
                                    "match; prints created, configured or unchanged per object.",
                           common, args, apply_one);
}

// -- delete ----------------------------------------------------------------------

void add_delete_flags(config::flag_set& flags) {
  flags.add_bool("wait", "return only once the objects are gone")
    .add_int("grace-period", -1, -1, INT64_MAX,
             "seconds the pod gets to stop (-1: the object's own default)")
    .add_string("cascade", "background", "dependents: background, foreground or orphan",
                "MODE", [](const std::string& x) -> std::optional<std::string> {
                  if (x == "background" || x == "foreground" || x == "orphan")
                    return std::nullopt;
                  return "'" + x + "' is not background, foreground or orphan";
                })
    .add_bool("ignore-not-found", "a missing object is not an error");
}

bool delete_object(api_client& api, const codec::resource_info& info, const std::string& ns,
                   const std::string& name, const config::flag_set& flags,
                   const ctl_options& opts, std::string_view context) {
  api::DeleteOptions options;
  auto cascade = flags.str("cascade");
  cascade[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(cascade[0])));
  options.set_propagation_policy(cascade);
  if (flags.integer("grace-period") >= 0)
    options.set_grace_period_seconds(flags.integer("grace-period"));
  auto r = api.remove(info.resource, ns, name, options);
  if (r.not_found() && flags.boolean("ignore-not-found"))
    return true;
  if (!r.ok()) {
    std::cerr << format_api_error(r, context) << "\n";
    return false;
  }
  std::string kind{info.singular};
  if (!info.group.empty())
    kind += "." + std::string{info.group};
  std::cout << kind << " \"" << name << "\" deleted\n";
  if (!flags.boolean("wait"))
    return true;
  auto limit = opts.timeout_given ? opts.timeout : std::chrono::milliseconds{0};
  if (auto err = api.wait_deleted(info.resource, ns, name, limit)) {
    std::cerr << *err << "\n";
    return false;
  }
  return true;
}

int delete_manifests(const ctl_options& opts, const config::flag_set& flags) {
  std::vector<manifest_object> objects;
  if (!load_all(flags, objects, "delete"))
    return exit_failure;
  api_client api{opts};
  if (!api.connect_or_report())
    return exit_failure;
  bool ok = true;
  for (const auto& obj : objects)
    ok = delete_object(api, *obj.info, obj.ns, obj.name, flags, opts,
                       "error when deleting \"" + from(obj) + "\": ")
         && ok;
  return ok ? exit_ok : exit_failure;
}

} // namespace convoy::cli
