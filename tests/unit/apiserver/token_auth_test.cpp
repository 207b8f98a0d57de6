// Bearer tokens: Kubernetes' static token file format, the authenticator,
// and the tokens `convoy up` generates for its components.

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <set>

#include <sys/stat.h>

#include "actors/apiserver/auth/auth_config_error.hpp"
#include "actors/apiserver/auth/cluster_tokens.hpp"
#include "actors/apiserver/auth/random_source.hpp"
#include "actors/apiserver/auth/static_token_file.hpp"
#include "actors/apiserver/auth/token_authenticator.hpp"

using namespace convoy::apiserver;

namespace {

/// Deterministic bytes, so failures replay.
class counting_random final : public random_source {
public:
  void fill(unsigned char* out, size_t n) override {
    for (size_t i = 0; i < n; ++i)
      out[i] = static_cast<unsigned char>(next_++ * 37 + 11);
  }

private:
  unsigned next_ = 0;
};

std::string parse_error(std::string_view text) {
  try {
    parse_token_file(text, "tokens.csv");
  } catch (const auth_config_error& e) {
    return e.what();
  }
  return {};
}

} // namespace

BOOST_AUTO_TEST_SUITE(token_auth)

BOOST_AUTO_TEST_CASE(token_file_reads_kubernetes_csv) {
  auto tokens = parse_token_file("# comment\n"
                                 "t1,alice,u1\n"
                                 "t2,bob,u2,\"dev,ops\"\n"
                                 "t3, carol,u3,admins,ignored\n",
                                 "tokens.csv");
  BOOST_REQUIRE_EQUAL(tokens.size(), 3u);
  BOOST_TEST(tokens[0].user == "alice");
  BOOST_TEST(tokens[0].groups.empty());
  BOOST_TEST((tokens[1].groups == std::vector<std::string>{"dev", "ops"}));
  BOOST_TEST(tokens[2].user == "carol"); // leading spaces trimmed, as Go's csv does
  BOOST_TEST((tokens[2].groups == std::vector<std::string>{"admins"}));
}

BOOST_AUTO_TEST_CASE(token_file_errors_name_the_line_never_the_secret) {
  auto e = parse_error("t1,alice,u1\nsecret-token,,u2\n");
  BOOST_TEST(e.find("tokens.csv:2") != std::string::npos);
  BOOST_TEST(e.find("secret-token") == std::string::npos);
  BOOST_TEST(parse_error("dup,a,1\ndup,b,2\n").find("tokens.csv:2") != std::string::npos);
  BOOST_TEST(parse_error("only-token\n").find("tokens.csv:1") != std::string::npos);
  BOOST_TEST(parse_error("a b,alice,1\n").find("whitespace") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(authenticator_knows_exactly_its_tokens) {
  token_authenticator auth{{{"t1", "alice", "u1", {"dev"}}, {"t2", "bob", "u2", {}}}};
  const auto* alice = auth.authenticate("t1");
  BOOST_REQUIRE(alice);
  BOOST_TEST(alice->user.name == "alice");
  BOOST_TEST(alice->uid == "u1");
  BOOST_TEST((alice->user.groups == std::vector<std::string>{"dev", "system:authenticated"}));
  BOOST_TEST(auth.authenticate("t2")->user.name == "bob");
  BOOST_TEST(!auth.authenticate("t3"));
  BOOST_TEST(!auth.authenticate(""));
  BOOST_TEST(!auth.authenticate("t1 "));
}

BOOST_AUTO_TEST_CASE(cluster_tokens_are_distinct_and_round_trip_through_the_file) {
  counting_random random;
  auto tokens = generate_cluster_tokens({"n1", "n2"}, random);
  std::set<std::string> seen;
  for (const auto& t : tokens.all()) {
    BOOST_TEST(t.token.size() == 43u);
    seen.insert(t.token);
  }
  BOOST_TEST(seen.size() == tokens.all().size());
  BOOST_TEST(tokens.admin.user == "admin");
  BOOST_TEST((tokens.admin.groups == std::vector<std::string>{"system:masters"}));
  BOOST_REQUIRE(tokens.kubelet("n2"));
  BOOST_TEST(tokens.kubelet("n2")->user == "system:node:n2");

  auto dir = std::filesystem::temp_directory_path() / "convoy-token-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto path = (dir / "tokens.csv").string();
  write_token_file(path, tokens.all());
  struct stat st {};
  BOOST_REQUIRE(::stat(path.c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0600u);
  auto auth = token_authenticator::from_file(path);
  BOOST_TEST(auth.size() == tokens.all().size());
  BOOST_TEST(auth.authenticate(tokens.scheduler.token)->user.name == "system:kube-scheduler");
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
