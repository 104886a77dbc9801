// Runs one x87 transcendental on the host's own FPU (x86-64 hosts) and, for comparison, the same
// instruction modelled on the emulator's functions (cpu/fpu/transcendental_*.cpp) with its stack
// effect: the results, TOP and the status word bits the instruction defines.
#pragma once
#include <cstdint>

#include "cpu/fpu/float80.h"

namespace m86::fpu::test {

enum class TransOp : uint8_t { kSin, kCos, kSinCos, kPtan, kPatan, kF2xm1, kYl2x, kYl2xp1 };
const char* TransOpName(TransOp op);
// True for the instructions that take ST(1) as an operand (FPATAN, FYL2X, FYL2XP1).
bool IsBinary(TransOp op);

// The state after the instruction: ST(0) and ST(1), how many values the stack holds (it starts
// with two: ST(1) = b, ST(0) = a) and the status word.
struct TransState {
  Float80 st0, st1;
  int depth = 0;
  uint16_t sw = 0;
  // Emulator only: how far the unrounded value lies from the result whose rounding C1 reports,
  // in units in its last place; negative when nothing was rounded.
  double offset_ulps = -1;
};

// True when this build can run the host x87.
bool HostTransAvailable();
// FNINIT, FLDCW cw, push b then a, run the instruction, FNSAVE (which waits for nothing, so an
// unmasked exception stays pending instead of trapping).
void HostTransRun(TransOp op, const Float80& a, const Float80& b, uint16_t cw, TransState* out);
// The same on the emulator's functions.
void EmuTransRun(TransOp op, const Float80& a, const Float80& b, uint16_t cw, TransState* out);

// The distance in units in the last place of the 64-bit significand between two non-NaN values
// of the same sign class (saturates at 2^62); zeros of either sign are 0 apart.
uint64_t UlpDistance(const Float80& a, const Float80& b);

}  // namespace m86::fpu::test
