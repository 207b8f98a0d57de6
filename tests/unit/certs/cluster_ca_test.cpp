// The cluster CA: issued certificates verify against it (and not against
// another CA), carry the requested names, keys stay private, nothing is
// overwritten; and the TLS file checks a node runs before starting.

#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <set>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "net/middleman/tls_files.hpp"
#include "runtime/certs/cluster_ca.hpp"
#include "temp_dir.hpp"

using namespace convoy;
using certs::cluster_ca;

namespace {

const std::time_t now = 1700000000; // 2023-11-14

certs::x509_ptr read_cert(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "r");
  BOOST_REQUIRE_MESSAGE(f, "cannot open " << path);
  certs::x509_ptr cert{PEM_read_X509(f, nullptr, nullptr, nullptr)};
  std::fclose(f);
  BOOST_REQUIRE(cert);
  return cert;
}

/// X509_verify_cert of `leaf` against the single trusted `ca` at `at`.
bool verifies(const std::string& ca_path, const std::string& leaf_path, std::time_t at) {
  auto ca = read_cert(ca_path);
  auto leaf = read_cert(leaf_path);
  X509_STORE* store = X509_STORE_new();
  X509_STORE_add_cert(store, ca.get());
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  X509_STORE_CTX_init(ctx, store, leaf.get(), nullptr);
  X509_STORE_CTX_set_time(ctx, 0, at);
  X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_CLIENT);
  bool ok = X509_verify_cert(ctx) == 1;
  X509_STORE_CTX_free(ctx);
  X509_STORE_free(store);
  return ok;
}

std::set<std::string> subject_alt_names(X509* cert) {
  std::set<std::string> out;
  auto* names = static_cast<GENERAL_NAMES*>(
    X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names); ++i) {
    auto* gn = sk_GENERAL_NAME_value(names, i);
    if (gn->type == GEN_DNS)
      out.insert("DNS:" + std::string(reinterpret_cast<const char*>(
                                        ASN1_STRING_get0_data(gn->d.dNSName))));
    if (gn->type == GEN_IPADD && ASN1_STRING_length(gn->d.iPAddress) == 4) {
      auto* b = ASN1_STRING_get0_data(gn->d.iPAddress);
      out.insert("IP:" + std::to_string(b[0]) + "." + std::to_string(b[1]) + "."
                 + std::to_string(b[2]) + "." + std::to_string(b[3]));
    }
  }
  GENERAL_NAMES_free(names);
  return out;
}

mode_t file_mode(const std::string& path) {
  struct stat st {};
  BOOST_REQUIRE_EQUAL(::stat(path.c_str(), &st), 0);
  return st.st_mode & 0777;
}

cluster_ca make_ca(const test::temp_dir& dir) {
  BOOST_REQUIRE(!cluster_ca::init(dir.path(), 3650, now));
  cluster_ca ca;
  auto err = cluster_ca::load(dir.path(), ca);
  BOOST_REQUIRE_MESSAGE(!err, *err);
  return ca;
}

bool contains(const std::optional<std::string>& err, const std::string& text) {
  BOOST_TEST_INFO("error: " << err.value_or("(none)"));
  return err && err->find(text) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(cluster_ca_tests)

BOOST_AUTO_TEST_CASE(an_issued_certificate_verifies_against_its_ca_only) {
  test::temp_dir one, other;
  auto ca = make_ca(one);
  make_ca(other);
  BOOST_REQUIRE(!ca.issue({"node-a", {}, 365, {}}, now));
  auto leaf = one.sub("node-a.crt");
  BOOST_CHECK(verifies(one.sub("ca.crt"), leaf, now + 3600));
  BOOST_CHECK(!verifies(other.sub("ca.crt"), leaf, now + 3600));
  // Validity: one year by request; not yet valid long before issue.
  BOOST_CHECK(!verifies(one.sub("ca.crt"), leaf, now + 400 * 86400));
  BOOST_CHECK(!verifies(one.sub("ca.crt"), leaf, now - 86400));
  // The CA itself is a CA (CA:TRUE) and the leaf is not.
  BOOST_CHECK_EQUAL(X509_check_ca(read_cert(one.sub("ca.crt")).get()), 1);
  BOOST_CHECK_EQUAL(X509_check_ca(read_cert(leaf).get()), 0);
}

BOOST_AUTO_TEST_CASE(issued_certificates_carry_name_hosts_and_both_usages) {
  test::temp_dir dir;
  auto ca = make_ca(dir);
  BOOST_REQUIRE(!ca.issue({"node-b", {"node-b.example", "10.1.2.3"}, 30, {}}, now));
  auto cert = read_cert(dir.sub("node-b.crt"));
  std::set<std::string> expected{"DNS:node-b", "DNS:node-b.example", "IP:10.1.2.3"};
  BOOST_CHECK(subject_alt_names(cert.get()) == expected);
  char cn[64] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert.get()), NID_commonName, cn, sizeof cn);
  BOOST_CHECK_EQUAL(std::string{cn}, "node-b");
  auto usage = X509_get_extended_key_usage(cert.get());
  BOOST_CHECK(usage & XKU_SSL_SERVER);
  BOOST_CHECK(usage & XKU_SSL_CLIENT);
}

