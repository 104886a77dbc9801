// MOV to and from segment registers, LDS/LES/LSS/LFS/LGS, and the 8086's POP CS.
// SDM Vol. 2, MOV (segment forms) and LDS/LES/LFS/LGS/LSS.
#include "cpu/interp/handlers.h"
#include "cpu/interp/operands.h"
#include "cpu/segments.h"

namespace m86 {
namespace {

// The segment register a MOV Sreg form names: the 8086 decodes only two bits of the field;
// later models raise #UD for a number they lack (the 80286 has four, model.h).
inline int SegRegField(Cpu& c, const DecodedInsn& d) {
  if (!c.model().has_invalid_opcode) return d.reg() & 3;
  if (d.reg() >= c.model().segment_register_count) c.Fault(kVecUd);
  return d.reg();
}

// A register destination with a 32-bit operand size receives the zero-extended selector.
template <typename T> void MovEwSw(Cpu& c, const DecodedInsn& d) {
  const int sr = SegRegField(c, d);
  if (sr > kGs) c.Fault(kVecUd);
  const uint16_t sel = c.s.seg[sr].selector;
  if (d.mem())
    c.Write<uint16_t>(d.seg, EffectiveAddress(c, d), sel);
  else
    SetReg<T>(c, d.rm(), sel);
}

void MovSwEw(Cpu& c, const DecodedInsn& d) {
  const int sr = SegRegField(c, d);
  // Loading CS with MOV is invalid from the 80286 on; the 8086 performs it.
  if (sr > kGs || (sr == kCs && c.model().gen != kGen8086)) c.Fault(kVecUd);
  const uint16_t sel = ReadRm<uint16_t>(c, d);
  if (sr == kCs)
    LoadSegmentRealMode(c, kCs, sel);
  else
    LoadSegment(c, static_cast<SegReg>(sr), sel);
  c.OnModeChange();
}

// 8086 0F: POP CS.
void PopCs(Cpu& c, const DecodedInsn&) {
  const uint16_t sel = Pop<uint16_t>(c);
  LoadSegmentRealMode(c, kCs, sel);
  c.OnModeChange();
}

inline SegReg FarPointerSeg(const DecodedInsn& d) {
  switch (d.opcode) {
    case 0xC4: return kEs;
    case 0xC5: return kDs;
    case 0xB2: return kSs;
    case 0xB4: return kFs;
    default: return kGs;
  }
}

template <typename T> void LoadFarPointer(Cpu& c, const DecodedInsn& d) {
  const uint64_t ea = EffectiveAddress(c, d);
  // The 8086 accepts a register operand and uses the last computed address; undefined, keep the
  // offset as decoded.
  const T off = c.Read<T>(d.seg, ea);
  const uint16_t sel = c.Read<uint16_t>(d.seg, OperandOffset(d, ea, sizeof(T)));
  const SegReg sr = FarPointerSeg(d);
  LoadSegment(c, sr, sel);
  SetReg<T>(c, d.reg(), off);
  if (sr == kSs) c.OnModeChange();
}

}  // namespace

void RegisterSegmentHandlers(HandlerTable& t) {
  M86_SET_SIZED64(t, MOV_EwSw, MovEwSw);  // REX.W: the selector zero-extended to 64 bits
  t.Set(Op::MOV_SwEw, &MovSwEw);
  t.Set(Op::POP_CS, &PopCs);
  M86_SET_SIZED64(t, LOAD_FAR_POINTER, LoadFarPointer);  // LSS/LFS/LGS m16:64 with REX.W
}

}  // namespace m86
