#define BOOST_TEST_MODULE convoy_persistence_tests
#include <boost/test/unit_test.hpp>
