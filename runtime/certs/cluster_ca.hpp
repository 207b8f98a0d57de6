#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "net/middleman/openssl_ptr.hpp"

namespace convoy::certs {

using net::pkey_ptr;
using net::x509_ptr;

/// What `convoy certs issue` puts into a node certificate.
struct issue_request {
  /// CN and first DNS subjectAltName; also the file names NAME.crt/NAME.key.
  std::string name;
  /// Further subjectAltNames: IPv4/IPv6 addresses become IP entries, the
  /// rest DNS entries.
  std::vector<std::string> hosts;
  int days = 365;
  /// O entries: the groups an apiserver gives this certificate's holder
  /// (e.g. system:masters for an admin).
  std::vector<std::string> groups;
};

/// The cluster's certificate authority: DIR/ca.crt (self-signed, CA:TRUE)
/// and DIR/ca.key (EC P-256, mode 0600). Every node and admin certificate is
/// issued by it, and every TLS link accepts exactly the certificates it
/// signed. Errors are one line naming the file or field; nothing is
/// overwritten (a new CA would silently lock every existing node out).
class cluster_ca {
public:
  /// Creates a new CA in `dir` (created if missing) valid for `days` from
  /// `now`. Fails if DIR/ca.crt or DIR/ca.key already exists.
  static std::optional<std::string> init(const std::string& dir, int days, std::time_t now);

  /// Loads the CA of `dir` into `out`.
  static std::optional<std::string> load(const std::string& dir, cluster_ca& out);

  /// Writes DIR/NAME.crt and DIR/NAME.key (fresh EC P-256 key, mode 0600),
  /// signed by this CA, for both server and client use (clientAuth +
  /// serverAuth). Fails if either file exists.
  std::optional<std::string> issue(const issue_request& req, std::time_t now) const;

  /// Checks a name before it becomes a CN and a file name: lowercase
  /// letters, digits, '-', '.'; not "ca".
  static std::optional<std::string> check_name(const std::string& name);

  /// Checks one --hosts entry (IP address or DNS name).
  static std::optional<std::string> check_host(const std::string& host);

private:
  std::string dir_;
  x509_ptr cert_;
  pkey_ptr key_;
};

} // namespace convoy::certs
