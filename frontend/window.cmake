# The SDL2 desktop window (frontend/sdl_*), part of m86_frontend. -DM86_WINDOW=OFF leaves it
# out (cross builds: the target's SDL2 and its X11/Wayland stack are not needed for headless
# runs); morph86 then always runs headless and `--display sdl` is refused.
option(M86_WINDOW "Build the SDL2 window (frontend/sdl_*)" ON)
if(NOT M86_WINDOW)
  target_sources(m86_frontend PRIVATE ${CMAKE_CURRENT_LIST_DIR}/window_open_none.cpp)
  return()
endif()
pkg_check_modules(SDL2 REQUIRED IMPORTED_TARGET sdl2)
target_sources(m86_frontend PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/sdl_input.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sdl_keymap.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sdl_layout.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sdl_screenshot.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sdl_window.cpp
  ${CMAKE_CURRENT_LIST_DIR}/window_open_sdl.cpp)
target_link_libraries(m86_frontend PUBLIC PkgConfig::SDL2)
