#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "net/address/host_port.hpp"
#include "runtime/config/flag_set.hpp"

namespace google::protobuf {
class Message;
} // namespace google::protobuf

namespace convoy::store {
class Member;
class StatusResponse;
} // namespace convoy::store

namespace convoy::cli {

class ctl_session;

/// Flags every ctl verb accepts, before or after the verb.
struct ctl_options {
  net::host_port server;
  /// table (default), wide, json, yaml or name; verbs that have no use for
  /// one of them print their table (wide, name) or JSON (yaml).
  std::string output = "table";
  std::chrono::milliseconds timeout{5000};
  /// True if the user gave --timeout (`get -w` then stops after it; otherwise
  /// it watches until interrupted).
  bool timeout_given = false;
  /// Bearer token sent as RequestMeta.token: --token, else $CONVOY_TOKEN,
  /// else the contents of ./convoy-data/admin.token (written by `convoy up`).
  std::string token;
};

/// Adds --server, -o/--output, --timeout and --token.
void add_ctl_flags(config::flag_set& flags);

/// Reads the common flags from `flags`; `fallback` supplies the values given
/// before the verb (flags after the verb win).
std::optional<std::string> read_ctl_flags(const config::flag_set& flags, ctl_options& out,
                                          const ctl_options* fallback = nullptr);

/// Parses a verb's arguments with its flag set (which includes the common
/// flags); returns an exit code if the verb must stop (help, usage error).
std::optional<int> parse_verb_flags(const std::string& verb, config::flag_set& flags,
                                    const std::vector<std::string>& args,
                                    ctl_options& common);

/// The token when --token is not given: $CONVOY_TOKEN, else a client
/// certificate credential signed with $CONVOY_TLS_KEY for $CONVOY_TLS_CERT
/// (the apiserver authenticates the certificate's CN), else the first line
/// of `token_file` if it exists, else empty.
std::string default_token(const std::string& token_file = "convoy-data/admin.token");

int run_ctl_node(const ctl_options& common, const std::vector<std::string>& args);
int run_ctl_store(const ctl_options& common, const std::vector<std::string>& args);

// Kubernetes API verbs (talk to the apiserver of --server).
int run_ctl_get(const ctl_options& common, const std::vector<std::string>& args);
int run_ctl_describe(const ctl_options& common, const std::vector<std::string>& args);
int run_ctl_create(const ctl_options& common, const std::vector<std::string>& args);
int run_ctl_apply(const ctl_options& common, const std::vector<std::string>& args);
int run_ctl_delete(const ctl_options& common, const std::vector<std::string>& args);
int run_ctl_scale(const ctl_options& common, const std::vector<std::string>& args);
int run_ctl_rollout(const ctl_options& common, const std::vector<std::string>& args);
int run_ctl_label(const ctl_options& common, const std::vector<std::string>& args);
int run_ctl_cordon(const ctl_options& common, const std::vector<std::string>& args);
int run_ctl_uncordon(const ctl_options& common, const std::vector<std::string>& args);
int run_ctl_logs(const ctl_options& common, const std::vector<std::string>& args);
/// Bootstrap tokens for joining workers (ctl_token.cpp).
int run_ctl_token(const ctl_options& common, const std::vector<std::string>& args);

// Inspection verbs (ctl_inspect.cpp, ctl_top.cpp, ctl_trace.cpp): ask the
// node actor of --server, which fans out to every node it knows.
int run_ctl_actors(const ctl_options& common, const std::vector<std::string>& args);
int run_ctl_top(const ctl_options& common, const std::vector<std::string>& args);
int run_ctl_inspect(const ctl_options& common, const std::vector<std::string>& args);
int run_ctl_trace(const ctl_options& common, const std::vector<std::string>& args);
int run_ctl_nodes(const ctl_options& common, const std::vector<std::string>& args);
int run_ctl_raft(const ctl_options& common, const std::vector<std::string>& args);

// Actions that change things (ctl_admin.cpp): the node of --server has the
// token reviewed by an apiserver, then acts where the target lives.
int run_ctl_kill(const ctl_options& common, const std::vector<std::string>& args);
int run_ctl_raft_step_down(const ctl_options& common, const std::vector<std::string>& args);

/// Prints `msg` as protobuf JSON with every field (zeros too) and a final
/// newline; `one_line` drops the indentation (top prints one object a line).
void print_message_json(const google::protobuf::Message& msg, bool one_line = false);

/// Called once per store replica: its member entry, then its status, or
/// nullptr and the reason it did not answer.
using replica_visitor = std::function<void(const store::Member& member,
                                           const store::StatusResponse* status,
                                           const std::string& error)>;

/// What `store status` shows (ctl_store.cpp), for `raft` to reuse: asks the
/// store of --server for the members, then each replica for its status.
/// Returns why the member list could not be fetched, if it could not.
std::optional<std::string> visit_store_replicas(ctl_session& session,
                                                const replica_visitor& visit);

} // namespace convoy::cli
