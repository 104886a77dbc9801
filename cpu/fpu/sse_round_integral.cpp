// ROUNDPS/ROUNDPD/ROUNDSS/ROUNDSD (SSE4.1): round to an integral value in the same format, with
// the rounding from imm8 or MXCSR and PE suppressible (SDM Vol. 2B, ROUNDPS, Table 4-18).
#include "cpu/fpu/sse_internal.h"

namespace m86::fpu::sse {
namespace {

uint64_t RoundIntegralLane(uint64_t bits, const Format& f, Rounding rc, bool report_inexact,
                           LaneEnv& env) {
  const Operand a = Unpack(bits, f, env);
  if (a.IsNaN()) return PropagateNaN(a, nullptr, f, env);
  if (a.kind == Kind::kZero) return f.Zero(a.sign);
  if (a.kind == Kind::kInfinity || a.exp >= f.frac_bits) return bits;  // already integral
  // A fixed-point value with 64 fraction bits (the rest sticky), rounded to an integer, which
  // is exact in the format (below 2^frac_bits + 1).
  const U128 fixed = detail::ShiftRightJam(U128{a.sig} << 64, 63 - a.exp);
  const U128 one = U128{1} << 64;
  const U128 rest = fixed & (one - 1);
  const U128 kept = fixed - rest;
  const U128 magnitude = (kept >> 64) + detail::RoundsUp(rc, a.sign, kept, rest, one);
  if (rest != 0 && report_inexact) env.post |= kPrecision;
  if (magnitude == 0) return f.Zero(a.sign);
  return RoundPack(a.sign, 63, magnitude << 64, f, env);
}

}  // namespace
}  // namespace m86::fpu::sse

namespace m86::fpu {

using namespace sse;

SseResult SseRound(SseShape shape, const Xmm& dst, const Xmm& src, uint8_t imm, uint32_t mxcsr) {
  const bool wide = IsWide(shape);
  const Format& f = FormatOf(wide);
  const bool report_inexact = !(imm & 8);
  return ForLanes(shape, dst, mxcsr, [&](int i, LaneEnv& env) {
    const Rounding rc = (imm & 4) ? env.rounding() : static_cast<Rounding>(imm & 3);
    return RoundIntegralLane(GetLane(src, wide, i), f, rc, report_inexact, env);
  });
}

}  // namespace m86::fpu
