# CMake toolchain for Debian's 64-bit RISC-V cross compiler (package g++-riscv64-linux-gnu); test
# programs run under qemu-riscv64-static. See cmake/CrossLinux.cmake. Used by
# scripts/cross-build.sh.
set(CMAKE_SYSTEM_PROCESSOR riscv64)
set(M86_CROSS_TRIPLE riscv64-linux-gnu)
include(${CMAKE_CURRENT_LIST_DIR}/CrossLinux.cmake)
