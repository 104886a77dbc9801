#include "protected_mode_entry.h"

#include <iterator>

namespace m86::hostile {
namespace {

// Control-register bits (SDM Vol. 3A, 2.5).
constexpr uint32_t kCr0Pe = 1u << 0, kCr0Pg = 1u << 31;
constexpr uint32_t kCr0Extra[] = {1u << 1, 1u << 2, 1u << 3, 1u << 5, 1u << 16, 1u << 18};  // MP EM TS NE WP AM
constexpr uint32_t kCr4Bits[] = {1u << 0, 1u << 1, 1u << 2, 1u << 3, 1u << 4, 1u << 5,
                                 1u << 7, 1u << 8, 1u << 9};  // VME PVI TSD DE PSE PAE PGE PCE OSFXSR
// EFLAGS bits worth setting at random: TF, IF, IOPL, NT, AC (and DF, the arithmetic flags).
constexpr uint32_t kEflagsRandomMask = 0x00047FD5;

uint32_t RandomBits(Rng& rng, const uint32_t* bits, size_t n, uint32_t percent) {
  uint32_t v = 0;
  for (size_t i = 0; i < n; ++i)
    if (rng.Percent(percent)) v |= bits[i];
  return v;
}

uint32_t RandomEflags(Rng& rng) { return (rng.U32() & kEflagsRandomMask) | 0x2; }

}  // namespace

void EmitProtectedModeEntry(Rng& rng, const EntryPlan& plan, const TableTargets& t, Emitter* e) {
  // GDTR and IDTR images, jumped over.
  const uint32_t data = e->here() + 2;
  e->JumpTo(data + 12);
  e->Word(plan.gdt_limit);
  e->Dword(plan.gdt_base);
  e->Word(plan.idt_limit);
  e->Dword(plan.idt_base);
  const uint16_t disp = static_cast<uint16_t>(data - uint32_t{plan.real_cs} * 16);
  e->LoadTableRegister(false, disp);
  e->LoadTableRegister(true, static_cast<uint16_t>(disp + 6));
  if (rng.Percent(40)) {
    e->MovImm32(kAx, RandomBits(rng, kCr4Bits, std::size(kCr4Bits), 30));
    e->MovCrFromEax(4);
  }
  if (plan.page_dir) {
    e->MovImm32(kAx, plan.page_dir | (rng.Percent(20) ? (rng.U32() & 0x18) : 0));
    e->MovCrFromEax(3);
  }
  if (rng.Percent(30)) e->PushImm32PopFlags(RandomEflags(rng));
  e->MovEaxFromCr(0);
  uint32_t cr0 = (rng.Percent(97) ? kCr0Pe : 0) | (plan.page_dir ? kCr0Pg : 0);
  cr0 |= RandomBits(rng, kCr0Extra, std::size(kCr0Extra), 20);
  e->OrEaxImm32(cr0);
  e->MovCrFromEax(0);
  if (rng.Percent(85))
    e->FarJump(kFlatCode, plan.stage2, true);
  else
    e->FarJump(RandomSelector(rng, t), t.code_lo + rng.Below(t.code_hi - t.code_lo), rng.Percent(70));
}

void EmitStage2(Rng& rng, const TableTargets& t, Emitter* e) {
  for (Sreg s : {kDs, kEs, kFs, kGs, kSs}) {
    if (rng.Percent(10)) continue;
    e->MovImm16(kAx, rng.Percent(75) ? kFlatData : RandomSelector(rng, t));
    e->MovSregFromAx(s);
  }
  e->MovImm32(kSp, rng.Percent(80) ? 0x9000 + rng.Below(0x6000) * 4 : rng.U32());
  if (rng.Percent(50)) {
    e->MovImm16(kAx, rng.Percent(80) ? kTssSelector : RandomSelector(rng, t));
    e->Ltr(kAx);
  }
  if (rng.Percent(20)) e->PushImm32PopFlags(RandomEflags(rng));
  if (rng.Percent(30)) e->Byte(0xFB);  // STI
  if (rng.Percent(80))
    e->JumpTo(t.code_lo + rng.Below(t.code_hi - t.code_lo));
  else
    e->FarJump(RandomSelector(rng, t), t.code_lo + rng.Below(t.code_hi - t.code_lo), true);
}

}  // namespace m86::hostile
