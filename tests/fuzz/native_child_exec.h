// Executes one case on the host CPU inside a native child: FuzzCase in the
// 32-bit child (native_child_exec.cpp, built with -m32), FuzzCase64 in the
// 64-bit one (native_child_exec64.cpp). Internal to the child programs; see
// native_child.cpp.
#ifndef M86_TESTS_FUZZ_NATIVE_CHILD_EXEC_H_
#define M86_TESTS_FUZZ_NATIVE_CHILD_EXEC_H_

#include <cstdint>

#include "native_case.h"
#include "native_case64.h"

namespace m86::fuzz {

// Runs fuzz_case. The code and data pages must already be mapped at
// kFuzzCodeAddr / kFuzzDataAddr. Never fails: problems become outcomes.
// InitExecutor (native_child_common.h) must have succeeded.
void ExecuteCase(const FuzzCase& fuzz_case, FuzzResult* result);
void ExecuteCase(const FuzzCase64& fuzz_case, FuzzResult64* result);

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_NATIVE_CHILD_EXEC_H_
