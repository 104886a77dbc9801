// Shared pieces of the SSE floating-point handlers (cpu/interp/sse_float_*.cpp): operand
// fetch for the packed and scalar forms, and the step that hands the engine's result to the
// guest (SDM Vol. 1, 11.5; Vol. 2A, 2.4, the exception classes of the SSE instructions).
// The arithmetic itself is cpu/fpu/sse_float.h.
#pragma once
#include <cstdint>

#include "cpu/fpu/sse_float.h"
#include "cpu/interp/sse.h"

namespace m86::sse {

inline fpu::Xmm ToEngine(const Xmm& v) { return fpu::Xmm{{v.q[0], v.q[1]}}; }
inline Xmm FromEngine(const fpu::Xmm& v) { return Xmm{{v.q[0], v.q[1]}}; }

// The source operand of a floating-point instruction. The packed forms read xmm/m128 with the
// 16-byte alignment rule; the scalar forms read m32 or m64 (any alignment) into lane 0, the
// engine ignoring the other lanes (SDM Vol. 2A, 2.4: scalar operands are not checked for
// alignment). kLow64 also serves the forms whose source is a low quadword (CVTPS2PD, CVTDQ2PD).
enum class Source : uint8_t { kPacked, kLow32, kLow64 };
inline Xmm ReadFpSource(Cpu& c, const DecodedInsn& d, Source kind) {
  if (!d.mem() || kind == Source::kPacked) return ReadW(c, d);
  if (kind == Source::kLow64) return Xmm{{mmx::ReadMem64(c, d), 0}};
  return Xmm{{c.Read<uint32_t>(d.seg, EffectiveAddress(c, d)), 0}};
}
constexpr Source ScalarSource(fpu::SseShape shape) {
  return shape == fpu::SseShape::kSs   ? Source::kLow32
         : shape == fpu::SseShape::kSd ? Source::kLow64
                                       : Source::kPacked;
}

// The engine's exception flags always reach MXCSR; an unmasked one leaves the destination
// alone and raises #XM (or #UD without CR4.OSXMMEXCPT) (SDM Vol. 1, 11.5.1).
template <typename Result>
inline void MergeFlags(Cpu& c, const Result& r) {
  c.s.sse.mxcsr |= r.flags;
  if (M86_UNLIKELY(r.fault)) RaiseSimdException(c);
}

// Writes an XMM result after the flags check.
inline void Commit(Cpu& c, int reg, const fpu::SseResult& r) {
  MergeFlags(c, r);
  Reg(c, reg) = FromEngine(r.value);
}

// Per-file registration; RegisterSseHandlers (sse_move.cpp) calls them.
void RegisterSseFloatArithHandlers(HandlerTable& t);
void RegisterSseFloatConvertHandlers(HandlerTable& t);

}  // namespace m86::sse
