#define BOOST_TEST_MODULE convoy_sim_tests
#include <boost/test/unit_test.hpp>
