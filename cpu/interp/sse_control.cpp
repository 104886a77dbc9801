// MXCSR access, memory ordering and cache control of SSE and SSE2: LDMXCSR, STMXCSR, LFENCE,
// MFENCE, SFENCE, CLFLUSH and MOVNTI (SDM Vol. 2, the instructions of the same names). The
// decoder checks SSE or SSE2 per group 15 row; CLFLUSH's own CPUID bit is checked here.
#include <cstdint>

#include "cpu/interp/sse.h"

namespace m86::sse {
namespace {

// LDMXCSR m32: #GP(0) when the value sets a bit outside MXCSR_MASK (SDM Vol. 2B, LDMXCSR;
// Vol. 1, 11.6.6). A newly unmasked exception whose flag is set raises nothing now; the next
// SSE floating-point instruction that reports one does.
void Ldmxcsr(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const uint32_t v = c.Read<uint32_t>(d.seg, EffectiveAddress(c, d));
  if (v & ~c.model().mxcsr_mask) c.Fault(kVecGp, 0);
  c.s.sse.mxcsr = v;
}

void Stmxcsr(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  c.Write<uint32_t>(d.seg, EffectiveAddress(c, d), c.s.sse.mxcsr);
}

// The fences order memory accesses; one CPU that executes in program order and has no write
// buffer has nothing to order. Their memory encodings (XRSTOR, XSAVEOPT) are later
// processors' instructions: #UD here.
void Lfence(Cpu& c, const DecodedInsn& d) {
  if (d.mem()) c.Fault(kVecUd);
}
void Mfence(Cpu& c, const DecodedInsn& d) { Lfence(c, d); }

// 0F AE /7: SFENCE with a register operand, CLFLUSH m8 with a memory one. CLFLUSH checks the
// byte like a read (segment, then page: SDM Vol. 2A, CLFLUSH, "treated as a load"); no cache
// is modelled, so nothing else happens.
void SfenceClflush(Cpu& c, const DecodedInsn& d) {
  if (!d.mem()) return;
  if (!(c.model().cpuid_features & cpuid_edx::kClfsh)) c.Fault(kVecUd);
  const uint64_t lin = c.LinearAddress(d.seg, EffectiveAddress(c, d), 1, Access::kRead);
  c.Translate(lin, Access::kRead, c.s.cpl == 3);
}

// MOVNTI m32, r32 (m64, r64 with REX.W): a non-temporal store is an ordinary store without
// caches. No SSE state is involved, so CR0 and CR4 are not checked (SDM Vol. 2B, MOVNTI
// exceptions).
template <typename T>
void Movnti(Cpu& c, const DecodedInsn& d) {
  c.Write<T>(d.seg, EffectiveAddress(c, d), GetReg<T>(c, d.reg()));
}

}  // namespace

void RegisterSseControlHandlers(HandlerTable& t) {
  t.Set(Op::LDMXCSR, &Ldmxcsr);
  t.Set(Op::STMXCSR, &Stmxcsr);
  t.Set(Op::LFENCE, &Lfence);
  t.Set(Op::MFENCE, &Mfence);
  t.Set(Op::SFENCE_CLFLUSH, &SfenceClflush);
  mmx::SetRexW(t, Op::MOVNTI, &Movnti<uint32_t>, &Movnti<uint64_t>);
}

}  // namespace m86::sse
