# The pointing device services of the built-in BIOS: INT 15h AH=C2h and IRQ 12 (included by
# bios/CMakeLists.txt).
target_sources(m86_bios PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/int15_mouse.cpp)
