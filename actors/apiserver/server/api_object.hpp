#pragma once

#include <chrono>
#include <cstdint>
#include <random>
#include <string>

#include <google/protobuf/message.h>

#include "actors/apiserver/cache/object_meta.hpp"
#include "api/meta.pb.h"

namespace convoy::apiserver {

/// Generic access to the spec and status parts of any API object (metadata:
/// cache/object_meta.hpp) through protobuf reflection, and the bookkeeping the apiserver
/// does on every write. Pure: time and randomness are passed in.
struct api_object {
  /// Whether the type has a field called `name` holding a message.
  static bool has_part(const google::protobuf::Message& obj, std::string_view name);

  /// Whether the `spec` parts of two objects of one type differ (what bumps
  /// metadata.generation).
  static bool spec_changed(const google::protobuf::Message& a,
                           const google::protobuf::Message& b);

  /// Copies part `name` ("spec", "status") of `from` into `to`.
  static void copy_part(const google::protobuf::Message& from, google::protobuf::Message& to,
                        std::string_view name);

  /// A random RFC 4122 version 4 UUID.
  static std::string new_uid(std::mt19937_64& rng);

  /// Kubernetes' generateName suffix: 5 characters of bcdfghjklmnpqrstvwxz2456789.
  static std::string random_suffix(std::mt19937_64& rng);

  /// Server-set fields of a new object: kind/apiVersion, uid, creation
  /// time, generation 1; clears what clients may not set.
  static void stamp_create(google::protobuf::Message& obj, std::string_view kind,
                           std::string_view api_version, std::string uid,
                           std::chrono::system_clock::time_point now);

  /// Server-set fields of an update: what the stored object says for uid,
  /// creation time, deletion state; generation bumped when the spec changed.
  static void stamp_update(google::protobuf::Message& updated,
                           const google::protobuf::Message& old, std::string_view kind,
                           std::string_view api_version);

  static void set_resource_version(google::protobuf::Message& obj, int64_t revision);

  /// The resourceVersion as a revision (0 if empty or not a number).
  static int64_t resource_version(const google::protobuf::Message& obj);
};

} // namespace convoy::apiserver
