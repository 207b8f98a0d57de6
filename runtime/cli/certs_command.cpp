// `convoy certs`: the cluster CA and the certificates of nodes and admins,
// for --tls-cert/--tls-key/--tls-ca (nodes) and CONVOY_TLS_* (convoy ctl).

#include <ctime>
#include <iostream>

#include "runtime/certs/cluster_ca.hpp"
#include "runtime/cli/command.hpp"
#include "runtime/config/flag_set.hpp"

namespace convoy::cli {

namespace {

int certs_init(const config::flag_set& flags) {
  const auto& dir = flags.str("dir");
  auto days = flags.is_set("days") ? static_cast<int>(flags.integer("days")) : 3650;
  if (auto err = certs::cluster_ca::init(dir, days, std::time(nullptr))) {
    std::cerr << "convoy certs init: " << *err << "\n";
    return exit_failure;
  }
  std::cout << "created the cluster CA: " << dir << "/ca.crt, " << dir
            << "/ca.key (keep ca.key secret)\n";
  return exit_ok;
}

int certs_issue(const config::flag_set& flags, const std::string& name) {
  const auto& dir = flags.str("dir");
  certs::cluster_ca ca;
  if (auto err = certs::cluster_ca::load(dir, ca)) {
    std::cerr << "convoy certs issue: " << *err << "\n";
    return exit_failure;
  }
  certs::issue_request req;
  req.name = name;
  req.hosts = flags.list("hosts");
  req.groups = flags.list("groups");
  req.days = flags.is_set("days") ? static_cast<int>(flags.integer("days")) : 365;
  if (auto err = ca.issue(req, std::time(nullptr))) {
    std::cerr << "convoy certs issue: " << *err << "\n";
    return exit_failure;
  }
  std::cout << "issued " << dir << "/" << name << ".crt and " << dir << "/" << name
            << ".key\n";
  return exit_ok;
}

std::optional<std::string> check_host(const std::string& host) {
  return certs::cluster_ca::check_host(host);
}

} // namespace

int run_certs(const std::vector<std::string>& args) {
  config::flag_set flags{
    "convoy certs init --dir DIR | convoy certs issue NAME --dir DIR [--hosts H,...] "
    "[--groups G,...] [--days N]",
    "Creates the cluster CA (init: DIR/ca.crt, DIR/ca.key) and certificates signed by it\n"
    "(issue: DIR/NAME.crt, DIR/NAME.key; CN=NAME, O=each group, for TLS server and client\n"
    "use; an apiserver authenticates a client certificate as user NAME). Give a\n"
    "node --tls-cert DIR/NAME.crt --tls-key DIR/NAME.key --tls-ca DIR/ca.crt, and convoy ctl\n"
    "the same files in CONVOY_TLS_CERT, CONVOY_TLS_KEY, CONVOY_TLS_CA."};
  flags.add_string("dir", "", "directory of the CA and the certificates", "DIR")
    .add_list("hosts", {}, "issue: extra subjectAltNames (host names or IP addresses)", "HOST,...",
              check_host)
    .add_list("groups", {},
              "issue: O entries, the groups an apiserver gives the holder when the "
              "certificate authenticates a client (e.g. system:masters)",
              "GROUP,...")
    .add_int("days", 365, 1, 36500, "validity in days (default: 3650 for init, 365 for issue)")
    .allow_positional("Actions:\n  init        create the cluster CA\n"
                      "  issue NAME  issue a certificate for NAME");
  if (auto err = flags.parse(args))
    return usage_error("certs", *err);
  if (flags.help_requested()) {
    std::cout << flags.help();
    return exit_ok;
  }
  const auto& pos = flags.positional();
  if (pos.empty())
    return usage_error("certs", "missing action (init or issue)");
  if (flags.str("dir").empty())
    return usage_error("certs", "--dir: required");
  if (pos[0] == "init") {
    if (pos.size() > 1)
      return usage_error("certs", "init takes no arguments, got '" + pos[1] + "'");
    return certs_init(flags);
  }
  if (pos[0] == "issue") {
    if (pos.size() != 2)
      return usage_error("certs", "issue takes exactly one NAME");
    if (auto err = certs::cluster_ca::check_name(pos[1]))
      return usage_error("certs", *err);
    return certs_issue(flags, pos[1]);
  }
  return usage_error("certs", "unknown action '" + pos[0] + "' (init or issue)");
}

} // namespace convoy::cli
