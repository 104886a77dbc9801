// Runs one SSE instruction on the host (x86-64 only): xmm0 = destination, xmm1 = source, rax = a
// general-register or MMX operand, under a given MXCSR; an unmasked exception's #XM arrives as
// SIGFPE, whose context gives MXCSR and xmm0 at the fault.
#pragma once
#include <cstddef>
#include <cstdint>

namespace m86::fpu::test {

struct alignas(16) HostIo {
  uint64_t dst[2];  // xmm0, in and out
  uint64_t src[2];  // xmm1
  uint32_t mxcsr_in;
  uint32_t mxcsr_out;
  uint64_t rflags;
  uint64_t gpr_in;         // rax before
  uint64_t gpr_out;        // rax after
  uint32_t mxcsr_restore;  // loaded after the instruction, for the rest of the program
};
static_assert(offsetof(HostIo, src) == 16 && offsetof(HostIo, mxcsr_in) == 32 &&
              offsetof(HostIo, mxcsr_out) == 36 && offsetof(HostIo, rflags) == 40 &&
              offsetof(HostIo, gpr_in) == 48 && offsetof(HostIo, gpr_out) == 56 &&
              offsetof(HostIo, mxcsr_restore) == 64);

struct HostFault {
  uint32_t mxcsr;
  uint64_t xmm0[2];
};

using HostFn = void (*)(HostIo*, int imm);

// Installs the SIGFPE handler (once).
void InstallFaultHandler();
// Runs `fn`; returns false with *fault filled when it raised #XM.
bool RunHost(HostFn fn, int imm, HostIo* io, HostFault* fault);

// The instruction between loading and storing the state. RFLAGS is read with PUSHFQ below the
// red zone, so compiler-owned stack bytes stay intact.
#define M86_SSE_ASM_BODY(insn)                                                             \
  "movdqu 0(%0), %%xmm0\n\tmovdqu 16(%0), %%xmm1\n\tmovq 48(%0), %%rax\n\t"                \
  "ldmxcsr 32(%0)\n\t" insn                                                                \
  "\n\tstmxcsr 36(%0)\n\tlea -128(%%rsp), %%rsp\n\tpushfq\n\t"                             \
  "popq 40(%0)\n\tlea 128(%%rsp), %%rsp\n\tmovdqu %%xmm0, 0(%0)\n\tmovq %%rax, 56(%0)\n\t" \
  "ldmxcsr 64(%0)"
#define M86_SSE_CLOBBERS "xmm0", "xmm1", "rax", "mm0", "st", "memory", "cc"

}  // namespace m86::fpu::test
