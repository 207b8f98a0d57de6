// The Kubernetes JSON/YAML codec: exact encodings, decoding rules and their
// error messages (field paths), manifest streams, and robustness against
// arbitrary input (seeded mutation fuzzing, alias bombs, deep nesting).
#include "messages/codec/codec.hpp"

#include <boost/test/unit_test.hpp>

#include <google/protobuf/util/message_differencer.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "api/config.pb.h"
#include "api/event.pb.h"
#include "api/pod.pb.h"
#include "api/service.pb.h"
#include "api/workload.pb.h"
#include "messages/codec/message_info.hpp"
#include "messages/codec/resource_registry.hpp"
#include "messages/codec/yaml_loader.hpp"

namespace api = convoy::api;
namespace codec = convoy::codec;
using google::protobuf::Message;
using google::protobuf::util::MessageDifferencer;

namespace {

constexpr int64_t jan_1_2026 = 1767225600; // 2026-01-01T00:00:00Z

template <class T>
T decode_yaml(const std::string& text) {
  T msg;
  auto st = codec::from_yaml(text, msg);
  BOOST_REQUIRE_MESSAGE(st.ok(), "decode failed: " << (st.ok() ? "" : st.error().to_string()));
  return msg;
}

/// The error text of decoding `text` as T ("" if it decoded).
template <class T>
std::string yaml_error(const std::string& text) {
  T msg;
  auto st = codec::from_yaml(text, msg);
  return st.ok() ? std::string{} : st.error().to_string();
}

api::Pod sample_pod() {
  api::Pod pod;
  pod.set_kind("Pod");
  pod.set_api_version("v1");
  auto* md = pod.mutable_metadata();
  md->set_name("web");
  md->set_namespace_("default");
  md->set_generation(9007199254740993); // 2^53 + 1: exact only as a JSON integer
  md->mutable_creation_timestamp()->set_seconds(jan_1_2026);
  md->mutable_deletion_timestamp()->set_seconds(jan_1_2026 + 30);
  md->mutable_deletion_timestamp()->set_nanos(500'000'000);
  md->set_deletion_grace_period_seconds(0); // optional: a set zero is emitted
  (*md->mutable_labels())["tier"] = "front";
  (*md->mutable_labels())["app"] = "web";
  auto* spec = pod.mutable_spec();
  auto* c = spec->add_containers();
  c->set_name("web");
  c->set_image("nginx");
  auto* port = c->add_ports();
  port->set_name("http");
  port->set_container_port(8080);
  (*c->mutable_resources()->mutable_limits())["memory"] = "128Mi";
  (*c->mutable_resources()->mutable_limits())["cpu"] = "500m";
  c->mutable_liveness_probe()->mutable_http_get()->set_path("/healthz");
  c->mutable_liveness_probe()->mutable_http_get()->mutable_port()->set_int_val(8080);
  auto* named = c->mutable_readiness_probe()->mutable_tcp_socket()->mutable_port();
  named->set_type(1);
  named->set_str_val("http");
  spec->set_termination_grace_period_seconds(0);
  spec->set_host_network(false); // implicit presence: omitted
  auto* cs = pod.mutable_status()->add_container_statuses();
  cs->set_name("web");
  cs->set_image("nginx"); // ready=false, restartCount=0, imageID="" are always emitted
  return pod;
}

const char* const sample_pod_json =
  R"({"kind":"Pod","apiVersion":"v1","metadata":{"name":"web","namespace":"default",)"
  R"("generation":9007199254740993,"creationTimestamp":"2026-01-01T00:00:00Z",)"
  R"("deletionTimestamp":"2026-01-01T00:00:30.500Z","deletionGracePeriodSeconds":0,)"
  R"("labels":{"app":"web","tier":"front"}},"spec":{"containers":[{"name":"web",)"
  R"("image":"nginx","ports":[{"name":"http","containerPort":8080}],"resources":)"
  R"({"limits":{"cpu":"500m","memory":"128Mi"}},"livenessProbe":{"httpGet":)"
  R"({"path":"/healthz","port":8080}},"readinessProbe":{"tcpSocket":{"port":"http"}}}],)"
  R"("terminationGracePeriodSeconds":0},"status":{"containerStatuses":[{"name":"web",)"
  R"("ready":false,"restartCount":0,"image":"nginx","imageID":""}]}})";

const char* const rc_manifest = R"(apiVersion: v1
kind: ReplicationController
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  selector:
    app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
        args: ["--port", "8080", "-v"]
        ports:
        - containerPort: 8080
          name: http
        env:
        - name: GREETING
          value: "hello: world"
        - name: COUNT
          value: "3"
        - name: FLAG
          value: yes
        resources:
          requests:
            cpu: 0.25
            memory: 64Mi
        readinessProbe:
          httpGet:
            path: /ready
            port: http
          periodSeconds: 5
      volumes:
      - name: scratch
        emptyDir: {}
      - name: cfg
        configMap:
          name: web-config
          defaultMode: 0644
)";

