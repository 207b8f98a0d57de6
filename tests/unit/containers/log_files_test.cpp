// The log protocol without processes: rotating_log (the shim's writer)
// against read_container_log (the runtime's reader), and the environment.

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "runtime/containers/process/log_reader.hpp"
#include "runtime/containers/process/rotating_log.hpp"
#include "runtime/containers/process/shim_launcher.hpp"

using namespace convoy::containers;
namespace fs = std::filesystem;

namespace {

struct temp_dir {
  std::string path;
  temp_dir() {
    char tmpl[] = "/tmp/convoy-logtest-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

int count_log_files(const std::string& dir) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    auto name = e.path().filename().string();
    if (name.rfind("log", 0) == 0 && name.find("index") == std::string::npos
        && name.find("tmp") == std::string::npos)
      ++n;
  }
  return n;
}

log_chunk read(const std::string& dir, int64_t tail, std::optional<uint64_t> from = {},
               uint64_t limit = 1 << 20) {
  log_query q;
  q.tail_lines = tail;
  q.from_offset = from;
  q.limit_bytes = limit;
  return read_container_log(dir, q);
}

} // namespace

BOOST_AUTO_TEST_SUITE(log_files)

BOOST_AUTO_TEST_CASE(rotation_keeps_max_files_and_logical_offsets) {
  temp_dir d;
  rotating_log log(d.path, 10, 3);
  BOOST_REQUIRE(log.open());
  std::string all;
  for (int i = 0; i < 10; ++i) {
    auto line = "l" + std::to_string(i) + "\n"; // 3 bytes
    log.append(line.data(), line.size());
    all += line;
  }
  BOOST_TEST(count_log_files(d.path) == 3);
  auto everything = read(d.path, -1);
  // 10 lines of 3 bytes, 3 lines per file: files hold l3..l5, l6..l8, l9.
  BOOST_TEST(everything.data == "l3\nl4\nl5\nl6\nl7\nl8\nl9\n");
  BOOST_TEST(everything.next_offset == all.size());
  BOOST_TEST(read(d.path, 2).data == "l8\nl9\n");
  BOOST_TEST(read(d.path, 5).data == "l5\nl6\nl7\nl8\nl9\n");
  BOOST_TEST(read(d.path, 0).data.empty());
  BOOST_TEST(read(d.path, 100).data == everything.data);
}

BOOST_AUTO_TEST_CASE(following_survives_rotation) {
  temp_dir d;
  rotating_log log(d.path, 8, 2);
  BOOST_REQUIRE(log.open());
  log.append("abcd", 4);
  auto first = read(d.path, -1, uint64_t{0});
  BOOST_TEST(first.data == "abcd");
  BOOST_TEST(first.next_offset == 4u);
  log.append("efgh", 4);
  log.append("ijkl", 4); // rotates: log.1 = abcdefgh, log = ijkl
  auto second = read(d.path, -1, first.next_offset);
  BOOST_TEST(second.data == "efghijkl");
  BOOST_TEST(second.next_offset == 12u);
  BOOST_TEST(read(d.path, -1, second.next_offset).data.empty());
  // A follower that fell behind two rotations skips to the oldest kept byte.
  log.append("mnop", 4);
  log.append("qrst", 4); // log.1 = ijklmnop, log = qrst; abcdefgh dropped
  auto late = read(d.path, -1, uint64_t{2});
  BOOST_TEST(late.data == "ijklmnopqrst");
  BOOST_TEST(late.next_offset == 20u);
  auto limited = read(d.path, -1, uint64_t{8}, 3);
  BOOST_TEST(limited.data == "ijk");
  BOOST_TEST(limited.next_offset == 11u);
}

BOOST_AUTO_TEST_CASE(tail_is_bounded_by_limit_and_handles_missing_newline) {
  temp_dir d;
  rotating_log log(d.path, 1000, 2);
  BOOST_REQUIRE(log.open());
  log.append("one\ntwo\nthree", 13);
  BOOST_TEST(read(d.path, 1).data == "three");
  BOOST_TEST(read(d.path, 2).data == "two\nthree");
  BOOST_TEST(read(d.path, 2, {}, 4).data == "hree");
  BOOST_TEST(read(d.path + "/missing", 5).data.empty());
}

BOOST_AUTO_TEST_CASE(environment_dedups_and_adds_pod_ip_and_path) {
  struct row {
    std::vector<std::pair<std::string, std::string>> env;
    std::string pod_ip, extra;
    std::vector<std::string> want;
  };
  const std::string def = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  std::vector<row> rows{
    {{}, "", "", {"PATH=" + def}},
    {{{"A", "1"}, {"B", "2"}, {"A", "3"}}, "10.0.0.1", "", {"A=3", "B=2", "POD_IP=10.0.0.1", "PATH=" + def}},
    {{{"POD_IP", "x"}, {"PATH", "/p"}}, "10.0.0.1", "/extra", {"POD_IP=x", "PATH=/p"}},
    {{}, "", "/extra", {"PATH=/extra:" + def}},
  };
  for (const auto& r : rows) {
    container_spec spec;
    spec.env = r.env;
    spec.pod_ip = r.pod_ip;
    BOOST_TEST(container_environment(spec, r.extra) == r.want, boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_SUITE_END()
