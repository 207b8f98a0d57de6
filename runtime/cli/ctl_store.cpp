// `convoy ctl store ...`: the etcdctl of convoy's store (get, put, del, watch,
// status, members, compact), talking to the store replica of --server.

#include <iostream>

#include <google/protobuf/util/json_util.h>

#include "caf/event_based_actor.hpp"
#include "caf/scoped_actor.hpp"

#include "messages/store/store_actor.hpp"
#include "runtime/cli/command.hpp"
#include "runtime/cli/ctl_session.hpp"
#include "runtime/cli/ctl_verbs.hpp"
#include "runtime/cli/table.hpp"

namespace convoy::cli {

namespace {

/// etcd's prefix convention: range_end = key with its last byte + 1.
std::string prefix_end(std::string key) {
  while (!key.empty()) {
    if (static_cast<unsigned char>(key.back()) < 0xff) {
      key.back() = static_cast<char>(key.back() + 1);
      return key;
    }
    key.pop_back();
  }
  return std::string(1, '\0'); // every key
}

void print_json(const google::protobuf::Message& msg) {
  std::string json;
  google::protobuf::util::JsonPrintOptions opts;
  opts.add_whitespace = true;
  (void) google::protobuf::util::MessageToJsonString(msg, &json, opts);
  std::cout << json;
}

int fail(const std::string& verb, const caf::error& err) {
  std::cerr << "convoy ctl store " << verb << ": " << describe(err) << "\n";
  return exit_failure;
}

struct store_command {
  std::string verb;
  ctl_options opts;
  config::flag_set& flags;
  ctl_session& session;
  store_actor store;
};

int store_get(store_command& c) {
  const auto& args = c.flags.positional();
  if (args.size() != 1)
    return usage_error("ctl store get", "expected exactly one KEY");
  store::RangeRequest req;
  req.set_key(args[0]);
  if (c.flags.boolean("prefix"))
    req.set_range_end(prefix_end(args[0]));
  req.set_keys_only(c.flags.boolean("keys-only"));
  req.set_revision(c.flags.integer("rev"));
  req.set_limit(c.flags.integer("limit"));
  auto resp = c.session.ask<store::RangeResponse>(c.store, req);
  if (!resp)
    return fail(c.verb, resp.error());
  if (c.opts.output == "json") {
    print_json(*resp);
    return exit_ok;
  }
  for (const auto& kv : resp->kvs()) {
    std::cout << kv.key() << "\n";
    std::cout << (req.keys_only() ? "" : kv.value()) << "\n";
  }
  return exit_ok;
}

int store_put(store_command& c) {
  const auto& args = c.flags.positional();
  if (args.size() != 2)
    return usage_error("ctl store put", "expected KEY VALUE");
  store::PutRequest req;
  req.set_key(args[0]);
  req.set_value(args[1]);
  req.set_lease(c.flags.integer("lease"));
  auto resp = c.session.ask<store::PutResponse>(c.store, req);
  if (!resp)
    return fail(c.verb, resp.error());
  if (c.opts.output == "json")
    print_json(*resp);
  else
    std::cout << "OK (revision " << resp->header().revision() << ")\n";
  return exit_ok;
}

int store_del(store_command& c) {
  const auto& args = c.flags.positional();
  if (args.size() != 1)
    return usage_error("ctl store del", "expected exactly one KEY");
  store::DeleteRangeRequest req;
  req.set_key(args[0]);
  if (c.flags.boolean("prefix"))
    req.set_range_end(prefix_end(args[0]));
  auto resp = c.session.ask<store::DeleteRangeResponse>(c.store, req);
  if (!resp)
    return fail(c.verb, resp.error());
  if (c.opts.output == "json")
    print_json(*resp);
  else
    std::cout << resp->deleted() << "\n";
  return exit_ok;
}

int store_compact(store_command& c) {
  const auto& args = c.flags.positional();
  if (args.size() != 1)
    return usage_error("ctl store compact", "expected REVISION");
  store::CompactionRequest req;
  try {
    req.set_revision(std::stoll(args[0]));
  } catch (const std::exception&) {
    return usage_error("ctl store compact", "REVISION '" + args[0] + "' is not a number");
  }
  auto resp = c.session.ask<store::CompactionResponse>(c.store, req);
  if (!resp)
    return fail(c.verb, resp.error());
  std::cout << "compacted revision " << req.revision() << "\n";
  return exit_ok;
}

int store_members(store_command& c) {
  auto resp = c.session.ask<store::MemberListResponse>(c.store, store::MemberListRequest{});
  if (!resp)
    return fail(c.verb, resp.error());
  if (c.opts.output == "json") {
    print_json(*resp);
    return exit_ok;
  }
  table t{{"ID", "NAME", "ADDRESS"}};
  for (const auto& m : resp->members()) {
    char id[17];
    std::snprintf(id, sizeof(id), "%016llx", static_cast<unsigned long long>(m.id()));
    t.add_row({id, m.name(), m.peerurls_size() ? m.peerurls(0) : ""});
  }
  t.print(std::cout);
  return exit_ok;
}

std::string hex(uint64_t x) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(x));
  return buf;
}

