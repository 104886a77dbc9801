// Random bytes for hostile guests to execute: uniform bytes, with system and control-transfer
// opcodes (far jumps and calls, IRET, INT, descriptor-table, control-register, MSR, I/O and
// segment-register instructions) mixed in, so random code reaches the protected-mode paths
// more often than uniform bytes would.
#ifndef M86_TESTS_HOSTILE_RANDOM_CODE_H_
#define M86_TESTS_HOSTILE_RANDOM_CODE_H_

#include <cstdint>
#include <vector>

#include "rng.h"

namespace m86::hostile {

using fuzz::Rng;

// Appends `n` bytes of random code to `out`.
void AppendRandomCode(Rng& rng, size_t n, std::vector<uint8_t>* out);

// Appends `n` uniform random bytes to `out`.
void AppendRandomBytes(Rng& rng, size_t n, std::vector<uint8_t>* out);

}  // namespace m86::hostile

#endif  // M86_TESTS_HOSTILE_RANDOM_CODE_H_
