// Breakpoints from the debug registers and the debug exceptions they raise (SDM Vol. 3A, 17.2
// and 17.3). Instruction breakpoints are checked by the dispatcher before an instruction runs
// (it builds one-instruction blocks while any is enabled); data breakpoints by the slow paths of
// linear accesses, which every access to a watched page takes because the soft TLB refuses to
// map such pages.
#include "cpu/debug.h"

#include "cpu/cpu.h"

namespace m86 {

void Breakpoints::Decode(const uint32_t dr[8], bool debug_extensions) {
  const uint8_t keep_hits = hits;
  *this = Breakpoints{};
  hits = keep_hits;
  const uint32_t control = dr[7];
  for (int n = 0; n < 4; ++n) {
    if (!(control & (3u << (2 * n)))) continue;  // neither Ln nor Gn
    const uint32_t rw = (control >> (16 + 4 * n)) & 3;
    const uint32_t len_field = (control >> (18 + 4 * n)) & 3;
    // LEN 00/01/11 cover 1/2/4 bytes; 10 is undefined on 32-bit processors before the
    // Pentium 4 and 8 bytes from then on (SDM Vol. 3A, 17.2.5): take the later meaning.
    static constexpr uint32_t kLength[4] = {1, 2, 8, 4};
    const uint32_t len = kLength[len_field];
    const uint8_t bit = static_cast<uint8_t>(1u << n);
    switch (rw) {
      case 0:
        // Execution breakpoints need LEN = 00; they match the instruction's first byte.
        insn_mask |= bit;
        first[n] = last[n] = dr[n];
        break;
      case 2:
        // R/W = 10 means I/O ports only with CR4.DE; without it the encoding is undefined.
        if (debug_extensions) io_mask |= bit;
        break;
      default:
        // Data breakpoints cover the aligned range: the address's low bits are ignored.
        data_mask |= bit;
        if (rw == 1) write_only |= bit;
        first[n] = dr[n] & ~(len - 1);
        last[n] = first[n] + len - 1;
        break;
    }
  }
}

uint8_t Breakpoints::MatchInstruction(uint64_t lin) const {
  uint8_t hit = 0;
  for (int n = 0; n < 4; ++n)
    if ((insn_mask >> n) & 1 && first[n] == lin) hit |= static_cast<uint8_t>(1u << n);
  return hit;
}

uint8_t Breakpoints::MatchData(uint64_t lin, uint32_t size, bool write) const {
  const uint8_t candidates = write ? data_mask : static_cast<uint8_t>(data_mask & ~write_only);
  const uint64_t end = WrapLinear(lin + size - 1);
  uint8_t hit = 0;
  for (int n = 0; n < 4; ++n) {
    if (!((candidates >> n) & 1)) continue;
    // Overlap of [lin, end] and [first, last]; an access wrapping at 4 GiB is split in two.
    const bool overlap = end >= lin ? (lin <= last[n] && first[n] <= end)
                                    : (first[n] <= end || last[n] >= lin);
    if (overlap) hit |= static_cast<uint8_t>(1u << n);
  }
  return hit;
}

uint8_t Breakpoints::TlbRestrictions(uint64_t page_lin) const {
  uint8_t refused = 0;
  for (int n = 0; n < 4; ++n) {
    if (!((data_mask >> n) & 1)) continue;
    // An aligned range of at most 8 bytes never crosses a page.
    if (PageBase(first[n]) != page_lin) continue;
    refused |= 2;
    if (!((write_only >> n) & 1)) refused |= 1;
  }
  return refused;
}

void Cpu::OnDebugRegistersChanged() {
  const bool had_data = bp_.data_mask != 0;
  bp_.Decode(s.dr, (s.cr4 & cr4::kDe) != 0);
  // Pages that held or hold watched bytes must drop their direct mappings.
  if (had_data || bp_.data_mask) FlushTlb();
  // While instruction breakpoints are enabled, blocks hold one instruction each (the same
  // mode-key bit as EFLAGS.TF) so the dispatcher can check every instruction's address. So
  // while data breakpoints are: such blocks stay interpreted, and a hit in the middle of a
  // translated block (an inline load's slow path) would otherwise run on to the block's end
  // before its #DB.
  single_insn_key_ = bp_.insn_mask || bp_.data_mask ? kSingleInsnKey : 0;
  if (bp_.io_mask) LogUnimplemented("I/O breakpoints (DR7 R/W = 10 with CR4.DE)");
  end_block_ = true;
  RecomputeAttention();
}

bool Cpu::CheckInstructionBreakpoint() {
  // RF suppresses instruction breakpoints; the processor clears it at the start of the
  // instruction, after the breakpoint check (SDM Vol. 3A, 17.3.1.1).
  if (s.eflags & flag::kRf) {
    s.eflags &= ~flag::kRf;
    RecomputeAttention();
    return false;
  }
  const uint8_t hit = bp_.MatchInstruction(WrapLinear(s.seg[kCs].base + s.rip));
  if (!hit) return false;
  // A fault: reported before the instruction runs, with EIP pointing at it.
  s.dr[6] |= hit;
  insn_eip_ = s.rip;
  DeliverEvent(kVecDb, false, 0, false);
  return true;
}

void Cpu::CheckDataBreakpoint(uint64_t lin, uint32_t size, bool write) {
  const uint8_t hit = bp_.MatchData(lin, size, write);
  if (!hit) return;
  // A trap: reported once the instruction completes (SDM Vol. 3A, 17.3.1.2). The block ends
  // after this instruction and the attention path delivers it.
  bp_.hits |= hit;
  end_block_ = true;
  attention_ = true;
}

void Cpu::DeliverDebugTrap(uint32_t dr6_bits) {
  s.dr[6] |= dr6_bits | bp_.hits;
  bp_.hits = 0;
  insn_eip_ = s.rip;
  RecomputeAttention();
  DeliverEvent(kVecDb, false, 0, false);
}

void Cpu::DebugTrapAfterStep() {
  // Single-step trap: DR6.BS, together with any data breakpoint the same instruction matched
  // (one #DB reports both; SDM Vol. 3A, 17.3.1.4).
  DeliverDebugTrap(dr6::kBs);
}

}  // namespace m86
