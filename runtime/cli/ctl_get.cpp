// `convoy ctl get`: kubectl get — kubectl's tables (-o wide adds the priority
// columns), -o json|yaml|name, label/field selectors, -A, and -w (a watch
// whose events print as rows while they arrive).

#include <iostream>
#include <memory>

#include <google/protobuf/message.h>

#include "caf/after.hpp"
#include "caf/scoped_actor.hpp"

#include "api/meta.pb.h"
#include "messages/codec/codec.hpp"
#include "messages/codec/resource_registry.hpp"
#include "runtime/cli/command.hpp"
#include "runtime/cli/ctl_api.hpp"
#include "runtime/cli/ctl_verbs.hpp"
#include "runtime/cli/printers.hpp"
#include "runtime/cli/text_layout.hpp"

namespace convoy::cli {

namespace {

using google::protobuf::Message;
using message_ptr = std::unique_ptr<Message>;

/// One resource type to print, by list or by names.
struct get_target {
  const codec::resource_info* info = nullptr;
  std::vector<std::string> names; ///< empty: list them
};

/// Objects fetched for one target (lists and single objects).
struct get_group {
  const codec::resource_info* info = nullptr;
  std::vector<message_ptr> messages;
};

std::optional<std::string> add_kinds(const std::string& text, std::vector<get_target>& out) {
  size_t from = 0;
  while (from <= text.size()) {
    auto comma = text.find(',', from);
    auto name = text.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
    from = comma == std::string::npos ? text.size() + 1 : comma + 1;
    if (name == "all") {
      for (const auto& r : codec::resource_registry::builtin().resources())
        for (auto cat : r.categories)
          if (cat == "all")
            out.push_back({&r, {}});
      continue;
    }
    std::string error;
    const auto* info = find_resource(name, error);
    if (info == nullptr)
      return error;
    out.push_back({info, {}});
  }
  return std::nullopt;
}

/// "KIND[,KIND...] [NAME...]" or "KIND/NAME...".
std::optional<std::string> parse_targets(const std::vector<std::string>& args,
                                         std::vector<get_target>& out, bool& slash_form) {
  if (args.empty())
    return std::string{"you must specify the type of resource to get (e.g. pods, nodes)"};
  slash_form = args.front().find('/') != std::string::npos;
  if (slash_form) {
    std::vector<object_ref> refs;
    if (auto err = parse_object_refs(args, refs))
      return err;
    for (auto& r : refs)
      out.push_back({r.info, {std::move(r.name)}});
    return std::nullopt;
  }
  if (auto err = add_kinds(args.front(), out))
    return err;
  if (args.size() > 1 && out.size() > 1)
    return std::string{"names cannot be given with several resource types; use KIND/NAME"};
  for (size_t i = 1; i < args.size(); ++i)
    out.front().names.push_back(args[i]);
  return std::nullopt;
}

/// Sets kind and apiVersion where the server left them empty (list items).
void fill_type_meta(Message& msg, const codec::resource_info& info) {
  const auto* desc = msg.GetDescriptor();
  const auto* refl = msg.GetReflection();
  const auto* items = desc->FindFieldByName("items");
  if (items != nullptr && items->is_repeated()) {
    for (int i = 0; i < refl->FieldSize(msg, items); ++i)
      fill_type_meta(*refl->MutableRepeatedMessage(&msg, items, i), info);
    return;
  }
  const auto* kind = desc->FindFieldByName("kind");
  const auto* version = desc->FindFieldByName("api_version");
  if (kind != nullptr && refl->GetString(msg, kind).empty())
    refl->SetString(&msg, kind, std::string{info.kind});
  if (version != nullptr && refl->GetString(msg, version).empty())
    refl->SetString(&msg, version, info.api_version());
}

template <class F>
void for_each_object(const get_group& group, F&& f) {
  for (const auto& msg : group.messages) {
    const auto* items = msg->GetDescriptor()->FindFieldByName("items");
    if (items == nullptr || !items->is_repeated()) {
      f(*msg);
      continue;
    }
    const auto* refl = msg->GetReflection();
    for (int i = 0; i < refl->FieldSize(*msg, items); ++i)
      f(refl->GetRepeatedMessage(*msg, items, i));
  }
}

std::string indent_lines(const std::string& text, const std::string& first,
                         const std::string& rest) {
  std::string out;
  size_t from = 0;
  bool head = true;
  while (from < text.size()) {
    auto nl = text.find('\n', from);
    auto line = text.substr(from, nl == std::string::npos ? std::string::npos : nl - from);
    out += (head ? first : rest) + line + "\n";
    head = false;
    from = nl == std::string::npos ? text.size() : nl + 1;
  }
  return out;
}

/// kubectl's `-o json|yaml` for several objects: a `kind: List`.
void print_list(const std::vector<get_group>& groups, bool yaml) {
  std::vector<const Message*> objects;
  for (const auto& g : groups)
    for_each_object(g, [&](const Message& m) { objects.push_back(&m); });
  if (yaml) {
    std::string out = objects.empty() ? "apiVersion: v1\nitems: []\n" : "apiVersion: v1\nitems:\n";
    for (const auto* m : objects)
      out += indent_lines(codec::to_yaml(*m), "- ", "  ");
    std::cout << out << "kind: List\nmetadata:\n  resourceVersion: \"\"\n";
    return;
  }
  std::string out = "{\n    \"apiVersion\": \"v1\",\n    \"items\": [";
  for (size_t i = 0; i < objects.size(); ++i) {
    out += i == 0 ? "\n" : ",\n";
    auto item = indent_lines(codec::to_json(*objects[i], true), "        ", "        ");
    item.pop_back(); // last newline
    out += item;
  }
  out += objects.empty() ? "],\n" : "\n    ],\n";
  std::cout << out << "    \"kind\": \"List\",\n    \"metadata\": {\n"
            << "        \"resourceVersion\": \"\"\n    }\n}\n";
}

void print_object(const Message& m, const std::string& format) {
  if (format == "json")
    std::cout << codec::to_json(m, true) << "\n";
  else
    std::cout << codec::to_yaml(m);
}

void print_names(const std::vector<get_group>& groups) {
  for (const auto& g : groups)
    for_each_object(g, [&](const Message& m) {
      std::cout << qualified_name(*g.info, metadata_of(m).name()) << "\n";
    });
}

/// Tables, one per kind (blank line between); returns the rows printed.
size_t print_tables(const std::vector<get_group>& groups, print_options opts,
                    column_widths* widths) {
  size_t total = 0;
  for (const auto& g : groups) {
    std::vector<std::vector<std::string>> rows;
    auto row_opts = opts;
    row_opts.with_namespace = opts.with_namespace && g.info->namespaced;
    for (const auto& msg : g.messages)
      for (auto& r : table_rows(*msg, row_opts))
        rows.push_back(std::move(r));
    if (rows.empty())
      continue;
    if (total > 0)
      std::cout << "\n";
    std::cout << format_table(table_columns(g.info->kind, row_opts), rows, widths);
    total += rows.size();
  }
  return total;
}

struct get_command {
  ctl_options opts;
  config::flag_set& flags;
  api_client& api;
  std::vector<get_target> targets;
  print_options print;
};

/// Fetches every target; prints errors as they come. Returns false if any failed.
bool fetch(get_command& c, std::vector<get_group>& groups) {
  bool ok = true;
  for (const auto& t : c.targets) {
    get_group group{t.info, {}};
    auto ns = namespace_for(*t.info, c.flags, true);
    std::vector<api_result> results;
    if (t.names.empty())
      results.push_back(c.api.list(t.info->resource, ns, c.flags.str("selector"),
                                   c.flags.str("field-selector")));
    for (const auto& name : t.names)
      results.push_back(c.api.get(t.info->resource, ns, name));
    for (auto& r : results) {
      if (!r.ok()) {
        std::cerr << format_api_error(r) << "\n";
        ok = false;
        continue;
      }
      auto msg = unpack_any(r.object);
      if (!msg) {
        std::cerr << "error: the server answered with an unknown type '" << r.object.type_url()
                  << "'\n";
        ok = false;
        continue;
      }
      fill_type_meta(*msg, *t.info);
      group.messages.push_back(std::move(msg));
    }
    groups.push_back(std::move(group));
  }
  return ok;
}

std::string no_resources_line(const get_command& c) {
  const auto* info = c.targets.front().info;
  auto ns = namespace_for(*info, c.flags, true);
  if (ns.empty() || c.targets.size() > 1)
    return "No resources found";
  return "No resources found in " + ns + " namespace.";
}

/// Prints what `groups` holds in the chosen format; returns rows/objects printed.
size_t print_groups(get_command& c, const std::vector<get_group>& groups,
                    column_widths* widths) {
  const auto& format = c.opts.output;
  size_t count = 0;
  for (const auto& g : groups)
    for_each_object(g, [&](const Message&) { ++count; });
  bool single = c.targets.size() == 1 && c.targets.front().names.size() == 1 && count == 1;
  if (format == "json" || format == "yaml") {
    if (single)
      print_object(*groups.front().messages.front(), format);
    else if (!c.flags.boolean("watch") || count > 0)
      print_list(groups, format == "yaml");
    return count;
  }
  if (format == "name") {
    print_names(groups);
    return count;
  }
  return print_tables(groups, c.print, widths);
}

std::string list_resource_version(const std::vector<get_group>& groups) {
  for (const auto& msg : groups.front().messages) {
    const auto* field = msg->GetDescriptor()->FindFieldByName("metadata");
    if (field != nullptr && field->message_type() == api::ListMeta::descriptor())
      return static_cast<const api::ListMeta&>(msg->GetReflection()->GetMessage(*msg, field))
        .resource_version();
  }
  return {};
}

int watch(get_command& c, const std::vector<get_group>& groups, column_widths widths,
          bool header_printed);

} // namespace

int run_ctl_get(const ctl_options& common, const std::vector<std::string>& args) {
  config::flag_set flags{"convoy ctl get KIND[,KIND...] [NAME...] | KIND/NAME... [flags]",
                         "Prints objects as kubectl does: tables (NAME READY STATUS RESTARTS AGE "
                         "for pods), -o wide|json|yaml|name; -w keeps printing changes."};
  add_ctl_flags(flags);
  add_namespace_flags(flags, true);
  flags.add_string("selector", "", "label selector, e.g. app=web,tier in (db)", "SELECTOR")
    .alias('l')
    .add_string("field-selector", "", "field selector, e.g. spec.nodeName=n1", "SELECTOR")
    .add_bool("watch", "after printing, print changes as they happen (until Ctrl-C or "
                       "--timeout)")
    .alias('w')
    .add_bool("show-labels", "add a LABELS column")
    .allow_positional("KIND: po, no, rc, rs, deploy, svc, ep, cm, secrets, sa, ns, ev, all, ...");
  auto opts = common;
  if (auto code = parse_verb_flags("get", flags, args, opts))
    return *code;
  std::vector<get_target> targets;
  bool slash_form = false;
  if (auto err = parse_targets(flags.positional(), targets, slash_form))
    return usage_error("ctl get", *err);
  if (flags.boolean("watch") && targets.size() != 1)
    return usage_error("ctl get", "watch is only supported on a single resource type");
  api_client api{opts};
  if (!api.connect_or_report())
    return exit_failure;
  print_options print;
  print.wide = opts.output == "wide";
  print.with_namespace = flags.boolean("all-namespaces");
  print.with_kind = slash_form || targets.size() > 1;
  print.show_labels = flags.boolean("show-labels");
  print.now = std::chrono::system_clock::now();
  get_command c{opts, flags, api, std::move(targets), print};
  std::vector<get_group> groups;
  bool ok = fetch(c, groups);
  column_widths widths;
  auto printed = print_groups(c, groups, &widths);
  bool table = opts.output == "table" || opts.output == "wide";
  if (printed == 0 && ok && table)
    std::cerr << no_resources_line(c) << "\n";
  if (!flags.boolean("watch"))
    return ok ? exit_ok : exit_failure;
  if (!ok)
    return exit_failure;
  std::cout << std::flush; // the current state shows at once, even in a pipe
  return watch(c, groups, std::move(widths), printed > 0 && table);
}

namespace {

/// Prints one watch event; returns false when the watch must end (ERROR).
bool print_event(get_command& c, const apiserver::WatchEvent& ev, column_widths& widths,
                 bool& header_printed) {
  const auto* info = c.targets.front().info;
  auto obj = unpack_any(ev.object());
  if (ev.type() == "ERROR") {
    api_result r;
    if (obj && obj->GetDescriptor() == api::Status::descriptor())
      r.status.CopyFrom(*obj);
    else
      r.status.set_message("watch failed");
    std::cerr << format_api_error(r) << "\n";
    return false;
  }
  if (ev.type() == "BOOKMARK" || !obj)
    return true;
  fill_type_meta(*obj, *info);
  const auto& format = c.opts.output;
  if (format == "json" || format == "yaml") {
    if (format == "yaml" && header_printed)
      std::cout << "---\n";
    print_object(*obj, format);
    header_printed = true;
  } else if (format == "name") {
    std::cout << qualified_name(*info, metadata_of(*obj).name()) << "\n";
  } else {
    auto opts = c.print;
    opts.with_namespace = opts.with_namespace && info->namespaced;
    opts.now = std::chrono::system_clock::now();
    auto row = table_row(*obj, opts);
    if (!header_printed) {
      auto header = table_columns(info->kind, opts);
      widen(widths, header);
      widen(widths, row);
      std::cout << format_line(header, widths);
      header_printed = true;
    }
    widen(widths, row);
    std::cout << format_line(row, widths);
  }
  std::cout << std::flush;
  return true;
}

int watch(get_command& c, const std::vector<get_group>& groups, column_widths widths,
          bool header_printed) {
  const auto& target = c.targets.front();
  apiserver::WatchRequest req;
  req.set_resource(std::string{target.info->resource});
  req.set_namespace_(namespace_for(*target.info, c.flags, true));
  req.set_label_selector(c.flags.str("selector"));
  auto fields = c.flags.str("field-selector");
  if (target.names.size() == 1)
    fields += (fields.empty() ? "" : ",") + std::string{"metadata.name="} + target.names[0];
  req.set_field_selector(fields);
  req.set_resource_version(list_resource_version(groups));
  req.set_watch_id(1);
  caf::scoped_actor self{c.api.session().system()};
  self->monitor(c.api.handle());
  if (auto err = c.api.start_watch(self, req)) {
    std::cerr << *err << "\n";
    return exit_failure;
  }
  auto deadline = std::chrono::steady_clock::now() + c.opts.timeout;
  bool running = true;
  int code = exit_ok;
  auto on_event = [&](apiserver::WatchEvent& ev) {
    if (!print_event(c, ev, widths, header_printed)) {
      running = false;
      code = exit_failure;
    }
  };
  auto on_down = [&](caf::down_msg&) {
    std::cerr << "error: the apiserver went away\n";
    running = false;
    code = exit_failure;
  };
  while (running) {
    if (!c.opts.timeout_given) {
      self->receive(on_event, on_down);
      continue;
    }
    auto left = deadline - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero())
      break;
    self->receive(on_event, on_down, caf::after(left) >> [&] { running = false; });
  }
  c.api.stop_watch(self, 1);
  return code;
}

} // namespace

} // namespace convoy::cli
