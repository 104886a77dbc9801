// Differential test against the host's own MMX unit (x86-64 hosts): every MMX instruction in
// its register form, its memory form, and every immediate count of the shift groups, on random
// operands weighted toward lane boundaries, run natively through inline assembly and on the
// emulator. The seed is printed; M86_MMX_SEED reruns one.
#include <catch2/catch.hpp>

#if defined(__x86_64__)

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "mmx_machine.h"

namespace m86::test {
namespace {

// Native "op mm0, mm1" and "op mm0, m64" with MM0 = a, MM1 = b; EMMS leaves the x87 usable.
#define M86_NATIVE_BINARY(name, mnemonic)                                             \
  uint64_t name##Reg(uint64_t a, uint64_t b) {                                        \
    uint64_t r;                                                                       \
    asm volatile("movq %1, %%mm0\n\tmovq %2, %%mm1\n\t" mnemonic                      \
                 " %%mm1, %%mm0\n\t"                                                  \
                 "movq %%mm0, %0\n\temms"                                             \
                 : "=m"(r)                                                            \
                 : "m"(a), "m"(b)                                                     \
                 : "mm0", "mm1");                                                     \
    return r;                                                                         \
  }                                                                                   \
  uint64_t name##Mem(uint64_t a, uint64_t b) {                                        \
    uint64_t r;                                                                       \
    asm volatile("movq %1, %%mm0\n\t" mnemonic " %2, %%mm0\n\tmovq %%mm0, %0\n\temms" \
                 : "=m"(r)                                                            \
                 : "m"(a), "m"(b)                                                     \
                 : "mm0");                                                            \
    return r;                                                                         \
  }

M86_NATIVE_BINARY(Punpcklbw, "punpcklbw")
M86_NATIVE_BINARY(Punpcklwd, "punpcklwd")
M86_NATIVE_BINARY(Punpckldq, "punpckldq")
M86_NATIVE_BINARY(Packsswb, "packsswb")
M86_NATIVE_BINARY(Pcmpgtb, "pcmpgtb")
M86_NATIVE_BINARY(Pcmpgtw, "pcmpgtw")
M86_NATIVE_BINARY(Pcmpgtd, "pcmpgtd")
M86_NATIVE_BINARY(Packuswb, "packuswb")
M86_NATIVE_BINARY(Punpckhbw, "punpckhbw")
M86_NATIVE_BINARY(Punpckhwd, "punpckhwd")
M86_NATIVE_BINARY(Punpckhdq, "punpckhdq")
M86_NATIVE_BINARY(Packssdw, "packssdw")
M86_NATIVE_BINARY(Movq, "movq")
M86_NATIVE_BINARY(Pcmpeqb, "pcmpeqb")
M86_NATIVE_BINARY(Pcmpeqw, "pcmpeqw")
M86_NATIVE_BINARY(Pcmpeqd, "pcmpeqd")
M86_NATIVE_BINARY(Psrlw, "psrlw")
M86_NATIVE_BINARY(Psrld, "psrld")
M86_NATIVE_BINARY(Psrlq, "psrlq")
M86_NATIVE_BINARY(Pmullw, "pmullw")
M86_NATIVE_BINARY(Psubusb, "psubusb")
M86_NATIVE_BINARY(Psubusw, "psubusw")
M86_NATIVE_BINARY(Pand, "pand")
M86_NATIVE_BINARY(Paddusb, "paddusb")
M86_NATIVE_BINARY(Paddusw, "paddusw")
M86_NATIVE_BINARY(Pandn, "pandn")
M86_NATIVE_BINARY(Psraw, "psraw")
M86_NATIVE_BINARY(Psrad, "psrad")
M86_NATIVE_BINARY(Pmulhw, "pmulhw")
M86_NATIVE_BINARY(Psubsb, "psubsb")
M86_NATIVE_BINARY(Psubsw, "psubsw")
M86_NATIVE_BINARY(Por, "por")
M86_NATIVE_BINARY(Paddsb, "paddsb")
M86_NATIVE_BINARY(Paddsw, "paddsw")
M86_NATIVE_BINARY(Pxor, "pxor")
M86_NATIVE_BINARY(Psllw, "psllw")
M86_NATIVE_BINARY(Pslld, "pslld")
M86_NATIVE_BINARY(Psllq, "psllq")
M86_NATIVE_BINARY(Pmaddwd, "pmaddwd")
M86_NATIVE_BINARY(Psubb, "psubb")
M86_NATIVE_BINARY(Psubw, "psubw")
M86_NATIVE_BINARY(Psubd, "psubd")
M86_NATIVE_BINARY(Paddb, "paddb")
M86_NATIVE_BINARY(Paddw, "paddw")
M86_NATIVE_BINARY(Paddd, "paddd")
#undef M86_NATIVE_BINARY

