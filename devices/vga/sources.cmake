# VGA with Bochs VBE; include()d from devices/CMakeLists.txt, so paths are relative to devices/.
target_sources(m86_devices PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/vga/vga.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/vga/vga_ports.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/vga/vga_memory.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/vga/vga_vbe.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/vga/vga_timing.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/vga/vga_render_text.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/vga/vga_render_graphics.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/vga/stdvga_pci.cpp)
