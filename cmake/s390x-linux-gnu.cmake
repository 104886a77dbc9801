# CMake toolchain for Debian's IBM Z cross compiler (package g++-s390x-linux-gnu): the one
# big-endian host morph86 is built for. Test programs run under qemu-s390x-static. See
# cmake/CrossLinux.cmake. Used by scripts/cross-build.sh.
set(CMAKE_SYSTEM_PROCESSOR s390x)
set(M86_CROSS_TRIPLE s390x-linux-gnu)
include(${CMAKE_CURRENT_LIST_DIR}/CrossLinux.cmake)
