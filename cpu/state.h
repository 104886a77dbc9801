// The architectural state of one x86 CPU, in one standard-layout struct.
#pragma once
#include <cstdint>
#include <type_traits>

#include "cpu/fpu/x87_state.h"
#include "cpu/msr.h"
#include "cpu/sse/xmm_state.h"

namespace m86 {

enum Gpr : uint8_t { kEax, kEcx, kEdx, kEbx, kEsp, kEbp, kEsi, kEdi, kNoReg };
enum SegReg : uint8_t { kEs, kCs, kSs, kDs, kFs, kGs, kNoSeg };

// EFLAGS bits (SDM Vol. 1, 3.4.3).
namespace flag {
constexpr uint32_t kCf = 1u << 0, kPf = 1u << 2, kAf = 1u << 4, kZf = 1u << 6, kSf = 1u << 7,
                   kTf = 1u << 8, kIf = 1u << 9, kDf = 1u << 10, kOf = 1u << 11,
                   kIopl = 3u << 12, kNt = 1u << 14, kRf = 1u << 16, kVm = 1u << 17,
                   kAc = 1u << 18, kVif = 1u << 19, kVip = 1u << 20, kId = 1u << 21;
constexpr uint32_t kArith = kCf | kPf | kAf | kZf | kSf | kOf;
}  // namespace flag

// CR0 and CR4 bits (SDM Vol. 3A, 2.5).
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

// A segment register with its hidden descriptor cache (SDM Vol. 3A, 3.4.3).
struct Segment {
  uint16_t selector;
  uint32_t base;
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
                   kNonSystem = 1u << 4, kDplShift = 5, kPresent = 1u << 7, kBig = 1u << 14,
                   kGranular = 1u << 15;
}

struct TableRegister {
  uint32_t base;
  uint32_t limit;
};

// The lazily evaluated arithmetic flags (DESIGN.md, "Flags"): the last flag-setting operation
// with its operands and result; EFLAGS' arithmetic bits are computed only when read.
enum class LazyOp : uint8_t { kNone, kAdd, kAdc, kSub, kSbb, kLogic, kInc, kDec };
struct LazyFlags {
  uint32_t dst, src, res;
  LazyOp op;
  uint8_t bits;  // operand width: 8, 16 or 32
};

struct CpuState {
  // General registers; slot kNoReg is always zero so an absent base or index adds nothing.
  uint32_t gpr[9];
  uint32_t eip;
  uint32_t eflags;  // arithmetic bits valid only while lazy.op == kNone
  LazyFlags lazy;
  Segment seg[6];
  TableRegister gdtr, idtr;
  Segment ldtr, tr;
  uint32_t cr0, cr2, cr3, cr4;
  uint32_t dr[8];
  uint64_t tsc;
  // Model-specific registers the supported models implement.
  uint32_t sysenter_cs, sysenter_esp, sysenter_eip;
  uint64_t apic_base;
  MsrState msr;  // the other model-specific registers (cpu/msr.h)
  uint8_t cpl;
  bool halted;
  X87State fpu;  // x87 FPU and MMX registers (cpu/fpu/x87_state.h)
  SseState sse;  // XMM registers and MXCSR (cpu/sse/xmm_state.h)
};
static_assert(std::is_standard_layout_v<CpuState>);

}  // namespace m86
