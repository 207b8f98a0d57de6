#include "script_runner.hpp"

#include <fstream>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "actors/store/raft/raft_core.hpp"

namespace convoy::raft::testing {

namespace {

[[noreturn]] void error(const std::string& what) {
  throw std::runtime_error(what);
}

uint64_t number(const std::string& s) {
  try {
    size_t used = 0;
    auto n = std::stoull(s, &used);
    if (used == s.size())
      return n;
  } catch (const std::exception&) {
    // fall through
  }
  error("expected a number, got '" + s + "'");
}

void need(const std::vector<std::string>& args, size_t n) {
  if (args.size() < n)
    error(args[0] + ": expected at least " + std::to_string(n - 1) + " argument(s)");
}

std::string join(const std::vector<std::string>& xs) {
  std::string out;
  for (const auto& x : xs)
    out += (out.empty() ? "" : " ") + x;
  return out;
}

template <class Ids>
std::string join_ids(const Ids& ids) {
  std::vector<std::string> xs;
  for (auto id : ids)
    xs.push_back(std::to_string(id));
  return join(xs);
}

} // namespace

std::vector<std::string> split_words(const std::string& line) {
  std::istringstream in(line.substr(0, line.find('#')));
  std::vector<std::string> words;
  for (std::string w; in >> w;)
    words.push_back(w);
  return words;
}

script_runner::script_runner(std::ostream* log) : log_(log) {
  // nop
}

script_runner::~script_runner() = default;

test_cluster& script_runner::cluster() {
  if (!cluster_)
    error("no cluster yet: use add-nodes first");
  return *cluster_;
}

std::vector<uint64_t> script_runner::targets(const std::string& who) {
  if (who != "all")
    return {number(who)};
  std::vector<uint64_t> out;
  for (auto id : cluster().ids())
    if (cluster().node(id).alive())
      out.push_back(id);
  return out;
}

std::string script_runner::run_file(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    return path + ": cannot open";
  std::string line;
  for (size_t no = 1; std::getline(in, line); ++no) {
    auto args = split_words(line);
    if (args.empty())
      continue;
    if (log_)
      *log_ << "> " << join(args) << "\n";
    try {
      run(args);
    } catch (const std::exception& e) {
      return path + ":" + std::to_string(no) + ": " + e.what();
    }
    if (cluster_ && !cluster_->checker().ok())
      return path + ":" + std::to_string(no) + ": " + cluster_->checker().failure();
  }
  return {};
}

void script_runner::run(const std::vector<std::string>& args) {
  const auto& cmd = args[0];
  if (cmd == "options") {
    set_options(args);
  } else if (cmd == "add-nodes") {
    need(args, 2);
    cluster_ = std::make_unique<test_cluster>(opts_);
    if (log_)
      cluster_->trace = [this](const std::string& s) { *log_ << "  " << s << "\n"; };
    cluster_->add_nodes(number(args[1]));
  } else if (cmd == "add-node" || cmd == "add-learner" || cmd == "remove-node") {
    need(args, 2);
    auto type = cmd == "add-node"      ? CONF_CHANGE_ADD_NODE
                : cmd == "add-learner" ? CONF_CHANGE_ADD_LEARNER
                                       : CONF_CHANGE_REMOVE_NODE;
    change_membership(type, number(args[1]));
  } else if (cmd == "status") {
    print_status();
  } else if (cmd == "expect-dropped") {
    need(args, 2);
    std::vector<std::string> inner(args.begin() + 1, args.end());
    auto err = request(inner);
    if (err != raft_errc::proposal_dropped)
      error(join(inner) + ": expected the request to be dropped, got " + to_string(err));
  } else if (cmd.rfind("expect-", 0) == 0) {
    expect(args);
  } else if (!drive(args)) {
    auto err = request(args);
    if (err != raft_errc::ok)
      error(join(args) + ": " + to_string(err));
  }
}

bool script_runner::drive(const std::vector<std::string>& args) {
  const auto& cmd = args[0];
  auto id = [&] {
    need(args, 2);
    return number(args[1]);
  };
  if (cmd == "stabilize") {
    cluster().stabilize();
  } else if (cmd == "tick" || cmd == "tick-election" || cmd == "tick-heartbeat") {
    int n = cmd == "tick-election"    ? 2 * opts_.election_tick
            : cmd == "tick-heartbeat" ? opts_.heartbeat_tick
            : args.size() > 2         ? static_cast<int>(number(args[2]))
                                      : 1;
    cluster().tick(id(), n);
  } else if (cmd == "tick-all") {
    cluster().tick_all(args.size() > 1 ? static_cast<int>(number(args[1])) : 1);
  } else if (cmd == "run-ticks") {
    for (uint64_t i = 0, n = id(); i < n; ++i) {
      cluster().tick_all();
      cluster().stabilize();
    }
  } else if (cmd == "partition") {
    std::vector<std::vector<uint64_t>> groups(1);
    for (size_t i = 1; i < args.size(); ++i) {
      if (args[i] == "/")
        groups.emplace_back();
      else
        groups.back().push_back(number(args[i]));
    }
    cluster().partition(groups);
  } else if (cmd == "isolate") {
    cluster().isolate(id());
  } else if (cmd == "heal") {
    cluster().heal();
  } else if (cmd == "crash") {
    cluster().crash(id());
  } else if (cmd == "restart") {
    cluster().restart(id());
  } else if (cmd == "compact") {
    need(args, 3);
    cluster().compact(id(), number(args[2]));
  } else {
    return false;
  }
  return true;
}

void script_runner::set_options(const std::vector<std::string>& args) {
  for (size_t i = 1; i < args.size(); ++i) {
    auto eq = args[i].find('=');
    if (eq == std::string::npos)
      error("options: expected key=value, got '" + args[i] + "'");
    auto key = args[i].substr(0, eq);
    auto value = args[i].substr(eq + 1);
    if (key == "pre-vote")
      opts_.pre_vote = value == "true";
    else if (key == "check-quorum")
      opts_.check_quorum = value == "true";
    else if (key == "election")
      opts_.election_tick = static_cast<int>(number(value));
    else if (key == "heartbeat")
      opts_.heartbeat_tick = static_cast<int>(number(value));
    else if (key == "max-msg-size")
      opts_.max_size_per_msg = number(value);
    else if (key == "max-inflight")
      opts_.max_inflight_msgs = number(value);
    else
      error("options: unknown key '" + key + "'");
  }
}

raft_errc script_runner::request(const std::vector<std::string>& args) {
  const auto& cmd = args[0];
  auto& c = cluster();
  if (cmd == "campaign") {
    need(args, 2);
    return c.campaign(number(args[1]));
  }
  if (cmd == "propose") {
    need(args, 3);
    return c.propose(number(args[1]), args[2]);
  }
  if (cmd == "read-index") {
    need(args, 3);
    return c.read_index(number(args[1]), args[2]);
  }
  if (cmd == "transfer-leader") {
    need(args, 3);
    return c.transfer_leader(number(args[1]), number(args[2]));
  }
  if (cmd == "propose-conf-change") {
    // propose-conf-change VIA add|remove|learner ID
    need(args, 4);
    auto type = args[2] == "add"      ? CONF_CHANGE_ADD_NODE
                : args[2] == "remove" ? CONF_CHANGE_REMOVE_NODE
                                      : CONF_CHANGE_ADD_LEARNER;
    return c.propose_conf_change(number(args[1]), type, number(args[3]));
  }
  error("unknown command '" + cmd + "'");
}

void script_runner::change_membership(ConfChangeType type, uint64_t id) {
  auto& c = cluster();
  auto lead = c.leader();
  if (lead == none)
    error("no leader to propose the membership change to");
  if (type != CONF_CHANGE_REMOVE_NODE && !c.has_node(id))
    c.add_empty_node(id);
  auto err = c.propose_conf_change(lead, type, id);
  if (err != raft_errc::ok)
    error("membership change refused: " + std::string(to_string(err)));
}

void script_runner::expect(const std::vector<std::string>& args) {
  const auto& cmd = args[0];
  auto& c = cluster();
  need(args, 2);
  if (cmd == "expect-leader") {
    auto lead = c.leader();
    if (args[1] == "any" ? lead == none : lead != (args[1] == "none" ? none : number(args[1])))
      error("expected leader " + args[1] + ", got " + std::to_string(lead));
  } else if (cmd == "expect-voters" || cmd == "expect-learners") {
    expect_node_lists(args);
  } else {
    need(args, 3);
    for (auto id : targets(args[1]))
      expect_on(id, args);
  }
}

void script_runner::expect_on(uint64_t id, const std::vector<std::string>& args) {
  const auto& cmd = args[0];
  const auto& nd = cluster().node(id);
  auto who = "node " + std::to_string(id) + ": ";
  if (!nd.alive())
    error(who + "is crashed");
  auto st = nd.rn->basic_status();
  std::vector<std::string> want(args.begin() + 2, args.end());
  std::vector<std::string> got;
  if (cmd == "expect-role") {
    got = {to_string(st.soft.state)};
  } else if (cmd == "expect-term") {
    got = {std::to_string(st.hard_state.term())};
  } else if (cmd == "expect-commit") {
    got = {std::to_string(st.hard_state.commit())};
  } else if (cmd == "expect-applied") {
    got = nd.state.empty() ? std::vector<std::string>{"-"} : nd.state;
  } else if (cmd == "expect-log") {
    std::vector<Entry> ents;
    nd.storage.entries(nd.storage.first_index(), nd.storage.last_index() + 1, no_limit, ents);
    for (const auto& e : ents)
      got.push_back(render(e));
  } else if (cmd == "expect-first-index") {
    got = {std::to_string(nd.storage.first_index())};
  } else if (cmd == "expect-read") {
    need(args, 4);
    want = {args[3]};
    got = {"none"};
    for (const auto& rs : nd.reads)
      if (rs.request_ctx == args[2])
        got = {std::to_string(rs.index)};
  } else {
    error("unknown assertion '" + cmd + "'");
  }
  if (got != want)
    error(who + cmd.substr(7) + ": expected [" + join(want) + "], got [" + join(got) + "]");
}

void script_runner::expect_node_lists(const std::vector<std::string>& args) {
  std::vector<uint64_t> want;
  for (size_t i = 2; i < args.size(); ++i)
    want.push_back(number(args[i]));
  for (auto id : targets(args[1])) {
    const auto& conf = cluster().node(id).conf;
    const auto& ids = args[0] == "expect-voters" ? conf.voters() : conf.learners();
    std::vector<uint64_t> got(ids.begin(), ids.end());
    if (got != want)
      error("node " + std::to_string(id) + ": expected " + args[0].substr(7) + " ["
            + join_ids(want) + "], got [" + join_ids(got) + "]");
  }
}

void script_runner::print_status() {
  if (!log_)
    return;
  for (auto id : cluster().ids()) {
    const auto& nd = cluster().node(id);
    if (!nd.alive()) {
      *log_ << "  node " << id << ": crashed\n";
      continue;
    }
    auto st = nd.rn->status();
    *log_ << "  node " << id << ": " << to_string(st.soft.state) << " term "
          << st.hard_state.term() << " commit " << st.hard_state.commit() << " applied "
          << st.applied << " log " << nd.storage.first_index() << ".."
          << nd.storage.last_index() << "\n";
    for (const auto& [peer, pr] : st.progress_by_id)
      *log_ << "    " << peer << ": " << pr.to_string() << "\n";
  }
}

} // namespace convoy::raft::testing
