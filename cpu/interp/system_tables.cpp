// The descriptor-table and task registers: LGDT/LIDT/SGDT/SIDT, LLDT/SLDT, LTR/STR
// (SDM Vol. 2A-2B, the instructions of the same names; Vol. 3A, 2.4 and 7.2.4).
#include "cpu/canonical.h"
#include "cpu/descriptors.h"
#include "cpu/interp/operands.h"
#include "cpu/interp/system.h"

namespace m86 {
namespace {

// LGDT/LIDT: a 16-bit limit, then the base; with a 16-bit operand size only 24 base bits load.
// In 64-bit mode the operand is always 10 bytes with a 64-bit base, which must be canonical
// (SDM Vol. 2A, LGDT/LIDT, "64-Bit Mode Exceptions").
template <typename T> void LoadTableRegister(Cpu& c, const DecodedInsn& d, TableRegister& reg) {
  RequireCpl0(c);
  const uint64_t ea = EffectiveAddress(c, d);
  const uint16_t limit = c.Read<uint16_t>(d.seg, ea);
  uint64_t base = c.Read<uint32_t>(d.seg, OperandOffset(d, ea, 2));
  if (Code64(c.s)) {
    base |= uint64_t{c.Read<uint32_t>(d.seg, OperandOffset(d, ea, 6))} << 32;
    if (!IsCanonical(base)) c.Fault(kVecGp, 0);
  } else if constexpr (sizeof(T) == 2) {
    base &= 0x00FFFFFFu;
  }
  reg = TableRegister{base, limit};
}
template <typename T> void Lgdt(Cpu& c, const DecodedInsn& d) { LoadTableRegister<T>(c, d, c.s.gdtr); }
template <typename T> void Lidt(Cpu& c, const DecodedInsn& d) { LoadTableRegister<T>(c, d, c.s.idtr); }

// SGDT/SIDT store the limit, then the base. With a 16-bit operand size the sixth byte is 0, or
// 0xFF on the 80286 (SDM Vol. 2B, SGDT, "IA-32 Architecture Compatibility"). Not privileged.
template <typename T> void StoreTableRegister(Cpu& c, const DecodedInsn& d, const TableRegister& reg) {
  const uint64_t ea = EffectiveAddress(c, d);
  const uint64_t base_off = OperandOffset(d, ea, 2);
  uint64_t base = reg.base;
  if constexpr (sizeof(T) == 2)
    base = (base & 0x00FFFFFFu) | (c.model().gen == kGen286 ? 0xFF000000u : 0);
  // 64-bit mode stores all 64 bits of the base: a 10-byte operand.
  const bool wide = Code64(c.s);
  const uint64_t high_off = OperandOffset(d, ea, 6);
  // Check the base's bytes first so a fault there leaves memory unchanged.
  c.ReadForWrite<uint32_t>(d.seg, base_off);
  if (wide) c.ReadForWrite<uint32_t>(d.seg, high_off);
  c.Write<uint16_t>(d.seg, ea, static_cast<uint16_t>(reg.limit));
  c.Write<uint32_t>(d.seg, base_off, static_cast<uint32_t>(base));
  if (wide) c.Write<uint32_t>(d.seg, high_off, static_cast<uint32_t>(base >> 32));
}
template <typename T> void Sgdt(Cpu& c, const DecodedInsn& d) { StoreTableRegister<T>(c, d, c.s.gdtr); }
template <typename T> void Sidt(Cpu& c, const DecodedInsn& d) { StoreTableRegister<T>(c, d, c.s.idtr); }

inline uint32_t SelectorError(uint16_t sel) { return sel & 0xFFFCu; }

// The base of an LDT or TSS descriptor. In IA-32e mode the descriptor has 16 bytes: the upper
// half must lie inside the GDT and have type 0, and the 64-bit base must be canonical, else
// #GP(selector) (SDM Vol. 2A, LLDT and LTR, "IA-32e Mode Exceptions").
uint64_t SystemSegmentBase(Cpu& c, uint16_t sel, const Descriptor& desc) {
  if (!LongModeActive(c.s)) return desc.base();
  uint32_t high = 0, last = 0;
  if (ReadDescriptorUpper(c, sel, &high, &last) != DescriptorLookup::kOk || (last & 0x1F00u))
    c.Fault(kVecGp, SelectorError(sel));
  const uint64_t base = desc.base() | (uint64_t{high} << 32);
  if (!IsCanonical(base)) c.Fault(kVecGp, SelectorError(sel));
  return base;
}

void LoadSystemSegment(Cpu& c, Segment& reg, uint16_t sel, const Descriptor& desc, uint64_t base) {
  LoadSegmentCache(c, reg, sel, desc);
  reg.base = base;
}

// LLDT (SDM Vol. 2A): a null selector leaves LDTR unusable; otherwise a present LDT descriptor
// in the GDT, or #GP(selector) / #NP(selector).
void Lldt(Cpu& c, const DecodedInsn& d) {
  RequireProtectedMode(c);
  RequireCpl0(c);
  const uint16_t sel = ReadRm<uint16_t>(c, d);
  if ((sel & ~3u) == 0) {
    // Unusable: ReadDescriptor treats LDTR.selector 0 as "no LDT".
    c.s.ldtr = Segment{};
    return;
  }
  if (sel & 4) c.Fault(kVecGp, SelectorError(sel));
  Descriptor desc;
  if (ReadDescriptor(c, sel, &desc) != DescriptorLookup::kOk) c.Fault(kVecGp, SelectorError(sel));
  if (!desc.is_system() || desc.type() != sys_type::kLdt) c.Fault(kVecGp, SelectorError(sel));
  if (!desc.present()) c.Fault(kVecNp, SelectorError(sel));
  LoadSystemSegment(c, c.s.ldtr, sel, desc, SystemSegmentBase(c, sel, desc));
}

// LTR (SDM Vol. 2A): an available TSS in the GDT (16-bit, or 32-bit from the 80386 on) is
// marked busy in memory and loaded. A null selector is #GP(0).
void Ltr(Cpu& c, const DecodedInsn& d) {
  RequireProtectedMode(c);
  RequireCpl0(c);
  const uint16_t sel = ReadRm<uint16_t>(c, d);
  if ((sel & ~3u) == 0) c.Fault(kVecGp, 0);
  if (sel & 4) c.Fault(kVecGp, SelectorError(sel));
  Descriptor desc;
  if (ReadDescriptor(c, sel, &desc) != DescriptorLookup::kOk) c.Fault(kVecGp, SelectorError(sel));
  const uint8_t type = desc.type();
  // IA-32e mode has only the 64-bit TSS, with type 9 (SDM Vol. 3A, 7.2.3).
  const bool available =
      type == sys_type::kTss32 ? c.model().gen >= kGen386
                               : type == sys_type::kTss16 && !LongModeActive(c.s);
  if (!desc.is_system() || !available) c.Fault(kVecGp, SelectorError(sel));
  if (!desc.present()) c.Fault(kVecNp, SelectorError(sel));
  const uint64_t base = SystemSegmentBase(c, sel, desc);
  // Only the access byte is written, as the processor's locked update of the type does.
  desc.hi |= uint32_t{sys_type::kBusy} << 8;
  c.WriteLinear<uint8_t>(DescriptorAddress(c, sel, 5), desc.access(), true);
  LoadSystemSegment(c, c.s.tr, sel, desc, base);
}

// SLDT/STR: a register destination with a 32-bit operand size gets the selector zero-extended
// (the P6 behaviour; earlier processors leave the upper half undefined). Memory gets 16 bits.
template <typename T> void StoreSelector(Cpu& c, const DecodedInsn& d, uint16_t sel) {
  if (d.mem())
    c.Write<uint16_t>(d.seg, EffectiveAddress(c, d), sel);
  else
    SetReg<T>(c, d.rm(), sel);
}
template <typename T> void Sldt(Cpu& c, const DecodedInsn& d) {
  RequireProtectedMode(c);
  StoreSelector<T>(c, d, c.s.ldtr.selector);
}
template <typename T> void Str(Cpu& c, const DecodedInsn& d) {
  RequireProtectedMode(c);
  StoreSelector<T>(c, d, c.s.tr.selector);
}

}  // namespace

void RegisterSystemTableHandlers(HandlerTable& t) {
  M86_SET_SIZED(t, LGDT, Lgdt);
  M86_SET_SIZED(t, LIDT, Lidt);
  M86_SET_SIZED(t, SGDT, Sgdt);
  M86_SET_SIZED(t, SIDT, Sidt);
  t.Set(Op::LLDT, &Lldt);
  t.Set(Op::LTR, &Ltr);
  M86_SET_SIZED(t, SLDT, Sldt);
  M86_SET_SIZED(t, STR, Str);
}

}  // namespace m86
