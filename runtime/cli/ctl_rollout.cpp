// convoy ctl rollout history|undo deployment NAME: kubectl's client-side
// rollout verbs. The revisions are the deployment's ReplicaSets (annotation
// deployment.kubernetes.io/revision); undo writes the template of the chosen
// revision back into the deployment (the deployment controller's core
// decides which, exactly as the controller's own rollback would).

#include <algorithm>
#include <iostream>
#include <map>

#include "actors/controllers/common/pod_state.hpp"
#include "actors/controllers/deployment/core/deployment_util.hpp"
#include "actors/controllers/deployment/core/history.hpp"
#include "api/workload.pb.h"
#include "messages/codec/codec.hpp"
#include "messages/codec/resource_registry.hpp"
#include "runtime/cli/command.hpp"
#include "runtime/cli/ctl_api.hpp"
#include "runtime/cli/ctl_verbs.hpp"
#include "runtime/cli/json_tree.hpp"
#include "runtime/cli/printers.hpp"

namespace convoy::cli {

namespace {

/// The deployment and the ReplicaSets it controls, read through `api`.
struct history {
  api::Deployment deployment;
  std::vector<api::ReplicaSet> owned;

  std::vector<const api::ReplicaSet*> pointers() const {
    std::vector<const api::ReplicaSet*> out;
    for (const auto& rs : owned)
      out.push_back(&rs);
    return out;
  }
};

std::optional<history> read_history(api_client& api, const std::string& ns,
                                    const std::string& name) {
  auto got = api.get("deployments", ns, name);
  history h;
  if (!got.ok() || !got.object.UnpackTo(&h.deployment)) {
    std::cerr << format_api_error(got) << "\n";
    return std::nullopt;
  }
  auto listed = api.list("replicasets", ns);
  api::ReplicaSetList list;
  if (!listed.ok() || !listed.object.UnpackTo(&list)) {
    std::cerr << format_api_error(listed) << "\n";
    return std::nullopt;
  }
  for (auto& rs : *list.mutable_items()) {
    const auto* ref = controllers::controller_of(rs.metadata());
    if (ref != nullptr && ref->uid() == h.deployment.metadata().uid())
      h.owned.push_back(std::move(rs));
  }
  return h;
}

void print_history(const history& h) {
  std::map<int64_t, std::string> rows;
  for (const auto& rs : h.owned) {
    auto cause = rs.metadata().annotations().find("kubernetes.io/change-cause");
    rows[controllers::deployment::revision_of(rs.metadata())]
      = cause == rs.metadata().annotations().end() ? "<none>" : cause->second;
  }
  std::cout << "deployment.apps/" << h.deployment.metadata().name() << "\n"
            << "REVISION  CHANGE-CAUSE\n";
  for (const auto& [rev, cause] : rows) {
    auto col = std::to_string(rev);
    col.resize(std::max<size_t>(col.size() + 2, 10), ' ');
    std::cout << col << cause << "\n";
  }
}

/// A JSON patch replacing the template and annotations, guarded by the
/// resourceVersion read (a concurrent change makes it fail, not mix).
std::string undo_patch(const api::Deployment& read, const api::Deployment& target) {
  auto annotations = json_tree::make_object();
  for (const auto& [k, v] : target.metadata().annotations())
    annotations.set(k, json_tree::make_string(v));
  return "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\""
         + read.metadata().resource_version() + "\"},"
         + "{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":"
         + codec::to_json(target.spec().template_()) + "},"
         + "{\"op\":\"replace\",\"path\":\"/metadata/annotations\",\"value\":"
         + annotations.dump() + "}]";
}

int undo(api_client& api, const history& h, const std::string& ns, int64_t to_revision) {
  auto result = controllers::deployment::rollback_to(h.deployment, h.pointers(), to_revision);
  if (!result.error.empty()) {
    std::cerr << "error: " << result.error << "\n";
    return exit_failure;
  }
  const auto& name = h.deployment.metadata().name();
  if (!result.deployment) {
    std::cout << "deployment.apps/" << name << " " << result.message << "\n";
    return exit_ok;
  }
  auto r = api.patch("deployments", ns, name, "json", undo_patch(h.deployment, *result.deployment));
  if (!r.ok()) {
    std::cerr << format_api_error(r) << "\n";
    return exit_failure;
  }
  std::cout << "deployment.apps/" << name << " rolled back\n";
  return exit_ok;
}

} // namespace

int run_ctl_rollout(const ctl_options& common, const std::vector<std::string>& args) {
  config::flag_set flags{"convoy ctl rollout history|undo deployment NAME [--to-revision N]",
                         "Shows a deployment's revisions, or rolls it back to one (default: "
                         "the previous revision)."};
  add_ctl_flags(flags);
  add_namespace_flags(flags);
  flags.add_int("to-revision", 0, 0, INT64_MAX, "undo: the revision to roll back to (0: previous)")
    .allow_positional("history|undo deployment NAME (or deployment/NAME)");
  auto opts = common;
  if (auto code = parse_verb_flags("rollout", flags, args, opts))
    return *code;
  const auto& pos = flags.positional();
  if (pos.empty() || (pos[0] != "history" && pos[0] != "undo"))
    return usage_error("ctl rollout", "the first argument must be history or undo");
  std::vector<object_ref> refs;
  if (auto err = parse_object_refs({pos.begin() + 1, pos.end()}, refs))
    return usage_error("ctl rollout", *err);
  if (refs.size() != 1 || std::string{refs[0].info->resource} != "deployments")
    return usage_error("ctl rollout", "name exactly one deployment (deployment NAME)");
  api_client api{opts};
  if (!api.connect_or_report())
    return exit_failure;
  auto ns = namespace_for(*refs[0].info, flags);
  auto h = read_history(api, ns, refs[0].name);
  if (!h)
    return exit_failure;
  if (pos[0] == "history") {
    print_history(*h);
    return exit_ok;
  }
  return undo(api, *h, ns, flags.integer("to-revision"));
}

} // namespace convoy::cli
