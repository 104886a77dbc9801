// x87 control instructions: FNINIT, FNCLEX, FLDCW, FNSTCW, FNSTSW (m16 and AX), FNSTENV,
// FLDENV, FNSAVE, FRSTOR (SDM Vol. 2A-2B, the instructions of the same names; Vol. 1, 8.1.10
// and 8.3.11). They leave the last-instruction pointers alone (SDM Vol. 1, 8.1.8). The FN*
// forms do not wait; the F* spellings are WAIT followed by them.
#include "cpu/interp/x87_core.h"
#include "cpu/interp/x87_handlers.h"
#include "cpu/segments.h"

namespace m86::x87 {
namespace {

inline void Put16(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
}
inline void Put32(uint8_t* p, uint32_t v) {
  Put16(p, v);
  Put16(p + 2, v >> 16);
}
inline uint16_t Get16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
inline uint32_t Get32(const uint8_t* p) { return Get16(p) | (uint32_t{Get16(p + 2)} << 16); }

void Init(Cpu& c) {
  X87State& f = c.s.fpu;
  f.cw = x87cw::kInit;
  f.sw = 0;
  f.tw = 0xFFFF;
  f.fip = f.fdp = 0;
  f.fcs = f.fds = f.fop = 0;
  UpdatePending(c);
}

// The environment image (SDM Vol. 1, 8.1.10, Figures 8-9 to 8-12): 28 bytes with a 32-bit
// operand size, 14 with a 16-bit one; the protected-mode layouts hold offsets and selectors,
// the real-mode ones (also used in V86 mode) 20-bit linear addresses. Reserved halves of the
// 32-bit layouts are stored as FFFFH.
constexpr uint32_t kEnvSize32 = 28, kEnvSize16 = 14;

// 64-bit mode has no 16-bit operand size here: REX.W keeps the 32-bit format (SDM Vol. 2A,
// FSTENV/FLDENV, 64-bit mode: "same as in protected mode").
bool Env32(const DecodedInsn& d) { return d.o32() || d.o64(); }
uint32_t EnvSize(const DecodedInsn& d) { return Env32(d) ? kEnvSize32 : kEnvSize16; }

void StoreEnvImage(const Cpu& c, bool o32, uint8_t* out) {
  const X87State& f = c.s.fpu;
  const bool pm = InProtectedMode(c);
  const uint16_t tw = TagWordImage(f);
  const uint32_t fop = f.fop & 0x7FF;
  const uint32_t ip_lin = (uint32_t{f.fcs} << 4) + f.fip;
  const uint32_t dp_lin = (uint32_t{f.fds} << 4) + f.fdp;
  if (o32) {
    Put32(out + 0, 0xFFFF0000u | f.cw);
    Put32(out + 4, 0xFFFF0000u | f.sw);
    Put32(out + 8, 0xFFFF0000u | tw);
    if (pm) {
      Put32(out + 12, f.fip);
      Put32(out + 16, f.fcs | (fop << 16));
      Put32(out + 20, f.fdp);
      Put32(out + 24, 0xFFFF0000u | f.fds);
    } else {
      Put32(out + 12, 0xFFFF0000u | (ip_lin & 0xFFFF));
      Put32(out + 16, fop | ((ip_lin >> 16) << 12));
      Put32(out + 20, 0xFFFF0000u | (dp_lin & 0xFFFF));
      Put32(out + 24, (dp_lin >> 16) << 12);
    }
    return;
  }
  Put16(out + 0, f.cw);
  Put16(out + 2, f.sw);
  Put16(out + 4, tw);
  if (pm) {
    Put16(out + 6, f.fip);
    Put16(out + 8, f.fcs);
    Put16(out + 10, f.fdp);
    Put16(out + 12, f.fds);
  } else {
    Put16(out + 6, ip_lin);
    Put16(out + 8, fop | (((ip_lin >> 16) & 0xF) << 12));
    Put16(out + 10, dp_lin);
    Put16(out + 12, ((dp_lin >> 16) & 0xF) << 12);
  }
}

// Loads an environment image. Tags are taken only as empty or not (SDM Vol. 3A, 22.18.4);
// ES and B follow from the loaded flags and masks.
void LoadEnvImage(Cpu& c, bool o32, const uint8_t* in) {
  X87State& f = c.s.fpu;
  const bool pm = InProtectedMode(c);
  const uint32_t step = o32 ? 4 : 2;
  f.cw = LegalCw(Get16(in));
  f.sw = Get16(in + step);
  const uint16_t tw = Get16(in + 2 * step);
  f.tw = 0;
  for (int p = 0; p < 8; ++p)
    if (((tw >> (2 * p)) & 3) == x87tag::kEmpty) SetPhysEmpty(f, p);
  const uint8_t* ptr = in + 3 * step;
  if (o32 && pm) {
    f.fip = Get32(ptr);
    f.fcs = Get16(ptr + 4);
    f.fop = Get16(ptr + 6) & 0x7FF;
    f.fdp = Get32(ptr + 8);
    f.fds = Get16(ptr + 12);
  } else if (o32) {
    f.fip = Get16(ptr) | ((Get32(ptr + 4) >> 12) & 0xFFFF) << 16;
    f.fop = Get16(ptr + 4) & 0x7FF;
    f.fdp = Get16(ptr + 8) | ((Get32(ptr + 12) >> 12) & 0xFFFF) << 16;
    f.fcs = f.fds = 0;
  } else if (pm) {
    f.fip = Get16(ptr);
    f.fcs = Get16(ptr + 2);
    f.fdp = Get16(ptr + 4);
    f.fds = Get16(ptr + 6);
  } else {
    f.fip = Get16(ptr) | static_cast<uint32_t>(Get16(ptr + 2) >> 12) << 16;
    f.fop = Get16(ptr + 2) & 0x7FF;
    f.fdp = Get16(ptr + 4) | static_cast<uint32_t>(Get16(ptr + 6) >> 12) << 16;
    f.fcs = f.fds = 0;
  }
  UpdatePending(c);
}

void Ninit(Cpu& c, const DecodedInsn&) {
  if (!BeginNoWait(c)) return;
  Init(c);
}

// FNCLEX: clears the exception flags, SF, ES and B; C0-C3 are undefined and stay.
void Nclex(Cpu& c, const DecodedInsn&) {
  if (!BeginNoWait(c)) return;
  c.s.fpu.sw &= static_cast<uint16_t>(~(x87sw::kFlags | x87sw::kSf | x87sw::kEs | x87sw::kB));
  UpdatePending(c);
}

// FLDCW: a newly unmasked flag that is already set becomes pending (SDM Vol. 2A, FLDCW).
void Ldcw(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  const uint16_t v = c.Read<uint16_t>(d.seg, EffectiveAddress(c, d));
  c.s.fpu.cw = LegalCw(v);
  UpdatePending(c);
}

void Nstcw(Cpu& c, const DecodedInsn& d) {
  if (!BeginNoWait(c)) return;
  c.Write<uint16_t>(d.seg, EffectiveAddress(c, d), c.s.fpu.cw);
}

void NstswMem(Cpu& c, const DecodedInsn& d) {
  if (!BeginNoWait(c)) return;
  c.Write<uint16_t>(d.seg, EffectiveAddress(c, d), c.s.fpu.sw);
}

void NstswAx(Cpu& c, const DecodedInsn&) {
  if (!BeginNoWait(c)) return;
  SetReg<uint16_t>(c, kEax, c.s.fpu.sw);
}

// FNSTENV: stores the environment, then masks every exception (SDM Vol. 2A, FSTENV).
void Nstenv(Cpu& c, const DecodedInsn& d) {
  if (!BeginNoWait(c)) return;
  uint8_t image[kEnvSize32];
  const uint32_t size = EnvSize(d);
  StoreEnvImage(c, Env32(d), image);
  const uint64_t lin = OperandLinear(c, d, size, Access::kWrite);
  PrepareWrite(c, lin, size);
  WriteBytes(c, lin, image, size);
  c.s.fpu.cw |= x87cw::kMasks;
  UpdatePending(c);
}

void Ldenv(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  uint8_t image[kEnvSize32];
  const uint32_t size = EnvSize(d);
  ReadBytes(c, OperandLinear(c, d, size, Access::kRead), image, size);
  LoadEnvImage(c, Env32(d), image);
}

// FNSAVE: the environment and ST(0)..ST(7) in stack order (94 or 108 bytes), then FNINIT.
void Nsave(Cpu& c, const DecodedInsn& d) {
  if (!BeginNoWait(c)) return;
  uint8_t image[kEnvSize32 + 80];
  const uint32_t env = EnvSize(d), size = env + 80;
  StoreEnvImage(c, Env32(d), image);
  for (int i = 0; i < 8; ++i) {
    const Float80& v = St(c.s.fpu, i);
    uint8_t* p = image + env + 10 * i;
    Put32(p, static_cast<uint32_t>(v.mant));
    Put32(p + 4, static_cast<uint32_t>(v.mant >> 32));
    Put16(p + 8, v.sign_exp);
  }
  const uint64_t lin = OperandLinear(c, d, size, Access::kWrite);
  PrepareWrite(c, lin, size);
  WriteBytes(c, lin, image, size);
  Init(c);
}

// FRSTOR: everything is read before any of it is loaded. The registers are given in stack
// order relative to the TOP the image itself holds.
void Rstor(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  uint8_t image[kEnvSize32 + 80];
  const uint32_t env = EnvSize(d), size = env + 80;
  ReadBytes(c, OperandLinear(c, d, size, Access::kRead), image, size);
  LoadEnvImage(c, Env32(d), image);
  X87State& f = c.s.fpu;
  for (int i = 0; i < 8; ++i) {
    const uint8_t* p = image + env + 10 * i;
    f.r[Phys(f, i)] = Float80{Get32(p) | (uint64_t{Get32(p + 4)} << 32), Get16(p + 8)};
  }
}

}  // namespace

M86_X87_HANDLER(Fninit, Ninit)
M86_X87_HANDLER(Fnclex, Nclex)
M86_X87_HANDLER(Fldcw, Ldcw)
M86_X87_HANDLER(Fnstcw, Nstcw)
M86_X87_HANDLER(FnstswM16, NstswMem)
M86_X87_HANDLER(FnstswAx, NstswAx)
M86_X87_HANDLER(Fnstenv, Nstenv)
M86_X87_HANDLER(Fldenv, Ldenv)
M86_X87_HANDLER(Fnsave, Nsave)
M86_X87_HANDLER(Frstor, Rstor)

}  // namespace m86::x87
