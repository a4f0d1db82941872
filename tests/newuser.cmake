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
