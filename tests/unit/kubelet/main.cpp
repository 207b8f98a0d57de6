#define BOOST_TEST_MODULE convoy_kubelet_core_tests
#include <boost/test/unit_test.hpp>
