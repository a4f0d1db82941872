# Tests of what a new user meets first: finding keys, sweeps' columns,
# progress, the schema, the man page and completion.
foreach(t params_find drop_counters sweep_columns)
  add_test(NAME cli.${t}
    COMMAND sh "${CMAKE_CURRENT_SOURCE_DIR}/cli/${t}.sh" $<TARGET_FILE:rxsim> "${PROJECT_SOURCE_DIR}")
  set_tests_properties(cli.${t} PROPERTIES LABELS cli TIMEOUT 300)
endforeach()

add_test(NAME cli.schema_validate
  COMMAND sh "${CMAKE_CURRENT_SOURCE_DIR}/cli/schema_validate.sh" $<TARGET_FILE:rxsim> "${PROJECT_SOURCE_DIR}")
set_tests_properties(cli.schema_validate PROPERTIES LABELS cli TIMEOUT 120 SKIP_RETURN_CODE 77)

add_test(NAME cli.manpage
  COMMAND sh "${CMAKE_CURRENT_SOURCE_DIR}/cli/manpage.sh" $<TARGET_FILE:rxsim> "${PROJECT_SOURCE_DIR}"
          "${PROJECT_BINARY_DIR}/rxsim.1")
add_test(NAME cli.completion
  COMMAND sh "${CMAKE_CURRENT_SOURCE_DIR}/cli/completion.sh" $<TARGET_FILE:rxsim> "${PROJECT_SOURCE_DIR}")
set_tests_properties(cli.manpage cli.completion PROPERTIES LABELS cli TIMEOUT 120 SKIP_RETURN_CODE 77)

# cmake --install puts the program, its man page and its completion where
# man and bash-completion look.
add_test(NAME cli.install
  COMMAND sh -c "d=$(mktemp -d) && trap 'rm -rf \"$d\"' EXIT &&
    \"$1\" --install \"$2\" --prefix \"$d\" >/dev/null &&
    test -x \"$d/bin/rxsim\" && test -s \"$d/share/man/man1/rxsim.1\" &&
    test -s \"$d/share/bash-completion/completions/rxsim\" &&
    test -s \"$d/share/rxsim/plots/timeseries.gp\" &&
    test -s \"$d/share/rxsim/scenarios/quickstart.json\""
    sh "${CMAKE_COMMAND}" "${PROJECT_BINARY_DIR}")
set_tests_properties(cli.install PROPERTIES LABELS cli TIMEOUT 120)

add_test(NAME cli.progress
  COMMAND sh "${CMAKE_CURRENT_SOURCE_DIR}/cli/progress.sh" $<TARGET_FILE:rxsim> "${PROJECT_SOURCE_DIR}")
set_tests_properties(cli.progress PROPERTIES LABELS cli TIMEOUT 120 SKIP_RETURN_CODE 77)
