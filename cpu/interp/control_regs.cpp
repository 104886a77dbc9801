// Control and debug registers: MOV to/from CR0/CR2/CR3/CR4/CR8 and DR0-DR7, LMSW/SMSW, CLTS,
// INVLPG, INVD/WBINVD (SDM Vol. 2A-2B, the instructions of the same names; Vol. 3A, 2.5 for
// the register bits, 4.10.4 for TLB invalidation, 17.2 for the debug registers), and the
// activation of IA-32e mode by CR0.PG with EFER.LME (Vol. 3A, 10.8.5).
#include "cpu/debug.h"
#include "cpu/interp/operands.h"
#include "cpu/interp/system.h"

namespace m86 {
namespace {

// The CR0 bits each generation implements (SDM Vol. 3A, 2.5; Vol. 3B, chapter 22 for the
// differences). The 80386 has PE MP EM TS ET PG; the 80486 adds NE WP AM NW CD and hardwires
// ET to 1. Writes to the other bits are ignored.
constexpr uint32_t kCr0Bits386 = cr0::kPe | cr0::kMp | cr0::kEm | cr0::kTs | cr0::kEt | cr0::kPg;
constexpr uint32_t kCr0Bits486 = cr0::kPe | cr0::kMp | cr0::kEm | cr0::kTs | cr0::kNe |
                                 cr0::kWp | cr0::kAm | cr0::kNw | cr0::kCd | cr0::kPg;

// With PAE paging, MOV to CR0/CR3/CR4 loads the four PDPTEs; a present one with reserved bits
// set (1-2, 5-8, and 63:MAXPHYADDR) makes the MOV fault with #GP(0) (SDM Vol. 3A, 4.4.1,
// Table 4-8).
bool PdptesValid(Cpu& c, uint32_t cr3) {
  const PhysAddr mask = c.physical_mask();
  const uint64_t high_reserved = ~uint64_t{0} << PhysicalAddressBits(c.model());
  for (uint32_t i = 0; i < 4; ++i) {
    const PhysAddr addr = (cr3 & ~0x1Fu) + i * 8;
    const uint64_t e = c.memory().Read(addr & mask, 4) |
                       (uint64_t{c.memory().Read((addr + 4) & mask, 4)} << 32);
    if ((e & 1) && (e & (0x1E6u | high_reserved))) return false;
  }
  return true;
}

// PAE paging with the four PDPTE registers: CR0.PG and CR4.PAE outside IA-32e mode. With
// EFER.LME the same bits select 4-level paging, which has no PDPTE registers (SDM Vol. 3A, 4.1.1).
bool PdptePaging(const Cpu& c, uint64_t cr0_value, uint64_t cr4_value) {
  return (cr0_value & cr0::kPg) && (cr4_value & cr4::kPae) && !(c.s.efer & efer::kLme);
}

void WriteCr3(Cpu& c, uint64_t value) {
  if (LongModeActive(c.s)) {
    // IA-32e mode: the PML4 address may not reach beyond MAXPHYADDR (SDM Vol. 2A, MOV CR).
    if (value >> PhysicalAddressBits(c.model())) c.Fault(kVecGp, 0);
  } else if (PdptePaging(c, c.s.cr0, c.s.cr4) && !PdptesValid(c, static_cast<uint32_t>(value))) {
    c.Fault(kVecGp, 0);
  }
  c.s.cr3 = value;
  // Global pages survive a CR3 load while CR4.PGE is set (SDM Vol. 3A, 4.10.4.1).
  c.FlushTlb((c.s.cr4 & cr4::kPge) != 0);
}

void WriteCr4(Cpu& c, uint64_t value) {
  if (value & ~uint64_t{c.model().cr4_mask}) c.Fault(kVecGp, 0);  // reserved or absent bits
  // IA-32e mode needs PAE: clearing it while LMA is set is #GP(0) (SDM Vol. 2A, MOV CR).
  if (LongModeActive(c.s) && !(value & cr4::kPae)) c.Fault(kVecGp, 0);
  const uint64_t changed = c.s.cr4 ^ value;
  constexpr uint32_t kPagingBits = cr4::kPse | cr4::kPae | cr4::kPge;
  if ((changed & kPagingBits) && PdptePaging(c, c.s.cr0, value) &&
      !PdptesValid(c, static_cast<uint32_t>(c.s.cr3)))
    c.Fault(kVecGp, 0);
  c.s.cr4 = value;
  if (changed & kPagingBits) c.FlushTlb();
  if (changed & cr4::kDe) c.OnDebugRegistersChanged();
  c.OnModeChange();
}

// DR4 and DR5 alias DR6 and DR7 unless CR4.DE makes them #UD (SDM Vol. 3A, 17.2.2).
int DebugRegister(Cpu& c, int n) {
  if (n != 4 && n != 5) return n;
  if (c.s.cr4 & cr4::kDe) c.Fault(kVecUd);
  return n + 2;
}

// DR7.GD: any debug-register access faults with #DB and DR6.BD; the processor clears GD so the
// handler can use the registers (SDM Vol. 3A, 17.2.4).
void CheckGeneralDetect(Cpu& c) {
  if (!(c.s.dr[7] & dr7::kGd)) return;
  c.s.dr[6] |= dr6::kBd;
  c.s.dr[7] &= ~dr7::kGd;
  c.Fault(kVecDb);
}

// The control registers MOV reaches: CR0, CR2, CR3, CR4 where the model has it, and CR8 (the
// task-priority register, REX.R) in 64-bit mode. The others are #UD.
uint64_t CpuState::* ControlRegister(Cpu& c, int n) {
  switch (n) {
    case 0: return &CpuState::cr0;
    case 2: return &CpuState::cr2;
    case 3: return &CpuState::cr3;
    case 4: if (c.model().cr4_mask != 0) return &CpuState::cr4; break;
    case 8: if (Code64(c.s)) return &CpuState::cr8; break;
    default: break;
  }
  c.Fault(kVecUd);
}

// The local APIC that holds CR8 as its TPR[7:4] (SDM Vol. 3A, 11.8.6.1), or null where the
// board has none and CR8 is the CPU's own register.
InterruptController* Cr8Apic(const Cpu& c) {
  InterruptController* apic = c.interrupt_controller();
  return apic && apic->HasTaskPriority() ? apic : nullptr;
}

// MOV r, CRn. The operand has 64 bits in 64-bit mode and 32 bits elsewhere, whatever the
// operand-size prefixes say (SDM Vol. 2A, MOV Control Registers).
void MovFromCr(Cpu& c, const DecodedInsn& d) {
  uint64_t value = c.s.*ControlRegister(c, d.reg());
  RequireCpl0(c);
  if (d.reg() == 8)
    if (InterruptController* apic = Cr8Apic(c)) value = apic->TaskPriority() >> 4;
  c.s.gpr[d.rm()] = Code64(c.s) ? value : static_cast<uint32_t>(value);
}

void MovToCr(Cpu& c, const DecodedInsn& d) {
  const int n = d.reg();
  ControlRegister(c, n);
  RequireCpl0(c);
  const uint64_t value = Code64(c.s) ? c.s.gpr[d.rm()] : Reg32(c.s, d.rm());
  // Bits 63:32 of CR0 and CR4 and 63:4 of CR8 are reserved (SDM Vol. 3A, 2.5).
  if ((n == 0 || n == 4) && (value >> 32)) c.Fault(kVecGp, 0);
  switch (n) {
    case 0: WriteCr0(c, static_cast<uint32_t>(value)); break;
    case 2: c.s.cr2 = value; break;
    case 3: WriteCr3(c, value); break;
    case 4: WriteCr4(c, value); break;
    default:
      if (value >> 4) c.Fault(kVecGp, 0);
      // CR8[3:0] is TPR[7:4], and TPR[3:0] becomes 0 (SDM Vol. 3A, 11.8.6.1).
      if (InterruptController* apic = Cr8Apic(c))
        apic->SetTaskPriority(static_cast<uint8_t>(value << 4));
      else
        c.s.cr8 = value;
      break;
  }
}

// MOV r, DRn: a 32-bit value, zero-extended into the 64-bit register in 64-bit mode.
void MovFromDr(Cpu& c, const DecodedInsn& d) {
  RequireCpl0(c);
  const int n = DebugRegister(c, d.reg());
  CheckGeneralDetect(c);
  c.s.gpr[d.rm()] = c.s.dr[n];
}

void MovToDr(Cpu& c, const DecodedInsn& d) {
  RequireCpl0(c);
  const int n = DebugRegister(c, d.reg());
  CheckGeneralDetect(c);
  const uint64_t wide = Code64(c.s) ? c.s.gpr[d.rm()] : Reg32(c.s, d.rm());
  // In 64-bit mode DR6 and DR7 take 64-bit operands whose upper half is reserved (SDM Vol. 2A,
  // MOV Debug Registers). DR0-DR3 hold 32-bit addresses here.
  if (wide >> 32) {
    if (n >= 6) c.Fault(kVecGp, 0);
    c.LogUnimplemented("breakpoint address above 4 GiB (MOV DR0-DR3)");
  }
  const uint32_t value = static_cast<uint32_t>(wide);
  if (n == 6) {
    c.s.dr[6] = (value & dr6::kWritable) | dr6::kFixedOnes;
    return;
  }
  c.s.dr[n] = n == 7 ? (value & dr7::kWritable) | dr7::kFixedOnes : value;
  c.OnDebugRegistersChanged();
}

// LMSW loads CR0 bits 0-3 (PE MP EM TS); it can set PE but never clear it.
void Lmsw(Cpu& c, const DecodedInsn& d) {
  RequireCpl0(c);
  const uint16_t msw = ReadRm<uint16_t>(c, d);
  const uint32_t low = (msw & 0xFu) | (c.s.cr0 & cr0::kPe);
  WriteCr0(c, (c.s.cr0 & ~0xFu) | low);
}

// SMSW: CR0's low 16 bits to memory; a 32-bit register destination gets all of CR0 (the
// P6 behaviour; the SDM leaves the upper half undefined for earlier processors). Not privileged.
template <typename T> void Smsw(Cpu& c, const DecodedInsn& d) {
  if (d.mem())
    c.Write<uint16_t>(d.seg, EffectiveAddress(c, d), static_cast<uint16_t>(c.s.cr0));
  else
    SetReg<T>(c, d.rm(), static_cast<T>(c.s.cr0));
}

void Clts(Cpu& c, const DecodedInsn&) {
  RequireCpl0(c);
  c.s.cr0 &= ~cr0::kTs;
}

// INVLPG m: the TLB entry for the operand's linear address; no segment checks apply.
void Invlpg(Cpu& c, const DecodedInsn& d) {
  RequireCpl0(c);
  c.InvalidatePage(c.LinearPlus(SegmentBaseInEffect(c, d.seg), EffectiveAddress(c, d)));
}

// INVD/WBINVD: there are no caches to write back or discard.
void InvalidateCaches(Cpu& c, const DecodedInsn&) { RequireCpl0(c); }

}  // namespace

void WriteCr0(Cpu& c, uint32_t value) {
  const CpuModel& m = c.model();
  const uint32_t old = c.s.cr0;
  uint32_t v;
  if (m.gen == kGen286)
    v = (old & ~0xFu) | (value & 0xFu);  // the machine status word: PE MP EM TS
  else if (m.gen == kGen386)
    v = value & kCr0Bits386;
  else
    v = (value & kCr0Bits486) | cr0::kEt;
  // Invalid combinations (SDM Vol. 2A, MOV to CR0): PG without PE, NW without CD.
  if ((v & cr0::kPg) && !(v & cr0::kPe)) c.Fault(kVecGp, 0);
  if ((v & cr0::kNw) && !(v & cr0::kCd)) c.Fault(kVecGp, 0);
  const bool paging_on = (v & cr0::kPg) && !(old & cr0::kPg);
  const bool paging_off = !(v & cr0::kPg) && (old & cr0::kPg);
  // IA-32e mode (SDM Vol. 3A, 10.8.5 and Vol. 2A, MOV CR): enabling paging with EFER.LME
  // activates it, and needs CR4.PAE and a CS without L; 64-bit code cannot turn paging off,
  // only compatibility-mode code can, which leaves IA-32e mode.
  const bool activate = paging_on && (c.s.efer & efer::kLme);
  if (activate && (!(c.s.cr4 & cr4::kPae) || (c.s.seg[kCs].attr & seg_attr::kLong)))
    c.Fault(kVecGp, 0);
  if (paging_off && Code64(c.s)) c.Fault(kVecGp, 0);
  if (paging_on && PdptePaging(c, v, c.s.cr4) && !PdptesValid(c, static_cast<uint32_t>(c.s.cr3)))
    c.Fault(kVecGp, 0);
  c.s.cr0 = v;
  if (activate) c.s.efer |= efer::kLma;
  if (paging_off) c.s.efer &= ~efer::kLma;
  const uint32_t changed = old ^ v;
  // Segment access checks depend on whether protected mode is on (segments.cpp).
  if (changed & cr0::kPe)
    for (Segment& sg : c.s.seg) RefreshSegmentChecks(c, sg);
  if (changed & (cr0::kPe | cr0::kPg | cr0::kWp)) c.FlushTlb();
  c.OnModeChange();
}

void RegisterControlRegisterHandlers(HandlerTable& t) {
  t.Set(Op::MOV_RdCd, &MovFromCr);
  t.Set(Op::MOV_CdRd, &MovToCr);
  t.Set(Op::MOV_RdDd, &MovFromDr);
  t.Set(Op::MOV_DdRd, &MovToDr);
  t.Set(Op::LMSW, &Lmsw);
  M86_SET_SIZED(t, SMSW, Smsw);
  t.Set(Op::CLTS, &Clts);
  t.Set(Op::INVLPG, &Invlpg);
  t.Set(Op::INVD, &InvalidateCaches);
  t.Set(Op::WBINVD, &InvalidateCaches);
}

}  // namespace m86
