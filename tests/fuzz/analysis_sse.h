// The abstract step of an SSE form, for both analyses (analysis_step.cpp, analysis64.cpp).
#ifndef M86_TESTS_FUZZ_ANALYSIS_SSE_H_
#define M86_TESTS_FUZZ_ANALYSIS_SSE_H_

#include "analysis.h"
#include "sse_operands.h"

namespace m86::fuzz {

// SSE forms (catalog.h, SseForms and SseGprForms) touch only XMM registers, MXCSR, their
// memory operand and at most one general register named by ModRM, and define every flag they
// write; PCMPESTRI and PCMPISTRI also write ECX (SDM Vol. 2B). `c` is the width's step context
// (MemAccess, Address, Raise); written(r, explicit_operand) forgets register r.
template <typename C, typename WrittenFn>
void SseStep(C& c, const GenInsn& g, WrittenFn written) {
  if (g.mem) {
    const SseMemory m = SseMemoryOf(g);
    c.MemAccess(m.size, m.write);
    const auto ea = c.Address();
    if (ea && MayMisalign(*ea, m.size)) c.Raise(Verdict::kMayFault, "#GP: misaligned");
  }
  if (g.op == Op::PCMPESTRI || g.op == Op::PCMPISTRI) written(kEcx, false);
  if (const int gpr = SseGprWritten(g); gpr >= 0) written(gpr, true);
}

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_ANALYSIS_SSE_H_