// MOVD in both directions and the MOVQ store, natively: the result is MM0 or the destination.
uint64_t MovdToMmxReg(uint64_t, uint64_t b) {
  uint64_t r;
  const uint32_t v = static_cast<uint32_t>(b);
  asm volatile("movd %1, %%mm0\n\tmovq %%mm0, %0\n\temms" : "=m"(r) : "r"(v) : "mm0");
  return r;
}
uint64_t MovdToMmxMem(uint64_t, uint64_t b) {
  uint64_t r;
  const uint32_t v = static_cast<uint32_t>(b);
  asm volatile("movd %1, %%mm0\n\tmovq %%mm0, %0\n\temms" : "=m"(r) : "m"(v) : "mm0");
  return r;
}
uint64_t MovdFromMmxReg(uint64_t a, uint64_t) {
  uint32_t v;
  asm volatile("movq %1, %%mm0\n\tmovd %%mm0, %0\n\temms" : "=r"(v) : "m"(a) : "mm0");
  return v;
}
uint64_t MovqStoreMem(uint64_t a, uint64_t) {
  uint64_t r;
  asm volatile("movq %1, %%mm0\n\tmovq %%mm0, %0\n\temms" : "=m"(r) : "m"(a) : "mm0");
  return r;
}

// Native shift-by-immediate, one function per count (the count is part of the encoding).
enum class ShiftImm { kPsrlw, kPsraw, kPsllw, kPsrld, kPsrad, kPslld, kPsrlq, kPsllq };

template <ShiftImm kOp, int kCount>
uint64_t NativeShiftImm(uint64_t a) {
  uint64_t r;
#define M86_SHIFT_IMM(mnemonic)                                                     \
  asm volatile("movq %1, %%mm0\n\t" mnemonic " %2, %%mm0\n\tmovq %%mm0, %0\n\temms" \
               : "=m"(r)                                                            \
               : "m"(a), "i"(kCount)                                                \
               : "mm0")
  if constexpr (kOp == ShiftImm::kPsrlw) M86_SHIFT_IMM("psrlw");
  if constexpr (kOp == ShiftImm::kPsraw) M86_SHIFT_IMM("psraw");
  if constexpr (kOp == ShiftImm::kPsllw) M86_SHIFT_IMM("psllw");
  if constexpr (kOp == ShiftImm::kPsrld) M86_SHIFT_IMM("psrld");
  if constexpr (kOp == ShiftImm::kPsrad) M86_SHIFT_IMM("psrad");
  if constexpr (kOp == ShiftImm::kPslld) M86_SHIFT_IMM("pslld");
  if constexpr (kOp == ShiftImm::kPsrlq) M86_SHIFT_IMM("psrlq");
  if constexpr (kOp == ShiftImm::kPsllq) M86_SHIFT_IMM("psllq");
#undef M86_SHIFT_IMM
  return r;
}

using ShiftFn = uint64_t (*)(uint64_t);
template <ShiftImm kOp, int... kCounts>
constexpr std::array<ShiftFn, 256> ShiftTable(std::integer_sequence<int, kCounts...>) {
  return {&NativeShiftImm<kOp, kCounts>...};
}
template <ShiftImm kOp>
const std::array<ShiftFn, 256>& Shifts() {
  static constexpr auto table = ShiftTable<kOp>(std::make_integer_sequence<int, 256>{});
  return table;
}

using NativeFn = uint64_t (*)(uint64_t a, uint64_t b);

// How the emulator runs a case and where its result is.
enum class Form {
  kBinary,    // op mm0, mm1 / op mm0, [m64]: MM0 = a, MM1 or memory = b; result MM0
  kToMmx,     // movd mm0, ebx / [m32]: EBX or memory = b; result MM0
  kFromMmx,   // movd ebx, mm0: MM0 = a; result EBX
  kStore,     // movq [m64], mm0: MM0 = a; result the quadword
  kShiftImm,  // op mm0, imm8: MM0 = a, imm8 = b & 0xFF; result MM0
};

