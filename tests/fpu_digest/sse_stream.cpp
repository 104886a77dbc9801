// The SSE stream of fpu_digest: every function of cpu/fpu/sse_float.h, round robin, under any
// MXCSR (rounding, DAZ, FTZ, masks), over operands weighted toward the special cases
// (tests/fpu_digest/sse_operands.h). Each draw is a statement of its own, so every host draws
// the same stream.
#include "tests/fpu_digest/sse_stream.h"

#include <cinttypes>
#include <cstdio>

#include "cpu/fpu/sse_float.h"
#include "tests/fpu_digest/sse_operands.h"

namespace m86::digest {
namespace {

using namespace m86::fpu;
using fpu::test::FloatShape;

constexpr FloatShape kSingleShape{23, 8};
constexpr FloatShape kDoubleShape{52, 11};

// One operation's inputs.
struct Inputs {
  uint32_t mxcsr;
  bool wide;
  Xmm dst, src;
  uint8_t imm;
  int64_t integer;
};

Inputs Draw(Generator& g) {
  Inputs in{};
  const uint32_t rounding = g.Below(4);
  const bool daz = g.OneIn(3);
  const bool ftz = g.OneIn(3);
  const bool all_masked = g.OneIn(2);
  const uint32_t masks = all_masked ? 0x3F : g.Below(64);
  in.mxcsr = rounding << kMxcsrRoundShift | (daz ? kMxcsrDaz : 0) | (ftz ? kMxcsrFtz : 0) |
             masks << kMxcsrMaskShift;
  in.wide = g.OneIn(2);
  const FloatShape& f = in.wide ? kDoubleShape : kSingleShape;
  for (int i = 0; i < (in.wide ? 2 : 4); ++i) {
    const uint64_t a = fpu::test::Value(g, f);
    const bool related = g.OneIn(2);
    const uint64_t b = related ? fpu::test::Partner(g, f, a) : fpu::test::Value(g, f);
    if (in.wide) {
      in.dst.SetF64(i, a);
      in.src.SetF64(i, b);
    } else {
      in.dst.SetF32(i, static_cast<uint32_t>(a));
      in.src.SetF32(i, static_cast<uint32_t>(b));
    }
  }
  in.imm = static_cast<uint8_t>(g.Below(256));
  in.integer = fpu::test::Integer(g);
  return in;
}

SseShape Shape(const Inputs& in) {
  const bool scalar = in.imm & 0x80;  // a bit the operations below do not otherwise read
  return in.wide ? (scalar ? SseShape::kSd : SseShape::kPd)
                 : (scalar ? SseShape::kSs : SseShape::kPs);
}

void Hash(Sink& s, const SseResult& r) {
  s.Word(r.value.q[0], 8);
  s.Word(r.value.q[1], 8);
  s.Word(r.flags, 1);
  s.Word(r.fault, 1);
}

void Hash(Sink& s, const SseIntResult& r) {
  s.Word(r.value, 8);
  s.Word(r.flags, 1);
  s.Word(r.fault, 1);
}

struct SseOp {
  const char* name;
  void (*run)(const Inputs&, Sink&);
};

// The integer conversions take lane 0 of src; 32- and 64-bit results alternate with imm8 bit 0.
int IntBits(const Inputs& in) { return (in.imm & 1) ? 64 : 32; }
bool Truncating(const Inputs& in) { return in.imm & 2; }

const SseOp kSseOps[] = {
    {"SseBinary",
     [](const Inputs& in, Sink& s) {
       const SseArith op = static_cast<SseArith>(in.imm % 6);
       Hash(s, SseBinary(op, Shape(in), in.dst, in.src, in.mxcsr));
     }},
    {"SseSqrt",
     [](const Inputs& in, Sink& s) { Hash(s, SseSqrt(Shape(in), in.dst, in.src, in.mxcsr)); }},
    {"SseCompare",
     [](const Inputs& in, Sink& s) {
       Hash(s, SseCompare(Shape(in), in.dst, in.src, in.imm & 7, in.mxcsr));
     }},
    {"SseComi",
     [](const Inputs& in, Sink& s) {
       const SseCompareFlags r =
           SseComi(in.wide, in.dst.q[0] & (in.wide ? ~0ull : 0xFFFFFFFFull),
                   in.src.q[0] & (in.wide ? ~0ull : 0xFFFFFFFFull), in.imm & 1, in.mxcsr);
       s.Word(r.zf | r.pf << 1 | r.cf << 2, 1);
       s.Word(r.flags, 1);
       s.Word(r.fault, 1);
     }},
    {"SseAddSub",
     [](const Inputs& in, Sink& s) { Hash(s, SseAddSub(in.wide, in.dst, in.src, in.mxcsr)); }},
    {"SseHorizontal",
     [](const Inputs& in, Sink& s) {
       Hash(s, SseHorizontal(in.wide, in.imm & 1, in.dst, in.src, in.mxcsr));
     }},
    {"SseDot",
     [](const Inputs& in, Sink& s) { Hash(s, SseDot(in.wide, in.dst, in.src, in.imm, in.mxcsr)); }},
    {"SseRound",
     [](const Inputs& in, Sink& s) {
       Hash(s, SseRound(Shape(in), in.dst, in.src, in.imm & 15, in.mxcsr));
     }},
    {"SseReciprocal",
     [](const Inputs& in, Sink& s) {
       Hash(s, SseReciprocal(in.imm & 0x80 ? SseShape::kSs : SseShape::kPs, in.dst, in.src));
     }},
    {"SseReciprocalSqrt",
     [](const Inputs& in, Sink& s) {
       Hash(s, SseReciprocalSqrt(in.imm & 0x80 ? SseShape::kSs : SseShape::kPs, in.dst, in.src));
     }},
    {"CvtSs2Sd/CvtPs2Pd",
     [](const Inputs& in, Sink& s) {
       Hash(s, CvtSs2Sd(in.dst, in.src, in.mxcsr));
       Hash(s, CvtPs2Pd(in.src, in.mxcsr));
     }},
    {"CvtSd2Ss/CvtPd2Ps",
     [](const Inputs& in, Sink& s) {
       Hash(s, CvtSd2Ss(in.dst, in.src, in.mxcsr));
       Hash(s, CvtPd2Ps(in.src, in.mxcsr));
     }},
    {"CvtDq2Ps/CvtDq2Pd",
     [](const Inputs& in, Sink& s) {
       Xmm ints;
       ints.q[0] = static_cast<uint64_t>(in.integer);
       ints.q[1] = in.src.q[0];
       Hash(s, CvtDq2Ps(ints, in.mxcsr));
       Hash(s, CvtDq2Pd(ints));
     }},
    {"CvtPs2Dq/CvtPd2Dq",
     [](const Inputs& in, Sink& s) {
       Hash(s, in.wide ? CvtPd2Dq(in.src, Truncating(in), in.mxcsr)
                       : CvtPs2Dq(in.src, Truncating(in), in.mxcsr));
     }},
    {"CvtSi2Ss/CvtSi2Sd",
     [](const Inputs& in, Sink& s) {
       const int64_t v = (in.imm & 1) ? in.integer : static_cast<int32_t>(in.integer);
       Hash(s, CvtSi2Ss(in.dst, v, in.mxcsr));
       Hash(s, CvtSi2Sd(in.dst, v, in.mxcsr));
     }},
    {"CvtSs2Si/CvtSd2Si",
     [](const Inputs& in, Sink& s) {
       Hash(s, in.wide ? CvtSd2Si(in.src.F64(0), IntBits(in), Truncating(in), in.mxcsr)
                       : CvtSs2Si(in.src.F32(0), IntBits(in), Truncating(in), in.mxcsr));
     }},
    {"CvtPi2Ps/CvtPi2Pd",
     [](const Inputs& in, Sink& s) {
       Hash(s, CvtPi2Ps(in.dst, static_cast<uint64_t>(in.integer), in.mxcsr));
       Hash(s, CvtPi2Pd(static_cast<uint64_t>(in.integer)));
     }},
    {"CvtPs2Pi/CvtPd2Pi",
     [](const Inputs& in, Sink& s) {
       Hash(s, in.wide ? CvtPd2Pi(in.src, Truncating(in), in.mxcsr)
                       : CvtPs2Pi(in.src.q[0], Truncating(in), in.mxcsr));
     }},
};
constexpr int kSseOpCount = sizeof(kSseOps) / sizeof(kSseOps[0]);

}  // namespace

void RunSseStream(uint64_t seed, uint64_t count, Fnv1a* total, bool verbose) {
  Generator g(seed);
  Fnv1a per_op[kSseOpCount];
  for (uint64_t i = 0; i < count; ++i) {
    const int index = static_cast<int>(i % kSseOpCount);
    const Inputs in = Draw(g);
    Sink sink{total, &per_op[index]};
    sink.Word(static_cast<uint64_t>(index), 1);
    kSseOps[index].run(in, sink);
  }
  if (verbose) {
    for (int i = 0; i < kSseOpCount; ++i)
      std::printf("%-24s %016" PRIX64 "\n", kSseOps[i].name, per_op[i].h);
  }
}

}  // namespace m86::digest
