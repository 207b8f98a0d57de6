#pragma once

#include <optional>
#include <string>

namespace convoy::net {

/// The three PEM files that put a node's links under mutual TLS: its own
/// certificate and key, and the cluster CA every peer's certificate must be
/// signed by. All empty: plain TCP (loopback development clusters).
struct tls_files {
  std::string certificate;
  std::string key;
  std::string ca;

  bool enabled() const {
    return !certificate.empty() || !key.empty() || !ca.empty();
  }
};

/// How the user spelled each file, so errors name what they typed
/// ("--tls-cert" for `convoy node`, "CONVOY_TLS_CERT" for `convoy ctl`).
struct tls_file_names {
  const char* certificate = "--tls-cert";
  const char* key = "--tls-key";
  const char* ca = "--tls-ca";
};

/// Checks that either none or all three files are given and that OpenSSL
/// accepts them (PEM certificate, matching key, loadable CA). CAF would
/// otherwise throw from its I/O thread at the first connection and abort
/// the process, so this runs before anything starts. Returns an error line
/// naming the setting and path, or nothing when the files are usable.
std::optional<std::string> check_tls_files(const tls_files& files,
                                           const tls_file_names& names = {});

/// Reads CONVOY_TLS_CERT, CONVOY_TLS_KEY and CONVOY_TLS_CA (clients such as
/// `convoy ctl`) and checks them like check_tls_files.
std::optional<std::string> tls_files_from_env(tls_files& out);

} // namespace convoy::net