// kubectl -o yaml style: field order, sequences at their key's column,
// canonical quantity, octal mode as a number, ambiguous strings quoted.
const char* const rc_yaml = R"(kind: ReplicationController
apiVersion: v1
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  selector:
    app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      volumes:
      - name: scratch
        emptyDir: {}
      - name: cfg
        configMap:
          name: web-config
          defaultMode: 420
      containers:
      - name: web
        image: nginx:1.25
        args:
        - --port
        - "8080"
        - -v
        ports:
        - name: http
          containerPort: 8080
        env:
        - name: GREETING
          value: "hello: world"
        - name: COUNT
          value: "3"
        - name: FLAG
          value: "yes"
        resources:
          requests:
            cpu: 250m
            memory: 64Mi
        readinessProbe:
          httpGet:
            path: /ready
            port: http
          periodSeconds: 5
)";

const char* const service_manifest = R"(apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: shop
  annotations:
    note: |
      line one
      line two
spec:
  type: NodePort
  selector:
    app: db
  ports:
  - name: pg
    port: 5432
    targetPort: 5432
    nodePort: 30432
  - name: metrics
    port: 9187
    targetPort: metrics
)";

const char* const service_yaml = R"(kind: Service
apiVersion: v1
metadata:
  name: db
  namespace: shop
  annotations:
    note: |
      line one
      line two
spec:
  ports:
  - name: pg
    port: 5432
    targetPort: 5432
    nodePort: 30432
  - name: metrics
    port: 9187
    targetPort: metrics
  selector:
    app: db
  type: NodePort
)";

} // namespace

BOOST_AUTO_TEST_SUITE(codec_tests)

BOOST_AUTO_TEST_CASE(pod_json_is_exact) {
  auto pod = sample_pod();
  BOOST_TEST(codec::to_json(pod) == sample_pod_json);
  api::Pod back;
  auto st = codec::from_json(sample_pod_json, back);
  BOOST_TEST_REQUIRE(st.ok());
  BOOST_TEST(MessageDifferencer::Equals(pod, back));
  BOOST_TEST(back.metadata().has_deletion_grace_period_seconds());
  const auto& c = back.spec().containers(0);
  BOOST_TEST(c.liveness_probe().http_get().port().type() == 0);
  BOOST_TEST(c.readiness_probe().tcp_socket().port().type() == 1);
  BOOST_TEST(c.readiness_probe().tcp_socket().port().str_val() == "http");
}

