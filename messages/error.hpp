#pragma once

#include <cstdint>
#include <string>

#include "caf/atom.hpp"
#include "caf/error.hpp"
#include "caf/fwd.hpp"

namespace convoy {

/// convoy's error codes, carried in caf::error under the category "convoy" so
/// they cross process boundaries with their message. Kubernetes-facing layers
/// map them to Status reasons (NotFound, AlreadyExists, Conflict, ...).
enum class errc : uint8_t {
  none = 0,
  /// A request's bytes did not parse as the expected protobuf message.
  malformed_message,
  /// A request is well-formed but its content is invalid (names the field).
  invalid_argument,
  /// The peer or service is not reachable or not ready.
  unavailable,
  /// The request did not complete in time; its outcome is unknown.
  timeout,
  not_found,
  already_exists,
  /// Optimistic concurrency: the object changed since the caller read it.
  conflict,
  /// The requested revision was compacted away (etcd's "compacted", HTTP 410).
  compacted,
  request_too_large,
  /// This store replica is not the leader; the message names the leader.
  not_leader,
  unauthorized,
  forbidden,
  /// A bug or an unexpected failure (disk, corruption); never for bad input.
  internal,
};

/// The CAF error category atom for errc.
constexpr caf::atom_value errc_category = caf::atom("convoy");

/// Short lowercase name of `code`, e.g. "not found".
const char* to_string(errc code);

/// Builds a caf::error of category "convoy" with a human-readable message.
caf::error make_error(errc code, std::string message);

/// Returns the errc of `err` (errc::none if `err` is of another category).
errc code_of(const caf::error& err);

/// One line describing any error (convoy's or CAF's), suitable for a CLI user:
/// e.g. "not found: pods \"web\"" or "cannot connect to node".
std::string describe(const caf::error& err);

/// Registers the "convoy" category with a CAF config so CAF renders our
/// errors readably too.
void register_error_category(caf::actor_system_config& cfg);

} // namespace convoy
