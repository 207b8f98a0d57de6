#define BOOST_TEST_MODULE convoy_apiserver_tests
#include <boost/test/unit_test.hpp>
