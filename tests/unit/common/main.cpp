#define BOOST_TEST_MODULE convoy_common_tests
#include <boost/test/unit_test.hpp>
