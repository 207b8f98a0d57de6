#define BOOST_TEST_MODULE convoy_http_tests
#include <boost/test/unit_test.hpp>
