#include <boost/test/unit_test.hpp>

#include <map>

#include "actors/kubelet/core/container_env.hpp"
#include "actors/kubelet/core/env_expansion.hpp"
#include "builders.hpp"

using namespace convoy;
using namespace convoy::kubelet;
using namespace convoy::kubelet::test;

namespace {

struct world {
  std::map<std::string, api::ConfigMap> config_maps;
  std::map<std::string, api::Secret> secrets;
  std::vector<api::Service> services;
  /// Token Secrets by service account.
  std::map<std::string, api::Secret> tokens;

  env_sources sources() const {
    env_sources src;
    src.config_map = [this](const std::string& name) -> const api::ConfigMap* {
      auto it = config_maps.find(name);
      return it == config_maps.end() ? nullptr : &it->second;
    };
    src.secret = [this](const std::string& name) -> const api::Secret* {
      auto it = secrets.find(name);
      return it == secrets.end() ? nullptr : &it->second;
    };
    src.service_account_token = [this](const std::string& account) -> const api::Secret* {
      auto it = tokens.find(account);
      return it == tokens.end() ? nullptr : &it->second;
    };
    for (const auto& s : services)
      src.services.push_back(&s);
    src.node_name = "node-a";
    src.pod_ip = "10.0.0.5";
    src.host_ip = "192.168.1.2";
    return src;
  }
};

api::Service service(const std::string& ns, const std::string& name, const std::string& ip,
                     std::vector<std::tuple<std::string, int, std::string>> ports) {
  api::Service s;
  s.mutable_metadata()->set_namespace_(ns);
  s.mutable_metadata()->set_name(name);
  s.mutable_spec()->set_cluster_ip(ip);
  for (auto& [pname, port, proto] : ports) {
    auto* sp = s.mutable_spec()->add_ports();
    sp->set_name(pname);
    sp->set_port(port);
    sp->set_protocol(proto);
  }
  return s;
}

std::map<std::string, std::string> as_map(const env_list& env) {
  return {env.begin(), env.end()};
}

api::EnvVar var(const std::string& name, const std::string& value) {
  api::EnvVar v;
  v.set_name(name);
  v.set_value(value);
  return v;
}

} // namespace

BOOST_AUTO_TEST_SUITE(container_env_suite)

BOOST_AUTO_TEST_CASE(expansion_rules) {
  std::map<std::string, std::string> vars = {{"A", "x"}, {"EMPTY", ""}};
  env_lookup lookup = [&](std::string_view n) -> const std::string* {
    auto it = vars.find(std::string{n});
    return it == vars.end() ? nullptr : &it->second;
  };
  const std::pair<const char*, const char*> rows[] = {
    {"$(A)", "x"},          {"pre-$(A)-post", "pre-x-post"}, {"$$(A)", "$(A)"},
    {"$$$(A)", "$x"},       {"$(MISSING)", "$(MISSING)"},    {"$(EMPTY)|", "|"},
    {"$A", "$A"},           {"a$", "a$"},                    {"$(A", "$(A"},
    {"$()", "$()"},         {"$(A)$(A)", "xx"},              {"no refs", "no refs"},
  };
  for (const auto& [in, want] : rows)
    BOOST_TEST_CONTEXT(in) {
      BOOST_TEST(expand(in, lookup) == want);
    }
  BOOST_TEST(is_env_var_name("my.var-1_X"));
  BOOST_TEST(!is_env_var_name("1abc"));
  BOOST_TEST(!is_env_var_name("a b"));
}

BOOST_AUTO_TEST_CASE(service_vars_come_first_and_follow_kubernetes_names) {
  world w;
  w.services.push_back(service("prod", "redis-master", "10.96.0.11",
                               {{"", 6379, ""}, {"metrics", 9121, "TCP"}}));
  w.services.push_back(service("prod", "headless", "None", {{"", 80, ""}}));
  w.services.push_back(service("prod", "ext", "", {{"", 80, ""}}));
  w.services.push_back(service("other", "foreign", "10.96.0.12", {{"", 80, ""}}));
  w.services.push_back(service("default", "kubernetes", "10.96.0.1", {{"https", 443, "TCP"}}));
  auto p = pod({container("app")});
  auto res = make_environment(p, p.spec().containers(0), w.sources());
  BOOST_REQUIRE(res.ok());
  auto env = as_map(res.env);
  BOOST_TEST(env["REDIS_MASTER_SERVICE_HOST"] == "10.96.0.11");
  BOOST_TEST(env["REDIS_MASTER_SERVICE_PORT"] == "6379");
  BOOST_TEST(env["REDIS_MASTER_SERVICE_PORT_METRICS"] == "9121");
  BOOST_TEST(env["REDIS_MASTER_PORT"] == "tcp://10.96.0.11:6379");
  BOOST_TEST(env["REDIS_MASTER_PORT_6379_TCP"] == "tcp://10.96.0.11:6379");
  BOOST_TEST(env["REDIS_MASTER_PORT_6379_TCP_PROTO"] == "tcp");
  BOOST_TEST(env["REDIS_MASTER_PORT_6379_TCP_PORT"] == "6379");
  BOOST_TEST(env["REDIS_MASTER_PORT_6379_TCP_ADDR"] == "10.96.0.11");
  BOOST_TEST(env["REDIS_MASTER_PORT_9121_TCP"] == "tcp://10.96.0.11:9121");
  BOOST_TEST(env["KUBERNETES_SERVICE_PORT_HTTPS"] == "443");
  BOOST_TEST(env.count("HEADLESS_SERVICE_HOST") == 0u);
  BOOST_TEST(env.count("EXT_SERVICE_HOST") == 0u);
  BOOST_TEST(env.count("FOREIGN_SERVICE_HOST") == 0u);
  BOOST_TEST(res.env.front().first == "KUBERNETES_SERVICE_HOST"); // sorted by service name
  BOOST_TEST(env["POD_NAME"] == "web");
  BOOST_TEST(env["POD_NAMESPACE"] == "prod");
  BOOST_TEST(env["POD_IP"] == "10.0.0.5");
  BOOST_TEST(env["NODE_NAME"] == "node-a");
  // enableServiceLinks=false keeps only the master service.
  p.mutable_spec()->set_enable_service_links(false);
  env = as_map(make_environment(p, p.spec().containers(0), w.sources()).env);
  BOOST_TEST(env.count("REDIS_MASTER_SERVICE_HOST") == 0u);
  BOOST_TEST(env.count("KUBERNETES_SERVICE_HOST") == 1u);
}

