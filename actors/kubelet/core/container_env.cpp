#include "actors/kubelet/core/container_env.hpp"

#include <algorithm>
#include <unordered_map>

#include "actors/apiserver/rbac/pod_references.hpp"
#include "actors/kubelet/core/env_expansion.hpp"
#include "actors/kubelet/core/service_env.hpp"
#include "messages/quantity.hpp"

namespace convoy::kubelet {

namespace {

/// An ordered environment where each name appears once.
class env_builder {
public:
  void set(const std::string& name, std::string value) {
    auto [it, inserted] = index_.try_emplace(name, list_.size());
    if (inserted)
      list_.emplace_back(name, std::move(value));
    else
      list_[it->second].second = std::move(value);
  }

  const std::string* get(std::string_view name) const {
    auto it = index_.find(std::string{name});
    return it == index_.end() ? nullptr : &list_[it->second].second;
  }

  env_list take() {
    return std::move(list_);
  }

private:
  env_list list_;
  std::unordered_map<std::string, std::size_t> index_;
};

template <class Ref>
bool is_optional(const Ref& ref) {
  return ref.has_optional() && ref.optional();
}

struct env_context {
  const api::Pod& pod;
  const api::Container& c;
  const env_sources& src;
  env_builder env;
  env_result out;

  const std::string& ns() const {
    return pod.metadata().namespace_();
  }

  void fail(std::string message) {
    if (!out.error)
      out.error = env_error{"CreateContainerConfigError", std::move(message)};
  }

