// Inline ADD OR AND SUB XOR CMP (every form but ADC and SBB), TEST, INC and DEC: the host
// instruction of the same width computes the result and the flags, which the lazy record keeps
// (cpu/interp/alu.cpp is the reference).
#include <cstddef>

#include "translator/helpers.h"
#include "translator/x64/block_emitter.h"

namespace m86::x64 {
namespace {

using asmjit::Imm;

enum AluKind { kAdd, kOr, kAdc, kSbb, kAnd, kSub, kXor, kCmp, kTest };

// Where an operand comes from.
enum class Src { kReg, kRm, kImm };

void KeepCarry(BlockEmitter& e, const InsnSite& site);

LazyOp LazyFor(int kind) {
  switch (kind) {
    case kAdd: return LazyOp::kAdd;
    case kAdc: return LazyOp::kAdc;
    case kSbb: return LazyOp::kSbb;
    case kSub: case kCmp: return LazyOp::kSub;
    default: return LazyOp::kLogic;
  }
}

// The instruction's immediate at the operand size: Ib, a sign-extended Ib (83), or Iz (sign-
// extended to 64 bits with a 64-bit operand size).
uint64_t Immediate(const DecodedInsn& d, uint32_t size, bool sign_extended_byte) {
  const int64_t v = sign_extended_byte ? int64_t{static_cast<int8_t>(d.imm)}
                                       : int64_t{static_cast<int32_t>(d.imm)};
  return TruncateToSize(static_cast<uint64_t>(v), size);
}

// Loads an operand, zero-extended, into `dst`; a memory operand was loaded into rax already.
void LoadOperand(BlockEmitter& e, const InsnSite& site, Src src, int reg, uint32_t size,
                 uint64_t imm, const x86::Gp& dst) {
  switch (src) {
    case Src::kReg: e.LoadGpr(dst, reg, size); break;
    case Src::kImm: e.a.mov(dst, Imm(static_cast<int64_t>(imm))); break;
    case Src::kRm:
      if (site.d.mem())
        e.a.mov(dst, x86::rax);
      else
        e.LoadGpr(dst, site.d.rm(), size);
      break;
  }
}

// dst (rcx) op src (rdx) -> rax, the host flags, the lazy record, and the write-back.
bool EmitBinary(BlockEmitter& e, const InsnSite& site, int kind, Src dst, int dst_reg, Src src,
                int src_reg, uint32_t size, uint64_t imm) {
  if (!e.enabled(JitCategory::kAlu)) return false;
  const DecodedInsn& d = site.d;
  const bool with_carry = kind == kAdc || kind == kSbb;
  // ADC and SBB: the carry-in goes to EFLAGS.CF first, where their lazy record expects it
  // (alu.cpp Alu), and back into the host's CF right before the operation.
  if (with_carry) KeepCarry(e, site);
  const bool writes = kind != kCmp && kind != kTest;
  const bool mem_dst = dst == Src::kRm && d.mem();
  if (d.mem()) {
    e.EffectiveAddress(site);
    e.Load(site, d.seg, size, mem_dst && writes);
  }
  LoadOperand(e, site, src, src_reg, size, imm, x86::rdx);
  LoadOperand(e, site, dst, dst_reg, size, imm, x86::rcx);
  x86::Assembler& a = e.a;
  a.mov(x86::rax, x86::rcx);
  const x86::Gp r = BlockEmitter::Sized(x86::rax, size), s = BlockEmitter::Sized(x86::rdx, size);
  if (with_carry) a.bt(e.State(offsetof(CpuState, eflags), 4), Imm(0));
  switch (kind) {
    case kAdd: a.add(r, s); break;
    case kAdc: a.adc(r, s); break;
    case kSbb: a.sbb(r, s); break;
    case kOr: a.or_(r, s); break;
    case kAnd: case kTest: a.and_(r, s); break;
    case kSub: case kCmp: a.sub(r, s); break;
    case kXor: a.xor_(r, s); break;
  }
  if (kind == kTest) {
    // TEST records the result as its destination and 0 as its source (alu.cpp TestEG).
    a.mov(x86::rcx, x86::rax);
    a.mov(x86::edx, 0);
  }
  if (!site.flags_dead) e.RecordLazy(LazyFor(kind), size);
  e.host_flags_from = site.index;
  e.host_flags_op = e.last_lazy_op = LazyFor(kind);
  if (!writes) return true;
  if (mem_dst) {
    a.mov(x86::r14, x86::rax);
    e.StoreBack(site, d.seg, size);
  } else {
    e.StoreGpr(dst == Src::kReg ? dst_reg : d.rm(), size, x86::rax);
  }
  return true;
}

// Puts the current CF into EFLAGS, as INC, DEC, ADC and SBB need (cpu/flags.h
// MaterializeCarry): known here after an INC or DEC (already there), a logic operation (0) or
// an ADD, ADC, SUB, SBB or CMP just before (the host's CF); else from the lazy flags by a call.
void KeepCarry(BlockEmitter& e, const InsnSite& site) {
  x86::Assembler& a = e.a;
  const x86::Mem eflags = e.State(offsetof(CpuState, eflags), 4);
  if (e.last_lazy_op == LazyOp::kInc || e.last_lazy_op == LazyOp::kDec) return;
  if (e.last_lazy_op == LazyOp::kLogic) {
    a.and_(eflags, Imm(~flag::kCf));
    return;
  }
  const LazyOp op = e.host_flags_op;
  if (site.index > 0 && e.host_flags_from == site.index - 1 &&
      (op == LazyOp::kAdd || op == LazyOp::kSub || op == LazyOp::kAdc || op == LazyOp::kSbb)) {
    a.setc(x86::al);
    a.movzx(x86::eax, x86::al);
    a.and_(eflags, Imm(~flag::kCf));
    a.or_(eflags, x86::eax);
    return;
  }
  a.lea(x86::rdi, e.State(0, 8));
  a.mov(x86::rax, Imm(reinterpret_cast<uint64_t>(&jit_helper::MaterializeCarry)));
  a.call(x86::rax);
}

// INC and DEC keep CF: it goes into EFLAGS first (alu.cpp IncDec), unless the flags this one
// records are overwritten before anything reads them.
bool EmitIncDec(BlockEmitter& e, const InsnSite& site, bool dec, uint32_t size) {
  if (!e.enabled(JitCategory::kAlu)) return false;
  const DecodedInsn& d = site.d;
  x86::Assembler& a = e.a;
  if (!site.flags_dead) KeepCarry(e, site);
  const int reg = d.rm();  // Zv: the opcode's register; Eb/Ev: ModRM.rm
  if (d.mem()) {
    e.EffectiveAddress(site);
    e.Load(site, d.seg, size, true);
    a.mov(x86::rcx, x86::rax);
  } else {
    e.LoadGpr(x86::rcx, reg, size);
  }
  a.mov(x86::rax, x86::rcx);
  const x86::Gp r = BlockEmitter::Sized(x86::rax, size);
  if (dec)
    a.dec(r);
  else
    a.inc(r);
  a.mov(x86::edx, 1);
  if (!site.flags_dead) e.RecordLazy(dec ? LazyOp::kDec : LazyOp::kInc, size);
  e.host_flags_from = site.index;
  e.host_flags_op = e.last_lazy_op = dec ? LazyOp::kDec : LazyOp::kInc;
  if (d.mem()) {
    a.mov(x86::r14, x86::rax);
    e.StoreBack(site, d.seg, size);
  } else {
    e.StoreGpr(reg, size, x86::rax);
  }
  return true;
}

}  // namespace

bool EmitAlu(BlockEmitter& e, const InsnSite& site) {
  const DecodedInsn& d = site.d;
  const uint32_t v = d.op_bytes();
  const int opc = (d.opcode >> 3) & 7;
  switch (d.op) {
    case Op::ALU_EbGb: return EmitBinary(e, site, opc, Src::kRm, 0, Src::kReg, d.reg(), 1, 0);
    case Op::ALU_EvGv: return EmitBinary(e, site, opc, Src::kRm, 0, Src::kReg, d.reg(), v, 0);
    case Op::ALU_GbEb: return EmitBinary(e, site, opc, Src::kReg, d.reg(), Src::kRm, 0, 1, 0);
    case Op::ALU_GvEv: return EmitBinary(e, site, opc, Src::kReg, d.reg(), Src::kRm, 0, v, 0);
    case Op::ALU_ALIb:
      return EmitBinary(e, site, opc, Src::kReg, kEax, Src::kImm, 0, 1, Immediate(d, 1, false));
    case Op::ALU_eAXIz:
      return EmitBinary(e, site, opc, Src::kReg, kEax, Src::kImm, 0, v, Immediate(d, v, false));
    case Op::GRP1_EbIb:
      return EmitBinary(e, site, d.ext(), Src::kRm, 0, Src::kImm, 0, 1, Immediate(d, 1, false));
    case Op::GRP1_EvIz:
      return EmitBinary(e, site, d.ext(), Src::kRm, 0, Src::kImm, 0, v, Immediate(d, v, false));
    case Op::GRP1_EvIb:
      return EmitBinary(e, site, d.ext(), Src::kRm, 0, Src::kImm, 0, v, Immediate(d, v, true));
    case Op::TEST_EbGb: return EmitBinary(e, site, kTest, Src::kRm, 0, Src::kReg, d.reg(), 1, 0);
    case Op::TEST_EvGv: return EmitBinary(e, site, kTest, Src::kRm, 0, Src::kReg, d.reg(), v, 0);
    case Op::TEST_ALIb:
      return EmitBinary(e, site, kTest, Src::kReg, kEax, Src::kImm, 0, 1, Immediate(d, 1, false));
    case Op::TEST_eAXIz:
      return EmitBinary(e, site, kTest, Src::kReg, kEax, Src::kImm, 0, v, Immediate(d, v, false));
    case Op::TEST_EbIb:
      return EmitBinary(e, site, kTest, Src::kRm, 0, Src::kImm, 0, 1, Immediate(d, 1, false));
    case Op::TEST_EvIz:
      return EmitBinary(e, site, kTest, Src::kRm, 0, Src::kImm, 0, v, Immediate(d, v, false));
    case Op::INC_Zv: return EmitIncDec(e, site, false, v);
    case Op::DEC_Zv: return EmitIncDec(e, site, true, v);
    case Op::INC_Eb: return EmitIncDec(e, site, false, 1);
    case Op::DEC_Eb: return EmitIncDec(e, site, true, 1);
    case Op::INC_Ev: return EmitIncDec(e, site, false, v);
    case Op::DEC_Ev: return EmitIncDec(e, site, true, v);
    default: return false;
  }
}

}  // namespace m86::x64
