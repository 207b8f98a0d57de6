#define BOOST_TEST_MODULE convoy_certs_tests
#include <boost/test/unit_test.hpp>
