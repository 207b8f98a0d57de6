// Seeded randomized runs of 3- and 5-node clusters (TigerBeetle-style): a
// chaos phase where the network drops, duplicates and reorders messages,
// partitions come and go (often cutting the leader off), nodes crash (losing
// what they had not persisted) and restart, logs are compacted, leadership is
// transferred and members are added and removed, with client proposals and
// reads throughout; Raft's safety properties are checked after every event.
// Then a healing phase (no faults) must elect a leader and make every member
// apply the same sequence, including every payload any node ever applied.
//
//   CONVOY_RAFT_RUNS=N   number of runs (default 2000, seeds 1..N)
//   CONVOY_RAFT_SEED=S   replay only seed S, printing its whole trace

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <random>
#include <set>

#include <boost/test/unit_test.hpp>

#include "test_cluster.hpp"

using namespace convoy::raft;
using namespace convoy::raft::testing;

namespace {

uint64_t env_number(const char* name, uint64_t fallback) {
  auto* s = std::getenv(name);
  return s ? std::strtoull(s, nullptr, 10) : fallback;
}

/// Figures of finished runs: how much they exercised.
struct figures {
  uint64_t terms = 0;
  uint64_t proposals = 0;
  uint64_t accepted = 0;
  uint64_t applied_payloads = 0;
  uint64_t reads_served = 0;
  uint64_t conf_changes = 0;

  void add(const figures& x) {
    terms += x.terms;
    proposals += x.proposals;
    accepted += x.accepted;
    applied_payloads += x.applied_payloads;
    reads_served += x.reads_served;
    conf_changes += x.conf_changes;
  }
};

class simulation {
public:
  static constexpr int chaos_steps = 2500;
  static constexpr uint64_t max_ids = 8;

  simulation(uint64_t seed, bool verbose) : rng_(seed), verbose_(verbose) {
    founders_ = seed % 2 == 0 ? 3 : 5;
    node_options opts;
    const int elections[] = {4, 6, 10};
    opts.election_tick = elections[pick(3)];
    opts.heartbeat_tick = 1 + static_cast<int>(pick(2));
    opts.pre_vote = pick(4) != 0;
    opts.check_quorum = pick(4) != 0;
    const uint64_t sizes[] = {1, 64, 1024 * 1024};
    opts.max_size_per_msg = sizes[pick(3)];
    const size_t windows[] = {1, 2, 4, 256};
    opts.max_inflight_msgs = windows[pick(4)];
    const int storms[] = {0, 1, 3};
    storm_ = storms[pick(3)];
    cluster_ = std::make_unique<test_cluster>(opts, seed);
    cluster_->trace = [this](const std::string& s) { note(s); };
    note("SEED=" + std::to_string(seed) + " nodes=" + std::to_string(founders_)
         + " pre_vote=" + std::to_string(opts.pre_vote)
         + " check_quorum=" + std::to_string(opts.check_quorum)
         + " election=" + std::to_string(opts.election_tick)
         + " heartbeat=" + std::to_string(opts.heartbeat_tick)
         + " max_msg=" + std::to_string(opts.max_size_per_msg)
         + " inflight=" + std::to_string(opts.max_inflight_msgs)
         + " storm=" + std::to_string(storm_));
  }

  /// "" when every check passed, else what failed.
  std::string run() {
    try {
      cluster_->add_nodes(founders_);
      for (int step = 0; step < chaos_steps; ++step) {
        chaos_event();
        if (auto err = check(); !err.empty())
          return err;
      }
      return heal_and_converge();
    } catch (const std::exception& e) {
      return std::string("exception: ") + e.what();
    }
  }

  const std::deque<std::string>& trace() const {
    return trace_;
  }

  figures stats() const {
    auto f = stats_;
    for (auto id : cluster_->ids()) {
      const auto& nd = cluster_->node(id);
      f.reads_served += nd.reads.size();
      if (nd.alive())
        f.terms = std::max(f.terms, nd.rn->basic_status().hard_state.term());
    }
    f.applied_payloads = cluster_->checker().applied_payloads().size();
    return f;
  }

private:
  // -- randomness ---------------------------------------------------------------

  uint64_t pick(uint64_t n) {
    return rng_() % n;
  }

  uint64_t random_node() {
    auto ids = cluster_->ids();
    return ids[pick(ids.size())];
  }

  uint64_t random_live_node() {
    for (int i = 0; i < 10; ++i)
      if (auto id = random_node(); cluster_->node(id).alive())
        return id;
    return none;
  }

  void note(const std::string& s) {
    if (verbose_)
      std::cout << s << "\n";
    trace_.push_back(s);
    if (trace_.size() > 300)
      trace_.pop_front();
  }

  std::string check() {
    cluster_->checker().on_state(*cluster_);
    return cluster_->checker().failure();
  }

  // -- chaos phase --------------------------------------------------------------

