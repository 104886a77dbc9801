// Decimal arithmetic: DAA DAS AAA AAS AAM AAD (SDM Vol. 2A, the instructions of those names)
// and the undocumented SALC (D6). The flags the SDM leaves undefined follow the model's
// ArithStyle (the 8086 and 80286 vectors, the host for the 80386 and later).
#include "cpu/interp/arith_flags.h"
#include "cpu/interp/handlers.h"

namespace m86 {
namespace {

// DAA/DAS: adjust AL after a packed-BCD addition/subtraction. OF, undefined, is that of the
// whole adjustment (AL plus or minus 06, 60 or 66) on every model.
void DecimalAdjust(Cpu& c, bool subtract) {
  const uint32_t f = c.GetFlags();
  const uint8_t al = GetReg<uint8_t>(c, kEax);
  const bool old_af = f & flag::kAf, old_cf = f & flag::kCf;
  const bool is8086 = c.model().arith == ArithStyle::k8086;
  uint8_t adjust = 0;
  bool af = false, cf = false;
  if ((al & 0xF) > 9 || old_af) {
    adjust = 0x06;
    af = true;
    cf = subtract ? al < 0x06 : al > 0xF9;  // the carry or borrow of that first step
  }
  // The 8086 compares with 9F instead of 99 when AF was set on entry, and its CF reports the
  // second step only; later models keep the first step's carry (SDM DAS: CF <- old_CF or borrow).
  const uint8_t limit = is8086 && old_af ? 0x9F : 0x99;
  if (al > limit || old_cf) {
    adjust |= 0x60;
    cf = true;
  } else if (is8086) {
    cf = false;
  }
  const uint8_t res = static_cast<uint8_t>(subtract ? al - adjust : al + adjust);
  const uint32_t alu = subtract ? SubFlags<uint8_t>(al, adjust) : AddFlags<uint8_t>(al, adjust);
  SetReg<uint8_t>(c, kEax, res);
  SetArithFlags(c, (alu & ~(flag::kAf | flag::kCf)) | (af ? flag::kAf : 0) | (cf ? flag::kCf : 0));
}

void Daa(Cpu& c, const DecodedInsn&) { DecimalAdjust(c, false); }
void Das(Cpu& c, const DecodedInsn&) { DecimalAdjust(c, true); }

// AAA/AAS: adjust AX after an unpacked-BCD addition/subtraction. The 8086 adds 6 to AL and 1
// to AH separately; the 80286 and later add 106h to AX, so a carry out of AL reaches AH.
// SF ZF PF OF (undefined) come from the adjusting addition: the 8-bit one of AL and 6 (or 0)
// on the 8086, 80286 and 80386 (test386.asm POST E0 on 386 hardware), a 16-bit one on the
// host (SF, ZF and OF of AX).
void AsciiAdjust(Cpu& c, bool subtract) {
  const uint32_t f = c.GetFlags();
  const uint16_t ax = GetReg<uint16_t>(c, kEax);
  const uint8_t al = static_cast<uint8_t>(ax);
  const bool adjust = (al & 0xF) > 9 || (f & flag::kAf);
  const ArithStyle style = c.model().arith;
  uint16_t res;
  uint32_t alu;
  if (style == ArithStyle::kHost) {
    const uint16_t k = adjust ? 0x106 : 0;
    res = static_cast<uint16_t>(subtract ? ax - k : ax + k);
    alu = subtract ? SubFlags<uint16_t>(ax, k) : AddFlags<uint16_t>(ax, k);
  } else {
    const uint8_t k = adjust ? 6 : 0;
    alu = subtract ? SubFlags<uint8_t>(al, k) : AddFlags<uint8_t>(al, k);
    if (style == ArithStyle::k8086) {
      const uint8_t ah = static_cast<uint8_t>((ax >> 8) + (adjust ? (subtract ? -1 : 1) : 0));
      res = static_cast<uint16_t>((ah << 8) | static_cast<uint8_t>(subtract ? al - k : al + k));
    } else {
      const uint16_t k16 = adjust ? 0x106 : 0;
      res = static_cast<uint16_t>(subtract ? ax - k16 : ax + k16);
    }
  }
  SetReg<uint16_t>(c, kEax, static_cast<uint16_t>(res & 0xFF0F));
  SetArithFlags(c, (alu & ~(flag::kAf | flag::kCf)) | (adjust ? flag::kAf | flag::kCf : 0));
}

void Aaa(Cpu& c, const DecodedInsn&) { AsciiAdjust(c, false); }
void Aas(Cpu& c, const DecodedInsn&) { AsciiAdjust(c, true); }

// AAM imm8: AH = AL / imm8, AL = AL % imm8; #DE for a base of 0. SF ZF PF from AL; OF AF CF
// (undefined) are clear on every model.
void Aam(Cpu& c, const DecodedInsn& d) {
  const uint8_t base = static_cast<uint8_t>(d.imm);
  const uint8_t al = GetReg<uint8_t>(c, kEax);
  if (base == 0) {
    // The FLAGS image the exception pushes: the 8086 shows those of a zero result, the 80286
    // SF ZF PF of AL zero-extended to 16 bits (vectors).
    if (c.model().arith == ArithStyle::k8086) SetLazy(c.s, LazyOp::kLogic, 8, 0, 0, 0);
    if (c.model().arith == ArithStyle::k80286) SetLazy(c.s, LazyOp::kLogic, 16, al, 0, al);
    c.Fault(kVecDe);
  }
  const uint8_t q = static_cast<uint8_t>(al / base), r = static_cast<uint8_t>(al % base);
  SetReg<uint16_t>(c, kEax, static_cast<uint16_t>((q << 8) | r));
  SetLazy(c.s, LazyOp::kLogic, 8, r, 0, r);
}

// AAD imm8: AL = AL + AH * imm8, AH = 0. The flags are those of the final 8-bit addition,
// except that the 80286 sets OF equal to CF.
void Aad(Cpu& c, const DecodedInsn& d) {
  const uint16_t ax = GetReg<uint16_t>(c, kEax);
  const uint8_t al = static_cast<uint8_t>(ax);
  const uint8_t product = static_cast<uint8_t>((ax >> 8) * (d.imm & 0xFF));
  const uint8_t res = static_cast<uint8_t>(al + product);
  SetReg<uint16_t>(c, kEax, res);
  if (c.model().arith == ArithStyle::k80286) {
    const uint32_t alu = AddFlags<uint8_t>(al, product);
    SetArithFlags(c, (alu & ~flag::kOf) | ((alu & flag::kCf) ? flag::kOf : 0));
  } else {
    SetLazy(c.s, LazyOp::kAdd, 8, al, product, res);
  }
}

// SALC (undocumented, D6): AL = CF ? FF : 00; flags unchanged.
void Salc(Cpu& c, const DecodedInsn&) { SetReg<uint8_t>(c, kEax, FlagC(c.s) ? 0xFF : 0x00); }

}  // namespace

void RegisterBcdHandlers(HandlerTable& t) {
  t.Set(Op::DAA, &Daa);
  t.Set(Op::DAS, &Das);
  t.Set(Op::AAA, &Aaa);
  t.Set(Op::AAS, &Aas);
  t.Set(Op::AAM, &Aam);
  t.Set(Op::AAD, &Aad);
  t.Set(Op::SALC, &Salc);
}

}  // namespace m86
