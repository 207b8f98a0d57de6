// bridge_network against a recording runner (no root needed): the command
// sequence, idempotence, errors naming the step, teardown and list().

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "runtime/network/bridge_network.hpp"
#include "runtime/network/host_gw_routes.hpp"
#include "temp_dir.hpp"

using namespace convoy::network;

namespace {

/// Plays `ip`: netns add/del create/remove a file in the netns dir, the
/// bridge exists once added; `fail_on` makes commands containing it fail.
struct fake_ip {
  std::string netns_dir;
  std::vector<std::string> log;
  bool bridge = false;
  std::string addr_output;
  std::string fail_on;
  std::string routes;

  command_result operator()(const argv_t& argv) {
    auto line = join(argv);
    log.push_back(line);
    if (!fail_on.empty() && line.find(fail_on) != std::string::npos)
      return {2, "RTNETLINK answers: Operation not permitted"};
    if (argv.size() == 4 && argv[1] == "netns" && argv[2] == "add") {
      std::ofstream{netns_dir + "/" + argv[3]};
      return {0, ""};
    }
    if (argv.size() == 4 && argv[1] == "netns" && argv[2] == "del") {
      bool had = std::filesystem::remove(netns_dir + "/" + argv[3]);
      return {had ? 0 : 1, had ? "" : "Cannot remove namespace file"};
    }
    if (line.find("type bridge") != std::string::npos)
      bridge = true;
    if (argv[1] == "link" && argv[2] == "show")
      return {bridge ? 0 : 1, ""};
    if (line.find("addr show dev eth0") != std::string::npos)
      return {0, addr_output};
    if (line == join(route_list_command()))
      return {0, routes};
    return {0, ""};
  }
};

struct fixture {
  convoy::test::temp_dir dir;
  std::shared_ptr<fake_ip> ip = std::make_shared<fake_ip>();
  std::unique_ptr<bridge_network> net;

  fixture() {
    std::filesystem::create_directories(dir.sub("netns"));
    ip->netns_dir = dir.sub("netns");
    bridge_network_config cfg;
    cfg.node_name = "worker-1";
    cfg.state_dir = dir.sub("state");
    cfg.netns_dir = dir.sub("netns");
    cfg.ip_forward_file = dir.sub("ip_forward");
    auto fake = ip;
    cfg.run = [fake](const argv_t& a) { return (*fake)(a); };
    net = std::make_unique<bridge_network>(std::move(cfg));
  }

  size_t count(const std::string& text) const {
    size_t n = 0;
    for (const auto& l : ip->log)
      n += l.find(text) != std::string::npos;
    return n;
  }
};

const std::string uid = "0123456789abcdef-0000";

} // namespace

BOOST_AUTO_TEST_SUITE(bridge_network_suite)

BOOST_FIXTURE_TEST_CASE(setup_creates_bridge_once_and_the_pod_netns, fixture) {
  auto res = net->setup(uid, "web-1", "10.213.1.5", 24);
  BOOST_TEST(res.error == "");
  BOOST_TEST(res.netns_path == dir.sub("netns") + "/cv-0123456789ab");
  BOOST_TEST(count("type bridge") == 1u);
  BOOST_TEST(count("ip addr replace 10.213.1.1/24 dev " + net->bridge()) == 1u);
  BOOST_TEST(count("ip netns add cv-0123456789ab") == 1u);
  BOOST_TEST(count("route replace default via 10.213.1.1") == 1u);
  BOOST_TEST(net->list() == std::vector<std::string>{uid});
  auto second = net->setup("fedcba9876543210", "web-2", "10.213.1.6", 24);
  BOOST_TEST(second.ok());
  BOOST_TEST(count("type bridge") == 1u); // the bridge is made once
  BOOST_TEST(net->list().size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(setup_again_keeps_a_configured_netns, fixture) {
  BOOST_TEST(net->setup(uid, "web-1", "10.213.1.5", 24).ok());
  ip->addr_output = "2: eth0    inet 10.213.1.5/24 scope global eth0";
  auto before = count("ip netns add");
  auto again = net->setup(uid, "web-1", "10.213.1.5", 24);
  BOOST_TEST(again.ok());
  BOOST_TEST(again.netns_path == dir.sub("netns") + "/cv-0123456789ab");
  BOOST_TEST(count("ip netns add") == before);
  // A netns without the address (half made) is rebuilt.
  ip->addr_output = "";
  BOOST_TEST(net->setup(uid, "web-1", "10.213.1.5", 24).ok());
  BOOST_TEST(count("ip netns add") == before + 1);
}

BOOST_FIXTURE_TEST_CASE(an_existing_bridge_is_kept, fixture) {
  ip->bridge = true;
  BOOST_TEST(net->setup(uid, "web-1", "10.213.1.5", 24).ok());
  BOOST_TEST(count("type bridge") == 0u);
  BOOST_TEST(count("ip addr replace 10.213.1.1/24") == 1u);
}

BOOST_FIXTURE_TEST_CASE(errors_name_the_step_and_clean_up, fixture) {
  ip->fail_on = "master";
  auto res = net->setup(uid, "web-1", "10.213.1.5", 24);
  BOOST_TEST(!res.ok());
  BOOST_TEST(res.error.find("setting up the network of pod web-1") != std::string::npos);
  BOOST_TEST(res.error.find("master " + net->bridge()) != std::string::npos);
  BOOST_TEST(res.error.find("Operation not permitted") != std::string::npos);
  BOOST_TEST(!std::filesystem::exists(dir.sub("netns") + "/cv-0123456789ab"));
  BOOST_TEST(net->list().empty());
}

BOOST_FIXTURE_TEST_CASE(bad_input_is_rejected_before_any_command, fixture) {
  struct row {
    std::string uid, ip;
    int prefix;
    std::string expect;
  };
  const std::vector<row> rows{{uid, "127.16.0.5", 24, "127.0.0.0/8"},
                              {uid, "10.213.1", 24, "pod IP '10.213.1'"},
                              {uid, "10.213.1.5", 31, "prefix length 31"},
                              {"../etc", "10.213.1.5", 24, "pod uid '../etc'"},
                              {"", "10.213.1.5", 24, "pod uid ''"}};
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.expect) {
      auto res = net->setup(r.uid, "p", r.ip, r.prefix);
      BOOST_TEST(res.error.find(r.expect) != std::string::npos);
    }
  }
  BOOST_TEST(ip->log.empty());
}

