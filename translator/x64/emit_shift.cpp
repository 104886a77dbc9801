// Inline SHL, SHR and SAR by a constant count (D0/D1 by 1, C0/C1 by imm8) below the operand
// width, on the models whose flags the host's shifter gives (cpu/interp/shift.cpp is the
// reference): the host shift makes the result, CF, SF, ZF and PF; AF is set, as those models
// set it; OF follows the interpreter's rule for every count (the top bit XOR CF after SHL, the
// top two bits XORed after SHR, clear after SAR), since the SDM leaves the host's OF undefined
// beyond a count of 1. The flags are written to EFLAGS at once, as the handler does
// (SetArithFlags), with no lazy record.
#include <cstddef>

#include "translator/x64/block_emitter.h"

namespace m86::x64 {
namespace {

using asmjit::Imm;

enum ShiftKind { kShl = 4, kShr = 5, kSar = 7 };

}  // namespace

bool EmitShift(BlockEmitter& e, const InsnSite& site) {
  const DecodedInsn& d = site.d;
  const bool byte = d.op == Op::SHIFT_Eb1 || d.op == Op::SHIFT_EbIb;
  const bool by_one = d.op == Op::SHIFT_Eb1 || d.op == Op::SHIFT_Ev1;
  if (!byte && !by_one && d.op != Op::SHIFT_EvIb) return false;
  if (!e.enabled(JitCategory::kShift)) return false;
  const int kind = d.ext();
  if (kind != kShl && kind != kShr && kind != kSar) return false;
  const CpuModel& model = e.cpu().model();
  if (model.arith != ArithStyle::kHost && model.arith != ArithStyle::k80386) return false;
  const uint32_t size = byte ? 1 : d.op_bytes();
  const uint32_t bits = 8 * size;
  const uint32_t mask = size == 8 ? 0x3F : model.shift_count_mask;
  const uint32_t count = (by_one ? 1 : d.imm & 0xFF) & mask;
  // A count of 0 (no flag changes) or of the width and beyond (CF by model) stays with the
  // handler.
  if (count == 0 || count >= bits) return false;

  x86::Assembler& a = e.a;
  if (d.mem()) {
    e.EffectiveAddress(site);
    e.Load(site, d.seg, size, true);
  } else {
    e.LoadGpr(x86::rax, d.rm(), size);
  }
  const x86::Gp r = BlockEmitter::Sized(x86::rax, size);
  switch (kind) {
    case kShl: a.shl(r, Imm(count)); break;
    case kShr: a.shr(r, Imm(count)); break;
    default: a.sar(r, Imm(count)); break;
  }
  // rax holds the result zero-extended: the narrow shifts leave the zero bits above alone.
  a.pushfq();
  a.pop(x86::rcx);
  a.and_(x86::ecx, Imm(flag::kCf | flag::kPf | flag::kZf | flag::kSf));
  a.or_(x86::ecx, Imm(flag::kAf));
  if (kind != kSar) {
    // OF in bit 0 of edx, then moved to bit 11.
    a.mov(x86::rdx, x86::rax);
    if (kind == kShl) {
      a.shr(x86::rdx, Imm(bits - 1));
      a.xor_(x86::edx, x86::ecx);  // CF is bit 0
    } else {
      a.shr(x86::rdx, Imm(bits - 2));
      a.mov(x86::r8d, x86::edx);
      a.shr(x86::r8d, Imm(1));
      a.xor_(x86::edx, x86::r8d);
    }
    a.and_(x86::edx, Imm(1));
    a.shl(x86::edx, Imm(11));
    static_assert(flag::kOf == 1u << 11);
    a.or_(x86::ecx, x86::edx);
  }
  const x86::Mem eflags = e.State(offsetof(CpuState, eflags), 4);
  a.mov(x86::edx, eflags);
  a.and_(x86::edx, Imm(~flag::kArith));
  a.or_(x86::edx, x86::ecx);
  a.mov(eflags, x86::edx);
  a.mov(e.State(offsetof(CpuState, lazy) + offsetof(LazyFlags, op), 1),
        Imm(static_cast<int>(LazyOp::kNone)));
  e.host_flags_from = -1;
  e.last_lazy_op = LazyOp::kNone;
  if (d.mem()) {
    a.mov(x86::r14, x86::rax);
    e.StoreBack(site, d.seg, size);
  } else {
    e.StoreGpr(d.rm(), size, x86::rax);
  }
  return true;
}

}  // namespace m86::x64
