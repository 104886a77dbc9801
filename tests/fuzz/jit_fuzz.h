// The translator on the emulated side (--jit on|check): the Jit the fuzzer attaches, the
// grouping of translation-check reports, and the counts that show how much ran translated.
#ifndef M86_TESTS_FUZZ_JIT_FUZZ_H_
#define M86_TESTS_FUZZ_JIT_FUZZ_H_

#include <cstdint>
#include <memory>
#include <string>

#include "cpu/cpu.h"
#include "translator/jit.h"

namespace m86::fuzz {

// "off", "on" or "check" into `mode`; false for anything else.
bool ParseJitMode(const std::string& text, JitMode* mode);
const char* JitModeName(JitMode mode);

// A translator in `mode` at threshold 0, so every block is translated before its first run (as
// morph86-sst --jit does); nullptr for kOff or when this host has no backend.
std::unique_ptr<Jit> CreateFuzzJit(JitMode mode);

// A key that groups translation-check reports (Cpu::check_failure, translation_check.cpp):
// the block's operations and the first differing item, without addresses or values, e.g.
// "jit-check: MOV_EvGv ALU_EvGv | EFLAGS". The whole report when it has another form.
std::string JitCheckCategory(const std::string& report);

// What ran translated, over every machine a run used (check failures replace the machine).
struct JitTally {
  // Runs of translated code that returned at their block's end. A run that ends in an
  // exception unwinds past the count (Cpu::RunNative), as every sequence's closing INT3 does.
  uint64_t completed_runs = 0;
  uint64_t checked_runs = 0;  // translated runs compared with the interpreter (check mode)
  // Adds `cpu`'s counts; call once per machine, before it goes.
  void Add(const Cpu& cpu);
  // One line with both counts.
  std::string Summary() const;
};

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_JIT_FUZZ_H_