BOOST_AUTO_TEST_CASE(pretty_json_and_empty_lists) {
  api::ConfigMap cm;
  cm.set_kind("ConfigMap");
  cm.set_api_version("v1");
  cm.mutable_metadata()->set_name("x");
  (*cm.mutable_data())["a"] = "1";
  BOOST_TEST(codec::to_json(cm, true) == R"({
    "kind": "ConfigMap",
    "apiVersion": "v1",
    "metadata": {
        "name": "x"
    },
    "data": {
        "a": "1"
    }
})");
  // A List always carries items (clients require it), even when empty.
  api::PodList list;
  list.set_kind("PodList");
  list.set_api_version("v1");
  list.mutable_metadata()->set_resource_version("5");
  BOOST_TEST(codec::to_json(list)
             == R"({"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"5"},"items":[]})");
  BOOST_TEST(codec::to_yaml(list)
             == "kind: PodList\napiVersion: v1\nmetadata:\n  resourceVersion: \"5\"\nitems: []\n");
  BOOST_TEST(codec::to_json(api::Pod{}) == "{}");
  BOOST_TEST(codec::to_yaml(api::Pod{}) == "{}\n");
}

BOOST_AUTO_TEST_CASE(replication_controller_manifest_to_kubectl_yaml) {
  auto rc = decode_yaml<api::ReplicationController>(rc_manifest);
  BOOST_TEST(rc.spec().replicas() == 3);
  const auto& pod = rc.spec().template_().spec();
  BOOST_TEST(pod.volumes(1).config_map().default_mode() == 0644);
  BOOST_TEST(pod.containers(0).env(2).value() == "yes");
  BOOST_TEST(pod.containers(0).resources().requests().at("cpu") == "250m");
  BOOST_TEST(pod.volumes(0).has_empty_dir());
  BOOST_TEST(codec::to_yaml(rc) == rc_yaml);
  auto again = decode_yaml<api::ReplicationController>(rc_yaml);
  BOOST_TEST(MessageDifferencer::Equals(rc, again));
}

BOOST_AUTO_TEST_CASE(service_manifest_to_kubectl_yaml) {
  auto svc = decode_yaml<api::Service>(service_manifest);
  BOOST_TEST(svc.metadata().annotations().at("note") == "line one\nline two\n");
  BOOST_TEST(svc.spec().ports(0).target_port().int_val() == 5432);
  BOOST_TEST(svc.spec().ports(1).target_port().str_val() == "metrics");
  BOOST_TEST(codec::to_yaml(svc) == service_yaml);
  BOOST_TEST(MessageDifferencer::Equals(svc, decode_yaml<api::Service>(service_yaml)));
}

BOOST_AUTO_TEST_CASE(bad_manifests_name_the_field) {
  const std::string pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n";
  const std::string c0 = pod + "spec:\n  containers:\n  - name: web\n";
  struct row {
    std::string text;
    std::string error;
  };
  const std::vector<row> rows = {
    {c0 + "    imagee: nginx\n", "line 7: spec.containers[0].imagee: unknown field"},
    {c0 + "    ports:\n    - containerPort: abc\n",
     "line 8: spec.containers[0].ports[0].containerPort: expected integer, got \"abc\""},
    {c0 + "    ports: [{containerPort: \"80\"}]\n",
     "line 7: spec.containers[0].ports[0].containerPort: expected integer, got \"80\""},
    {c0 + "    ports: [{containerPort: 99999999999}]\n",
     "line 7: spec.containers[0].ports[0].containerPort: value 99999999999 out of range for int32"},
    {c0 + "    image: 5\n", "line 7: spec.containers[0].image: expected string, got 5"},
    {c0 + "    resources: {limits: {cpu: lots}}\n",
     "line 7: spec.containers[0].resources.limits[cpu]: quantity \"lots\": "},
    {c0 + "    livenessProbe: {tcpSocket: {port: 1.5}}\n",
     "line 7: spec.containers[0].livenessProbe.tcpSocket.port: expected integer or string, got 1.5"},
    {pod + "spec:\n  containers: {name: web}\n", "line 5: spec.containers: expected array, got object"},
    {pod + "spec:\n  hostNetwork: \"true\"\n",
     "line 5: spec.hostNetwork: expected boolean, got \"true\""},
    {pod + "spec: [1, 2]\n", "line 4: spec: expected object, got array"},
    {pod + "metadata: {name: y}\n", "line 4: metadata: duplicate field"},
    {"apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {version: 1}\n",
     "line 4: metadata.labels[version]: expected string, got 1"},
    {"metadata:\n  creationTimestamp: yesterday\n",
     "line 2: metadata.creationTimestamp: expected RFC 3339 timestamp, got \"yesterday\""},
    {"metadata:\n  labels: {a: b, a: c}\n", "line 2: metadata.labels[a]: duplicate key"},
    {"spec: {containers: [unclosed\n", "line 2: syntax error: "},
    {"- a\n- b\n", "line 1: expected object, got array"},
    {"", "empty document"},
    {"a: 1\n---\nb: 2\n", "expected one document, found 2"},
  };
  for (const auto& r : rows) {
    auto err = yaml_error<api::Pod>(r.text);
    BOOST_TEST_CONTEXT("manifest:\n" << r.text) {
      BOOST_TEST(err.substr(0, r.error.size()) == r.error);
      BOOST_TEST(!err.empty());
    }
  }
  BOOST_TEST(yaml_error<api::Secret>("data: {k: \"not base64!\"}\n")
             == "line 1: data[k]: invalid base64");
  BOOST_TEST(yaml_error<api::ReplicationController>("spec: {replicas: 1.5}\n")
             == "line 1: spec.replicas: expected integer, got 1.5");
  api::Pod pod_msg;
  BOOST_TEST(codec::from_json("kind: Pod\n", pod_msg).error().message == "expected a JSON object");
}

