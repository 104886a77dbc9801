// Minimizes a mismatching program: drops instructions, then simplifies the initial registers,
// flags and data, keeping each step only if the analysis still accepts the program and the
// two sides still disagree.
#ifndef M86_TESTS_FUZZ_SHRINK_H_
#define M86_TESTS_FUZZ_SHRINK_H_

#include <functional>

#include "program.h"
#include "program64.h"

namespace m86::fuzz {

// `fails` runs a candidate (already known to be valid) and reports whether it still
// mismatches. At most `max_runs` candidates are run.
Program Shrink(const Program& p, const std::function<bool(const Program&)>& fails, int max_runs);
Program64 Shrink(const Program64& p, const std::function<bool(const Program64&)>& fails,
                 int max_runs);

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_SHRINK_H_
