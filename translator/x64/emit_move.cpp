// Inline MOV (register, memory, immediate and moffs forms), MOVZX, MOVSX and LEA (cpu/interp/data.cpp
// is the reference). Moves touch no flags.
#include "translator/x64/block_emitter.h"

namespace m86::x64 {
namespace {

using asmjit::Imm;

// MOV r/m, reg and MOV r/m, imm: the value goes through r14.
bool MoveToRm(BlockEmitter& e, const InsnSite& site, uint32_t size, bool from_imm) {
  const DecodedInsn& d = site.d;
  if (d.mem()) e.EffectiveAddress(site);
  if (from_imm) {
    // Iz is sign-extended to 64 bits with a 64-bit operand size; MOV r64, imm64 (B8+r with
    // REX.W) carries all 64 (DecodedInsn::imm64).
    const uint64_t v = d.op == Op::MOV_ZvIv && size == 8
                           ? d.imm64()
                           : static_cast<uint64_t>(int64_t{static_cast<int32_t>(d.imm)});
    e.a.mov(x86::r14, Imm(static_cast<int64_t>(TruncateToSize(v, size))));
  } else {
    e.LoadGpr(x86::r14, d.reg(), size);
  }
  if (d.mem()) {
    e.Store(site, d.seg, size);
    e.ExitIfEndBlock(site);
  } else {
    e.StoreGpr(d.rm(), size, x86::r14);
  }
  return true;
}

// MOV reg, r/m and MOVZX/MOVSX: the source is loaded zero-extended into rax, then widened.
bool MoveFromRm(BlockEmitter& e, const InsnSite& site, uint32_t src_size, uint32_t dst_size,
                bool sign_extend) {
  const DecodedInsn& d = site.d;
  if (d.mem()) {
    e.EffectiveAddress(site);
    e.Load(site, d.seg, src_size);
  } else {
    e.LoadGpr(x86::rax, d.rm(), src_size);
  }
  if (sign_extend && src_size < dst_size) {
    // A 32-bit destination zero-extends into the 64-bit register afterwards.
    e.a.movsx(BlockEmitter::Sized(x86::rax, dst_size == 8 ? 8 : 4),
              BlockEmitter::Sized(x86::rax, src_size));
  }
  e.StoreGpr(d.reg(), dst_size, x86::rax);
  return true;
}

bool Lea(BlockEmitter& e, const InsnSite& site) {
  const DecodedInsn& d = site.d;
  // The 80386's LEA of a scaled base without an index (data.cpp Lea) stays with the handler.
  if (!d.mem() || (d.index == kNoReg && d.scale != 0)) return false;
  e.EffectiveAddress(site);
  const uint32_t size = d.op_bytes();
  if (size == 4) e.a.mov(x86::r12d, x86::r12d);
  e.StoreGpr(d.reg(), size, x86::r12);
  return true;
}

// XCHG r/m, reg and XCHG reg, eAX (data.cpp XchgEG, XchgZA): the r/m operand is written
// first, so a faulting store leaves the register alone. XCHG with memory locks the bus on
// hardware; one CPU with no other bus master between its two accesses needs nothing more.
bool Exchange(BlockEmitter& e, const InsnSite& site, uint32_t size, int rm, int reg) {
  const DecodedInsn& d = site.d;
  e.LoadGpr(x86::r14, reg, size);
  if (d.mem()) {
    // The loaded value waits in r15 (callee-saved) through the store's slow path; the store
    // goes through Store rather than StoreBack, whose slow path may leave the block at once
    // and would skip the register write.
    e.EffectiveAddress(site);
    e.Load(site, d.seg, size, true);
    e.a.mov(x86::r15, x86::rax);
    e.Store(site, d.seg, size);
    e.StoreGpr(reg, size, x86::r15);
    e.ExitIfEndBlock(site);
  } else {
    e.LoadGpr(x86::rax, rm, size);
    e.StoreGpr(rm, size, x86::r14);
    e.StoreGpr(reg, size, x86::rax);
  }
  return true;
}

// MOV AL/eAX, moffs and MOV moffs, AL/eAX (A0-A3, data.cpp MovAccMoffs, MovMoffsAcc): the
// offset is the instruction's, already cut to the address size.
bool MoveAccumulator(BlockEmitter& e, const InsnSite& site, uint32_t size, bool to_memory) {
  if (!e.mem_inline()) return false;
  const DecodedInsn& d = site.d;
  e.a.mov(x86::r12, Imm(static_cast<int64_t>(d.imm64())));
  if (to_memory) {
    e.LoadGpr(x86::r14, kEax, size);
    e.Store(site, d.seg, size);
    e.ExitIfEndBlock(site);
  } else {
    e.Load(site, d.seg, size);
    e.StoreGpr(kEax, size, x86::rax);
  }
  return true;
}

}  // namespace

bool EmitMove(BlockEmitter& e, const InsnSite& site) {
  if (!e.enabled(JitCategory::kMove)) return false;
  const DecodedInsn& d = site.d;
  const uint32_t v = d.op_bytes();
  switch (d.op) {
    case Op::MOV_EbGb: return MoveToRm(e, site, 1, false);
    case Op::MOV_EvGv: return MoveToRm(e, site, v, false);
    case Op::MOV_EbIb: return MoveToRm(e, site, 1, true);
    case Op::MOV_EvIz: return MoveToRm(e, site, v, true);
    case Op::MOV_ZbIb: return MoveToRm(e, site, 1, true);
    case Op::MOV_ZvIv: return MoveToRm(e, site, v, true);
    case Op::MOV_GbEb: return MoveFromRm(e, site, 1, 1, false);
    case Op::MOV_GvEv: return MoveFromRm(e, site, v, v, false);
    case Op::MOVZX_GvEb: return MoveFromRm(e, site, 1, v, false);
    case Op::MOVZX_GvEw: return MoveFromRm(e, site, 2, v, false);
    case Op::MOVSX_GvEb: return MoveFromRm(e, site, 1, v, true);
    case Op::MOVSX_GvEw: return MoveFromRm(e, site, 2, v, true);
    case Op::LEA: return Lea(e, site);
    case Op::MOV_ALOb: return MoveAccumulator(e, site, 1, false);
    case Op::MOV_eAXOv: return MoveAccumulator(e, site, v, false);
    case Op::MOV_ObAL: return MoveAccumulator(e, site, 1, true);
    case Op::MOV_OveAX: return MoveAccumulator(e, site, v, true);
    case Op::XCHG_EbGb: return Exchange(e, site, 1, d.rm(), d.reg());
    case Op::XCHG_EvGv: return Exchange(e, site, v, d.rm(), d.reg());
    case Op::XCHG_ZveAX: return Exchange(e, site, v, d.rm(), kEax);
    case Op::NOP: return true;  // every form, PAUSE and the hint NOPs included: nothing happens
    default: return false;
  }
}

}  // namespace m86::x64
