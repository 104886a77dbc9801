// --trace: every executed instruction with its Capstone disassembly and the registers (the
// 64-bit registers and a 64-bit disassembly in 64-bit mode).
#pragma once
#include <cstdio>
#include <string>

#include "cpu/cpu.h"

namespace m86 {

class Tracer {
 public:
  explicit Tracer(std::FILE* out);
  ~Tracer();
  Tracer(const Tracer&) = delete;
  Tracer& operator=(const Tracer&) = delete;
  void Trace(Cpu& cpu, const DecodedInsn& d);

 private:
  std::FILE* out_;
  size_t handle16_ = 0, handle32_ = 0, handle64_ = 0;  // Capstone handles (csh)
};

}  // namespace m86
