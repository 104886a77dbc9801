// CLC STC CMC CLD STD CLI STI, PUSHF/POPF, LAHF/SAHF (SDM Vol. 2, the same names; the
// IOPL-sensitivity rules of Vol. 3A, 20.2.7 for V86 mode).
#include "cpu/interp/flag_rules.h"
#include "cpu/interp/handlers.h"
#include "cpu/interp/operands.h"
#include "cpu/segments.h"

namespace m86 {
namespace {

uint32_t Iopl(const Cpu& c) { return (c.s.eflags & flag::kIopl) >> 12; }

void Clc(Cpu& c, const DecodedInsn&) { c.SetFlags(0, flag::kCf); }
void Stc(Cpu& c, const DecodedInsn&) { c.SetFlags(flag::kCf, flag::kCf); }
void Cmc(Cpu& c, const DecodedInsn&) { c.SetFlags(c.GetFlags() ^ flag::kCf, flag::kCf); }
void Cld(Cpu& c, const DecodedInsn&) { c.s.eflags &= ~flag::kDf; }
void Std(Cpu& c, const DecodedInsn&) { c.s.eflags |= flag::kDf; }

// CLI/STI: allowed when CPL <= IOPL in protected mode, IOPL == 3 in V86 mode.
bool MaySetIf(const Cpu& c) {
  if (!(c.s.cr0 & cr0::kPe)) return true;
  if (c.s.eflags & flag::kVm) return Iopl(c) == 3;
  return c.s.cpl <= Iopl(c);
}
void Cli(Cpu& c, const DecodedInsn&) {
  if (!MaySetIf(c)) c.Fault(kVecGp, 0);
  c.s.eflags &= ~flag::kIf;
}
// STI holds interrupts off until after the next instruction (SDM Vol. 2B, STI).
void Sti(Cpu& c, const DecodedInsn&) {
  if (!MaySetIf(c)) c.Fault(kVecGp, 0);
  if (!(c.s.eflags & flag::kIf)) c.InhibitInterruptsForOneInstruction();
  c.s.eflags |= flag::kIf;
  c.OnModeChange();
}

// PUSHF: the image has VM and RF clear (SDM Vol. 2B, PUSHF); V86 needs IOPL 3. PUSHFQ pushes
// RFLAGS zero-extended, POPFQ ignores the reserved upper half (64-bit mode never has VM set).
template <typename T> void Pushf(Cpu& c, const DecodedInsn&) {
  if ((c.s.eflags & flag::kVm) && Iopl(c) < 3) c.Fault(kVecGp, 0);
  Push<T>(c, static_cast<T>(c.GetFlags() & ~(flag::kVm | flag::kRf)));
}

template <typename T> void Popf(Cpu& c, const DecodedInsn&) {
  if ((c.s.eflags & flag::kVm) && Iopl(c) < 3) c.Fault(kVecGp, 0);
  const T v = PeekStack<T>(c, 0);
  uint32_t mask = PopfWritableMask(c);
  if constexpr (sizeof(T) == 2) mask &= 0xFFFF;
  Pop<T>(c);
  c.SetFlags(v, mask);
  c.OnModeChange();
}

// In 64-bit mode LAHF and SAHF exist only where CPUID.80000001H:ECX.LAHF-SAHF[bit 0] says so
// (SDM Vol. 2A, LAHF: #UD otherwise).
void CheckLahfSahf64(Cpu& c) {
  if (!c.InCode64()) return;
  const CpuidLeaf* row = FindCpuidLeaf(c.model(), 0x80000001u, 0);
  if (!row || !(row->ecx & 1)) c.Fault(kVecUd);
}

// SAHF/LAHF move SF ZF AF PF CF to and from AH (bits 7, 6, 4, 2, 0); AH even with a REX prefix.
void Sahf(Cpu& c, const DecodedInsn&) {
  CheckLahfSahf64(c);
  c.SetFlags((c.s.gpr[kEax] >> 8) & 0xFF, flag::kSf | flag::kZf | flag::kAf | flag::kPf | flag::kCf);
}
void Lahf(Cpu& c, const DecodedInsn&) {
  CheckLahfSahf64(c);
  SetReg<uint8_t>(c, 4, static_cast<uint8_t>(c.GetFlags()));
}

}  // namespace

uint32_t PopfWritableMask(const Cpu& c) {
  const CpuModel& m = c.model();
  uint32_t mask = flag::kCf | flag::kPf | flag::kAf | flag::kZf | flag::kSf | flag::kTf |
                  flag::kIf | flag::kDf | flag::kOf;
  // IOPL and NT exist from the 80286 on, but its real mode cannot set them (NOTES, 286).
  if (m.gen >= kGen386 || (m.gen == kGen286 && (c.s.cr0 & cr0::kPe))) mask |= flag::kIopl | flag::kNt;
  if (m.gen >= kGen486) mask |= flag::kAc;
  if (m.has_cpuid) mask |= flag::kId;
  if (c.s.cr0 & cr0::kPe) {
    // Protected mode: IOPL only at CPL 0, IF only when CPL <= IOPL; V86: IOPL never.
    if (c.s.eflags & flag::kVm) mask &= ~flag::kIopl;
    else if (c.s.cpl > 0) mask &= ~flag::kIopl;
    if (!(c.s.eflags & flag::kVm) && c.s.cpl > Iopl(c)) mask &= ~flag::kIf;
  }
  return mask;
}

void RegisterFlagHandlers(HandlerTable& t) {
  t.Set(Op::CLC, &Clc);
  t.Set(Op::STC, &Stc);
  t.Set(Op::CMC, &Cmc);
  t.Set(Op::CLD, &Cld);
  t.Set(Op::STD, &Std);
  t.Set(Op::CLI, &Cli);
  t.Set(Op::STI, &Sti);
  M86_SET_SIZED64(t, PUSHF, Pushf);
  M86_SET_SIZED64(t, POPF, Popf);
  t.Set(Op::SAHF, &Sahf);
  t.Set(Op::LAHF, &Lahf);
}

}  // namespace m86
