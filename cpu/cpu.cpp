#include "cpu/cpu.h"

#include <algorithm>
#include <cstdio>

#include "cpu/flags.h"
#include "cpu/interp/handlers.h"
#include "cpu/segments.h"

namespace m86 {
namespace {

// Exception classes for the double-fault rules (SDM Vol. 3A, Table 6-4 and 6-5).
bool IsContributory(uint8_t v) { return v == kVecDe || (v >= kVecTs && v <= kVecGp); }

}  // namespace

Cpu::Cpu(const CpuModel& model, PhysicalMemory& mem, PortIo& io)
    : model_(model),
      mem_(mem),
      io_(io),
      phys_addr_bits_(PhysicalAddressBits(model)),
      page_1gb_((ExtendedFeatures(model) & cpuid_ext_edx::kPage1Gb) != 0),
      // Models with PAE drive MAXPHYADDR address lines; the others their bus (20, 24 or 32).
      phys_width_mask_(phys_addr_bits_ > 32 ? (PhysAddr{1} << phys_addr_bits_) - 1
                                            : PhysAddr{model.address_mask}) {
  mem_.set_code_observer(this);
  blocks_.set_on_remove([this](const Block* b) { OnBlockRemoved(b); });
  std::fill_n(jump_global_lin_.get(), kJumpCacheSize, kNoGlobalEntry);
  Reset();
}

Cpu::~Cpu() { mem_.set_code_observer(nullptr); }

void Cpu::Reset() {
  s = CpuState{};
  // SDM Vol. 3A, 9.1.1, Table 9-1. The 8086 starts at FFFF:0000, the 80286 at F000:FFF0 with
  // base FF0000, the 80386 and later at F000:FFF0 with base FFFF0000.
  for (int i = 0; i < 6; ++i) LoadSegmentRealMode(*this, static_cast<SegReg>(i), 0);
  for (Segment& sg : s.seg) sg.limit = 0xFFFF, sg.attr = 0x93;
  if (model_.gen == kGen8086) {
    LoadSegmentRealMode(*this, kCs, 0xFFFF);
    s.rip = 0;
  } else {
    s.seg[kCs].selector = 0xF000;
    s.seg[kCs].base = 0xFFFF0000u & model_.address_mask;
    s.rip = 0xFFF0;
  }
  s.seg[kCs].attr = 0x9B;
  for (Segment& sg : s.seg) RefreshSegmentChecks(*this, sg);
  s.eflags = 0x2 | model_.flags_always_one;
  s.lazy.op = LazyOp::kNone;
  s.gdtr = s.idtr = TableRegister{0, 0xFFFF};
  s.ldtr = Segment{};
  s.ldtr.limit = 0xFFFF;
  s.tr = s.ldtr;
  if (model_.gen >= kGen386) s.gpr[kEdx] = model_.cpuid_signature ? model_.cpuid_signature : 0x0303;
  // CR0.ET reports the coprocessor type on the 80386 (an 80387: 1, none: 0) and is 1 from the
  // 80486 on (SDM Vol. 3A, 2.5 and 9.1.1).
  s.cr0 = model_.gen >= kGen486 ? 0x60000010u
                                : (model_.gen == kGen386 ? (model_.has_fpu ? 0x10u : 0u) : 0u);
  // x87 power-on state: the Pentium and P6 values of Table 9-1; the 80387 and 80486 are taken
  // to leave RESET in the FNINIT state (cpu/fpu/x87_state.h).
  ResetX87(s.fpu, model_.gen <= kGen486);
  if (model_.gen == kGen286) s.cr0 = 0xFFF0;  // MSW: the 80286's reserved bits read as 1
  s.dr[6] = 0xFFFF0FF0u;
  s.dr[7] = 0x400;
  s.apic_base = 0xFEE00900u;
  s.msr.misc_enable = misc_enable::kFastStrings;
  // The time-stamp counter restarts at 0 (SDM Vol. 3B, 17.17).
  s.tsc = 0 - TimeStampBase();
  bp_ = Breakpoints{};
  single_insn_key_ = 0;
  nmi_pending_ = nmi_blocked_ = stop_requested_ = triple_fault_ = false;
  delivery_depth_ = 0;
  irq_inhibit_until_ = 0;
  ClearTlb();
  blocks_.Clear();
  mem_.ClearAllCode();
  RecomputeAttention();
}

void Cpu::LogUnimplemented(const std::string& what) {
  for (const std::string& w : logged_)
    if (w == what) return;
  logged_.push_back(what);
  std::fprintf(stderr, "morph86: unimplemented: %s (at %04X:%08X)\n", what.c_str(),
               s.seg[kCs].selector, static_cast<uint32_t>(insn_eip_));
}

uint32_t Cpu::GetFlags() {
  if (s.lazy.op != LazyOp::kNone) {
    s.eflags = (s.eflags & ~flag::kArith) | ComputeArithFlags(s.lazy, s.eflags);
    s.lazy.op = LazyOp::kNone;
  }
  return s.eflags;
}

void Cpu::SetFlags(uint32_t value, uint32_t mask) {
  GetFlags();
  s.eflags = ((s.eflags & ~mask) | (value & mask) | 0x2 | model_.flags_always_one);
  RecomputeAttention();
}

void Cpu::SetIntr(bool level) {
  intr_line_ = level;
  RecomputeAttention();
}

void Cpu::RaiseNmi() {
  nmi_pending_ = true;
  RecomputeAttention();
}

void Cpu::RecomputeAttention() {
  const uint32_t key = ModeKey();
  const bool code64_changed = ((key ^ mode_key_) & kCode64Key) != 0;
  mode_key_ = key;
  if (M86_UNLIKELY(code64_changed))
    for (Segment& seg : s.seg) RefreshSegmentChecks(*this, seg);
  // EFLAGS.RF and enabled instruction breakpoints need the per-instruction check of the
  // attention path; pending data-breakpoint hits need a #DB (debug.cpp).
  attention_ = stop_requested_ || triple_fault_ || nmi_pending_ || intr_line_ || s.halted ||
               (s.eflags & (flag::kTf | flag::kRf)) != 0 || bp_.insn_mask || bp_.hits ||
               one_pass_;
}

void Cpu::OnModeChange() {
  end_block_ = true;
  RecomputeAttention();
}

uint32_t Cpu::ModeKey() const {
  return ((s.seg[kCs].attr & seg_attr::kBig) ? 1u : 0u) |
         ((s.seg[kSs].attr & seg_attr::kBig) ? 2u : 0u) | ((s.cr0 & cr0::kPe) ? 4u : 0u) |
         ((s.eflags & flag::kVm) ? 8u : 0u) | (uint32_t{s.cpl} << 4) |
         ((s.cr0 & cr0::kPg) ? 64u : 0u) | (a20() ? 128u : 0u) |
         ((s.eflags & flag::kTf) ? kSingleInsnKey : 0u) | single_insn_key_ |
         (LongModeActive(s) ? kLongModeKey : 0u) | (Code64(s) ? kCode64Key : 0u);
}

void Cpu::OnCodeWrite(PhysAddr addr, uint32_t len) {
  if (blocks_.InvalidateRange(addr, len) > 0) end_block_ = true;
  const uint64_t page = addr >> kPageShift;
  if (!blocks_.BlocksOnPage(page)) mem_.ClearCodePage(page);
}

void Cpu::OnMapChange(PhysAddr addr, uint32_t len) {
  const PhysAddr end = addr + len;
  for (uint64_t page = addr >> kPageShift; (page << kPageShift) < end; ++page) {
    if (blocks_.InvalidateRange(page << kPageShift, kPageSize) > 0) end_block_ = true;
    if (!blocks_.BlocksOnPage(page)) mem_.ClearCodePage(page);
  }
  // Linear-to-physical mappings are not tracked per physical page, so every entry goes; map
  // changes are rare (firmware setting PAM, an OS placing BARs).
  FlushTlb();
  end_block_ = true;
}

[[noreturn]] void Cpu::Fault(uint8_t vector, uint32_t error_code) {
  pending_vector_ = vector;
  pending_error_ = error_code;
  std::longjmp(fault_jmp_, 1);
}

void Cpu::SoftwareInterrupt(uint8_t vector) {
  end_block_ = true;
  DeliverEvent(vector, false, 0, true);
  // Unwind to the dispatcher like a fault would, minus the EIP rollback: the rest of the block
  // must not run with the handler's CS:EIP.
  pending_vector_ = 0xFF;
  std::longjmp(fault_jmp_, 2);
}

void Cpu::HandleFaultUnwind() {
  end_block_ = false;
  bp_.hits = 0;  // a faulting instruction does not complete: no data-breakpoint trap
  uint8_t v = pending_vector_;
  uint32_t error = pending_error_;
  // An 8086 divide error is reported after the divide (NOTES: the vectors pin this down).
  if (!(v == kVecDe && model_.divide_error_is_trap)) s.rip = insn_eip_;
  // The 80286 in real mode has no stack fault: a stack-segment overrun is interrupt 13 too.
  if (v == kVecSs && model_.real_mode_overrun_is_gp && !(s.cr0 & cr0::kPe)) v = kVecGp;
  if (delivery_depth_ > 0) {
    // A fault while delivering another event (SDM Vol. 3A, Table 6-5).
    if (delivering_vector_ == kVecDf || delivery_depth_ > 2) {
      delivery_depth_ = 0;
      triple_fault_ = true;
      RecomputeAttention();
      return;
    }
    const uint8_t first = delivering_vector_;
    if ((IsContributory(first) && IsContributory(v)) ||
        (first == kVecPf && (IsContributory(v) || v == kVecPf))) {
      v = kVecDf;
      error = 0;
    }
  }
  const bool has_error = v == kVecDf || (v >= kVecTs && v <= kVecPf) || v == kVecAc;
  // Fault-class exceptions push EFLAGS with RF set, so the handler's IRET re-executes the
  // instruction without re-triggering an instruction breakpoint (SDM Vol. 3A, 17.3.1.1). The
  // delivery itself clears RF in the live register. #DB faults and #DF are excluded.
  if (model_.gen >= kGen386 && (s.cr0 & cr0::kPe) && v != kVecDb && v != kVecDf)
    s.eflags |= flag::kRf;
  DeliverEvent(v, has_error, error, false);
}

void Cpu::DeliverEvent(uint8_t vector, bool has_error, uint32_t error_code, bool software) {
  if (intercept_event && intercept_event(vector, has_error ? error_code : 0, software)) {
    delivery_depth_ = 0;
    RequestStop();
    return;
  }
  ++unretired_work_;
  ++delivery_depth_;
  delivering_vector_ = vector;
  DeliverInterrupt(vector, has_error, error_code, software);
  delivery_depth_ = 0;
}

bool Cpu::HandleAttention(StopReason* reason) {
  if (stop_requested_) {
    stop_requested_ = false;
    RecomputeAttention();
    *reason = StopReason::kStopRequested;
    return true;
  }
  if (triple_fault_) {
    triple_fault_ = false;
    RecomputeAttention();
    if (on_triple_fault) on_triple_fault();
    *reason = StopReason::kTripleFault;
    return true;
  }
  if (M86_UNLIKELY(bp_.hits)) {
    // Data-breakpoint traps of the last instruction come before NMI and INTR (SDM Vol. 3A,
    // Table 6-2); an interrupt still pending is taken at the next boundary.
    DeliverDebugTrap(0);
    return false;
  }
  const bool irq_allowed = retired_ >= irq_inhibit_until_;
  if (nmi_pending_ && !nmi_blocked_ && irq_allowed) {
    nmi_pending_ = false;
    nmi_blocked_ = true;
    s.halted = false;
    insn_eip_ = s.rip;
    DeliverEvent(kVecNmi, false, 0, false);
  } else if (intr_line_ && (s.eflags & flag::kIf) && irq_allowed && pic_) {
    s.halted = false;
    insn_eip_ = s.rip;
    DeliverEvent(pic_->Acknowledge(), false, 0, false);
  }
  RecomputeAttention();
  if (s.halted) {
    const bool can_wake = (s.eflags & flag::kIf) || nmi_pending_;
    *reason = can_wake ? StopReason::kHalted : StopReason::kHaltedNoIntr;
    return true;
  }
  return false;
}

}  // namespace m86