struct Variant {
  std::string name;
  Form form;
  bool mem;
  uint8_t opcode;
  int group_reg;              // ModRM.reg of the shift groups
  NativeFn native = nullptr;  // every form but kShiftImm
  const std::array<ShiftFn, 256>* shifts = nullptr;
  uint32_t code = 0;  // address of the emulator's copy (shift groups: count 0)
};

constexpr uint32_t kCodeArea = 0x100000, kOperand = 0x30000;

std::vector<Variant> Variants() {
  std::vector<Variant> v;
  auto both = [&](const char* name, uint8_t op, NativeFn reg, NativeFn mem) {
    v.push_back({std::string(name), Form::kBinary, false, op, 0, reg});
    v.push_back({std::string(name) + " m64", Form::kBinary, true, op, 0, mem});
  };
  both("punpcklbw", 0x60, PunpcklbwReg, PunpcklbwMem);
  both("punpcklwd", 0x61, PunpcklwdReg, PunpcklwdMem);
  both("punpckldq", 0x62, PunpckldqReg, PunpckldqMem);
  both("packsswb", 0x63, PacksswbReg, PacksswbMem);
  both("pcmpgtb", 0x64, PcmpgtbReg, PcmpgtbMem);
  both("pcmpgtw", 0x65, PcmpgtwReg, PcmpgtwMem);
  both("pcmpgtd", 0x66, PcmpgtdReg, PcmpgtdMem);
  both("packuswb", 0x67, PackuswbReg, PackuswbMem);
  both("punpckhbw", 0x68, PunpckhbwReg, PunpckhbwMem);
  both("punpckhwd", 0x69, PunpckhwdReg, PunpckhwdMem);
  both("punpckhdq", 0x6A, PunpckhdqReg, PunpckhdqMem);
  both("packssdw", 0x6B, PackssdwReg, PackssdwMem);
  both("movq", 0x6F, MovqReg, MovqMem);
  both("pcmpeqb", 0x74, PcmpeqbReg, PcmpeqbMem);
  both("pcmpeqw", 0x75, PcmpeqwReg, PcmpeqwMem);
  both("pcmpeqd", 0x76, PcmpeqdReg, PcmpeqdMem);
  both("psrlw", 0xD1, PsrlwReg, PsrlwMem);
  both("psrld", 0xD2, PsrldReg, PsrldMem);
  both("psrlq", 0xD3, PsrlqReg, PsrlqMem);
  both("pmullw", 0xD5, PmullwReg, PmullwMem);
  both("psubusb", 0xD8, PsubusbReg, PsubusbMem);
  both("psubusw", 0xD9, PsubuswReg, PsubuswMem);
  both("pand", 0xDB, PandReg, PandMem);
  both("paddusb", 0xDC, PaddusbReg, PaddusbMem);
  both("paddusw", 0xDD, PadduswReg, PadduswMem);
  both("pandn", 0xDF, PandnReg, PandnMem);
  both("psraw", 0xE1, PsrawReg, PsrawMem);
  both("psrad", 0xE2, PsradReg, PsradMem);
  both("pmulhw", 0xE5, PmulhwReg, PmulhwMem);
  both("psubsb", 0xE8, PsubsbReg, PsubsbMem);
  both("psubsw", 0xE9, PsubswReg, PsubswMem);
  both("por", 0xEB, PorReg, PorMem);
  both("paddsb", 0xEC, PaddsbReg, PaddsbMem);
  both("paddsw", 0xED, PaddswReg, PaddswMem);
  both("pxor", 0xEF, PxorReg, PxorMem);
  both("psllw", 0xF1, PsllwReg, PsllwMem);
  both("pslld", 0xF2, PslldReg, PslldMem);
  both("psllq", 0xF3, PsllqReg, PsllqMem);
  both("pmaddwd", 0xF5, PmaddwdReg, PmaddwdMem);
  both("psubb", 0xF8, PsubbReg, PsubbMem);
  both("psubw", 0xF9, PsubwReg, PsubwMem);
  both("psubd", 0xFA, PsubdReg, PsubdMem);
  both("paddb", 0xFC, PaddbReg, PaddbMem);
  both("paddw", 0xFD, PaddwReg, PaddwMem);
  both("paddd", 0xFE, PadddReg, PadddMem);
  v.push_back({"movd mm, r32", Form::kToMmx, false, 0x6E, 0, MovdToMmxReg});
  v.push_back({"movd mm, m32", Form::kToMmx, true, 0x6E, 0, MovdToMmxMem});
  v.push_back({"movd r32, mm", Form::kFromMmx, false, 0x7E, 0, MovdFromMmxReg});
  v.push_back({"movq m64, mm", Form::kStore, true, 0x7F, 0, MovqStoreMem});
  auto shift = [&](const char* name, uint8_t op, int reg, const std::array<ShiftFn, 256>& t) {
    Variant s{std::string(name) + " imm8", Form::kShiftImm, false, op, reg};
    s.shifts = &t;
    v.push_back(s);
  };
  shift("psrlw", 0x71, 2, Shifts<ShiftImm::kPsrlw>());
  shift("psraw", 0x71, 4, Shifts<ShiftImm::kPsraw>());
  shift("psllw", 0x71, 6, Shifts<ShiftImm::kPsllw>());
  shift("psrld", 0x72, 2, Shifts<ShiftImm::kPsrld>());
  shift("psrad", 0x72, 4, Shifts<ShiftImm::kPsrad>());
  shift("pslld", 0x72, 6, Shifts<ShiftImm::kPslld>());
  shift("psrlq", 0x73, 2, Shifts<ShiftImm::kPsrlq>());
  shift("psllq", 0x73, 6, Shifts<ShiftImm::kPsllq>());
  return v;
}

