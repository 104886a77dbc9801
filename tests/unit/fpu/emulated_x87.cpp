#include "emulated_x87.h"

#include <cstring>

#include "cpu/le_bytes.h"

namespace m86::fpu::test {

namespace {

constexpr uint16_t kFlags = 0x3F;

FpEnv EnvFromCw(uint16_t cw) {
  FpEnv env;
  env.masks = cw & 0x3F;
  env.precision = static_cast<Precision>((cw >> 8) & 3);
  env.rounding = static_cast<Rounding>((cw >> 10) & 3);
  env.raised = 0;
  env.Begin();
  return env;
}

// An arithmetic result in ST(0): flags and C1 = "rounded up".
void Arith(Emulated& e, const Float80& r, const FpEnv& env) {
  e.results = 1;
  e.st0 = r;
  e.suppress = env.suppress_result;
  e.sw = env.raised | (env.rounded_up ? kSwC1 : 0);
  e.sw_compared = kFlags | kSwC1;
}

uint16_t CompareCodes(FpOrder o) {
  switch (o) {
    case FpOrder::kLess: return kSwC0;
    case FpOrder::kEqual: return kSwC3;
    case FpOrder::kGreater: return 0;
    case FpOrder::kUnordered: break;
  }
  return kSwC0 | kSwC2 | kSwC3;
}

// The memory operand the instruction stores: `n` bytes in the guest's (little-endian) order.
void Store(Emulated& e, const void* bytes, int n, const FpEnv& env) {
  e.mem_bytes = n;
  std::memcpy(e.mem, bytes, n);
  e.suppress = env.suppress_result;
  e.sw = env.raised | (env.rounded_up ? kSwC1 : 0);
  e.sw_compared = kFlags | kSwC1;
}

}  // namespace

Emulated EmulateRun(HostOp op, const Float80& a, const Float80& b, uint16_t cw,
                    const uint8_t mem[10]) {
  Emulated e;
  FpEnv env = EnvFromCw(cw);
  switch (op) {
    case HostOp::kAdd: Arith(e, Add(a, b, env), env); break;
    case HostOp::kSub: Arith(e, Sub(a, b, env), env); break;
    case HostOp::kSubr: Arith(e, Sub(b, a, env), env); break;
    case HostOp::kMul: Arith(e, Mul(a, b, env), env); break;
    case HostOp::kDiv: Arith(e, Div(a, b, env), env); break;
    case HostOp::kDivr: Arith(e, Div(b, a, env), env); break;
    case HostOp::kSqrt: Arith(e, Sqrt(a, env), env); break;
    case HostOp::kRndint: Arith(e, RoundToInteger(a, env), env); break;
    case HostOp::kScale: Arith(e, Scale(a, b, env), env); break;
    case HostOp::kXtract: {
      Float80 exponent;
      Float80 sig = Extract(a, &exponent, env);
      Arith(e, sig, env);
      e.results = 2;
      e.st1 = exponent;
      break;
    }
    case HostOp::kPrem:
    case HostOp::kPrem1: {
      uint8_t q = 0;
      bool complete = true;
      Float80 r = PartialRemainder(a, b, op == HostOp::kPrem1, env, &q, &complete);
      Arith(e, r, env);
      e.sw = env.raised | (complete ? 0 : kSwC2) | (q & 4 ? kSwC0 : 0) | (q & 2 ? kSwC3 : 0) |
             (q & 1 ? kSwC1 : 0);
      e.sw_compared = kFlags | kSwC0 | kSwC1 | kSwC2 | kSwC3;
      break;
    }
    case HostOp::kCom:
    case HostOp::kUcom: {
      FpOrder o = Compare(a, b, op == HostOp::kUcom, env);
      e.results = 0;
      e.suppress = env.suppress_result;
      e.sw = env.raised | CompareCodes(o);
      e.sw_compared = kFlags | kSwC0 | kSwC1 | kSwC2 | kSwC3;
      break;
    }
    case HostOp::kLd32: {
      Arith(e, FromFloat32(m86::LoadLe<uint32_t>(mem), env), env);
      break;
    }
    case HostOp::kLd64: {
      Arith(e, FromFloat64(m86::LoadLe<uint64_t>(mem), env), env);
      break;
    }
    case HostOp::kIld16: {
      Arith(e, FromInt64(static_cast<int16_t>(m86::LoadLe<uint16_t>(mem))), env);
      break;
    }
    case HostOp::kIld32: {
      Arith(e, FromInt64(static_cast<int32_t>(m86::LoadLe<uint32_t>(mem))), env);
      break;
    }
    case HostOp::kIld64: {
      Arith(e, FromInt64(static_cast<int64_t>(m86::LoadLe<uint64_t>(mem))), env);
      break;
    }
    case HostOp::kBld: Arith(e, FromBcd(mem, env), env); break;
    case HostOp::kSt32: {
      uint8_t v[4];
      m86::StoreLe(v, ToFloat32(a, env));
      Store(e, v, 4, env);
      break;
    }
    case HostOp::kSt64: {
      uint8_t v[8];
      m86::StoreLe(v, ToFloat64(a, env));
      Store(e, v, 8, env);
      break;
    }
    case HostOp::kIst16:
    case HostOp::kIst32:
    case HostOp::kIst64: {
      int bits = op == HostOp::kIst16 ? 16 : op == HostOp::kIst32 ? 32 : 64;
      uint8_t v[8];  // the low bits / 8 bytes: the integer's own width
      m86::StoreLe(v, uint64_t{ToInt(a, bits, env)});
      Store(e, v, bits / 8, env);
      break;
    }
    case HostOp::kBstp: {
      uint8_t bcd[10];
      ToBcd(a, bcd, env);
      Store(e, bcd, 10, env);
      break;
    }
    case HostOp::kAddM32:
    case HostOp::kSubM32:
    case HostOp::kSubrM32:
    case HostOp::kMulM32:
    case HostOp::kDivM32:
    case HostOp::kDivrM32:
    case HostOp::kComM32:
    case HostOp::kAddM64:
    case HostOp::kSubM64:
    case HostOp::kSubrM64:
    case HostOp::kMulM64:
    case HostOp::kDivM64:
    case HostOp::kDivrM64:
    case HostOp::kComM64: {
      const bool m64 = op >= HostOp::kAddM64;
      const uint64_t bits = m64 ? m86::LoadLe<uint64_t>(mem) : m86::LoadLe<uint32_t>(mem);
      const FpOperand m = m64 ? MemoryOperand64(bits) : MemoryOperand32(static_cast<uint32_t>(bits));
      const int form = static_cast<int>(op) - static_cast<int>(m64 ? HostOp::kAddM64 : HostOp::kAddM32);
      switch (form) {
        case 0: Arith(e, Add(a, m, env), env); break;
        case 1: Arith(e, Sub(a, m, env), env); break;
        case 2: Arith(e, Sub(m, a, env), env); break;
        case 3: Arith(e, Mul(a, m, env), env); break;
        case 4: Arith(e, Div(a, m, env), env); break;
        case 5: Arith(e, Div(m, a, env), env); break;
        default: {
          FpOrder o = Compare(a, m, false, env);
          e.suppress = env.suppress_result;
          e.sw = env.raised | CompareCodes(o);
          e.sw_compared = kFlags | kSwC0 | kSwC1 | kSwC2 | kSwC3;
          break;
        }
      }
      break;
    }
    case HostOp::kLdConst: {
      Rounding rc = env.rounding;
      Float80 r;
      switch (mem[0]) {
        case 0: r = ConstOne(); break;
        case 1: r = ConstLog2_10(rc); break;
        case 2: r = ConstLog2e(rc); break;
        case 3: r = ConstPi(rc); break;
        case 4: r = ConstLog10_2(rc); break;
        case 5: r = ConstLn2(rc); break;
        default: r = ConstZero(false); break;
      }
      Arith(e, r, env);
      e.sw_compared = kFlags;
      break;
    }
  }
  return e;
}

}  // namespace m86::fpu::test
