# CLI tests: included from tests/CMakeLists.txt (include(cli.cmake)).
# Both scripts take the rxsim binary and the source tree, and run from the
# source tree so that file names in messages match tests/bad/*.err.
find_program(RXSIM_BASH bash)
if(RXSIM_BASH)
  add_test(NAME cli.bad_scenarios
    COMMAND ${RXSIM_BASH} ${CMAKE_CURRENT_LIST_DIR}/cli/check_bad.sh
            $<TARGET_FILE:rxsim> ${PROJECT_SOURCE_DIR})
  add_test(NAME cli.smoke
    COMMAND ${RXSIM_BASH} ${CMAKE_CURRENT_LIST_DIR}/cli/cli_smoke.sh
            $<TARGET_FILE:rxsim> ${PROJECT_SOURCE_DIR})
  set_tests_properties(cli.bad_scenarios cli.smoke PROPERTIES LABELS cli TIMEOUT 120)
else()
  message(WARNING "bash not found: CLI tests cli.bad_scenarios and cli.smoke are not registered")
endif()

# import, calibrate and compare on the sample snapshots
add_test(NAME cli.host_cmds
  COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/cli/host_cmds.sh $<TARGET_FILE:rxsim> ${PROJECT_SOURCE_DIR})
set_tests_properties(cli.host_cmds PROPERTIES LABELS cli TIMEOUT 300)
