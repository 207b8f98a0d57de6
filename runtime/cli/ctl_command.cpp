#include <iostream>

#include "runtime/cli/command.hpp"
#include "runtime/cli/ctl_verbs.hpp"

namespace convoy::cli {

namespace {

struct verb {
  const char* name;
  const char* summary;
  int (*run)(const ctl_options& common, const std::vector<std::string>& args);
};

/// Verbs of ARCHITECTURE.md that later releases implement; they say so.
const std::vector<std::string>& planned_verbs() {
  static const std::vector<std::string> names{};
  return names;
}

const std::vector<verb>& verbs() {
  static const std::vector<verb> all{
    {"node", "describe the node: name, roles, version, uptime, actors, peers", run_ctl_node},
    {"store", "the store (etcd role): get, put, del, watch, status, members, compact",
     run_ctl_store},
    {"get", "list or show objects as kubectl tables (-o wide|json|yaml|name, -w)", run_ctl_get},
    {"describe", "show the details of objects, with their events", run_ctl_describe},
    {"create", "create the objects of manifests (-f FILE|DIR|-)", run_ctl_create},
    {"apply", "create or update objects to match manifests (-f FILE|DIR|-)", run_ctl_apply},
    {"delete", "delete objects (KIND NAME, KIND -l SEL, or -f FILE)", run_ctl_delete},
    {"scale", "set the replicas of an rc, rs or deployment", run_ctl_scale},
    {"rollout", "show a deployment's revisions, or roll it back (history, undo)",
     run_ctl_rollout},
    {"label", "add, change or remove labels of objects", run_ctl_label},
    {"cordon", "mark nodes unschedulable", run_ctl_cordon},
    {"uncordon", "mark nodes schedulable", run_ctl_uncordon},
    {"logs", "print a container's log (-c NAME, -f, --tail N, --previous)", run_ctl_logs},
    {"token", "bootstrap tokens for joining workers (create, list, delete)", run_ctl_token},
    {"actors", "list the actors of every node: mailbox, rates, latency, load", run_ctl_actors},
    {"inspect", "show one actor's counters and its component's summary", run_ctl_inspect},
    {"top", "the busiest actors of the cluster, refreshed (like observer)", run_ctl_top},
    {"trace", "trace the messages an actor handles, or that mention a text", run_ctl_trace},
    {"nodes", "the actor nodes the server reaches, with their actor counts", run_ctl_nodes},
    {"raft", "the store replicas side by side (step-down: move the leadership)", run_ctl_raft},
    {"kill", "kill an actor (needs RBAC verb kill on actors)", run_ctl_kill},
  };
  return all;
}

std::string verb_list() {
  std::string out = "Verbs:\n";
  for (const auto& v : verbs()) {
    std::string name = v.name;
    name.resize(10, ' ');
    out += "  " + name + v.summary + "\n";
  }
  if (planned_verbs().empty()) {
    out.pop_back(); // the help text adds its own line break
    return out;
  }
  out += "  (planned: ";
  for (size_t i = 0; i < planned_verbs().size(); ++i)
    out += (i ? ", " : "") + planned_verbs()[i];
  return out + ")";
}

} // namespace

int run_ctl(const std::vector<std::string>& args) {
  config::flag_set flags{"convoy ctl [--server HOST:PORT] [--token T] [-o FORMAT] VERB [ARGS]",
                         "One-shot client: sends one request to a convoy node and prints the "
                         "answer."};
  add_ctl_flags(flags);
  flags.allow_positional(verb_list()).stop_at_positional();
  if (auto err = flags.parse(args))
    return usage_error("ctl", *err);
  if (flags.help_requested() || flags.positional().empty()) {
    std::cout << flags.help();
    return flags.help_requested() ? exit_ok : exit_usage;
  }
  const auto& name = flags.positional().front();
  std::vector<std::string> rest(flags.positional().begin() + 1, flags.positional().end());
  for (const auto& v : verbs()) {
    if (name != v.name)
      continue;
    ctl_options common;
    if (auto err = read_ctl_flags(flags, common))
      return usage_error("ctl", *err);
    return v.run(common, rest);
  }
  for (const auto& planned : planned_verbs()) {
    if (name == planned) {
      std::cerr << "convoy ctl " << name << ": not implemented yet\n";
      return exit_failure;
    }
  }
  return usage_error("ctl", "unknown verb '" + name + "'");
}

} // namespace convoy::cli
