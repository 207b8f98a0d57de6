#include "persistence/mvcc/txn_executor.hpp"

#include <stdexcept>

#include "persistence/mvcc/etcd_errors.hpp"
#include "persistence/mvcc/key_range.hpp"
#include "persistence/mvcc/range_query.hpp"
#include "persistence/mvcc/write_ops.hpp"

namespace convoy::mvcc {

namespace {

using store::Compare;

/// etcd's compareKV on one stored version (or a missing key: null).
bool compare_kv(const Compare& c, const stored_version* v) {
  int result = 0;
  auto cmp = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  switch (c.target()) {
    case Compare::VALUE: {
      std::string_view want = c.target_union_case() == Compare::kValue ? std::string_view{c.value()} : "";
      result = cmp(v ? v->record.value : std::string_view{}, want);
      break;
    }
    case Compare::CREATE:
      result = cmp(v ? v->record.create_revision : 0,
                   c.target_union_case() == Compare::kCreateRevision ? c.create_revision() : 0);
      break;
    case Compare::MOD:
      result = cmp(v ? v->mod_revision : 0, c.target_union_case() == Compare::kModRevision ? c.mod_revision() : 0);
      break;
    case Compare::VERSION:
      result = cmp(v ? v->record.version : 0, c.target_union_case() == Compare::kVersion ? c.version() : 0);
      break;
    case Compare::LEASE:
      result = cmp(v ? v->record.lease : 0, c.target_union_case() == Compare::kLease ? c.lease() : 0);
      break;
    default:
      break;
  }
  switch (c.result()) {
    case Compare::EQUAL:
      return result == 0;
    case Compare::NOT_EQUAL:
      return result != 0;
    case Compare::GREATER:
      return result > 0;
    case Compare::LESS:
      return result < 0;
    default:
      return true;
  }
}

} // namespace

txn_executor::txn_executor(backend::kv_txn& t, const buckets& b, revision_writer& w, int64_t compact_revision)
  : txn_(t), buckets_(b), writer_(w), compact_(compact_revision) {
  // nop
}

bool txn_executor::compare(const Compare& c) {
  // Every key in the range must satisfy it; an empty range compares as a
  // missing key, except that a value compare on missing keys always fails.
  live_key_iterator it{txn_, buckets_, key_range::of(c.key(), c.range_end()), writer_.begin_revision()};
  bool any = false;
  while (auto v = it.next()) {
    any = true;
    if (!compare_kv(c, &*v))
      return false;
  }
  if (!any)
    return c.target() != Compare::VALUE && compare_kv(c, nullptr);
  return true;
}

bool txn_executor::compare_all(const store::TxnRequest& r) {
  for (const auto& c : r.compare())
    if (!compare(c))
      return false;
  return true;
}

void txn_executor::build_path(const store::TxnRequest& r) {
  bool ok = compare_all(r);
  path_.push_back(ok);
  for (const auto& op : ok ? r.success() : r.failure())
    if (op.has_request_txn())
      build_path(op.request_txn());
}

const txn_executor::ops_type& txn_executor::taken(const store::TxnRequest& r, std::size_t& at) const {
  return path_.at(at++) ? r.success() : r.failure();
}

std::optional<store_error> txn_executor::check_puts(const store::TxnRequest& r, std::size_t& at) {
  for (const auto& op : taken(r, at)) {
    if (op.has_request_txn()) {
      if (auto err = check_puts(op.request_txn(), at))
        return err;
    } else if (op.has_request_put()) {
      if (auto err = check_put_state(txn_, buckets_, op.request_put()))
        return err;
    }
  }
  return std::nullopt;
}

std::optional<store_error> txn_executor::check_ranges(const store::TxnRequest& r, std::size_t& at) {
  for (const auto& op : taken(r, at)) {
    if (op.has_request_txn()) {
      if (auto err = check_ranges(op.request_txn(), at))
        return err;
    } else if (op.has_request_range()) {
      auto rev = op.request_range().revision();
      if (rev == 0)
        continue;
      if (rev > writer_.begin_revision())
        return etcd_errors::future_revision();
      if (rev < compact_)
        return etcd_errors::compacted();
    }
  }
  return std::nullopt;
}

void txn_executor::execute(const store::TxnRequest& r, std::size_t& at, store::TxnResponse& out) {
  out.set_succeeded(path_.at(at));
  for (const auto& op : taken(r, at)) {
    auto* resp = out.add_responses();
    switch (op.request_case()) {
      case store::RequestOp::kRequestRange: {
        auto rr = run_range(txn_, buckets_, op.request_range(), writer_.read_revision(), compact_);
        if (!rr)
          throw std::logic_error("mvcc: a checked txn range failed: " + to_string(rr.error()));
        *resp->mutable_response_range() = std::move(*rr);
        break;
      }
      case store::RequestOp::kRequestPut:
        *resp->mutable_response_put() = exec_put(txn_, buckets_, writer_, op.request_put());
        break;
      case store::RequestOp::kRequestDeleteRange:
        *resp->mutable_response_delete_range() = exec_delete_range(txn_, buckets_, writer_,
                                                                   op.request_delete_range());
        break;
      case store::RequestOp::kRequestTxn: {
        auto* nested = resp->mutable_response_txn();
        nested->mutable_header(); // etcd leaves nested headers empty
        execute(op.request_txn(), at, *nested);
        break;
      }
      case store::RequestOp::REQUEST_NOT_SET:
        break;
    }
  }
}

store_result<store::TxnResponse> txn_executor::run(const store::TxnRequest& r) {
  path_.clear();
  build_path(r);
  std::size_t at = 0;
  if (auto err = check_puts(r, at))
    return *err;
  at = 0;
  if (auto err = check_ranges(r, at))
    return *err;
  store::TxnResponse resp;
  at = 0;
  execute(r, at, resp);
  resp.mutable_header()->set_revision(writer_.read_revision());
  return resp;
}

} // namespace convoy::mvcc
