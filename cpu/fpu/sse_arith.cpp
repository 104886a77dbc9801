// One lane of ADD/SUB/MUL/DIV/SQRT/MIN/MAX and of the comparisons, in either format (SDM Vol. 2,
// ADDPS ... MAXSD and CMPPS; special operands per Vol. 1, 4.8.3 and 11.5.2).
#include "cpu/fpu/sse_internal.h"

namespace m86::fpu::sse {

using detail::Isqrt128;
using detail::ShiftRightJam;

namespace {

// A zero or an exact operand goes through the rounding too: a denormal passed through is a
// tiny result (FTZ flushes it).
uint64_t Repack(bool sign, const Operand& x, const Format& f, LaneEnv& env) {
  if (x.kind == Kind::kZero) return f.Zero(sign);
  return RoundPack(sign, x.exp, U128{x.sig} << 64, f, env);
}

// Signed order of two non-NaN operands (zeros of either sign are equal).
Order OrderOf(const Operand& a, const Operand& b, const Format& f) {
  const bool za = a.kind == Kind::kZero, zb = b.kind == Kind::kZero;
  if (za && zb) return Order::kEqual;
  if (a.sign != b.sign) return a.sign ? Order::kLess : Order::kGreater;
  // Same sign: the encodings without the sign order the magnitudes (zero, possibly a DAZ-ed
  // denormal, as 0).
  const uint64_t ma = za ? 0 : a.bits & ~f.SignBit();
  const uint64_t mb = zb ? 0 : b.bits & ~f.SignBit();
  if (ma == mb) return Order::kEqual;
  return (ma < mb) != a.sign ? Order::kLess : Order::kGreater;
}

}  // namespace

uint64_t AddLane(uint64_t a_bits, uint64_t b_bits, bool subtract, const Format& f, LaneEnv& env) {
  Operand a = Unpack(a_bits, f, env);
  Operand b = Unpack(b_bits, f, env);
  if (a.IsNaN() || b.IsNaN()) return PropagateNaN(a, &b, f, env);
  b.sign ^= subtract;
  // A denormal beside an infinity still raises DE (measured; unlike the x87).
  CheckDenormal(a, &b, env);
  if (a.kind == Kind::kInfinity || b.kind == Kind::kInfinity) {
    if (a.kind == b.kind && a.sign != b.sign) return Invalid(f, env);  // inf - inf
    return f.Infinity(a.kind == Kind::kInfinity ? a.sign : b.sign);
  }
  const Rounding rc = env.rounding();
  if (a.kind == Kind::kZero && b.kind == Kind::kZero) {
    // IEEE 754 6.3: the sum of opposite zeros is +0, -0 when rounding down.
    return f.Zero(a.sign == b.sign ? a.sign : rc == Rounding::kDown);
  }
  if (a.kind == Kind::kZero) return Repack(b.sign, b, f, env);
  if (b.kind == Kind::kZero) return Repack(a.sign, a, f, env);
  if (a.exp < b.exp || (a.exp == b.exp && a.sig < b.sig)) {
    const Operand t = a;
    a = b;
    b = t;
  }
  // Both significands with two spare bits on top (bit 125 weighs 2^a.exp), the smaller one
  // aligned with a sticky bit; the 62 bits below a 64-bit significand keep the rounding exact.
  const U128 big = U128{a.sig} << 62;
  const U128 small = ShiftRightJam(U128{b.sig} << 62, a.exp - b.exp);
  const U128 sum = a.sign == b.sign ? big + small : big - small;
  if (sum == 0) return f.Zero(rc == Rounding::kDown);
  return RoundPack(a.sign, a.exp + 2, sum, f, env);
}

uint64_t MulLane(uint64_t a_bits, uint64_t b_bits, const Format& f, LaneEnv& env) {
  const Operand a = Unpack(a_bits, f, env);
  const Operand b = Unpack(b_bits, f, env);
  if (a.IsNaN() || b.IsNaN()) return PropagateNaN(a, &b, f, env);
  const bool sign = a.sign != b.sign;
  const bool zero = a.kind == Kind::kZero || b.kind == Kind::kZero;
  if (a.kind == Kind::kInfinity || b.kind == Kind::kInfinity) {
    if (zero) return Invalid(f, env);  // 0 * inf
    CheckDenormal(a, &b, env);
    return f.Infinity(sign);
  }
  CheckDenormal(a, &b, env);
  if (zero) return f.Zero(sign);
  // The 128-bit product has its top bit at 127 or 126; bit 127 weighs 2^(a.exp + b.exp + 1).
  return RoundPack(sign, a.exp + b.exp + 1, U128{a.sig} * b.sig, f, env);
}

uint64_t DivLane(uint64_t a_bits, uint64_t b_bits, const Format& f, LaneEnv& env) {
  const Operand a = Unpack(a_bits, f, env);
  const Operand b = Unpack(b_bits, f, env);
  if (a.IsNaN() || b.IsNaN()) return PropagateNaN(a, &b, f, env);
  const bool sign = a.sign != b.sign;
  if (a.kind == b.kind && (a.kind == Kind::kInfinity || a.kind == Kind::kZero)) {
    return Invalid(f, env);  // inf / inf, 0 / 0
  }
  if (a.kind == Kind::kInfinity) {
    CheckDenormal(a, &b, env);
    return f.Infinity(sign);
  }
  if (b.kind == Kind::kZero) {
    // ZE outranks DE: a denormal dividend raises only ZE.
    env.pre |= kZeroDivide;
    return f.Infinity(sign);
  }
  CheckDenormal(a, &b, env);
  if (b.kind == Kind::kInfinity || a.kind == Kind::kZero) return f.Zero(sign);
  // a.sig * 2^64 / b.sig lies in (2^63, 2^65): at least 64 quotient bits, and a nonzero
  // remainder becomes the sticky bit.
  const U128 n = U128{a.sig} << 64;
  const U128 q = n / b.sig;
  const bool sticky = n % b.sig != 0;
  return RoundPack(sign, a.exp - b.exp + 63, q | sticky, f, env);
}

uint64_t SqrtLane(uint64_t a_bits, const Format& f, LaneEnv& env) {
  const Operand a = Unpack(a_bits, f, env);
  if (a.IsNaN()) return PropagateNaN(a, nullptr, f, env);
  if (a.kind == Kind::kZero) return f.Zero(a.sign);  // sqrt(-0) = -0
  if (a.sign) return Invalid(f, env);
  CheckDenormal(a, nullptr, env);
  if (a.kind == Kind::kInfinity) return a.bits;
  // value = sig * 2^e with e = exp - 63; as n * 2^k with k even and n in [2^126, 2^128),
  // sqrt(value) = sqrt(n) * 2^(k/2) and r = floor(sqrt(n)) has 64 bits; a nonzero remainder is
  // the sticky bit (the root of a 64-bit significand is never a tie for 53 bits or fewer).
  const int32_t e = a.exp - 63;
  const bool odd = e & 1;
  const U128 n = U128{a.sig} << (odd ? 63 : 64);
  const int32_t k = e - (odd ? 63 : 64);
  const uint64_t r = Isqrt128(n);
  const bool sticky = n != U128{r} * r;
  return RoundPack(false, k / 2 + 63, U128{r} << 64 | sticky, f, env);
}

uint64_t MinMaxLane(uint64_t a_bits, uint64_t b_bits, bool max, const Format& f, LaneEnv& env) {
  const Operand a = Unpack(a_bits, f, env);
  const Operand b = Unpack(b_bits, f, env);
  // Any NaN, quiet or not, is invalid, and the second operand is returned as it is, an SNaN
  // unquieted (SDM Vol. 2B, MAXPS/MINPS); so it is for two zeros. DAZ applies to it first.
  if (a.IsNaN() || b.IsNaN()) {
    env.pre |= kInvalid;
    return b.kind == Kind::kZero ? f.Zero(b.sign) : b.bits;
  }
  CheckDenormal(a, &b, env);
  const Order order = OrderOf(a, b, f);
  const Operand& pick = (order == (max ? Order::kGreater : Order::kLess)) ? a : b;
  return pick.kind == Kind::kZero ? f.Zero(pick.sign) : pick.bits;
}

uint64_t ArithLane(SseArith op, uint64_t a, uint64_t b, const Format& f, LaneEnv& env) {
  switch (op) {
    case SseArith::kAdd:
      return AddLane(a, b, false, f, env);
    case SseArith::kSub:
      return AddLane(a, b, true, f, env);
    case SseArith::kMul:
      return MulLane(a, b, f, env);
    case SseArith::kDiv:
      return DivLane(a, b, f, env);
    case SseArith::kMin:
      return MinMaxLane(a, b, false, f, env);
    case SseArith::kMax:
      return MinMaxLane(a, b, true, f, env);
  }
  return 0;
}

Order CompareLane(uint64_t a_bits, uint64_t b_bits, bool signal_qnan, const Format& f,
                  LaneEnv& env) {
  const Operand a = Unpack(a_bits, f, env);
  const Operand b = Unpack(b_bits, f, env);
  if (a.IsNaN() || b.IsNaN()) {
    if (signal_qnan || a.kind == Kind::kSNaN || b.kind == Kind::kSNaN) env.pre |= kInvalid;
    return Order::kUnordered;
  }
  CheckDenormal(a, &b, env);
  return OrderOf(a, b, f);
}

}  // namespace m86::fpu::sse
