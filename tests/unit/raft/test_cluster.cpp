#include "test_cluster.hpp"

#include <stdexcept>

#include "actors/store/raft/raft_core.hpp"

namespace convoy::raft::testing {

std::string encode_state(const std::vector<std::string>& state) {
  std::string out;
  for (const auto& s : state) {
    auto n = static_cast<uint32_t>(s.size());
    out.append(reinterpret_cast<const char*>(&n), sizeof(n));
    out.append(s);
  }
  return out;
}

std::vector<std::string> decode_state(const std::string& data) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos + sizeof(uint32_t) <= data.size()) {
    uint32_t n = 0;
    data.copy(reinterpret_cast<char*>(&n), sizeof(n), pos);
    pos += sizeof(n);
    out.push_back(data.substr(pos, n));
    pos += n;
  }
  return out;
}

std::string render(const Entry& e) {
  auto s = "t" + std::to_string(e.term());
  if (e.type() == ENTRY_CONF_CHANGE) {
    ConfChange cc;
    cc.ParseFromString(e.data());
    const char* op = cc.type() == CONF_CHANGE_ADD_NODE      ? "add"
                     : cc.type() == CONF_CHANGE_REMOVE_NODE ? "remove"
                                                            : "learner";
    return s + ":" + op + "(" + std::to_string(cc.node_id()) + ")";
  }
  return e.data().empty() ? s : s + ":" + e.data();
}

test_cluster::test_cluster(node_options opts, uint64_t seed) : opts_(opts), seed_(seed) {
  // nop
}

config test_cluster::make_config(uint64_t id, uint64_t applied) const {
  config cfg;
  cfg.id = id;
  cfg.election_tick = opts_.election_tick;
  cfg.heartbeat_tick = opts_.heartbeat_tick;
  cfg.pre_vote = opts_.pre_vote;
  cfg.check_quorum = opts_.check_quorum;
  cfg.max_size_per_msg = opts_.max_size_per_msg;
  cfg.max_inflight_msgs = opts_.max_inflight_msgs;
  cfg.max_uncommitted_entries_size = opts_.max_uncommitted_entries_size;
  cfg.applied = applied;
  cfg.seed = seed_;
  return cfg;
}

void test_cluster::note(const std::string& what) {
  if (trace)
    trace(what);
}

// -- membership of the test -------------------------------------------------------

void test_cluster::add_nodes(size_t n) {
  std::vector<uint64_t> voters;
  for (uint64_t id = 1; id <= n; ++id)
    voters.push_back(id);
  for (auto id : voters) {
    auto& nd = add_empty_node(id);
    if (nd.rn->bootstrap(voters) != raft_errc::ok)
      throw std::logic_error("bootstrap failed");
    while (process_ready(id)) {
      // persist and apply the founding membership
    }
  }
}

test_node& test_cluster::add_empty_node(uint64_t id) {
  return add_node_with_storage(id, memory_storage{});
}

test_node& test_cluster::add_node_with_storage(uint64_t id, memory_storage storage) {
  auto nd = std::make_unique<test_node>();
  nd->id = id;
  nd->storage = std::move(storage);
  auto& ref = *nd;
  nodes_[id] = std::move(nd);
  restart(id);
  return ref;
}

test_node& test_cluster::node(uint64_t id) {
  auto i = nodes_.find(id);
  if (i == nodes_.end())
    throw std::out_of_range("no test node " + std::to_string(id));
  return *i->second;
}

const test_node& test_cluster::node(uint64_t id) const {
  return const_cast<test_cluster*>(this)->node(id);
}

std::vector<uint64_t> test_cluster::ids() const {
  std::vector<uint64_t> out;
  for (const auto& [id, n] : nodes_)
    out.push_back(id);
  return out;
}

bool test_cluster::has_node(uint64_t id) const {
  return nodes_.count(id) != 0;
}

// -- inputs ---------------------------------------------------------------------------

raft_errc test_cluster::campaign(uint64_t id) {
  note("campaign " + std::to_string(id));
  return node(id).rn->campaign();
}

raft_errc test_cluster::propose(uint64_t id, std::string data) {
  note("propose " + std::to_string(id) + " " + data);
  return node(id).rn->propose(std::move(data));
}

raft_errc test_cluster::propose_conf_change(uint64_t id, ConfChangeType type, uint64_t node_id) {
  ConfChange cc;
  cc.set_type(type);
  cc.set_node_id(node_id);
  note("propose-conf-change " + std::to_string(id) + " " + std::to_string(type) + " "
       + std::to_string(node_id));
  return node(id).rn->propose_conf_change(cc);
}

raft_errc test_cluster::read_index(uint64_t id, std::string ctx) {
  note("read-index " + std::to_string(id) + " " + ctx);
  auto err = node(id).rn->read_index(ctx);
  if (err == raft_errc::ok)
    checker_.on_read_requested(id, ctx);
  return err;
}

raft_errc test_cluster::transfer_leader(uint64_t from, uint64_t to) {
  note("transfer-leader " + std::to_string(from) + " " + std::to_string(to));
  return node(from).rn->transfer_leadership(to);
}

void test_cluster::tick(uint64_t id, int n) {
  auto& nd = node(id);
  for (int i = 0; i < n && nd.alive(); ++i)
    nd.rn->tick();
}

void test_cluster::tick_all(int n) {
  for (int i = 0; i < n; ++i)
    for (auto& [id, nd] : nodes_)
      if (nd->alive())
        nd->rn->tick();
}

// -- faults -----------------------------------------------------------------------------