BOOST_AUTO_TEST_CASE(the_service_account_token_is_in_convoy_token_unless_opted_out) {
  world w;
  (*w.tokens["default"].mutable_data())["token"] = "default-jwt";
  (*w.tokens["reader"].mutable_data())["token"] = "reader-jwt";
  w.tokens["empty"]; // a Secret without a token
  auto p = pod({container("app")});
  struct row {
    std::string account;
    std::optional<bool> automount;
    std::string expected; // "" = not set
  };
  const std::vector<row> rows{
    {"", std::nullopt, "default-jwt"}, // no account: "default"
    {"reader", std::nullopt, "reader-jwt"},
    {"reader", true, "reader-jwt"},
    {"reader", false, ""},
    {"nobody", std::nullopt, ""}, // no token made yet
    {"empty", std::nullopt, ""},
  };
  for (const auto& r : rows) {
    p.mutable_spec()->set_service_account_name(r.account);
    p.mutable_spec()->clear_automount_service_account_token();
    if (r.automount)
      p.mutable_spec()->set_automount_service_account_token(*r.automount);
    auto res = make_environment(p, p.spec().containers(0), w.sources());
    BOOST_REQUIRE(res.ok());
    auto env = as_map(res.env);
    BOOST_TEST(env.count("CONVOY_TOKEN") == (r.expected.empty() ? 0u : 1u), r.account);
    if (!r.expected.empty())
      BOOST_TEST(env["CONVOY_TOKEN"] == r.expected);
  }
  // The container's own env wins.
  p.mutable_spec()->set_service_account_name("reader");
  p.mutable_spec()->clear_automount_service_account_token();
  p.mutable_spec()->mutable_containers(0)->add_env()->CopyFrom(var("CONVOY_TOKEN", "mine"));
  auto env = as_map(make_environment(p, p.spec().containers(0), w.sources()).env);
  BOOST_TEST(env["CONVOY_TOKEN"] == "mine");
}

