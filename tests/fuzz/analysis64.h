// Safety and flag analysis of 64-bit-mode sequences. Simpler than the 32-bit analysis
// (analysis.h), whose register model it does not share: a register value is known from the
// initial state or from a MOV r, imm / LEA until an instruction may write that register, and
// R14, R15 and RSP, which the generator keeps as address registers, may never be written by
// an explicit operand (RSP moves only with PUSH, POP and CALL). Every memory access must be
// computable from known values and land in the data page, or on an unmapped page (a
// deliberate fault, ClassifyRange of analysis.h); the undefined status flags are tracked with
// the same flag rules (flag_rules.h).
#ifndef M86_TESTS_FUZZ_ANALYSIS64_H_
#define M86_TESTS_FUZZ_ANALYSIS64_H_

#include <array>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "analysis.h"
#include "program64.h"

namespace m86::fuzz {

struct AbsState64 {
  std::array<std::optional<uint64_t>, 16> val{};
  uint32_t undef = 0;  // status flags whose value is undefined
  int8_t df = 0;       // EFLAGS.DF: 0, 1, or -1 when unknown
  bool reachable = true;
};

// Registers an explicit operand may never write (the address registers).
constexpr bool IsPinned64(int r) { return r == kEsp || r == kR14 || r == kR15; }

class Analyzer64 {
 public:
  explicit Analyzer64(const FuzzRegs64& init);
  // Analyzes the next instruction; `why` receives a short reason for kReject/kFaults.
  Verdict Feed(const GenInsn& g, const char** why = nullptr);
  const AbsState64& state() const { return st_; }
  size_t size() const { return undef_before_.size(); }
  const std::vector<uint32_t>& undef_before() const { return undef_before_; }
  // Undefined flags at the end, with every branch past the last instruction merged.
  uint32_t FinalUndef() const;

 private:
  AbsState64 st_;
  std::vector<std::pair<int, AbsState64>> pending_;  // taken forward branches
  std::vector<uint32_t> undef_before_;
};

// Whole program (AnalyzeWith of analysis.h).
using Analysis64 = Analysis;
Analysis64 Analyze(const Program64& p);

// Operations that exist in 64-bit mode among the catalog's (SDM Vol. 2A, the "64-Bit Mode"
// column: Invalid for PUSHA, BOUND, the decimal adjusts, INTO, SALC; 40-4F are REX).
bool ValidIn64(Op op);
// Operand size of a stack operation in 64-bit mode: 8, or 2 with 0x66 (SDM Vol. 1, 6.2.5).
int StackSize64(const GenInsn& g);
// Bytes the memory operand covers.
uint32_t MemorySize64(const GenInsn& g);

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_ANALYSIS64_H_
