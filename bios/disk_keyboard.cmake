# The disk, keyboard, serial and printer services of the built-in BIOS (included by
# bios/CMakeLists.txt).
target_sources(m86_bios PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/disk_common.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/int13_disk.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/int13_floppy.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/int13_hard_disk.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/int13_edd.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/int13_cdrom.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/eltorito.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/int0e_floppy.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/keyboard_buffer.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/keyboard_tables.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/keyboard_commands.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/int09_keyboard.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/int16_keyboard.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/port_wait.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/int14_serial.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/int17_printer.cpp)
