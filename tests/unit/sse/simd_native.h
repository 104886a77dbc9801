// Runs one SIMD instruction on the host CPU (x86-64 only): a generated code buffer loads
// XMM0-7, MM0-7, MXCSR, EFLAGS and the general registers from a SimdState, executes the
// instruction's bytes and stores everything back.
#pragma once
#include <cstdint>
#include <vector>

namespace m86::test {

// The register and memory image both sides start from and end in. `gpr` is in encoding order
// (EAX ECX EDX EBX ESP EBP ESI EDI); ESP is never loaded.
struct SimdState {
  alignas(16) uint64_t xmm[8][2];
  uint64_t mm[8];
  uint64_t gpr[8];
  uint64_t flags;
  uint32_t mxcsr;
  uint32_t host_mxcsr;  // the host's own MXCSR, restored afterwards
  alignas(16) uint8_t mem[64];
  bool faulted;  // the instruction raised an unmasked SIMD floating-point exception (#XM)
};

// Whether this build can run instructions natively.
bool NativeSimdAvailable();

// Executes `insn` natively on `state`. RBX and RDI are loaded from `state.gpr` as they are, so
// the caller points them into `state.mem` for memory operands. An unmasked SIMD floating-point
// exception (SIGFPE) sets `faulted` and leaves `state` as the registers were at the fault.
void RunNative(const std::vector<uint8_t>& insn, SimdState& state);

}  // namespace m86::test
