// Random instruction sequences for the differential fuzzer: instructions from the catalog
// (catalog.h) with random operands, biased toward edge values, each accepted only when the
// analysis (analysis.h) proves it safe to run natively and comparable.
#ifndef M86_TESTS_FUZZ_GENERATOR_H_
#define M86_TESTS_FUZZ_GENERATOR_H_

#include <vector>

#include "catalog.h"
#include "operand_choice.h"
#include "program.h"
#include "rng.h"

namespace m86::fuzz {

struct GenOptions {
  int max_insns = 12;          // sequences have 1..max_insns instructions
  uint32_t fault_percent = 2;  // memory operands deliberately aimed at a guard page
  std::vector<Op> skip_ops;    // never generated (to look past a known bug)
};

Program Generate(Rng& rng, const GenOptions& options);

// Shared with the 64-bit generator (generator64.h).
constexpr uint32_t kShiftCounts[] = {0, 1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 63, 255};
bool IsStringOp(Op op);
// Operations whose "v" size the 0x66 prefix may change.
bool Allows66(Op op);
// A random encoding, operations weighted by the catalog; nullptr for a skipped operation.
const Template* PickTemplate(Rng& r, const std::vector<Op>& skip_ops);
// Immediates, branch displacement sizes and moffs from the operand string, with
// operation-specific values (shift counts, AAM/AAD bases, ENTER sizes).
void FillImmediates(GenInsn& g, Rng& r, OperandChoice& choice);

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_GENERATOR_H_
