// The bare machine's hostile guests: a 64 KiB ROM (at F0000 and at the top of the address
// space) of random real-mode code, or one that copies itself to RAM at 10000h and enters
// protected mode through its random GDT, IDT, TSS and page tables.
#include <cstdlib>

#include "descriptor_tables.h"
#include "guest_image.h"
#include "protected_mode_entry.h"
#include "random_code.h"
#include "x86_emitter.h"

namespace m86::hostile {
namespace {

constexpr uint32_t kRomBytes = 0x10000;
constexpr uint32_t kResetVector = 0xFFF0;

// Fills the ROM up to the reset vector with random code, then a far jump to F000:`entry`
// (or random bytes there too, sometimes).
void FinishRom(Rng& rng, uint16_t entry, std::vector<uint8_t>* rom) {
  AppendRandomCode(rng, kResetVector - rom->size(), rom);
  Emitter reset(0xFFFF0, false);
  reset.FarJump(0xF000, entry, false);
  if (rng.Percent(5)) AppendRandomCode(rng, 16, rom);
  else rom->insert(rom->end(), reset.bytes().begin(), reset.bytes().end());
  rom->resize(kRomBytes, 0xF4);
}

}  // namespace

void MakeRealRom(Rng& rng, GuestImage* g) {
  AppendRandomCode(rng, rng.Below(kResetVector), &g->rom);
  FinishRom(rng, static_cast<uint16_t>(rng.Below(kResetVector)), &g->rom);
}

void MakeProtectedRom(Rng& rng, GuestImage* g) {
  // ROM offsets; the copy in RAM is at kRam + offset.
  constexpr uint32_t kRam = 0x10000;
  constexpr uint32_t kGdt = 0x200, kIdt = 0x400, kTss = 0xC00, kPaging = 0x1000;
  constexpr uint32_t kStage2 = 0x4000, kCode = 0x4100;
  constexpr uint16_t kGdtEntries = 64;
  const bool from_rom = rng.Percent(15);  // tables and code used in place, read-only
  const uint32_t base = from_rom ? 0xF0000 : kRam;
  const TableTargets t{base + kCode, base + kResetVector, base + kTss, base + kGdt, kGdtEntries,
                       1u << 20};
  EntryPlan plan{0xF000, base + kGdt, kGdtEntries * 8 - 1, base + kIdt, 256 * 8 - 1, 0,
                 base + kStage2};
  if (rng.Percent(10)) plan.gdt_limit = static_cast<uint16_t>(rng.U32());
  if (rng.Percent(10)) plan.idt_limit = static_cast<uint16_t>(rng.U32());
  if (rng.Percent(50)) plan.page_dir = kRam + kPaging;

  // Copy the ROM to RAM (rep movsw from F000:0 to 1000:0), then enter protected mode.
  Emitter entry(0xF0000, false);
  entry.Byte(0xFA);  // CLI
  entry.MovImm16(kAx, 0);
  entry.MovSregFromAx(kSs);
  entry.MovImm16(kSp, 0x8000);
  entry.MovImm16(kAx, 0xF000);
  entry.MovSregFromAx(kDs);
  entry.MovImm16(kAx, kRam >> 4);
  entry.MovSregFromAx(kEs);
  entry.MovImm16(kSi, 0);
  entry.MovImm16(kDi, 0);
  entry.MovImm16(kCx, kRomBytes / 2);
  entry.Byte(0xFC);  // CLD
  entry.RepMovsw();
  EmitProtectedModeEntry(rng, plan, t, &entry);

  std::vector<uint8_t>& rom = g->rom;
  auto place = [&](uint32_t at, const std::vector<uint8_t>& bytes) {
    if (rom.size() > at) std::abort();  // a part outgrew its room: a bug here, not in morph86
    AppendRandomCode(rng, at - rom.size(), &rom);
    rom.insert(rom.end(), bytes.begin(), bytes.end());
  };
  place(0, entry.bytes());
  place(kGdt, RandomGdt(rng, t));
  place(kIdt, RandomIdt(rng, t, 256));
  place(kTss, RandomTss(rng, kPaging - kTss));
  place(kPaging, RandomPaging(rng, kRam + kPaging + 0x1000, kRam + kPaging + 0x2000, 1u << 20));
  Emitter stage2(base + kStage2, true);
  EmitStage2(rng, t, &stage2);
  place(kStage2, stage2.bytes());
  FinishRom(rng, 0, &rom);
}

}  // namespace m86::hostile