BOOST_AUTO_TEST_CASE(failed_decode_leaves_the_message_cleared) {
  api::Pod pod = sample_pod();
  auto st = codec::from_yaml("metadata: {name: a}\nspec: {nodeName: 3}\n", pod);
  BOOST_TEST(!st.ok());
  BOOST_TEST(pod.ByteSizeLong() == 0u);
}

BOOST_AUTO_TEST_CASE(scalar_rules) {
  // null means unset; optional zeros keep their presence; YAML 1.1 booleans.
  auto rc = decode_yaml<api::ReplicationController>(
    "metadata: null\nspec: {replicas: 0, selector: {a: null}, minReadySeconds: ~}\n");
  BOOST_TEST(!rc.has_metadata());
  BOOST_TEST(rc.spec().has_replicas());
  BOOST_TEST(rc.spec().selector().at("a") == "");
  BOOST_TEST(codec::to_json(rc) == R"({"spec":{"replicas":0,"selector":{"a":""}}})");
  auto pod = decode_yaml<api::Pod>(
    "spec:\n  containers: [{name: c, volumeMounts: [{name: v, readOnly: yes}]}]\n"
    "  terminationGracePeriodSeconds: 0x10\n  activeDeadlineSeconds: -9223372036854775808\n");
  BOOST_TEST(pod.spec().containers(0).volume_mounts(0).read_only());
  BOOST_TEST(pod.spec().termination_grace_period_seconds() == 16);
  BOOST_TEST(pod.spec().active_deadline_seconds() == INT64_MIN);
  BOOST_TEST(yaml_error<api::Pod>("spec: {activeDeadlineSeconds: 9223372036854775808}\n")
             == "line 1: spec.activeDeadlineSeconds: value 9223372036854775808 out of range for int64");
}

BOOST_AUTO_TEST_CASE(quantities_accept_numbers_and_are_canonical) {
  auto pod = decode_yaml<api::Pod>(
    "spec:\n  containers:\n  - name: c\n    resources:\n"
    "      limits: {cpu: 1, memory: 1.5Gi}\n      requests: {cpu: 0.5, memory: 1e3}\n");
  const auto& res = pod.spec().containers(0).resources();
  BOOST_TEST(res.limits().at("cpu") == "1");
  BOOST_TEST(res.limits().at("memory") == "1536Mi");
  BOOST_TEST(res.requests().at("cpu") == "500m");
  BOOST_TEST(res.requests().at("memory") == "1e3");
  // The JSON of a number-valued quantity is the canonical string.
  api::Pod from_json;
  BOOST_TEST_REQUIRE(codec::from_json(
    R"({"spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":2}}}]}})", from_json).ok());
  BOOST_TEST(codec::to_json(from_json.spec().containers(0).resources())
             == R"({"limits":{"cpu":"2"}})");
  // Plain string maps are not quantities: numbers are rejected there.
  BOOST_TEST(!yaml_error<api::Pod>("spec: {nodeSelector: {cpu: 1}}\n").empty());
}

