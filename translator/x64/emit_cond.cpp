// Inline SETcc and CMOVcc (cpu/interp/control.cpp Setcc and data.cpp Cmov are the
// reference): the host's SETcc and CMOVcc on the guest's condition, straight from the host
// flags when the previous instruction produced them.
#include "translator/x64/block_emitter.h"

namespace m86::x64 {
namespace {

// SETcc r/m8.
bool EmitSetcc(BlockEmitter& e, const InsnSite& site) {
  const DecodedInsn& d = site.d;
  x86::Assembler& a = e.a;
  const uint8_t cc = d.opcode & 0xF;
  const bool host_flags = HostFlagsHold(e, site, cc);
  a.set(EmitCondition(e, site, cc), x86::r14b);
  a.movzx(x86::r14d, x86::r14b);
  if (d.mem()) {
    e.EffectiveAddress(site);
    e.Store(site, d.seg, 1);
    e.ExitIfEndBlock(site);
    e.host_flags_from = -1;  // the TLB probe used them
  } else {
    e.StoreGpr(d.rm(), 1, x86::r14);
    // Nothing here touched the host flags: the next instruction may still use them.
    if (host_flags) e.host_flags_from = site.index;
  }
  return true;
}

// CMOVcc r, r/m: the source is read whatever the condition, and the destination written either
// way (a 32-bit one zero-extends in 64-bit mode even when nothing moves).
bool EmitCmov(BlockEmitter& e, const InsnSite& site) {
  const DecodedInsn& d = site.d;
  x86::Assembler& a = e.a;
  const uint8_t cc = d.opcode & 0xF;
  const uint32_t size = d.op_bytes();
  const bool host_flags = HostFlagsHold(e, site, cc);
  x86::CondCode cond;
  if (d.mem()) {
    // The load's probe clobbers the host flags: keep the condition in r15 (callee-saved, so
    // it survives the slow path's call) across it.
    a.set(EmitCondition(e, site, cc), x86::r15b);
    e.EffectiveAddress(site);
    e.Load(site, d.seg, size);
    a.mov(x86::r14, x86::rax);
    a.test(x86::r15b, x86::r15b);
    cond = x86::CondCode::kNZ;
    e.host_flags_from = -1;
  } else {
    e.LoadGpr(x86::r14, d.rm(), size);
    cond = EmitCondition(e, site, cc);
    if (host_flags) e.host_flags_from = site.index;  // MOVs and CMOV leave them alone
  }
  e.LoadGpr(x86::rax, d.reg(), size);
  a.cmov(cond, x86::rax, x86::r14);
  e.StoreGpr(d.reg(), size, x86::rax);
  return true;
}

}  // namespace

bool EmitCond(BlockEmitter& e, const InsnSite& site) {
  if (!e.enabled(JitCategory::kCond)) return false;
  switch (site.d.op) {
    case Op::SETCC: return EmitSetcc(e, site);
    case Op::CMOV: return EmitCmov(e, site);
    default: return false;
  }
}

}  // namespace m86::x64
