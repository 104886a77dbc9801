# The shared part of the Linux cross toolchains (cmake/<triple>.cmake set M86_CROSS_TRIPLE and
# CMAKE_SYSTEM_PROCESSOR, then include this). Compilers are Debian's cross packages
# (g++-<triple>); the C and C++ runtime come with them under /usr/<triple>.
#
# Test programs run under qemu-user (package qemu-user-static): CMAKE_CROSSCOMPILING_EMULATOR
# makes ctest start every add_test() executable through it, with /usr/<triple> as the target's
# root for the dynamic loader and the runtime libraries.
#
# M86_CROSS_DEPS (optional): a folder holding the target's other libraries (Boost, Capstone,
# libpng, zlib...) as unpacked Debian packages (usr/include, usr/lib/<triple>), as
# scripts/cross-build.sh makes it. It is searched like a second sysroot.
#
# M86_CROSS_RUNTIME (optional): a root holding the target's C and C++ runtime and those
# libraries as shared objects (riscv64: Debian 13's, newer than the cross compiler's), which
# the programs then run against under qemu-user instead of the cross compiler's runtime.
set(CMAKE_SYSTEM_NAME Linux)

set(M86_CROSS_SYSROOT /usr/${M86_CROSS_TRIPLE})
set(CMAKE_C_COMPILER ${M86_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${M86_CROSS_TRIPLE}-g++)
# Debian puts a package's libraries in usr/lib/<triple>; CMake cannot infer that from a cross
# compiler's own search paths.
set(CMAKE_LIBRARY_ARCHITECTURE ${M86_CROSS_TRIPLE})

# try_compile() projects re-read this file without the cache: hand the folder on.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES M86_CROSS_DEPS M86_CROSS_RUNTIME)

# Libraries, headers and packages come from the target's trees only; build tools from the host.
set(CMAKE_FIND_ROOT_PATH ${M86_CROSS_SYSROOT})
if(M86_CROSS_DEPS)
  list(APPEND CMAKE_FIND_ROOT_PATH ${M86_CROSS_DEPS})
  # pkg-config (Capstone, SDL2) must read the target's .pc files, never the host's.
  set(ENV{PKG_CONFIG_LIBDIR}
      "${M86_CROSS_DEPS}/usr/lib/${M86_CROSS_TRIPLE}/pkgconfig:${M86_CROSS_DEPS}/usr/share/pkgconfig")
  set(ENV{PKG_CONFIG_SYSROOT_DIR} ${M86_CROSS_DEPS})
  # Shared libraries found there may need others from there at link time.
  add_link_options("LINKER:-rpath-link,${M86_CROSS_DEPS}/usr/lib/${M86_CROSS_TRIPLE}")
endif()
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(M86_CROSS_RUN_ROOT ${M86_CROSS_SYSROOT})
if(M86_CROSS_RUNTIME)
  set(M86_CROSS_RUN_ROOT ${M86_CROSS_RUNTIME})
  # Those shared libraries need symbols of their newer C++ runtime that the cross compiler's
  # own libstdc++ lacks; the programs get that runtime when they run.
  add_link_options("LINKER:--allow-shlib-undefined")
endif()
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-${CMAKE_SYSTEM_PROCESSOR}-static -L ${M86_CROSS_RUN_ROOT})
