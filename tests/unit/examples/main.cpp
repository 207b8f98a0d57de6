#define BOOST_TEST_MODULE convoy_example_tests
#include <boost/test/unit_test.hpp>
