// Which status flags an instruction reads, defines and leaves undefined, from the "Flags
// Affected" section of each instruction in the SDM Vol. 2. The host CPU and the emulated model
// may differ in undefined flags, so the comparison masks them; a flag is undefined from the
// instruction that leaves it so until one that writes a defined value.
#ifndef M86_TESTS_FUZZ_FLAG_RULES_H_
#define M86_TESTS_FUZZ_FLAG_RULES_H_

#include <cstdint>
#include <optional>

#include "program.h"

namespace m86::fuzz {

struct FlagEffect {
  uint32_t read = 0;       // status flags whose incoming value affects the result
  uint32_t defined = 0;    // flags set to a defined value
  uint32_t undefined = 0;  // flags left undefined; all others keep their value
};

// The effects an instruction can have when an operand the analysis does not know (a shift
// count in CL, a REP count) selects between them.
struct FlagOutcomes {
  FlagEffect alt[4];
  int count = 0;
  void Add(FlagEffect e) { alt[count++] = e; }
  uint32_t Read() const;
  // The undefined set after the instruction, given the undefined set before it.
  uint32_t Apply(uint32_t undefined_before) const;
};

// Flags read by condition code cc (Jcc, SETcc, CMOVcc; SDM Vol. 1, Table B-1).
uint32_t ConditionFlags(uint8_t cc);

// `count`: the shift/rotate count (before masking) for shifts, the repeat count for REP
// CMPS/SCAS; nullopt when not known.
FlagOutcomes FlagsOf(const GenInsn& g, std::optional<uint32_t> count);

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_FLAG_RULES_H_