// Emulator encodings: mm0 is ModRM.reg, mm1 or EBX is ModRM.rm, memory is [disp32].
std::vector<uint8_t> Encode(const Variant& v, uint8_t count) {
  std::vector<uint8_t> code = {0x0F, v.opcode};
  if (v.form == Form::kShiftImm) {
    code.push_back(static_cast<uint8_t>(0xC0 | (v.group_reg << 3)));
    code.push_back(count);
  } else if (v.mem) {
    code.push_back(0x05);
    for (uint8_t x : Disp32(kOperand)) code.push_back(x);
  } else {
    code.push_back(v.form == Form::kBinary ? 0xC1 : 0xC3);
  }
  return code;
}

// Random operands: each lane of a random width is a boundary value or random bits.
uint64_t RandomOperand(std::mt19937_64& rng) {
  const int width = 8 << (rng() % 4);  // 8, 16, 32 or 64
  if (width == 64 && rng() % 2) return rng();
  uint64_t v = 0;
  const uint64_t mask = width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
  const uint64_t sign = uint64_t{1} << (width - 1);
  for (int i = 0; i < 64; i += width) {
    uint64_t lane;
    switch (rng() % 10) {
      case 0:
        lane = 0;
        break;
      case 1:
        lane = 1;
        break;
      case 2:
        lane = mask;
        break;  // -1 / unsigned max
      case 3:
        lane = sign;
        break;  // signed min
      case 4:
        lane = sign - 1;
        break;  // signed max
      case 5:
        lane = sign + 1;
        break;
      case 6:
        lane = mask - 1;
        break;
      case 7:
        lane = rng() % 0x100;
        break;  // small, also a byte-pack boundary region
      default:
        lane = rng();
        break;
    }
    v |= (lane & mask) << i;
  }
  return v;
}

// Shift counts: mostly around the lane widths, sometimes any 64-bit value.
uint64_t RandomCount(std::mt19937_64& rng) {
  switch (rng() % 4) {
    case 0:
      return rng() % 70;
    case 1:
      return rng() % 256;
    case 2:
      return rng();
    default:
      return uint64_t{1} << (rng() % 64);
  }
}

bool IsShift(const Variant& v) {
  return v.form == Form::kShiftImm || v.opcode == 0xD1 || v.opcode == 0xD2 || v.opcode == 0xD3 ||
         v.opcode == 0xE1 || v.opcode == 0xE2 || v.opcode == 0xF1 || v.opcode == 0xF2 ||
         v.opcode == 0xF3;
}

// ---- The x87 side effects, against the host: TOP, the tag word image and the registers. ----

// Eight x87 registers R0-R7 of every tag class: valid, zero, special (denormal, infinity,
// QNaN) and R4, which FFREE empties before the MMX instruction.
struct Reg80 {
  uint64_t mant;
  uint16_t sign_exp;
};
constexpr Reg80 kRegs[8] = {
    {0x8000000000000000, 0x3FFF}, {0, 0},
    {0xA000000000000000, 0xC000}, {0x0000000000000123, 0x0000},
    {0xC000000000000000, 0x4000}, {0x8000000000000000, 0x7FFF},
    {0x9A50000000000000, 0x4009}, {0xC000000000000001, 0x7FFF},
};

