// fpu_digest: runs a fixed pseudo-random stream of operations through every function of
// cpu/fpu/float80.h, under every rounding and precision control and with masked and unmasked
// exceptions, then one through every function of cpu/fpu/sse_float.h (tests/fpu_digest/
// sse_stream.cpp), and prints one 64-bit digest of all results, exception flags, C1 and
// suppressions.
// scripts/cross-test.sh (stage fpu) runs it on x86-64 and, under qemu-user, on s390x, AArch64
// and riscv64: the portable arithmetic must give the same bits everywhere, so the digests must
// be equal.
//
//   fpu_digest [--seed N] [--count N] [--sse-count N] [--expect HEX] [--verbose]
//
// --expect makes the exit status report a mismatch; --verbose adds one digest per function, to
// find which one differs.
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "tests/fpu_digest/digest_hash.h"
#include "tests/fpu_digest/operands.h"
#include "tests/fpu_digest/sse_stream.h"

namespace m86::digest {
namespace {

using namespace m86::fpu;

// A marker for outputs an operation may leave unwritten, so they hash the same everywhere.
constexpr Float80 kUnset{0x5A5A5A5A5A5A5A5Aull, 0x5A5A};

void OpClassify(Generator& g, FpEnv&, Sink& s) {
  s.Word(static_cast<uint8_t>(Classify(Operand(g))), 1);
}

void OpConstants(Generator& g, FpEnv&, Sink& s) {
  const Rounding rc = static_cast<Rounding>(g.Below(4));
  s.Value(ConstOne());
  s.Value(ConstZero(g.OneIn(2)));
  s.Value(ConstPi(rc));
  s.Value(ConstLog2e(rc));
  s.Value(ConstLog2_10(rc));
  s.Value(ConstLog10_2(rc));
  s.Value(ConstLn2(rc));
  s.Value(DefaultNaN());
}

template <Float80 (*F)(const Float80&, const Float80&, FpEnv&)>
void OpBinary(Generator& g, FpEnv& env, Sink& s) {
  const Float80 a = Operand(g);
  s.Value(F(a, Partner(g, a), env));
}

// The memory-operand forms: a float32/float64 operand on either side, widened without
// signalling, against a register operand.
template <Float80 (*F)(const FpOperand&, const FpOperand&, FpEnv&)>
void OpMemory(Generator& g, FpEnv& env, Sink& s) {
  const bool wide = g.OneIn(2);
  const FpOperand mem = wide ? MemoryOperand64(FloatBits(g, 11, 52))
                             : MemoryOperand32(static_cast<uint32_t>(FloatBits(g, 8, 23)));
  const FpOperand reg(Operand(g));
  s.Value(g.OneIn(2) ? F(reg, mem, env) : F(mem, reg, env));
}

void OpSqrt(Generator& g, FpEnv& env, Sink& s) { s.Value(Sqrt(Operand(g), env)); }
void OpRoundToInteger(Generator& g, FpEnv& env, Sink& s) {
  Float80 x = Operand(g);
  if (g.OneIn(2)) x = Finite(g, x.sign(), kBias - 2, kBias + 64);
  s.Value(RoundToInteger(x, env));
}

void OpScale(Generator& g, FpEnv& env, Sink& s) {
  const Float80 a = Operand(g);
  const Float80 b = g.OneIn(2) ? FromInt64(g.Between(-33000, 33000)) : Operand(g);
  s.Value(Scale(a, b, env));
}

void OpExtract(Generator& g, FpEnv& env, Sink& s) {
  Float80 exponent = kUnset;
  s.Value(Extract(Operand(g), &exponent, env));
  s.Value(exponent);
}

template <bool kIeee>
void OpRemainder(Generator& g, FpEnv& env, Sink& s) {
  const Float80 a = Operand(g);
  Float80 b = Partner(g, a);
  // Exponent differences up to and beyond 63 exercise partial (C2 = 1) reductions.
  if (g.OneIn(3)) b = Finite(g, a.exp() - 100, a.exp());
  uint8_t quotient = 0xA5;
  bool complete = false;
  s.Value(PartialRemainder(a, b, kIeee, env, &quotient, &complete));
  s.Word(quotient, 1);
  s.Word(complete, 1);
}

void OpAbsNegate(Generator& g, FpEnv&, Sink& s) {
  const Float80 x = Operand(g);
  s.Value(Abs(x));
  s.Value(Negate(x));
}

template <bool kQuiet>
void OpCompare(Generator& g, FpEnv& env, Sink& s) {
  const Float80 a = Operand(g);
  s.Word(static_cast<uint8_t>(Compare(a, Partner(g, a), kQuiet, env)), 1);
}

void OpCompareMemory(Generator& g, FpEnv& env, Sink& s) {
  const FpOperand mem = g.OneIn(2) ? MemoryOperand64(FloatBits(g, 11, 52))
                                   : MemoryOperand32(static_cast<uint32_t>(FloatBits(g, 8, 23)));
  const FpOperand reg(Operand(g));
  const bool quiet = g.OneIn(2);
  s.Word(static_cast<uint8_t>(Compare(reg, mem, quiet, env)), 1);
}

void OpFromFloat32(Generator& g, FpEnv& env, Sink& s) {
  s.Value(FromFloat32(static_cast<uint32_t>(FloatBits(g, 8, 23)), env));
}
void OpFromFloat64(Generator& g, FpEnv& env, Sink& s) {
  s.Value(FromFloat64(FloatBits(g, 11, 52), env));
}
void OpFromInt64(Generator& g, FpEnv&, Sink& s) {
  const int shift = g.Between(0, 63);
  s.Value(FromInt64(static_cast<int64_t>(g.Next()) >> shift));
}

// Values around the float32/float64 range edges as well as anything.
Float80 StoreOperand(Generator& g, int exp_span) {
  if (!g.OneIn(3)) return Operand(g);
  const int32_t edge = g.OneIn(2) ? exp_span : -exp_span;
  return Finite(g, kBias + edge - 30, kBias + edge + 30);
}
void OpToFloat32(Generator& g, FpEnv& env, Sink& s) {
  s.Word(ToFloat32(StoreOperand(g, 127), env), 4);
}
void OpToFloat64(Generator& g, FpEnv& env, Sink& s) {
  s.Word(ToFloat64(StoreOperand(g, 1023), env), 8);
}

void OpToInt(Generator& g, FpEnv& env, Sink& s) {
  static constexpr int kBits[] = {16, 32, 64};
  const int bits = kBits[g.Below(3)];
  Float80 x = Operand(g);
  if (g.OneIn(2)) x = Finite(g, x.sign(), kBias - 2, kBias + bits + 1);
  s.Word(ToInt(x, bits, env), 8);
}

void OpFromBcd(Generator& g, FpEnv& env, Sink& s) {
  uint8_t bytes[10];
  Bcd(g, bytes);
  s.Value(FromBcd(bytes, env));
}

void OpToBcd(Generator& g, FpEnv& env, Sink& s) {
  Float80 x = Operand(g);
  if (g.OneIn(2)) x = Finite(g, x.sign(), kBias - 2, kBias + 62);
  uint8_t bytes[10];
  std::memset(bytes, 0x5A, sizeof bytes);
  ToBcd(x, bytes, env);
  for (uint8_t b : bytes) s.Word(b, 1);
}

void OpRoundToPrecision(Generator& g, FpEnv& env, Sink& s) {
  const uint64_t high = g.Next();
  const uint64_t low = g.Next();
  const unsigned __int128 sig = static_cast<unsigned __int128>(high) << 64 | low;
  const unsigned __int128 shifted = sig >> g.Below(128);
  const int32_t exponent = g.OneIn(4) ? g.Between(-70000, 70000) : g.Between(-200, 0x7FFF + 200);
  const bool sign = g.OneIn(2);
  s.Value(RoundToPrecision(sign, exponent, shifted, env));
}

template <Float80 (*F)(const Float80&, FpEnv&, bool*)>
void OpTrig(Generator& g, FpEnv& env, Sink& s) {
  bool out_of_range = false;
  s.Value(F(Angle(g), env, &out_of_range));
  s.Word(out_of_range, 1);
}

void OpSinCos(Generator& g, FpEnv& env, Sink& s) {
  bool out_of_range = false;
  Float80 cos = kUnset;
  s.Value(SinCos(Angle(g), env, &out_of_range, &cos));
  s.Value(cos);
  s.Word(out_of_range, 1);
}

void OpAtan2(Generator& g, FpEnv& env, Sink& s) {
  const Float80 y = Operand(g);
  s.Value(Atan2(y, Partner(g, y), env));
}

void OpExp2Minus1(Generator& g, FpEnv& env, Sink& s) {
  const Float80 x = g.OneIn(4) ? Operand(g) : Finite(g, kBias - 70, kBias - 1);
  s.Value(Exp2Minus1(x, env));
}

void OpYLog2X(Generator& g, FpEnv& env, Sink& s) {
  const Float80 y = Operand(g);
  const Float80 x = g.OneIn(3) ? Operand(g) : Finite(g, false, kBias - 300, kBias + 300);
  s.Value(YLog2X(y, x, env));
}

void OpYLog2XPlus1(Generator& g, FpEnv& env, Sink& s) {
  const Float80 y = Operand(g);
  // The documented domain is |x| < 1 - sqrt(2)/2; some operands lie outside it.
  const Float80 x = g.OneIn(4) ? Operand(g) : Finite(g, kBias - 80, kBias - 2);
  s.Value(YLog2XPlus1(y, x, env));
}

struct Op {
  const char* name;
  void (*run)(Generator&, FpEnv&, Sink&);
};

constexpr Float80 (*kAddF)(const Float80&, const Float80&, FpEnv&) = &Add;
constexpr Float80 (*kSubF)(const Float80&, const Float80&, FpEnv&) = &Sub;
constexpr Float80 (*kMulF)(const Float80&, const Float80&, FpEnv&) = &Mul;
constexpr Float80 (*kDivF)(const Float80&, const Float80&, FpEnv&) = &Div;
constexpr Float80 (*kAddM)(const FpOperand&, const FpOperand&, FpEnv&) = &Add;
constexpr Float80 (*kSubM)(const FpOperand&, const FpOperand&, FpEnv&) = &Sub;
constexpr Float80 (*kMulM)(const FpOperand&, const FpOperand&, FpEnv&) = &Mul;
constexpr Float80 (*kDivM)(const FpOperand&, const FpOperand&, FpEnv&) = &Div;

const Op kOps[] = {
    {"Classify", OpClassify},
    {"Constants", OpConstants},
    {"Add", OpBinary<kAddF>},
    {"Sub", OpBinary<kSubF>},
    {"Mul", OpBinary<kMulF>},
    {"Div", OpBinary<kDivF>},
    {"Add(mem)", OpMemory<kAddM>},
    {"Sub(mem)", OpMemory<kSubM>},
    {"Mul(mem)", OpMemory<kMulM>},
    {"Div(mem)", OpMemory<kDivM>},
    {"Sqrt", OpSqrt},
    {"RoundToInteger", OpRoundToInteger},
    {"Scale", OpScale},
    {"Extract", OpExtract},
    {"PartialRemainder", OpRemainder<false>},
    {"PartialRemainder(ieee)", OpRemainder<true>},
    {"Abs/Negate", OpAbsNegate},
    {"Compare", OpCompare<false>},
    {"Compare(quiet)", OpCompare<true>},
    {"Compare(mem)", OpCompareMemory},
    {"FromFloat32", OpFromFloat32},
    {"FromFloat64", OpFromFloat64},
    {"FromInt64", OpFromInt64},
    {"ToFloat32", OpToFloat32},
    {"ToFloat64", OpToFloat64},
    {"ToInt", OpToInt},
    {"FromBcd", OpFromBcd},
    {"ToBcd", OpToBcd},
    {"RoundToPrecision", OpRoundToPrecision},
    {"Sin", OpTrig<&Sin>},
    {"Cos", OpTrig<&Cos>},
    {"SinCos", OpSinCos},
    {"Tan", OpTrig<&Tan>},
    {"Atan2", OpAtan2},
    {"Exp2Minus1", OpExp2Minus1},
    {"YLog2X", OpYLog2X},
    {"YLog2XPlus1", OpYLog2XPlus1},
};
constexpr int kOpCount = sizeof(kOps) / sizeof(kOps[0]);

// Control word for one operation: any rounding, any precision control (01, reserved, included),
// and one time in four a random set of unmasked exceptions.
FpEnv RandomEnv(Generator& g) {
  FpEnv env;
  env.rounding = static_cast<Rounding>(g.Below(4));
  env.precision = static_cast<Precision>(g.Below(4));
  env.masks = g.OneIn(4) ? static_cast<uint8_t>(g.Below(64)) : 0x3F;
  return env;
}

int Usage() {
  std::fprintf(stderr,
               "usage: fpu_digest [--seed N] [--count N] [--sse-count N] [--expect HEX] "
               "[--verbose]\n");
  return 2;
}

}  // namespace
}  // namespace m86::digest

