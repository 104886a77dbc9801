// Inline PUSH and POP of registers and immediates, LEAVE and RET, on a 32-bit stack (SS.B) or in
// 64-bit mode (cpu/interp/operands.h Push/Pop are the reference); 16-bit stacks keep their
// handlers.
#include <cstddef>

#include "translator/x64/block_emitter.h"

namespace m86::x64 {
namespace {

using asmjit::Imm;

// r12 = the stack pointer moved by `delta` (64 bits, or 32 bits wrapping).
void StackPointer(BlockEmitter& e, int32_t delta) {
  if (e.code64()) {
    e.a.mov(x86::r12, e.Gpr(kEsp, 8));
    if (delta) e.a.lea(x86::r12, x86::ptr(x86::r12, delta));
  } else {
    e.a.mov(x86::r12d, e.Gpr(kEsp, 4));
    if (delta) e.a.lea(x86::r12d, x86::ptr(x86::r12, delta));
  }
}

void SetStackPointer(BlockEmitter& e, const x86::Gp& value) {
  e.a.mov(e.Gpr(kEsp, 8), value);  // 32-bit stacks: `value` is zero-extended
}

}  // namespace

// Pushes r14's low `size` bytes (CALL's return address too).
void EmitPushR14(BlockEmitter& e, const InsnSite& site, uint32_t size) {
  StackPointer(e, -static_cast<int32_t>(size));
  e.Store(site, kSs, size);
  SetStackPointer(e, x86::r12);  // only after the store worked
}

// RET and RET imm16 (control.cpp Ret, RetImm) at the stack's natural operand size: the
// return address is loaded, checked against the CS window (or for being canonical in 64-bit
// mode; the handler raises the #GP), the stack released, and the block left through the jump
// cache (BlockEmitter::EmitIndirectExit).
bool EmitRet(BlockEmitter& e, const InsnSite& site) {
  const DecodedInsn& d = site.d;
  x86::Assembler& a = e.a;
  if (!site.last || !e.enabled(JitCategory::kBranch)) return false;
  const uint32_t size = d.op_bytes();
  if (size != (e.code64() ? 8u : 4u)) return false;
  const int32_t release = static_cast<int32_t>(size + (d.op == Op::RET_Iw ? d.imm & 0xFFFF : 0));
  StackPointer(e, 0);
  e.Load(site, kSs, size);
  const asmjit::Label bad = a.newLabel();
  e.CheckNearTarget(bad);
  a.lea(x86::rcx, x86::ptr(x86::r12, release));
  if (!e.code64()) a.mov(x86::ecx, x86::ecx);
  SetStackPointer(e, x86::rcx);
  a.mov(e.State(offsetof(CpuState, rip), 8), x86::rax);
  e.EmitHandlerFallback(site, bad);
  e.EmitIndirectExit(site.index + 1);
  return true;
}

// LEAVE (stack.cpp Leave) at the stack's natural operand size: the saved frame pointer is
// loaded from [rBP] first (a fault changes nothing), then rSP = rBP + size, then rBP.
bool EmitLeave(BlockEmitter& e, const InsnSite& site) {
  const uint32_t size = site.d.op_bytes();
  if (size != (e.code64() ? 8u : 4u)) return false;
  x86::Assembler& a = e.a;
  if (e.code64())
    a.mov(x86::r12, e.Gpr(kEbp, 8));
  else
    a.mov(x86::r12d, e.Gpr(kEbp, 4));
  e.Load(site, kSs, size);
  a.lea(x86::rcx, x86::ptr(x86::r12, static_cast<int32_t>(size)));
  if (!e.code64()) a.mov(x86::ecx, x86::ecx);
  SetStackPointer(e, x86::rcx);
  e.StoreGpr(kEbp, size, x86::rax);
  return true;
}

bool EmitStack(BlockEmitter& e, const InsnSite& site) {
  const DecodedInsn& d = site.d;
  if ((d.op == Op::RET || d.op == Op::RET_Iw || d.op == Op::LEAVE) &&
      e.enabled(JitCategory::kStack) && e.mem_inline() && (e.code64() || e.stack32()))
    return d.op == Op::LEAVE ? EmitLeave(e, site) : EmitRet(e, site);
  if (d.op != Op::PUSH_Zv && d.op != Op::POP_Zv && d.op != Op::PUSH_Iz && d.op != Op::PUSH_Ib)
    return false;
  if (!e.enabled(JitCategory::kStack) || !e.mem_inline() || !(e.code64() || e.stack32()))
    return false;
  const uint32_t size = d.op_bytes();
  x86::Assembler& a = e.a;
  switch (d.op) {
    case Op::PUSH_Zv: e.LoadGpr(x86::r14, d.rm(), size); break;
    case Op::PUSH_Iz:
    case Op::PUSH_Ib: {
      // Sign-extended to the operand size (stack.cpp PushIz/PushIb).
      const int64_t v = d.op == Op::PUSH_Ib ? int64_t{static_cast<int8_t>(d.imm)}
                                            : int64_t{static_cast<int32_t>(d.imm)};
      a.mov(x86::r14, Imm(static_cast<int64_t>(TruncateToSize(static_cast<uint64_t>(v), size))));
      break;
    }
    default: {  // POP_Zv: the stack pointer moves before the register is written (POP ESP)
      StackPointer(e, 0);
      e.Load(site, kSs, size);
      a.lea(x86::rcx, x86::ptr(x86::r12, static_cast<int32_t>(size)));
      if (!e.code64()) a.mov(x86::ecx, x86::ecx);
      SetStackPointer(e, x86::rcx);
      e.StoreGpr(d.rm(), size, x86::rax);
      return true;
    }
  }
  EmitPushR14(e, site, size);
  e.ExitIfEndBlock(site);
  return true;
}

}  // namespace m86::x64