BOOST_AUTO_TEST_CASE(timestamps_parse_rfc3339_and_print_utc) {
  struct row {
    const char* input;
    const char* printed; // nullptr: rejected
  };
  const std::vector<row> rows = {
    {"2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"},
    {"2026-01-01T02:30:00+02:30", "2026-01-01T00:00:00Z"},
    {"2025-12-31T23:00:00-01:00", "2026-01-01T00:00:00Z"},
    {"2026-01-01T00:00:00.5Z", "2026-01-01T00:00:00.500Z"},
    {"2026-01-01T00:00:00.000001Z", "2026-01-01T00:00:00.000001Z"},
    {"2026-01-01T00:00:00.123456789123Z", "2026-01-01T00:00:00.123456789Z"},
    {"1969-12-31T23:59:59.999999999Z", "1969-12-31T23:59:59.999999999Z"},
    {"2024-02-29T12:00:00z", "2024-02-29T12:00:00Z"},
    {"0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"},
    {"2026-02-29T00:00:00Z", nullptr}, {"2026-01-01", nullptr},
    {"2026-01-01T24:00:00Z", nullptr}, {"2026-01-01 00:00:00Z", nullptr},
    {"2026-01-01T00:00:00", nullptr}, {"0000-01-01T00:00:00Z", nullptr},
    {"2026-01-01T00:00:00.Z", nullptr}, {"2026-01-01T00:00:00+2:00", nullptr},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT("input " << r.input) {
      api::Pod pod;
      std::string text = std::string{"status: {startTime: \""} + r.input + "\"}\n";
      auto st = codec::from_yaml(text, pod);
      BOOST_TEST(st.ok() == (r.printed != nullptr));
      if (st.ok())
        BOOST_TEST(codec::to_json(pod) == std::string{R"({"status":{"startTime":")"} + r.printed
                                             + "\"}}");
    }
  }
}

BOOST_AUTO_TEST_CASE(bytes_are_base64_and_json_escapes_decode) {
  api::Secret secret;
  BOOST_TEST_REQUIRE(codec::from_json(
    R"({"data":{"a":"aGVsbG8=","b":"","c":"AA=="},"stringData":{"e":"\ud83d\ude00 \u00e9\ud800"}})",
    secret).ok());
  BOOST_TEST(secret.data().at("a") == "hello");
  BOOST_TEST(secret.data().at("c") == std::string(1, '\0'));
  BOOST_TEST(secret.string_data().at("e") == "\xF0\x9F\x98\x80 \xC3\xA9\xEF\xBF\xBD");
  BOOST_TEST(codec::to_json(secret)
             == "{\"data\":{\"a\":\"aGVsbG8=\",\"b\":\"\",\"c\":\"AA==\"},\"stringData\":"
                "{\"e\":\"\xF0\x9F\x98\x80 \xC3\xA9\xEF\xBF\xBD\"}}");
  for (const char* bad : {"aGVsbG8", "a===", "aGVs*G8=", "=AAA", "AA==AA=="})
    BOOST_TEST(!codec::from_json(std::string{R"({"data":{"a":")"} + bad + "\"}}", secret).ok(), bad);
}

