// Runs one x87 instruction on the host's own FPU (x86-64 hosts only) and captures the state with
// FNSAVE, which waits for nothing, so unmasked exceptions stay pending instead of trapping.
#pragma once
#include <cstdint>

#include "cpu/fpu/float80.h"

namespace m86::fpu::test {

enum class HostOp : uint8_t {
  kAdd, kSub, kSubr, kMul, kDiv, kDivr, kSqrt, kRndint, kScale, kXtract, kPrem, kPrem1, kCom,
  kUcom, kLd32, kLd64, kIld16, kIld32, kIld64, kSt32, kSt64, kIst16, kIst32, kIst64, kBld, kBstp,
  kLdConst,  // `mem[0]` picks FLD1/FLDL2T/FLDL2E/FLDPI/FLDLG2/FLDLN2/FLDZ (0..6)
  // ST(0) = a with a float32/float64 memory operand.
  kAddM32, kSubM32, kSubrM32, kMulM32, kDivM32, kDivrM32, kComM32,
  kAddM64, kSubM64, kSubrM64, kMulM64, kDivM64, kDivrM64, kComM64,
};

struct HostState {
  uint16_t cw, sw, tw;
  Float80 st[8];    // ST(0)..ST(7) as FNSAVE lays them out
  uint8_t mem[10];  // the memory operand after the instruction
};

// True when this build can run the host x87 (x86-64).
bool HostAvailable();
// Starts from FNINIT, loads `cw`, pushes b then a (so ST(0) = a, ST(1) = b) for the register
// forms, runs the instruction and saves the state. `mem` is the memory operand's initial bytes.
void HostRun(HostOp op, const Float80& a, const Float80& b, uint16_t cw, const uint8_t mem[10],
             HostState* out);

}  // namespace m86::fpu::test
