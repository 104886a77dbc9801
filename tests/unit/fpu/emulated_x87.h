// The same instruction forms as host_x87.h, computed with morph86's float80 arithmetic: what an
// x87 layer built on it writes to the register stack, memory and the status word.
#pragma once
#include <cstdint>

#include "cpu/fpu/float80.h"
#include "host_x87.h"

namespace m86::fpu::test {

constexpr uint16_t kSwC0 = 1u << 8, kSwC1 = 1u << 9, kSwC2 = 1u << 10, kSwC3 = 1u << 14;

struct Emulated {
  uint16_t sw = 0;           // exception flags (bits 0-5) and the condition codes
  uint16_t sw_compared = 0;  // the status-word bits that mean something for this instruction
  bool suppress = false;     // an unmasked exception left the destination unwritten
  int results = 0;           // register results: 1 (ST(0)) or 2 (ST(0), ST(1), FXTRACT)
  Float80 st0, st1;
  int mem_bytes = 0;  // memory result size (stores)
  uint8_t mem[10] = {};
};

// Runs `op` on the same inputs HostRun takes (ST(0) = a, ST(1) = b, memory operand `mem`).
Emulated EmulateRun(HostOp op, const Float80& a, const Float80& b, uint16_t cw,
                    const uint8_t mem[10]);

}  // namespace m86::fpu::test
