// sse_oracle: compares cpu/fpu/sse_float.h with the host processor's SSE instructions over a
// seeded stream of operands, MXCSR settings (every rounding mode, DAZ and FTZ, masked and
// unmasked exceptions) and instruction forms: result bits, MXCSR flags, EFLAGS of COMIS/UCOMIS,
// integer results, and whether an unmasked exception (#XM, SIGFPE here) left the destination
// unwritten. RCP/RSQRT are checked against the SDM's error bound, their special cases bit for
// bit. Each mismatch prints a one-line reproducer.
//
//   sse_oracle [--seed N] [--count N]
//
// On hosts other than x86-64 there is nothing to compare with: exit 77 (skipped).
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

#if defined(__x86_64__)
#include <cmath>

#include "cpu/fpu/sse_float.h"
#include "host_ops.h"
#include "tests/fpu_digest/sse_operands.h"

namespace m86::fpu::test {
namespace {

struct Case {
  uint32_t mxcsr;
  int imm;
  Xmm dst, src;
  uint64_t gpr;
};

struct Outcome {
  Xmm xmm;
  uint64_t gpr = 0;
  uint8_t flags = 0;
  bool fault = false;
  uint32_t eflags = 0;  // OF SF ZF AF PF CF
};

enum class Check : uint8_t { kXmm, kGpr, kEflags, kEstimate };
enum class Gen : uint8_t { kF32, kF64, kIntLanes };

struct Op {
  const char* name;
  Gen gen;
  Check check;
  int imm_count;  // 0: no immediate
  HostFn host;
  Outcome (*emu)(const Case&);
};

Outcome FromXmm(const Case& c, const SseResult& r) {
  Outcome o;
  o.flags = r.flags;
  o.fault = r.fault;
  o.xmm = r.fault ? c.dst : r.value;
  return o;
}
// MMX and general-register destinations: xmm0 stays as it was.
Outcome FromMmx(const Case& c, const SseResult& r) {
  Outcome o = FromXmm(c, r);
  o.xmm = c.dst;
  o.gpr = r.value.q[0];
  return o;
}
// Results outside the XMM registers.
Outcome Unwritten(const Case& c, uint8_t flags, bool fault) {
  Outcome o;
  o.xmm = c.dst;
  o.flags = flags;
  o.fault = fault;
  return o;
}
Outcome FromInt(const Case& c, const SseIntResult& r) {
  Outcome o = Unwritten(c, r.flags, r.fault);
  o.gpr = r.value;
  return o;
}
Outcome FromComi(const Case& c, const SseCompareFlags& r) {
  Outcome o = Unwritten(c, r.flags, r.fault);
  o.eflags = (r.zf ? 0x40u : 0) | (r.pf ? 0x04u : 0) | (r.cf ? 0x01u : 0);
  return o;
}

uint8_t Imm8(const Case& c) { return static_cast<uint8_t>(c.imm); }
template <bool kWide, bool kSignal>
Outcome Comi(const Case& c) {
  const uint64_t a = kWide ? c.dst.F64(0) : c.dst.F32(0);
  const uint64_t b = kWide ? c.src.F64(0) : c.src.F32(0);
  return FromComi(c, SseComi(kWide, a, b, kSignal, c.mxcsr));
}

// clang-format off
#define BIN(op, shape) [](const Case& c) { \
    return FromXmm(c, SseBinary(SseArith::op, SseShape::shape, c.dst, c.src, c.mxcsr)); }
#define ARITH_FORMS(name, op) \
  {#name "ps", Gen::kF32, Check::kXmm, 0, host::name##ps, BIN(op, kPs)}, \
  {#name "pd", Gen::kF64, Check::kXmm, 0, host::name##pd, BIN(op, kPd)}, \
  {#name "ss", Gen::kF32, Check::kXmm, 0, host::name##ss, BIN(op, kSs)}, \
  {#name "sd", Gen::kF64, Check::kXmm, 0, host::name##sd, BIN(op, kSd)}
#define SHAPED(name, gen, check, imm_count, fn, shape) \
  {#name, gen, check, imm_count, host::name, [](const Case& c) { \
    return FromXmm(c, fn(SseShape::shape, c.dst, c.src, c.mxcsr)); }}
#define IMM_SHAPED(name, gen, imm_count, fn, shape) \
  {#name, gen, Check::kXmm, imm_count, host::name, [](const Case& c) { \
    return FromXmm(c, fn(SseShape::shape, c.dst, c.src, Imm8(c), c.mxcsr)); }}
#define ESTIMATE(name, fn, shape) \
  {#name, Gen::kF32, Check::kEstimate, 0, host::name, [](const Case& c) { \
    return FromXmm(c, fn(SseShape::shape, c.dst, c.src)); }}
#define COMI(name, wide, signal) \
  {#name, wide ? Gen::kF64 : Gen::kF32, Check::kEflags, 0, host::name, Comi<wide, signal>}
#define XMM(name, gen, expr) \
  {#name, gen, Check::kXmm, 0, host::name, [](const Case& c) { return FromXmm(c, expr); }}
#define MMX(name, gen, expr) \
  {#name, gen, Check::kGpr, 0, host::name, [](const Case& c) { return FromMmx(c, expr); }}
#define INT(name, gen, expr) \
  {#name, gen, Check::kGpr, 0, host::name, [](const Case& c) { return FromInt(c, expr); }}

const Op kOps[] = {
    ARITH_FORMS(add, kAdd),
    ARITH_FORMS(sub, kSub),
    ARITH_FORMS(mul, kMul),
    ARITH_FORMS(div, kDiv),
    ARITH_FORMS(min, kMin),
    ARITH_FORMS(max, kMax),
    SHAPED(sqrtps, Gen::kF32, Check::kXmm, 0, SseSqrt, kPs),
    SHAPED(sqrtpd, Gen::kF64, Check::kXmm, 0, SseSqrt, kPd),
    SHAPED(sqrtss, Gen::kF32, Check::kXmm, 0, SseSqrt, kSs),
    SHAPED(sqrtsd, Gen::kF64, Check::kXmm, 0, SseSqrt, kSd),
    IMM_SHAPED(cmpps, Gen::kF32, 8, SseCompare, kPs),
    IMM_SHAPED(cmppd, Gen::kF64, 8, SseCompare, kPd),
    IMM_SHAPED(cmpss, Gen::kF32, 8, SseCompare, kSs),
    IMM_SHAPED(cmpsd, Gen::kF64, 8, SseCompare, kSd),
    COMI(comiss, false, true),
    COMI(comisd, true, true),
    COMI(ucomiss, false, false),
    COMI(ucomisd, true, false),
    XMM(addsubps, Gen::kF32, SseAddSub(false, c.dst, c.src, c.mxcsr)),
    XMM(addsubpd, Gen::kF64, SseAddSub(true, c.dst, c.src, c.mxcsr)),
    XMM(haddps, Gen::kF32, SseHorizontal(false, false, c.dst, c.src, c.mxcsr)),
    XMM(haddpd, Gen::kF64, SseHorizontal(true, false, c.dst, c.src, c.mxcsr)),
    XMM(hsubps, Gen::kF32, SseHorizontal(false, true, c.dst, c.src, c.mxcsr)),
    XMM(hsubpd, Gen::kF64, SseHorizontal(true, true, c.dst, c.src, c.mxcsr)),
    {"dpps", Gen::kF32, Check::kXmm, 256, host::dpps, [](const Case& c) {
       return FromXmm(c, SseDot(false, c.dst, c.src, Imm8(c), c.mxcsr)); }},
    {"dppd", Gen::kF64, Check::kXmm, 256, host::dppd, [](const Case& c) {
       return FromXmm(c, SseDot(true, c.dst, c.src, Imm8(c), c.mxcsr)); }},
    IMM_SHAPED(roundps, Gen::kF32, 16, SseRound, kPs),
    IMM_SHAPED(roundpd, Gen::kF64, 16, SseRound, kPd),
    IMM_SHAPED(roundss, Gen::kF32, 16, SseRound, kSs),
    IMM_SHAPED(roundsd, Gen::kF64, 16, SseRound, kSd),
    ESTIMATE(rcpps, SseReciprocal, kPs),
    ESTIMATE(rcpss, SseReciprocal, kSs),
    ESTIMATE(rsqrtps, SseReciprocalSqrt, kPs),
    ESTIMATE(rsqrtss, SseReciprocalSqrt, kSs),
    XMM(cvtss2sd, Gen::kF32, CvtSs2Sd(c.dst, c.src, c.mxcsr)),
    XMM(cvtsd2ss, Gen::kF64, CvtSd2Ss(c.dst, c.src, c.mxcsr)),
    XMM(cvtps2pd, Gen::kF32, CvtPs2Pd(c.src, c.mxcsr)),
    XMM(cvtpd2ps, Gen::kF64, CvtPd2Ps(c.src, c.mxcsr)),
    XMM(cvtdq2ps, Gen::kIntLanes, CvtDq2Ps(c.src, c.mxcsr)),
    XMM(cvtps2dq, Gen::kF32, CvtPs2Dq(c.src, false, c.mxcsr)),
    XMM(cvttps2dq, Gen::kF32, CvtPs2Dq(c.src, true, c.mxcsr)),
    XMM(cvtdq2pd, Gen::kIntLanes, CvtDq2Pd(c.src)),
    XMM(cvtpd2dq, Gen::kF64, CvtPd2Dq(c.src, false, c.mxcsr)),
    XMM(cvttpd2dq, Gen::kF64, CvtPd2Dq(c.src, true, c.mxcsr)),
    XMM(cvtsi2ss32, Gen::kF32, CvtSi2Ss(c.dst, static_cast<int32_t>(c.gpr), c.mxcsr)),
    XMM(cvtsi2ss64, Gen::kF32, CvtSi2Ss(c.dst, static_cast<int64_t>(c.gpr), c.mxcsr)),
    XMM(cvtsi2sd32, Gen::kF64, CvtSi2Sd(c.dst, static_cast<int32_t>(c.gpr), c.mxcsr)),
    XMM(cvtsi2sd64, Gen::kF64, CvtSi2Sd(c.dst, static_cast<int64_t>(c.gpr), c.mxcsr)),
    INT(cvtss2si32, Gen::kF32, CvtSs2Si(c.src.F32(0), 32, false, c.mxcsr)),
    INT(cvtss2si64, Gen::kF32, CvtSs2Si(c.src.F32(0), 64, false, c.mxcsr)),
    INT(cvttss2si32, Gen::kF32, CvtSs2Si(c.src.F32(0), 32, true, c.mxcsr)),
    INT(cvttss2si64, Gen::kF32, CvtSs2Si(c.src.F32(0), 64, true, c.mxcsr)),
    INT(cvtsd2si32, Gen::kF64, CvtSd2Si(c.src.F64(0), 32, false, c.mxcsr)),
    INT(cvtsd2si64, Gen::kF64, CvtSd2Si(c.src.F64(0), 64, false, c.mxcsr)),
    INT(cvttsd2si32, Gen::kF64, CvtSd2Si(c.src.F64(0), 32, true, c.mxcsr)),
    INT(cvttsd2si64, Gen::kF64, CvtSd2Si(c.src.F64(0), 64, true, c.mxcsr)),
    XMM(cvtpi2ps, Gen::kF32, CvtPi2Ps(c.dst, c.gpr, c.mxcsr)),
    XMM(cvtpi2pd, Gen::kF64, CvtPi2Pd(c.gpr)),
    MMX(cvtps2pi, Gen::kF32, CvtPs2Pi(c.src.q[0], false, c.mxcsr)),
    MMX(cvttps2pi, Gen::kF32, CvtPs2Pi(c.src.q[0], true, c.mxcsr)),
    MMX(cvtpd2pi, Gen::kF64, CvtPd2Pi(c.src, false, c.mxcsr)),
    MMX(cvttpd2pi, Gen::kF64, CvtPd2Pi(c.src, true, c.mxcsr)),
};
// clang-format on
constexpr int kOpCount = sizeof(kOps) / sizeof(kOps[0]);

// Cases that pin each rule whatever the seed draws (MXCSR, lane 0 of dst and src, lane 1 of
// dst and src for the packed ones), with the flags and #XM the rule implies.
struct Directed {
  const char* op;
  const char* rule;
  uint32_t mxcsr;
  uint64_t dst0, src0, dst1, src1;
  uint8_t flags;
  bool fault;
};
const Directed kDirected[] = {
    {"cvtsd2ss", "tininess after rounding: (1-2^-26)*2^-126 rounds to the smallest normal, no UE",
     0x1F80, 0, 0x380FFFFFF8000000, 0, 0, 0x20, false},
    {"cvtsd2ss", "the same with UE unmasked: no #XM", 0x1780, 0, 0x380FFFFFF8000000, 0, 0, 0x20,
     false},
    {"cvtsd2ss", "exact tiny result, UE unmasked: #XM", 0x1780, 0, 0x37D0000000000000, 0, 0, 0x10,
     true},
    {"cvtsd2ss", "exact tiny result, UE masked: no flag", 0x1F80, 0, 0x37D0000000000000, 0, 0, 0x00,
     false},
    {"mulss", "FTZ: 2^-100 * 2^-40 flushes to +0 with UE and PE", 0x9F80, 0x0D800000, 0x2B800000, 0,
     0, 0x30, false},
    {"mulss", "FTZ has no effect with UE unmasked: #XM", 0x9780, 0x0D800000, 0x2B800000, 0, 0, 0x10,
     true},
    {"addss", "DAZ: a denormal source is zero, no DE", 0x1FC0, 0x00000001, 0x80000000, 0, 0, 0x00,
     false},
    {"addss", "no DAZ: DE", 0x1F80, 0x00000001, 0x80000000, 0, 0, 0x02, false},
    {"minss", "MIN with a QNaN first returns the second operand, IE", 0x1F80, 0x7FC00001,
     0x3F800000, 0, 0, 0x01, false},
    {"maxss", "MAX of +0 and -0 returns the second operand", 0x1F80, 0x00000000, 0x80000000, 0, 0,
     0x00, false},
    {"maxss", "MAX returns an SNaN second operand unquieted", 0x1F80, 0x3F800000, 0x7F800001, 0, 0,
     0x01, false},
    {"addss", "first-source NaN wins: two SNaNs", 0x1F80, 0xFF800002, 0x7F800001, 0, 0, 0x01,
     false},
    {"cmpss", "CMPLTSS signals on a QNaN", 0x1F00, 0x7FC00000, 0x3F800000, 0, 0, 0x01, true},
    {"comiss", "COMISS signals on a QNaN", 0x1F00, 0x7FC00000, 0x3F800000, 0, 0, 0x01, true},
    {"ucomiss", "UCOMISS does not signal on a QNaN", 0x1F00, 0x7FC00000, 0x3F800000, 0, 0, 0x00,
     false},
    {"addps", "unmasked IE in lane 0 hides lane 1's overflow", 0x1F00, 0x7F800001, 0, 0x7F61B1E6,
     0x7F61B1E6, 0x01, true},
    {"addps", "masked IE in lane 0, unmasked OE in lane 1 (exact: no PE): both flags, #XM", 0x1B80,
     0x7F800001, 0, 0x7F61B1E6, 0x7F61B1E6, 0x09, true},
    {"cvttss2si32", "2^31 gives the integer indefinite with IE", 0x1F80, 0, 0x4F000000, 0, 0, 0x01,
     false},
    {"roundss", "imm8 bit 3 suppresses PE", 0x1F80, 0, 0x3FC00000, 0, 0, 0x00, false},
};

constexpr FloatShape kF32Shape{23, 8};
constexpr FloatShape kF64Shape{52, 11};

Case MakeCase(Rng& r, const Op& op) {
  Case c{};
  // MXCSR: any rounding, DAZ and FTZ one time in three, and half the time some unmasked
  // exceptions; flags start clear.
  c.mxcsr = r.Below(4) << kMxcsrRoundShift;
  if (r.OneIn(3)) c.mxcsr |= kMxcsrDaz;
  if (r.OneIn(3)) c.mxcsr |= kMxcsrFtz;
  c.mxcsr |= (r.OneIn(2) ? 0x3Fu : r.Below(64)) << kMxcsrMaskShift;
  c.imm = op.imm_count ? static_cast<int>(r.Below(static_cast<uint32_t>(op.imm_count))) : 0;
  const bool wide = op.gen == Gen::kF64;
  const FloatShape& f = wide ? kF64Shape : kF32Shape;
  const int lanes = wide ? 2 : 4;
  for (int i = 0; i < lanes; ++i) {
    const uint64_t a = Value(r, f);
    const uint64_t b = r.OneIn(2) ? Partner(r, f, a) : Value(r, f);
    if (wide) {
      c.dst.SetF64(i, a);
      c.src.SetF64(i, b);
    } else {
      c.dst.SetF32(i, static_cast<uint32_t>(a));
      c.src.SetF32(i, static_cast<uint32_t>(b));
    }
  }
  // Horizontal forms pair lanes of one register: give them partners inside a register too.
  if (r.OneIn(2)) {
    if (wide) {
      c.dst.SetF64(1, Partner(r, f, c.dst.F64(0)));
      c.src.SetF64(1, Partner(r, f, c.src.F64(0)));
    } else {
      c.dst.SetF32(1, static_cast<uint32_t>(Partner(r, f, c.dst.F32(0))));
      c.src.SetF32(3, static_cast<uint32_t>(Partner(r, f, c.src.F32(2))));
    }
  }
  if (op.gen == Gen::kIntLanes) {
    for (int i = 0; i < 4; ++i) c.src.SetF32(i, static_cast<uint32_t>(Integer(r)));
  }
  c.gpr = r.OneIn(2) ? static_cast<uint64_t>(Integer(r))
                     : static_cast<uint32_t>(Integer(r)) |
                           static_cast<uint64_t>(static_cast<uint32_t>(Integer(r))) << 32;
  return c;
}

Outcome RunOnHost(const Op& op, const Case& c) {
  HostIo io{};
  std::memcpy(io.dst, c.dst.q, sizeof io.dst);
  std::memcpy(io.src, c.src.q, sizeof io.src);
  io.mxcsr_in = c.mxcsr;
  io.gpr_in = c.gpr;
  io.mxcsr_restore = kMxcsrDefault;
  HostFault fault{};
  Outcome o;
  if (!RunHost(op.host, c.imm, &io, &fault)) {
    o.fault = true;
    o.flags = fault.mxcsr & kMxcsrFlags;
    std::memcpy(o.xmm.q, fault.xmm0, sizeof o.xmm.q);
    return o;
  }
  std::memcpy(o.xmm.q, io.dst, sizeof o.xmm.q);
  o.gpr = io.gpr_out;
  o.flags = io.mxcsr_out & kMxcsrFlags;
  o.eflags = static_cast<uint32_t>(io.rflags) & 0x8D5;  // OF SF ZF AF PF CF
  return o;
}

float AsFloat(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

// An RCP/RSQRT lane: special inputs bit for bit; finite results within 1.5 * 2^-12 of the
// true value; tiny reciprocals (|x| >= 2^125) may flush to zero.
bool EstimateLaneOk(bool sqrt, uint32_t x, uint32_t host, uint32_t got) {
  const uint32_t field = (x >> 23) & 0xFF;
  const bool negative = x >> 31;
  if (field == 0 || field == 0xFF || (sqrt && negative)) return host == got;
  const double v = AsFloat(x);
  const double exact = sqrt ? 1.0 / std::sqrt(v) : 1.0 / v;
  if (!sqrt && field >= 125 + 127) {
    if ((got & 0x7FFFFFFF) == 0) return (got >> 31) == negative && field >= 126 + 127 - 1;
  }
  const double err = std::fabs((AsFloat(got) - exact) / exact);
  return err <= 1.5 / 4096.0;
}

bool EstimateOk(const Op& op, const Case& c, const Outcome& host, const Outcome& emu) {
  if (host.flags || host.fault || emu.flags || emu.fault) return false;
  const bool sqrt = op.name[1] == 's';
  const int lanes =
      op.name[std::strlen(op.name) - 1] == 's' && op.name[std::strlen(op.name) - 2] == 's' ? 1 : 4;
  for (int i = 0; i < 4; ++i) {
    if (i >= lanes) {
      if (emu.xmm.F32(i) != c.dst.F32(i) || host.xmm.F32(i) != c.dst.F32(i)) return false;
      continue;
    }
    if (!EstimateLaneOk(sqrt, c.src.F32(i), host.xmm.F32(i), emu.xmm.F32(i))) return false;
    // The bound check itself must accept the host's own results.
    if (!EstimateLaneOk(sqrt, c.src.F32(i), host.xmm.F32(i), host.xmm.F32(i))) return false;
  }
  return true;
}

bool Same(const Op& op, const Case& c, const Outcome& host, const Outcome& emu) {
  if (op.check == Check::kEstimate) return EstimateOk(op, c, host, emu);
  if (host.flags != emu.flags || host.fault != emu.fault || !(host.xmm == emu.xmm)) return false;
  if (host.fault) return true;
  if (op.check == Check::kGpr && host.gpr != emu.gpr) return false;
  if (op.check == Check::kEflags && host.eflags != emu.eflags) return false;
  return true;
}

void PrintOutcome(const char* who, const Outcome& o) {
  std::printf(" %s xmm=%016" PRIX64 ":%016" PRIX64 " gpr=%016" PRIX64 " flags=%02X%s eflags=%03X",
              who, o.xmm.q[1], o.xmm.q[0], o.gpr, o.flags, o.fault ? " #XM" : "", o.eflags);
}

void Report(const Op& op, const Case& c, const Outcome& host, const Outcome& emu) {
  std::printf("MISMATCH %s mxcsr=%04X imm=%d dst=%016" PRIX64 ":%016" PRIX64 " src=%016" PRIX64
              ":%016" PRIX64 " gpr=%016" PRIX64 ";",
              op.name, c.mxcsr, c.imm, c.dst.q[1], c.dst.q[0], c.src.q[1], c.src.q[0], c.gpr);
  PrintOutcome("host", host);
  std::printf(";");
  PrintOutcome("got", emu);
  std::printf("\n");
}

}  // namespace
}  // namespace m86::fpu::test

int main(int argc, char** argv) {
  using namespace m86::fpu::test;
  uint64_t seed = static_cast<uint64_t>(std::time(nullptr));
  uint64_t count = 400000;
  const char* only = nullptr;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (!std::strcmp(argv[i], "--seed") && has_value) {
      seed = std::strtoull(argv[++i], nullptr, 0);
    } else if (!std::strcmp(argv[i], "--count") && has_value) {
      count = std::strtoull(argv[++i], nullptr, 0);
    } else if (!std::strcmp(argv[i], "--op") && has_value) {
      only = argv[++i];
    } else {
      std::fprintf(stderr, "usage: sse_oracle [--seed N] [--count N] [--op NAME]\n");
      return 2;
    }
  }
  std::printf("sse_oracle: seed %" PRIu64 " (rerun with --seed %" PRIu64 "), %" PRIu64
              " cases over %d instruction forms\n",
              seed, seed, count, kOpCount);
  InstallFaultHandler();
  Rng rng(seed);
  uint64_t mismatches = 0, faults = 0;
  for (uint64_t i = 0; i < count; ++i) {
    const Op& op = kOps[i % kOpCount];
    const Case c = MakeCase(rng, op);
    if (only && std::strcmp(only, op.name)) continue;
    const Outcome host = RunOnHost(op, c);
    const Outcome emu = op.emu(c);
    faults += host.fault;
    if (!Same(op, c, host, emu)) {
      if (++mismatches <= 30) Report(op, c, host, emu);
    }
  }
  std::printf("sse_oracle: %" PRIu64 " cases, %" PRIu64 " with #XM, %" PRIu64 " mismatches\n",
              count, faults, mismatches);
  for (const Directed& d : kDirected) {
    const Op* op = nullptr;
    for (const Op& o : kOps) {
      if (!std::strcmp(o.name, d.op)) op = &o;
    }
    const bool wide = op->gen == Gen::kF64;
    Case c{};
    c.mxcsr = d.mxcsr;
    c.imm = !std::strcmp(d.op, "cmpss") ? 1 : !std::strcmp(d.op, "roundss") ? 8 : 0;
    for (int lane = 0; lane < 2; ++lane) {
      const uint64_t dv = lane ? d.dst1 : d.dst0, sv = lane ? d.src1 : d.src0;
      if (wide) {
        c.dst.SetF64(lane, dv);
        c.src.SetF64(lane, sv);
      } else {
        c.dst.SetF32(lane, static_cast<uint32_t>(dv));
        c.src.SetF32(lane, static_cast<uint32_t>(sv));
      }
    }
    const Outcome host = RunOnHost(*op, c);
    const Outcome emu = op->emu(c);
    // The rule holds on the host, and the engine agrees with the host.
    if (host.flags != d.flags || host.fault != d.fault || !Same(*op, c, host, emu)) {
      ++mismatches;
      std::printf("directed (%s):\n", d.rule);
      Report(*op, c, host, emu);
    }
  }
  std::printf("sse_oracle: %zu directed cases checked\n", sizeof kDirected / sizeof kDirected[0]);
  return mismatches ? 1 : 0;
}

#else

int main() {
  std::printf("sse_oracle: SKIP: the host comparison needs an x86-64 host\n");
  return 77;
}

#endif
