// Segment descriptors in the GDT and LDT (SDM Vol. 3A, 3.4.5 and 3.5).
#pragma once
#include <cstdint>

#include "cpu/state.h"

namespace m86 {

class Cpu;

// A raw 8-byte descriptor with its fields decoded.
struct Descriptor {
  uint32_t lo = 0, hi = 0;  // the two little-endian dwords as stored

  uint8_t access() const { return static_cast<uint8_t>(hi >> 8); }   // P DPL S type
  uint8_t type() const { return access() & 0xF; }
  bool is_system() const { return !(access() & 0x10); }                 // S = 0
  bool is_code() const { return !is_system() && (type() & 0x8); }
  uint8_t dpl() const { return (access() >> 5) & 3; }
  bool present() const { return access() & 0x80; }
  uint32_t base() const { return (lo >> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF000000u); }
  // Byte-granular limit (G applied: limit * 4096 + 4095).
  uint32_t limit() const {
    const uint32_t raw = (lo & 0xFFFF) | (hi & 0xF0000);
    return (hi & (1u << 23)) ? (raw << 12) | 0xFFF : raw;
  }
  // Attributes in Segment::attr layout: access byte in bits 0-7, flags nibble in 12-15.
  uint16_t attr() const { return static_cast<uint16_t>(access() | ((hi >> 8) & 0xF000)); }
  // Gate fields (call, interrupt, trap and task gates; SDM Vol. 3A, 5.8.3 and 6.11).
  uint16_t gate_selector() const { return static_cast<uint16_t>(lo >> 16); }
  uint32_t gate_offset() const { return (lo & 0xFFFF) | (hi & 0xFFFF0000u); }
  uint8_t gate_param_count() const { return hi & 0x1F; }
};

// System descriptor types (S = 0; SDM Vol. 3A, Table 3-2). The 80286 has only the 16-bit ones.
namespace sys_type {
constexpr uint8_t kTss16 = 1, kLdt = 2, kTss16Busy = 3, kCallGate16 = 4, kTaskGate = 5,
                  kIntGate16 = 6, kTrapGate16 = 7, kTss32 = 9, kTss32Busy = 11, kCallGate32 = 12,
                  kIntGate32 = 14, kTrapGate32 = 15;
constexpr uint8_t kBusy = 2;  // the busy bit in a TSS type
}  // namespace sys_type

// Where a selector's descriptor lives, or why it cannot be read.
enum class DescriptorLookup { kOk, kNull, kOutOfLimit };

// Reads the descriptor for `selector` from the GDT or the LDT (TI bit) with supervisor
// privilege; kOutOfLimit when the table's limit does not cover all 8 bytes. On the 80286 the
// last word of a descriptor is reserved and ignored, so it reads as zero.
DescriptorLookup ReadDescriptor(Cpu& c, uint16_t selector, Descriptor* out);
// The linear address of the selector's descriptor plus `offset` (valid after ReadDescriptor
// returned kOk); it wraps at 4 GiB outside IA-32e mode.
uint64_t DescriptorAddress(const Cpu& c, uint16_t selector, uint32_t offset = 0);
// In IA-32e mode, LDT and TSS descriptors (and call gates) take 16 bytes (SDM Vol. 3A, 3.5.2,
// 5.8.3.1 and 7.2.3): the third dword holds bits 63:32 of the base or offset, and the type
// field of the fourth (bits 12:8) must be 0. Reads those two dwords; kOutOfLimit when the
// table's limit does not cover all 16 bytes.
DescriptorLookup ReadDescriptorUpper(Cpu& c, uint16_t selector, uint32_t* high, uint32_t* last);
// Sets the accessed bit of a code or data descriptor in memory, if clear (a write of the access
// byte only, so the rest of the descriptor is left as it is in memory).
void MarkDescriptorAccessed(Cpu& c, uint16_t selector, Descriptor& d);
// Fills a segment register's cache from a descriptor (and derives the access checks).
void LoadSegmentCache(Cpu& c, Segment& seg, uint16_t selector, const Descriptor& d);

}  // namespace m86
