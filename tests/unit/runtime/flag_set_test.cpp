#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "runtime/config/duration.hpp"
#include "runtime/config/flag_set.hpp"

using namespace convoy::config;
using namespace std::chrono_literals;

namespace {

flag_set make_flags() {
  flag_set flags{"convoy test [flags]", "A test command."};
  flags.add_string("name", "", "node name", "NAME")
    .add_string("listen", "127.0.0.1:7000", "address", "HOST:PORT",
                [](const std::string& x) -> std::optional<std::string> {
                  if (x.find(':') == std::string::npos)
                    return "malformed address '" + x + "': expected HOST:PORT";
                  return std::nullopt;
                })
    .add_bool("verbose", "talk more")
    .add_int("kubelets", 2, 0, 1000, "how many")
    .add_duration("grace", 40s, "grace period")
    .add_list("roles", {"store"}, "roles")
    .add_string("output", "table", "format", "FORMAT")
    .alias('o');
  return flags;
}

struct temp_file {
  explicit temp_file(const std::string& text)
    : path(std::filesystem::temp_directory_path()
           / ("convoy-flags-" + std::to_string(::getpid()) + ".yaml")) {
    std::ofstream{path} << text;
  }
  ~temp_file() {
    std::filesystem::remove(path);
  }
  std::filesystem::path path;
};

} // namespace

BOOST_AUTO_TEST_SUITE(flags)

BOOST_AUTO_TEST_CASE(defaults_apply_when_nothing_is_given) {
  auto flags = make_flags();
  BOOST_REQUIRE(!flags.parse({}));
  BOOST_CHECK_EQUAL(flags.str("listen"), "127.0.0.1:7000");
  BOOST_CHECK_EQUAL(flags.integer("kubelets"), 2);
  BOOST_CHECK(flags.duration("grace") == 40s);
  BOOST_CHECK_EQUAL(flags.list("roles").size(), 1u);
  BOOST_CHECK(!flags.boolean("verbose"));
  BOOST_CHECK(!flags.is_set("listen"));
}

BOOST_AUTO_TEST_CASE(space_and_equals_forms_and_aliases_parse) {
  auto flags = make_flags();
  BOOST_REQUIRE(!flags.parse({"--name", "n1", "--listen=0.0.0.0:7001", "--verbose", "-o",
                              "json", "--grace", "1m30s", "--roles", "store,apiserver"}));
  BOOST_CHECK_EQUAL(flags.str("name"), "n1");
  BOOST_CHECK_EQUAL(flags.str("listen"), "0.0.0.0:7001");
  BOOST_CHECK(flags.boolean("verbose"));
  BOOST_CHECK_EQUAL(flags.str("output"), "json");
  BOOST_CHECK(flags.duration("grace") == 90s);
  BOOST_CHECK_EQUAL(flags.list("roles").at(1), "apiserver");
  BOOST_CHECK(flags.is_set("listen"));
}

