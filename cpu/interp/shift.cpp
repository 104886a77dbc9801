// ROL ROR RCL RCR SHL/SAL SHR SAR (C0 C1 D0-D3) and SHLD SHRD (0F A4 A5 AC AD). SDM Vol. 2B,
// "RCL/RCR/ROL/ROR", "SAL/SAR/SHL/SHR", "SHLD", "SHRD".
//
// Every model computes CF and OF as if it shifted one bit at a time (the 8086 really does, for
// counts up to 255): CF is the last bit shifted out, OF is derived from the final result (for
// left shifts and rotates the top bit XOR CF, for right ones the top two bits XORed). The SDM
// defines OF for counts of 1 only; the vectors and the host agree on this rule for all counts.
// AF, undefined, differs: the 8086 and 80286 give SHL bit 4 of the result, the 8086 clears it
// for SHR/SAR and the 80286 sets it; the host sets it for every shift.
//
// Counts beyond the operand width (byte counts 9-31, word counts 17-31) leave a zero result on
// every model, but CF differs: the host clears it, while the 80386 takes it as if the count were
// reduced into 1..width: byte SHL by 16 or 24 gives the operand's low bit, SHR its high bit,
// as they do for a count of 8 (test386.asm POST E0, measured on 386 hardware). That is what a
// shifter that sees the operand repeated across its 32-bit width produces; counts that are not
// a multiple of the width follow the same rule.
#include "cpu/interp/arith_flags.h"
#include "cpu/interp/handlers.h"

