#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/meta.pb.h"
#include "apiserver/apiserver.pb.h"
#include "messages/apiserver/apiserver_actor.hpp"
#include "runtime/cli/ctl_session.hpp"
#include "runtime/cli/ctl_verbs.hpp"

namespace google::protobuf {
class Any;
class Message;
} // namespace google::protobuf

namespace convoy::codec {
struct resource_info;
} // namespace convoy::codec

namespace convoy::cli {

/// The answer to one apiserver request as the ctl verbs use it: the object,
/// or the Kubernetes Status that says why not (transport failures become a
/// Status without reason or code).
struct api_result {
  google::protobuf::Any object;
  api::Status status;
  /// True when the request never got an answer (unreachable, timeout).
  bool transport_error = false;

  bool ok() const noexcept;
  bool not_found() const noexcept;
};

/// The client side of the apiserver's typed interface for `convoy ctl`: finds
/// the apiserver of --server, stamps every request with the token and user
/// agent, and turns the reply into an api_result.
class api_client {
public:
  explicit api_client(const ctl_options& opts);

  /// Looks up the apiserver; an error line for the user on failure.
  std::optional<std::string> connect();
  /// connect(), printing kubectl's "error: ..." line on failure.
  bool connect_or_report();

  api_result get(std::string_view resource, std::string_view ns, std::string_view name,
                 std::string_view subresource = {});
  api_result list(std::string_view resource, std::string_view ns,
                  std::string_view label_selector = {}, std::string_view field_selector = {});
  api_result create(std::string_view resource, std::string_view ns,
                    const google::protobuf::Message& object);
  /// `patch_type` is "merge", "strategic" or "json"; `patch` is JSON text.
  api_result patch(std::string_view resource, std::string_view ns, std::string_view name,
                   std::string_view patch_type, std::string patch,
                   std::string_view subresource = {});
  api_result remove(std::string_view resource, std::string_view ns, std::string_view name,
                    const api::DeleteOptions& options = {});

  /// Starts a watch whose events go to `self`; `req.meta` is filled in.
  /// Returns kubectl's error line if the watch did not start.
  std::optional<std::string> start_watch(caf::scoped_actor& self, apiserver::WatchRequest req);
  void stop_watch(caf::scoped_actor& self, int64_t watch_id);

  /// Waits until the object is gone (NotFound, or a DELETED watch event);
  /// `limit` zero waits without limit. Returns an error line on failure.
  std::optional<std::string> wait_deleted(std::string_view resource, std::string_view ns,
                                          std::string_view name, std::chrono::milliseconds limit);

  /// Who the requests say they are from (token, user agent).
  const apiserver::RequestMeta& meta() const noexcept { return meta_; }
  const apiserver_actor& handle() const noexcept { return api_; }
  ctl_session& session() noexcept { return session_; }

private:
  template <class Request>
  api_result send(const Request& request);

  ctl_session session_;
  std::chrono::milliseconds timeout_;
  apiserver_actor api_;
  apiserver::RequestMeta meta_;
};

/// Adds -n/--namespace and, when `all`, -A/--all-namespaces.
void add_namespace_flags(config::flag_set& flags, bool all = false);

/// Where a request about `info` goes: "" for cluster-scoped kinds and for
/// -A, else -n or "default". `has_all` says whether `flags` has -A (as
/// given to add_namespace_flags).
std::string namespace_for(const codec::resource_info& info, const config::flag_set& flags,
                          bool has_all = false);

/// The resource kubectl would understand by `name` ("po", "pods", "Pod",
/// "deploy.apps"); nullptr and kubectl's message in `error` if unknown.
const codec::resource_info* find_resource(std::string_view name, std::string& error);

/// One object named on the command line.
struct object_ref {
  const codec::resource_info* info = nullptr;
  std::string name;
};

/// kubectl's two ways to name objects: "KIND NAME [NAME...]" or
/// "KIND/NAME [KIND/NAME...]". Returns an error line, or nothing.
std::optional<std::string> parse_object_refs(const std::vector<std::string>& args,
                                             std::vector<object_ref>& out);

/// kubectl's line for a failed request, e.g.
/// `Error from server (NotFound): pods "web" not found`; `context` (such as
/// `error when creating "web.yaml": `) goes before the server's message.
std::string format_api_error(const api_result& result, std::string_view context = {});

/// The message inside `any`, of whatever generated type its type URL names
/// (Pod, PodList, Status, Scale, ...); nullptr if unknown or unparsable.
std::unique_ptr<google::protobuf::Message> unpack_any(const google::protobuf::Any& any);

} // namespace convoy::cli
