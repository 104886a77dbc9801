// Runs a FuzzCase on morph86's CPU (pentiumpro model) in the environment the native child
// gives a sequence: 32-bit protected mode, CPL 3, IOPL 0, flat segments, paging with the code
// page user read-only, the data page user read-write and nothing else user-accessible.
#ifndef M86_TESTS_FUZZ_EMULATOR_RUNNER_H_
#define M86_TESTS_FUZZ_EMULATOR_RUNNER_H_

#include <cstdint>

#include "cpu/cpu.h"
#include "native_case.h"

namespace m86::fuzz {

// How Linux reports exception `vector` to the native children (arch/x86/kernel/traps.c): the
// outcome and the signal number.
FuzzOutcome OutcomeOfVector(uint8_t vector, uint32_t* signal);

// Port I/O for a machine without devices.
class NullIo final : public PortIo {
 public:
  uint32_t In(uint16_t, int) override { return 0xFFFFFFFFu; }
  void Out(uint16_t, int, uint32_t) override {}
};

class EmulatorRunner {
 public:
  EmulatorRunner();
  EmulatorRunner(const EmulatorRunner&) = delete;
  EmulatorRunner& operator=(const EmulatorRunner&) = delete;

  // Same result format as NativeRunner::Run: kCompleted at the end of the code, otherwise
  // the exception that stopped it (vector, error code, CR2 for #PF) with the state before
  // the faulting instruction (after it for traps).
  FuzzResult Run(const FuzzCase& fuzz_case);

 private:
  void SetUpMachine();
  void LoadState(const FuzzCase& fuzz_case);

  NullIo io_;
  PhysicalMemory mem_;
  Cpu cpu_;
  // The event intercept_event stopped at.
  bool stopped_ = false;
  uint8_t vector_ = 0;
  uint32_t error_code_ = 0;
  bool software_ = false;
};

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_EMULATOR_RUNNER_H_
