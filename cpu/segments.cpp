#include "cpu/segments.h"

#include "cpu/cpu.h"

namespace m86 {

bool InProtectedMode(const Cpu& cpu) {
  return (cpu.s.cr0 & cr0::kPe) && !(cpu.s.eflags & flag::kVm);
}
bool InV86Mode(const Cpu& cpu) { return (cpu.s.cr0 & cr0::kPe) && (cpu.s.eflags & flag::kVm); }

void RefreshSegmentChecks(const Cpu& cpu, Segment& seg) {
  if (cpu.InCode64()) {
    // 64-bit mode has no limits (SDM Vol. 3A, 3.4.4, 5.3.1): an empty window sends every access
    // past the legacy fast path to the 64-bit one, so that path needs no mode test of its own.
    // Cpu::RecomputeAttention re-derives the windows when 64-bit mode is entered or left.
    seg.lo = 0xFFFFFFFFu, seg.hi = 0;
    seg.readable = seg.writable = false;
    return;
  }
  const bool protected_mode = InProtectedMode(cpu);
  const uint16_t a = seg.attr;
  const bool is_code = (a & seg_attr::kNonSystem) && (a & seg_attr::kCode);
  const bool expand_down = (a & seg_attr::kNonSystem) && !is_code && (a & seg_attr::kExpandDown);
  if (expand_down) {
    // Expand-down: valid offsets lie above the limit (SDM Vol. 3A, 3.4.5.1).
    seg.lo = seg.limit + 1;
    seg.hi = (a & seg_attr::kBig) ? 0xFFFFFFFFu : 0xFFFFu;
    if (seg.limit == 0xFFFFFFFFu) seg.lo = 0xFFFFFFFFu, seg.hi = 0;  // nothing valid
  } else {
    seg.lo = 0;
    seg.hi = seg.limit;
  }
  if (!protected_mode) {
    // Real and V86 mode: no type checks, only limits (SDM Vol. 3A, 20.1.1).
    seg.readable = seg.writable = true;
    return;
  }
  const bool usable = (a & seg_attr::kPresent) && (a & seg_attr::kNonSystem);
  seg.readable = usable && (!is_code || (a & seg_attr::kReadable));
  seg.writable = usable && !is_code && (a & seg_attr::kWritable);
}

void LoadSegmentRealMode(Cpu& cpu, SegReg reg, uint16_t selector) {
  Segment& seg = cpu.s.seg[reg];
  seg.selector = selector;
  seg.base = uint32_t{selector} << 4;
  if (InV86Mode(cpu)) {
    // V86: every segment is a 64 KiB, DPL 3, read/write data segment (SDM Vol. 3A, 20.2.1).
    seg.limit = 0xFFFF;
    seg.attr = 0xF3;
  } else if (reg == kCs) {
    // Real-mode code is always 16-bit; loading CS makes it a present code segment at DPL 0.
    seg.attr = static_cast<uint16_t>((seg.attr & ~(seg_attr::kBig | 0xFF)) | 0x9B);
  }
  RefreshSegmentChecks(cpu, seg);
}

void LoadSegment(Cpu& cpu, SegReg reg, uint16_t selector) {
  if (InProtectedMode(cpu))
    LoadSegmentProtected(cpu, reg, selector);
  else
    LoadSegmentRealMode(cpu, reg, selector);
  if (reg == kSs) cpu.InhibitInterruptsForOneInstruction();
}

}  // namespace m86
