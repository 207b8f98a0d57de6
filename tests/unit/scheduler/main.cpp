#define BOOST_TEST_MODULE convoy_scheduler_tests
#include <boost/test/unit_test.hpp>
