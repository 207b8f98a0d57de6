#define BOOST_TEST_MODULE convoy_console_tests
#include <boost/test/unit_test.hpp>
