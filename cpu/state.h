// The architectural state of one x86 CPU, in one standard-layout struct.
#pragma once
#include <cstdint>
#include <type_traits>

#include "cpu/fpu/x87_state.h"
#include "cpu/msr.h"
#include "cpu/sse/xmm_state.h"

namespace m86 {

// The general registers by encoding number; R8-R15 exist only in 64-bit mode (SDM Vol. 1,
// 3.4.1.1). kNoReg names the always-zero slot after them.
enum Gpr : uint8_t {
  kEax, kEcx, kEdx, kEbx, kEsp, kEbp, kEsi, kEdi,
  kR8, kR9, kR10, kR11, kR12, kR13, kR14, kR15,
  kNoReg
};
constexpr int kGprCount = 16;
enum SegReg : uint8_t { kEs, kCs, kSs, kDs, kFs, kGs, kNoSeg };

// EFLAGS bits (SDM Vol. 1, 3.4.3).
namespace flag {
constexpr uint32_t kCf = 1u << 0, kPf = 1u << 2, kAf = 1u << 4, kZf = 1u << 6, kSf = 1u << 7,
                   kTf = 1u << 8, kIf = 1u << 9, kDf = 1u << 10, kOf = 1u << 11,
                   kIopl = 3u << 12, kNt = 1u << 14, kRf = 1u << 16, kVm = 1u << 17,
                   kAc = 1u << 18, kVif = 1u << 19, kVip = 1u << 20, kId = 1u << 21;
constexpr uint32_t kArith = kCf | kPf | kAf | kZf | kSf | kOf;
}  // namespace flag

// CR0 and CR4 bits (SDM Vol. 3A, 2.5). Both registers' bits 63:32 are reserved (zero).
namespace cr0 {
constexpr uint32_t kPe = 1u << 0, kMp = 1u << 1, kEm = 1u << 2, kTs = 1u << 3, kEt = 1u << 4,
                   kNe = 1u << 5, kWp = 1u << 16, kAm = 1u << 18, kNw = 1u << 29, kCd = 1u << 30,
                   kPg = 1u << 31;
}
namespace cr4 {
constexpr uint32_t kVme = 1u << 0, kPvi = 1u << 1, kTsd = 1u << 2, kDe = 1u << 3, kPse = 1u << 4,
                   kPae = 1u << 5, kMce = 1u << 6, kPge = 1u << 7, kPce = 1u << 8,
                   kOsfxsr = 1u << 9, kOsxmmexcpt = 1u << 10;
}
// IA32_EFER bits (SDM Vol. 3A, 2.2.1, Table 2-1 of Vol. 4): SYSCALL enable, long mode enable
// and active, execute-disable enable.
namespace efer {
constexpr uint64_t kSce = 1u << 0, kLme = 1u << 8, kLma = 1u << 10, kNxe = 1u << 11;
}

// A segment register with its hidden descriptor cache (SDM Vol. 3A, 3.4.3).
struct Segment {
  uint16_t selector;
  uint64_t base;         // 64 bits for FS and GS (and system segments) in long mode
  uint32_t limit;        // byte-granular (G already applied)
  uint16_t attr;         // access byte in bits 0-7, flags nibble (AVL, L, D/B, G) in bits 12-15
  // Derived at load time so each access is two compares: offsets in [lo, hi] are inside.
  uint32_t lo, hi;
  bool readable, writable;  // false for a null selector in protected mode
};

// Segment descriptor attribute bits as kept in Segment::attr.
namespace seg_attr {
constexpr uint16_t kAccessed = 1u << 0, kWritable = 1u << 1, kReadable = 1u << 1,
                   kExpandDown = 1u << 2, kConforming = 1u << 2, kCode = 1u << 3,
                   kNonSystem = 1u << 4, kDplShift = 5, kPresent = 1u << 7, kLong = 1u << 13,
                   kBig = 1u << 14, kGranular = 1u << 15;
}

struct TableRegister {
  uint64_t base;
  uint32_t limit;
};

// The lazily evaluated arithmetic flags (DESIGN.md, "Flags"): the last flag-setting operation
// with its operands and result; EFLAGS' arithmetic bits are computed only when read.
enum class LazyOp : uint8_t { kNone, kAdd, kAdc, kSub, kSbb, kLogic, kInc, kDec };
struct LazyFlags {
  uint64_t dst, src, res;  // only the low `bits` bits are significant
  LazyOp op;
  uint8_t bits;  // operand width: 8, 16, 32 or 64
};

struct CpuState {
  // General registers at their 64-bit width; slot kNoReg is always zero so an absent base or
  // index adds nothing. A 32-bit write zero-extends, 8- and 16-bit writes keep the rest (SDM
  // Vol. 1, 3.4.1.1); outside 64-bit mode the upper halves are never visible.
  uint64_t gpr[kGprCount + 1];
  uint64_t rip;  // EIP in its low half outside 64-bit mode
  uint32_t eflags;  // arithmetic bits valid only while lazy.op == kNone
  LazyFlags lazy;
  Segment seg[6];
  TableRegister gdtr, idtr;
  Segment ldtr, tr;
  uint64_t cr0, cr2, cr3, cr4, cr8;
  uint32_t dr[8];
  uint64_t tsc;
  // Model-specific registers the supported models implement.
  uint32_t sysenter_cs, sysenter_esp, sysenter_eip;
  uint64_t apic_base;
  // Long-mode MSRs (SDM Vol. 4, Table 2-2; Vol. 3A, 5.8.8): IA32_EFER, the SYSCALL targets
  // STAR/LSTAR/CSTAR and flag mask FMASK, SWAPGS's IA32_KERNEL_GS_BASE and RDTSCP's TSC_AUX.
  // IA32_FS_BASE and IA32_GS_BASE are seg[kFs].base and seg[kGs].base.
  uint64_t efer;
  uint64_t star, lstar, cstar, sfmask;
  uint64_t kernel_gs_base;
  uint64_t tsc_aux;
  MsrState msr;  // the other model-specific registers (cpu/msr.h)
  uint8_t cpl;
  bool halted;
  X87State fpu;  // x87 FPU and MMX registers (cpu/fpu/x87_state.h)
  SseState sse;  // XMM registers and MXCSR (cpu/sse/xmm_state.h)
};
static_assert(std::is_standard_layout_v<CpuState>);

// IA-32e mode (SDM Vol. 3A, 2.2 and 9.8.5): EFER.LMA, set by the processor when paging is
// enabled with EFER.LME. Its 64-bit sub-mode runs code segments with CS.L = 1; the others run
// in compatibility mode, with the legacy operand and address sizes.
inline bool LongModeActive(const CpuState& s) { return (s.efer & efer::kLma) != 0; }
inline bool Code64(const CpuState& s) {
  return LongModeActive(s) && (s.seg[kCs].attr & seg_attr::kLong) != 0;
}

// Outside 64-bit mode a linear address has 32 bits: a segment base plus an offset, and any
// arithmetic on the sum, wraps at 4 GiB (SDM Vol. 3A, 3.1 and 3.4.1).
inline uint64_t WrapLinear(uint64_t lin) { return static_cast<uint32_t>(lin); }

// A register's low 32 bits: all a legacy-mode guest can see of it.
inline uint32_t Reg32(const CpuState& s, int r) { return static_cast<uint32_t>(s.gpr[r]); }

}  // namespace m86
