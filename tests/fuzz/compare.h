// Comparison of a native and an emulated run, and the text of a mismatch report.
#ifndef M86_TESTS_FUZZ_COMPARE_H_
#define M86_TESTS_FUZZ_COMPARE_H_

#include <cstdio>
#include <string>

#include "analysis.h"
#include "analysis64.h"
#include "native_case.h"
#include "native_case64.h"
#include "program.h"
#include "program64.h"

namespace m86::fuzz {

struct Comparison {
  bool equal = true;
  uint32_t flag_mask = 0;  // status flags left out (undefined at that point)
  int culprit = -1;        // the instruction the difference is attributed to
  std::string fields;      // what differs, e.g. "eax eflags(CF,OF) data"
};

// Compares outcome, EIP, exception vector / error code / CR2, the general registers, EFLAGS
// minus the flags the analysis found undefined (and RF), XMM0-7 and MXCSR, and the data page;
// in 64-bit mode also R8-R15, the upper halves and XMM8-15.
Comparison Compare(const Assembled& a, const Analysis& an, const FuzzResult& native,
                   const FuzzResult& emu);
Comparison Compare(const Assembled64& a, const Analysis64& an, const FuzzResult64& native,
                   const FuzzResult64& emu);

// A short key that groups mismatches: mnemonic of the culprit and the differing fields.
std::string Category(const Assembled& a, const Comparison& c);
std::string Category(const Assembled64& a, const Comparison& c);

// The code (bytes and disassembly; instruction `culprit` marked unless -1) and initial state.
void PrintProgram(FILE* out, const Program& p, const Assembled& a, int culprit);
void PrintProgram(FILE* out, const Program64& p, const Assembled64& a, int culprit);

// PrintProgram, then both results and what differs.
void PrintReport(FILE* out, const Program& p, const Assembled& a, const FuzzResult& native,
                 const FuzzResult& emu, const Comparison& c);
void PrintReport(FILE* out, const Program64& p, const Assembled64& a, const FuzzResult64& native,
                 const FuzzResult64& emu, const Comparison& c);

const char* OutcomeName(FuzzOutcome outcome);
std::string FlagNames(uint32_t flags);

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_COMPARE_H_
