#define BOOST_TEST_MODULE convoy_proxy_tests
#include <boost/test/unit_test.hpp>
