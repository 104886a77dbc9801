// Hardware task switches (SDM Vol. 3A, 7.3): 16-bit (80286) and 32-bit TSS formats, busy
// flags, the previous-task link, NT, CR0.TS, CR3 and LDTR loads, segment loads that fault in
// the new task's context, the error code of an exception and the T (debug trap) bit.
#include "cpu/pm/pm_internal.h"
#include "cpu/segments.h"

namespace m86::pm {

namespace {

// The dynamic and static fields a task switch loads (SDM Vol. 3A, Figures 7-2 and 7-10).
struct TssImage {
  uint32_t cr3, eip, eflags;
  uint32_t gpr[8];
  uint16_t seg[6];  // SegReg order, which is also the TSS order: ES CS SS DS FS GS
  uint16_t ldt;
  bool trap;
};

uint32_t Read32(Cpu& c, uint32_t lin) { return c.ReadLinear<uint32_t>(lin, true); }
uint16_t Read16(Cpu& c, uint32_t lin) { return c.ReadLinear<uint16_t>(lin, true); }
void Write32(Cpu& c, uint32_t lin, uint32_t v) { c.WriteLinear<uint32_t>(lin, v, true); }
void Write16(Cpu& c, uint32_t lin, uint16_t v) { c.WriteLinear<uint16_t>(lin, v, true); }

TssImage ReadTss(Cpu& c, uint32_t base, bool tss32) {
  TssImage t{};
  if (tss32) {
    t.cr3 = Read32(c, base + 0x1C);
    t.eip = Read32(c, base + 0x20);
    t.eflags = Read32(c, base + 0x24);
    for (int i = 0; i < 8; ++i) t.gpr[i] = Read32(c, base + 0x28 + 4 * i);
    for (int r = 0; r < 6; ++r) t.seg[r] = Read16(c, base + 0x48 + 4 * r);
    t.ldt = Read16(c, base + 0x60);
    t.trap = Read16(c, base + 0x64) & 1;
  } else {
    // The 16-bit TSS has no CR3, FS, GS or T bit; FS and GS become null.
    t.eip = Read16(c, base + 0x0E);
    t.eflags = Read16(c, base + 0x10);
    for (int i = 0; i < 8; ++i) t.gpr[i] = Read16(c, base + 0x12 + 2 * i);
    for (int r = kEs; r <= kDs; ++r) t.seg[r] = Read16(c, base + 0x22 + 2 * r);
    t.ldt = Read16(c, base + 0x2A);
  }
  return t;
}

// Saves the outgoing task's dynamic fields (SDM Vol. 3A, 7.2.1). P6-family and Pentium
// processors store selectors as dwords with a zero upper half, earlier ones as words
// (SDM Vol. 3A, 22.28.2).
void SaveTss(Cpu& c, uint32_t base, bool tss32, uint32_t eflags) {
  if (tss32) {
    Write32(c, base + 0x20, c.s.rip);
    Write32(c, base + 0x24, eflags);
    for (int i = 0; i < 8; ++i) Write32(c, base + 0x28 + 4 * i, c.s.gpr[i]);
    for (int r = 0; r < 6; ++r) {
      if (c.model().gen >= kGenP5)
        Write32(c, base + 0x48 + 4 * r, c.s.seg[r].selector);
      else
        Write16(c, base + 0x48 + 4 * r, c.s.seg[r].selector);
    }
  } else {
    Write16(c, base + 0x0E, static_cast<uint16_t>(c.s.rip));
    Write16(c, base + 0x10, static_cast<uint16_t>(eflags));
    for (int i = 0; i < 8; ++i) Write16(c, base + 0x12 + 2 * i, static_cast<uint16_t>(c.s.gpr[i]));
    for (int r = kEs; r <= kDs; ++r) Write16(c, base + 0x22 + 2 * r, c.s.seg[r].selector);
  }
}

// Sets or clears the busy bit of the TSS descriptor `sel` in the GDT (one byte write).
void SetBusy(Cpu& c, uint16_t sel, bool busy) {
  const uint32_t at = c.s.gdtr.base + (sel & 0xFFF8u) + 5;
  const uint8_t access = c.ReadLinear<uint8_t>(at, true);
  const uint8_t updated = busy ? (access | sys_type::kBusy) : (access & ~sys_type::kBusy);
  if (updated != access) c.WriteLinear<uint8_t>(at, updated, true);
}

// LDTR of the new task: null, or an LDT descriptor in the GDT (SDM Vol. 3A, Table 7-1).
void LoadTaskLdt(Cpu& c, uint16_t sel, uint32_t ext) {
  if (IsNullSelector(sel)) return;  // stays unusable: every LDT reference is beyond its limit
  const uint32_t err = SelectorError(sel, ext);
  Descriptor d;
  if ((sel & 4) || ReadDescriptor(c, sel, &d) != DescriptorLookup::kOk) c.Fault(kVecTs, err);
  if (!d.is_system() || d.type() != sys_type::kLdt || !d.present()) c.Fault(kVecTs, err);
  LoadSegmentCache(c, c.s.ldtr, sel, d);
}

// CS, SS and the data segment registers of a protected-mode task, checked at its CPL
// (SDM Vol. 3A, Table 7-1): #TS for bad selectors and types, #NP/#SS when not present.
void LoadTaskSegments(Cpu& c, const TssImage& img, uint8_t cpl, uint32_t ext) {
  const uint16_t cs_sel = img.seg[kCs];
  uint32_t err = SelectorError(cs_sel, ext);
  if (IsNullSelector(cs_sel)) c.Fault(kVecTs, err);
  Descriptor cs = FetchDescriptor(c, cs_sel, kVecTs, ext);
  if (!IsCode(cs) || (IsConforming(cs) ? cs.dpl() > Rpl(cs_sel) : cs.dpl() != Rpl(cs_sel)))
    c.Fault(kVecTs, err);
  if (!cs.present()) c.Fault(kVecNp, err);
  MarkDescriptorAccessed(c, cs_sel, cs);
  LoadSegmentCache(c, c.s.seg[kCs], cs_sel, cs);

  const uint16_t ss_sel = img.seg[kSs];
  err = SelectorError(ss_sel, ext);
  if (IsNullSelector(ss_sel)) c.Fault(kVecTs, err);
  Descriptor ss = FetchDescriptor(c, ss_sel, kVecTs, ext);
  if (Rpl(ss_sel) != cpl || !IsWritableData(ss) || ss.dpl() != cpl) c.Fault(kVecTs, err);
  if (!ss.present()) c.Fault(kVecSs, err);
  MarkDescriptorAccessed(c, ss_sel, ss);
  LoadSegmentCache(c, c.s.seg[kSs], ss_sel, ss);

  for (SegReg r : {kEs, kDs, kFs, kGs}) {
    const uint16_t sel = img.seg[r];
    if (IsNullSelector(sel)) continue;  // already null and unusable
    err = SelectorError(sel, ext);
    Descriptor d = FetchDescriptor(c, sel, kVecTs, ext);
    if (!IsData(d) && !IsReadableCode(d)) c.Fault(kVecTs, err);
    if (!IsConforming(d) && (d.dpl() < cpl || d.dpl() < Rpl(sel))) c.Fault(kVecTs, err);
    if (!d.present()) c.Fault(kVecNp, err);
    MarkDescriptorAccessed(c, sel, d);
    LoadSegmentCache(c, c.s.seg[r], sel, d);
  }
}

}  // namespace

void TaskSwitch(Cpu& c, uint16_t sel, Descriptor desc, TaskSource source, uint32_t ext,
                const uint32_t* error_code) {
  const bool new32 = Is32BitTss(desc.type());
  if (desc.limit() < (new32 ? 0x67u : 0x2Bu)) c.Fault(kVecTs, SelectorError(sel, ext));
  const Segment old_tr = c.s.tr;
  const uint8_t old_type = old_tr.attr & 0xF;
  const bool old32 = IsTss(old_type) ? Is32BitTss(old_type) : c.model().gen >= kGen386;
  const bool nesting = source == TaskSource::kCall || source == TaskSource::kInterrupt;

  // Up to the commit point every access may fault, in the old task's context: read the new
  // state, save the old one, link and mark busy (SDM Vol. 3A, 7.3, steps 1-10).
  const TssImage img = ReadTss(c, desc.base(), new32);
  uint32_t old_flags = c.GetFlags();
  if (source == TaskSource::kIret) old_flags &= ~flag::kNt;
  SaveTss(c, old_tr.base, old32, old_flags);
  if (nesting) Write16(c, desc.base(), old_tr.selector);
  if (source == TaskSource::kJmp || source == TaskSource::kIret) SetBusy(c, old_tr.selector, false);
  if (source != TaskSource::kIret) SetBusy(c, sel, true);

  // Commit: TR, CR0.TS, CR3, EFLAGS, EIP, the general registers and the raw selectors.
  desc.hi |= uint32_t{sys_type::kBusy} << 8;
  LoadSegmentCache(c, c.s.tr, sel, desc);
  c.s.cr0 |= cr0::kTs;
  // The local breakpoint enables belong to the old task (SDM Vol. 3A, 17.2.4).
  if (c.s.dr[7] & 0x55) {
    c.s.dr[7] &= ~0x55u;
    c.OnDebugRegistersChanged();
  }
  if (new32 && (c.s.cr0 & cr0::kPg)) {
    c.s.cr3 = img.cr3;
    c.FlushTlb();
  }
  uint32_t flags = new32 ? img.eflags : (img.eflags & 0xFFFF);
  if (nesting) flags |= flag::kNt;
  c.SetFlags(flags, ModelFlagsMask(c));
  c.s.rip = new32 ? img.eip : (img.eip & 0xFFFF);
  // A 16-bit TSS does not maintain the upper halves of the registers (SDM Vol. 3A, 7.6: they
  // are "modified and not maintained"); the value is undefined, all ones here.
  for (int i = 0; i < 8; ++i) c.s.gpr[i] = new32 ? img.gpr[i] : (0xFFFF0000u | img.gpr[i]);
  c.s.ldtr = Segment{};
  c.s.ldtr.selector = img.ldt;
  const bool v86 = c.s.eflags & flag::kVm;
  for (int r = 0; r < 6; ++r) {
    if (v86)
      LoadSegmentRealMode(c, static_cast<SegReg>(r), img.seg[r]);
    else
      LoadNullSegment(c, static_cast<SegReg>(r), img.seg[r]);
  }
  const uint8_t cpl = v86 ? 3 : Rpl(img.seg[kCs]);
  SetCpl(c, cpl);
  // From here on faults are the new task's: they report its first instruction.
  c.set_insn_eip(c.s.rip);

  LoadTaskLdt(c, img.ldt, ext);
  if (!v86) LoadTaskSegments(c, img, cpl, ext);
  c.OnModeChange();
  if (error_code) {
    // The exception's error code goes on the new task's stack (SDM Vol. 3A, 6.12.2).
    StackBuilder st = CurrentStack(c, ext);
    st.PushSized(c, new32, *error_code);
    c.s.gpr[kEsp] = st.esp;
  }
  if (c.s.rip > c.s.seg[kCs].limit) c.Fault(kVecGp, source == TaskSource::kInterrupt ? ext : 0);
  if (img.trap) {
    // T bit: a debug trap before the new task's first instruction (SDM Vol. 3A, 17.3.1.5).
    c.s.dr[6] |= 1u << 15;
    c.DeliverEvent(kVecDb, false, 0, false);
  }
}

}  // namespace m86::pm
