// Bounds on what the user hands the emulator, in one place.
#pragma once
#include <cstddef>

namespace m86 {

// How much of an offending piece of input an error message quotes.
constexpr size_t kMaxQuotedChars = 60;
// A file name is quoted whole up to PATH_MAX, past which no system call takes it anyway.
constexpr size_t kMaxQuotedPathChars = 4096;

}  // namespace m86
