#include "descriptor_tables.h"

#include "random_code.h"

namespace m86::hostile {
namespace {

void Put32(std::vector<uint8_t>* v, size_t at, uint32_t x) {
  for (int i = 0; i < 4; ++i) (*v)[at + i] = static_cast<uint8_t>(x >> (8 * i));
}

void Put64(std::vector<uint8_t>* v, size_t at, uint64_t x) {
  Put32(v, at, static_cast<uint32_t>(x));
  Put32(v, at + 4, static_cast<uint32_t>(x >> 32));
}

// A segment descriptor from its fields (SDM Vol. 3A, 3.4.5). `access` is P, DPL, S and type;
// `flags` is G, D/B, L and AVL.
uint64_t SegmentDescriptor(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags) {
  return (limit & 0xFFFFull) | (uint64_t{base & 0xFFFFFF} << 16) | (uint64_t{access} << 40) |
         (uint64_t{(limit >> 16) & 0xF} << 48) | ((uint64_t{flags} & 0xF) << 52) |
         (uint64_t{base >> 24} << 56);
}

// A gate descriptor (SDM Vol. 3A, 5.8.3 and 6.11): selector, offset, type, DPL, P, and the
// parameter count of call gates.
uint64_t Gate(uint16_t selector, uint32_t offset, uint8_t type, uint8_t dpl, bool present,
              uint8_t params) {
  const uint8_t access = static_cast<uint8_t>((present ? 0x80 : 0) | (dpl << 5) | type);
  return (offset & 0xFFFFull) | (uint64_t{selector} << 16) | ((uint64_t{params} & 0x1F) << 32) |
         (uint64_t{access} << 40) | (uint64_t{offset >> 16} << 48);
}

uint32_t RandomBase(Rng& rng, const TableTargets& t) {
  switch (rng.Below(4)) {
    case 0: return 0;
    case 1: return t.code_lo & ~0xFFFu;
    case 2: return rng.Below(t.ram_bytes);
    default: return rng.U32();
  }
}

uint32_t RandomOffset(Rng& rng, const TableTargets& t) {
  return rng.Percent(85) ? t.code_lo + rng.Below(t.code_hi - t.code_lo) : rng.U32();
}

uint64_t RandomDescriptor(Rng& rng, const TableTargets& t) {
  const uint8_t dpl = static_cast<uint8_t>(rng.Percent(60) ? 0 : rng.Below(4));
  const bool present = rng.Percent(90);
  const uint8_t p = present ? 0x80 : 0;
  switch (rng.Below(10)) {
    case 0: return rng.Next();  // anything at all
    case 1: return 0;
    case 2: case 3: case 4: {   // code or data, any type
      const uint32_t limit = rng.Percent(50) ? 0xFFFFF : rng.Below(0x100000);
      const uint8_t access = static_cast<uint8_t>(p | (dpl << 5) | 0x10 | rng.Below(16));
      return SegmentDescriptor(RandomBase(rng, t), limit, access, static_cast<uint8_t>(rng.Below(16)));
    }
    case 5: case 6: {           // a TSS (16- or 32-bit, available or busy)
      static const uint8_t kTypes[] = {0x9, 0x9, 0xB, 0x1, 0x3};
      const uint32_t limit = rng.Percent(70) ? 0x67 : rng.Below(0x200);
      return SegmentDescriptor(rng.Percent(85) ? t.tss : RandomBase(rng, t), limit,
                               static_cast<uint8_t>(p | (dpl << 5) | rng.Pick(kTypes)), 0);
    }
    case 7:                     // an LDT: part of the GDT, or anywhere
      return SegmentDescriptor(rng.Percent(70) ? t.gdt : RandomBase(rng, t), rng.Below(0x400),
                               static_cast<uint8_t>(p | (dpl << 5) | 0x2), 0);
    default: {                  // a call, task, interrupt or trap gate in the GDT
      static const uint8_t kTypes[] = {0x4, 0xC, 0x5, 0x6, 0x7, 0xE, 0xF};
      return Gate(RandomSelector(rng, t), RandomOffset(rng, t), rng.Pick(kTypes), dpl, present,
                  static_cast<uint8_t>(rng.Below(32)));
    }
  }
}

}  // namespace

uint16_t RandomSelector(Rng& rng, const TableTargets& t) {
  if (rng.Percent(10)) return static_cast<uint16_t>(rng.U32());
  if (rng.Percent(30)) return kFlatCode;
  const uint16_t index = static_cast<uint16_t>(rng.Below(t.gdt_entries + 2));
  const uint16_t ti = rng.Percent(10) ? 4 : 0;
  const uint16_t rpl = rng.Percent(70) ? 0 : static_cast<uint16_t>(rng.Below(4));
  return static_cast<uint16_t>(index << 3 | ti | rpl);
}

std::vector<uint8_t> RandomGdt(Rng& rng, const TableTargets& t) {
  std::vector<uint8_t> gdt(size_t{t.gdt_entries} * 8);
  for (uint16_t i = 0; i < t.gdt_entries; ++i) Put64(&gdt, i * 8u, RandomDescriptor(rng, t));
  if (rng.Percent(95)) Put64(&gdt, 0, 0);
  // Flat code and data first, as an operating system would have them.
  if (t.gdt_entries > 2 && rng.Percent(90)) {
    Put64(&gdt, kFlatCode, SegmentDescriptor(0, 0xFFFFF, 0x9B, 0xC));
    Put64(&gdt, kFlatData, SegmentDescriptor(0, 0xFFFFF, 0x93, 0xC));
  }
  if (t.gdt_entries > 3 && rng.Percent(70))
    Put64(&gdt, kTssSelector, SegmentDescriptor(t.tss, 0x68 + 0x80, 0x89, 0));  // 1024 ports
  return gdt;
}

std::vector<uint8_t> RandomIdt(Rng& rng, const TableTargets& t, int entries) {
  std::vector<uint8_t> idt(static_cast<size_t>(entries) * 8);
  const uint16_t common_selector = rng.Percent(80) ? kFlatCode : RandomSelector(rng, t);
  for (int i = 0; i < entries; ++i) {
    uint64_t gate;
    if (rng.Percent(10)) {
      gate = rng.Next();
    } else {
      static const uint8_t kTypes[] = {0xE, 0xE, 0xE, 0xF, 0xF, 0x6, 0x7, 0x5};
      const uint16_t selector = rng.Percent(80) ? common_selector : RandomSelector(rng, t);
      const uint8_t dpl = static_cast<uint8_t>(rng.Percent(70) ? 0 : rng.Below(4));
      gate = Gate(selector, RandomOffset(rng, t), rng.Pick(kTypes), dpl, rng.Percent(92), 0);
    }
    Put64(&idt, static_cast<size_t>(i) * 8, gate);
  }
  return idt;
}

std::vector<uint8_t> RandomPaging(Rng& rng, uint32_t table0, uint32_t table1, uint32_t ram_bytes) {
  std::vector<uint8_t> pages(3 * 4096);
  auto random_frame = [&] {
    return rng.Percent(80) ? (rng.Below(ram_bytes) & ~0xFFFu) : (rng.U32() & ~0xFFFu);
  };
  // The page directory.
  for (uint32_t i = 0; i < 1024; ++i) {
    uint32_t pde;
    switch (rng.Below(6)) {
      case 0: pde = 0; break;
      case 1: pde = rng.U32(); break;  // 4 MiB pages when PS is set and CR4.PSE allows
      case 2: pde = table1 | (rng.U32() & 0xFFF); break;
      default: pde = (rng.Percent(50) ? table1 : random_frame()) | 0x7; break;
    }
    Put32(&pages, 4 * i, pde);
  }
  if (rng.Percent(85)) Put32(&pages, 0, table0 | 0x7);
  // Table 0: the first 4 MiB one to one, with a few entries changed.
  for (uint32_t i = 0; i < 1024; ++i) {
    uint32_t pte = (i << 12) | 0x7;
    if (rng.Percent(3)) pte = rng.Percent(50) ? 0 : (random_frame() | (rng.U32() & 0xFFF));
    Put32(&pages, 4096 + 4 * i, pte);
  }
  // Table 1: anything.
  for (uint32_t i = 0; i < 1024; ++i)
    Put32(&pages, 8192 + 4 * i, rng.Percent(70) ? (random_frame() | (rng.U32() & 0x1FF)) : rng.U32());
  return pages;
}

std::vector<uint8_t> RandomTss(Rng& rng, size_t bytes) {
  std::vector<uint8_t> tss;
  AppendRandomBytes(rng, bytes, &tss);
  if (rng.Percent(80)) {
    Put32(&tss, 4, 0x8000 + rng.Below(0x1000) * 4);  // ESP0
    Put32(&tss, 8, kFlatData);                        // SS0
  }
  if (rng.Percent(50)) {
    tss[0x66] = 0x68;  // the I/O bitmap right after the TSS
    tss[0x67] = 0;
  }
  return tss;
}

}  // namespace m86::hostile
