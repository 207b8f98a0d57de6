#define BOOST_TEST_MODULE convoy_inspect_tests
#include <boost/test/unit_test.hpp>
