// MUL, IMUL (one, two and three operands), DIV and IDIV (SDM Vol. 2A/2B, the instructions of
// those names); 64-bit operands have 128-bit products and dividends. CF and OF follow the SDM;
// the flags it calls undefined follow the model's ArithStyle: the 8086 and 80286 values are
// the ones the SingleStepTests vectors show, the 80386 and later ones those of the x86-64 host
// the differential fuzzer compares with.
#include "cpu/interp/arith_flags.h"
#include "cpu/interp/handlers.h"

namespace m86 {
namespace {

constexpr uint32_t kCfOf = flag::kCf | flag::kOf;

// The accumulator pair a one-operand multiply writes and a divide reads: AX for bytes
// (AH:AL), DX:AX, EDX:EAX or RDX:RAX otherwise.
template <typename T>
DoubleWidth<T> ReadAccPair(const Cpu& c) {
  if constexpr (sizeof(T) == 1) return GetReg<uint16_t>(c, kEax);
  return (DoubleWidth<T>{GetReg<T>(c, kEdx)} << kBits<T>) | GetReg<T>(c, kEax);
}

template <typename T>
void WriteAccPair(Cpu& c, T lo, T hi) {
  if constexpr (sizeof(T) == 1) {
    SetReg<uint16_t>(c, kEax, static_cast<uint16_t>(lo | (hi << 8)));
  } else {
    SetReg<T>(c, kEax, lo);
    SetReg<T>(c, kEdx, hi);
  }
}

// Flags after a multiply whose product is hi:lo. `overflow` is the SDM's CF/OF condition.
template <typename T>
void SetMulFlags(Cpu& c, T lo, T hi, bool overflow, bool is_signed) {
  const uint32_t cf_of = overflow ? kCfOf : 0;
  switch (c.model().arith) {
    case ArithStyle::k8086: {
      // The microcode's last flag-setting step adds the sign adjustment (lo's top bit for
      // IMUL, nothing for MUL) to the high half.
      const T adjust = is_signed ? static_cast<T>(lo >> (kBits<T> - 1)) : T{0};
      SetArithFlags(c, (AddFlags<T>(hi, adjust) & ~kCfOf) | cf_of);
      return;
    }
    case ArithStyle::k80286:
      SetArithFlags(c, SignZeroParity<T>(hi) | flag::kAf | cf_of);
      return;
    case ArithStyle::k80386:
    case ArithStyle::kHost:
      SetArithFlags(c, cf_of, kCfOf);  // SF ZF AF PF keep their values
      return;
  }
}

// MUL r/m: unsigned accumulator times operand; CF=OF=1 when the high half is not zero.
template <typename T>
void Mul(Cpu& c, const DecodedInsn& d) {
  const T src = ReadRm<T>(c, d);
  const DoubleWidth<T> product = DoubleWidth<T>{GetReg<T>(c, kEax)} * src;
  const T lo = static_cast<T>(product), hi = static_cast<T>(product >> kBits<T>);
  WriteAccPair<T>(c, lo, hi);
  SetMulFlags<T>(c, lo, hi, hi != 0, false);
}

// IMUL r/m: signed; CF=OF=1 when the high half is not the sign extension of the low half.
template <typename T>
void ImulAcc(Cpu& c, const DecodedInsn& d) {
  const T src = ReadRm<T>(c, d);
  using Wide = SignedDoubleWidth<T>;
  Wide product = Wide{static_cast<Signed<T>>(GetReg<T>(c, kEax))} * static_cast<Signed<T>>(src);
  // The 8086 microcode tracks the product's sign in its F1 flag, which a REP prefix also sets:
  // with one, the product comes out negated.
  if (c.model().arith == ArithStyle::k8086 && HasRepPrefix(d))
    product = static_cast<Wide>(0 - static_cast<DoubleWidth<T>>(product));
  const T lo = static_cast<T>(product);
  const T hi = static_cast<T>(static_cast<DoubleWidth<T>>(product) >> kBits<T>);
  WriteAccPair<T>(c, lo, hi);
  SetMulFlags<T>(c, lo, hi, product != Wide{static_cast<Signed<T>>(lo)}, true);
}

// IMUL r, r/m (0F AF) and IMUL r, r/m, imm (69, 6B): the product is truncated to the operand
// size; CF=OF=1 when that loses significant bits.
template <typename T>
void ImulTo(Cpu& c, const DecodedInsn& d, T a, T b) {
  using Wide = SignedDoubleWidth<T>;
  const Wide product = Wide{static_cast<Signed<T>>(a)} * static_cast<Signed<T>>(b);
  const T lo = static_cast<T>(product);
  const T hi = static_cast<T>(static_cast<DoubleWidth<T>>(product) >> kBits<T>);
  SetReg<T>(c, d.reg(), lo);
  SetMulFlags<T>(c, lo, hi, product != Wide{static_cast<Signed<T>>(lo)}, true);
}
template <typename T>
void ImulGvEv(Cpu& c, const DecodedInsn& d) {
  const T src = ReadRm<T>(c, d);
  ImulTo<T>(c, d, GetReg<T>(c, d.reg()), src);
}
template <typename T>
void ImulGvEvIz(Cpu& c, const DecodedInsn& d) {
  ImulTo<T>(c, d, ReadRm<T>(c, d), ImmZ<T>(d));
}
template <typename T>
void ImulGvEvIb(Cpu& c, const DecodedInsn& d) {
  ImulTo<T>(c, d, ReadRm<T>(c, d), static_cast<T>(static_cast<int8_t>(d.imm)));
}

// The 8086 divides by shift and subtract, one quotient bit per step. A step whose shift
// carries out of the partial remainder subtracts without setting flags; every other step
// compares by a flag-setting subtraction. Returns the minuend of the last such subtraction
// (the initial overflow check, hi - divisor, when no step compared). Requires hi < divisor.
template <typename T>
T LastTrialMinuend8086(T hi, T lo, T divisor) {
  T rem = hi, low = lo, last = hi;
  for (int i = 0; i < kBits<T>; ++i) {
    const bool carry = (rem & kSignBit<T>) != 0;
    rem = static_cast<T>((rem << 1) | (low >> (kBits<T> - 1)));
    low = static_cast<T>(low << 1);
    if (carry) {
      rem = static_cast<T>(rem - divisor);
    } else {
      last = rem;
      if (rem >= divisor) rem = static_cast<T>(rem - divisor);
    }
  }
  return last;
}

// Flags after a divide that stored remainder r (80286 and later). On the 80286 SF ZF PF
// describe the remainder and AF is set; `cf_of` is its CF (= OF). The host clears SF ZF PF,
// sets AF and keeps CF and OF.
template <typename T>
void SetDivFlags(Cpu& c, T r, bool cf_of) {
  if (c.model().arith == ArithStyle::k80286)
    SetArithFlags(c, SignZeroParity<T>(r) | flag::kAf | (cf_of ? kCfOf : 0));
  else
    SetArithFlags(c, flag::kAf, flag::kArith & ~kCfOf);
}

// DIV r/m: the double-width accumulator by the operand; #DE when the divisor is 0 or the
// quotient does not fit.
template <typename T>
void Div(Cpu& c, const DecodedInsn& d) {
  const T divisor = ReadRm<T>(c, d);
  const DoubleWidth<T> dividend = ReadAccPair<T>(c);
  const T hi = static_cast<T>(dividend >> kBits<T>), lo = static_cast<T>(dividend);
  const bool is8086 = c.model().arith == ArithStyle::k8086;
  if (hi >= divisor) {  // divisor 0, or a quotient of more than T's width
    // The 8086 detects this by subtracting the divisor from the high half; the exception's
    // FLAGS image holds that subtraction's flags.
    if (is8086) SetArithFlags(c, SubFlags<T>(hi, divisor));
    c.Fault(kVecDe);
  }
  const T q = static_cast<T>(dividend / divisor), r = static_cast<T>(dividend % divisor);
  WriteAccPair<T>(c, q, r);
  if (is8086) {
    // The last comparing subtraction sets SF ZF AF PF OF; CF ends up as the complement of the
    // quotient's top bit.
    const uint32_t f = SubFlags<T>(LastTrialMinuend8086<T>(hi, lo, divisor), divisor);
    SetArithFlags(c, (f & ~flag::kCf) | ((q & kSignBit<T>) ? 0 : flag::kCf));
  } else {
    // 80286: CF (= OF) is the borrow of the last step's compare at the operand width: the
    // last partial remainder, truncated to that width, less the divisor.
    const T last = static_cast<T>(r + ((q & 1) ? divisor : T{0}));
    SetDivFlags<T>(c, r, last < divisor);
  }
}

// IDIV on the 8086: the microcode divides magnitudes, then fixes the signs. A quotient whose
// magnitude has the top bit set is an overflow, so -2^(n-1) raises #DE too, and a REP prefix
// (the F1 flag again) negates the quotient.
template <typename T>
void Idiv8086(Cpu& c, const DecodedInsn& d, T divisor, uint64_t dividend) {
  constexpr int kWide = 2 * kBits<T>;
  constexpr uint64_t kWideMask = (uint64_t{1} << kWide) - 1;
  const bool dividend_negative = (dividend >> (kWide - 1)) & 1;
  const bool divisor_negative = (divisor & kSignBit<T>) != 0;
  const uint64_t magnitude = dividend_negative ? (0 - dividend) & kWideMask : dividend;
  const T div_magnitude = divisor_negative ? static_cast<T>(0 - divisor) : divisor;
  const T hi = static_cast<T>(magnitude >> kBits<T>), lo = static_cast<T>(magnitude);
  if (hi >= div_magnitude) {
    SetArithFlags(c, SubFlags<T>(hi, div_magnitude));
    c.Fault(kVecDe);
  }
  T q = static_cast<T>(magnitude / div_magnitude);
  T r = static_cast<T>(magnitude % div_magnitude);
  const uint32_t trial = SubFlags<T>(LastTrialMinuend8086<T>(hi, lo, div_magnitude), div_magnitude);
  if (q & kSignBit<T>) {
    SetArithFlags(c, trial & ~flag::kCf);
    c.Fault(kVecDe);
  }
  if ((dividend_negative != divisor_negative) != HasRepPrefix(d)) q = static_cast<T>(0 - q);
  if (dividend_negative) r = static_cast<T>(0 - r);
  WriteAccPair<T>(c, q, r);
  SetArithFlags(c, trial & ~kCfOf);
}

// The 80286 and 80386 divide byte magnitudes by shift and subtract without checking the high
// half first, and the steps ignore the bit shifted out of the partial remainder; only the
// quotient's range is checked afterwards. Whenever the high half is below the divisor this is
// exact; otherwise the quotient is usually out of range (#DE), but some dividends give an
// in-range wrong result: quotient 80h, as if dividend bit 14 were flipped (vectors: 81C1h / 7Ch
// gives AL=80h, AH=C1h). A magnitude of 8000h loses its only bit and is taken as #DE.
bool DivideDroppingCarry(uint16_t magnitude, uint8_t divisor, uint8_t* q, uint8_t* r) {
  if (magnitude & 0x8000) return false;
  uint8_t rem = static_cast<uint8_t>(magnitude >> 8), quo = static_cast<uint8_t>(magnitude);
  for (int i = 0; i < 8; ++i) {
    rem = static_cast<uint8_t>((rem << 1) | (quo >> 7));
    quo = static_cast<uint8_t>(quo << 1);
    if (rem >= divisor) {
      rem = static_cast<uint8_t>(rem - divisor);
      quo |= 1;
    }
  }
  *q = quo;
  *r = rem;
  return true;
}

// IDIV r/m: signed; the quotient truncates toward zero, the remainder has the dividend's sign.
template <typename T>
void Idiv(Cpu& c, const DecodedInsn& d) {
  const T divisor = ReadRm<T>(c, d);
  const DoubleWidth<T> dividend = ReadAccPair<T>(c);
  if constexpr (sizeof(T) <= 2) {
    if (c.model().arith == ArithStyle::k8086) {
      Idiv8086<T>(c, d, divisor, dividend);
      return;
    }
  }
  if (divisor == 0) c.Fault(kVecDe);
  using Wide = DoubleWidth<T>;
  using SignedWide = SignedDoubleWidth<T>;
  constexpr int kSpare = 8 * sizeof(Wide) - 2 * kBits<T>;
  // Sign-extend the dividend to the wide type, then divide magnitudes (no signed overflow in
  // C++).
  const SignedWide n = static_cast<SignedWide>(dividend << kSpare) >> kSpare;
  const SignedWide v = static_cast<Signed<T>>(divisor);
  const Wide un = n < 0 ? 0 - static_cast<Wide>(n) : static_cast<Wide>(n);
  const Wide uv = v < 0 ? 0 - static_cast<Wide>(v) : static_cast<Wide>(v);
  Wide uq = un / uv, ur = un % uv;
  if constexpr (sizeof(T) == 1) {
    if (c.model().idiv_byte_drops_carry && (un >> 8) >= uv) {
      uint8_t q8, r8;
      if (!DivideDroppingCarry(static_cast<uint16_t>(un), static_cast<uint8_t>(uv), &q8, &r8))
        c.Fault(kVecDe);
      uq = q8;
      ur = r8;
    }
  }
  const bool negative = (n < 0) != (v < 0);
  // Quotients from -2^(n-1) to 2^(n-1)-1 fit (SDM Vol. 2A, IDIV).
  if (uq > (negative ? Wide{kSignBit<T>} : Wide{kSignBit<T>} - 1)) c.Fault(kVecDe);
  const T q = static_cast<T>(negative ? 0 - uq : uq);
  const T r = static_cast<T>(n < 0 ? 0 - ur : ur);
  WriteAccPair<T>(c, q, r);
  SetDivFlags<T>(c, r, v >= 0);  // 80286: CF = OF = the divisor is not negative
}

}  // namespace

void RegisterMulDivHandlers(HandlerTable& t) {
  t.Set(Op::MUL_Eb, &Mul<uint8_t>);
  M86_SET_SIZED64(t, MUL_Ev, Mul);
  t.Set(Op::IMUL_Eb, &ImulAcc<uint8_t>);
  M86_SET_SIZED64(t, IMUL_Ev, ImulAcc);
  M86_SET_SIZED64(t, IMUL_GvEv, ImulGvEv);
  M86_SET_SIZED64(t, IMUL_GvEvIz, ImulGvEvIz);
  M86_SET_SIZED64(t, IMUL_GvEvIb, ImulGvEvIb);
  t.Set(Op::DIV_Eb, &Div<uint8_t>);
  M86_SET_SIZED64(t, DIV_Ev, Div);
  t.Set(Op::IDIV_Eb, &Idiv<uint8_t>);
  M86_SET_SIZED64(t, IDIV_Ev, Idiv);
}

}  // namespace m86
