#define BOOST_TEST_MODULE convoy_integration_tests
#include <boost/test/unit_test.hpp>
