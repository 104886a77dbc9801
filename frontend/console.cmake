# The headless console: serial on stdio, screen dumps (text and PNG), the script runner and
# the main loop. include()d by frontend/CMakeLists.txt.
target_sources(m86_frontend PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/session.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/stdio_serial.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/script_parser.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/script_runner.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/key_typing.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/screendump.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/png_writer.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/cp437.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/exit_cleanup.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/terminal_keys.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/text_display.cpp)
find_package(PNG REQUIRED)
target_link_libraries(m86_frontend PUBLIC PNG::PNG)
