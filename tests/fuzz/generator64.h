// Random 64-bit-mode sequences: the catalog's operations that exist in 64-bit mode, with REX
// prefixes (W, R, X, B, and SPL BPL SIL DIL), RIP-relative operands aimed at the data page,
// MOV r64, imm64, forward branches only; every instruction is accepted only when the 64-bit
// analysis (analysis64.h) proves it safe to run natively.
#ifndef M86_TESTS_FUZZ_GENERATOR64_H_
#define M86_TESTS_FUZZ_GENERATOR64_H_

#include "generator.h"
#include "program64.h"

namespace m86::fuzz {

// R14 points into the data page and R15 holds a small index, for the whole sequence
// (analysis64.h); RSP points into the data page.
Program64 Generate64(Rng& rng, const GenOptions& options);

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_GENERATOR64_H_
