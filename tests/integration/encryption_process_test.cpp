// Secrets at rest with real processes: `convoy node --roles store,apiserver
// --encryption-provider-config F` stores a Secret created with `convoy ctl`
// encrypted (`ctl store get` shows Kubernetes' aesgcm format, no
// plaintext) and serves it decrypted (`ctl get secret -o json`, list); a
// bad configuration stops the node with an error naming the file and field.

#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "child_process.hpp"
#include "ctl_runner.hpp"
#include "process_helpers.hpp"

using namespace std::chrono_literals;
using convoy::test::child_process;
using convoy::test::eventually;

namespace {

const std::string convoy_bin = CONVOY_BINARY;
const std::string plaintext = "hunter2-plaintext";
const std::string plaintext_b64 = "aHVudGVyMi1wbGFpbnRleHQ=";

/// EncryptionConfiguration with one aesgcm key of `secret_b64`, mode 0600.
void write_config(const std::filesystem::path& path, const std::string& secret_b64) {
  {
    std::ofstream out{path};
    out << "apiVersion: apiserver.config.k8s.io/v1\n"
           "kind: EncryptionConfiguration\n"
           "resources:\n"
           "  - resources: [secrets]\n"
           "    providers:\n"
           "      - aesgcm:\n"
           "          keys:\n"
           "            - name: key1\n"
           "              secret: " << secret_b64 << "\n"
           "      - identity: {}\n";
  }
  ::chmod(path.c_str(), 0600);
}

struct temp_root {
  temp_root() {
    path = std::filesystem::temp_directory_path()
           / ("convoy-encryption-it-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~temp_root() { std::filesystem::remove_all(path); }
  std::filesystem::path path;
};

std::vector<std::string> node_argv(const temp_root& root, const std::string& server,
                                   const std::filesystem::path& config) {
  return {convoy_bin, "node", "--name", "n1", "--roles", "store,apiserver", "--listen", server,
          "--data-dir", (root.path / "n1").string(), "--encryption-provider-config",
          config.string()};
}

} // namespace

BOOST_AUTO_TEST_SUITE(encryption_process)

BOOST_AUTO_TEST_CASE(secret_is_ciphertext_in_the_store_and_plain_through_the_api) {
  temp_root root;
  auto config = root.path / "encryption.yaml";
  write_config(config, "a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2s=");
  auto server = "127.0.0.1:" + std::to_string(convoy::test::free_port());
  child_process node{node_argv(root, server, config)};
  BOOST_REQUIRE_MESSAGE(node.wait_for_output("listening on", 30s), node.output());
  BOOST_REQUIRE(eventually([&] { return std::filesystem::exists(root.path / "n1/admin.token"); },
                           10s));
  auto admin = convoy::test::read_line_file(root.path / "n1/admin.token");
  auto ctl = [&](std::vector<std::string> args) {
    return convoy::test::run_ctl(server, admin, std::move(args));
  };
  BOOST_REQUIRE_MESSAGE(eventually([&] { return ctl({"get", "namespaces"}).first == 0; }, 20s),
                        node.output());

  auto manifest = root.path / "secret.yaml";
  std::ofstream{manifest} << "apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n"
                             "  namespace: default\ndata:\n  password: " << plaintext_b64
                          << "\n";
  convoy::test::ctl_ok(server, admin, {"create", "-f", manifest.string()});

  auto raw = convoy::test::ctl_ok(server, admin, {"store", "get", "/registry/secrets/default/x"});
  BOOST_TEST(raw.find("k8s:enc:aesgcm:v1:key1:") != std::string::npos, raw);
  BOOST_TEST(raw.find(plaintext) == std::string::npos);

  auto secret = convoy::test::ctl_json(server, admin, {"get", "secret", "x"});
  BOOST_REQUIRE_MESSAGE(secret.is_object(), "get secret x failed");
  BOOST_TEST(secret["data"]["password"] == plaintext_b64);
  auto list = convoy::test::ctl_json(server, admin, {"get", "secrets"});
  BOOST_REQUIRE_MESSAGE(list.is_object() && list["items"].size() == 1u, list.dump());
  BOOST_TEST(list["items"][0]["metadata"]["name"] == "x");
  BOOST_TEST(list["items"][0]["data"]["password"] == plaintext_b64);

  node.signal(SIGTERM);
  BOOST_TEST(node.wait_exit(20s) == 0);
}

BOOST_AUTO_TEST_CASE(a_bad_configuration_stops_the_node_naming_file_and_field) {
  temp_root root;
  auto config = root.path / "bad.yaml";
  write_config(config, "a2tra2tra2tra2tra2tra2tra2s="); // 20 bytes
  auto server = "127.0.0.1:" + std::to_string(convoy::test::free_port());
  auto [code, out] = convoy::test::run_command(node_argv(root, server, config), 30s);
  BOOST_TEST(code != 0);
  BOOST_TEST(out.find(config.string()) != std::string::npos, out);
  BOOST_TEST(out.find("resources[0].providers[0].aesgcm.keys[0].secret: must be base64 of 16, "
                      "24 or 32 bytes")
               != std::string::npos,
             out);
  BOOST_TEST(out.find("a2tra2tra2tr") == std::string::npos, "the key is echoed: " << out);
}

BOOST_AUTO_TEST_SUITE_END()
