#define BOOST_TEST_MODULE convoy_network_tests
#include <boost/test/unit_test.hpp>