  void add_services();
  void add_env_from(const api::EnvFromSource& from);
  template <class Map>
  void add_keys(const Map& data, const std::string& prefix, const char* kind,
                const std::string& name);
  std::optional<std::string> value_from(const api::EnvVarSource& from);
  std::optional<std::string> field_value(const std::string& path);
  std::optional<std::string> resource_value(const api::ResourceFieldSelector& ref);
};

void env_context::add_services() {
  bool links = !pod.spec().has_enable_service_links() || pod.spec().enable_service_links();
  std::map<std::string, const api::Service*> chosen; // by name: deterministic order
  for (const auto* svc : src.services) {
    if (svc == nullptr || !service_ip_set(*svc))
      continue;
    const auto& meta = svc->metadata();
    if (meta.namespace_() == "default" && meta.name() == "kubernetes")
      chosen.try_emplace(meta.name(), svc);
    else if (links && (meta.namespace_() == ns() || meta.namespace_().empty()))
      chosen[meta.name()] = svc;
  }
  env_list vars;
  for (const auto& [name, svc] : chosen)
    append_service_env(*svc, vars);
  for (auto& [k, v] : vars)
    env.set(k, std::move(v));
}

template <class Map>
void env_context::add_keys(const Map& data, const std::string& prefix, const char* kind,
                           const std::string& name) {
  std::vector<std::string> keys;
  keys.reserve(data.size());
  for (const auto& [k, v] : data)
    keys.push_back(k);
  std::sort(keys.begin(), keys.end()); // protobuf maps have no order
  std::string invalid;
  for (const auto& k : keys) {
    auto var = prefix + k;
    if (!is_env_var_name(var)) {
      invalid += (invalid.empty() ? "" : ", ") + var;
      continue;
    }
    env.set(var, std::string{data.at(k)});
  }
  if (!invalid.empty())
    out.warnings.push_back("Keys [" + invalid + "] from the EnvFrom " + kind + " " + ns() + "/"
                           + name
                           + " were skipped since they are considered invalid environment "
                             "variable names.");
}

void env_context::add_env_from(const api::EnvFromSource& from) {
  if (from.has_config_map_ref()) {
    const auto& ref = from.config_map_ref();
    const auto* cm = src.config_map ? src.config_map(ref.name()) : nullptr;
    if (cm == nullptr) {
      if (!is_optional(ref))
        fail("configmap \"" + ref.name() + "\" not found");
      return;
    }
    add_keys(cm->data(), from.prefix(), "configMap", ref.name());
  } else if (from.has_secret_ref()) {
    const auto& ref = from.secret_ref();
    const auto* secret = src.secret ? src.secret(ref.name()) : nullptr;
    if (secret == nullptr) {
      if (!is_optional(ref))
        fail("secret \"" + ref.name() + "\" not found");
      return;
    }
    add_keys(secret->data(), from.prefix(), "secret", ref.name());
  }
}

std::optional<std::string> env_context::field_value(const std::string& path) {
  const auto& meta = pod.metadata();
  if (path == "metadata.name")
    return meta.name();
  if (path == "metadata.namespace")
    return meta.namespace_();
  if (path == "metadata.uid")
    return meta.uid();
  if (path == "spec.nodeName")
    return pod.spec().node_name().empty() ? src.node_name : pod.spec().node_name();
  if (path == "spec.serviceAccountName")
    return pod.spec().service_account_name();
  if (path == "status.podIP" || path == "status.podIPs")
    return src.pod_ip;
  if (path == "status.hostIP" || path == "status.hostIPs")
    return src.host_ip;
  for (auto [prefix, map] : {std::pair{"metadata.labels['", &meta.labels()},
                             std::pair{"metadata.annotations['", &meta.annotations()}}) {
    std::string_view p{path}, pre{prefix};
    if (p.size() > pre.size() + 2 && p.substr(0, pre.size()) == pre
        && p.substr(p.size() - 2) == "']") {
      auto key = std::string{p.substr(pre.size(), p.size() - pre.size() - 2)};
      auto it = map->find(key);
      return it == map->end() ? std::string{} : it->second;
    }
  }
  fail("unsupported fieldPath: " + path);
  return std::nullopt;
}

int64_t ceil_div(int64_t a, int64_t b) {
  return a >= 0 ? (a + b - 1) / b : a / b;
}

const api::Container* find_container(const api::PodSpec& spec, const std::string& name) {
  for (const auto* list : {&spec.containers(), &spec.init_containers()})
    for (const auto& ctr : *list)
      if (ctr.name() == name)
        return &ctr;
  return nullptr;
}

std::optional<std::string> env_context::resource_value(const api::ResourceFieldSelector& ref) {
  const api::Container* target = &c;
  if (!ref.container_name().empty() && ref.container_name() != c.name())
    target = find_container(pod.spec(), ref.container_name());
  if (target == nullptr) {
    fail("container \"" + ref.container_name() + "\" not found in pod");
    return std::nullopt;
  }
  const auto& res = ref.resource();
  auto dot = res.find('.');
  auto kind = res.substr(0, dot);
  if (dot == std::string::npos || (kind != "limits" && kind != "requests")) {
    fail("unsupported container resource: " + res);
    return std::nullopt;
  }
  auto name = res.substr(dot + 1);
  const auto& map = kind == "limits" ? target->resources().limits()
                                     : target->resources().requests();
  std::string text = "0";
  if (auto it = map.find(name); it != map.end())
    text = it->second;
  else if (auto alloc = src.node_allocatable.find(name);
           kind == "limits" && alloc != src.node_allocatable.end())
    text = alloc->second;
  auto value = quantity::parse_with_error(text);
  auto divisor = quantity::parse_with_error(ref.divisor().empty() ? "1" : ref.divisor());
  if (!value || !divisor) {
    fail("resourceFieldRef " + res + ": " + (!value ? value.error : divisor.error));
    return std::nullopt;
  }
  if (divisor.value->sign() <= 0) {
    fail("resourceFieldRef " + res + ": divisor must be positive");
    return std::nullopt;
  }
  if (name == "cpu")
    return std::to_string(ceil_div(value.value->milli_value(), divisor.value->milli_value()));
  return std::to_string(ceil_div(value.value->value(), divisor.value->value()));
}

std::optional<std::string> env_context::value_from(const api::EnvVarSource& from) {
  if (from.has_field_ref())
    return field_value(from.field_ref().field_path());
  if (from.has_resource_field_ref())
    return resource_value(from.resource_field_ref());
  if (from.has_config_map_key_ref()) {
    const auto& ref = from.config_map_key_ref();
    const auto* cm = src.config_map ? src.config_map(ref.name()) : nullptr;
    if (cm == nullptr) {
      if (!is_optional(ref))
        fail("configmap \"" + ref.name() + "\" not found");
      return std::nullopt;
    }
    auto it = cm->data().find(ref.key());
    if (it == cm->data().end()) {
      if (!is_optional(ref))
        fail("couldn't find key " + ref.key() + " in ConfigMap " + ns() + "/" + ref.name());
      return std::nullopt;
    }
    return it->second;
  }
  if (from.has_secret_key_ref()) {
    const auto& ref = from.secret_key_ref();
    const auto* secret = src.secret ? src.secret(ref.name()) : nullptr;
    if (secret == nullptr) {
      if (!is_optional(ref))
        fail("secret \"" + ref.name() + "\" not found");
      return std::nullopt;
    }
    auto it = secret->data().find(ref.key());
    if (it == secret->data().end()) {
      if (!is_optional(ref))
        fail("couldn't find key " + ref.key() + " in Secret " + ns() + "/" + ref.name());
      return std::nullopt;
    }
    return it->second;
  }
  return std::string{};
}

int64_t limit_of(const api::Container& c, const char* name, bool milli) {
  const auto& limits = c.resources().limits();
  auto it = limits.find(name);
  if (it == limits.end())
    return 0;
  auto q = quantity::parse(it->second);
  if (!q || q->sign() <= 0)
    return 0;
  return milli ? q->milli_value() : q->value();
}

/// The token the pod's service account holds, unless the pod opts out
/// with automountServiceAccountToken: false. Nothing while the token
/// controller has not made it: the container starts without it, as it
/// would in a cluster without a token controller.
std::optional<std::string> service_account_token(const api::Pod& pod, const env_sources& src) {
  if (!src.service_account_token || !apiserver::mounts_service_account_token(pod))
    return std::nullopt;
  const auto* secret = src.service_account_token(apiserver::service_account_of(pod));
  if (secret == nullptr)
    return std::nullopt;
  auto it = secret->data().find("token");
  return it == secret->data().end() ? std::nullopt : std::optional<std::string>{it->second};
}

} // namespace

env_result make_environment(const api::Pod& pod, const api::Container& c,
                            const env_sources& src) {
  env_context ctx{pod, c, src, {}, {}};
  ctx.add_services();
  ctx.env.set("POD_NAME", pod.metadata().name());
  ctx.env.set("POD_NAMESPACE", pod.metadata().namespace_());
  ctx.env.set("POD_IP", src.pod_ip);
  ctx.env.set("NODE_NAME", pod.spec().node_name().empty() ? src.node_name : pod.spec().node_name());
  if (auto token = service_account_token(pod, src))
    ctx.env.set(service_account_token_env, *token);
  for (const auto& from : c.env_from())
    ctx.add_env_from(from);
  env_lookup lookup = [&](std::string_view name) { return ctx.env.get(name); };
  for (const auto& var : c.env()) {
    if (!var.value().empty()) {
      ctx.env.set(var.name(), expand(var.value(), lookup));
    } else if (var.has_value_from()) {
      if (auto value = ctx.value_from(var.value_from()))
        ctx.env.set(var.name(), std::move(*value));
    } else {
      ctx.env.set(var.name(), {});
    }
  }
  ctx.out.env = ctx.env.take();
  if (ctx.out.error)
    ctx.out.env.clear();
  return std::move(ctx.out);
}

containers::container_spec make_container_spec(const api::Pod& pod, const api::Container& c,
                                               const env_list& env, int attempt, bool init,
                                               const std::string& pod_ip) {
  containers::container_spec spec;
  spec.pod_uid = pod.metadata().uid();
  spec.pod_namespace = pod.metadata().namespace_();
  spec.pod_name = pod.metadata().name();
  spec.container_name = c.name();
  spec.attempt = attempt;
  spec.image = c.image();
  spec.working_dir = c.working_dir();
  spec.env = env;
  spec.pod_ip = pod_ip;
  spec.init = init;
  spec.memory_limit_bytes = limit_of(c, "memory", false);
  spec.cpu_limit_millis = limit_of(c, "cpu", true);
  // Later definitions win, as in the runtime's env.
  std::unordered_map<std::string_view, const std::string*> vars;
  vars.reserve(env.size());
  for (const auto& [k, v] : env)
    vars[k] = &v;
  env_lookup lookup = [&](std::string_view name) -> const std::string* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second;
  };
  spec.argv.reserve(c.command_size() + c.args_size());
  for (const auto& arg : c.command())
    spec.argv.push_back(expand(arg, lookup));
  for (const auto& arg : c.args())
    spec.argv.push_back(expand(arg, lookup));
  return spec;
}

} // namespace convoy::kubelet
