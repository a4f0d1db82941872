# Reliability tests: included from tests/CMakeLists.txt.  Each script takes
# the rxsim binary and the source tree and runs from the source tree.
set(RXSIM_RELIABILITY_TESTS one_line_errors outputs signals resume_cut limits)
foreach(t ${RXSIM_RELIABILITY_TESTS})
  add_test(NAME reliability.${t}
    COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/reliability/${t}.sh
            $<TARGET_FILE:rxsim> ${PROJECT_SOURCE_DIR})
  set_tests_properties(reliability.${t} PROPERTIES LABELS reliability TIMEOUT 300)
endforeach()