struct alignas(16) X87Image {
  uint16_t sw_before;
  uint8_t fsave[108];  // 32-bit protected-mode FSAVE layout (SDM Vol. 1, 8.1.10, Figure 8-9)
  uint64_t store;      // the MOVQ store's destination
  uint16_t Sw() const { return static_cast<uint16_t>(fsave[4] | (fsave[5] << 8)); }
  uint16_t Tw() const { return static_cast<uint16_t>(fsave[8] | (fsave[9] << 8)); }
  Reg80 St(int i) const {
    Reg80 r{0, 0};
    for (int b = 0; b < 8; ++b) r.mant |= uint64_t{fsave[28 + 10 * i + b]} << (8 * b);
    r.sign_exp = static_cast<uint16_t>(fsave[36 + 10 * i] | (fsave[37 + 10 * i] << 8));
    return r;
  }
};

// The assembly below addresses the fields by offset.
static_assert(offsetof(X87Image, fsave) == 2 && offsetof(X87Image, store) == 112);

// Loads kRegs so that R[i] = kRegs[i] with TOP = 0, makes TOP 3, frees ST(1) = R4, records the
// status word, runs `insn` and saves the whole x87 state.
#define M86_NATIVE_STATE(name, insn)                                       \
  void name(X87Image* out) {                                               \
    uint8_t regs[80];                                                      \
    for (int i = 0; i < 8; ++i) {                                          \
      for (int b = 0; b < 8; ++b)                                          \
        regs[10 * i + b] = static_cast<uint8_t>(kRegs[i].mant >> (8 * b)); \
      regs[10 * i + 8] = static_cast<uint8_t>(kRegs[i].sign_exp);          \
      regs[10 * i + 9] = static_cast<uint8_t>(kRegs[i].sign_exp >> 8);     \
    }                                                                      \
    asm volatile(                                                          \
        "fninit\n\t"                                                       \
        "fldt 70(%1)\n\tfldt 60(%1)\n\tfldt 50(%1)\n\tfldt 40(%1)\n\t"     \
        "fldt 30(%1)\n\tfldt 20(%1)\n\tfldt 10(%1)\n\tfldt (%1)\n\t"       \
        "fincstp\n\tfincstp\n\tfincstp\n\tffree %%st(1)\n\t"               \
        "fnstsw (%0)\n\t" insn "\n\tfnsave 2(%0)"                          \
        :                                                                  \
        : "r"(out), "r"(regs)                                              \
        : "memory", "eax", "mm1", "mm2", "mm5", "mm7");                    \
  }

M86_NATIVE_STATE(NativePaddb, "paddb %%mm1, %%mm2")
M86_NATIVE_STATE(NativeMovdRead, "movd %%mm3, %%eax")
M86_NATIVE_STATE(NativeMovqStore, "movq %%mm4, 112(%0)")
M86_NATIVE_STATE(NativePsllqImm, "psllq $3, %%mm5")
M86_NATIVE_STATE(NativePxorSelf, "pxor %%mm7, %%mm7")
M86_NATIVE_STATE(NativeEmms, "emms")
#undef M86_NATIVE_STATE

// The tag a stored tag word gives a register (SDM Vol. 1, 8.1.7 and Figure 8-7).
uint16_t TagImage(const X87State& f) {
  uint16_t tw = 0;
  for (int i = 0; i < 8; ++i) {
    const fpu::Float80& r = f.r[i];
    uint16_t tag;
    if (((f.tw >> (2 * i)) & 3) == 3)
      tag = 3;
    else if (r.exp() == 0)
      tag = r.mant == 0 ? 1 : 2;
    else
      tag = (r.exp() == 0x7FFF || !(r.mant >> 63)) ? 2 : 0;
    tw = static_cast<uint16_t>(tw | (tag << (2 * i)));
  }
  return tw;
}

