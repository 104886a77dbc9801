// MOV, POP, LDS/LES/LFS/LGS/LSS loads of a data or stack segment register in protected mode
// (SDM Vol. 2B, MOV and POP, "Protected Mode"; Vol. 3A, 5.5-5.7 for the privilege rules).
#include "cpu/pm/pm_internal.h"
#include "cpu/segments.h"

namespace m86 {

using namespace pm;

void LoadSegmentProtected(Cpu& c, SegReg reg, uint16_t selector) {
  if (reg == kCs || reg > kGs) {
    // CS is loaded only by far transfers; the decoder rejects MOV CS before it gets here.
    c.LogUnimplemented("protected-mode segment load of CS through LoadSegment");
    c.Fault(kVecUd);
  }
  const uint32_t err = SelectorError(selector, 0);
  if (reg == kSs) {
    // SS: a writable data segment with RPL = DPL = CPL; a null selector is #GP(0), except in
    // 64-bit mode below CPL 3 with RPL = CPL (SDM Vol. 2B, MOV and POP, "64-Bit Mode").
    if (IsNullSelector(selector)) {
      if (!Code64(c.s) || c.s.cpl == 3 || Rpl(selector) != c.s.cpl) c.Fault(kVecGp, 0);
      LoadNullSegment(c, kSs, selector);
      return;
    }
    Descriptor d = FetchDescriptor(c, selector, kVecGp, 0);
    if (Rpl(selector) != c.s.cpl || !IsWritableData(d) || d.dpl() != c.s.cpl) c.Fault(kVecGp, err);
    if (!d.present()) c.Fault(kVecSs, err);
    MarkDescriptorAccessed(c, selector, d);
    LoadSegmentCache(c, c.s.seg[kSs], selector, d);
    return;
  }
  // DS, ES, FS, GS: a null selector loads an unusable register; any access then is #GP(0).
  if (IsNullSelector(selector)) {
    LoadNullSegment(c, reg, selector);
    return;
  }
  Descriptor d = FetchDescriptor(c, selector, kVecGp, 0);
  if (!IsData(d) && !IsReadableCode(d)) c.Fault(kVecGp, err);
  // Data and non-conforming code need DPL >= max(CPL, RPL); conforming code is always allowed.
  if (!IsConforming(d) && (Rpl(selector) > d.dpl() || c.s.cpl > d.dpl())) c.Fault(kVecGp, err);
  if (!d.present()) c.Fault(kVecNp, err);
  MarkDescriptorAccessed(c, selector, d);
  LoadSegmentCache(c, c.s.seg[reg], selector, d);
}

}  // namespace m86
