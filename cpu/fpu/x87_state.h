// The x87 FPU and MMX register file as CpuState holds it (SDM Vol. 1, 8.1 and 9.2).
#pragma once
#include <cstdint>

#include "cpu/fpu/float80.h"

namespace m86 {

// Status word fields (SDM Vol. 1, 8.1.3, Figure 8-4).
namespace x87sw {
constexpr uint16_t kIe = 1u << 0, kDe = 1u << 1, kZe = 1u << 2, kOe = 1u << 3, kUe = 1u << 4,
                   kPe = 1u << 5, kSf = 1u << 6, kEs = 1u << 7, kC0 = 1u << 8, kC1 = 1u << 9,
                   kC2 = 1u << 10, kTop = 7u << 11, kC3 = 1u << 14, kB = 1u << 15;
constexpr uint16_t kFlags = 0x3F;  // the six exception flags, as in fpu::FpException
constexpr uint16_t kCc = kC0 | kC1 | kC2 | kC3;
constexpr int kTopShift = 11;
}  // namespace x87sw

// Control word fields (SDM Vol. 1, 8.1.5, Figure 8-6).
namespace x87cw {
constexpr uint16_t kMasks = 0x3F, kPc = 3u << 8, kRc = 3u << 10, kIc = 1u << 12;
constexpr int kPcShift = 8, kRcShift = 10;
constexpr uint16_t kInit = 0x037F;  // FNINIT: all masked, round to nearest, 64-bit precision
}  // namespace x87cw

// Tag values (SDM Vol. 1, 8.1.7, Figure 8-7).
namespace x87tag {
constexpr uint8_t kValid = 0, kZero = 1, kSpecial = 2, kEmpty = 3;
}

struct X87State {
  // Physical registers R0-R7; ST(i) is R[(TOP + i) & 7]. MMX register MMi is the significand
  // of R[i], and an MMX write sets that register's exponent field to all ones (SDM Vol. 1, 9.5).
  // Defaults: the state after RESET on the Pentium and P6 family (SDM Vol. 3A, 9.1.1,
  // Table 9-1): +0.0 in every register, control word 0040H, tag word 5555H.
  fpu::Float80 r[8];
  uint16_t cw = 0x0040;
  uint16_t sw = 0;  // status word with TOP in bits 11-13
  // Full tag word, 2 bits per physical register. Only "empty" (11) is authoritative, as on the
  // 387 and later, which examine the register contents of non-empty registers when they store
  // the tag word (SDM Vol. 3A, 22.18.4); MMX instructions set every tag to 00.
  uint16_t tw = 0x5555;
  // Last instruction and data pointers, and the opcode (SDM Vol. 1, 8.1.8-8.1.10). The
  // pointers are offsets of up to 64 bits in 64-bit mode (FXSAVE64 stores them whole).
  uint64_t fip = 0, fdp = 0;
  uint16_t fcs = 0, fds = 0, fop = 0;
  // Level of the FERR# output (an unmasked exception pending with CR0.NE = 0).
  bool ferr = false;
};

// Power-on state per generation (SDM Vol. 3A, 9.1.1, Table 9-1 and 22.20): the Pentium and
// P6 family give the defaults above. The Intel486 and the 387 are modelled as leaving RESET in
// the FNINIT state (037FH, every tag empty), an assumption: the current Table 9-1 lists only
// the Pentium and later, and every BIOS executes FNINIT before using the FPU.
inline void ResetX87(X87State& f, bool finit_state) {
  f = X87State{};
  if (finit_state) {
    f.cw = x87cw::kInit;
    f.tw = 0xFFFF;
  }
}

}  // namespace m86
