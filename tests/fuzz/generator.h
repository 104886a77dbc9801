// Random instruction sequences for the differential fuzzer: instructions from the catalog
// (catalog.h) with random operands, biased toward edge values, each accepted only when the
// analysis (analysis.h) proves it safe to run natively and comparable.
#ifndef M86_TESTS_FUZZ_GENERATOR_H_
#define M86_TESTS_FUZZ_GENERATOR_H_

#include <vector>

#include "program.h"
#include "rng.h"

namespace m86::fuzz {

struct GenOptions {
  int max_insns = 12;          // sequences have 1..max_insns instructions
  uint32_t fault_percent = 2;  // memory operands deliberately aimed at a guard page
  std::vector<Op> skip_ops;    // never generated (to look past a known bug)
};

Program Generate(Rng& rng, const GenOptions& options);

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_GENERATOR_H_
