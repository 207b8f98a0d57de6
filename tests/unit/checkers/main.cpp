#define BOOST_TEST_MODULE convoy_checkers_tests
#include <boost/test/unit_test.hpp>
