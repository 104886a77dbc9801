// SSE..SSE4.2 floating point (binary32 and binary64, scalar and packed) in portable integer
// arithmetic, so every host computes the same bits (SDM Vol. 1, chapters 4, 10 and 11).
//
// Contract for instruction handlers:
// - Every function takes the guest's MXCSR (rounding control bits 13-14, DAZ bit 6, FTZ bit 15,
//   exception masks bits 7-12) and returns the complete destination value, the exception flags
//   to OR into MXCSR bits 0-5 (`flags`, always), and `fault`: an unmasked exception happened, so
//   the destination must NOT be written and #XM must be raised (#UD when CR4.OSXMMEXCPT = 0; that
//   choice is the caller's).
// - Results are correctly rounded once, straight to the destination format. Tininess is
//   detected after rounding. Masked exceptions deliver the SDM's default results; an unmasked
//   pre-computation exception (IE, DE, ZE) in any lane hides the post-computation ones (OE, UE,
//   PE) of every lane (SDM Vol. 1, 11.5.2-11.5.3), and flags of all lanes are ORed.
// - Scalar forms (SS/SD) take the whole destination register and keep its upper lanes; packed
//   forms compute every lane; forms that zero upper lanes (CVTPD2PS, CVTPD2DQ, ...) do so.
// - `Xmm` holds a register as two host integers: lane i of a 32-bit view is bits 32*(i%2).. of
//   q[i/2], independent of the host's byte order. Memory operands are assembled by the caller.
// - No heap, no virtual calls, no host floating point.
#pragma once
#include <cstdint>

namespace m86::fpu {

struct Xmm {
  uint64_t q[2] = {0, 0};

