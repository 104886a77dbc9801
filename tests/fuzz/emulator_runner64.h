// Runs a FuzzCase64 on morph86's CPU (nehalem model) in the environment the 64-bit native
// child gives a sequence: 64-bit mode at CPL 3, with 4-level paging that maps only the code
// page (user, read-only) and the data page (user, read-write), identity-mapped.
#ifndef M86_TESTS_FUZZ_EMULATOR_RUNNER64_H_
#define M86_TESTS_FUZZ_EMULATOR_RUNNER64_H_

#include "cpu/cpu.h"
#include "emulator_runner.h"
#include "native_case64.h"

namespace m86::fuzz {

class EmulatorRunner64 : public SequenceMachine {
 public:
  EmulatorRunner64();

  // Same result format as NativeRunner::Run64.
  FuzzResult64 Run(const FuzzCase64& fuzz_case);

 private:
  void SetUpMachine();
  void LoadState(const FuzzCase64& fuzz_case);
};

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_EMULATOR_RUNNER64_H_