int main(int argc, char** argv) {
  using namespace m86::digest;
  uint64_t seed = 0x6D383678383730ull;  // "m86x870"
  uint64_t count = 740000;              // 20,000 of each of the 37 functions and forms
  uint64_t sse_count = 360000;          // 20,000 of each of the 18 SSE groups
  const char* expect = nullptr;
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (!std::strcmp(argv[i], "--seed") && has_value) {
      seed = std::strtoull(argv[++i], nullptr, 0);
    } else if (!std::strcmp(argv[i], "--count") && has_value) {
      count = std::strtoull(argv[++i], nullptr, 0);
    } else if (!std::strcmp(argv[i], "--sse-count") && has_value) {
      sse_count = std::strtoull(argv[++i], nullptr, 0);
    } else if (!std::strcmp(argv[i], "--expect") && has_value) {
      expect = argv[++i];
    } else if (!std::strcmp(argv[i], "--verbose")) {
      verbose = true;
    } else {
      return Usage();
    }
  }

  Generator g(seed);
  Fnv1a total;
  Fnv1a per_op[kOpCount];
  for (uint64_t i = 0; i < count; ++i) {
    // Round robin over the functions, so every one gets the same share of the stream.
    const int index = static_cast<int>(i % kOpCount);
    FpEnv env = RandomEnv(g);
    env.Begin();
    Sink sink{&total, &per_op[index]};
    sink.Word(static_cast<uint64_t>(index), 1);
    kOps[index].run(g, env, sink);
    sink.Word(env.raised, 1);
    sink.Word(env.rounded_up, 1);
    sink.Word(env.suppress_result, 1);
  }

  if (verbose) {
    for (int i = 0; i < kOpCount; ++i)
      std::printf("%-24s %016" PRIX64 "\n", kOps[i].name, per_op[i].h);
  }
  // The SSE stream (cpu/fpu/sse_float.h) continues the same digest, from a seed of its own.
  RunSseStream(seed ^ 0x535345ull, sse_count, &total, verbose);
  std::printf("fpu_digest: seed 0x%" PRIX64 ", %" PRIu64 " x87 and %" PRIu64
              " SSE operations, digest %016" PRIX64 "\n",
              seed, count, sse_count, total.h);
  if (expect) {
    const uint64_t want = std::strtoull(expect, nullptr, 16);
    if (want != total.h) {
      std::printf("fpu_digest: MISMATCH, expected %016" PRIX64 "\n", want);
      return 1;
    }
    std::printf("fpu_digest: matches the expected digest\n");
  }
  return 0;
}
