#include "net/middleman/tls_files.hpp"

#include <cstdlib>
#include <fstream>

#include "net/middleman/openssl_ptr.hpp"

namespace convoy::net {

namespace {

std::optional<std::string> check_readable(const char* name, const std::string& path) {
  std::ifstream in{path};
  if (!in)
    return std::string{name} + ": cannot read '" + path + "'";
  return std::nullopt;
}

/// Loads the files the way CAF's openssl session does, so a file CAF would
/// reject is reported here instead.
std::optional<std::string> check_with_openssl(const tls_files& files,
                                              const tls_file_names& names) {
  ssl_ctx_ptr ctx{SSL_CTX_new(TLS_method())};
  if (!ctx)
    return "cannot create an OpenSSL context: " + openssl_reason();
  if (SSL_CTX_use_certificate_chain_file(ctx.get(), files.certificate.c_str()) != 1)
    return std::string{names.certificate} + ": '" + files.certificate
           + "' is not a PEM certificate: " + openssl_reason();
  if (SSL_CTX_use_PrivateKey_file(ctx.get(), files.key.c_str(), SSL_FILETYPE_PEM) != 1) {
    if (ERR_GET_REASON(ERR_peek_last_error()) != X509_R_KEY_VALUES_MISMATCH)
      return std::string{names.key} + ": '" + files.key
             + "' is not a PEM private key: " + openssl_reason();
    ERR_clear_error();
    return std::string{names.key} + ": '" + files.key + "' does not match the certificate '"
           + files.certificate + "'";
  }
  if (SSL_CTX_check_private_key(ctx.get()) != 1)
    return std::string{names.key} + ": '" + files.key + "' does not match the certificate '"
           + files.certificate + "'";
  if (SSL_CTX_load_verify_locations(ctx.get(), files.ca.c_str(), nullptr) != 1)
    return std::string{names.ca} + ": '" + files.ca
           + "' holds no PEM CA certificate: " + openssl_reason();
  return std::nullopt;
}

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

} // namespace

std::optional<std::string> check_tls_files(const tls_files& files,
                                           const tls_file_names& names) {
  if (!files.enabled())
    return std::nullopt;
  const std::pair<const char*, const std::string*> all[] = {
    {names.certificate, &files.certificate}, {names.key, &files.key}, {names.ca, &files.ca}};
  for (const auto& [name, path] : all)
    if (path->empty())
      return std::string{name} + ": required when any of " + names.certificate + ", "
             + names.key + ", " + names.ca + " is given";
  for (const auto& [name, path] : all)
    if (auto err = check_readable(name, *path))
      return err;
  return check_with_openssl(files, names);
}

std::optional<std::string> tls_files_from_env(tls_files& out) {
  out.certificate = env_or_empty("CONVOY_TLS_CERT");
  out.key = env_or_empty("CONVOY_TLS_KEY");
  out.ca = env_or_empty("CONVOY_TLS_CA");
  return check_tls_files(out, {"CONVOY_TLS_CERT", "CONVOY_TLS_KEY", "CONVOY_TLS_CA"});
}

} // namespace convoy::net
