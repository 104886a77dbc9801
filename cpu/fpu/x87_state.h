// The x87 FPU and MMX register file as CpuState holds it (SDM Vol. 1, 8.1 and 9.2).
#pragma once
#include <cstdint>

#include "cpu/fpu/float80.h"

namespace m86 {

struct X87State {
  // Physical registers R0-R7; ST(i) is R[(TOP + i) & 7]. MMX register MMi is the significand
  // of R[i], and an MMX write sets that register's exponent field to all ones (SDM Vol. 1, 9.5).
  fpu::Float80 r[8];
  uint16_t cw = 0x037F;  // control word after FNINIT
  uint16_t sw = 0;       // status word with TOP in bits 11-13
  uint16_t tw = 0xFFFF;  // full tag word, 2 bits per physical register (11 = empty)
  // Last instruction and data pointers, and the opcode (SDM Vol. 1, 8.1.8-8.1.10).
  uint32_t fip = 0, fdp = 0;
  uint16_t fcs = 0, fds = 0, fop = 0;
};

}  // namespace m86
