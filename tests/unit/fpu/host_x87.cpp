// The host x87 runner: one inline-assembly block per instruction form (AT&T syntax; only the
// "%st(1), %st" forms are used for the non-commutative operations, which AT&T and Intel syntax
// agree on).
#include "host_x87.h"

#include <cstring>

namespace m86::fpu::test {

#if defined(__x86_64__)

namespace {

// FNSAVE's 32-bit protected-mode layout (SDM Vol. 1, Figure 8-9), which 64-bit mode uses.
struct SaveArea {
  uint8_t bytes[108];
};

struct Operands {
  uint16_t cw;
  uint8_t a[10], b[10];
  uint8_t mem[10];
};

#define M86_X87_CLOBBERS "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)", "memory"

// ST(0) = a, ST(1) = b, then `insn`.
#define M86_X87_BINARY(insn)                                                                 \
  __asm__ volatile("fninit\n\tfldcw %1\n\tfldt %3\n\tfldt %2\n\t" insn "\n\tfnsave %0"       \
                   : "=m"(save)                                                              \
                   : "m"(in.cw), "m"(in.a), "m"(in.b)                                        \
                   : M86_X87_CLOBBERS)
// ST(0) = a, then `insn`.
#define M86_X87_UNARY(insn)                                                                  \
  __asm__ volatile("fninit\n\tfldcw %1\n\tfldt %2\n\t" insn "\n\tfnsave %0"                  \
                   : "=m"(save)                                                              \
                   : "m"(in.cw), "m"(in.a)                                                   \
                   : M86_X87_CLOBBERS)
// `insn` with the memory operand (a load).
#define M86_X87_LOAD(insn)                                                                   \
  __asm__ volatile("fninit\n\tfldcw %1\n\t" insn " %2\n\tfnsave %0"                          \
                   : "=m"(save)                                                              \
                   : "m"(in.cw), "m"(in.mem)                                                 \
                   : M86_X87_CLOBBERS)
// ST(0) = a, then `insn` to the memory operand (a store).
#define M86_X87_STORE(insn)                                                                  \
  __asm__ volatile("fninit\n\tfldcw %2\n\tfldt %3\n\t" insn " %1\n\tfnsave %0"               \
                   : "=m"(save), "+m"(in.mem)                                                \
                   : "m"(in.cw), "m"(in.a)                                                   \
                   : M86_X87_CLOBBERS)
// ST(0) = a, then `insn` with the memory operand as its source.
#define M86_X87_MEMSRC(insn)                                                                 \
  __asm__ volatile("fninit\n\tfldcw %1\n\tfldt %2\n\t" insn " %3\n\tfnsave %0"             \
                   : "=m"(save)                                                              \
                   : "m"(in.cw), "m"(in.a), "m"(in.mem)                                      \
                   : M86_X87_CLOBBERS)
#define M86_X87_NULLARY(insn)                                                                \
  __asm__ volatile("fninit\n\tfldcw %1\n\t" insn "\n\tfnsave %0"                             \
                   : "=m"(save)                                                              \
                   : "m"(in.cw)                                                              \
                   : M86_X87_CLOBBERS)

}  // namespace

bool HostAvailable() { return true; }

void HostRun(HostOp op, const Float80& a, const Float80& b, uint16_t cw, const uint8_t mem[10],
             HostState* out) {
  Operands in;
  in.cw = cw;
  std::memcpy(in.a, &a.mant, 8);
  std::memcpy(in.a + 8, &a.sign_exp, 2);
  std::memcpy(in.b, &b.mant, 8);
  std::memcpy(in.b + 8, &b.sign_exp, 2);
  std::memcpy(in.mem, mem, 10);
  SaveArea save;
  switch (op) {
    case HostOp::kAdd: M86_X87_BINARY("fadd %%st(1), %%st"); break;
    case HostOp::kSub: M86_X87_BINARY("fsub %%st(1), %%st"); break;
    case HostOp::kSubr: M86_X87_BINARY("fsubr %%st(1), %%st"); break;
    case HostOp::kMul: M86_X87_BINARY("fmul %%st(1), %%st"); break;
    case HostOp::kDiv: M86_X87_BINARY("fdiv %%st(1), %%st"); break;
    case HostOp::kDivr: M86_X87_BINARY("fdivr %%st(1), %%st"); break;
    case HostOp::kSqrt: M86_X87_UNARY("fsqrt"); break;
    case HostOp::kRndint: M86_X87_UNARY("frndint"); break;
    case HostOp::kScale: M86_X87_BINARY("fscale"); break;
    case HostOp::kXtract: M86_X87_UNARY("fxtract"); break;
    case HostOp::kPrem: M86_X87_BINARY("fprem"); break;
    case HostOp::kPrem1: M86_X87_BINARY("fprem1"); break;
    case HostOp::kCom: M86_X87_BINARY("fcom %%st(1)"); break;
    case HostOp::kUcom: M86_X87_BINARY("fucom %%st(1)"); break;
    case HostOp::kLd32: M86_X87_LOAD("flds"); break;
    case HostOp::kLd64: M86_X87_LOAD("fldl"); break;
    case HostOp::kIld16: M86_X87_LOAD("filds"); break;
    case HostOp::kIld32: M86_X87_LOAD("fildl"); break;
    case HostOp::kIld64: M86_X87_LOAD("fildll"); break;
    case HostOp::kBld: M86_X87_LOAD("fbld"); break;
    case HostOp::kSt32: M86_X87_STORE("fstps"); break;
    case HostOp::kSt64: M86_X87_STORE("fstpl"); break;
    case HostOp::kIst16: M86_X87_STORE("fistps"); break;
    case HostOp::kIst32: M86_X87_STORE("fistpl"); break;
    case HostOp::kIst64: M86_X87_STORE("fistpll"); break;
    case HostOp::kBstp: M86_X87_STORE("fbstp"); break;
    case HostOp::kAddM32: M86_X87_MEMSRC("fadds"); break;
    case HostOp::kSubM32: M86_X87_MEMSRC("fsubs"); break;
    case HostOp::kSubrM32: M86_X87_MEMSRC("fsubrs"); break;
    case HostOp::kMulM32: M86_X87_MEMSRC("fmuls"); break;
    case HostOp::kDivM32: M86_X87_MEMSRC("fdivs"); break;
    case HostOp::kDivrM32: M86_X87_MEMSRC("fdivrs"); break;
    case HostOp::kComM32: M86_X87_MEMSRC("fcoms"); break;
    case HostOp::kAddM64: M86_X87_MEMSRC("faddl"); break;
    case HostOp::kSubM64: M86_X87_MEMSRC("fsubl"); break;
    case HostOp::kSubrM64: M86_X87_MEMSRC("fsubrl"); break;
    case HostOp::kMulM64: M86_X87_MEMSRC("fmull"); break;
    case HostOp::kDivM64: M86_X87_MEMSRC("fdivl"); break;
    case HostOp::kDivrM64: M86_X87_MEMSRC("fdivrl"); break;
    case HostOp::kComM64: M86_X87_MEMSRC("fcoml"); break;
    case HostOp::kLdConst:
      switch (mem[0]) {
        case 0: M86_X87_NULLARY("fld1"); break;
        case 1: M86_X87_NULLARY("fldl2t"); break;
        case 2: M86_X87_NULLARY("fldl2e"); break;
        case 3: M86_X87_NULLARY("fldpi"); break;
        case 4: M86_X87_NULLARY("fldlg2"); break;
        case 5: M86_X87_NULLARY("fldln2"); break;
        default: M86_X87_NULLARY("fldz"); break;
      }
      break;
  }
  std::memcpy(&out->cw, save.bytes + 0, 2);
  std::memcpy(&out->sw, save.bytes + 4, 2);
  std::memcpy(&out->tw, save.bytes + 8, 2);
  for (int i = 0; i < 8; ++i) {
    std::memcpy(&out->st[i].mant, save.bytes + 28 + 10 * i, 8);
    std::memcpy(&out->st[i].sign_exp, save.bytes + 28 + 10 * i + 8, 2);
  }
  std::memcpy(out->mem, in.mem, 10);
}

#else

bool HostAvailable() { return false; }
void HostRun(HostOp, const Float80&, const Float80&, uint16_t, const uint8_t[10], HostState*) {}

#endif

}  // namespace m86::fpu::test
