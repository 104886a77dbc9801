#include "bios/bios_call.h"

#include <algorithm>

#include "cpu/segments.h"

namespace m86 {

void BiosCall::LoadSegment(int seg, uint16_t selector) {
  // The BIOS runs in real or virtual-8086 mode, where a load only sets the base.
  LoadSegmentRealMode(cpu_, static_cast<SegReg>(seg), selector);
}

void BiosCall::SetReturnFlag(uint32_t mask, bool on) {
  // INT pushed FLAGS, CS, IP: the FLAGS image is at SS:SP+4.
  const uint16_t sp = static_cast<uint16_t>(cpu_.s.gpr[kEsp]);
  const uint16_t ss = cpu_.s.seg[kSs].selector;
  const uint16_t image = Read16(ss, static_cast<uint16_t>(sp + 4));
  Write16(ss, static_cast<uint16_t>(sp + 4),
          static_cast<uint16_t>(on ? (image | mask) : (image & ~mask)));
}

void BiosCall::RetryAfterInterrupt() {
  // The two bytes before the trap's OUT are STI; HLT (bios/rom/macros.inc, TRAP_BLOCKING).
  cpu_.s.rip = cpu_.insn_eip() - 2;
}

void BiosCall::RetryPolling() {
  cpu_.SetFlags(flag::kIf, flag::kIf);
  cpu_.s.rip = cpu_.insn_eip();
}

bool BiosCall::Physical(uint16_t seg, uint16_t off, PhysAddr* phys) {
  // In real and virtual-8086 mode the segment base is always selector * 16 (the hidden base
  // of SS, which the caller may have set otherwise, is read through the selector as well).
  uint32_t lin = (uint32_t{seg} << 4) + off;
  if (cpu_.s.cr0 & cr0::kPg) {
    if (!cpu_.Probe(lin, (cpu_.s.eflags & flag::kVm) != 0, phys)) return false;
  } else {
    *phys = lin;
  }
  if (!cpu_.a20()) *phys &= ~(PhysAddr{1} << 20);
  return true;
}

uint8_t BiosCall::Read8(uint16_t seg, uint16_t off) {
  PhysAddr phys;
  return Physical(seg, off, &phys) ? static_cast<uint8_t>(cpu_.memory().Read(phys, 1)) : 0xFF;
}
uint16_t BiosCall::Read16(uint16_t seg, uint16_t off) {
  return static_cast<uint16_t>(Read8(seg, off) | (Read8(seg, static_cast<uint16_t>(off + 1)) << 8));
}
uint32_t BiosCall::Read32(uint16_t seg, uint16_t off) {
  return Read16(seg, off) | (uint32_t{Read16(seg, static_cast<uint16_t>(off + 2))} << 16);
}
void BiosCall::Write8(uint16_t seg, uint16_t off, uint8_t v) {
  PhysAddr phys;
  if (Physical(seg, off, &phys)) cpu_.memory().Write(phys, 1, v);
}
void BiosCall::Write16(uint16_t seg, uint16_t off, uint16_t v) {
  Write8(seg, off, static_cast<uint8_t>(v));
  Write8(seg, static_cast<uint16_t>(off + 1), static_cast<uint8_t>(v >> 8));
}
void BiosCall::Write32(uint16_t seg, uint16_t off, uint32_t v) {
  Write16(seg, off, static_cast<uint16_t>(v));
  Write16(seg, static_cast<uint16_t>(off + 2), static_cast<uint16_t>(v >> 16));
}

void BiosCall::ReadBlock(uint16_t seg, uint16_t off, std::span<uint8_t> out) {
  // Page-sized pieces through the physical memory's bulk path (which tracks code writes).
  size_t done = 0;
  while (done < out.size()) {
    const uint16_t o = static_cast<uint16_t>(off + done);
    PhysAddr phys;
    size_t n = std::min<size_t>(out.size() - done, kPageSize - ((uint32_t{seg} * 16 + o) & (kPageSize - 1)));
    n = std::min<size_t>(n, 0x10000 - o);  // the offset wraps at 64 KiB
    if (Physical(seg, o, &phys)) {
      cpu_.memory().ReadBytes(phys, out.subspan(done, n));
    } else {
      std::fill_n(out.begin() + static_cast<std::ptrdiff_t>(done), n, uint8_t{0xFF});
    }
    done += n;
  }
}

void BiosCall::WriteBlock(uint16_t seg, uint16_t off, std::span<const uint8_t> data) {
  size_t done = 0;
  while (done < data.size()) {
    const uint16_t o = static_cast<uint16_t>(off + done);
    PhysAddr phys;
    size_t n = std::min<size_t>(data.size() - done, kPageSize - ((uint32_t{seg} * 16 + o) & (kPageSize - 1)));
    n = std::min<size_t>(n, 0x10000 - o);
    if (Physical(seg, o, &phys)) cpu_.memory().WriteBytes(phys, data.subspan(done, n));
    done += n;
  }
}

}  // namespace m86