BOOST_FIXTURE_TEST_CASE(teardown_is_idempotent, fixture) {
  BOOST_TEST(net->setup(uid, "web-1", "10.213.1.5", 24).ok());
  BOOST_TEST(net->teardown(uid) == "");
  BOOST_TEST(ip->log[ip->log.size() - 2] == "ip link del cvh0123456789ab");
  BOOST_TEST(ip->log.back() == "ip netns del cv-0123456789ab");
  BOOST_TEST(!std::filesystem::exists(dir.sub("netns") + "/cv-0123456789ab"));
  BOOST_TEST(net->list().empty());
  BOOST_TEST(net->teardown(uid) == ""); // nothing left: still fine
  BOOST_TEST(net->teardown("never-set-up") == "");
}

BOOST_FIXTURE_TEST_CASE(prepare_enables_forwarding_and_the_service_range, fixture) {
  BOOST_TEST(net->prepare("10.214.0.0/16") == "");
  std::ifstream f{dir.sub("ip_forward")};
  std::string value;
  f >> value;
  BOOST_TEST(value == "1");
  BOOST_TEST(count("ip route replace local 10.214.0.0/16 dev lo") == 1u);
  ip->fail_on = "local";
  BOOST_TEST(net->prepare("10.214.0.0/16").find("service range 10.214.0.0/16")
             != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(host_gw_applier_touches_only_the_difference, fixture) {
  ip->routes = "10.213.2.0/24 via 192.168.0.2 dev eth0\n10.213.9.0/24 via 192.168.0.9 dev eth0\n";
  auto fake = ip;
  host_gw_routes routes{"worker-1", [fake](const argv_t& a) { return (*fake)(a); }};
  auto err = routes.apply({{"10.213.2.0/24", "192.168.0.2"}, {"10.213.3.0/24", "192.168.0.3"}});
  BOOST_TEST(err == "");
  BOOST_TEST(count("ip route replace 10.213.3.0/24 via 192.168.0.3 proto 77") == 1u);
  BOOST_TEST(count("ip route replace 10.213.2.0/24") == 0u);
  BOOST_TEST(count("ip route del 10.213.9.0/24 proto 77") == 1u);
  ip->fail_on = "10.213.3.0";
  BOOST_TEST(routes.apply({{"10.213.3.0/24", "192.168.0.3"}}).find("10.213.3.0/24")
             != std::string::npos);
}

BOOST_AUTO_TEST_CASE(run_command_captures_output_and_exit_code) {
  auto ok = run_command({"sh", "-c", "echo hello; echo oops >&2; exit 3"});
  BOOST_TEST(ok.exit_code == 3);
  BOOST_TEST(ok.output.find("hello") != std::string::npos);
  BOOST_TEST(ok.output.find("oops") != std::string::npos);
  auto missing = run_command({"convoy-no-such-program-xyz"});
  BOOST_TEST(!missing.ok());
  BOOST_TEST(run_command({}).output == "empty command");
}

BOOST_AUTO_TEST_SUITE_END()
