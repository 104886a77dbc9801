// The SIMD instructions the host-differential test runs (simd_host_test.cpp): one row per
// encoding with the kinds of its ModRM operands. Every SSE-family instruction the emulator
// executes is listed here (simd_cases.cpp).
#pragma once
#include <cstdint>
#include <vector>

namespace m86::test {

// What a ModRM field names.
enum class Operand : uint8_t { kXmm, kMmx, kGpr };

// Which ModRM.rm forms the encoding has.
enum class Forms : uint8_t { kBoth, kRegOnly, kMemOnly };

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
};

const std::vector<SimdCase>& SimdCases();

}  // namespace m86::test
