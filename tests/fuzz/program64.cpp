// Assembly of 64-bit-mode programs (the encoding is program.cpp's).
#include "program64.h"

#include <cstring>

namespace m86::fuzz {

Assembled64 Assemble(const Program64& p) {
  Assembled64 a;
  a.fuzz_case = std::make_unique<FuzzCase64>();
  FuzzCase64& fc = *a.fuzz_case;
  fc.init = p.init;
  fc.sse = p.sse;
  std::memcpy(fc.data, p.data.data(), kFuzzDataSize);
  a.ok = AssembleCode(p.insns, fc.code, &fc.code_len, &a.offsets);
  return a;
}

}  // namespace m86::fuzz
