#define BOOST_TEST_MODULE convoy_controllers_tests
#include <boost/test/unit_test.hpp>