BOOST_AUTO_TEST_CASE(manifest_streams_split_and_expand_lists) {
  const std::string stream = "# leading comment\napiVersion: v1\nkind: ConfigMap\n"
                             "metadata: {name: a}\n---\n---\n# only a comment\n---\n"
                             R"({"apiVersion": "v1", "kind": "List", "items": [)"
                             "\n"
                             R"({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}},)"
                             "\n"
                             R"({"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"replicas": "x"}}]})"
                             "\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n";
  auto docs = codec::decode_documents(stream);
  BOOST_TEST_REQUIRE(docs.ok(), (docs.ok() ? "" : docs.error().to_string()));
  BOOST_TEST_REQUIRE(docs->size() == 4u);
  std::vector<std::string> kinds;
  for (const auto& d : docs.value())
    kinds.push_back(d.kind + "@" + std::to_string(d.index) + "/" + std::to_string(d.item));
  BOOST_TEST(kinds == (std::vector<std::string>{"ConfigMap@0/-1", "Service@3/0",
                                                 "Deployment@3/1", "Pod@4/-1"}),
             boost::test_tools::per_element());
  const auto& reg = codec::resource_registry::builtin();
  for (const auto& d : docs.value()) {
    auto msg = reg.make(d.kind);
    auto st = codec::decode(d, *msg);
    if (d.kind == "Deployment") {
      BOOST_TEST(st.error().to_string()
                 == "document 4, items[1], line 11: spec.replicas: expected integer, got \"x\"");
    } else {
      BOOST_TEST(st.ok());
    }
  }
  auto bad = codec::decode_documents("apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nmetadata: {}\n");
  BOOST_TEST(bad.error().to_string() == "document 2, line 4: missing required field \"kind\"");
  auto list = codec::decode_documents("kind: List\napiVersion: v1\nitems: [{kind: Pod}]\n");
  BOOST_TEST(list.error().to_string()
             == "document 1, items[0], line 3: missing required field \"apiVersion\"");
  BOOST_TEST(codec::decode_documents("---\n# nothing\n")->empty());
  BOOST_TEST(!codec::decode_documents("kind: [a]\napiVersion: v1\n").ok());
}

BOOST_AUTO_TEST_CASE(field_tables_match_the_protos) {
  // Linking the registry pulls every API type into the generated pool.
  BOOST_TEST(codec::resource_registry::builtin().resources().size() > 0u);
  auto missing = codec::message_info::unresolved_table_entries();
  BOOST_TEST(missing.empty(), "unresolved: " << (missing.empty() ? "" : missing.front()));
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

/// A fresh seed per run, or CONVOY_SEED=<n> to replay a failure.
unsigned test_seed() {
  if (const char* env = std::getenv("CONVOY_SEED"))
    return static_cast<unsigned>(std::stoul(env));
  return std::random_device{}();
}

/// Pieces that stress YAML/JSON quoting: indicators, YAML 1.1 words, numbers,
/// blanks at the edges, line breaks, control and non-ASCII characters.
const std::vector<std::string> string_pieces = {
  "a", "web", " ", "\t", "\n", ":", ": ", "#", " #", "-", "- ", "---", "...", "?", "'", "\"",
  "\\", "{", "}", "[", "]", ",", "&", "*", "!", "|", ">", "%", "@", "`", "~", "null", "yes",
  "No", "on", "y", "true", "0644", "0x1F", "1e3", ".inf", "-1", "1_000", "2026-01-01", "<<",
  "\x01", "\x7f", "\r", "\xC3\xA9", "\xF0\x9F\x98\x80", "\xC2\x85", "\xE2\x80\xA8",
  "\xEF\xBB\xBF",
};

std::string random_string(std::mt19937& rng) {
  std::uniform_int_distribution<size_t> count(0, 5);
  std::uniform_int_distribution<size_t> pick(0, string_pieces.size() - 1);
  std::string s;
  for (size_t n = count(rng); n > 0; --n)
    s += string_pieces[pick(rng)];
  return s;
}

api::ConfigMap random_config_map(std::mt19937& rng) {
  api::ConfigMap cm;
  cm.set_kind(random_string(rng));
  cm.mutable_metadata()->set_name(random_string(rng));
  for (int i = 0; i < 4; ++i) {
    (*cm.mutable_data())[random_string(rng)] = random_string(rng);
    (*cm.mutable_metadata()->mutable_annotations())[random_string(rng)] = random_string(rng);
    (*cm.mutable_binary_data())[random_string(rng)] = random_string(rng) + '\xff';
    cm.mutable_metadata()->add_finalizers(random_string(rng));
  }
  return cm;
}

/// Mutations a fuzzer would make: delete, duplicate, insert a token, flip.
std::string mutate(std::string text, std::mt19937& rng) {
  static const std::vector<std::string> tokens = {
    "\n", ": ", "- ", "[", "]", "{", "}", "\"", "'", "&a ", "*a", "---\n", "null", "!!str ",
    "\t", "#", "\\u", "99999999999999999999", "-", ",", "? ", "|\n", "\xff", "\xC3",
  };
  std::uniform_int_distribution<int> op(0, 3);
  auto at = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n)(rng); };
  for (int n = std::uniform_int_distribution<int>(1, 4)(rng); n > 0; --n) {
    size_t pos = at(text.size());
    switch (op(rng)) {
      case 0: text.erase(pos, at(8)); break;
      case 1: text.insert(pos, text.substr(at(text.size()), at(16))); break;
      case 2: text.insert(pos, tokens[at(tokens.size() - 1)]); break;
      default:
        if (pos < text.size())
          text[pos] = static_cast<char>(at(255));
    }
  }
  return text;
}

