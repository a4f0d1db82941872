# The README as a test (label: readme): every command of its sh blocks runs
# in a scratch copy of the tree, and every figure its prose (and the
# scenarios' descriptions) quote is compared with the output it comes from
# (tests/readme/figures.txt).  Skipped (77) without gnuplot, which the
# README's plot commands need.
add_executable(readme_check readme/readme_check.c)
target_link_libraries(readme_check PRIVATE PkgConfig::CJSON m rxsim_flags)
add_test(NAME readme
  COMMAND sh -c "command -v gnuplot >/dev/null 2>&1 || { echo 'gnuplot not found: skipped'; exit 77; }; exec sh \"$0\" \"$@\""
          "${CMAKE_CURRENT_SOURCE_DIR}/readme/readme.sh" $<TARGET_FILE:rxsim>
          $<TARGET_FILE:readme_check> "${PROJECT_SOURCE_DIR}" "${CMAKE_CURRENT_BINARY_DIR}/readme-out")
set_tests_properties(readme PROPERTIES LABELS readme TIMEOUT 900 SKIP_RETURN_CODE 77)
