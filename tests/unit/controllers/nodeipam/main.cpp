#define BOOST_TEST_MODULE convoy_nodeipam_controller_tests
#include <boost/test/unit_test.hpp>
