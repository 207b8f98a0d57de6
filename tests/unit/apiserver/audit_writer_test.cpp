// The audit log file: one line per event, created private, rotated to
// PATH.1 past its size, failures counted instead of thrown.

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <sys/stat.h>

#include "actors/apiserver/audit/audit_event.hpp"
#include "actors/apiserver/audit/audit_writer.hpp"
#include "temp_dir.hpp"

using namespace convoy::apiserver;

namespace {

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in{path};
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(audit_writer_file)

BOOST_AUTO_TEST_CASE(appends_one_line_per_event_to_a_private_file) {
  convoy::test::temp_dir dir;
  auto path = dir.sub("audit.log");
  {
    std::ofstream{path} << "{\"earlier\":true}\n"; // appended to, not truncated
    std::filesystem::permissions(path, std::filesystem::perms::owner_read
                                         | std::filesystem::perms::owner_write);
  }
  audit_writer w{path, 1 << 20, nullptr};
  audit_event ev;
  ev.verb = "create";
  ev.user.username = "admin";
  BOOST_TEST(w.write(ev));
  ev.verb = "delete";
  BOOST_TEST(w.write(ev));
  auto lines = read_lines(path);
  BOOST_REQUIRE_EQUAL(lines.size(), 3u);
  BOOST_TEST(lines[0] == "{\"earlier\":true}");
  BOOST_TEST(lines[1] == to_json_line([] {
               audit_event e;
               e.verb = "create";
               e.user.username = "admin";
               return e;
             }()));
  BOOST_TEST(lines[2].find("\"verb\":\"delete\"") != std::string::npos);
  BOOST_TEST(w.lines_written() == 2u);
  BOOST_TEST(w.failures() == 0u);
}

BOOST_AUTO_TEST_CASE(a_new_file_is_created_0600) {
  convoy::test::temp_dir dir;
  auto path = dir.sub("new.log");
  audit_writer w{path, 1 << 20, nullptr};
  BOOST_TEST(w.write_line("{}"));
  struct stat st {};
  BOOST_REQUIRE(::stat(path.c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0600u);
}

BOOST_AUTO_TEST_CASE(rotates_to_path_1_keeping_one_old_file) {
  convoy::test::temp_dir dir;
  auto path = dir.sub("audit.log");
  const std::string line(99, 'x'); // 101 bytes with its digit and newline
  audit_writer w{path, 250, nullptr};
  for (int i = 0; i < 7; ++i)
    BOOST_TEST(w.write_line(line + std::to_string(i)));
  // 2 lines (202 bytes) fit; a third would pass 250: rotate before it.
  BOOST_TEST(w.rotations() == 3u);
  BOOST_TEST(w.lines_written() == 7u);
  auto current = read_lines(path);
  auto old = read_lines(path + ".1");
  BOOST_REQUIRE_EQUAL(current.size(), 1u);
  BOOST_TEST(current[0] == line + "6");
  BOOST_REQUIRE_EQUAL(old.size(), 2u);
  BOOST_TEST(old[0] == line + "4");
  BOOST_TEST(old[1] == line + "5");
  BOOST_TEST(!std::filesystem::exists(path + ".2"));
}

BOOST_AUTO_TEST_CASE(a_line_larger_than_max_is_still_written) {
  convoy::test::temp_dir dir;
  auto path = dir.sub("audit.log");
  audit_writer w{path, 10, nullptr};
  BOOST_TEST(w.write_line(std::string(50, 'y')));
  BOOST_TEST(w.write_line(std::string(50, 'z')));
  BOOST_TEST(read_lines(path) == std::vector<std::string>{std::string(50, 'z')});
  BOOST_TEST(w.rotations() == 1u);
}

BOOST_AUTO_TEST_CASE(failures_are_counted_not_thrown) {
  convoy::test::temp_dir dir;
  auto path = dir.sub("missing/audit.log"); // the directory does not exist
  audit_writer w{path, 1 << 20, nullptr};
  BOOST_TEST(!w.write_line("{}"));
  BOOST_TEST(!w.write_line("{}"));
  BOOST_TEST(w.failures() == 2u);
  BOOST_TEST(w.lines_written() == 0u);
  // The directory appears: the next write reopens and succeeds.
  std::filesystem::create_directory(dir.sub("missing"));
  BOOST_TEST(w.write_line("{\"ok\":1}"));
  BOOST_TEST(w.lines_written() == 1u);
  BOOST_TEST(read_lines(path) == std::vector<std::string>{"{\"ok\":1}"});
}

BOOST_AUTO_TEST_CASE(a_full_device_is_a_counted_failure) {
  if (!std::filesystem::exists("/dev/full"))
    return;
  audit_writer w{"/dev/full", 1 << 20, nullptr};
  BOOST_TEST(!w.write_line("{}"));
  BOOST_TEST(w.failures() == 1u);
}

BOOST_AUTO_TEST_CASE(check_path_names_the_path) {
  convoy::test::temp_dir dir;
  BOOST_TEST(!audit_writer::check_path(dir.sub("audit.log")).has_value());
  auto why = audit_writer::check_path(dir.sub("nope/audit.log"));
  BOOST_REQUIRE(why.has_value());
  BOOST_TEST(why->find(dir.sub("nope/audit.log")) != std::string::npos);
  BOOST_TEST(why->find("does not exist") != std::string::npos);
  BOOST_TEST(audit_writer::check_path(dir.path()).has_value()); // a directory
  BOOST_TEST(audit_writer::check_path("").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
