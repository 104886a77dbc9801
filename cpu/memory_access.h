// Inline fast paths of guest memory accesses: segment check, soft TLB hit, host load/store
// (little-endian, cpu/le_bytes.h, so guest values mean the same on big-endian hosts).
// Included by cpu.h; the slow paths live in mmu.cpp.
#pragma once
#include "cpu/le_bytes.h"

namespace m86 {

inline uint64_t Cpu::LinearAddress(uint8_t seg, uint32_t off, uint32_t size, Access access) {
  const Segment& sg = s.seg[seg];
  const bool rights = access == Access::kWrite ? sg.writable : sg.readable;
  if (M86_LIKELY(rights && off >= sg.lo && uint64_t{off} + size - 1 <= sg.hi))
    return WrapLinear(sg.base + off);
  return SegmentCheckSlow(seg, off, size, access);
}

template <typename T>
inline T Cpu::ReadLinear(uint64_t lin, bool supervisor) {
  const bool user = !supervisor && s.cpl == 3;
  const TlbEntry& e = tlb_[user][(lin >> kPageShift) & (kTlbSize - 1)];
  if (M86_LIKELY(e.read_tag == PageBase(lin) &&
                 (lin & (kPageSize - 1)) <= kPageSize - sizeof(T))) {
    return LoadLe<T>(reinterpret_cast<const uint8_t*>(lin + e.addend));
  }
  return ReadLinearSlow<T>(lin, user);
}

template <typename T>
inline void Cpu::WriteLinear(uint64_t lin, T value, bool supervisor) {
  const bool user = !supervisor && s.cpl == 3;
  const TlbEntry& e = tlb_[user][(lin >> kPageShift) & (kTlbSize - 1)];
  if (M86_LIKELY(e.write_tag == PageBase(lin) &&
                 (lin & (kPageSize - 1)) <= kPageSize - sizeof(T))) {
    StoreLe(reinterpret_cast<uint8_t*>(lin + e.addend), value);
    return;
  }
  WriteLinearSlow<T>(lin, value, user);
}

template <typename T>
inline T Cpu::Read(uint8_t seg, uint32_t off) {
  const Segment& sg = s.seg[seg];
  if (M86_LIKELY(sg.readable && off >= sg.lo && uint64_t{off} + sizeof(T) - 1 <= sg.hi))
    return ReadLinear<T>(WrapLinear(sg.base + off));
  if (model_.segment_offset_wraps) {
    // 8086: each byte's offset wraps within the 64 KiB segment.
    uint32_t v = 0;
    for (uint32_t i = 0; i < sizeof(T); ++i)
      v |= uint32_t{ReadLinear<uint8_t>(WrapLinear(sg.base + ((off + i) & 0xFFFF)))} << (8 * i);
    return static_cast<T>(v);
  }
  return ReadLinear<T>(SegmentCheckSlow(seg, off, sizeof(T), Access::kRead));
}

template <typename T>
inline T Cpu::ReadForWrite(uint8_t seg, uint32_t off) {
  const Segment& sg = s.seg[seg];
  if (M86_LIKELY(sg.writable && off >= sg.lo && uint64_t{off} + sizeof(T) - 1 <= sg.hi)) {
    const uint64_t lin = WrapLinear(sg.base + off);
    const bool user = s.cpl == 3;
    const TlbEntry& e = tlb_[user][(lin >> kPageShift) & (kTlbSize - 1)];
    if (M86_LIKELY(e.write_tag == PageBase(lin) &&
                   (lin & (kPageSize - 1)) <= kPageSize - sizeof(T))) {
      return LoadLe<T>(reinterpret_cast<const uint8_t*>(lin + e.addend));
    }
    // Check write permission first so the fault (and its #PF error code) is the write's.
    Translate(lin, Access::kWrite, user);
    if ((lin & (kPageSize - 1)) > kPageSize - sizeof(T))
      Translate(PageBase(WrapLinear(lin + sizeof(T) - 1)), Access::kWrite, user);
    return ReadLinear<T>(lin);
  }
  if (model_.segment_offset_wraps) return Read<T>(seg, off);
  const uint64_t lin = SegmentCheckSlow(seg, off, sizeof(T), Access::kWrite);
  Translate(lin, Access::kWrite, s.cpl == 3);
  return ReadLinear<T>(lin);
}

template <typename T>
inline void Cpu::Write(uint8_t seg, uint32_t off, T value) {
  const Segment& sg = s.seg[seg];
  if (M86_LIKELY(sg.writable && off >= sg.lo && uint64_t{off} + sizeof(T) - 1 <= sg.hi))
    return WriteLinear<T>(WrapLinear(sg.base + off), value);
  if (model_.segment_offset_wraps) {
    for (uint32_t i = 0; i < sizeof(T); ++i)
      WriteLinear<uint8_t>(WrapLinear(sg.base + ((off + i) & 0xFFFF)),
                           static_cast<uint8_t>(value >> (8 * i)));
    return;
  }
  WriteLinear<T>(SegmentCheckSlow(seg, off, sizeof(T), Access::kWrite), value);
}

}  // namespace m86
