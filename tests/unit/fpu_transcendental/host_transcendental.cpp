#include "host_transcendental.h"

#include <cmath>
#include <cstring>

#include "cpu/fpu/transcendental_internal.h"

namespace m86::fpu::test {
namespace {

constexpr uint16_t kC1 = 1u << 9;
constexpr uint16_t kC2 = 1u << 10;
constexpr uint16_t kEs = 1u << 7;
constexpr uint16_t kBusy = 1u << 15;

Float80 One() { return Float80{uint64_t{1} << 63, 0x3FFF}; }

// |v - r| in units in the last place of r, for a finite r that v was rounded to.
double OffsetUlps(const transc::Big& v, const Float80& r) {
  using I128 = __int128;
  int e_r = (r.exp() == 0 ? 1 : r.exp()) - 16383;
  // An unmasked underflow or overflow delivers the result with its exponent wrapped by 24576.
  if (e_r - v.exp > 16384) e_r -= 24576;
  if (v.exp - e_r > 16384) e_r += 24576;
  int s = e_r - v.exp;
  if (r.exp() == 0x7FFF || s < 0) return -1;
  transc::U128 aligned = s >= 128 ? 0 : v.mant >> s;
  I128 diff = static_cast<I128>(aligned - (static_cast<transc::U128>(r.mant) << 64));
  if (diff < 0) diff = -diff;
  return std::ldexp(static_cast<double>(diff), -64);
}

}  // namespace

const char* TransOpName(TransOp op) {
  switch (op) {
    case TransOp::kSin: return "fsin";
    case TransOp::kCos: return "fcos";
    case TransOp::kSinCos: return "fsincos";
    case TransOp::kPtan: return "fptan";
    case TransOp::kPatan: return "fpatan";
    case TransOp::kF2xm1: return "f2xm1";
    case TransOp::kYl2x: return "fyl2x";
    case TransOp::kYl2xp1: return "fyl2xp1";
  }
  return "?";
}

bool IsBinary(TransOp op) {
  return op == TransOp::kPatan || op == TransOp::kYl2x || op == TransOp::kYl2xp1;
}

uint64_t UlpDistance(const Float80& a, const Float80& b) {
  // Consecutive values (denormals, normals, then infinity) get consecutive ordinals: with the
  // explicit integer bit, (E - 1) * 2^63 + M continues where the denormals' M stops.
  using I128 = __int128;
  auto ordinal = [](const Float80& x) {
    I128 o = x.exp() == 0 ? I128{x.mant}
                          : static_cast<I128>(x.exp() - 1) * (I128{1} << 63) + x.mant;
    return x.sign() ? -o : o;
  };
  I128 d = ordinal(a) - ordinal(b);
  if (d < 0) d = -d;
  return d > (I128{1} << 62) ? uint64_t{1} << 62 : static_cast<uint64_t>(d);
}

#if defined(__x86_64__)
bool HostTransAvailable() { return true; }

void HostTransRun(TransOp op, const Float80& a, const Float80& b, uint16_t cw, TransState* out) {
  alignas(16) uint8_t a_bytes[10], b_bytes[10];
  std::memcpy(a_bytes, &a.mant, 8);
  std::memcpy(a_bytes + 8, &a.sign_exp, 2);
  std::memcpy(b_bytes, &b.mant, 8);
  std::memcpy(b_bytes + 8, &b.sign_exp, 2);
  alignas(16) uint8_t save[108];
#define M86_HOST_TRANS(insn)                                                      \
  asm volatile("fninit\n\tfldcw %1\n\tfldt %2\n\tfldt %3\n\t" insn "\n\tfnsave %0" \
               : "=m"(save)                                                        \
               : "m"(cw), "m"(b_bytes), "m"(a_bytes)                               \
               : "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)")
  switch (op) {
    case TransOp::kSin: M86_HOST_TRANS("fsin"); break;
    case TransOp::kCos: M86_HOST_TRANS("fcos"); break;
    case TransOp::kSinCos: M86_HOST_TRANS("fsincos"); break;
    case TransOp::kPtan: M86_HOST_TRANS("fptan"); break;
    case TransOp::kPatan: M86_HOST_TRANS("fpatan"); break;
    case TransOp::kF2xm1: M86_HOST_TRANS("f2xm1"); break;
    case TransOp::kYl2x: M86_HOST_TRANS("fyl2x"); break;
    case TransOp::kYl2xp1: M86_HOST_TRANS("fyl2xp1"); break;
  }
#undef M86_HOST_TRANS
  // The 32-bit protected-mode FNSAVE image: status word at 4, ST(0) at 28 (SDM Vol. 1, 8.1.10).
  std::memcpy(&out->sw, save + 4, 2);
  std::memcpy(&out->st0.mant, save + 28, 8);
  std::memcpy(&out->st0.sign_exp, save + 36, 2);
  std::memcpy(&out->st1.mant, save + 38, 8);
  std::memcpy(&out->st1.sign_exp, save + 46, 2);
  out->depth = (8 - ((out->sw >> 11) & 7)) & 7;
}
#else
bool HostTransAvailable() { return false; }
void HostTransRun(TransOp, const Float80&, const Float80&, uint16_t, TransState* out) {
  *out = TransState{};
}
#endif

void EmuTransRun(TransOp op, const Float80& a, const Float80& b, uint16_t cw, TransState* out) {
  FpEnv env;
  env.masks = cw & 0x3F;
  env.precision = static_cast<Precision>((cw >> 8) & 3);
  env.rounding = static_cast<Rounding>((cw >> 10) & 3);
  env.Begin();
  bool out_of_range = false;
  Float80 r, second;
  transc::LastUnrounded() = transc::Big{};
  out->st0 = a;
  out->st1 = b;
  out->depth = 2;
  switch (op) {
    case TransOp::kSin: r = Sin(a, env, &out_of_range); break;
    case TransOp::kCos: r = Cos(a, env, &out_of_range); break;
    case TransOp::kSinCos: r = SinCos(a, env, &out_of_range, &second); break;
    case TransOp::kPtan: r = Tan(a, env, &out_of_range); break;
    case TransOp::kPatan: r = Atan2(b, a, env); break;
    case TransOp::kF2xm1: r = Exp2Minus1(a, env); break;
    case TransOp::kYl2x: r = YLog2X(b, a, env); break;
    case TransOp::kYl2xp1: r = YLog2XPlus1(b, a, env); break;
  }
  if (!out_of_range && !env.suppress_result) {
    switch (op) {
      case TransOp::kSinCos:
        out->st1 = r;
        out->st0 = second;
        out->depth = 3;
        break;
      case TransOp::kPtan:
        // FPTAN pushes 1.0, or the NaN again when the result is a NaN (as the host x87 does).
        out->st1 = r;
        out->st0 = (r.exp() == 0x7FFF && (r.mant << 1) != 0) ? r : One();
        out->depth = 3;
        break;
      case TransOp::kPatan: case TransOp::kYl2x: case TransOp::kYl2xp1:
        out->st0 = r;
        out->depth = 1;
        break;
      default: out->st0 = r; break;
    }
  }
  if (!transc::LastUnrounded().IsZero()) out->offset_ulps = OffsetUlps(transc::LastUnrounded(), r);
  uint16_t sw = env.raised & 0x3F;
  if (sw & ~cw & 0x3F) sw |= kEs | kBusy;
  if (env.rounded_up) sw |= kC1;
  if (out_of_range) sw |= kC2;
  sw |= static_cast<uint16_t>(((8 - out->depth) & 7) << 11);
  out->sw = sw;
}

}  // namespace m86::fpu::test
