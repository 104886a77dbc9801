// FADD/FSUB (and the reversed and integer forms, which the x87 layer maps here): SDM Vol. 2,
// FADD and FSUB result tables; rounding per Vol. 1, 8.1.5.
#include "cpu/fpu/float80_internal.h"

namespace m86::fpu {

using namespace detail;

namespace {

// a + (negate_b ? -b : b). The sign flip applies to b's value only: a NaN operand keeps its sign.
Float80 AddSigned(const FpOperand& op_a, const FpOperand& op_b, bool negate_b, FpEnv& env) {
  const Float80& a = op_a.value;
  const Float80& b = op_b.value;
  const bool denormal = op_a.denormal || op_b.denormal;
  Float80 out;
  if (ScreenOperands(a, b, env, &out)) return out;
  const bool b_sign = b.sign() != negate_b;
  if (IsInf(a) || IsInf(b)) {
    // Opposite infinities: invalid (the FADD results table); otherwise the infinity.
    if (IsInf(a) && IsInf(b) && a.sign() != b_sign) return Invalid(env);
    if (denormal && !Signal(env, kDenormal)) return a;
    return IsInf(a) ? a : Infinity(b_sign);
  }
  if (denormal && !Signal(env, kDenormal)) return a;
  Unpacked x = Unpack(a), y = Unpack(b);
  y.sign = b_sign;
  const int bits = RegisterFormat(env.precision).bits;
  if (x.sig == 0 && y.sig == 0) {
    // Exact zero sum: -0 only for two negative zeros, or opposite zeros rounding down
    // (SDM Vol. 1, 4.8.3.1 / IEEE 754 6.3).
    bool sign = x.sign == y.sign ? x.sign : env.rounding == Rounding::kDown;
    return Make(sign, 0, 0);
  }
  if (x.sig == 0) return RoundRegister(y.sign, y.exp, U128{y.sig} << 64, bits, env);
  if (y.sig == 0) return RoundRegister(x.sign, x.exp, U128{x.sig} << 64, bits, env);
  if (y.exp > x.exp || (y.exp == x.exp && y.sig > x.sig)) {
    Unpacked t = x;
    x = y;
    y = t;
  }
  // Both significands sit at bits 126..63 with one bit of headroom for the carry; 63 guard bits
  // keep cancellation exact and the sticky bit catches everything shifted further.
  U128 big = U128{x.sig} << 63;
  U128 small = ShiftRightJam(U128{y.sig} << 63, x.exp - y.exp);
  U128 sum;
  bool sign = x.sign;
  if (x.sign == y.sign) {
    sum = big + small;
  } else {
    sum = big - small;
    if (sum == 0) return Make(env.rounding == Rounding::kDown, 0, 0);
  }
  return RoundRegister(sign, x.exp + 1, sum, bits, env);
}

}  // namespace

Float80 Add(const Float80& a, const Float80& b, FpEnv& env) { return AddSigned(a, b, false, env); }
Float80 Sub(const Float80& a, const Float80& b, FpEnv& env) { return AddSigned(a, b, true, env); }
Float80 Add(const FpOperand& a, const FpOperand& b, FpEnv& env) {
  return AddSigned(a, b, false, env);
}
Float80 Sub(const FpOperand& a, const FpOperand& b, FpEnv& env) {
  return AddSigned(a, b, true, env);
}

}  // namespace m86::fpu
