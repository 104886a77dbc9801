// Comparison of a native and an emulated run, and the text of a mismatch report.
#ifndef M86_TESTS_FUZZ_COMPARE_H_
#define M86_TESTS_FUZZ_COMPARE_H_

#include <cstdio>
#include <string>

#include "analysis.h"
#include "native_case.h"
#include "program.h"

namespace m86::fuzz {

struct Comparison {
  bool equal = true;
  uint32_t flag_mask = 0;  // status flags left out (undefined at that point)
  int culprit = -1;        // the instruction the difference is attributed to
  std::string fields;      // what differs, e.g. "eax eflags(CF,OF) data"
};

// Compares outcome, EIP, exception vector / error code / CR2, the general registers, EFLAGS
// minus the flags the analysis found undefined (and RF), and the data page.
Comparison Compare(const Assembled& a, const Analysis& an, const FuzzResult& native,
                   const FuzzResult& emu);

// A short key that groups mismatches: mnemonic of the culprit and the differing fields.
std::string Category(const Assembled& a, const Comparison& c);

void PrintReport(FILE* out, const Program& p, const Assembled& a, const FuzzResult& native,
                 const FuzzResult& emu, const Comparison& c);

const char* OutcomeName(FuzzOutcome outcome);
std::string FlagNames(uint32_t flags);

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_COMPARE_H_
