// The PC's hostile guests: boot sectors of random code, of port I/O, of BIOS calls, and one
// that enters protected mode through random tables. The BIOS loads sector 0 of drive A: at
// 0000:7C00; the rest of the disk is random too, for the guests that read it.
#include <algorithm>
#include <cstdlib>

#include "descriptor_tables.h"
#include "guest_image.h"
#include "protected_mode_entry.h"
#include "random_code.h"
#include "x86_emitter.h"

namespace m86::hostile {
namespace {

constexpr uint32_t kBootAddress = 0x7C00;
constexpr size_t kFloppyBytes = 1474560;

// The floppy around boot sector `code` (at most 510 bytes; padded with random code).
void MakeFloppy(Rng& rng, std::vector<uint8_t> code, GuestImage* g) {
  if (code.size() > 510) std::abort();  // a maker wrote too much: a bug here, not in morph86
  if (code.size() < 510) AppendRandomCode(rng, 510 - code.size(), &code);
  code.resize(510);
  code.push_back(0x55);
  code.push_back(0xAA);
  g->floppy = std::move(code);
  if (rng.Percent(70))
    AppendRandomBytes(rng, kFloppyBytes - 512, &g->floppy);
  else
    g->floppy.resize(kFloppyBytes);
}

// Ports with devices behind them on the PC, and a few without.
const uint16_t kDevicePorts[] = {
    0x00, 0x01, 0x04, 0x08, 0x0A, 0x0B, 0x0C, 0x0D, 0x81, 0x87, 0xC0, 0xC4, 0xD4, 0xD6, 0xDA,  // DMA
    0x20, 0x21, 0xA0, 0xA1,                    // PICs
    0x40, 0x41, 0x42, 0x43, 0x61,              // PIT, port B
    0x60, 0x64,                                // 8042
    0x70, 0x71,                                // RTC/CMOS
    0x92, 0xCF9,                               // A20 and reset
    0x3F0, 0x3F2, 0x3F4, 0x3F5, 0x3F7,         // floppy controller
    0x3F8, 0x3F9, 0x3FA, 0x3FB, 0x3FC, 0x3FD, 0x2F8, 0x2FB,  // UARTs
    0x3C0, 0x3C1, 0x3C4, 0x3C5, 0x3C7, 0x3C8, 0x3C9, 0x3CE, 0x3CF, 0x3D4, 0x3D5, 0x3DA,  // VGA
    0x1CE, 0x1CF,                              // Bochs VBE
    0xE9, 0xEF, 0x80, 0x1F0, 0x378, 0xCF8, 0xCFC,
};

uint16_t RandomPort(Rng& rng) {
  return rng.Percent(85) ? rng.Pick(kDevicePorts) : static_cast<uint16_t>(rng.U32());
}

uint32_t RandomValue(Rng& rng) {
  static const uint32_t kEdges[] = {0, 0xFF, 0xFFFF, 0xFFFFFFFF, 1, 0x80};
  return rng.Percent(25) ? rng.Pick(kEdges) : rng.U32();
}

}  // namespace

void MakeRandomBoot(Rng& rng, GuestImage* g) {
  std::vector<uint8_t> code;
  if (rng.Percent(50)) AppendRandomCode(rng, 510, &code);
  else AppendRandomBytes(rng, 510, &code);
  MakeFloppy(rng, std::move(code), g);
}

void MakePortIoBoot(Rng& rng, GuestImage* g) {
  Emitter e(kBootAddress, false);
  const uint32_t start = e.here();
  while (e.bytes().size() < 440) {
    const int size = 1 << rng.Below(3);
    e.MovImm16(kDx, RandomPort(rng));
    switch (rng.Below(8)) {
      case 0:  // a string of them: CX elements from DS:SI or to ES:DI (segment 0)
        e.MovImm16(kCx, static_cast<uint16_t>(rng.Below(rng.Percent(80) ? 64 : 0x10000)));
        e.MovImm16(rng.Percent(50) ? kSi : kDi, static_cast<uint16_t>(rng.U32()));
        e.RepOutsInsDx(rng.Percent(50), size);
        break;
      case 1: case 2:
        e.InDx(size);
        break;
      default:
        e.MovImm32(kAx, RandomValue(rng));
        e.OutDx(size);
        break;
    }
    if (rng.Percent(5)) e.Byte(rng.Percent(50) ? 0xFA : 0xFB);  // CLI or STI
  }
  e.JumpTo(start);
  MakeFloppy(rng, e.bytes(), g);
}

void MakeBiosCallBoot(Rng& rng, GuestImage* g) {
  struct Service {
    uint8_t vector;
    uint8_t functions;  // AH below this, mostly
  };
  static const Service kServices[] = {{0x10, 0x20}, {0x10, 0x50}, {0x11, 1}, {0x12, 1},
                                      {0x13, 0x49}, {0x14, 4},    {0x15, 0xC3}, {0x15, 0xE9},
                                      {0x16, 0x13}, {0x17, 3},    {0x1A, 8},  {0x19, 1}};
  Emitter e(kBootAddress, false);
  const uint32_t start = e.here();
  while (e.bytes().size() < 430) {
    const Service& s = rng.Pick(kServices);
    // ES first (through AX), then the other registers, AX last.
    e.MovImm16(kAx, static_cast<uint16_t>(rng.Percent(50) ? rng.U32() : rng.Below(0xA000)));
    e.MovSregFromAx(kEs);
    for (Reg r : {kBx, kCx, kDx, kSi, kDi, kBp}) {
      if (rng.Percent(80)) e.MovImm16(r, static_cast<uint16_t>(RandomValue(rng)));
    }
    const uint8_t ah = static_cast<uint8_t>(rng.Percent(90) ? rng.Below(s.functions) : rng.U32());
    e.MovImm16(kAx, static_cast<uint16_t>(ah << 8 | (rng.U32() & 0xFF)));
    e.Int(rng.Percent(95) ? s.vector : static_cast<uint8_t>(rng.U32()));
  }
  e.JumpTo(start);
  MakeFloppy(rng, e.bytes(), g);
}

// The sector holds everything: the entry code, a GDT of 8 descriptors, an IDT of 32 gates,
// the 32-bit part and random code; the TSS is whatever RAM holds at 9000h. Sometimes paging
// is turned on with CR3 at a random page of RAM, which holds whatever it holds.
void MakeProtectedBoot(Rng& rng, GuestImage* g) {
  constexpr uint32_t kGdt = kBootAddress + 0x60, kIdt = kBootAddress + 0xA0;
  constexpr uint32_t kStage2 = kBootAddress + 0x1A0, kCode = kBootAddress + 0x1E0;
  const TableTargets t{kCode, kBootAddress + 510, 0x9000, kGdt, 8, 1u << 20};
  EntryPlan plan{0, kGdt, 8 * 8 - 1, kIdt, 32 * 8 - 1, 0, kStage2};
  if (rng.Percent(10)) plan.gdt_limit = static_cast<uint16_t>(rng.U32());
  if (rng.Percent(10)) plan.idt_limit = static_cast<uint16_t>(rng.U32());
  if (rng.Percent(25)) plan.page_dir = (rng.Below(0xA0) << 12);
  std::vector<uint8_t> sector;
  auto place = [&](uint32_t at, const std::vector<uint8_t>& bytes) {
    if (sector.size() > at - kBootAddress) std::abort();
    AppendRandomCode(rng, at - kBootAddress - sector.size(), &sector);
    sector.insert(sector.end(), bytes.begin(), bytes.end());
  };
  Emitter entry(kBootAddress, false);
  EmitProtectedModeEntry(rng, plan, t, &entry);
  place(kBootAddress, entry.bytes());
  place(kGdt, RandomGdt(rng, t));
  place(kIdt, RandomIdt(rng, t, 32));
  Emitter stage2(kStage2, true);
  EmitStage2(rng, t, &stage2);
  place(kStage2, stage2.bytes());
  MakeFloppy(rng, std::move(sector), g);
}

}  // namespace m86::hostile