  // Event weights of the chaos phase: mostly normal operation, with enough
  // faults that most runs see several crashes, partitions and elections.
  enum event {
    deliver, lose, duplicate, ready, tick, propose, read, partition, heal, crash, restart,
    compact, transfer, membership, event_count
  };
  static constexpr int weights[event_count] = {450, 20, 15, 250, 60, 120, 40,
                                               4,   3,  5,  6,   15, 8,  6};

  /// Runs differ in how stormy they are: the weight of partitions and
  /// crashes is scaled by 0 (only message faults), 1 or 3.
  int weight(int e) const {
    return e == partition || e == crash ? weights[e] * storm_ : weights[e];
  }

  event pick_event() {
    int sum = 0;
    for (int e = 0; e < event_count; ++e)
      sum += weight(e);
    auto roll = static_cast<int>(pick(static_cast<uint64_t>(sum)));
    for (int e = 0; e < event_count; ++e) {
      if (roll < weight(e))
        return static_cast<event>(e);
      roll -= weight(e);
    }
    return tick;
  }

  void chaos_event() {
    auto& c = *cluster_;
    auto& net = c.in_flight();
    switch (auto e = pick_event()) {
      case deliver:
        if (!net.empty())
          c.deliver(pick(net.size()));
        break;
      case lose:
        if (!net.empty())
          lose_message(pick(net.size()));
        break;
      case duplicate:
        if (!net.empty())
          net.push_back(net[pick(net.size())]);
        break;
      case ready:
        if (auto id = random_live_node())
          c.process_ready(id);
        break;
      case tick:
        c.tick_all(); // one unit of time passes for every live node
        break;
      case propose:
        if (auto id = random_live_node()) {
          ++stats_.proposals;
          if (c.propose(id, "p" + std::to_string(stats_.proposals)) == raft_errc::ok)
            ++stats_.accepted;
        }
        break;
      case read:
        if (auto id = random_live_node())
          c.read_index(id, "r" + std::to_string(++reads_));
        break;
      default:
        fault_event(e);
    }
  }

  void lose_message(size_t i) {
    auto& c = *cluster_;
    auto m = std::move(c.in_flight()[i]);
    c.in_flight().erase(c.in_flight().begin() + static_cast<std::ptrdiff_t>(i));
    note("lose " + describe(m));
    // The transport learns (by timeout) that a snapshot did not arrive.
    if (m.type() == MSG_SNAP && c.node(m.from()).alive())
      c.node(m.from()).rn->report_snapshot(m.to(), true);
  }

  void fault_event(event e) {
    auto& c = *cluster_;
    switch (e) {
      case partition:
        cut_network();
        break;
      case heal:
        c.heal();
        break;
      case crash:
        if (auto id = random_live_node())
          c.crash(id);
        break;
      case restart:
        if (auto id = random_node(); !c.node(id).alive())
          c.restart(id);
        break;
      case compact:
        if (auto id = random_live_node()) {
          auto& nd = c.node(id);
          if (nd.applied > nd.storage.first_index() + 3)
            c.compact(id, nd.applied - pick(3));
        }
        break;
      case transfer:
        if (auto lead = c.leader(); lead != none)
          c.transfer_leader(lead, random_node());
        break;
      case membership:
        change_membership();
        break;
      default:
        break;
    }
  }

  /// Half of the partitions cut the leader off (it may keep believing it
  /// leads: where stale reads and lost writes come from).
  void cut_network() {
    auto& c = *cluster_;
    std::vector<std::vector<uint64_t>> groups(2);
    auto lead = c.leader();
    bool isolate_leader = lead != none && pick(2) == 0;
    for (auto id : c.ids())
      groups[isolate_leader ? id == lead : pick(2)].push_back(id);
    c.partition(groups);
  }

  /// Proposes adding a fresh replica (voter or learner), promoting a
  /// learner, or removing a member (possibly the leader).
  void change_membership() {
    auto& c = *cluster_;
    auto lead = c.leader();
    if (lead == none)
      return;
    const auto& conf = c.node(lead).conf;
    auto roll = pick(4);
    raft_errc err;
    if (roll == 0 && c.ids().size() < max_ids) {
      auto id = c.ids().back() + 1;
      c.add_empty_node(id);
      err = c.propose_conf_change(lead, pick(2) ? CONF_CHANGE_ADD_NODE : CONF_CHANGE_ADD_LEARNER,
                                  id);
    } else if (roll == 1 && conf.learners_size() > 0) {
      err = c.propose_conf_change(lead, CONF_CHANGE_ADD_NODE,
                                  conf.learners(static_cast<int>(pick(conf.learners_size()))));
    } else if (roll == 2 && conf.voters_size() + conf.learners_size() > 3) {
      auto members = members_of(conf);
      err = c.propose_conf_change(lead, CONF_CHANGE_REMOVE_NODE, members[pick(members.size())]);
    } else {
      return;
    }
    if (err == raft_errc::ok)
      ++stats_.conf_changes;
  }

