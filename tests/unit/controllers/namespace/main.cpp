#define BOOST_TEST_MODULE convoy_namespace_controller_tests
#include <boost/test/unit_test.hpp>
