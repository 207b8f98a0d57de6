#include "runtime/cli/ctl_api.hpp"

#include <iostream>

#include <google/protobuf/any.pb.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/message.h>

#include "caf/after.hpp"

#include "messages/codec/resource_registry.hpp"
#include "runtime/cli/printers.hpp"

namespace convoy::cli {

bool api_result::ok() const noexcept {
  return !transport_error && status.status() != "Failure" && status.code() < 400;
}

bool api_result::not_found() const noexcept {
  return !transport_error && (status.reason() == "NotFound" || status.code() == 404);
}

api_client::api_client(const ctl_options& opts)
  : session_(opts.server, opts.timeout), timeout_(opts.timeout) {
  meta_.set_token(opts.token);
  meta_.set_user_agent(std::string{"convoy-ctl/"} + CONVOY_VERSION);
}

std::optional<std::string> api_client::connect() {
  auto api = session_.lookup<apiserver_actor>("apiserver");
  if (!api)
    return describe(api.error());
  api_ = *api;
  return std::nullopt;
}

bool api_client::connect_or_report() {
  auto err = connect();
  if (err)
    std::cerr << "error: " << *err << "\n";
  return !err;
}

template <class Request>
api_result api_client::send(const Request& request) {
  api_result out;
  auto resp = session_.ask<apiserver::ApiResponse>(api_, request);
  if (!resp) {
    out.transport_error = true;
    out.status.set_status("Failure");
    out.status.set_message(describe(resp.error()));
    return out;
  }
  out.object = std::move(*resp->mutable_object());
  out.status = std::move(*resp->mutable_status());
  return out;
}

api_result api_client::get(std::string_view resource, std::string_view ns,
                           std::string_view name, std::string_view subresource) {
  apiserver::GetRequest req;
  *req.mutable_meta() = meta_;
  req.set_resource(std::string{resource});
  req.set_namespace_(std::string{ns});
  req.set_name(std::string{name});
  req.set_subresource(std::string{subresource});
  return send(req);
}

api_result api_client::list(std::string_view resource, std::string_view ns,
                            std::string_view label_selector, std::string_view field_selector) {
  apiserver::ListRequest req;
  *req.mutable_meta() = meta_;
  req.set_resource(std::string{resource});
  req.set_namespace_(std::string{ns});
  req.set_label_selector(std::string{label_selector});
  req.set_field_selector(std::string{field_selector});
  return send(req);
}

api_result api_client::create(std::string_view resource, std::string_view ns,
                              const google::protobuf::Message& object) {
  apiserver::CreateRequest req;
  *req.mutable_meta() = meta_;
  req.set_resource(std::string{resource});
  req.set_namespace_(std::string{ns});
  req.mutable_object()->PackFrom(object);
  return send(req);
}

api_result api_client::patch(std::string_view resource, std::string_view ns,
                             std::string_view name, std::string_view patch_type,
                             std::string patch, std::string_view subresource) {
  apiserver::PatchRequest req;
  *req.mutable_meta() = meta_;
  req.set_resource(std::string{resource});
  req.set_namespace_(std::string{ns});
  req.set_name(std::string{name});
  req.set_subresource(std::string{subresource});
  req.set_patch_type(std::string{patch_type});
  req.set_patch(std::move(patch));
  return send(req);
}

api_result api_client::remove(std::string_view resource, std::string_view ns,
                              std::string_view name, const api::DeleteOptions& options) {
  apiserver::DeleteRequest req;
  *req.mutable_meta() = meta_;
  req.set_resource(std::string{resource});
  req.set_namespace_(std::string{ns});
  req.set_name(std::string{name});
  *req.mutable_options() = options;
  return send(req);
}

std::optional<std::string> api_client::start_watch(caf::scoped_actor& self,
                                                  apiserver::WatchRequest req) {
  *req.mutable_meta() = meta_;
  std::optional<std::string> failure;
  self->request(api_, timeout_, req, caf::actor{self})
    .receive(
      [&](apiserver::WatchStarted& started) {
        if (started.status().status() == "Failure" || started.status().code() >= 400) {
          api_result r;
          r.status = started.status();
          failure = format_api_error(r);
        }
      },
      [&](caf::error& err) { failure = "error: cannot start a watch: " + describe(err); });
  return failure;
}

void api_client::stop_watch(caf::scoped_actor& self, int64_t watch_id) {
  apiserver::WatchStop stop;
  stop.set_watch_id(watch_id);
  self->send(api_, stop, caf::actor{self});
}

std::optional<std::string> api_client::wait_deleted(std::string_view resource,
                                                    std::string_view ns, std::string_view name,
                                                    std::chrono::milliseconds limit) {
  auto live = get(resource, ns, name);
  if (live.not_found())
    return std::nullopt;
  auto object = live.ok() ? unpack_any(live.object) : nullptr;
  if (!object)
    return live.ok() ? std::string{"error: cannot read the object"} : format_api_error(live);
  apiserver::WatchRequest req;
  req.set_resource(std::string{resource});
  req.set_namespace_(std::string{ns});
  req.set_field_selector("metadata.name=" + std::string{name});
  req.set_resource_version(metadata_of(*object).resource_version());
  constexpr int64_t watch_id = 2;
  req.set_watch_id(watch_id);
  caf::scoped_actor self{session_.system()};
  if (auto err = start_watch(self, req))
    return err;
  std::optional<std::string> failure;
  bool gone = false;
  auto deadline = std::chrono::steady_clock::now() + limit;
  auto on_event = [&](apiserver::WatchEvent& ev) {
    if (ev.type() == "DELETED")
      gone = true;
    else if (ev.type() == "ERROR")
      failure = "error: the watch failed while waiting for deletion";
  };
  while (!gone && !failure) {
    if (limit.count() == 0) {
      self->receive(on_event);
      continue;
    }
    auto left = deadline - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) {
      failure = "error: timed out waiting for the deletion of \"" + std::string{name} + "\"";
      break;
    }
    self->receive(on_event, caf::after(left) >> [] {});
  }
  stop_watch(self, watch_id);
  return failure;
}

