#define BOOST_TEST_MODULE convoy_join_tests
#include <boost/test/unit_test.hpp>
