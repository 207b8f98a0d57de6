#include "invariant_checker.hpp"

#include <algorithm>

#include "actors/store/raft/raft_core.hpp"

#include "test_cluster.hpp"

namespace convoy::raft::testing {

namespace {

std::string key_of(const Entry& e) {
  return std::to_string(e.type()) + ":" + e.data();
}

std::string pos(uint64_t index, uint64_t term) {
  return std::to_string(index) + "/t" + std::to_string(term);
}

} // namespace

void invariant_checker::fail(std::string what) {
  if (failure_.empty())
    failure_ = std::move(what);
}

uint64_t invariant_checker::leader_of_term(uint64_t term) const {
  auto i = leader_by_term_.find(term);
  return i == leader_by_term_.end() ? none : i->second;
}

void invariant_checker::on_persist_entries(uint64_t node, uint64_t prev_term,
                                           const std::vector<Entry>& ents) {
  // Log matching: one (index, term) names one entry, preceded by one term.
  for (const auto& e : ents) {
    auto [i, added] = entries_.try_emplace({e.index(), e.term()}, key_of(e), prev_term);
    if (!added && (i->second.first != key_of(e) || i->second.second != prev_term))
      fail("log matching: node " + std::to_string(node) + " persisted a different entry at "
           + pos(e.index(), e.term()));
    prev_term = e.term();
  }
}

const invariant_checker::entry_record* invariant_checker::applied_at(uint64_t index) const {
  if (index == 0 || index > applied_.size() || !applied_[index - 1].known)
    return nullptr;
  return &applied_[index - 1];
}

void invariant_checker::on_apply(uint64_t node, const Entry& e) {
  auto& last = last_applied_[node];
  if (e.index() != last + 1)
    fail("node " + std::to_string(node) + " applied index " + std::to_string(e.index())
         + " after " + std::to_string(last));
  last = e.index();
  if (applied_.size() < e.index())
    applied_.resize(e.index());
  auto& rec = applied_[e.index() - 1];
  if (!rec.known) {
    rec = {e.term(), e.type(), e.data(), true};
    if (e.type() == ENTRY_NORMAL && !e.data().empty())
      payloads_.push_back(e.data());
  } else if (rec.term != e.term() || rec.type != e.type() || rec.data != e.data()) {
    fail("state machine safety: node " + std::to_string(node) + " applied "
         + pos(e.index(), e.term()) + " but another node applied " + pos(e.index(), rec.term));
  }
  if (e.index() <= committed_terms_.size() && committed_terms_[e.index() - 1] != 0
      && committed_terms_[e.index() - 1] != e.term())
    fail("node " + std::to_string(node) + " applied " + pos(e.index(), e.term())
         + " but the leader committed term " + std::to_string(committed_terms_[e.index() - 1]));
}

void invariant_checker::on_snapshot_loaded(uint64_t node, const Snapshot& snap) {
  auto idx = snap.metadata().index();
  last_applied_[node] = idx;
  std::vector<std::string> expected;
  for (uint64_t i = 1; i <= idx; ++i) {
    auto* rec = applied_at(i);
    if (rec == nullptr)
      return; // history unknown (e.g. hand-built logs): nothing to compare
    if (rec->type == ENTRY_NORMAL && !rec->data.empty())
      expected.push_back(rec->data);
  }
  if (decode_state(snap.data()) != expected)
    fail("node " + std::to_string(node) + " loaded a snapshot at " + std::to_string(idx)
         + " that differs from the applied history");
}

void invariant_checker::on_read_requested(uint64_t, const std::string& ctx) {
  read_required_[ctx] = max_commit_;
}

void invariant_checker::on_read_state(uint64_t node, const read_state& rs) {
  auto i = read_required_.find(rs.request_ctx);
  if (i == read_required_.end())
    return;
  if (rs.index < i->second)
    fail("stale read: node " + std::to_string(node) + " got read index " + std::to_string(rs.index)
         + " for " + rs.request_ctx + " but index " + std::to_string(i->second)
         + " was committed before the request");
}

void invariant_checker::on_state(const test_cluster& c) {
  for (auto id : c.ids()) {
    const auto& nd = c.node(id);
    if (!nd.alive())
      continue;
    auto st = nd.rn->basic_status();
    max_commit_ = std::max(max_commit_, st.hard_state.commit());
    if (st.soft.state != role::leader)
      continue;
    // Election safety: at most one leader per term.
    auto [i, added] = leader_by_term_.try_emplace(st.hard_state.term(), id);
    if (!added && i->second != id)
      fail("election safety: nodes " + std::to_string(i->second) + " and " + std::to_string(id)
           + " both led term " + std::to_string(st.hard_state.term()));
  }
  record_commits(c);
  check_completeness(c);
}

void invariant_checker::record_commits(const test_cluster& c) {
  for (auto id : c.ids()) {
    const auto& nd = c.node(id);
    if (!nd.alive() || nd.rn->core().state() != role::leader)
      continue;
    const auto& core = nd.rn->core();
    auto commit = core.log().committed();
    auto& best = leader_commit_by_term_[core.term()];
    best = std::max(best, commit);
    while (committed_terms_.size() < commit) {
      auto i = committed_terms_.size() + 1;
      auto t = core.log().term(i);
      auto* rec = applied_at(i);
      committed_terms_.push_back(t.ok() ? t.value() : rec ? rec->term : 0);
    }
  }
}

void invariant_checker::check_completeness(const test_cluster& c) {
  // Leader completeness: a leader of term T holds every entry committed by
  // the leaders of terms <= T.
  for (auto id : c.ids()) {
    const auto& nd = c.node(id);
    if (!nd.alive() || nd.rn->core().state() != role::leader)
      continue;
    const auto& core = nd.rn->core();
    uint64_t k = 0;
    for (const auto& [term, commit] : leader_commit_by_term_) {
      if (term > core.term())
        break;
      k = std::max(k, commit);
    }
    auto& v = verified_[id];
    if (v.term != core.term())
      v = {core.term(), 0};
    auto first = core.log().first_index();
    for (auto i = std::max(v.up_to + 1, first); i <= k; ++i) {
      auto expected = committed_terms_[i - 1];
      auto t = core.log().term(i);
      if (expected != 0 && (!t.ok() || t.value() != expected))
        fail("leader completeness: leader " + std::to_string(id) + " of term "
             + std::to_string(core.term()) + " lacks committed entry " + pos(i, expected));
    }
    v.up_to = std::max(v.up_to, k);
  }
}

} // namespace convoy::raft::testing