void add_namespace_flags(config::flag_set& flags, bool all) {
  flags.add_string("namespace", "", "the namespace (default: \"default\")", "NS").alias('n');
  if (all)
    flags.add_bool("all-namespaces", "every namespace (adds a NAMESPACE column)").alias('A');
}

std::string namespace_for(const codec::resource_info& info, const config::flag_set& flags,
                          bool has_all) {
  if (!info.namespaced)
    return {};
  if (has_all && flags.boolean("all-namespaces"))
    return {};
  const auto& ns = flags.str("namespace");
  return ns.empty() ? std::string{"default"} : ns;
}

const codec::resource_info* find_resource(std::string_view name, std::string& error) {
  const auto* info = codec::resource_registry::builtin().find(name);
  if (info == nullptr)
    error = "the server doesn't have a resource type \"" + std::string{name} + "\"";
  return info;
}

std::optional<std::string> parse_object_refs(const std::vector<std::string>& args,
                                             std::vector<object_ref>& out) {
  if (args.empty())
    return std::string{"expected KIND NAME or KIND/NAME"};
  std::string error;
  if (args.front().find('/') == std::string::npos) {
    const auto* info = find_resource(args.front(), error);
    if (info == nullptr)
      return error;
    if (args.size() < 2)
      return "expected a NAME after " + args.front();
    for (size_t i = 1; i < args.size(); ++i) {
      if (args[i].find('/') != std::string::npos)
        return "there is no need to specify a resource type as a separate argument when "
               "passing arguments in resource/name form";
      out.push_back({info, args[i]});
    }
    return std::nullopt;
  }
  for (const auto& arg : args) {
    auto slash = arg.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == arg.size())
      return "arguments in resource/name form must have a single resource and name ('" + arg
             + "')";
    const auto* info = find_resource(arg.substr(0, slash), error);
    if (info == nullptr)
      return error;
    out.push_back({info, arg.substr(slash + 1)});
  }
  return std::nullopt;
}

std::string format_api_error(const api_result& result, std::string_view context) {
  const auto& st = result.status;
  if (result.transport_error)
    return "error: " + std::string{context} + st.message();
  std::string message = st.message();
  if (message.empty())
    message = st.reason().empty() ? "unknown error (code " + std::to_string(st.code()) + ")"
                                  : st.reason();
  // kubectl words validation failures as "The Pod "web" is invalid: ...".
  if (st.reason() == "Invalid" && context.empty() && message.rfind("The ", 0) != 0)
    return "The " + message;
  std::string out = "Error from server";
  if (!st.reason().empty())
    out += " (" + st.reason() + ")";
  return out + ": " + std::string{context} + message;
}

std::unique_ptr<google::protobuf::Message> unpack_any(const google::protobuf::Any& any) {
  auto slash = any.type_url().rfind('/');
  auto name = slash == std::string::npos ? any.type_url() : any.type_url().substr(slash + 1);
  const auto* type = google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(name);
  if (type == nullptr)
    return nullptr;
  const auto* prototype = google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
  if (prototype == nullptr)
    return nullptr;
  std::unique_ptr<google::protobuf::Message> out{prototype->New()};
  if (!out->ParseFromString(any.value()))
    return nullptr;
  return out;
}

} // namespace convoy::cli
