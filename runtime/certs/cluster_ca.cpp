#include "runtime/certs/cluster_ca.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <system_error>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace convoy::certs {

namespace {

namespace fs = std::filesystem;
using net::bignum_ptr;
using net::extension_ptr;
using net::openssl_reason;

bool is_ip(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

pkey_ptr generate_key() {
  return pkey_ptr{EVP_EC_gen("P-256")};
}

/// A random positive 127-bit serial: unique without a serial file.
bool set_random_serial(X509* cert) {
  bignum_ptr bn{BN_new()};
  if (!bn || BN_rand(bn.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1)
    return false;
  return BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert)) != nullptr;
}

/// Adds one extension in openssl.cnf syntax ("critical,CA:TRUE").
bool add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  extension_ptr ext{X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str())};
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

/// An unsigned certificate for `cn` (and an O entry per group: the
/// apiserver's groups of a client certificate) with `key`'s public half,
/// valid from five minutes before `now` (clock skew) for `days`.
x509_ptr make_certificate(const std::string& cn, const std::vector<std::string>& groups,
                          EVP_PKEY* key, int days, std::time_t now) {
  x509_ptr cert{X509_new()};
  if (!cert || X509_set_version(cert.get(), 2) != 1 || !set_random_serial(cert.get()))
    return nullptr;
  auto* name = X509_get_subject_name(cert.get());
  for (const auto& group : groups) {
    auto* o = reinterpret_cast<const unsigned char*>(group.c_str());
    if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, o, -1, -1, 0) != 1)
      return nullptr;
  }
  auto* text = reinterpret_cast<const unsigned char*>(cn.c_str());
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, text, -1, -1, 0) != 1)
    return nullptr;
  if (!X509_time_adj_ex(X509_getm_notBefore(cert.get()), 0, -300, &now)
      || !X509_time_adj_ex(X509_getm_notAfter(cert.get()), days, 0, &now))
    return nullptr;
  if (X509_set_pubkey(cert.get(), key) != 1)
    return nullptr;
  return cert;
}

/// Creates `path` (never replacing a file) with `mode` and lets `write`
/// fill it; removes it again if writing fails.
std::optional<std::string> write_new_file(const fs::path& path, mode_t mode,
                                          const std::function<bool(FILE*)>& write) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0)
    return "cannot create '" + path.string() + "': " + std::generic_category().message(errno);
  ::fchmod(fd, mode); // the umask must not widen or narrow it
  FILE* out = ::fdopen(fd, "w");
  if (!out) {
    ::close(fd);
    fs::remove(path);
    return "cannot write '" + path.string() + "'";
  }
  bool ok = write(out);
  ok = (std::fclose(out) == 0) && ok;
  if (!ok) {
    std::error_code ec;
    fs::remove(path, ec);
    return "cannot write '" + path.string() + "': " + openssl_reason();
  }
  return std::nullopt;
}

/// Writes KEY then CERT as new files (removing the key if the certificate
/// cannot be written).
std::optional<std::string> write_pair(const fs::path& cert_path, X509* cert,
                                      const fs::path& key_path, EVP_PKEY* key) {
  for (const auto& p : {cert_path, key_path})
    if (fs::exists(p))
      return "'" + p.string() + "' already exists: refusing to overwrite it";
  if (auto err = write_new_file(key_path, 0600, [key](FILE* f) {
        return PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
      }))
    return err;
  auto err = write_new_file(cert_path, 0644,
                            [cert](FILE* f) { return PEM_write_X509(f, cert) == 1; });
  if (err) {
    std::error_code ec;
    fs::remove(key_path, ec);
  }
  return err;
}

std::optional<std::string> check_days(int days) {
  if (days < 1 || days > 36500)
    return "--days: " + std::to_string(days) + " is not between 1 and 36500";
  return std::nullopt;
}

} // namespace

std::optional<std::string> cluster_ca::check_name(const std::string& name) {
  if (name.empty())
    return std::string{"NAME: must not be empty"};
  if (name == "ca")
    return std::string{"NAME: 'ca' is the cluster CA's own file name"};
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
      return "NAME: '" + name + "' is not a valid name (lowercase letters, digits, '-', '.')";
  if (name.front() == '.' || name.front() == '-')
    return "NAME: '" + name + "' must start with a letter or digit";
  return std::nullopt;
}

