#define BOOST_TEST_MODULE convoy_store_tests
#include <boost/test/unit_test.hpp>
