// The SIMD instructions the host-differential test runs (simd_host_test.cpp): one row per
// encoding with the kinds of its ModRM operands. Every SSE-family instruction the emulator
// executes is listed here (simd_cases.cpp).
#pragma once
#include <cstdint>
#include <random>
#include <vector>

#include "simd_native.h"

namespace m86::test {

// What a ModRM field names.
enum class Operand : uint8_t { kXmm, kMmx, kGpr };

// Which ModRM.rm forms the encoding has.
enum class Forms : uint8_t { kBoth, kRegOnly, kMemOnly };

// Reshapes a generated instance before it runs, for rows whose interesting inputs random lanes
// rarely produce: `iteration` counts from 0, `bytes` is the instruction (ending with its imm8
// when it has one), `state` the inputs both sides start from.
using CaseShaper = void (*)(int iteration, std::vector<uint8_t>& bytes, SimdState& state,
                            std::mt19937_64& rng);

struct SimdCase {
  const char* name;
  std::vector<uint8_t> opcode;  // mandatory prefix and opcode bytes, up to the ModRM byte
  Operand reg, rm;              // ModRM.reg and the register form of ModRM.rm
  Forms forms = Forms::kBoth;
  bool imm8 = false;            // an immediate byte follows
  int group_reg = -1;           // group opcodes: the fixed ModRM.reg value
  bool aligned = true;          // a memory operand must be 16-byte aligned (tested aligned);
                                // otherwise it is also tested at every misalignment
  bool uses_edi = false;        // stores at DS:(E)DI (MASKMOVQ, MASKMOVDQU)
  bool fp = false;              // floating point: inputs biased to special values, random MXCSR
                                // with unmasked exceptions (a fault is compared, not an error)
  CaseShaper shape = nullptr;   // optional input shaping
  int iterations = 0;           // per form; 0 for the test's default
};

const std::vector<SimdCase>& SimdCases();

}  // namespace m86::test
