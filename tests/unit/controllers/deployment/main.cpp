#define BOOST_TEST_MODULE convoy_deployment_controller_tests
#include <boost/test/unit_test.hpp>