  uint32_t F32(int i) const { return static_cast<uint32_t>(q[i >> 1] >> (32 * (i & 1))); }
  uint64_t F64(int i) const { return q[i]; }
  void SetF32(int i, uint32_t v) {
    const int shift = 32 * (i & 1);
    q[i >> 1] = (q[i >> 1] & ~(0xFFFFFFFFull << shift)) | (uint64_t{v} << shift);
  }
  void SetF64(int i, uint64_t v) { q[i] = v; }
  bool operator==(const Xmm&) const = default;
};

// MXCSR fields (SDM Vol. 1, 10.2.3, Figure 10-3).
constexpr uint32_t kMxcsrFlags = 0x3F;      // IE DE ZE OE UE PE, bits 0-5 as in FpException
constexpr uint32_t kMxcsrDaz = 1u << 6;     // denormal source operands are zeros
constexpr uint32_t kMxcsrMaskShift = 7;     // IM DM ZM OM UM PM, bits 7-12
constexpr uint32_t kMxcsrRoundShift = 13;   // RC, bits 13-14 (encoded as Rounding)
constexpr uint32_t kMxcsrFtz = 1u << 15;    // tiny results flush to zero (UE masked only)
constexpr uint32_t kMxcsrDefault = 0x1F80;  // all masked, round to nearest

struct SseResult {
  Xmm value;
  uint8_t flags = 0;   // FpException bits to OR into MXCSR
  bool fault = false;  // unmasked exception: leave the destination, raise #XM
};

// An integer result (CVTSS2SI ...): the two's-complement pattern in `value` (32-bit results
// zero-extended; the caller writes 32 or 64 bits of the register).
struct SseIntResult {
  uint64_t value = 0;
  uint8_t flags = 0;
  bool fault = false;
};

// COMISS/UCOMISS: ZF, PF, CF as the instruction sets them (OF, SF, AF are cleared); when
// `fault`, EFLAGS are not written.
struct SseCompareFlags {
  bool zf = false, pf = false, cf = false;
  uint8_t flags = 0;
  bool fault = false;
};

// PS: four binary32 lanes, PD: two binary64 lanes, SS/SD: lane 0 only (the rest from `dst`).
enum class SseShape : uint8_t { kPs, kPd, kSs, kSd };
enum class SseArith : uint8_t { kAdd, kSub, kMul, kDiv, kMin, kMax };

// ADD/SUB/MUL/DIV/MIN/MAX{PS,PD,SS,SD}: dst = dst op src (MIN/MAX return src when either is a
// NaN or both are zeros; SDM Vol. 2B, MINPS).
SseResult SseBinary(SseArith op, SseShape shape, const Xmm& dst, const Xmm& src, uint32_t mxcsr);
// SQRT{PS,PD,SS,SD}: sqrt of src's lanes; scalar forms keep dst's upper lanes.
SseResult SseSqrt(SseShape shape, const Xmm& dst, const Xmm& src, uint32_t mxcsr);
// CMP{PS,PD,SS,SD} with predicates 0-7 (EQ LT LE UNORD NEQ NLT NLE ORD; imm8 bits 3-7 are
// ignored by the SSE encodings): all ones or zeros per lane.
SseResult SseCompare(SseShape shape, const Xmm& dst, const Xmm& src, uint8_t predicate,
                     uint32_t mxcsr);
// COMISS/COMISD (`signal_qnan`) and UCOMISS/UCOMISD: compare lane 0 of a with lane 0 of b.
SseCompareFlags SseComi(bool wide, uint64_t a, uint64_t b, bool signal_qnan, uint32_t mxcsr);
// ADDSUBPS/PD (SSE3): even lanes subtract, odd lanes add.
SseResult SseAddSub(bool wide, const Xmm& dst, const Xmm& src, uint32_t mxcsr);
// HADDPS/PD, HSUBPS/PD (SSE3): adjacent pairs of dst, then of src.
SseResult SseHorizontal(bool wide, bool subtract, const Xmm& dst, const Xmm& src, uint32_t mxcsr);
// DPPS/DPPD (SSE4.1): products of the lanes selected by imm8 bits 4-7 (4-5 for DPPD), summed
// pairwise with a rounding per step as in the SDM's pseudo-code, broadcast to the lanes of
// imm8 bits 0-3 (0-1), zero elsewhere.
SseResult SseDot(bool wide, const Xmm& dst, const Xmm& src, uint8_t imm, uint32_t mxcsr);
// ROUND{PS,PD,SS,SD} (SSE4.1): imm8 bits 0-1 rounding, bit 2 use MXCSR.RC, bit 3 suppress PE.
SseResult SseRound(SseShape shape, const Xmm& dst, const Xmm& src, uint8_t imm, uint32_t mxcsr);
// RCPPS/RCPSS, RSQRTPS/RSQRTSS (`shape` kPs or kSs): approximations with a relative error of at
// most 1.5 * 2^-12. The bits real processors return are implementation-specific; these come
// from morph86's own tables (sse_estimate.cpp). They raise no exceptions.
SseResult SseReciprocal(SseShape shape, const Xmm& dst, const Xmm& src);
SseResult SseReciprocalSqrt(SseShape shape, const Xmm& dst, const Xmm& src);

// Conversions (SDM Vol. 2A, CVT*). The "T" forms (`truncate`) round toward zero; the others use
// MXCSR.RC. Out-of-range and NaN sources give the integer indefinite (the most negative
// integer) with IE. For CVTPI2PS/CVTPS2PI the x87-to-MMX transition is the caller's business.
SseResult CvtSs2Sd(const Xmm& dst, const Xmm& src, uint32_t mxcsr);
SseResult CvtSd2Ss(const Xmm& dst, const Xmm& src, uint32_t mxcsr);
SseResult CvtPs2Pd(const Xmm& src, uint32_t mxcsr);  // lanes 0-1 of src
SseResult CvtPd2Ps(const Xmm& src, uint32_t mxcsr);  // upper half zeroed
SseResult CvtDq2Ps(const Xmm& src, uint32_t mxcsr);
SseResult CvtPs2Dq(const Xmm& src, bool truncate, uint32_t mxcsr);
SseResult CvtDq2Pd(const Xmm& src);                                 // exact
SseResult CvtPd2Dq(const Xmm& src, bool truncate, uint32_t mxcsr);  // upper half zeroed
SseResult CvtSi2Ss(const Xmm& dst, int64_t value, uint32_t mxcsr);  // int32: sign-extend
SseResult CvtSi2Sd(const Xmm& dst, int64_t value, uint32_t mxcsr);
SseIntResult CvtSs2Si(uint32_t src, int bits, bool truncate, uint32_t mxcsr);  // bits 32, 64
SseIntResult CvtSd2Si(uint64_t src, int bits, bool truncate, uint32_t mxcsr);
// MMX forms: `mm` is the 64-bit MMX register (two int32 lanes); results to MMX in value.q[0].
SseResult CvtPi2Ps(const Xmm& dst, uint64_t mm, uint32_t mxcsr);  // lanes 0-1, rest of dst
SseResult CvtPs2Pi(uint64_t src, bool truncate, uint32_t mxcsr);  // src: lanes 0-1 of xmm/m64
SseResult CvtPi2Pd(uint64_t mm);                                  // exact
SseResult CvtPd2Pi(const Xmm& src, bool truncate, uint32_t mxcsr);

}  // namespace m86::fpu
