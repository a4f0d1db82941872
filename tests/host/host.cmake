# The machine running the tests, as a user's host: snapshot, import, run;
# paced UDP over loopback between two snapshots, and calibrate on the pair.
add_executable(udp_pace ${PROJECT_SOURCE_DIR}/tools/udp_pace.c)
target_link_libraries(udp_pace PRIVATE rxsim_flags)
add_test(NAME host.roundtrip
  COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/roundtrip.sh $<TARGET_FILE:rxsim> ${PROJECT_SOURCE_DIR}
          $<TARGET_FILE:udp_pace>)
set_tests_properties(host.roundtrip PROPERTIES LABELS host TIMEOUT 120 RUN_SERIAL TRUE)