void test_cluster::partition(const std::vector<std::vector<uint64_t>>& groups) {
  cut_.clear();
  for (size_t g = 0; g < groups.size(); ++g)
    for (size_t h = 0; h < groups.size(); ++h)
      if (g != h)
        for (auto a : groups[g])
          for (auto b : groups[h])
            cut_.emplace(a, b);
  note("partition");
}

void test_cluster::isolate(uint64_t id) {
  for (const auto& [other, nd] : nodes_) {
    if (other == id)
      continue;
    cut_.emplace(id, other);
    cut_.emplace(other, id);
  }
  note("isolate " + std::to_string(id));
}

void test_cluster::heal() {
  cut_.clear();
  note("heal");
}

bool test_cluster::link_cut(uint64_t from, uint64_t to) const {
  return cut_.count({from, to}) != 0;
}

void test_cluster::crash(uint64_t id) {
  auto& nd = node(id);
  nd.rn.reset();
  nd.state.clear();
  nd.reads.clear();
  note("crash " + std::to_string(id));
}

void test_cluster::restart(uint64_t id) {
  auto& nd = node(id);
  auto snap = nd.storage.snapshot().value();
  load_snapshot(nd, snap);
  nd.reads.clear();
  nd.rn = std::make_unique<raw_node>(make_config(id, nd.applied), nd.storage);
  note("restart " + std::to_string(id));
}

void test_cluster::load_snapshot(test_node& n, const Snapshot& snap) {
  n.state = decode_state(snap.data());
  n.applied = snap.metadata().index();
  n.conf = snap.metadata().conf_state();
  checker_.on_snapshot_loaded(n.id, snap);
}

void test_cluster::compact(uint64_t id, uint64_t index) {
  auto& nd = node(id);
  if (index > nd.applied)
    throw std::invalid_argument("compact beyond the applied index");
  auto snap = nd.storage.create_snapshot(nd.applied, nd.conf, encode_state(nd.state));
  if (!snap.ok() && snap.error() != storage_error::snapshot_out_of_date)
    throw std::logic_error(to_string(snap.error()));
  nd.storage.compact(index);
  note("compact " + std::to_string(id) + " " + std::to_string(index));
}

// -- driving ----------------------------------------------------------------------------

void test_cluster::apply(test_node& n, const Entry& e) {
  checker_.on_apply(n.id, e);
  if (e.type() == ENTRY_CONF_CHANGE) {
    ConfChange cc;
    cc.ParseFromString(e.data());
    n.conf = n.rn->apply_conf_change(cc);
  } else if (!e.data().empty()) {
    n.state.push_back(e.data());
  }
  n.applied = e.index();
}

bool test_cluster::process_ready(uint64_t id) {
  auto& nd = node(id);
  if (!nd.alive() || !nd.rn->has_ready())
    return false;
  auto rd = nd.rn->ready();
  // 1. Persist: snapshot, entries, hard state.
  if (rd.snapshot) {
    nd.storage.apply_snapshot(*rd.snapshot);
    load_snapshot(nd, *rd.snapshot);
  }
  if (!rd.entries.empty()) {
    auto prev = nd.storage.term(rd.entries.front().index() - 1);
    if (!prev.ok())
      throw std::logic_error("persisting entries after a gap");
    checker_.on_persist_entries(id, prev.value(), rd.entries);
    nd.storage.append(rd.entries);
  }
  if (rd.hard_state)
    nd.storage.set_hard_state(*rd.hard_state);
  // 2. Send.
  for (auto& m : rd.messages)
    in_flight_.push_back(std::move(m));
  // 3. Apply.
  for (const auto& e : rd.committed_entries)
    apply(nd, e);
  for (const auto& rs : rd.read_states) {
    checker_.on_read_state(id, rs);
    nd.reads.push_back(rs);
  }
  if (rd.soft)
    note("node " + std::to_string(id) + " is " + to_string(rd.soft->state) + " (leader "
         + std::to_string(rd.soft->lead) + ")");
  // 4. Advance.
  nd.rn->advance(rd);
  return true;
}

void test_cluster::deliver(size_t i) {
  auto m = std::move(in_flight_[i]);
  in_flight_.erase(in_flight_.begin() + static_cast<std::ptrdiff_t>(i));
  bool reachable = has_node(m.to()) && node(m.to()).alive() && !link_cut(m.from(), m.to());
  if (m.type() == MSG_SNAP && has_node(m.from()) && node(m.from()).alive()) {
    // The transport reports the snapshot's fate to the sender.
    node(m.from()).rn->report_snapshot(m.to(), !reachable);
  }
  if (!reachable) {
    note("drop " + describe(m));
    return;
  }
  note("deliver " + describe(m));
  node(m.to()).rn->step(std::move(m));
}

size_t test_cluster::deliver_all() {
  auto n = in_flight_.size();
  for (size_t i = 0; i < n; ++i)
    deliver(0);
  return n;
}

void test_cluster::stabilize(size_t max_rounds) {
  for (size_t round = 0; round < max_rounds; ++round) {
    bool moved = false;
    for (const auto& [id, nd] : nodes_)
      moved = process_ready(id) || moved;
    checker_.on_state(*this);
    moved = deliver_all() > 0 || moved;
    checker_.on_state(*this);
    if (!moved)
      return;
  }
  throw std::logic_error("stabilize did not settle");
}

// -- queries ----------------------------------------------------------------------------

uint64_t test_cluster::leader() const {
  uint64_t best = none;
  uint64_t best_term = 0;
  for (const auto& [id, nd] : nodes_) {
    if (!nd->alive())
      continue;
    auto st = nd->rn->basic_status();
    if (st.soft.state == role::leader && st.hard_state.term() >= best_term) {
      best = id;
      best_term = st.hard_state.term();
    }
  }
  return best;
}

} // namespace convoy::raft::testing
