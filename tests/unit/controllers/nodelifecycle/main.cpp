#define BOOST_TEST_MODULE convoy_nodelifecycle_controller_tests
#include <boost/test/unit_test.hpp>
