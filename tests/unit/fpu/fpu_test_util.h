// Helpers for the portable float80 unit tests.
#pragma once
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <string>

#include "cpu/fpu/float80.h"

namespace m86::fpu::test {

inline Float80 F(uint16_t sign_exp, uint64_t mant) { return Float80{mant, sign_exp}; }
// n * 2^k exactly.
inline Float80 Q(int64_t n, int k = 0) {
  Float80 x = FromInt64(n);
  if (n != 0) x.sign_exp = static_cast<uint16_t>(x.sign_exp + k);
  return x;
}

inline const Float80 kPosZero = F(0x0000, 0);
inline const Float80 kNegZero = F(0x8000, 0);
inline const Float80 kPosInf = F(0x7FFF, 0x8000000000000000);
inline const Float80 kNegInf = F(0xFFFF, 0x8000000000000000);
inline const Float80 kIndefinite = F(0xFFFF, 0xC000000000000000);
inline const Float80 kMaxNormal = F(0x7FFE, 0xFFFFFFFFFFFFFFFF);
inline const Float80 kMinNormal = F(0x0001, 0x8000000000000000);
inline const Float80 kMinDenormal = F(0x0000, 0x0000000000000001);

// An environment with the given masks, rounding and precision, nothing raised yet.
inline FpEnv Env(uint8_t masks = 0x3F, Rounding rc = Rounding::kNearest,
                 Precision pc = Precision::kExtended) {
  FpEnv env;
  env.masks = masks;
  env.rounding = rc;
  env.precision = pc;
  return env;
}

inline std::string Hex(const Float80& x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04X:%016llX", x.sign_exp,
                static_cast<unsigned long long>(x.mant));
  return buf;
}

}  // namespace m86::fpu::test

namespace Catch {
template <>
struct StringMaker<m86::fpu::Float80> {
  static std::string convert(const m86::fpu::Float80& x) { return m86::fpu::test::Hex(x); }
};
}  // namespace Catch
