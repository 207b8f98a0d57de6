#include "runtime/cli/console_commands.hpp"

#include <algorithm>
#include <array>

namespace convoy::cli {

namespace {

/// Verbs that always write, and verbs that write only with one of their
/// subcommands ("store get" reads, "store put" writes).
constexpr std::array<std::string_view, 9> writing_verbs{
  "apply", "create", "delete", "scale", "label", "cordon", "uncordon", "edit", "kill"};

struct writing_subcommand {
  std::string_view verb;
  std::string_view sub;
};

constexpr std::array<writing_subcommand, 7> writing_subcommands{{
  {"rollout", "undo"},
  {"raft", "step-down"},
  {"store", "put"},
  {"store", "del"},
  {"store", "compact"},
  {"token", "create"},
  {"token", "delete"},
}};

} // namespace

const std::vector<console_verb>& console_verbs() {
  using a = console_args;
  static const std::vector<console_verb> all{
    {"actors", "list the actors of every node: mailbox, rates, latency, busy", a::actors},
    {"inspect", "one actor's counters and its component's own summary", a::actors},
    {"top", "actors by load, refreshed until Ctrl-C", a::actors},
    {"trace", "the messages actors handle (ACTOR|TEXT --count N --for DURATION)", a::actors},
    {"raft", "the store replicas' Raft state (step-down [--to MEMBER]: --admin)", a::none},
    {"kill", "kill an actor (--admin; RBAC verb kill on actors)", a::actors},
    {"nodes", "the actor nodes of the cluster and their peers", a::none},
    {"node", "describe the node: name, roles, version, uptime, actors, peers", a::none},
    {"get", "list or show objects as kubectl tables (-o wide|json|yaml|name)", a::kinds},
    {"describe", "show the details of objects, with their events", a::kinds},
    {"watch", "get KIND -w: print changes until Ctrl-C", a::kinds},
    {"logs", "print a container's log (-c NAME, --tail N, --previous)", a::none},
    {"store", "the store (etcd role): get, watch, status, members (put, del, compact: --admin)",
     a::none},
    {"rollout", "a deployment's revisions (history; undo: --admin)", a::kinds},
    {"token", "bootstrap tokens (list; create, delete: --admin)", a::none},
    {"create", "create objects of manifests (--admin)", a::none},
    {"apply", "create or update objects to match manifests (--admin)", a::none},
    {"delete", "delete objects (--admin)", a::kinds},
    {"scale", "set the replicas of an rc, rs or deployment (--admin)", a::kinds},
    {"label", "change labels of objects (--admin)", a::kinds},
    {"cordon", "mark nodes unschedulable (--admin)", a::none},
    {"uncordon", "mark nodes schedulable (--admin)", a::none},
    {"help", "this list, then the flags of ctl", a::none},
    {"exit", "leave the console (also quit, Ctrl-D)", a::none},
    {"quit", "leave the console", a::none},
  };
  return all;
}

const std::vector<std::string>& console_kinds() {
  static const std::vector<std::string> kinds = [] {
    std::vector<std::string> k{
      "pods", "po", "nodes", "no", "services", "svc", "endpoints", "ep",
      "replicationcontrollers", "rc", "replicasets", "rs", "deployments", "deploy",
      "configmaps", "cm", "secrets", "namespaces", "ns", "events", "ev",
      "serviceaccounts", "sa", "roles", "rolebindings", "clusterroles",
      "clusterrolebindings", "leases", "all"};
    std::sort(k.begin(), k.end());
    return k;
  }();
  return kinds;
}

std::optional<std::string> tokenize_console_line(std::string_view line,
                                                 std::vector<std::string>& out) {
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word)
        out.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\\') {
      if (++i == line.size())
        return std::string{"the line ends in a lone backslash"};
      word += line[i];
    } else if (c == '\'') {
      auto close = line.find('\'', i + 1);
      if (close == std::string_view::npos)
        return std::string{"unterminated ' quote"};
      word.append(line.substr(i + 1, close - i - 1));
      i = close;
    } else if (c == '"') {
      for (++i; i < line.size() && line[i] != '"'; ++i) {
        if (line[i] == '\\' && i + 1 < line.size()
            && (line[i + 1] == '"' || line[i + 1] == '\\'))
          ++i;
        word += line[i];
      }
      if (i == line.size())
        return std::string{"unterminated \" quote"};
    } else {
      word += c;
    }
  }
  if (in_word)
    out.push_back(std::move(word));
  return std::nullopt;
}

std::vector<std::string> expand_console_alias(std::vector<std::string> words) {
  if (words.empty() || words[0] != "watch")
    return words;
  words[0] = "get";
  words.insert(words.begin() + 1, "-w");
  return words;
}

std::optional<std::string> write_command_of(const std::vector<std::string>& words) {
  // Judged by every word, not by parsing flags: a flag whose value the guard
  // did not know about would otherwise hide the verb and let a write through.
  // Refusing `get pods delete` (a pod named delete) is the safe mistake.
  for (size_t i = 0; i < words.size(); ++i) {
    const auto& word = words[i];
    if (std::find(writing_verbs.begin(), writing_verbs.end(), word) != writing_verbs.end())
      return word;
    for (const auto& w : writing_subcommands)
      if (word == w.verb && std::find(words.begin() + static_cast<ptrdiff_t>(i) + 1, words.end(),
                                      w.sub) != words.end())
        return word + " " + std::string{w.sub};
  }
  return std::nullopt;
}

} // namespace convoy::cli
