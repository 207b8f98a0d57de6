#define BOOST_TEST_MODULE convoy_raft_tests
#include <boost/test/unit_test.hpp>