/// Asks `store` for the members, then each replica for its status.
std::optional<caf::error> for_each_replica(ctl_session& session, const store_actor& store,
                                           const replica_visitor& visit) {
  auto members = session.ask<store::MemberListResponse>(store, store::MemberListRequest{});
  if (!members)
    return members.error();
  for (const auto& m : members->members()) {
    std::string error;
    auto addr = net::host_port::parse(m.peerurls_size() ? m.peerurls(0) : "", error);
    caf::expected<store::StatusResponse> st{caf::error{}};
    if (addr) {
      auto replica = session.lookup<store_actor>("store", &*addr);
      st = replica ? session.ask<store::StatusResponse>(*replica, store::StatusRequest{})
                   : caf::expected<store::StatusResponse>{replica.error()};
    }
    if (addr && st)
      visit(m, &*st, "");
    else
      visit(m, nullptr, addr ? describe(st.error()) : error);
  }
  return std::nullopt;
}

int store_status(store_command& c) {
  table t{{"ID", "NAME", "ADDRESS", "LEADER", "TERM", "COMMIT", "APPLIED", "REVISION",
           "DB SIZE"}};
  int failures = 0;
  auto row = [&](const store::Member& m, const store::StatusResponse* st, const std::string&) {
    if (!st) {
      ++failures;
      t.add_row({hex(m.id()), m.name(), m.peerurls_size() ? m.peerurls(0) : "-",
                 "unreachable", "-", "-", "-", "-", "-"});
      return;
    }
    t.add_row({hex(m.id()), m.name(), m.peerurls(0),
               st->leader() == m.id() ? "yes" : "no (" + hex(st->leader()) + ")",
               std::to_string(st->raftterm()), std::to_string(st->raftindex()),
               std::to_string(st->raftappliedindex()), std::to_string(st->header().revision()),
               std::to_string(st->dbsize())});
  };
  if (auto err = for_each_replica(c.session, c.store, row))
    return fail(c.verb, *err);
  t.print(std::cout);
  return failures == 0 ? exit_ok : exit_failure;
}

/// Prints events until --count events arrived (0: until interrupted).
int store_watch(store_command& c) {
  const auto& args = c.flags.positional();
  if (args.size() != 1)
    return usage_error("ctl store watch", "expected exactly one KEY");
  store::WatchCreateRequest req;
  req.set_key(args[0]);
  if (c.flags.boolean("prefix"))
    req.set_range_end(prefix_end(args[0]));
  req.set_start_revision(c.flags.integer("rev"));
  auto limit = c.flags.integer("count");
  caf::scoped_actor self{c.session.system()};
  self->request(c.store, caf::infinite, req, caf::actor{self})
    .receive([](store::WatchResponse&) {}, [&](caf::error& err) { fail(c.verb, err); });
  int64_t seen = 0;
  bool done = false;
  while (!done && (limit == 0 || seen < limit)) {
    self->receive([&](store::WatchResponse& resp) {
      if (resp.canceled()) {
        std::cerr << "watch canceled: " << resp.cancel_reason() << "\n";
        done = true;
      }
      for (const auto& e : resp.events()) {
        std::cout << (e.type() == store::Event::PUT ? "PUT" : "DELETE") << "\n"
                  << e.kv().key() << "\n"
                  << e.kv().value() << "\n"
                  << std::flush;
        ++seen;
      }
    });
  }
  return done ? exit_failure : exit_ok;
}

} // namespace

std::optional<std::string> visit_store_replicas(ctl_session& session,
                                                const replica_visitor& visit) {
  auto store = session.lookup<store_actor>("store");
  if (!store)
    return describe(store.error());
  if (auto err = for_each_replica(session, *store, visit))
    return describe(*err);
  return std::nullopt;
}

int run_ctl_store(const ctl_options& common, const std::vector<std::string>& args) {
  static const std::vector<std::pair<std::string, int (*)(store_command&)>> verbs{
    {"get", store_get},         {"put", store_put},         {"del", store_del},
    {"watch", store_watch},     {"status", store_status},   {"members", store_members},
    {"compact", store_compact},
  };
  if (args.empty())
    return usage_error("ctl store", "expected a store verb: get, put, del, watch, status, "
                                    "members, compact");
  auto verb = args.front();
  auto i = std::find_if(verbs.begin(), verbs.end(), [&](auto& v) { return v.first == verb; });
  if (i == verbs.end())
    return usage_error("ctl store", "unknown store verb '" + verb + "'");
  config::flag_set flags{"convoy ctl store " + verb + " [ARGS] [flags]",
                         "Store (etcd role) command; keys are plain strings, e.g. "
                         "/registry/pods/default/web."};
  add_ctl_flags(flags);
  flags.add_bool("prefix", "act on every key with this prefix")
    .add_bool("keys-only", "print keys only")
    .add_int("rev", 0, 0, INT64_MAX, "read at (or watch from) this revision")
    .add_int("limit", 0, 0, INT64_MAX, "return at most this many keys")
    .add_int("lease", 0, 0, INT64_MAX, "attach the key to this lease")
    .add_int("count", 0, 0, INT64_MAX, "watch: stop after this many events")
    .allow_positional("ARGS: the verb's KEY, VALUE or REVISION");
  auto opts = common;
  if (auto code = parse_verb_flags("store " + verb, flags,
                                   std::vector<std::string>(args.begin() + 1, args.end()), opts))
    return *code;
  ctl_session session{opts.server, opts.timeout};
  auto store = session.lookup<store_actor>("store");
  if (!store)
    return fail(verb, store.error());
  store_command c{verb, opts, flags, session, *store};
  return i->second(c);
}

} // namespace convoy::cli