BOOST_AUTO_TEST_CASE(private_keys_are_mode_0600) {
  test::temp_dir dir;
  auto ca = make_ca(dir);
  BOOST_REQUIRE(!ca.issue({"admin", {}, 365, {}}, now));
  BOOST_CHECK_EQUAL(file_mode(dir.sub("ca.key")), 0600u);
  BOOST_CHECK_EQUAL(file_mode(dir.sub("admin.key")), 0600u);
  BOOST_CHECK_EQUAL(file_mode(dir.sub("admin.crt")), 0644u);
}

BOOST_AUTO_TEST_CASE(nothing_is_overwritten) {
  test::temp_dir dir;
  auto ca = make_ca(dir);
  std::ifstream before{dir.sub("ca.crt")};
  std::string original((std::istreambuf_iterator<char>(before)), {});
  BOOST_CHECK(contains(cluster_ca::init(dir.path(), 3650, now), "refusing to overwrite"));
  std::ifstream after{dir.sub("ca.crt")};
  BOOST_CHECK(original == std::string((std::istreambuf_iterator<char>(after)), {}));
  BOOST_REQUIRE(!ca.issue({"node-a", {}, 365, {}}, now));
  BOOST_CHECK(contains(ca.issue({"node-a", {}, 365, {}}, now), "already exists"));
}

BOOST_AUTO_TEST_CASE(bad_input_gives_an_error_naming_the_field) {
  test::temp_dir dir;
  cluster_ca ca;
  BOOST_CHECK(contains(cluster_ca::load(dir.path(), ca), "run 'convoy certs init"));
  ca = make_ca(dir);
  struct row {
    certs::issue_request req;
    const char* expected;
  };
  const row rows[] = {
    {{"", {}, 365, {}}, "NAME: must not be empty"},
    {{"ca", {}, 365, {}}, "NAME: 'ca'"},
    {{"../evil", {}, 365, {}}, "is not a valid name"},
    {{"Node_A", {}, 365, {}}, "is not a valid name"},
    {{"ok", {"bad host"}, 365, {}}, "--hosts: 'bad host'"},
    {{"ok", {}, 0, {}}, "--days: 0"},
  };
  for (const auto& r : rows)
    BOOST_CHECK(contains(ca.issue(r.req, now), r.expected));
  BOOST_CHECK(contains(cluster_ca::init(dir.sub("sub"), -1, now), "--days"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(tls_file_checks)

BOOST_AUTO_TEST_CASE(all_three_files_or_none_and_each_must_load) {
  test::temp_dir dir;
  auto ca = make_ca(dir);
  BOOST_REQUIRE(!ca.issue({"a", {}, 365, {}}, std::time(nullptr)));
  BOOST_REQUIRE(!ca.issue({"b", {}, 365, {}}, std::time(nullptr)));
  std::ofstream{dir.sub("junk.pem")} << "not pem\n";
  auto crt = dir.sub("a.crt"), key = dir.sub("a.key"), cafile = dir.sub("ca.crt");
  struct row {
    net::tls_files files;
    std::string expected; // empty: accepted
  };
  const row rows[] = {
    {{"", "", ""}, ""},
    {{crt, key, cafile}, ""},
    {{crt, key, ""}, "--tls-ca: required"},
    {{"", key, cafile}, "--tls-cert: required"},
    {{crt, dir.sub("missing.key"), cafile}, "--tls-key: cannot read '" + dir.sub("missing.key")},
    {{dir.sub("junk.pem"), key, cafile}, "--tls-cert: '"},
    {{crt, dir.sub("b.key"), cafile}, "does not match the certificate"},
    {{crt, key, dir.sub("junk.pem")}, "--tls-ca: '"},
  };
  for (const auto& r : rows) {
    auto err = net::check_tls_files(r.files);
    if (!r.expected.empty())
      BOOST_CHECK(contains(err, r.expected));
    else
      BOOST_CHECK_MESSAGE(!err, err.value_or(""));
  }
}

BOOST_AUTO_TEST_SUITE_END()
