// Shared pieces of the x87 instruction family (cpu/interp/x87_*.cpp): the register stack and
// its tags, the arithmetic environment from the control word, the checks before an x87
// instruction (#NM, #UD, pending exceptions), the status-word bookkeeping after it, and the
// memory operands (SDM Vol. 1, chapter 8; Vol. 3A, 2.5 and Table 2-2).
#pragma once
#include <cstdint>

#include "cpu/cpu.h"
#include "cpu/fpu/float80.h"
#include "cpu/fpu/x87_state.h"
#include "cpu/interp/handlers.h"
#include "cpu/interp/operands.h"

namespace m86::x87 {

using fpu::Float80;
using fpu::FpEnv;

// ---- The register stack (SDM Vol. 1, 8.1.2). ----
inline int Top(const X87State& f) { return (f.sw >> x87sw::kTopShift) & 7; }
inline void SetTop(X87State& f, int top) {
  f.sw = static_cast<uint16_t>((f.sw & ~x87sw::kTop) | ((top & 7) << x87sw::kTopShift));
}
inline int Phys(const X87State& f, int i) { return (Top(f) + i) & 7; }
inline bool PhysEmpty(const X87State& f, int phys) { return ((f.tw >> (2 * phys)) & 3) == 3; }
inline bool IsEmpty(const X87State& f, int i) { return PhysEmpty(f, Phys(f, i)); }
inline const Float80& St(const X87State& f, int i) { return f.r[Phys(f, i)]; }
inline void SetPhysEmpty(X87State& f, int phys) {
  f.tw = static_cast<uint16_t>(f.tw | (3u << (2 * phys)));
}
// Writes ST(i) and marks it non-empty. The tag's class is computed when the tag word is
// stored (TagWordImage), since only "empty" is authoritative (x87_state.h).
inline void SetSt(X87State& f, int i, const Float80& v) {
  const int p = Phys(f, i);
  f.r[p] = v;
  f.tw = static_cast<uint16_t>(f.tw & ~(3u << (2 * p)));
}
inline void Pop(X87State& f) {
  SetPhysEmpty(f, Phys(f, 0));
  SetTop(f, Top(f) + 1);
}
inline void Push(X87State& f, const Float80& v) {
  SetTop(f, Top(f) - 1);
  SetSt(f, 0, v);
}

// The tag a stored tag word gives a non-empty register (SDM Vol. 1, 8.1.7): zero, valid
// (normal), or special (NaN, infinity, denormal, unsupported).
inline uint8_t TagOf(const Float80& v) {
  const uint16_t e = v.exp();
  if (e == 0) return v.mant == 0 ? x87tag::kZero : x87tag::kSpecial;
  if (e == 0x7FFF || !(v.mant >> 63)) return x87tag::kSpecial;
  return x87tag::kValid;
}
// The full tag word as FSTENV/FSAVE store it: classes recomputed for non-empty registers.
inline uint16_t TagWordImage(const X87State& f) {
  uint16_t tw = 0;
  for (int p = 0; p < 8; ++p)
    tw =
        static_cast<uint16_t>(tw | ((PhysEmpty(f, p) ? x87tag::kEmpty : TagOf(f.r[p])) << (2 * p)));
  return tw;
}

// The real indefinite, the masked response of invalid operations and stack faults (SDM Vol. 1,
// 4.8.3.7): a negative QNaN with significand C000000000000000H.
inline Float80 Indef() { return Float80{0xC000000000000000ull, 0xFFFF}; }

// ---- Condition codes. ----
inline void SetCc(X87State& f, uint16_t mask, uint16_t bits) {
  f.sw = static_cast<uint16_t>((f.sw & ~mask) | bits);
}
inline void SetC1(X87State& f, bool v) { SetCc(f, x87sw::kC1, v ? x87sw::kC1 : 0); }

// A control word as loaded by FLDCW, FLDENV, FRSTOR and FXRSTOR: the masks, PC, RC and the
// inert infinity control are kept; bit 6 reads as 1 (as in the RESET value 0040H and FNINIT's
// 037FH) and bits 13-15 as 0.
inline uint16_t LegalCw(uint16_t v) { return static_cast<uint16_t>((v & 0x1F3F) | 0x0040); }

// ---- Arithmetic environment (SDM Vol. 1, 8.1.5). ----
// `precision_control`: only FADD/FSUB/FSUBR/FMUL/FDIV/FDIVR (all forms) and FSQRT round to the
// PC field; every other instruction delivers 64-bit significands (SDM Vol. 1, 8.1.5.2). The
// reserved PC value 01B passes through (float80.h rounds it as the reference x87 does).
inline FpEnv MakeEnv(uint16_t cw, bool precision_control) {
  FpEnv e;
  e.rounding = static_cast<fpu::Rounding>((cw >> x87cw::kRcShift) & 3);
  e.precision = precision_control ? static_cast<fpu::Precision>((cw >> x87cw::kPcShift) & 3)
                                  : fpu::Precision::kExtended;
  e.masks = static_cast<uint8_t>(cw & x87cw::kMasks);
  e.raised = 0;
  e.Begin();
  return e;
}

// ---- Before and after an instruction. ----
// Out of line (x87_stack.cpp): #NM for CR0.EM/TS; on a model without a coprocessor the
// escape is a no-op (returns false).
bool Unavailable(Cpu& c);
// Delivers a pending unmasked exception before a waiting instruction: #MF with CR0.NE = 1;
// with NE = 0 the FERR# output (asserted when the exception was raised) signals it to the
// board and the instruction proceeds (SDM Vol. 1, 8.7; Vol. 3A, 22.18.6.7).
void DeliverPending(Cpu& c);
// Recomputes ES and B from the flags and masks, and the FERR# level.
void UpdatePending(Cpu& c);

// A waiting x87 instruction (everything but FNINIT, FNCLEX, FNSTSW, FNSTCW, FNSTENV, FNSAVE):
// false when there is no coprocessor and the escape does nothing.
inline bool Begin(Cpu& c) {
  if (M86_UNLIKELY((c.s.cr0 & (cr0::kEm | cr0::kTs)) || !c.model().has_fpu)) return Unavailable(c);
  if (M86_UNLIKELY(c.s.fpu.sw & x87sw::kEs)) DeliverPending(c);
  return true;
}
inline bool BeginNoWait(Cpu& c) {
  if (M86_UNLIKELY((c.s.cr0 & (cr0::kEm | cr0::kTs)) || !c.model().has_fpu)) return Unavailable(c);
  return true;
}

// The last-instruction pointers of a non-control instruction (SDM Vol. 1, 8.1.8-8.1.9): CS:EIP
// of its first byte (prefixes included), the 11-bit opcode, and the memory operand's address.
inline void RecordPointers(Cpu& c, const DecodedInsn& d) {
  X87State& f = c.s.fpu;
  f.fip = c.insn_eip();
  f.fcs = c.s.seg[kCs].selector;
  f.fop = static_cast<uint16_t>(((d.opcode & 7) << 8) | d.modrm);
  if (d.mem()) {
    f.fdp = EffectiveAddress(c, d);
    f.fds = c.s.seg[d.seg].selector;
  }
}

// Merges the exception flags an instruction raised into the status word.
inline void Raise(Cpu& c, uint8_t flags) {
  X87State& f = c.s.fpu;
  f.sw = static_cast<uint16_t>(f.sw | flags);
  if (M86_UNLIKELY(flags & ~f.cw & x87sw::kFlags)) UpdatePending(c);
}

// Stack overflow (C1 = 1) or underflow (C1 = 0): IE and SF (SDM Vol. 1, 8.5.1.1). Returns true
// when IE is masked and the caller applies the masked response (the real indefinite).
inline bool StackFault(Cpu& c, bool overflow) {
  X87State& f = c.s.fpu;
  f.sw = static_cast<uint16_t>((f.sw & ~x87sw::kC1) | (overflow ? x87sw::kC1 : 0) | x87sw::kSf);
  Raise(c, fpu::kInvalid);
  return (f.cw & fpu::kInvalid) != 0;
}

// Stores a result to ST(dest) (and pops) unless an unmasked exception suppressed it; C1 tells
// whether the rounding went up; the flags go to the status word.
inline void Complete(Cpu& c, const FpEnv& env, int dest, const Float80& r, bool pop) {
  X87State& f = c.s.fpu;
  if (!env.suppress_result) {
    SetSt(f, dest, r);
    if (pop) Pop(f);
  }
  SetC1(f, env.rounded_up);
  Raise(c, env.raised);
}

// Underflow with ST(dest) as the destination: the masked response writes the indefinite.
inline void UnderflowTo(Cpu& c, int dest, bool pop) {
  if (StackFault(c, false)) {
    SetSt(c.s.fpu, dest, Indef());
    if (pop) Pop(c.s.fpu);
  }
}

// True when the operation raised an unmasked IE or DE: the instruction then leaves its
// destination, the condition codes it would set, and the stack alone (SDM Vol. 1, 8.5.1-8.5.2).
// Used where float80.h reports a result regardless (the comparisons).
// Entry of the instructions that replace ST(0) and push a second result (FXTRACT, FPTAN,
// FSINCOS): ST(0) must be valid and ST(7) free; the masked response to a stack fault leaves the
// indefinite in both. Returns false when the instruction is already complete.
inline bool BeginReplaceAndPush(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return false;
  RecordPointers(c, d);
  X87State& f = c.s.fpu;
  const bool underflow = IsEmpty(f, 0);
  if (M86_UNLIKELY(underflow || !IsEmpty(f, 7))) {
    if (StackFault(c, !underflow)) {
      SetSt(f, 0, Indef());
      Push(f, Indef());
    }
    return false;
  }
  return true;
}

inline bool UnmaskedInvalidOrDenormal(const FpEnv& env) {
  return (env.raised & ~env.masks & (fpu::kInvalid | fpu::kDenormal)) != 0;
}

// ---- Memory operands. ----
// The linear address of `size` bytes at the memory operand, after the segment
// check over all of them.
inline uint64_t OperandLinear(Cpu& c, const DecodedInsn& d, uint32_t size, Access access) {
  return c.LinearAddress(d.seg, EffectiveAddress(c, d), size, access);
}
// Translates every page of [lin, lin + size) for writing, so a multi-part store cannot fault
// halfway.
void PrepareWrite(Cpu& c, uint64_t lin, uint32_t size);
void ReadBytes(Cpu& c, uint64_t lin, uint8_t* out, uint32_t size);
void WriteBytes(Cpu& c, uint64_t lin, const uint8_t* in, uint32_t size);

inline uint64_t ReadMem64(Cpu& c, const DecodedInsn& d) {
  const uint64_t lin = OperandLinear(c, d, 8, Access::kRead);
  const uint64_t lo = c.ReadLinear<uint32_t>(lin);
  return lo | (uint64_t{c.ReadLinear<uint32_t>(lin + 4)} << 32);
}
inline void WriteMem64(Cpu& c, const DecodedInsn& d, uint64_t v) {
  const uint64_t lin = OperandLinear(c, d, 8, Access::kWrite);
  PrepareWrite(c, lin, 8);
  c.WriteLinear<uint32_t>(lin, static_cast<uint32_t>(v));
  c.WriteLinear<uint32_t>(lin + 4, static_cast<uint32_t>(v >> 32));
}
inline Float80 ReadMem80(Cpu& c, const DecodedInsn& d) {
  const uint64_t lin = OperandLinear(c, d, 10, Access::kRead);
  Float80 v;
  v.mant = c.ReadLinear<uint32_t>(lin) | (uint64_t{c.ReadLinear<uint32_t>(lin + 4)} << 32);
  v.sign_exp = c.ReadLinear<uint16_t>(lin + 8);
  return v;
}
inline void WriteMem80(Cpu& c, const DecodedInsn& d, const Float80& v) {
  const uint64_t lin = OperandLinear(c, d, 10, Access::kWrite);
  PrepareWrite(c, lin, 10);
  c.WriteLinear<uint32_t>(lin, static_cast<uint32_t>(v.mant));
  c.WriteLinear<uint32_t>(lin + 4, static_cast<uint32_t>(v.mant >> 32));
  c.WriteLinear<uint16_t>(lin + 8, v.sign_exp);
}

// The register operand of a register form: ST(i) with i from ModRM.rm.
inline int StIndex(const DecodedInsn& d) { return d.modrm & 7; }

// Defines a named handler as an instantiation of a handler template (the names are the rows
// of x87_table.inc, declared in x87_handlers.h).
#define M86_X87_HANDLER(name, ...) \
  void name(Cpu& c, const DecodedInsn& d) { __VA_ARGS__(c, d); }

}  // namespace m86::x87
