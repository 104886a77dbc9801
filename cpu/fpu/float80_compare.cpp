// FCOM/FUCOM ordering (SDM Vol. 2, the condition-code tables of the FCOM and FUCOM pages).
#include "cpu/fpu/float80_internal.h"

namespace m86::fpu {

using namespace detail;

FpOrder Compare(const Float80& a, const Float80& b, bool quiet, FpEnv& env) {
  return Compare(FpOperand(a), FpOperand(b), quiet, env);
}

FpOrder Compare(const FpOperand& op_a, const FpOperand& op_b, bool quiet, FpEnv& env) {
  const Float80& a = op_a.value;
  const Float80& b = op_b.value;
  if (IsUnsupported(a) || IsUnsupported(b)) {
    Signal(env, kInvalid);
    return FpOrder::kUnordered;
  }
  if (IsNaN(a) || IsNaN(b)) {
    // FCOM: any NaN is invalid; FUCOM: only an SNaN.
    if (!quiet || IsSNaN(a) || IsSNaN(b)) Signal(env, kInvalid);
    return FpOrder::kUnordered;
  }
  if (op_a.denormal || op_b.denormal) Signal(env, kDenormal);
  const bool a_zero = IsZero(a), b_zero = IsZero(b);
  if (a_zero && b_zero) return FpOrder::kEqual;  // +0 == -0
  // Signs decide unless equal; then magnitudes (infinity has the largest exponent).
  const bool sa = a.sign() && !a_zero, sb = b.sign() && !b_zero;
  if (sa != sb) return sa ? FpOrder::kLess : FpOrder::kGreater;
  Unpacked x = Unpack(a), y = Unpack(b);
  if (a_zero) x.exp = INT32_MIN;
  if (b_zero) y.exp = INT32_MIN;
  int mag = 0;
  if (x.exp != y.exp) mag = x.exp < y.exp ? -1 : 1;
  else if (x.sig != y.sig) mag = x.sig < y.sig ? -1 : 1;
  if (sa) mag = -mag;
  return mag < 0 ? FpOrder::kLess : mag > 0 ? FpOrder::kGreater : FpOrder::kEqual;
}

}  // namespace m86::fpu
