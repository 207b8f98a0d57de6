#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/cli/ctl_verbs.hpp"

namespace google::protobuf {
class Message;
} // namespace google::protobuf

namespace convoy::api {
class ObjectMeta;
} // namespace convoy::api

namespace convoy::codec {
struct resource_info;
} // namespace convoy::codec

/// The manifest side of `convoy ctl create|apply|delete -f`: reading files,
/// directories and stdin, splitting them into typed objects placed in their
/// namespace, and planning what `apply` sends (pure; the verbs in
/// ctl_apply.cpp do the requests).
namespace convoy::cli {

class api_client;

/// One object of a manifest, decoded and placed.
struct manifest_object {
  std::string source; ///< file it came from ("-" for stdin)
  const codec::resource_info* info = nullptr;
  std::unique_ptr<google::protobuf::Message> object;
  std::string ns; ///< namespace it goes to ("" for cluster-scoped kinds)
  std::string name;
};

/// The files `-f` names: a file as is, "-" (stdin), or a directory's *.yaml,
/// *.yml and *.json files in name order (not recursive). Returns an error
/// line or nothing.
std::optional<std::string> expand_paths(const std::vector<std::string>& paths,
                                        std::vector<std::string>& files);

/// Decodes manifest text from `source` (YAML documents separated by `---`,
/// or JSON objects; `kind: List` expanded) into typed objects. An object
/// without namespace goes to `ns_flag` (-n), else "default"; one whose
/// namespace differs from a given -n is an error, as in kubectl.
std::optional<std::string> load_manifest(std::string_view text, const std::string& source,
                                         const std::string& ns_flag,
                                         std::vector<manifest_object>& out);

/// Mutable metadata of any API object (nullptr if it has none).
api::ObjectMeta* mutable_metadata(google::protobuf::Message& object);

/// Prepares a manifest object for `apply`: drops the server-owned fields
/// (status, resourceVersion, uid, ...) and records the result, as compact
/// JSON, in the kubectl.kubernetes.io/last-applied-configuration annotation.
void annotate_last_applied(google::protobuf::Message& desired);

/// What `apply` does for one object that exists.
struct apply_plan {
  bool unchanged = false;
  /// Strategic merge patch (JSON) from the live object to the desired one.
  std::string patch;
};

/// Three-way plan from the annotated desired object, the live object and the
/// live object's last-applied annotation (if any).
apply_plan plan_apply(const google::protobuf::Message& desired,
                      const google::protobuf::Message& live);

/// Deletes one object and prints kubectl's line (`pod "web" deleted`) or the
/// error (with `context`, e.g. `error when deleting "web.yaml": `); with
/// `wait`, returns only once the object is gone. False on failure.
bool delete_object(api_client& api, const codec::resource_info& info, const std::string& ns,
                   const std::string& name, const config::flag_set& flags,
                   const ctl_options& opts, std::string_view context = {});

/// Adds delete's flags (--wait, --grace-period, --cascade, --ignore-not-found).
void add_delete_flags(config::flag_set& flags);

/// `delete -f`: deletes every object of the manifests `flags` names.
int delete_manifests(const ctl_options& opts, const config::flag_set& flags);

} // namespace convoy::cli
