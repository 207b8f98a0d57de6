// The small writes of `convoy ctl`: delete KIND NAME (delete -f lives in
// ctl_apply.cpp), scale, label, cordon and uncordon — each one request (a
// merge patch or a delete) per object, worded like kubectl.

#include <iostream>

#include <google/protobuf/message.h>

#include "api/meta.pb.h"
#include "api/node.pb.h"
#include "api/workload.pb.h"
#include "messages/codec/resource_registry.hpp"
#include "runtime/cli/command.hpp"
#include "runtime/cli/ctl_api.hpp"
#include "runtime/cli/ctl_apply.hpp"
#include "runtime/cli/ctl_verbs.hpp"
#include "runtime/cli/json_tree.hpp"
#include "runtime/cli/printers.hpp"

namespace convoy::cli {

namespace {

/// {"a":{"b": value}} for a path of two keys.
std::string nested_patch(const char* outer, const char* inner, json_tree value) {
  auto in = json_tree::make_object();
  in.set(inner, std::move(value));
  auto out = json_tree::make_object();
  out.set(outer, std::move(in));
  return out.dump();
}

// -- delete ------------------------------------------------------------------------

/// `delete KIND -l SELECTOR` / `delete KIND --all`: lists, then deletes each.
bool delete_selected(api_client& api, const codec::resource_info& info,
                     const config::flag_set& flags, const ctl_options& opts) {
  auto ns = namespace_for(info, flags);
  auto r = api.list(info.resource, ns, flags.str("selector"));
  auto list = r.ok() ? unpack_any(r.object) : nullptr;
  if (!list) {
    std::cerr << format_api_error(r) << "\n";
    return false;
  }
  const auto* items = list->GetDescriptor()->FindFieldByName("items");
  const auto* refl = list->GetReflection();
  int n = items ? refl->FieldSize(*list, items) : 0;
  if (n == 0) {
    std::cout << "No resources found" << (ns.empty() ? "" : " in " + ns + " namespace.") << "\n";
    return true;
  }
  bool ok = true;
  for (int i = 0; i < n; ++i) {
    const auto& meta = metadata_of(refl->GetRepeatedMessage(*list, items, i));
    ok = delete_object(api, info, meta.namespace_().empty() ? ns : meta.namespace_(), meta.name(),
                       flags, opts)
         && ok;
  }
  return ok;
}

} // namespace

int run_ctl_delete(const ctl_options& common, const std::vector<std::string>& args) {
  config::flag_set flags{"convoy ctl delete KIND NAME... | KIND/NAME... | KIND -l SEL | -f FILE",
                         "Deletes objects by name, by label selector, or as listed in "
                         "manifests; prints `pod \"web\" deleted` per object."};
  add_ctl_flags(flags);
  add_namespace_flags(flags);
  add_delete_flags(flags);
  flags.add_list("filename", {}, "manifest file(s), directories or - for stdin", "FILE,...")
    .alias('f')
    .add_string("selector", "", "delete the objects this label selector matches", "SELECTOR")
    .alias('l')
    .add_bool("all", "delete every object of the kind in the namespace")
    .allow_positional("KIND NAME...: e.g. pod web, or pod/web");
  auto opts = common;
  if (auto code = parse_verb_flags("delete", flags, args, opts))
    return *code;
  const auto& pos = flags.positional();
  if (!flags.list("filename").empty()) {
    if (!pos.empty())
      return usage_error("ctl delete", "give either -f or KIND NAME, not both");
    return delete_manifests(opts, flags);
  }
  bool by_selector = flags.is_set("selector") || flags.boolean("all");
  std::vector<object_ref> refs;
  const codec::resource_info* kind_only = nullptr;
  std::string error;
  if (by_selector && pos.size() == 1 && pos[0].find('/') == std::string::npos) {
    kind_only = find_resource(pos[0], error);
    if (kind_only == nullptr)
      return usage_error("ctl delete", error);
  } else if (by_selector) {
    return usage_error("ctl delete", "-l and --all take a KIND and no names");
  } else if (auto err = parse_object_refs(pos, refs)) {
    return usage_error("ctl delete", *err);
  }
  api_client api{opts};
  if (!api.connect_or_report())
    return exit_failure;
  if (kind_only != nullptr)
    return delete_selected(api, *kind_only, flags, opts) ? exit_ok : exit_failure;
  bool ok = true;
  for (const auto& ref : refs)
    ok = delete_object(api, *ref.info, namespace_for(*ref.info, flags), ref.name, flags, opts)
         && ok;
  return ok ? exit_ok : exit_failure;
}

// -- scale -------------------------------------------------------------------------

int run_ctl_scale(const ctl_options& common, const std::vector<std::string>& args) {
  config::flag_set flags{"convoy ctl scale rc|rs|deployment NAME --replicas N",
                         "Sets the desired replica count through the scale subresource."};
  add_ctl_flags(flags);
  add_namespace_flags(flags);
  flags.add_int("replicas", -1, -1, INT32_MAX, "the new desired number of replicas")
    .add_int("current-replicas", -1, -1, INT32_MAX,
             "only scale if the current desired count is this (-1: any)")
    .allow_positional("KIND NAME...: rc web, rs/web, deployment web");
  auto opts = common;
  if (auto code = parse_verb_flags("scale", flags, args, opts))
    return *code;
  if (flags.integer("replicas") < 0)
    return usage_error("ctl scale", "--replicas=COUNT is required, and COUNT must be >= 0");
  std::vector<object_ref> refs;
  if (auto err = parse_object_refs(flags.positional(), refs))
    return usage_error("ctl scale", *err);
  for (const auto& ref : refs)
    if (ref.info->subresource("scale") == nullptr)
      return usage_error("ctl scale", "cannot scale " + std::string{ref.info->resource}
                                        + " (only rc, rs and deployments have a scale)");
  api_client api{opts};
  if (!api.connect_or_report())
    return exit_failure;
  bool ok = true;
  auto patch = nested_patch("spec", "replicas", json_tree::make_number(flags.integer("replicas")));
  for (const auto& ref : refs) {
    auto ns = namespace_for(*ref.info, flags);
    if (auto expected = flags.integer("current-replicas"); expected >= 0) {
      auto cur = api.get(ref.info->resource, ns, ref.name, "scale");
      auto scale = cur.ok() ? unpack_any(cur.object) : nullptr;
      if (!scale || scale->GetDescriptor() != api::Scale::descriptor()) {
        std::cerr << format_api_error(cur) << "\n";
        ok = false;
        continue;
      }
      auto actual = static_cast<const api::Scale&>(*scale).spec().replicas();
      if (actual != expected) {
        std::cerr << "error: Expected replicas to be " << expected << ", was " << actual << "\n";
        ok = false;
        continue;
      }
    }
    auto r = api.patch(ref.info->resource, ns, ref.name, "merge", patch, "scale");
    if (!r.ok()) {
      std::cerr << format_api_error(r) << "\n";
      ok = false;
      continue;
    }
    std::cout << qualified_name(*ref.info, ref.name) << " scaled\n";
  }
  return ok ? exit_ok : exit_failure;
}

// -- label -------------------------------------------------------------------------

namespace {

struct label_change {
  std::string key;
  std::optional<std::string> value; ///< nothing: remove
};

/// Splits `label` arguments into object names and changes (k=v, k-).
std::optional<std::string> split_label_args(const std::vector<std::string>& args,
                                            std::vector<std::string>& names,
                                            std::vector<label_change>& changes) {
  for (const auto& a : args) {
    auto eq = a.find('=');
    if (eq != std::string::npos) {
      if (eq == 0)
        return "invalid label spec: " + a;
      changes.push_back({a.substr(0, eq), a.substr(eq + 1)});
    } else if (a.size() > 1 && a.back() == '-') {
      changes.push_back({a.substr(0, a.size() - 1), std::nullopt});
    } else {
      names.push_back(a);
    }
  }
  if (changes.empty())
    return std::string{"at least one label update is required"};
  return std::nullopt;
}

/// Result word for kubectl's "pod/web labeled" line, or nothing to do.
std::optional<std::string> label_patch(const api::ObjectMeta& meta,
                                       const std::vector<label_change>& changes, bool overwrite,
                                       std::string& patch, std::string& error) {
  auto labels = json_tree::make_object();
  bool added = false;
  for (const auto& c : changes) {
    auto it = meta.labels().find(c.key);
    bool present = it != meta.labels().end();
    if (!c.value) {
      if (!present) {
        std::cerr << "label \"" << c.key << "\" not found.\n";
        continue;
      }
      labels.set(c.key, json_tree{});
      continue;
    }
    if (present && it->second == *c.value)
      continue;
    if (present && !overwrite) {
      error = "'" + c.key + "' already has a value (" + it->second
              + "), and --overwrite is false";
      return std::nullopt;
    }
    labels.set(c.key, json_tree::make_string(*c.value));
    added = true;
  }
  if (labels.empty())
    return std::string{"not labeled"};
  auto m = json_tree::make_object();
  m.set("labels", std::move(labels));
  auto p = json_tree::make_object();
  p.set("metadata", std::move(m));
  patch = p.dump();
  return std::string{added ? "labeled" : "unlabeled"};
}

} // namespace

int run_ctl_label(const ctl_options& common, const std::vector<std::string>& args) {
  config::flag_set flags{"convoy ctl label KIND NAME KEY=VALUE... KEY-... [--overwrite]",
                         "Adds, changes (--overwrite) or removes (KEY-) labels of objects."};
  add_ctl_flags(flags);
  add_namespace_flags(flags);
  flags.add_bool("overwrite", "allow changing a label that has a value")
    .allow_positional("KIND NAME KEY=VALUE KEY-: e.g. pod web tier=db env-");
  auto opts = common;
  if (auto code = parse_verb_flags("label", flags, args, opts))
    return *code;
  std::vector<std::string> names;
  std::vector<label_change> changes;
  std::vector<object_ref> refs;
  if (auto err = split_label_args(flags.positional(), names, changes))
    return usage_error("ctl label", *err);
  if (auto err = parse_object_refs(names, refs))
    return usage_error("ctl label", *err);
  api_client api{opts};
  if (!api.connect_or_report())
    return exit_failure;
  bool ok = true;
  for (const auto& ref : refs) {
    auto ns = namespace_for(*ref.info, flags);
    auto live = api.get(ref.info->resource, ns, ref.name);
    auto obj = live.ok() ? unpack_any(live.object) : nullptr;
    if (!obj) {
      std::cerr << format_api_error(live) << "\n";
      ok = false;
      continue;
    }
    std::string patch, error;
    auto word = label_patch(metadata_of(*obj), changes, flags.boolean("overwrite"), patch, error);
    if (!word) {
      std::cerr << "error: " << error << "\n";
      ok = false;
      continue;
    }
    if (!patch.empty()) {
      auto r = api.patch(ref.info->resource, ns, ref.name, "merge", patch);
      if (!r.ok()) {
        std::cerr << format_api_error(r) << "\n";
        ok = false;
        continue;
      }
    }
    std::cout << qualified_name(*ref.info, ref.name) << " " << *word << "\n";
  }
  return ok ? exit_ok : exit_failure;
}

// -- cordon / uncordon -----------------------------------------------------------------

namespace {

int set_unschedulable(const std::string& verb, bool cordon, const ctl_options& common,
                      const std::vector<std::string>& args) {
  config::flag_set flags{"convoy ctl " + verb + " NODE...",
                         cordon ? "Marks nodes unschedulable: no new pods are placed there."
                                : "Marks nodes schedulable again."};
  add_ctl_flags(flags);
  flags.allow_positional("NODE...: node names");
  auto opts = common;
  if (auto code = parse_verb_flags(verb, flags, args, opts))
    return *code;
  if (flags.positional().empty())
    return usage_error("ctl " + verb, "expected at least one NODE");
  api_client api{opts};
  if (!api.connect_or_report())
    return exit_failure;
  const auto& nodes = *codec::resource_registry::builtin().by_kind("Node");
  auto patch = nested_patch("spec", "unschedulable",
                            cordon ? json_tree::make_bool(true) : json_tree{});
  bool ok = true;
  for (const auto& name : flags.positional()) {
    auto live = api.get(nodes.resource, "", name);
    auto obj = live.ok() ? unpack_any(live.object) : nullptr;
    if (!obj || obj->GetDescriptor() != api::Node::descriptor()) {
      std::cerr << format_api_error(live) << "\n";
      ok = false;
      continue;
    }
    auto label = qualified_name(nodes, name);
    if (static_cast<const api::Node&>(*obj).spec().unschedulable() == cordon) {
      std::cout << label << " already " << verb << "ed\n";
      continue;
    }
    auto r = api.patch(nodes.resource, "", name, "merge", patch);
    if (!r.ok()) {
      std::cerr << format_api_error(r) << "\n";
      ok = false;
      continue;
    }
    std::cout << label << " " << verb << "ed\n";
  }
  return ok ? exit_ok : exit_failure;
}

} // namespace

int run_ctl_cordon(const ctl_options& common, const std::vector<std::string>& args) {
  return set_unschedulable("cordon", true, common, args);
}

int run_ctl_uncordon(const ctl_options& common, const std::vector<std::string>& args) {
  return set_unschedulable("uncordon", false, common, args);
}

} // namespace convoy::cli
