// Inline Jcc, JMP rel and CALL rel (cpu/interp/control.cpp is the reference). Their targets are
// constants checked against the CS window the block was translated with; the dispatcher runs
// the translation only under that window (Cpu::RunTranslated), so no check remains at run time.
// JMP and CALL through a register or memory check their targets at run time.
#include <cstddef>

#include "translator/helpers.h"
#include "translator/x64/block_emitter.h"

namespace m86::x64 {
namespace {

using asmjit::Imm;

// Whether condition `cc` reads CF, which host INC and DEC do not produce the guest's way.
bool ReadsCarry(uint8_t cc) {
  const int c = (cc >> 1) & 7;
  return c == 1 || c == 3;
}

}  // namespace

bool HostFlagsHold(const BlockEmitter& e, const InsnSite& site, uint8_t cc) {
  return site.index > 0 && e.host_flags_from == site.index - 1 &&
         !((e.host_flags_op == LazyOp::kInc || e.host_flags_op == LazyOp::kDec) && ReadsCarry(cc));
}

x86::CondCode EmitCondition(BlockEmitter& e, const InsnSite& site, uint8_t cc) {
  // x86 guest on an x86 host: the host flags of the producing instruction are the guest's.
  if (HostFlagsHold(e, site, cc)) return static_cast<x86::CondCode>(cc);
  x86::Assembler& a = e.a;
  a.lea(x86::rdi, e.State(0, 8));
  a.mov(x86::esi, cc);
  a.mov(x86::rax, Imm(reinterpret_cast<uint64_t>(&jit_helper::Condition)));
  a.call(x86::rax);
  e.host_flags_from = -1;
  a.test(x86::eax, x86::eax);
  return x86::CondCode::kNZ;
}

// JMP and CALL through a register or memory (control.cpp JmpE, CallE) at the code's natural
// operand size: the target is checked as RET checks it (the handler raises the #GP), CALL
// pushes the return address only then, and the block leaves through the jump cache.
bool EmitIndirect(BlockEmitter& e, const InsnSite& site) {
  const DecodedInsn& d = site.d;
  x86::Assembler& a = e.a;
  const bool call = d.op == Op::CALL_Ev;
  const uint32_t size = d.op_bytes();
  if (size != (e.code64() ? 8u : 4u)) return false;
  if (call && (!e.mem_inline() || !e.enabled(JitCategory::kStack) || !(e.code64() || e.stack32())))
    return false;
  if (d.mem()) {
    e.EffectiveAddress(site);
    e.Load(site, d.seg, size);
  } else {
    e.LoadGpr(x86::rax, d.rm(), size);
  }
  const asmjit::Label bad = a.newLabel();
  e.CheckNearTarget(bad);
  a.mov(x86::r15, x86::rax);  // callee-saved: survives the push's slow path
  if (call) {
    a.mov(x86::r14, Imm(static_cast<int64_t>(site.next)));
    EmitPushR14(e, site, size);
  }
  a.mov(e.State(offsetof(CpuState, rip), 8), x86::r15);
  e.EmitHandlerFallback(site, bad);
  e.EmitIndirectExit(site.index + 1);
  return true;
}

bool EmitBranch(BlockEmitter& e, const InsnSite& site) {
  const DecodedInsn& d = site.d;
  if ((d.op == Op::JMP_Ev || d.op == Op::CALL_Ev) && site.last &&
      e.enabled(JitCategory::kBranch))
    return EmitIndirect(e, site);
  const bool jcc = d.op == Op::JCC_Jb || d.op == Op::JCC_Jz;
  const bool call = d.op == Op::CALL_Jz;
  if (!jcc && !call && d.op != Op::JMP_Jb && d.op != Op::JMP_Jz) return false;
  if (!e.enabled(JitCategory::kBranch) || !site.last) return false;
  const uint32_t size = d.op_bytes();
  uint64_t target = site.next + static_cast<uint64_t>(int64_t{static_cast<int32_t>(d.imm)});
  if (size == 4) target &= 0xFFFFFFFFu;
  if (size == 2) target &= 0xFFFFu;
  if (!e.TargetInCs(target)) return false;  // the handler raises the #GP
  x86::Assembler& a = e.a;
  if (call) {
    if (!e.mem_inline() || !e.enabled(JitCategory::kStack) || !(e.code64() || e.stack32()))
      return false;
    // The return address at the operand size (CallTo pushes the next RIP as T).
    uint64_t ret = site.next;
    if (size == 2) ret &= 0xFFFF;
    a.mov(x86::r14, Imm(static_cast<int64_t>(ret)));
    EmitPushR14(e, site, size);
    e.EmitExitTo(target, site.index + 1);
    return true;
  }
  if (!jcc) {
    if (target == e.entry_rip())
      e.EmitLoopBack(site);
    else
      e.EmitExitTo(target, site.index + 1);
    return true;
  }
  const asmjit::Label taken = a.newLabel();
  a.j(EmitCondition(e, site, d.opcode & 0xF), taken);
  e.EmitExitTo(site.next, site.index + 1);
  a.bind(taken);
  if (target == e.entry_rip())
    e.EmitLoopBack(site);
  else
    e.EmitExitTo(target, site.index + 1);
  return true;
}

}  // namespace m86::x64
