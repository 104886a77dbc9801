// Selector checks, CPL changes and stack switches shared by the protected-mode transfers.
#include "cpu/pm/pm_internal.h"

#include "cpu/segments.h"

namespace m86::pm {

bool SystemTypeExists(const Cpu& c, uint8_t type) {
  if (type == 0 || type == 8 || type == 10 || type == 13) return false;  // reserved everywhere
  return c.model().gen >= kGen386 || type < 8;
}

uint32_t ModelFlagsMask(const Cpu& c) {
  uint32_t mask = kAllFlags;
  if (c.model().gen < kGen486) mask &= ~flag::kAc;
  if (!c.model().has_cpuid) mask &= ~flag::kId;
  if (!(c.model().cpuid_features & cpuid_edx::kVme)) mask &= ~(flag::kVif | flag::kVip);
  if (c.model().gen < kGen386) mask &= 0xFFFF;
  return mask;
}

Descriptor FetchDescriptor(Cpu& c, uint16_t sel, uint8_t vector, uint32_t ext) {
  Descriptor d;
  if (ReadDescriptor(c, sel, &d) != DescriptorLookup::kOk) c.Fault(vector, SelectorError(sel, ext));
  return d;
}

void SetCpl(Cpu& c, uint8_t cpl) {
  c.s.cpl = cpl;
  c.OnModeChange();
}

void LoadCs(Cpu& c, uint16_t sel, const Descriptor& d, uint8_t cpl) {
  // CPL first: the derived access checks of CS depend on the mode only, but the TLB bank and
  // the mode key follow CPL.
  c.s.cpl = cpl;
  LoadSegmentCache(c, c.s.seg[kCs], static_cast<uint16_t>((sel & 0xFFFC) | cpl), d);
  c.OnModeChange();
}

void LoadNullSegment(Cpu& c, SegReg reg, uint16_t sel) {
  Segment& s = c.s.seg[reg];
  s.selector = sel;
  s.attr = 0;  // not present: every access faults with #GP(0) (SDM Vol. 3A, 3.4.2)
  RefreshSegmentChecks(c, s);
}

void NullInaccessibleDataSegments(Cpu& c) {
  static constexpr SegReg kRegs[] = {kEs, kFs, kGs, kDs};
  for (SegReg r : kRegs) {
    const Segment& s = c.s.seg[r];
    const uint16_t a = s.attr;
    const bool conforming_code = (a & seg_attr::kCode) && (a & seg_attr::kConforming);
    const uint8_t dpl = (a >> seg_attr::kDplShift) & 3;
    const bool usable = (a & seg_attr::kPresent) && (a & seg_attr::kNonSystem);
    if (!usable || (dpl < c.s.cpl && !conforming_code)) LoadNullSegment(c, r, 0);
  }
}

void StackBuilder::Commit(Cpu& c) const {
  c.s.seg[kSs] = seg;
  RefreshSegmentChecks(c, c.s.seg[kSs]);
  c.s.gpr[kEsp] = esp;
}

StackBuilder CurrentStack(Cpu& c, uint32_t error) {
  return StackBuilder{c.s.seg[kSs], Reg32(c.s, kEsp), c.s.cpl, kVecSs, error};
}

StackBuilder InnerStackFromTss(Cpu& c, uint8_t dpl, uint32_t ext) {
  const Segment& tr = c.s.tr;
  const uint8_t tr_type = tr.attr & 0xF;
  // TR never loaded since reset: its cache names no TSS; read it in the model's native format.
  const bool tss32 = IsTss(tr_type) ? Is32BitTss(tr_type) : c.model().gen >= kGen386;
  uint16_t ss;
  uint32_t esp;
  if (tss32) {
    const uint32_t at = uint32_t{dpl} * 8 + 4;
    if (at + 5 > tr.limit) c.Fault(kVecTs, SelectorError(tr.selector, ext));
    esp = c.ReadLinear<uint32_t>(WrapLinear(tr.base + at), true);
    ss = c.ReadLinear<uint16_t>(WrapLinear(tr.base + at + 4), true);
  } else {
    const uint32_t at = uint32_t{dpl} * 4 + 2;
    if (at + 3 > tr.limit) c.Fault(kVecTs, SelectorError(tr.selector, ext));
    esp = c.ReadLinear<uint16_t>(WrapLinear(tr.base + at), true);
    ss = c.ReadLinear<uint16_t>(WrapLinear(tr.base + at + 2), true);
  }
  // The new SS (SDM Vol. 2A, INT n and CALL, "inter-privilege"): #TS for a wrong selector or
  // type, #SS when not present.
  if (IsNullSelector(ss)) c.Fault(kVecTs, ext);
  Descriptor d = FetchDescriptor(c, ss, kVecTs, ext);
  if (Rpl(ss) != dpl || d.dpl() != dpl || !IsWritableData(d)) c.Fault(kVecTs, SelectorError(ss, ext));
  if (!d.present()) c.Fault(kVecSs, SelectorError(ss, ext));
  MarkDescriptorAccessed(c, ss, d);
  StackBuilder b{};
  b.seg.selector = ss;
  b.seg.base = d.base();
  b.seg.limit = d.limit();
  b.seg.attr = d.attr();
  RefreshSegmentChecks(c, b.seg);
  b.esp = esp;
  b.cpl = dpl;
  b.fault_vector = kVecSs;
  b.fault_error = SelectorError(ss, ext);
  return b;
}

bool Is64BitCode(Cpu& c, uint16_t sel, const Descriptor& d) {
  if (!LongModeActive(c.s) || !(d.attr() & seg_attr::kLong)) return false;
  if (d.attr() & seg_attr::kBig) c.Fault(kVecGp, SelectorError(sel, 0));
  return true;
}

Descriptor CheckReturnCs(Cpu& c, uint16_t sel) {
  if (IsNullSelector(sel)) c.Fault(kVecGp, 0);
  Descriptor d = FetchDescriptor(c, sel, kVecGp, 0);
  const uint32_t err = SelectorError(sel, 0);
  if (!IsCode(d) || Rpl(sel) < c.s.cpl) c.Fault(kVecGp, err);
  if (IsConforming(d) ? d.dpl() > Rpl(sel) : d.dpl() != Rpl(sel)) c.Fault(kVecGp, err);
  if (!d.present()) c.Fault(kVecNp, err);
  MarkDescriptorAccessed(c, sel, d);
  return d;
}

Descriptor CheckOuterSs(Cpu& c, uint16_t sel, uint8_t rpl) {
  if (IsNullSelector(sel)) c.Fault(kVecGp, 0);
  Descriptor d = FetchDescriptor(c, sel, kVecGp, 0);
  if (Rpl(sel) != rpl || !IsWritableData(d) || d.dpl() != rpl) c.Fault(kVecGp, SelectorError(sel, 0));
  if (!d.present()) c.Fault(kVecSs, SelectorError(sel, 0));
  MarkDescriptorAccessed(c, sel, d);
  return d;
}

void LoadSs(Cpu& c, uint16_t sel, const Descriptor& d) {
  LoadSegmentCache(c, c.s.seg[kSs], sel, d);
}

void SetStackPointer(Cpu& c, uint32_t value) {
  if (c.s.seg[kSs].attr & seg_attr::kBig)
    c.s.gpr[kEsp] = value;
  else
    c.s.gpr[kEsp] = (c.s.gpr[kEsp] & ~uint64_t{0xFFFF}) | (value & 0xFFFF);
}

}  // namespace m86::pm
