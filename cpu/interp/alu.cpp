// ADD OR ADC SBB AND SUB XOR CMP in all forms, TEST, NOT, NEG, INC, DEC, XADD, CMPXCHG,
// CMPXCHG8B and CMPXCHG16B.
// SDM Vol. 2, the instructions of the same names.
#include "cpu/interp/alu.h"
#include "cpu/interp/handlers.h"

#include <utility>

namespace m86 {
namespace {

// The operation is opcode bits 3-5 for 00-3F, the ModRM reg field for group 1 (80-83).
template <typename T> void AluEG(Cpu& c, const DecodedInsn& d) {
  const int op = (d.opcode >> 3) & 7;
  if (op == kAluCmp) {
    Alu<T>(c, op, ReadRm<T>(c, d), GetReg<T>(c, d.reg()));
    return;
  }
  if (!d.mem()) {
    SetReg<T>(c, d.rm(), Alu<T>(c, op, GetReg<T>(c, d.rm()), GetReg<T>(c, d.reg())));
    return;
  }
  const uint64_t ea = EffectiveAddress(c, d);
  // ReadForWrite checked write access, so the write below cannot fault after the flags changed.
  const T dst = c.ReadForWrite<T>(d.seg, ea);
  c.Write<T>(d.seg, ea, Alu<T>(c, op, dst, GetReg<T>(c, d.reg())));
}

template <typename T> void AluGE(Cpu& c, const DecodedInsn& d) {
  const int op = (d.opcode >> 3) & 7;
  const T res = Alu<T>(c, op, GetReg<T>(c, d.reg()), ReadRm<T>(c, d));
  if (op != kAluCmp) SetReg<T>(c, d.reg(), res);
}

template <typename T> void AluAI(Cpu& c, const DecodedInsn& d) {
  const int op = (d.opcode >> 3) & 7;
  const T res = Alu<T>(c, op, GetReg<T>(c, kEax), ImmZ<T>(d));
  if (op != kAluCmp) SetReg<T>(c, kEax, res);
}

template <typename T> void AluEI(Cpu& c, const DecodedInsn& d, T imm) {
  const int op = d.reg();
  if (op == kAluCmp) {
    Alu<T>(c, op, ReadRm<T>(c, d), imm);
    return;
  }
  if (!d.mem()) {
    SetReg<T>(c, d.rm(), Alu<T>(c, op, GetReg<T>(c, d.rm()), imm));
    return;
  }
  const uint64_t ea = EffectiveAddress(c, d);
  const T dst = c.ReadForWrite<T>(d.seg, ea);
  c.Write<T>(d.seg, ea, Alu<T>(c, op, dst, imm));
}
template <typename T> void Grp1EI(Cpu& c, const DecodedInsn& d) { AluEI<T>(c, d, ImmZ<T>(d)); }
// 83: the byte immediate is sign-extended to the operand size.
template <typename T> void Grp1EIb(Cpu& c, const DecodedInsn& d) {
  AluEI<T>(c, d, static_cast<T>(static_cast<int8_t>(d.imm)));
}

template <typename T> void TestEG(Cpu& c, const DecodedInsn& d) {
  const T v = ReadRm<T>(c, d) & GetReg<T>(c, d.reg());
  SetLazy(c.s, LazyOp::kLogic, kBits<T>, v, 0, v);
}
template <typename T> void TestAI(Cpu& c, const DecodedInsn& d) {
  const T v = GetReg<T>(c, kEax) & ImmZ<T>(d);
  SetLazy(c.s, LazyOp::kLogic, kBits<T>, v, 0, v);
}
template <typename T> void TestEI(Cpu& c, const DecodedInsn& d) {
  const T v = ReadRm<T>(c, d) & ImmZ<T>(d);
  SetLazy(c.s, LazyOp::kLogic, kBits<T>, v, 0, v);
}

template <typename T> void Not(Cpu& c, const DecodedInsn& d) {
  WriteRm<T>(c, d, static_cast<T>(~ReadRmForWrite<T>(c, d)));  // flags unaffected
}
template <typename T> void Neg(Cpu& c, const DecodedInsn& d) {
  const T v = ReadRmForWrite<T>(c, d);
  const T res = static_cast<T>(0 - v);
  WriteRm<T>(c, d, res);
  SetLazy(c.s, LazyOp::kSub, kBits<T>, 0, v, res);
}

// INC and DEC keep CF: materialize it before recording the operation.
template <typename T> T IncDec(Cpu& c, T v, bool dec) {
  MaterializeCarry(c.s);
  const T res = static_cast<T>(dec ? v - 1 : v + 1);
  SetLazy(c.s, dec ? LazyOp::kDec : LazyOp::kInc, kBits<T>, v, 1, res);
  return res;
}
template <typename T> void IncZ(Cpu& c, const DecodedInsn& d) {
  SetReg<T>(c, d.rm(), IncDec<T>(c, GetReg<T>(c, d.rm()), false));
}
template <typename T> void DecZ(Cpu& c, const DecodedInsn& d) {
  SetReg<T>(c, d.rm(), IncDec<T>(c, GetReg<T>(c, d.rm()), true));
}
template <typename T> void IncE(Cpu& c, const DecodedInsn& d) {
  const T v = ReadRmForWrite<T>(c, d);
  WriteRm<T>(c, d, static_cast<T>(v + 1));
  IncDec<T>(c, v, false);
}
template <typename T> void DecE(Cpu& c, const DecodedInsn& d) {
  const T v = ReadRmForWrite<T>(c, d);
  WriteRm<T>(c, d, static_cast<T>(v - 1));
  IncDec<T>(c, v, true);
}

// XADD: exchange, then add (SDM Vol. 2B, XADD); the destination is written before the register.
template <typename T> void Xadd(Cpu& c, const DecodedInsn& d) {
  const T dst = ReadRmForWrite<T>(c, d);
  const T src = GetReg<T>(c, d.reg());
  const T sum = static_cast<T>(dst + src);
  // TEMP = SRC + DEST; SRC = DEST; DEST = TEMP: with one register for both, DEST's write wins.
  if (d.mem()) {
    WriteRm<T>(c, d, sum);
    SetReg<T>(c, d.reg(), dst);
  } else {
    SetReg<T>(c, d.reg(), dst);
    SetReg<T>(c, d.rm(), sum);
  }
  SetLazy(c.s, LazyOp::kAdd, kBits<T>, dst, src, sum);
}

// CMPXCHG: compare the accumulator with the destination. A memory destination is always
// written (with its own value on mismatch), as the processor does (SDM Vol. 2A, CMPXCHG); a
// register one is left alone on mismatch, so a 32-bit one keeps its upper half in 64-bit mode
// (as the host does).
template <typename T> void Cmpxchg(Cpu& c, const DecodedInsn& d) {
  const T dst = ReadRmForWrite<T>(c, d);
  const T acc = GetReg<T>(c, kEax);
  if (acc == dst) {
    WriteRm<T>(c, d, GetReg<T>(c, d.reg()));
  } else {
    if (d.mem()) WriteRm<T>(c, d, dst);
    SetReg<T>(c, kEax, dst);
  }
  SetLazy(c.s, LazyOp::kSub, kBits<T>, acc, dst, static_cast<T>(acc - dst));
}

// CMPXCHG8B m64 / CMPXCHG16B m128: rDX:rAX vs the memory operand, rCX:rBX stored on a match;
// ZF reports the result, other flags unchanged (SDM Vol. 2A, CMPXCHG8B/CMPXCHG16B). T is
// the half: a doubleword, or a quadword for CMPXCHG16B.
template <typename T> void CompareExchangePair(Cpu& c, const DecodedInsn& d, uint64_t ea) {
  const uint64_t hi_ea = d.a64() ? ea + sizeof(T) : static_cast<uint32_t>(ea + sizeof(T));
  const T lo = c.ReadForWrite<T>(d.seg, ea);
  const T hi = c.ReadForWrite<T>(d.seg, hi_ea);
  const bool equal = lo == GetReg<T>(c, kEax) && hi == GetReg<T>(c, kEdx);
  if (equal) {
    c.Write<T>(d.seg, ea, GetReg<T>(c, kEbx));
    c.Write<T>(d.seg, hi_ea, GetReg<T>(c, kEcx));
  } else {
    c.Write<T>(d.seg, ea, lo);
    c.Write<T>(d.seg, hi_ea, hi);
    SetReg<T>(c, kEax, lo);
    SetReg<T>(c, kEdx, hi);
  }
  c.SetFlags(equal ? flag::kZf : 0, flag::kZf);
}

// 0F C7 /1: CMPXCHG16B with REX.W, on processors with CPUID.1:ECX.CX16 (#UD elsewhere); its
// operand must be 16-byte aligned (#GP(0)).
void Cmpxchg8b(Cpu& c, const DecodedInsn& d) {
  const uint64_t ea = EffectiveAddress(c, d);
  if (!d.o64()) return CompareExchangePair<uint32_t>(c, d, ea);
  if (!(c.model().cpuid_features_ecx & cpuid_ecx::kCx16)) c.Fault(kVecUd);
  if ((SegmentBaseInEffect(c, d.seg) + ea) & 15) c.Fault(kVecGp, 0);
  CompareExchangePair<uint64_t>(c, d, ea);
}

// Register-operand forms with the ALU operation fixed at compile time: the forms hot loops use.
template <typename T, int kOp> void AluRegReg(Cpu& c, const DecodedInsn& d) {
  const T res = Alu<T>(c, kOp, GetReg<T>(c, d.rm()), GetReg<T>(c, d.reg()));
  if constexpr (kOp != kAluCmp) SetReg<T>(c, d.rm(), res);
}
template <typename T, int kOp> void AluRegFromReg(Cpu& c, const DecodedInsn& d) {
  const T res = Alu<T>(c, kOp, GetReg<T>(c, d.reg()), GetReg<T>(c, d.rm()));
  if constexpr (kOp != kAluCmp) SetReg<T>(c, d.reg(), res);
}
template <typename T, int kOp> void AluRegImm(Cpu& c, const DecodedInsn& d) {
  const T res = Alu<T>(c, kOp, GetReg<T>(c, d.rm()), static_cast<T>(d.imm));
  if constexpr (kOp != kAluCmp) SetReg<T>(c, d.rm(), res);
}

template <template <typename, int> class F, typename T, int... kOps>
constexpr Handler PickAlu(int op, std::integer_sequence<int, kOps...>) {
  constexpr Handler table[] = {&F<T, kOps>::Run...};
  return table[op];
}
template <typename T, int kOp> struct RegRegFn { static void Run(Cpu& c, const DecodedInsn& d) { AluRegReg<T, kOp>(c, d); } };
template <typename T, int kOp> struct RegFromRegFn { static void Run(Cpu& c, const DecodedInsn& d) { AluRegFromReg<T, kOp>(c, d); } };
template <typename T, int kOp> struct RegImmFn { static void Run(Cpu& c, const DecodedInsn& d) { AluRegImm<T, kOp>(c, d); } };

template <template <typename, int> class F>
Handler PickSized(int op, const DecodedInsn& d, bool byte_form) {
  constexpr auto ops = std::make_integer_sequence<int, 8>{};
  if (byte_form) return PickAlu<F, uint8_t>(op, ops);
  return d.o32() ? PickAlu<F, uint32_t>(op, ops) : PickAlu<F, uint16_t>(op, ops);
}

Handler RefineAluEG(const DecodedInsn& d) {
  if (d.mem()) return nullptr;
  return PickSized<RegRegFn>((d.opcode >> 3) & 7, d, d.op == Op::ALU_EbGb);
}
Handler RefineAluGE(const DecodedInsn& d) {
  if (d.mem()) return nullptr;
  return PickSized<RegFromRegFn>((d.opcode >> 3) & 7, d, d.op == Op::ALU_GbEb);
}
// Group 1 register forms; 83's byte immediate was sign-extended at decode time below.
Handler RefineGrp1(const DecodedInsn& d) {
  if (d.mem() || d.op == Op::GRP1_EvIb) return nullptr;
  return PickSized<RegImmFn>(d.reg(), d, d.op == Op::GRP1_EbIb);
}
template <typename T, int kOp> void AluRegImmSx(Cpu& c, const DecodedInsn& d) {
  const T res = Alu<T>(c, kOp, GetReg<T>(c, d.rm()), static_cast<T>(static_cast<int8_t>(d.imm)));
  if constexpr (kOp != kAluCmp) SetReg<T>(c, d.rm(), res);
}
template <typename T, int kOp> struct RegImmSxFn { static void Run(Cpu& c, const DecodedInsn& d) { AluRegImmSx<T, kOp>(c, d); } };
Handler RefineGrp1Sx(const DecodedInsn& d) {
  if (d.mem()) return nullptr;
  return PickSized<RegImmSxFn>(d.reg(), d, false);
}

}  // namespace

void RegisterAluHandlers(HandlerTable& t) {
  t.SetRefiner(Op::ALU_EbGb, &RefineAluEG);
  t.SetRefiner(Op::ALU_EvGv, &RefineAluEG);
  t.SetRefiner(Op::ALU_GbEb, &RefineAluGE);
  t.SetRefiner(Op::ALU_GvEv, &RefineAluGE);
  t.SetRefiner(Op::GRP1_EbIb, &RefineGrp1);
  t.SetRefiner(Op::GRP1_EvIz, &RefineGrp1);
  t.SetRefiner(Op::GRP1_EvIb, &RefineGrp1Sx);
  t.Set(Op::ALU_EbGb, &AluEG<uint8_t>);
  M86_SET_SIZED64(t, ALU_EvGv, AluEG);
  t.Set(Op::ALU_GbEb, &AluGE<uint8_t>);
  M86_SET_SIZED64(t, ALU_GvEv, AluGE);
  t.Set(Op::ALU_ALIb, &AluAI<uint8_t>);
  M86_SET_SIZED64(t, ALU_eAXIz, AluAI);
  t.Set(Op::GRP1_EbIb, &Grp1EI<uint8_t>);
  M86_SET_SIZED64(t, GRP1_EvIz, Grp1EI);
  M86_SET_SIZED64(t, GRP1_EvIb, Grp1EIb);
  t.Set(Op::TEST_EbGb, &TestEG<uint8_t>);
  M86_SET_SIZED64(t, TEST_EvGv, TestEG);
  t.Set(Op::TEST_ALIb, &TestAI<uint8_t>);
  M86_SET_SIZED64(t, TEST_eAXIz, TestAI);
  t.Set(Op::TEST_EbIb, &TestEI<uint8_t>);
  M86_SET_SIZED64(t, TEST_EvIz, TestEI);
  t.Set(Op::NOT_Eb, &Not<uint8_t>);
  M86_SET_SIZED64(t, NOT_Ev, Not);
  t.Set(Op::NEG_Eb, &Neg<uint8_t>);
  M86_SET_SIZED64(t, NEG_Ev, Neg);
  M86_SET_SIZED(t, INC_Zv, IncZ);
  M86_SET_SIZED(t, DEC_Zv, DecZ);
  t.Set(Op::INC_Eb, &IncE<uint8_t>);
  M86_SET_SIZED64(t, INC_Ev, IncE);
  t.Set(Op::DEC_Eb, &DecE<uint8_t>);
  M86_SET_SIZED64(t, DEC_Ev, DecE);
  t.Set(Op::XADD_EbGb, &Xadd<uint8_t>);
  M86_SET_SIZED64(t, XADD_EvGv, Xadd);
  t.Set(Op::CMPXCHG_EbGb, &Cmpxchg<uint8_t>);
  M86_SET_SIZED64(t, CMPXCHG_EvGv, Cmpxchg);
  t.Set(Op::CMPXCHG8B, &Cmpxchg8b);
}

}  // namespace m86
