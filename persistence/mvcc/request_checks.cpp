#include "persistence/mvcc/request_checks.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "persistence/mvcc/etcd_errors.hpp"
#include "persistence/mvcc/key_codec.hpp"
#include "persistence/mvcc/key_range.hpp"

namespace convoy::mvcc {

namespace {

using store::RequestOp;
using store::TxnRequest;

std::optional<store_error> check_op(const RequestOp& op, const request_limits& limits) {
  switch (op.request_case()) {
    case RequestOp::kRequestRange:
      return check_range_request(op.request_range());
    case RequestOp::kRequestPut:
      return check_put_request(op.request_put(), limits);
    case RequestOp::kRequestDeleteRange:
      return check_delete_request(op.request_delete_range());
    case RequestOp::kRequestTxn:
      return check_txn_request(op.request_txn(), limits);
    case RequestOp::REQUEST_NOT_SET:
      break;
  }
  return etcd_errors::key_not_found(); // etcd's answer to an empty op
}

std::optional<store_error> check_ops_and_compares(const TxnRequest& r, const request_limits& limits) {
  int ops = std::max({r.compare_size(), r.success_size(), r.failure_size()});
  if (ops > limits.max_txn_ops)
    return etcd_errors::too_many_ops();
  for (const auto& c : r.compare())
    if (c.key().empty())
      return etcd_errors::empty_key();
  // etcd gives nested txns what is left of the budget.
  request_limits nested = limits;
  nested.max_txn_ops = limits.max_txn_ops - ops;
  for (const auto* branch : {&r.success(), &r.failure()})
    for (const auto& op : *branch)
      if (auto err = check_op(op, nested))
        return err;
  return std::nullopt;
}

/// The deleted ranges of a txn level, as etcd's interval tree (linear: a
/// level holds at most max_txn_ops ops).
class deleted_ranges {
public:
  void add(const store::DeleteRangeRequest& d) {
    ranges_.push_back({d.key(), d.range_end()});
  }

  void add_all(const deleted_ranges& other) {
    ranges_.insert(ranges_.end(), other.ranges_.begin(), other.ranges_.end());
  }

  bool contains(const std::string& key) const {
    return std::any_of(ranges_.begin(), ranges_.end(), [&](const auto& r) {
      return key_range::of(r.first, r.second).contains(key);
    });
  }

private:
  std::vector<std::pair<std::string, std::string>> ranges_;
};

/// etcd's checkIntervals: the puts and deletes of `reqs` and its nested
/// txns; duplicate_key on a conflict.
std::optional<store_error> check_intervals(const google::protobuf::RepeatedPtrField<RequestOp>& reqs,
                                           std::set<std::string>& puts, deleted_ranges& dels) {
  for (const auto& op : reqs)
    if (op.has_request_delete_range())
      dels.add(op.request_delete_range());
  for (const auto& op : reqs) {
    if (!op.has_request_txn())
      continue;
    std::set<std::string> puts_then, puts_else;
    deleted_ranges dels_then, dels_else;
    if (auto err = check_intervals(op.request_txn().success(), puts_then, dels_then))
      return err;
    if (auto err = check_intervals(op.request_txn().failure(), puts_else, dels_else))
      return err;
    for (const auto& k : puts_then) {
      if (puts.count(k) > 0 || dels.contains(k))
        return etcd_errors::duplicate_key();
      puts.insert(k);
    }
    for (const auto& k : puts_else) {
      // A key put in both branches of one nested txn is fine: one runs.
      if ((puts.count(k) > 0 && puts_then.count(k) == 0) || dels.contains(k))
        return etcd_errors::duplicate_key();
      puts.insert(k);
    }
    dels.add_all(dels_then);
    dels.add_all(dels_else);
  }
  for (const auto& op : reqs) {
    if (!op.has_request_put())
      continue;
    const auto& k = op.request_put().key();
    if (puts.count(k) > 0 || dels.contains(k))
      return etcd_errors::duplicate_key();
    puts.insert(k);
  }
  return std::nullopt;
}

} // namespace

std::optional<store_error> check_range_request(const store::RangeRequest& r) {
  if (r.key().empty())
    return etcd_errors::empty_key();
  return std::nullopt;
}

std::optional<store_error> check_put_request(const store::PutRequest& r, const request_limits& limits) {
  if (r.key().empty())
    return etcd_errors::empty_key();
  if (r.ignore_value() && !r.value().empty())
    return etcd_errors::value_provided();
  if (r.ignore_lease() && r.lease() != 0)
    return etcd_errors::lease_provided();
  if (auto n = key_codec::escaped_size(r.key()); n > limits.max_stored_key_bytes)
    return etcd_errors::key_too_long(n, limits.max_stored_key_bytes);
  return std::nullopt;
}

std::optional<store_error> check_delete_request(const store::DeleteRangeRequest& r) {
  if (r.key().empty())
    return etcd_errors::empty_key();
  return std::nullopt;
}

std::optional<store_error> check_txn_request(const store::TxnRequest& r, const request_limits& limits) {
  if (auto err = check_ops_and_compares(r, limits))
    return err;
  for (const auto* branch : {&r.success(), &r.failure()}) {
    std::set<std::string> puts;
    deleted_ranges dels;
    if (auto err = check_intervals(*branch, puts, dels))
      return err;
  }
  return std::nullopt;
}

bool txn_is_read_only(const store::TxnRequest& r) {
  for (const auto* branch : {&r.success(), &r.failure()}) {
    for (const auto& op : *branch) {
      if (op.has_request_put() || op.has_request_delete_range())
        return false;
      if (op.has_request_txn() && !txn_is_read_only(op.request_txn()))
        return false;
    }
  }
  return true;
}

} // namespace convoy::mvcc
