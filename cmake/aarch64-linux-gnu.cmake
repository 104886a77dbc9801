# CMake toolchain for Debian's AArch64 cross compiler (package g++-aarch64-linux-gnu). Test
# programs run under qemu-user (package qemu-user-static): CMAKE_CROSSCOMPILING_EMULATOR makes
# ctest start every add_test() executable through it, with the AArch64 sysroot for the loader.
# Used by scripts/cross-aarch64.sh together with -DM86_CPU_ONLY=ON.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(M86_CROSS_TRIPLE aarch64-linux-gnu)
set(M86_CROSS_SYSROOT /usr/${M86_CROSS_TRIPLE})
set(CMAKE_C_COMPILER ${M86_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${M86_CROSS_TRIPLE}-g++)

# Libraries, headers and packages come from the target's tree only; build tools from the host.
set(CMAKE_FIND_ROOT_PATH ${M86_CROSS_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64-static -L ${M86_CROSS_SYSROOT})