  static std::vector<uint64_t> members_of(const ConfState& cs) {
    std::vector<uint64_t> out(cs.voters().begin(), cs.voters().end());
    out.insert(out.end(), cs.learners().begin(), cs.learners().end());
    return out;
  }

  // -- healing phase ------------------------------------------------------------

  /// The membership as of the most advanced state machine.
  ConfState final_membership() const {
    const test_node* best = nullptr;
    for (auto id : cluster_->ids()) {
      const auto& nd = cluster_->node(id);
      if (best == nullptr || nd.applied > best->applied)
        best = &nd;
    }
    return best->conf;
  }

  /// No more faults: every member up, every link healed, no message lost.
  /// Replicas removed from the membership are shut down, as an operator
  /// would (without check quorum their stale elections disrupt the others).
  std::string heal_and_converge() {
    auto& c = *cluster_;
    note("-- healing phase");
    c.heal();
    for (auto id : c.ids())
      if (!c.node(id).alive())
        c.restart(id);
    for (int round = 0; round < 3000; ++round) {
      if (round % 100 == 50)
        run_members_only();
      for (auto id : c.ids())
        c.process_ready(id);
      auto& net = c.in_flight();
      std::shuffle(net.begin(), net.end(), rng_); // reordering stays
      c.deliver_all();
      c.tick_all();
      if (auto err = check(); !err.empty())
        return err;
      auto lead = c.leader();
      if (lead != none && round % 50 == 0)
        c.propose(lead, "marker" + std::to_string(round));
      if (converged())
        return verify_final();
    }
    return "liveness: no convergence after the healing phase (leader "
           + std::to_string(c.leader()) + ")";
  }

  /// Runs exactly the replicas of the (current) final membership.
  void run_members_only() {
    auto members = members_of(final_membership());
    if (members.empty())
      return; // nobody re-applied the membership yet
    for (auto id : cluster_->ids()) {
      bool member = std::find(members.begin(), members.end(), id) != members.end();
      if (cluster_->node(id).alive() && !member)
        cluster_->crash(id);
      else if (!cluster_->node(id).alive() && member)
        cluster_->restart(id);
    }
  }

  /// A leader exists and every member applied the same sequence, which
  /// includes a marker proposed in the healing phase.
  bool converged() const {
    auto members = members_of(final_membership());
    if (members.empty() || cluster_->leader() == none)
      return false;
    const auto& first = cluster_->node(members.front());
    bool has_marker = std::any_of(first.state.begin(), first.state.end(), [](const auto& s) {
      return s.rfind("marker", 0) == 0;
    });
    if (!has_marker)
      return false;
    for (auto id : members) {
      const auto& nd = cluster_->node(id);
      if (!nd.alive() || nd.applied != first.applied || nd.state != first.state)
        return false;
    }
    return true;
  }

  std::string verify_final() const {
    auto members = members_of(final_membership());
    const auto& state = cluster_->node(members.front()).state;
    // (A payload may appear twice: a forwarded proposal duplicated by the
    // network is a second proposal.)
    std::set<std::string> final_set(state.begin(), state.end());
    for (const auto& p : cluster_->checker().applied_payloads())
      if (final_set.count(p) == 0)
        return "liveness: applied payload " + p + " is missing from the converged state";
    return {};
  }

  std::mt19937_64 rng_;
  bool verbose_;
  uint64_t founders_;
  int storm_ = 1;
  std::unique_ptr<test_cluster> cluster_;
  figures stats_;
  uint64_t reads_ = 0;
  std::deque<std::string> trace_;
};

} // namespace

BOOST_AUTO_TEST_SUITE(randomized)

BOOST_AUTO_TEST_CASE(safety_under_faults_then_liveness_after_healing) {
  auto replay = env_number("CONVOY_RAFT_SEED", 0);
  auto runs = replay != 0 ? 1 : env_number("CONVOY_RAFT_RUNS", 2000);
  figures total;
  for (uint64_t i = 0; i < runs; ++i) {
    auto seed = replay != 0 ? replay : i + 1;
    simulation sim(seed, replay != 0);
    auto failure = sim.run();
    total.add(sim.stats());
    if (!failure.empty()) {
      if (replay == 0) {
        std::cout << "--- last events of the failing run:\n";
        for (const auto& line : sim.trace())
          std::cout << line << "\n";
      }
      BOOST_ERROR("SEED=" << seed << " " << failure << " (replay: CONVOY_RAFT_SEED=" << seed
                          << ")");
      return;
    }
  }
  std::cout << runs << " randomized runs passed: " << total.terms << " terms, "
            << total.proposals << " proposals (" << total.accepted << " accepted), "
            << total.applied_payloads << " payloads applied, " << total.reads_served
            << " reads served, " << total.conf_changes << " membership changes\n";
}

BOOST_AUTO_TEST_SUITE_END()