std::optional<std::string> cluster_ca::check_host(const std::string& host) {
  if (is_ip(host))
    return std::nullopt;
  bool ok = !host.empty() && host.size() <= 253 && host.front() != '.' && host.front() != '-';
  for (char c : host)
    ok &= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
          || c == '.';
  if (!ok)
    return "--hosts: '" + host + "' is not a host name or IP address";
  return std::nullopt;
}

std::optional<std::string> cluster_ca::init(const std::string& dir, int days, std::time_t now) {
  if (auto err = check_days(days))
    return err;
  fs::path base{dir};
  for (const char* file : {"ca.crt", "ca.key"})
    if (fs::exists(base / file))
      return "'" + (base / file).string()
             + "' already exists: refusing to overwrite the cluster CA (every certificate it "
               "issued would stop working)";
  std::error_code ec;
  fs::create_directories(base, ec);
  if (ec)
    return "--dir: cannot create '" + dir + "': " + ec.message();
  auto key = generate_key();
  if (!key)
    return "cannot generate a key: " + openssl_reason();
  auto cert = make_certificate("convoy cluster CA", {}, key.get(), days, now);
  bool ok = cert && X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get())) == 1
            && add_extension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE")
            && add_extension(cert.get(), cert.get(), NID_key_usage,
                             "critical,keyCertSign,cRLSign")
            && add_extension(cert.get(), cert.get(), NID_subject_key_identifier, "hash")
            && X509_sign(cert.get(), key.get(), EVP_sha256()) > 0;
  if (!ok)
    return "cannot create the CA certificate: " + openssl_reason();
  return write_pair(base / "ca.crt", cert.get(), base / "ca.key", key.get());
}

std::optional<std::string> cluster_ca::load(const std::string& dir, cluster_ca& out) {
  fs::path base{dir};
  auto cert_path = base / "ca.crt";
  auto key_path = base / "ca.key";
  for (const auto& p : {cert_path, key_path})
    if (!fs::exists(p))
      return "'" + p.string() + "' does not exist: run 'convoy certs init --dir " + dir
             + "' first";
  FILE* f = std::fopen(cert_path.c_str(), "r");
  if (!f)
    return "cannot read '" + cert_path.string() + "'";
  out.cert_.reset(PEM_read_X509(f, nullptr, nullptr, nullptr));
  std::fclose(f);
  if (!out.cert_)
    return "'" + cert_path.string() + "' is not a PEM certificate: " + openssl_reason();
  f = std::fopen(key_path.c_str(), "r");
  if (!f)
    return "cannot read '" + key_path.string() + "'";
  out.key_.reset(PEM_read_PrivateKey(f, nullptr, nullptr, nullptr));
  std::fclose(f);
  if (!out.key_)
    return "'" + key_path.string() + "' is not a PEM private key: " + openssl_reason();
  if (X509_check_private_key(out.cert_.get(), out.key_.get()) != 1)
    return "'" + key_path.string() + "' does not belong to '" + cert_path.string() + "'";
  out.dir_ = dir;
  return std::nullopt;
}

std::optional<std::string> cluster_ca::issue(const issue_request& req, std::time_t now) const {
  if (auto err = check_name(req.name))
    return err;
  if (auto err = check_days(req.days))
    return err;
  std::string san = "DNS:" + req.name;
  for (const auto& host : req.hosts) {
    if (auto err = check_host(host))
      return err;
    san += (is_ip(host) ? ",IP:" : ",DNS:") + host;
  }
  auto key = generate_key();
  if (!key)
    return "cannot generate a key: " + openssl_reason();
  auto* ca = cert_.get();
  auto cert = make_certificate(req.name, req.groups, key.get(), req.days, now);
  bool ok = cert && X509_set_issuer_name(cert.get(), X509_get_subject_name(ca)) == 1
            && add_extension(cert.get(), ca, NID_basic_constraints, "critical,CA:FALSE")
            && add_extension(cert.get(), ca, NID_key_usage,
                             "critical,digitalSignature,keyEncipherment")
            && add_extension(cert.get(), ca, NID_ext_key_usage, "serverAuth,clientAuth")
            && add_extension(cert.get(), ca, NID_subject_alt_name, san)
            && add_extension(cert.get(), ca, NID_subject_key_identifier, "hash")
            && add_extension(cert.get(), ca, NID_authority_key_identifier, "keyid:always")
            && X509_sign(cert.get(), key_.get(), EVP_sha256()) > 0;
  if (!ok)
    return "cannot create the certificate for " + req.name + ": " + openssl_reason();
  fs::path base{dir_};
  return write_pair(base / (req.name + ".crt"), cert.get(), base / (req.name + ".key"),
                    key.get());
}

} // namespace convoy::certs