TEST_CASE("MMX effects on TOP, tags and register exponents match the host", "[mmx][host]") {
  struct StateCase {
    const char* name;
    void (*native)(X87Image*);
    std::vector<uint8_t> code;
  };
  const std::vector<uint8_t> store = [] {
    std::vector<uint8_t> c = {0x0F, 0x7F, 0x25};  // movq [kOperand], mm4
    for (uint8_t x : Disp32(kOperand)) c.push_back(x);
    return c;
  }();
  const StateCase cases[] = {
      {"paddb mm2, mm1", NativePaddb, {0x0F, 0xFC, 0xD1}},
      {"movd eax, mm3", NativeMovdRead, {0x0F, 0x7E, 0xD8}},
      {"movq m64, mm4", NativeMovqStore, store},
      {"psllq mm5, 3", NativePsllqImm, {0x0F, 0x73, 0xF5, 0x03}},
      {"pxor mm7, mm7", NativePxorSelf, {0x0F, 0xEF, 0xFF}},
      {"emms", NativeEmms, {0x0F, 0x77}},
  };
  for (const StateCase& c : cases) {
    INFO(c.name);
    X87Image native{};
    c.native(&native);

    MmxMachine m;
    X87State& f = m.cpu.s.fpu;
    for (int i = 0; i < 8; ++i) m.SetMm(i, kRegs[i].mant, kRegs[i].sign_exp);
    f.sw = native.sw_before;
    f.tw = 0x0300;  // R4 empty
    m.Place(kMmxCode, c.code);
    REQUIRE(m.RunAt(kMmxCode) == -1);

    CHECK(f.sw == native.Sw());
    CHECK(TagImage(f) == native.Tw());
    // TOP is 0 afterwards, so ST(i) is R[i].
    for (int i = 0; i < 8; ++i) {
      INFO("R" << i);
      CHECK(f.r[i].mant == native.St(i).mant);
      CHECK(f.r[i].sign_exp == native.St(i).sign_exp);
    }
  }
}

TEST_CASE("MMX instructions match the host CPU", "[mmx][host]") {
  uint64_t seed = std::random_device{}();
  if (const char* s = std::getenv("M86_MMX_SEED")) seed = std::strtoull(s, nullptr, 0);
  std::printf("MMX host differential: seed %llu (rerun with M86_MMX_SEED)\n",
              static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);

  MmxMachine m;
  std::vector<Variant> variants = Variants();
  uint32_t at = kCodeArea;
  for (Variant& v : variants) {
    v.code = at;
    const int copies = v.form == Form::kShiftImm ? 256 : 1;
    for (int count = 0; count < copies; ++count) {
      const std::vector<uint8_t> code = Encode(v, static_cast<uint8_t>(count));
      m.Place(at, code);
      at += static_cast<uint32_t>(code.size()) + 1;
    }
  }

  constexpr int kCasesPerVariant = 4000;
  long cases = 0;
  int failures = 0;
  for (const Variant& v : variants) {
    const uint32_t len = static_cast<uint32_t>(Encode(v, 0).size()) + 1;
    for (int i = 0; i < kCasesPerVariant; ++i) {
      const uint64_t a = RandomOperand(rng);
      const uint64_t b = IsShift(v) ? RandomCount(rng) : RandomOperand(rng);
      const uint8_t count = static_cast<uint8_t>(b);
      uint64_t expected;
      if (v.form == Form::kShiftImm)
        expected = (*v.shifts)[count](a);
      else
        expected = v.native(a, b);

      m.SetMm(0, a);
      m.SetMm(1, b);
      m.cpu.s.gpr[kEbx] = static_cast<uint32_t>(b);
      m.Write64(kOperand, v.form == Form::kStore ? ~a : b);
      const uint32_t addr = v.code + (v.form == Form::kShiftImm ? count * len : 0);
      const int fault = m.RunAt(addr);
      uint64_t got;
      switch (v.form) {
        case Form::kFromMmx:
          got = m.cpu.s.gpr[kEbx];
          break;
        case Form::kStore:
          got = m.Read64(kOperand);
          break;
        default:
          got = m.Mm(0);
          break;
      }
      ++cases;
      if (fault != -1 || got != expected) {
        if (++failures <= 20)
          FAIL_CHECK(v.name << ": a=" << std::hex << a << " b=" << b << " host=" << expected
                            << " emulator=" << got << " fault=" << std::dec << fault << " (seed "
                            << seed << ")");
      }
    }
  }
  std::printf("MMX host differential: %ld cases over %zu forms, %d mismatches\n", cases,
              variants.size(), failures);
  CHECK(failures == 0);
  CHECK(cases >= 100000);
}

}  // namespace
}  // namespace m86::test

#endif  // defined(__x86_64__)
