#pragma once

#include <string>

#include "persistence/mvcc/store_error.hpp"

/// The store errors with etcd's exact texts (etcdserver/api/v3rpc/rpctypes),
/// which etcd clients match on.
namespace convoy::mvcc::etcd_errors {

inline store_error compacted() {
  return {store_errc::compacted, "etcdserver: mvcc: required revision has been compacted"};
}

inline store_error future_revision() {
  return {store_errc::future_revision, "etcdserver: mvcc: required revision is a future revision"};
}

inline store_error key_not_found() {
  return {store_errc::not_found, "etcdserver: key not found"};
}

inline store_error empty_key() {
  return {store_errc::invalid_argument, "etcdserver: key is not provided"};
}

inline store_error value_provided() {
  return {store_errc::invalid_argument, "etcdserver: value is provided"};
}

inline store_error lease_provided() {
  return {store_errc::invalid_argument, "etcdserver: lease is provided"};
}

inline store_error too_many_ops() {
  return {store_errc::invalid_argument, "etcdserver: too many operations in txn request"};
}

inline store_error duplicate_key() {
  return {store_errc::invalid_argument, "etcdserver: duplicate key given in txn request"};
}

inline store_error request_too_large() {
  return {store_errc::request_too_large, "etcdserver: request is too large"};
}

inline store_error lease_not_found() {
  return {store_errc::lease_not_found, "etcdserver: requested lease not found"};
}

inline store_error lease_exists() {
  return {store_errc::lease_exists, "etcdserver: lease already exists"};
}

inline store_error lease_ttl_too_large() {
  return {store_errc::invalid_argument, "etcdserver: too large lease TTL"};
}

/// convoy's own limit (LMDB keys are at most 511 bytes).
inline store_error key_too_long(std::size_t size, std::size_t max) {
  return {store_errc::invalid_argument, "convoy: key is too long (" + std::to_string(size)
                                          + " bytes stored, at most " + std::to_string(max) + ")"};
}

} // namespace convoy::mvcc::etcd_errors