BOOST_AUTO_TEST_CASE(bad_input_yields_one_line_naming_the_flag) {
  struct row {
    std::vector<std::string> args;
    std::string error;
  };
  std::vector<row> table{
    {{"--bogus"}, "unknown flag --bogus"},
    {{"-x"}, "unknown flag -x"},
    {{"--listen", "foo"}, "--listen: malformed address 'foo': expected HOST:PORT"},
    {{"--name"}, "--name: missing value (NAME)"},
    {{"--kubelets", "many"}, "--kubelets: 'many' is not an integer"},
    {{"--kubelets", "5000"}, "--kubelets: 5000 is out of range 0-1000"},
    {{"--grace", "40"}, "--grace: invalid duration '40': missing unit (one of ns, us, ms, s, m, h)"},
    {{"--verbose=maybe"}, "--verbose: 'maybe' is not a boolean (true or false)"},
    {{"--roles", "a,,b"}, "--roles: empty item in list 'a,,b'"},
    {{"stray"}, "unexpected argument 'stray'"},
    {{"--config", "/nonexistent/convoy.yaml"},
     "--config: cannot open '/nonexistent/convoy.yaml': no such file or not readable"},
  };
  for (const auto& r : table) {
    auto flags = make_flags();
    auto err = flags.parse(r.args);
    BOOST_REQUIRE_MESSAGE(err, "expected an error for " << r.args.front());
    BOOST_CHECK_EQUAL(*err, r.error);
    BOOST_CHECK_EQUAL(err->find('\n'), std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(config_file_sets_values_and_command_line_wins) {
  temp_file file{"name: from-file\nkubelets: 7\nroles: [store, scheduler]\ngrace: 10s\n"};
  auto flags = make_flags();
  BOOST_REQUIRE(!flags.parse({"--config", file.path.string(), "--kubelets", "3"}));
  BOOST_CHECK_EQUAL(flags.str("name"), "from-file");
  BOOST_CHECK_EQUAL(flags.integer("kubelets"), 3);
  BOOST_CHECK_EQUAL(flags.list("roles").at(1), "scheduler");
  BOOST_CHECK(flags.duration("grace") == 10s);
}

BOOST_AUTO_TEST_CASE(config_file_errors_name_file_and_setting) {
  temp_file unknown{"nmae: typo\n"};
  auto flags = make_flags();
  auto err = flags.parse({"--config", unknown.path.string()});
  BOOST_REQUIRE(err);
  BOOST_CHECK_EQUAL(*err, "config file '" + unknown.path.string() + "': unknown setting 'nmae'");
  temp_file bad_value{"kubelets: lots\n"};
  auto flags2 = make_flags();
  err = flags2.parse({"--config", bad_value.path.string()});
  BOOST_REQUIRE(err);
  BOOST_CHECK_NE(err->find("--kubelets: 'lots' is not an integer"), std::string::npos);
  temp_file not_yaml{"name: [unclosed\n"};
  auto flags3 = make_flags();
  err = flags3.parse({"--config", not_yaml.path.string()});
  BOOST_REQUIRE(err);
  BOOST_CHECK_NE(err->find("is not valid YAML"), std::string::npos);
}

BOOST_AUTO_TEST_CASE(help_lists_every_flag_with_defaults) {
  auto flags = make_flags();
  BOOST_REQUIRE(!flags.parse({"--help"}));
  BOOST_CHECK(flags.help_requested());
  auto text = flags.help();
  for (auto name : {"--name", "--listen", "--verbose", "--kubelets", "--grace", "--roles",
                    "-o, --output", "--config", "--help"})
    BOOST_CHECK_MESSAGE(text.find(name) != std::string::npos, name);
  BOOST_CHECK_NE(text.find("(default 40s)"), std::string::npos);
}

BOOST_AUTO_TEST_CASE(stop_at_positional_hands_the_rest_to_a_subcommand) {
  flag_set flags{"convoy ctl VERB", "ctl"};
  flags.add_string("server", "127.0.0.1:7000", "server", "HOST:PORT")
    .allow_positional("VERB")
    .stop_at_positional();
  BOOST_REQUIRE(!flags.parse({"--server", "h:1", "node", "-o", "json", "--server", "h:2"}));
  BOOST_CHECK_EQUAL(flags.str("server"), "h:1");
  std::vector<std::string> rest{"node", "-o", "json", "--server", "h:2"};
  BOOST_CHECK(flags.positional() == rest);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(durations)

BOOST_AUTO_TEST_CASE(go_style_durations_parse_and_format) {
  struct row {
    std::string text;
    std::chrono::nanoseconds value;
    std::string formatted;
  };
  std::vector<row> table{
    {"0", 0ns, "0s"},           {"40s", 40s, "40s"},      {"300ms", 300ms, "300ms"},
    {"1m30s", 90s, "1m30s"},    {"1.5h", 90min, "1h30m0s"}, {"2h", 2h, "2h0m0s"},
    {"1.5s", 1500ms, "1.5s"},   {"250us", 250us, "250us"}, {"10ns", 10ns, "10ns"},
  };
  for (const auto& r : table) {
    std::string error;
    auto d = parse_duration(r.text, error);
    BOOST_REQUIRE_MESSAGE(d, r.text << ": " << error);
    BOOST_CHECK_EQUAL(d->count(), r.value.count());
    BOOST_CHECK_EQUAL(format_duration(r.value), r.formatted);
  }
}

BOOST_AUTO_TEST_CASE(bad_durations_are_rejected_with_a_reason) {
  for (auto text : {"", "40", "s", "1.2.3s", "5 s", "10y", "-"}) {
    std::string error;
    BOOST_CHECK_MESSAGE(!parse_duration(text, error), text);
    BOOST_CHECK_NE(error.find("invalid duration"), std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()