/// A decoded message must survive encode -> decode unchanged (JSON and YAML).
void require_stable(const Message& msg) {
  std::unique_ptr<Message> again{msg.New()};
  auto json = codec::to_json(msg);
  auto st = codec::from_json(json, *again);
  BOOST_REQUIRE_MESSAGE(st.ok(), "re-decode of " << json << ": " << (st.ok() ? "" : st.error().to_string()));
  BOOST_REQUIRE_MESSAGE(MessageDifferencer::Equals(msg, *again), "JSON changed: " << json);
  auto yaml = codec::to_yaml(msg);
  st = codec::from_yaml(yaml, *again);
  BOOST_REQUIRE_MESSAGE(st.ok(), "re-decode of\n" << yaml << (st.ok() ? "" : st.error().to_string()));
  BOOST_REQUIRE_MESSAGE(MessageDifferencer::Equals(msg, *again), "YAML changed:\n" << yaml);
}

} // namespace

BOOST_AUTO_TEST_SUITE(codec_robustness_tests)

BOOST_AUTO_TEST_CASE(any_string_round_trips_through_yaml_and_json) {
  const auto seed = test_seed();
  BOOST_TEST_MESSAGE("SEED=" << seed);
  std::mt19937 rng{seed};
  for (int i = 0; i < 400; ++i) {
    BOOST_TEST_CONTEXT("SEED=" << seed << " iteration " << i) {
      require_stable(random_config_map(rng));
    }
  }
}

BOOST_AUTO_TEST_CASE(mutated_manifests_never_crash_and_decode_stably) {
  const auto seed = test_seed();
  BOOST_TEST_MESSAGE("SEED=" << seed);
  std::mt19937 rng{seed};
  const std::vector<std::string> corpus = {rc_manifest, service_manifest, sample_pod_json,
                                           codec::to_yaml(sample_pod()),
                                           codec::to_json(sample_pod(), true)};
  const auto& reg = codec::resource_registry::builtin();
  int decoded = 0;
  for (int i = 0; i < 5000; ++i) {
    auto text = mutate(corpus[i % corpus.size()], rng);
    BOOST_TEST_CONTEXT("SEED=" << seed << " iteration " << i << " input:\n" << text) {
      api::Pod pod;
      if (codec::from_yaml(text, pod).ok())
        require_stable(pod);
      (void) codec::from_json(text, pod);
      auto docs = codec::decode_documents(text);
      if (!docs.ok())
        continue;
      for (const auto& doc : docs.value()) {
        auto msg = reg.make(doc.kind);
        if (msg && codec::decode(doc, *msg).ok()) {
          require_stable(*msg);
          ++decoded;
        }
      }
    }
  }
  BOOST_TEST_MESSAGE("decoded " << decoded << " mutated documents");
  BOOST_TEST(decoded > 0);
}

