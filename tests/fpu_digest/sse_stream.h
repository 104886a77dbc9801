// The SSE part of fpu_digest: a fixed stream through every function of cpu/fpu/sse_float.h.
#pragma once
#include <cstdint>

#include "tests/fpu_digest/digest_hash.h"

namespace m86::digest {

// Runs `count` operations drawn from `seed`, hashing results, flags and faults into *total;
// with `verbose`, prints one digest per function.
void RunSseStream(uint64_t seed, uint64_t count, Fnv1a* total, bool verbose);

}  // namespace m86::digest
