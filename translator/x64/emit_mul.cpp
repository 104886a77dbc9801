// Inline MUL and IMUL whose flags nothing reads: IMUL r, r/m (0F AF), IMUL r, r/m, imm (69,
// 6B) and the one-operand MUL and IMUL r/m (F7 /4, /5) at 16, 32 and 64 bits; the host
// instruction of the same width makes the product (cpu/interp/muldiv.cpp is the reference).
// Their CF and OF, and the SF ZF AF PF that the models keep or set, are needed only when a later
// instruction may read them or a fault may show them (InsnSite::flags_dead); then the handler
// runs. The 8086, whose IMUL negates its product under a REP prefix, keeps its handlers.
#include "translator/x64/block_emitter.h"

namespace m86::x64 {

using asmjit::Imm;

bool EmitMul(BlockEmitter& e, const InsnSite& site) {
  const DecodedInsn& d = site.d;
  const bool two_operand =
      d.op == Op::IMUL_GvEv || d.op == Op::IMUL_GvEvIz || d.op == Op::IMUL_GvEvIb;
  const bool widening = d.op == Op::MUL_Ev || d.op == Op::IMUL_Ev;
  if (!two_operand && !widening) return false;
  if (!e.enabled(JitCategory::kMul) || !site.flags_dead) return false;
  if (e.cpu().model().arith == ArithStyle::k8086) return false;
  const uint32_t size = d.op_bytes();
  x86::Assembler& a = e.a;
  // The r/m operand into rcx.
  if (d.mem()) {
    e.EffectiveAddress(site);
    e.Load(site, d.seg, size);
    a.mov(x86::rcx, x86::rax);
  } else {
    e.LoadGpr(x86::rcx, d.rm(), size);
  }
  const x86::Gp rm = BlockEmitter::Sized(x86::rcx, size);
  if (widening) {
    // rDX:rAX = rAX * r/m; the 32-bit forms zero-extend both halves, as StoreGpr needs.
    e.LoadGpr(x86::rax, kEax, size);
    if (d.op == Op::MUL_Ev)
      a.mul(rm);
    else
      a.imul(rm);
    e.StoreGpr(kEax, size, x86::rax);
    e.StoreGpr(kEdx, size, x86::rdx);
  } else {
    const x86::Gp product = BlockEmitter::Sized(x86::rax, size);
    if (d.op == Op::IMUL_GvEv) {
      e.LoadGpr(x86::rax, d.reg(), size);
      a.imul(product, rm);
    } else {
      // Ib is sign-extended at every size; Iz is 16 bits at a 16-bit operand size, else 32
      // bits, sign-extended at 64.
      const int32_t imm = d.op == Op::IMUL_GvEvIb ? int32_t{static_cast<int8_t>(d.imm)}
                          : size == 2             ? int32_t{static_cast<int16_t>(d.imm)}
                                                  : static_cast<int32_t>(d.imm);
      a.imul(product, rm, Imm(imm));
    }
    e.StoreGpr(d.reg(), size, x86::rax);
  }
  e.host_flags_from = -1;
  return true;
}

}  // namespace m86::x64