BOOST_AUTO_TEST_CASE(alias_bombs_and_deep_nesting_fail_cleanly) {
  // 30 volumes x 30 projected sources x 30 items via aliases: ~80k nodes
  // from ~1 KB of text.
  std::string items = "[&k {key: a, path: b}";
  std::string sources = "[&s {configMap: {name: c, items: ";
  std::string volumes = "spec:\n  volumes:\n  - &v {name: v, projected: {sources: ";
  for (int i = 0; i < 29; ++i)
    items += ", *k";
  items += "]";
  sources += items + "}}";
  for (int i = 0; i < 29; ++i)
    sources += ", *s";
  volumes += sources + "]}}\n";
  for (int i = 0; i < 29; ++i)
    volumes += "  - *v\n";
  auto err = yaml_error<api::Pod>(volumes);
  BOOST_TEST(err.find("aliases expand past the node limit") != std::string::npos, err);

  std::string deep = "metadata: {name: " + std::string(20000, '[') + std::string(20000, ']') + "}";
  BOOST_TEST(!yaml_error<api::Pod>(deep).empty());
  std::string deep_json = "{\"metadata\":" + std::string(20000, '[') + std::string(20000, ']') + "}";
  api::Pod pod;
  BOOST_TEST(!codec::from_json(deep_json, pod).ok());
}

BOOST_AUTO_TEST_CASE(stray_top_level_commas_are_errors_not_endless_loops) {
  // yaml-cpp 0.7 alone loops forever (allocating) on each of these.
  for (const char* text : {",", ",a", "\"a\",", "[a],", "{\"a\": 1},", "# c\n,",
                           "a: 1\n---\n,", "- a\n- b\n,", "[a]\n...\n,"}) {
    api::Pod pod;
    auto st = codec::from_yaml(text, pod);
    BOOST_TEST(!st.ok(), text);
    BOOST_TEST(!codec::decode_documents(text).ok(), text);
  }
  BOOST_TEST(codec::yaml_loader::json_shaped(sample_pod_json));
  BOOST_TEST(codec::yaml_loader::json_shaped(" [\"b,c\", {}, [], -0.5e+3, true, null] \n"));
  BOOST_TEST(codec::yaml_loader::json_shaped("{\"a\\\"\\u00e9\": {\"b\": [1, {\"c\": false}]}}"));
  BOOST_TEST(!codec::yaml_loader::json_shaped("{\"a\": 1}\n---\n[\"b,c\"]\n"));
  BOOST_TEST(!codec::yaml_loader::json_shaped("{\"a\": x\"y\", \"b\": 1}"));
  BOOST_TEST(!codec::yaml_loader::json_shaped("{\"a\": 01}"));
  BOOST_TEST(!codec::yaml_loader::json_shaped("{\"a\": 1,}"));
  BOOST_TEST(!codec::yaml_loader::json_shaped("[1],"));
  BOOST_TEST(!codec::yaml_loader::json_shaped("{}\n---\nb[c\n---\n,"));
  BOOST_TEST(!codec::yaml_loader::json_shaped("['{'],"));
  BOOST_TEST(!codec::yaml_loader::json_shaped("a: 1"));
}

BOOST_AUTO_TEST_CASE(micro_time_fields_print_six_digits) {
  api::Event ev;
  ev.mutable_event_time()->set_seconds(jan_1_2026);
  ev.mutable_first_timestamp()->set_seconds(jan_1_2026);
  BOOST_TEST(codec::to_json(ev) == R"({"firstTimestamp":"2026-01-01T00:00:00Z",)"
                                   R"("eventTime":"2026-01-01T00:00:00.000000Z"})");
}

BOOST_AUTO_TEST_SUITE_END()