namespace m86 {
namespace {

enum ShiftOp { kRol, kRor, kRcl, kRcr, kShl, kShr, kSetmo, kSar };

template <typename T>
constexpr T kAllOnes = static_cast<T>(~T{0});

template <typename T>
bool TopBit(T v) {
  return (v & kSignBit<T>) != 0;
}
template <typename T>
bool SecondBit(T v) {
  return (v >> (kBits<T> - 2)) & 1;
}

// AF after SHL/SHR/SAR (undefined in the SDM).
template <typename T>
uint32_t ShiftAf(const Cpu& c, bool left, T res) {
  switch (c.model().arith) {
    case ArithStyle::k8086:
      return left ? (res & 0x10) : 0;
    case ArithStyle::k80286:
      return left ? (res & 0x10) : flag::kAf;
    case ArithStyle::k80386:
    case ArithStyle::kHost:
      return flag::kAf;
  }
  return 0;
}

// Rotates `v` by `count` (not 0) and sets CF and OF; the other flags keep their values.
template <typename T>
T Rotate(Cpu& c, int op, T v, uint32_t count) {
  constexpr int n = kBits<T>;
  T res;
  bool cf;
  if (op == kRol || op == kRor) {
    const int k = static_cast<int>(count % n);
    if (op == kRol) {
      res = k ? static_cast<T>((v << k) | (v >> (n - k))) : v;
      cf = res & 1;  // the bit rotated in last
    } else {
      res = k ? static_cast<T>((v >> k) | (v << (n - k))) : v;
      cf = TopBit(res);
    }
  } else {
    // RCL/RCR rotate the n+1-bit value CF:v (SDM: the count is taken modulo 9 or 17 for byte
    // and word operands; for doublewords and quadwords the masked count is below n+1 anyway).
    using Wide = DoubleWidth<T>;
    const Wide mask = (Wide{1} << (n + 1)) - 1;
    Wide wide = (Wide{FlagC(c.s)} << n) | v;
    const int k = static_cast<int>(count % (n + 1));
    if (k != 0) {
      wide = op == kRcl ? ((wide << k) | (wide >> (n + 1 - k))) & mask
                        : ((wide >> k) | (wide << (n + 1 - k))) & mask;
    }
    res = static_cast<T>(wide);
    cf = (wide >> n) & 1;
  }
  const bool of = (op == kRol || op == kRcl) ? TopBit(res) != cf : TopBit(res) != SecondBit(res);
  SetArithFlags(c, (cf ? flag::kCf : 0) | (of ? flag::kOf : 0), flag::kCf | flag::kOf);
  return res;
}

// SHL, SHR, SAR by `count` (not 0; the 8086 passes counts up to 255); sets all six flags.
template <typename T>
T Shift(Cpu& c, int op, T v, uint32_t count) {
  constexpr uint32_t n = kBits<T>;
  T res;
  bool cf, of;
  // The count CF is taken at (see the file comment).
  const uint32_t cf_count =
      count > n && c.model().arith == ArithStyle::k80386 ? (count - 1) % n + 1 : count;
  if (op == kShl) {
    res = count >= n ? T{0} : static_cast<T>(uint64_t{v} << count);
    cf = cf_count <= n && ((uint64_t{v} >> (n - cf_count)) & 1);
    of = TopBit(res) != cf;
  } else if (op == kShr) {
    res = count >= n ? T{0} : static_cast<T>(v >> count);
    cf = cf_count <= n && ((v >> (cf_count - 1)) & 1);
    of = TopBit(res) != SecondBit(res);
  } else {  // SAR
    const Signed<T> sv = static_cast<Signed<T>>(v);
    res = count >= n ? static_cast<T>(sv < 0 ? kAllOnes<T> : T{0}) : static_cast<T>(sv >> count);
    cf = count >= n ? sv < 0 : ((sv >> (count - 1)) & 1);
    of = false;
  }
  SetArithFlags(c, SignZeroParity<T>(res) | ShiftAf<T>(c, op == kShl, res) | (cf ? flag::kCf : 0) |
                       (of ? flag::kOf : 0));
  return res;
}

// The count's mask: 6 bits for 64-bit operands, the model's otherwise (SDM Vol. 2B, SAL/SAR/
// SHL/SHR, "IA-32 Architecture Compatibility").
template <typename T>
uint32_t MaskCount(const Cpu& c, uint32_t raw_count) {
  return raw_count & (sizeof(T) == 8 ? 0x3F : c.model().shift_count_mask);
}

// Group 2 with a count: 1 (D0 D1), CL (D2 D3) or imm8 (C0 C1). A count that masks to 0
// changes no value or flag, but the operand is still written back, as the host does: memory
// is read and written (a read-only page faults, the dirty bit gets set), and a 32-bit register
// in 64-bit mode is zero-extended (SDM Vol. 1, 3.4.1.1).
template <typename T>
void Group2(Cpu& c, const DecodedInsn& d, uint32_t raw_count) {
  const uint32_t count = MaskCount<T>(c, raw_count);
  int op = d.reg();
  const T v = ReadRmForWrite<T>(c, d);
  if (count == 0) {
    WriteRm<T>(c, d, v);
    return;
  }
  if (op == kSetmo) {
    if (c.model().arith == ArithStyle::k8086) {
      // The 8086's undocumented /6 ("SETMO"/"SETMOC"): the operand becomes all ones, with the
      // flags of an OR of all ones (SF PF set, the others clear).
      WriteRm<T>(c, d, kAllOnes<T>);
      SetLazy(c.s, LazyOp::kLogic, kBits<T>, kAllOnes<T>, kAllOnes<T>, kAllOnes<T>);
      return;
    }
    op = kShl;  // the 80286 and later treat /6 as SHL (SAL)
  }
  const T res = op <= kRcr ? Rotate<T>(c, op, v, count) : Shift<T>(c, op, v, count);
  WriteRm<T>(c, d, res);
}

template <typename T>
void Group2One(Cpu& c, const DecodedInsn& d) {
  Group2<T>(c, d, 1);
}
template <typename T>
void Group2Cl(Cpu& c, const DecodedInsn& d) {
  Group2<T>(c, d, GetReg<uint8_t>(c, kEcx));
}
template <typename T>
void Group2Ib(Cpu& c, const DecodedInsn& d) {
  Group2<T>(c, d, d.imm & 0xFF);
}

// SHLD/SHRD: shift the destination, filling from the source register; the count is taken
// modulo 32 (64 for 64-bit operands), and a count of 0 writes the destination back as Group2
// does. 16-bit operands with counts above 16 are undefined in the SDM; the host shifts the
// 48-bit value dest:src:src (SHLD) or src:src:dest (SHRD) and, past 16, clears CF (and OF for
// SHLD).
template <typename T>
void DoubleShift(Cpu& c, const DecodedInsn& d, uint32_t raw_count, bool left) {
  const uint32_t count = raw_count & (sizeof(T) == 8 ? 0x3F : 0x1F);
  const T dst = ReadRmForWrite<T>(c, d);
  if (count == 0) {
    WriteRm<T>(c, d, dst);
    return;
  }
  const T src = GetReg<T>(c, d.reg());
  constexpr uint32_t n = kBits<T>;
  T res;
  bool cf, of;
  if constexpr (sizeof(T) >= 4) {
    using Wide = DoubleWidth<T>;
    const Wide wide = left ? (Wide{dst} << n) | src : (Wide{src} << n) | dst;
    res = static_cast<T>(left ? wide >> (n - count) : wide >> count);
    cf = left ? (dst >> (n - count)) & 1 : (dst >> (count - 1)) & 1;
  } else {
    const uint64_t s = src;
    const uint64_t wide =
        left ? (uint64_t{dst} << 32) | (s << 16) | s : (s << 32) | (s << 16) | dst;
    res = static_cast<T>(left ? wide >> (32 - count) : wide >> count);
    cf = count <= n && (left ? (wide >> (48 - count)) & 1 : (wide >> (count - 1)) & 1);
  }
  if (left)
    of = count < n ? TopBit(res) != cf : (count == n && cf);
  else
    of = TopBit(res) != SecondBit(res);
  WriteRm<T>(c, d, res);
  SetArithFlags(c,
                SignZeroParity<T>(res) | flag::kAf | (cf ? flag::kCf : 0) | (of ? flag::kOf : 0));
}

template <typename T>
void ShldIb(Cpu& c, const DecodedInsn& d) {
  DoubleShift<T>(c, d, d.imm, true);
}
template <typename T>
void ShldCl(Cpu& c, const DecodedInsn& d) {
  DoubleShift<T>(c, d, c.s.gpr[kEcx], true);
}
template <typename T>
void ShrdIb(Cpu& c, const DecodedInsn& d) {
  DoubleShift<T>(c, d, d.imm, false);
}
template <typename T>
void ShrdCl(Cpu& c, const DecodedInsn& d) {
  DoubleShift<T>(c, d, c.s.gpr[kEcx], false);
}

}  // namespace

void RegisterShiftHandlers(HandlerTable& t) {
  t.Set(Op::SHIFT_Eb1, &Group2One<uint8_t>);
  M86_SET_SIZED64(t, SHIFT_Ev1, Group2One);
  t.Set(Op::SHIFT_EbCL, &Group2Cl<uint8_t>);
  M86_SET_SIZED64(t, SHIFT_EvCL, Group2Cl);
  t.Set(Op::SHIFT_EbIb, &Group2Ib<uint8_t>);
  M86_SET_SIZED64(t, SHIFT_EvIb, Group2Ib);
  M86_SET_SIZED64(t, SHLD_Ib, ShldIb);
  M86_SET_SIZED64(t, SHLD_CL, ShldCl);
  M86_SET_SIZED64(t, SHRD_Ib, ShrdIb);
  M86_SET_SIZED64(t, SHRD_CL, ShrdCl);
}

}  // namespace m86
