// Control and debug registers: MOV to/from CR0/CR2/CR3/CR4 and DR0-DR7, LMSW/SMSW, CLTS,
// INVLPG, INVD/WBINVD (SDM Vol. 2A-2B, the instructions of the same names; Vol. 3A, 2.5 for
// the register bits, 4.10.4 for TLB invalidation, 17.2 for the debug registers).
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
// set (1-2, 5-8, and 36-63 for a 36-bit physical address) makes the MOV fault with #GP(0)
// (SDM Vol. 3A, 4.4.1).
bool PdptesValid(Cpu& c, uint32_t cr3) {
  const uint32_t mask = c.model().address_mask & (c.a20() ? ~0u : ~(1u << 20));
  for (uint32_t i = 0; i < 4; ++i) {
    const uint32_t addr = (cr3 & ~0x1Fu) + i * 8;
    const uint32_t lo = c.memory().Read(addr & mask, 4);
    const uint32_t hi = c.memory().Read((addr + 4) & mask, 4);
    if ((lo & 1) && ((lo & 0x1E6u) || (hi & 0xFFFFFFF0u))) return false;
  }
  return true;
}

bool PaePaging(uint32_t cr0_value, uint32_t cr4_value) {
  return (cr0_value & cr0::kPg) && (cr4_value & cr4::kPae);
}

void WriteCr3(Cpu& c, uint32_t value) {
  if (PaePaging(c.s.cr0, c.s.cr4) && !PdptesValid(c, value)) c.Fault(kVecGp, 0);
  c.s.cr3 = value;
  // Global pages survive a CR3 load while CR4.PGE is set (SDM Vol. 3A, 4.10.4.1).
  c.FlushTlb((c.s.cr4 & cr4::kPge) != 0);
}

void WriteCr4(Cpu& c, uint32_t value) {
  if (value & ~c.model().cr4_mask) c.Fault(kVecGp, 0);  // reserved or absent bits
  const uint32_t changed = c.s.cr4 ^ value;
  constexpr uint32_t kPagingBits = cr4::kPse | cr4::kPae | cr4::kPge;
  if ((changed & kPagingBits) && PaePaging(c.s.cr0, value) && !PdptesValid(c, c.s.cr3))
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

// MOV r32, CRn. Operands are always 32 bits; CR1, CR5-CR7 and a CR4 the model lacks are #UD.
void MovFromCr(Cpu& c, const DecodedInsn& d) {
  const int n = d.reg();
  if (n == 1 || n > 4 || (n == 4 && c.model().cr4_mask == 0)) c.Fault(kVecUd);
  RequireCpl0(c);
  static constexpr uint64_t CpuState::*kRegs[5] = {&CpuState::cr0, nullptr, &CpuState::cr2,
                                                   &CpuState::cr3, &CpuState::cr4};
  SetReg<uint32_t>(c, d.rm(), static_cast<uint32_t>(c.s.*kRegs[n]));
}

void MovToCr(Cpu& c, const DecodedInsn& d) {
  const int n = d.reg();
  if (n == 1 || n > 4 || (n == 4 && c.model().cr4_mask == 0)) c.Fault(kVecUd);
  RequireCpl0(c);
  const uint32_t value = c.s.gpr[d.rm()];
  switch (n) {
    case 0: WriteCr0(c, value); break;
    case 2: c.s.cr2 = value; break;
    case 3: WriteCr3(c, value); break;
    default: WriteCr4(c, value); break;
  }
}

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
  const uint32_t value = c.s.gpr[d.rm()];
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
  c.InvalidatePage(WrapLinear(c.s.seg[d.seg].base + EffectiveAddress(c, d)));
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
  if (PaePaging(v, c.s.cr4) && !(old & cr0::kPg) && !PdptesValid(c, c.s.cr3))
    c.Fault(kVecGp, 0);
  c.s.cr0 = v;
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
