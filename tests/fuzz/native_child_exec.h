// Executes one FuzzCase on the host CPU inside the 32-bit native child.
// Internal to the child program (built with -m32); see native_child.cpp.
#ifndef M86_TESTS_FUZZ_NATIVE_CHILD_EXEC_H_
#define M86_TESTS_FUZZ_NATIVE_CHILD_EXEC_H_

#include <cstdint>

#include "native_case.h"

namespace m86::fuzz {

// Installs the alternate signal stack and the fault / timer handlers.
// cpu_timeout_ms bounds the user CPU time of one sequence. Returns false and
// prints a message to stderr on failure.
bool InitExecutor(uint32_t cpu_timeout_ms);

// Runs fuzz_case. The code and data pages must already be mapped at
// kFuzzCodeAddr / kFuzzDataAddr. Never fails: problems become outcomes.
void ExecuteCase(const FuzzCase& fuzz_case, FuzzResult* result);

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_NATIVE_CHILD_EXEC_H_
