// FMUL and FDIV (the reversed and integer forms map here): SDM Vol. 2 FMUL/FDIV result tables,
// exceptions per Vol. 1, 8.5 with the priorities of 8.7.1.
#include "cpu/fpu/float80_internal.h"

namespace m86::fpu {

using namespace detail;

namespace {

Float80 MulImpl(const FpOperand& op_a, const FpOperand& op_b, FpEnv& env) {
  const Float80& a = op_a.value;
  const Float80& b = op_b.value;
  const bool denormal = op_a.denormal || op_b.denormal;
  Float80 out;
  if (ScreenOperands(a, b, env, &out)) return out;
  const bool sign = a.sign() != b.sign();
  if (IsInf(a) || IsInf(b)) {
    if (IsZero(a) || IsZero(b)) return Invalid(env);  // 0 * inf
    if (denormal && !Signal(env, kDenormal)) return a;
    return Infinity(sign);
  }
  if (denormal && !Signal(env, kDenormal)) return a;
  Unpacked x = Unpack(a), y = Unpack(b);
  if (x.sig == 0 || y.sig == 0) return Make(sign, 0, 0);
  // The 128-bit product of two 64-bit significands in [2^63, 2^64) has its top bit at 127 or
  // 126; bit 127 weighs 2^(ex + ey - 2 * bias + 1).
  U128 product = U128{x.sig} * y.sig;
  return RoundRegister(sign, x.exp + y.exp - kBias + 1, product,
                       RegisterFormat(env.precision).bits, env);
}

Float80 DivImpl(const FpOperand& op_a, const FpOperand& op_b, FpEnv& env) {
  const Float80& a = op_a.value;
  const Float80& b = op_b.value;
  const bool denormal = op_a.denormal || op_b.denormal;
  Float80 out;
  if (ScreenOperands(a, b, env, &out)) return out;
  const bool sign = a.sign() != b.sign();
  if (IsInf(a)) {
    if (IsInf(b)) return Invalid(env);  // inf / inf
    if (op_b.denormal && !Signal(env, kDenormal)) return a;
    return Infinity(sign);  // inf / 0 is an exact infinity, no ZE
  }
  if (IsZero(b)) {
    if (IsZero(a)) return Invalid(env);  // 0 / 0
    // ZE outranks DE (SDM Vol. 1, 8.7.1): a denormal dividend raises only ZE.
    Signal(env, kZeroDivide);
    return Infinity(sign);
  }
  if (denormal && !Signal(env, kDenormal)) return a;
  if (IsInf(b) || IsZero(a)) return Make(sign, 0, 0);
  Unpacked x = Unpack(a), y = Unpack(b);
  // Long division to 128 quotient bits: the first step divides x.sig * 2^64 (or 2^63 when
  // x.sig >= y.sig, keeping the partial quotient below 2^64), the second the remainder * 2^64.
  // A nonzero final remainder is folded into bit 0 as the sticky bit.
  int32_t exp = x.exp - y.exp + kBias - 1;
  U128 n1 = U128{x.sig} << 64;
  if (x.sig >= y.sig) {
    n1 >>= 1;
    ++exp;
  }
  uint64_t q_hi = static_cast<uint64_t>(n1 / y.sig);
  uint64_t r = static_cast<uint64_t>(n1 % y.sig);
  U128 n2 = U128{r} << 64;
  uint64_t q_lo = static_cast<uint64_t>(n2 / y.sig);
  bool sticky = n2 % y.sig != 0;
  U128 q = (U128{q_hi} << 64) | q_lo | sticky;
  return RoundRegister(sign, exp, q, RegisterFormat(env.precision).bits, env);
}

}  // namespace

Float80 Mul(const Float80& a, const Float80& b, FpEnv& env) { return MulImpl(a, b, env); }
Float80 Div(const Float80& a, const Float80& b, FpEnv& env) { return DivImpl(a, b, env); }
Float80 Mul(const FpOperand& a, const FpOperand& b, FpEnv& env) { return MulImpl(a, b, env); }
Float80 Div(const FpOperand& a, const FpOperand& b, FpEnv& env) { return DivImpl(a, b, env); }

}  // namespace m86::fpu
