// A generated 64-bit-mode sequence (the 64-bit counterpart of Program in program.h): the
// instructions are GenInsn with REX, RIP-relative operands and 64-bit immediates; the initial
// state adds R8-R15, XMM0-15 and MXCSR.
#ifndef M86_TESTS_FUZZ_PROGRAM64_H_
#define M86_TESTS_FUZZ_PROGRAM64_H_

#include <array>
#include <memory>
#include <vector>

#include "native_case64.h"
#include "program.h"

namespace m86::fuzz {

struct Program64 {
  FuzzRegs64 init{};
  FuzzSse sse{};
  std::array<uint8_t, kFuzzDataSize> data{};
  std::vector<GenInsn> insns;
};

struct Assembled64 {
  std::unique_ptr<FuzzCase64> fuzz_case;
  std::vector<uint32_t> offsets;  // start of each instruction; offsets[n] = code_len
  bool ok = false;
};
Assembled64 Assemble(const Program64& p);

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_PROGRAM64_H_
