// Bounds on what the user hands the emulator, in one place: input past them is an error before
// the guest starts, never a hang while memory fills up or an overflow in a time conversion.
#pragma once
#include <cstddef>

namespace m86 {

// Script files are a few hundred lines a hand; a megabyte is far past any real one, and a
// line of 4 KiB far past any real command, yet /dev/zero or a binary given by mistake stops
// at once.
constexpr size_t kMaxScriptBytes = 1 << 20;
constexpr size_t kMaxScriptLineBytes = 4096;

// Seconds (--timeout, script waits and sleeps): about 115 days. Larger values, NaN and
// infinity would overflow the conversions to nanoseconds or silently mean "never".
constexpr double kMaxSeconds = 1e7;

// How much of an offending piece of input an error message quotes.
constexpr size_t kMaxQuotedChars = 60;
// A file name is quoted whole up to PATH_MAX, past which no system call takes it anyway.
constexpr size_t kMaxQuotedPathChars = 4096;

}  // namespace m86
