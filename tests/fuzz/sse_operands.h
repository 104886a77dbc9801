// The memory operand of an SSE form, read from its row's operand string (the operand types of
// SDM Vol. 2D, A.2) and, for the forms with general registers, from the instruction's page in
// SDM Vol. 2: which operand may be memory, how many bytes it covers, and whether the
// instruction stores to it. Neither the generators nor the analyses know which forms demand
// 16-byte alignment: a 16-byte operand off a 16-byte boundary may raise #GP, and the host
// decides.
#ifndef M86_TESTS_FUZZ_SSE_OPERANDS_H_
#define M86_TESTS_FUZZ_SSE_OPERANDS_H_

#include <cstdint>

#include "program.h"
#include "rng.h"

namespace m86::fuzz {

struct SseMemory {
  bool allowed = false;   // a W, M or E operand: the ModRM r/m may name memory
  bool required = false;  // an M operand: the register form is #UD
  bool write = false;     // the memory operand is the destination
  uint32_t size = 0;      // bytes accessed
};
SseMemory SseMemoryOf(const GenInsn& g);

// The general register an SSE form writes (a G destination, or an E destination in register
// form), or -1.
int SseGprWritten(const GenInsn& g);

// The analyses' verdict on an SSE memory operand at `ea` of `size` bytes: kMayFault when a
// 16-byte operand is misaligned (SDM Vol. 1, 4.1.1: instructions on aligned double quadwords raise #GP for an unaligned operand).
inline bool MayMisalign(uint64_t ea, uint32_t size) { return size == 16 && (ea & 15) != 0; }
// A data page target for `size` bytes, rounded down to 16 bytes nine times in ten for a
// 16-byte operand, so that most aligned forms run (the data page starts on a page boundary).
inline uint64_t MostlyAligned(Rng& r, uint64_t target, uint32_t size) {
  return size == 16 && r.Percent(90) ? target & ~uint64_t{15} : target;
}

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_SSE_OPERANDS_H_
