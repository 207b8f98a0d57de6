#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/map.h>

namespace google::protobuf {
class Message;
class Timestamp;
} // namespace google::protobuf

namespace convoy::api {
class LabelSelector;
class Node;
class ObjectMeta;
class Pod;
} // namespace convoy::api

namespace convoy::codec {
struct resource_info;
} // namespace convoy::codec

/// kubectl's human-readable output, as pure functions of API objects and an
/// injected `now`: one table printer per kind with kubectl's columns (and its
/// -o wide priority columns), pod READY/STATUS/RESTARTS derived exactly as
/// kubectl derives them, node STATUS/ROLES, ages and selectors (laid out by
/// text_layout.hpp).
namespace convoy::cli {

using wall_time = std::chrono::system_clock::time_point;

/// How `get` prints a table.
struct print_options {
  bool wide = false;           ///< -o wide: priority columns too
  bool with_namespace = false; ///< -A: NAMESPACE column first
  bool with_kind = false;      ///< several kinds: NAME reads "pod/web"
  bool show_labels = false;    ///< --show-labels: LABELS column last
  wall_time now;
};

// -- time ----------------------------------------------------------------------

/// kubectl's duration.HumanDuration: "45s", "5m30s", "3h20m", "2d4h", "3y".
std::string human_duration(std::chrono::nanoseconds d);

bool is_set(const google::protobuf::Timestamp& t) noexcept;
wall_time to_wall_time(const google::protobuf::Timestamp& t) noexcept;

/// Age of `t` as kubectl prints it; "<unknown>" when `t` is unset, "<invalid>"
/// when it lies more than a second in the future.
std::string age_since(const google::protobuf::Timestamp& t, wall_time now);

/// RFC 3339 in UTC ("2024-05-01T10:00:00Z"), as the CREATED AT column shows.
std::string format_rfc3339(const google::protobuf::Timestamp& t);

/// RFC 1123 with numeric zone ("Wed, 01 May 2024 10:00:00 +0000"), as
/// `describe` shows times.
std::string format_rfc1123(const google::protobuf::Timestamp& t);

// -- derived fields ----------------------------------------------------------------

/// The READY, STATUS and RESTARTS cells of a pod (kubectl's printPod).
struct pod_summary {
  int ready = 0;
  int total = 0;
  std::string status; ///< Running, Pending, ContainerCreating, CrashLoopBackOff, ...
  int restarts = 0;
  std::optional<wall_time> last_restart;
};

pod_summary summarize_pod(const api::Pod& pod);

/// "3" or "3 (2m ago)" when the last restart time is known.
std::string format_restarts(const pod_summary& s, wall_time now);

/// Ready / NotReady / Unknown, plus ",SchedulingDisabled" when cordoned.
std::string node_status(const api::Node& node);

/// From node-role.kubernetes.io/ROLE and kubernetes.io/role labels, sorted,
/// comma-separated; "<none>" without any.
std::string node_roles(const api::Node& node);

/// "a=1,b=2" sorted by key; "<none>" when empty (labels.FormatLabels).
std::string format_labels(const google::protobuf::Map<std::string, std::string>& labels);

/// The label selector's string form ("app=web,tier in (a,b)"), sorted by
/// key; "<none>" for an empty one (metav1.FormatLabelSelector).
std::string format_label_selector(const api::LabelSelector& selector);

// -- tables --------------------------------------------------------------------

/// Header of `kind`'s table (kind as in resource_info::kind, e.g. "Pod").
std::vector<std::string> table_columns(std::string_view kind, const print_options& opts);

/// The row of one object (a Pod, Node, ...; any registered kind).
std::vector<std::string> table_row(const google::protobuf::Message& object,
                                   const print_options& opts);

/// Rows of a list (its `items`) or of a single object.
std::vector<std::vector<std::string>> table_rows(const google::protobuf::Message& list_or_object,
                                                 const print_options& opts);

/// "pod/web", "deployment.apps/web": how -o name and kubectl's messages
/// ("pod/web created") name an object.
std::string qualified_name(const codec::resource_info& info, std::string_view name);

/// The object's metadata (every API object has a `metadata` field).
const api::ObjectMeta& metadata_of(const google::protobuf::Message& object);

} // namespace convoy::cli
