# Traffic and trace replay tests, included from tests/CMakeLists.txt (the
# unit tests test_traffic and test_trace are listed in RXSIM_UNIT_TESTS).

# tools/make_trace.c still writes the shipped traces and the corrupt corpus.
add_test(NAME traffic.make_trace_reproducible
  COMMAND sh "${CMAKE_CURRENT_SOURCE_DIR}/bad_traces/make_trace_check.sh"
          $<TARGET_FILE:make_trace> "${PROJECT_SOURCE_DIR}"
          "${CMAKE_CURRENT_BINARY_DIR}/make-trace-out")

# Every corrupt trace through `rxsim run --out`: exit 2, one line on stderr
# naming the trace, nothing on stdout, no output file left behind.
add_test(NAME traffic.bad_traces_cli
  COMMAND sh "${CMAKE_CURRENT_SOURCE_DIR}/bad_traces/run_cli.sh" $<TARGET_FILE:rxsim>
          "${CMAKE_CURRENT_SOURCE_DIR}/bad_traces" "${CMAKE_CURRENT_BINARY_DIR}/bad-traces-out")
set_tests_properties(traffic.make_trace_reproducible traffic.bad_traces_cli
  PROPERTIES LABELS traffic TIMEOUT 120)
