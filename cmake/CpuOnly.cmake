# M86_CPU_ONLY=ON: the cpu library and the unit tests that need nothing but it and Catch2 (no
# Capstone, Boost, zlib or nasm), for cross builds to a target without those libraries
# (scripts/cross-build.sh falls back to it). Included by
# the top-level CMakeLists.txt, which stops after it.
add_subdirectory(cpu)

# Catch2 v2 is one header. A cross build does not see the host's /usr/include (adding it would
# bring the host's C library headers with it), so when the package is not found for the target
# the build tree gets an include folder holding only a link to the host's catch2/ headers.
find_package(Catch2 2 QUIET)
if(NOT Catch2_FOUND)
  find_path(M86_CATCH2_HOST_INCLUDE catch2/catch.hpp
            PATHS /usr/include /usr/local/include NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
  if(NOT M86_CATCH2_HOST_INCLUDE)
    message(FATAL_ERROR "Catch2 v2 headers not found (Debian package catch2)")
  endif()
  set(catch2_link_dir ${CMAKE_BINARY_DIR}/catch2-include)
  file(MAKE_DIRECTORY ${catch2_link_dir})
  file(CREATE_LINK ${M86_CATCH2_HOST_INCLUDE}/catch2 ${catch2_link_dir}/catch2 SYMBOLIC)
  add_library(Catch2::Catch2 INTERFACE IMPORTED)
  set_target_properties(Catch2::Catch2 PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${catch2_link_dir})
endif()

# The same support targets tests/unit/CMakeLists.txt defines for the full build.
set(m86_unit_dir ${CMAKE_SOURCE_DIR}/tests/unit)
add_library(m86_catch_main STATIC ${m86_unit_dir}/catch_main.cpp)
target_link_libraries(m86_catch_main PUBLIC Catch2::Catch2)
add_library(m86_test_support INTERFACE)
target_include_directories(m86_test_support INTERFACE ${m86_unit_dir})
target_link_libraries(m86_test_support INTERFACE m86_cpu m86_catch_main)

# Every unit-test folder except decoder/ (Capstone). Tests that compare against the host's x87,
# MMX or 32-bit mode compile only on x86 hosts and are absent elsewhere.
set(M86_CPU_ONLY_TESTS fpu fpu_transcendental x87 mmx core string pm system arith
    CACHE STRING "tests/unit folders built with M86_CPU_ONLY")
foreach(dir IN LISTS M86_CPU_ONLY_TESTS)
  add_subdirectory(${m86_unit_dir}/${dir} ${CMAKE_BINARY_DIR}/tests/unit/${dir})
endforeach()
add_subdirectory(tests/fpu_digest)
