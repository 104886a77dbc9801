# The video BIOS (INT 10h, video POST, VBE); include()d from bios/CMakeLists.txt.
target_sources(m86_bios PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/int10_video.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/int10_info.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/video_io.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/video_modes.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/video_mode_set.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/video_screen.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/video_palette.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/video_font.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/video_text.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/video_graphics.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/video_vbe.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/video_vbe_modes.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/video_post.cpp)
