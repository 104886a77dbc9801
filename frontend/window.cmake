# The SDL2 desktop window (frontend/sdl_*), part of m86_frontend.
pkg_check_modules(SDL2 REQUIRED IMPORTED_TARGET sdl2)
target_sources(m86_frontend PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/sdl_input.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sdl_keymap.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sdl_layout.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sdl_screenshot.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sdl_window.cpp)
target_link_libraries(m86_frontend PUBLIC PkgConfig::SDL2)
