#define BOOST_TEST_MODULE convoy_ipv4_tests
#include <boost/test/unit_test.hpp>
