// `convoy ctl kill ACTOR` and `convoy ctl raft step-down`: the inspection
// console's actions that change things. The node of --server has the bearer
// token reviewed by an apiserver (RBAC verb "kill" on "actors", "stepdown"
// on "storereplicas"; the apiserver's audit log records the review) and then
// acts, or passes the request to the node that hosts the target.

#include <iostream>

#include "messages/error.hpp"
#include "messages/node/node_actor.hpp"
#include "runtime/cli/command.hpp"
#include "runtime/cli/ctl_session.hpp"
#include "runtime/cli/ctl_verbs.hpp"

namespace convoy::cli {

namespace {

/// A leadership transfer and a fan-out across nodes take longer than a read.
constexpr std::chrono::milliseconds admin_timeout{20000};

int send_admin(const std::string& verb, const ctl_options& opts, node::AdminRequest req) {
  req.set_token(opts.token);
  ctl_session session{opts.server, opts.timeout_given ? opts.timeout : admin_timeout};
  auto node = session.connect<node_info_actor>();
  if (!node) {
    std::cerr << "convoy ctl " << verb << ": " << describe(node.error()) << "\n";
    return exit_failure;
  }
  auto resp = session.ask<node::AdminResponse>(*node, req);
  if (!resp) {
    std::cerr << "convoy ctl " << verb << ": " << describe(resp.error()) << "\n";
    return exit_failure;
  }
  if (opts.output == "json")
    print_message_json(*resp);
  else
    std::cout << resp->result() << " (by " << resp->user() << " on node " << resp->node() << ")\n";
  return exit_ok;
}

void add_reason_flag(config::flag_set& flags) {
  flags.add_string("reason", "", "why (recorded in the node's log with the action)", "TEXT");
}

} // namespace

int run_ctl_kill(const ctl_options& common, const std::vector<std::string>& args) {
  config::flag_set flags{"convoy ctl kill ACTOR [--reason TEXT] [-o json]",
                         "Kills one actor (an id, name or component, optionally X@NODE), as "
                         "Erlang's exit(Pid, kill). Needs RBAC verb kill on actors (cluster-admin "
                         "has it). What supervises the actor decides whether it comes back."};
  add_ctl_flags(flags);
  add_reason_flag(flags);
  flags.allow_positional("ACTOR: an actor id, name or component, optionally as X@NODE");
  auto opts = common;
  if (auto code = parse_verb_flags("kill", flags, args, opts))
    return *code;
  if (flags.positional().size() != 1)
    return usage_error("ctl kill", "expected exactly one ACTOR");
  node::AdminRequest req;
  req.set_action("kill");
  req.set_target(flags.positional().front());
  req.set_reason(flags.str("reason"));
  return send_admin("kill", opts, std::move(req));
}

int run_ctl_raft_step_down(const ctl_options& common, const std::vector<std::string>& args) {
  config::flag_set flags{"convoy ctl raft step-down [--to MEMBER] [--reason TEXT] [-o json]",
                         "Makes the store's Raft leader hand leadership to MEMBER (a store "
                         "member name), or to its most up-to-date follower, like etcdctl "
                         "move-leader. Needs RBAC verb stepdown on storereplicas."};
  add_ctl_flags(flags);
  add_reason_flag(flags);
  flags.add_string("to", "",
                   "the store member to hand leadership to (default: the most "
                   "up-to-date follower)",
                   "MEMBER");
  auto opts = common;
  if (auto code = parse_verb_flags("raft step-down", flags, args, opts))
    return *code;
  if (!flags.positional().empty())
    return usage_error("ctl raft step-down", "unexpected argument '" + flags.positional().front()
                                               + "' (use --to MEMBER)");
  node::AdminRequest req;
  req.set_action("step-down");
  req.set_target(flags.str("to"));
  req.set_reason(flags.str("reason"));
  return send_admin("raft step-down", opts, std::move(req));
}

} // namespace convoy::cli
