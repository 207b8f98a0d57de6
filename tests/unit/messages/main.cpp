#define BOOST_TEST_MODULE convoy_messages_tests
#include <boost/test/unit_test.hpp>
