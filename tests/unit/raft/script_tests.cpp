// Runs every transcript in testdata/ (see script_runner.hpp for the language).
// Set CONVOY_RAFT_VERBOSE=1 to print each transcript with its events.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "script_runner.hpp"

namespace {

std::vector<std::string> scripts() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(CONVOY_RAFT_TESTDATA))
    if (e.path().extension() == ".txt")
      out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(transcripts)

BOOST_DATA_TEST_CASE(script, boost::unit_test::data::make(scripts()), name) {
  bool verbose = std::getenv("CONVOY_RAFT_VERBOSE") != nullptr;
  convoy::raft::testing::script_runner runner(verbose ? &std::cout : nullptr);
  auto failure = runner.run_file(std::string(CONVOY_RAFT_TESTDATA) + "/" + name);
  BOOST_TEST_CONTEXT("transcript " << name) {
    BOOST_TEST(failure.empty(), failure);
  }
}

BOOST_AUTO_TEST_SUITE_END()
