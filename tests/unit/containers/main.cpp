#define BOOST_TEST_MODULE convoy_container_runtime_tests
#include <boost/test/unit_test.hpp>
