// Random protected-mode structures for hostile guests: GDT descriptors, IDT gates and page
// tables that are mostly plausible (present, pointing at the guest's code, TSS and tables) and
// sometimes not at all, so both the working paths and every check on the way get exercised.
#ifndef M86_TESTS_HOSTILE_DESCRIPTOR_TABLES_H_
#define M86_TESTS_HOSTILE_DESCRIPTOR_TABLES_H_

#include <cstdint>
#include <vector>

#include "rng.h"

namespace m86::hostile {

using fuzz::Rng;

// Where the guest keeps what the descriptors point at (linear addresses).
struct TableTargets {
  uint32_t code_lo, code_hi;  // random code lives in [code_lo, code_hi)
  uint32_t tss;               // a TSS-sized area
  uint32_t gdt;               // the GDT itself (for LDT descriptors pointing at part of it)
  uint16_t gdt_entries;
  uint32_t ram_bytes;         // for frame numbers that land in RAM
};

// In most GDTs, selector 08h is flat 32-bit code, 10h flat data (both DPL 0) and 18h an
// available 32-bit TSS at TableTargets::tss.
constexpr uint16_t kFlatCode = 0x08, kFlatData = 0x10, kTssSelector = 0x18;

// A GDT with `t.gdt_entries` descriptors (entry 0 null unless it is garbage).
std::vector<uint8_t> RandomGdt(Rng& rng, const TableTargets& t);

// An IDT with `entries` gates.
std::vector<uint8_t> RandomIdt(Rng& rng, const TableTargets& t, int entries);

// A selector: usually one of the GDT's (any RPL, sometimes the LDT bit), sometimes anything.
uint16_t RandomSelector(Rng& rng, const TableTargets& t);

// A 4 KiB page directory at `dir` whose first entry maps the first 4 MiB through `table0`
// one to one (mostly), with the other entries random; `table0` and `table1` are filled too.
// Returns the three pages, 12 KiB.
std::vector<uint8_t> RandomPaging(Rng& rng, uint32_t table0, uint32_t table1, uint32_t ram_bytes);

// A random 32-bit TSS image (104 bytes and an I/O bitmap), with a usable ring-0 stack mostly.
std::vector<uint8_t> RandomTss(Rng& rng, size_t bytes);

}  // namespace m86::hostile

#endif  // M86_TESTS_HOSTILE_DESCRIPTOR_TABLES_H_
