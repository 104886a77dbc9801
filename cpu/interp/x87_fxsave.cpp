// FXSAVE and FXRSTOR (0F AE /0 and /1) on the models with FXSR: the x87/MMX state in the
// 512-byte layout (SDM Vol. 2A, FXSAVE, Table 3-53 "Legacy Save Area"). In 64-bit mode the
// area also holds XMM8-XMM15 (Table 3-55); with REX.W (FXSAVE64/FXRSTOR64) the last-instruction
// and data pointers are 64-bit offsets without selectors (Table 3-56). MXCSR, MXCSR_MASK and
// the XMM registers are saved and loaded on models with SSE while CR4.OSFXSR = 1; with OSFXSR
// clear they are left alone, which the SDM allows ("implementation dependent").
#include "cpu/interp/x87_core.h"
#include "cpu/interp/x87_handlers.h"

namespace m86::x87 {
namespace {

constexpr uint32_t kAreaSize = 512;
constexpr uint32_t kHeaderSize = 24;   // FCW .. FDS
constexpr uint32_t kMxcsrOffset = 24;  // MXCSR, then MXCSR_MASK
constexpr uint32_t kStOffset = 32;     // ST0-ST7 in 16-byte slots
constexpr uint32_t kXmmOffset = 160;   // XMM0-XMM7 (XMM0-15 in the 64-bit layout)
// Outside 64-bit mode the area holds eight XMM registers; the 64-bit layout continues with
// XMM8-XMM15 at the same stride.
constexpr int kXmmLegacy = 8, kXmmMax = 16;
constexpr uint32_t kUsedSize = kXmmOffset + 16 * kXmmMax;

int XmmSaved(const Cpu& c) { return c.InCode64() ? kXmmMax : kXmmLegacy; }

// Whether FXSAVE/FXRSTOR include MXCSR and the XMM registers.
bool WithSseState(const Cpu& c) {
  return (c.model().cpuid_features & cpuid_edx::kSse) && (c.s.cr4 & cr4::kOsfxsr);
}

// #UD without FXSR (LOCK is #UD from the decoder), #NM with CR0.EM or CR0.TS, #GP(0) for an
// area not 16-byte aligned, then the segment check over all 512 bytes (SDM Vol. 2A, FXSAVE
// "Protected Mode Exceptions"). Neither instruction checks for pending x87 exceptions.
uint64_t AreaLinear(Cpu& c, const DecodedInsn& d, Access access) {
  if (!(c.model().cpuid_features & cpuid_edx::kFxsr)) c.Fault(kVecUd);
  if (c.s.cr0 & (cr0::kEm | cr0::kTs)) c.Fault(kVecNm);
  if ((SegmentBaseInEffect(c, d.seg) + EffectiveAddress(c, d)) & 15) c.Fault(kVecGp, 0);
  return OperandLinear(c, d, kAreaSize, access);
}

inline void Put(uint8_t* p, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
inline uint64_t Get(const uint8_t* p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= uint64_t{p[i]} << (8 * i);
  return v;
}

}  // namespace

// The header: FCW, FSW, the abridged tag byte (bit i = 1 when R[i] is not empty), FOP, FIP,
// FCS, FDP, FDS; reserved bytes within it are stored as 0. The register slots hold ST(i) in
// stack order; their upper six bytes are left as they were.
void Fxsave(Cpu& c, const DecodedInsn& d) {
  const uint64_t lin = AreaLinear(c, d, Access::kWrite);
  const X87State& f = c.s.fpu;
  uint8_t image[kUsedSize] = {};
  Put(image + 0, f.cw, 2);
  Put(image + 2, f.sw, 2);
  uint8_t abridged = 0;
  for (int p = 0; p < 8; ++p)
    if (!PhysEmpty(f, p)) abridged = static_cast<uint8_t>(abridged | (1u << p));
  image[4] = abridged;
  Put(image + 6, f.fop & 0x7FF, 2);
  if (d.rex_w()) {
    Put(image + 8, f.fip, 8);
    Put(image + 16, f.fdp, 8);
  } else {
    Put(image + 8, f.fip, 4);
    Put(image + 12, f.fcs, 2);
    Put(image + 16, f.fdp, 4);
    Put(image + 20, f.fds, 2);
  }
  for (int i = 0; i < 8; ++i) {
    const Float80& v = St(f, i);
    Put(image + kStOffset + 16 * i, v.mant, 8);
    Put(image + kStOffset + 8 + 16 * i, v.sign_exp, 2);
  }
  const bool sse = WithSseState(c);
  const int xmm_saved = XmmSaved(c);
  if (sse) {
    Put(image + kMxcsrOffset, c.s.sse.mxcsr, 4);
    Put(image + kMxcsrOffset + 4, c.model().mxcsr_mask, 4);
    for (int i = 0; i < xmm_saved; ++i) {
      Put(image + kXmmOffset + 16 * i, c.s.sse.xmm[i].q[0], 8);
      Put(image + kXmmOffset + 8 + 16 * i, c.s.sse.xmm[i].q[1], 8);
    }
  }
  PrepareWrite(c, lin, kAreaSize);
  WriteBytes(c, lin, image, sse ? kStOffset : kHeaderSize);
  for (int i = 0; i < 8; ++i)
    WriteBytes(c, lin + kStOffset + 16 * i, image + kStOffset + 16 * i, 10);
  if (sse) WriteBytes(c, lin + kXmmOffset, image + kXmmOffset, 16 * xmm_saved);
}

// FXRSTOR: all of the image is read before any of it is loaded; ES and B follow from the
// loaded flags and masks, so an unmasked pending exception is delivered by the next waiting
// x87 instruction. An MXCSR image with a bit outside MXCSR_MASK is #GP(0) with nothing loaded
// (SDM Vol. 2A, FXRSTOR, Protected Mode Exceptions).
void Fxrstor(Cpu& c, const DecodedInsn& d) {
  const uint64_t lin = AreaLinear(c, d, Access::kRead);
  uint8_t image[kUsedSize];
  const int xmm_saved = XmmSaved(c);
  ReadBytes(c, lin, image, kXmmOffset + 16 * xmm_saved);
  if (WithSseState(c)) {
    const uint32_t mxcsr = static_cast<uint32_t>(Get(image + kMxcsrOffset, 4));
    if (mxcsr & ~c.model().mxcsr_mask) c.Fault(kVecGp, 0);
    c.s.sse.mxcsr = mxcsr;
    for (int i = 0; i < xmm_saved; ++i)
      c.s.sse.xmm[i] = Xmm{{Get(image + kXmmOffset + 16 * i, 8), Get(image + kXmmOffset + 8 + 16 * i, 8)}};
  }
  X87State& f = c.s.fpu;
  f.cw = LegalCw(static_cast<uint16_t>(Get(image, 2)));
  f.sw = static_cast<uint16_t>(Get(image + 2, 2));
  f.tw = 0;
  for (int p = 0; p < 8; ++p)
    if (!(image[4] & (1u << p))) SetPhysEmpty(f, p);
  f.fop = static_cast<uint16_t>(Get(image + 6, 2) & 0x7FF);
  if (d.rex_w()) {  // FXRSTOR64: the selectors are not in the image and keep their values
    f.fip = Get(image + 8, 8);
    f.fdp = Get(image + 16, 8);
  } else {
    f.fip = Get(image + 8, 4);
    f.fcs = static_cast<uint16_t>(Get(image + 12, 2));
    f.fdp = Get(image + 16, 4);
    f.fds = static_cast<uint16_t>(Get(image + 20, 2));
  }
  for (int i = 0; i < 8; ++i)
    f.r[Phys(f, i)] = Float80{Get(image + kStOffset + 16 * i, 8),
                              static_cast<uint16_t>(Get(image + kStOffset + 8 + 16 * i, 2))};
  UpdatePending(c);
}

}  // namespace m86::x87