BOOST_AUTO_TEST_CASE(env_from_then_env_with_expansion_and_sources) {
  world w;
  auto& cm = w.config_maps["web-config"];
  cm.mutable_data()->insert({"MODE", "prod"});
  cm.mutable_data()->insert({"bad key", "x"});
  cm.mutable_data()->insert({"PORT", "8080"});
  auto& secret = w.secrets["db"];
  secret.mutable_data()->insert({"password", std::string("s3\0cr", 5)});
  auto c = container("app");
  auto* from = c.add_env_from();
  from->set_prefix("CFG_");
  from->mutable_config_map_ref()->set_name("web-config");
  *c.add_env() = var("URL", "http://$(POD_IP):$(CFG_PORT)/$(NOPE)");
  *c.add_env() = var("CFG_MODE", "override");
  auto* pw = c.add_env();
  pw->set_name("DB_PASSWORD");
  pw->mutable_value_from()->mutable_secret_key_ref()->set_name("db");
  pw->mutable_value_from()->mutable_secret_key_ref()->set_key("password");
  for (auto [name, path] : {std::pair{"MY_UID", "metadata.uid"}, {"MY_SA", "spec.serviceAccountName"},
                            {"MY_HOST", "status.hostIP"}, {"MY_APP", "metadata.labels['app']"}}) {
    auto* f = c.add_env();
    f->set_name(name);
    f->mutable_value_from()->mutable_field_ref()->set_field_path(path);
  }
  c.mutable_resources()->mutable_limits()->insert({"memory", "128Mi"});
  c.mutable_resources()->mutable_limits()->insert({"cpu", "500m"});
  auto* mem = c.add_env();
  mem->set_name("MEM_MI");
  mem->mutable_value_from()->mutable_resource_field_ref()->set_resource("limits.memory");
  mem->mutable_value_from()->mutable_resource_field_ref()->set_divisor("1Mi");
  auto* cpu = c.add_env();
  cpu->set_name("CPU");
  cpu->mutable_value_from()->mutable_resource_field_ref()->set_resource("limits.cpu");
  auto p = pod({c});
  p.mutable_spec()->set_service_account_name("builder");
  p.mutable_metadata()->mutable_labels()->insert({"app", "web"});
  auto res = make_environment(p, p.spec().containers(0), w.sources());
  BOOST_REQUIRE(res.ok());
  auto env = as_map(res.env);
  BOOST_TEST(env["URL"] == "http://10.0.0.5:8080/$(NOPE)");
  BOOST_TEST(env["CFG_MODE"] == "override");
  BOOST_TEST(env["DB_PASSWORD"] == std::string("s3\0cr", 5));
  BOOST_TEST(env["MY_UID"] == "u1");
  BOOST_TEST(env["MY_SA"] == "builder");
  BOOST_TEST(env["MY_HOST"] == "192.168.1.2");
  BOOST_TEST(env["MY_APP"] == "web");
  BOOST_TEST(env["MEM_MI"] == "128");
  BOOST_TEST(env["CPU"] == "1"); // ceil(500m / 1)
  BOOST_TEST(env.count("CFG_bad key") == 0u);
  BOOST_REQUIRE(res.warnings.size() == 1u);
  BOOST_TEST(res.warnings[0].find("Keys [CFG_bad key]") == 0u);
  // Order: convenience vars, then envFrom (sorted keys), then env.
  std::vector<std::string> order;
  for (const auto& [k, v] : res.env)
    order.push_back(k);
  const std::vector<std::string> head = {"POD_NAME", "POD_NAMESPACE", "POD_IP", "NODE_NAME",
                                         "CFG_MODE", "CFG_PORT", "URL", "DB_PASSWORD"};
  BOOST_TEST(std::vector<std::string>(order.begin(), order.begin() + 8) == head,
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(missing_sources_fail_unless_optional) {
  struct row {
    const char* name;
    std::function<void(api::Container&)> edit;
    std::string error; // empty = ok
  };
  auto key_ref = [](const char* cm, const char* key, bool optional) {
    return [=](api::Container& c) {
      auto* e = c.add_env();
      e->set_name("X");
      auto* ref = e->mutable_value_from()->mutable_config_map_key_ref();
      ref->set_name(cm);
      ref->set_key(key);
      if (optional)
        ref->set_optional(true);
    };
  };
  const row rows[] = {
    {"missing configmap", key_ref("web-config", "k", false), "configmap \"web-config\" not found"},
    {"missing optional configmap", key_ref("web-config", "k", true), ""},
    {"missing key", key_ref("present", "nope", false),
     "couldn't find key nope in ConfigMap prod/present"},
    {"missing secret via envFrom",
     [](api::Container& c) { c.add_env_from()->mutable_secret_ref()->set_name("db"); },
     "secret \"db\" not found"},
    {"unsupported field",
     [](api::Container& c) {
       auto* e = c.add_env();
       e->set_name("X");
       e->mutable_value_from()->mutable_field_ref()->set_field_path("spec.bogus");
     },
     "unsupported fieldPath: spec.bogus"},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      world w;
      w.config_maps["present"].mutable_data()->insert({"k", "v"});
      auto c = container("app");
      r.edit(c);
      auto p = pod({c});
      auto res = make_environment(p, p.spec().containers(0), w.sources());
      BOOST_TEST(res.ok() == r.error.empty());
      if (!r.error.empty()) {
        BOOST_TEST(res.error->reason == "CreateContainerConfigError");
        BOOST_TEST(res.error->message == r.error);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(container_spec_expands_argv_and_sets_limits) {
  auto c = container("app", "busybox");
  c.add_command("/bin/sh");
  c.add_args("-c");
  c.add_args("echo $(GREETING) $$(GREETING) $(UNSET)");
  c.set_working_dir("/srv");
  c.mutable_resources()->mutable_limits()->insert({"memory", "64Mi"});
  c.mutable_resources()->mutable_limits()->insert({"cpu", "250m"});
  auto p = pod({c});
  env_list env = {{"GREETING", "hi"}};
  auto spec = make_container_spec(p, p.spec().containers(0), env, 3, false, "10.0.0.5");
  const std::vector<std::string> argv = {"/bin/sh", "-c", "echo hi $(GREETING) $(UNSET)"};
  BOOST_TEST(spec.argv == argv, boost::test_tools::per_element());
  BOOST_TEST(spec.memory_limit_bytes == 64 * 1024 * 1024);
  BOOST_TEST(spec.cpu_limit_millis == 250);
  BOOST_TEST(spec.attempt == 3);
  BOOST_TEST(spec.pod_uid == "u1");
  BOOST_TEST(spec.pod_ip == "10.0.0.5");
  BOOST_TEST(spec.working_dir == "/srv");
  BOOST_TEST(spec.image == "busybox");
}

BOOST_AUTO_TEST_SUITE_END()
