// The instruction layer of the arithmetic: lanes of PS/PD/SS/SD forms, the SSE3 horizontal and
// alternating forms and the SSE4.1 dot products, with the exception rules of packed instructions
// (SDM Vol. 1, 11.5.2: flags of all lanes ORed; an unmasked pre-computation exception in any
// lane hides every post-computation one).
#include "cpu/fpu/sse_internal.h"

namespace m86::fpu {

using namespace sse;

SseResult SseBinary(SseArith op, SseShape shape, const Xmm& dst, const Xmm& src, uint32_t mxcsr) {
  const bool wide = IsWide(shape);
  const Format& f = FormatOf(wide);
  return ForLanes(shape, dst, mxcsr, [&](int i, LaneEnv& env) {
    return ArithLane(op, GetLane(dst, wide, i), GetLane(src, wide, i), f, env);
  });
}

SseResult SseSqrt(SseShape shape, const Xmm& dst, const Xmm& src, uint32_t mxcsr) {
  const bool wide = IsWide(shape);
  const Format& f = FormatOf(wide);
  return ForLanes(shape, dst, mxcsr,
                  [&](int i, LaneEnv& env) { return SqrtLane(GetLane(src, wide, i), f, env); });
}

SseResult SseCompare(SseShape shape, const Xmm& dst, const Xmm& src, uint8_t predicate,
                     uint32_t mxcsr) {
  const bool wide = IsWide(shape);
  const Format& f = FormatOf(wide);
  const uint8_t p = predicate & 7;
  // LT, LE, NLT and NLE signal on QNaNs; EQ, UNORD, NEQ and ORD only on SNaNs (SDM Vol. 2A,
  // CMPPS, Table 3-1).
  const bool signal_qnan = (p & 3) == 1 || (p & 3) == 2;
  const uint64_t ones = wide ? ~uint64_t{0} : 0xFFFFFFFFull;
  return ForLanes(shape, dst, mxcsr, [&](int i, LaneEnv& env) -> uint64_t {
    const Order o = CompareLane(GetLane(dst, wide, i), GetLane(src, wide, i), signal_qnan, f, env);
    bool r = false;
    switch (p & 3) {
      case 0:
        r = o == Order::kEqual;
        break;
      case 1:
        r = o == Order::kLess;
        break;
      case 2:
        r = o == Order::kLess || o == Order::kEqual;
        break;
      case 3:
        r = o == Order::kUnordered;
        break;
    }
    return (r != ((p & 4) != 0)) ? ones : 0;  // predicates 4-7 negate 0-3
  });
}

SseCompareFlags SseComi(bool wide, uint64_t a, uint64_t b, bool signal_qnan, uint32_t mxcsr) {
  LaneEnv env(mxcsr);
  const Order o = CompareLane(a, b, signal_qnan, FormatOf(wide), env);
  SseCompareFlags r;
  // SDM Vol. 2A, COMISS: unordered 111, greater 000, less 001, equal 100 (ZF PF CF).
  r.zf = o == Order::kUnordered || o == Order::kEqual;
  r.pf = o == Order::kUnordered;
  r.cf = o == Order::kUnordered || o == Order::kLess;
  Finish(env, &r.flags, &r.fault);
  return r;
}

SseResult SseAddSub(bool wide, const Xmm& dst, const Xmm& src, uint32_t mxcsr) {
  const Format& f = FormatOf(wide);
  return ForLanes(wide ? SseShape::kPd : SseShape::kPs, dst, mxcsr, [&](int i, LaneEnv& env) {
    return AddLane(GetLane(dst, wide, i), GetLane(src, wide, i), (i & 1) == 0, f, env);
  });
}

SseResult SseHorizontal(bool wide, bool subtract, const Xmm& dst, const Xmm& src, uint32_t mxcsr) {
  const Format& f = FormatOf(wide);
  const int half = wide ? 1 : 2;  // result lanes from dst, then as many from src
  return ForLanes(wide ? SseShape::kPd : SseShape::kPs, dst, mxcsr, [&](int i, LaneEnv& env) {
    const Xmm& from = i < half ? dst : src;
    const int pair = 2 * (i % half);
    return AddLane(GetLane(from, wide, pair), GetLane(from, wide, pair + 1), subtract, f, env);
  });
}

SseResult SseDot(bool wide, const Xmm& dst, const Xmm& src, uint8_t imm, uint32_t mxcsr) {
  const Format& f = FormatOf(wide);
  const int lanes = wide ? 2 : 4;
  // SDM Vol. 2A, DPPS/DPPD "Operation": the products, each rounded, then pairwise sums, each
  // rounded. Each step reports its exceptions like an instruction of its own: an unmasked one
  // ends the instruction with the flags raised so far (measured).
  SseResult r;
  auto step_faults = [&](const LaneEnv& env) {
    uint8_t flags = 0;
    Finish(env, &flags, &r.fault);
    r.flags |= flags;
    return r.fault;
  };
  uint64_t product[4] = {0, 0, 0, 0};
  LaneEnv multiply(mxcsr);
  for (int i = 0; i < lanes; ++i) {
    if (imm & (0x10 << i)) {
      product[i] = MulLane(GetLane(dst, wide, i), GetLane(src, wide, i), f, multiply);
    }
  }
  if (step_faults(multiply)) return r;
  LaneEnv pairs(mxcsr);
  uint64_t sum = AddLane(product[0], product[1], false, f, pairs);
  if (!wide) {
    const uint64_t upper = AddLane(product[2], product[3], false, f, pairs);
    if (step_faults(pairs)) return r;
    LaneEnv total(mxcsr);
    sum = AddLane(sum, upper, false, f, total);
    if (step_faults(total)) return r;
  } else if (step_faults(pairs)) {
    return r;
  }
  for (int i = 0; i < lanes; ++i) SetLane(r.value, wide, i, (imm & (1 << i)) ? sum : 0);
  return r;
}

}  // namespace m86::fpu
