// Real-mode code that takes a hostile guest into protected mode the way an operating system
// would, with random tables and control-register bits: LGDT, LIDT, maybe CR4 and CR3, random
// EFLAGS, CR0.PE (and maybe PG), a far jump; then 32-bit code that loads random selectors into
// the segment registers, maybe LTR and STI, and jumps into random code.
#ifndef M86_TESTS_HOSTILE_PROTECTED_MODE_ENTRY_H_
#define M86_TESTS_HOSTILE_PROTECTED_MODE_ENTRY_H_

#include <cstdint>

#include "descriptor_tables.h"
#include "x86_emitter.h"

namespace m86::hostile {

struct EntryPlan {
  uint16_t real_cs;    // the real-mode CS the entry code runs with
  uint32_t gdt_base;   // GDTR and IDTR as loaded
  uint16_t gdt_limit;
  uint32_t idt_base;
  uint16_t idt_limit;
  uint32_t page_dir;   // CR3 when paging is turned on; 0: paging stays off
  uint32_t stage2;     // where the 32-bit part runs (linear), usually reached through 08h
};

// Appends the real-mode part to `e` (16-bit code running at CS = plan.real_cs).
void EmitProtectedModeEntry(Rng& rng, const EntryPlan& plan, const TableTargets& t, Emitter* e);

// Appends the 32-bit part to `e` (whose origin is plan.stage2).
void EmitStage2(Rng& rng, const TableTargets& t, Emitter* e);

}  // namespace m86::hostile

#endif  // M86_TESTS_HOSTILE_PROTECTED_MODE_ENTRY_H_
