# Sweep tests (rxsim sweep / rxsim merge): included from tests/CMakeLists.txt.
# Each script takes the rxsim binary and the source tree and runs from the
# source tree; exit 77 means a tool it needs is missing (skipped).
set(RXSIM_SWEEP_TESTS jobs interrupt emit crash expect bad_axis coalescing)
foreach(t ${RXSIM_SWEEP_TESTS})
  add_test(NAME sweep.${t}
    COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/cli/sweep_${t}.sh
            $<TARGET_FILE:rxsim> ${PROJECT_SOURCE_DIR})
  set_tests_properties(sweep.${t} PROPERTIES LABELS sweep TIMEOUT 120
                       SKIP_RETURN_CODE 77)
endforeach()
