# m86_target_runner(TARGET VAR): sets VAR to a command that runs TARGET's executable on this
# machine, for tests whose scripts start a program themselves (ctest puts
# CMAKE_CROSSCOMPILING_EMULATOR in front of add_test() commands only). Natively that is the
# executable; in a cross build a small script in ${CMAKE_BINARY_DIR}/run/ that starts it under
# the emulator (qemu-user) with the same arguments.
function(m86_target_runner target var)
  if(NOT CMAKE_CROSSCOMPILING_EMULATOR)
    set(${var} "$<TARGET_FILE:${target}>" PARENT_SCOPE)
    return()
  endif()
  set(runner ${CMAKE_BINARY_DIR}/run/${target})
  set(${var} ${runner} PARENT_SCOPE)
  # One generated file per target, however many tests ask for it.
  get_property(done GLOBAL PROPERTY M86_RUNNER_${target})
  if(done)
    return()
  endif()
  set_property(GLOBAL PROPERTY M86_RUNNER_${target} TRUE)
  list(JOIN CMAKE_CROSSCOMPILING_EMULATOR " " emulator)
  file(GENERATE OUTPUT ${runner}
    CONTENT "#!/bin/sh\nexec ${emulator} \"$<TARGET_FILE:${target}>\" \"$@\"\n"
    FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                     WORLD_READ WORLD_EXECUTE)
endfunction()
