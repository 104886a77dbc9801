// Shared by the host differential tests: the instruction forms under test, and one case run on
// both the host x87 and the float80 arithmetic with the results compared.
#pragma once
#include <cstdint>

#include "cpu/fpu/float80.h"
#include "host_x87.h"

namespace m86::fpu::test {

enum class Kind : uint8_t { kBinary, kUnary, kLoad, kStore, kConst, kMemSource };

struct OpSpec {
  HostOp op;
  const char* name;
  Kind kind;
  int weight;
  bool register_result;  // unmasked exceptions are tried (their results land in registers)
};

inline constexpr int kOpCount = 41;
extern const OpSpec kOps[kOpCount];
const OpSpec& FindOp(HostOp op);

enum class Outcome : uint8_t { kMatched, kMismatched, kExcluded };
// Runs one case on the host and on the emulation and compares them (results bit for bit, the
// status-word flags and condition codes). Prints a mismatch when `report` is set.
Outcome RunCase(const OpSpec& spec, const Float80& a, const Float80& b, uint16_t cw,
                const uint8_t mem[10], bool report, HostState* host);

}  // namespace m86::fpu::test
