# CMake toolchain for Debian's AArch64 cross compiler (package g++-aarch64-linux-gnu); test
# programs run under qemu-aarch64-static. See cmake/CrossLinux.cmake. Used by
# scripts/cross-build.sh.
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(M86_CROSS_TRIPLE aarch64-linux-gnu)
include(${CMAKE_CURRENT_LIST_DIR}/CrossLinux.cmake)
