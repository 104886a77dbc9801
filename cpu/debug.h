// Debug-register breakpoints (SDM Vol. 3A, 17.2 and 17.3): what DR0-DR3 and DR7 enable,
// decoded once per write so the dispatcher and the MMU test a mask, not DR7's fields.
#pragma once
#include <cstdint>

namespace m86 {

// DR6 bits (SDM Vol. 3A, 17.2.3). Bits 4-11 and 16-31 read as 1, bit 12 as 0.
namespace dr6 {
constexpr uint32_t kB0 = 1u << 0, kBd = 1u << 13, kBs = 1u << 14, kBt = 1u << 15;
constexpr uint32_t kWritable = 0xF | kBd | kBs | kBt;
constexpr uint32_t kFixedOnes = 0xFFFF0FF0u;
}  // namespace dr6

// DR7 bits (SDM Vol. 3A, 17.2.4). Bit 10 reads as 1; bits 11, 12, 14 and 15 as 0.
namespace dr7 {
constexpr uint32_t kGd = 1u << 13;
constexpr uint32_t kWritable = 0xFFFF03FFu | kGd;
constexpr uint32_t kFixedOnes = 1u << 10;
}  // namespace dr7

// The breakpoints DR7 enables and the data breakpoints the current instruction has matched.
struct Breakpoints {
  uint8_t insn_mask = 0;   // DRn enabled with R/W = 00: instruction execution
  uint8_t data_mask = 0;   // DRn enabled with R/W = 01 (writes) or 11 (reads and writes)
  uint8_t write_only = 0;  // the data breakpoints with R/W = 01
  uint8_t io_mask = 0;     // DRn enabled with R/W = 10 while CR4.DE is set (I/O)
  uint8_t hits = 0;        // DR6 B0-B3 still to report after the current instruction
  uint64_t first[4] = {}, last[4] = {};  // the linear bytes each breakpoint covers

  // Decodes DR0-DR3 and DR7; `debug_extensions` is CR4.DE.
  void Decode(const uint32_t dr[8], bool debug_extensions);
  // The DR6 B0-B3 bits of the instruction breakpoints at linear address `lin`.
  uint8_t MatchInstruction(uint64_t lin) const;
  // The DR6 B0-B3 bits of the data breakpoints an access of `size` bytes at `lin` matches.
  uint8_t MatchData(uint64_t lin, uint32_t size, bool write) const;
  // Which direct mappings the soft TLB must not hold for a linear page, so accesses to it
  // take the slow path where MatchData runs: bit 0 reads, bit 1 writes.
  uint8_t TlbRestrictions(uint64_t page_lin) const;
};

}  // namespace m86
