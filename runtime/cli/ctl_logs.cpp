// convoy ctl logs POD [-c CONTAINER] [-f] [--tail N] [--previous]: kubectl
// logs. The apiserver checks access and hands the request to the kubelet of
// the pod's node, which answers with the log so far; with -f it then sends
// the new output as it comes until the container stops (or Ctrl-C).

#include <iostream>

#include "caf/scoped_actor.hpp"

#include "runtime/cli/command.hpp"
#include "runtime/cli/ctl_api.hpp"
#include "runtime/cli/ctl_verbs.hpp"

namespace convoy::cli {

namespace {

bool print_failure(const apiserver::PodLogResponse& resp) {
  if (!resp.has_status())
    return false;
  api_result r;
  r.status = resp.status();
  std::cerr << format_api_error(r) << "\n";
  return true;
}

/// Prints chunks until the stream ends, the apiserver goes away, or the
/// --timeout (when given) runs out.
int follow(api_client& api, caf::scoped_actor& self, const ctl_options& opts,
           int64_t stream_id) {
  bool running = true;
  int code = exit_ok;
  auto deadline = std::chrono::steady_clock::now() + opts.timeout;
  auto on_chunk = [&](apiserver::PodLogChunk& chunk) {
    if (chunk.stream_id() != stream_id)
      return;
    std::cout << chunk.data() << std::flush;
    running = !chunk.end();
  };
  auto on_down = [&](caf::down_msg&) {
    std::cerr << "error: the apiserver went away\n";
    running = false;
    code = exit_failure;
  };
  while (running) {
    if (!opts.timeout_given) {
      self->receive(on_chunk, on_down);
      continue;
    }
    auto left = deadline - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero())
      break;
    self->receive(on_chunk, on_down, caf::after(left) >> [&] { running = false; });
  }
  apiserver::PodLogStop stop;
  stop.set_stream_id(stream_id);
  self->send(api.handle(), stop, caf::actor_cast<caf::actor>(self));
  return code;
}

} // namespace

int run_ctl_logs(const ctl_options& common, const std::vector<std::string>& args) {
  config::flag_set flags{"convoy ctl logs POD [-c CONTAINER] [-f] [--tail N] [--previous]",
                         "Prints a container's log, read from the kubelet running the pod."};
  add_ctl_flags(flags);
  add_namespace_flags(flags);
  flags.add_string("container", "", "the container (needed when the pod has several)", "NAME")
    .alias('c');
  flags.add_bool("follow", "keep printing new output until the container stops").alias('f');
  flags.add_int("tail", -1, -1, INT64_MAX, "only the last N lines (-1: all)");
  flags.add_bool("previous", "the log of the previous (terminated) instance").alias('p');
  flags.add_int("limit-bytes", 0, 0, INT64_MAX, "at most this many bytes (0: 1 MiB)");
  flags.allow_positional("POD (or pod/POD)");
  auto opts = common;
  if (auto code = parse_verb_flags("logs", flags, args, opts))
    return *code;
  const auto& pos = flags.positional();
  if (pos.size() != 1)
    return usage_error("ctl logs", "name exactly one pod");
  auto name = pos[0];
  if (name.rfind("pod/", 0) == 0 || name.rfind("pods/", 0) == 0)
    name = name.substr(name.find('/') + 1);
  api_client api{opts};
  if (!api.connect_or_report())
    return exit_failure;
  apiserver::PodLogRequest req;
  *req.mutable_meta() = api.meta();
  req.set_namespace_(flags.str("namespace").empty() ? "default" : flags.str("namespace"));
  req.set_name(name);
  req.set_container(flags.str("container"));
  if (flags.integer("tail") >= 0)
    req.set_tail_lines(flags.integer("tail"));
  req.set_previous(flags.boolean("previous"));
  req.set_follow(flags.boolean("follow"));
  req.set_limit_bytes(flags.integer("limit-bytes"));
  req.set_stream_id(1);
  caf::scoped_actor self{api.session().system()};
  self->monitor(api.handle());
  std::optional<apiserver::PodLogResponse> resp;
  caf::error failure;
  self->request(api.handle(), std::chrono::seconds{15}, req, caf::actor_cast<caf::actor>(self))
    .receive([&](apiserver::PodLogResponse& r) { resp = std::move(r); },
             [&](caf::error& err) { failure = std::move(err); });
  if (!resp) {
    std::cerr << "error: no answer from the apiserver: " << to_string(failure) << "\n";
    return exit_failure;
  }
  if (print_failure(*resp))
    return exit_failure;
  std::cout << resp->data() << std::flush;
  if (!req.follow())
    return exit_ok;
  return follow(api, self, opts, req.stream_id());
}

} // namespace convoy::cli
