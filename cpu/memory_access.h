// Inline fast paths of guest memory accesses: segment check, soft TLB hit, host load/store
// (little-endian, cpu/le_bytes.h, so guest values mean the same on big-endian hosts).
// Included by cpu.h; the slow paths live in mmu.cpp.
#pragma once
#include "cpu/canonical.h"
#include "cpu/le_bytes.h"

namespace m86 {

// 64-bit mode has no segment limits or rights checks and no CS/DS/ES/SS base; FS and GS keep
// theirs (SDM Vol. 3A, 3.2.4 and 3.4.4). Both ends of the access must be canonical.
inline uint64_t Cpu::Linear64(uint8_t seg, uint64_t off, uint32_t size) {
  const uint64_t lin = seg >= kFs ? s.seg[seg].base + off : off;
  if (M86_UNLIKELY(!IsCanonical(lin) || !IsCanonical(lin + size - 1)))
    Fault(seg == kSs ? kVecSs : kVecGp, 0);
  return lin;
}

// In 64-bit mode every segment window is empty (RefreshSegmentChecks), so the legacy fast paths
// below fall through to Linear64 without testing the mode first.
inline uint64_t Cpu::LinearAddress(uint8_t seg, uint64_t off, uint32_t size, Access access) {
  const Segment& sg = s.seg[seg];
  const bool rights = access == Access::kWrite ? sg.writable : sg.readable;
  if (M86_LIKELY(rights && off >= sg.lo && off + size - 1 <= sg.hi))
    return WrapLinear(sg.base + off);
  if (InCode64()) return Linear64(seg, off, size);
  return SegmentCheckSlow(seg, static_cast<uint32_t>(off), size, access);
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
inline T Cpu::Read(uint8_t seg, uint64_t off) {
  const Segment& sg = s.seg[seg];
  if (M86_LIKELY(sg.readable && off >= sg.lo && off + sizeof(T) - 1 <= sg.hi))
    return ReadLinear<T>(WrapLinear(sg.base + off));
  if (InCode64()) return ReadLinear<T>(Linear64(seg, off, sizeof(T)));
  if (model_.segment_offset_wraps) {
    // 8086: each byte's offset wraps within the 64 KiB segment.
    uint64_t v = 0;
    for (uint32_t i = 0; i < sizeof(T); ++i)
      v |= uint64_t{ReadLinear<uint8_t>(WrapLinear(sg.base + ((off + i) & 0xFFFF)))} << (8 * i);
    return static_cast<T>(v);
  }
  return ReadLinear<T>(
      SegmentCheckSlow(seg, static_cast<uint32_t>(off), sizeof(T), Access::kRead));
}

template <typename T>
inline T Cpu::ReadLinearForWrite(uint64_t lin) {
  const bool user = s.cpl == 3;
  const TlbEntry& e = tlb_[user][(lin >> kPageShift) & (kTlbSize - 1)];
  if (M86_LIKELY(e.write_tag == PageBase(lin) &&
                 (lin & (kPageSize - 1)) <= kPageSize - sizeof(T))) {
    return LoadLe<T>(reinterpret_cast<const uint8_t*>(lin + e.addend));
  }
  // Check write permission first so the fault (and its #PF error code) is the write's.
  Translate(lin, Access::kWrite, user);
  if ((lin & (kPageSize - 1)) > kPageSize - sizeof(T))
    Translate(PageBase(LinearPlus(lin, sizeof(T) - 1)), Access::kWrite, user);
  return ReadLinear<T>(lin);
}

template <typename T>
inline T Cpu::ReadForWrite(uint8_t seg, uint64_t off) {
  const Segment& sg = s.seg[seg];
  if (M86_LIKELY(sg.writable && off >= sg.lo && off + sizeof(T) - 1 <= sg.hi))
    return ReadLinearForWrite<T>(WrapLinear(sg.base + off));
  if (InCode64()) return ReadLinearForWrite<T>(Linear64(seg, off, sizeof(T)));
  if (model_.segment_offset_wraps) return Read<T>(seg, off);
  const uint64_t lin =
      SegmentCheckSlow(seg, static_cast<uint32_t>(off), sizeof(T), Access::kWrite);
  Translate(lin, Access::kWrite, s.cpl == 3);
  return ReadLinear<T>(lin);
}

template <typename T>
inline void Cpu::Write(uint8_t seg, uint64_t off, T value) {
  const Segment& sg = s.seg[seg];
  if (M86_LIKELY(sg.writable && off >= sg.lo && off + sizeof(T) - 1 <= sg.hi))
    return WriteLinear<T>(WrapLinear(sg.base + off), value);
  if (InCode64()) return WriteLinear<T>(Linear64(seg, off, sizeof(T)), value);
  if (model_.segment_offset_wraps) {
    for (uint32_t i = 0; i < sizeof(T); ++i)
      WriteLinear<uint8_t>(WrapLinear(sg.base + ((off + i) & 0xFFFF)),
                           static_cast<uint8_t>(value >> (8 * i)));
    return;
  }
  WriteLinear<T>(SegmentCheckSlow(seg, static_cast<uint32_t>(off), sizeof(T), Access::kWrite),
                 value);
}

}  // namespace m86
