// Input shaping for the SSE4.2 string comparison rows of the host-differential table.
#pragma once
#include "simd_cases.h"

namespace m86::test {

// Sets the imm8 to `iteration` modulo 256 (every control byte in turn) and fills XMM0-7, the
// memory operand's area, EAX and EDX with short strings over a small alphabet, nulls at any
// position and lengths around the element count, negative and out of range.
void ShapeStringCompare(int iteration, std::vector<uint8_t>& bytes, SimdState& state, std::mt19937_64& rng);

}  // namespace m86::test
