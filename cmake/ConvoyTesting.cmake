# convoy_test_binary(NAME [TIMEOUT s] SOURCES... LIBS ...): one Boost.Test
# binary. Exactly one of its sources defines BOOST_TEST_MODULE. With TIMEOUT the
# whole binary is one ctest (fast unit tests); otherwise register suites with
# convoy_test_suite.
function(convoy_test_binary name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} Boost::unit_test_framework convoy_warnings)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
  if(ARG_TIMEOUT)
    add_test(NAME ${name} COMMAND ${name} --report_level=short)
    set_tests_properties(${name} PROPERTIES TIMEOUT ${ARG_TIMEOUT})
  endif()
endfunction()

# convoy_test_suite(BINARY SUITE TIMEOUT [LABELS ...]): registers one Boost.Test
# suite of BINARY as its own ctest, so every ctest has a TIMEOUT and suites run
# in parallel under `ctest -j`.
function(convoy_test_suite binary suite timeout)
  cmake_parse_arguments(ARG "" "" "LABELS" ${ARGN})
  add_test(NAME ${binary}.${suite}
           COMMAND ${binary} --run_test=${suite} --log_level=test_suite --report_level=short)
  set_tests_properties(${binary}.${suite} PROPERTIES TIMEOUT ${timeout})
  if(ARG_LABELS)
    set_tests_properties(${binary}.${suite} PROPERTIES LABELS "${ARG_LABELS}")
  endif()
endfunction()
