// Operand strings of the SSE rows: "Vps,Wps", "Mq,Vq", "Vx,Ww"...
#include "sse_operands.h"

#include <string_view>

namespace m86::fuzz {
namespace {

// Bytes of an operand by its size code (SDM Vol. 2D, A.2.2): b, w, d, q, ss, sd, and the
// 128-bit ps, pd, dq, x; y is a doubleword, or a quadword with REX.W.
uint32_t SizeOf(std::string_view code, bool rex_w) {
  if (code == "b") return 1;
  if (code == "w") return 2;
  if (code == "d" || code == "ss") return 4;
  if (code == "q" || code == "sd") return 8;
  if (code == "y") return rex_w ? 8 : 4;
  return 16;
}

// The forms whose E operand is not the size its code says, or that REX.W widens (SDM Vol. 2B,
// PEXTRB/PEXTRD/PEXTRQ, PINSRB/PINSRD/PINSRQ, MOVD/MOVQ, CVTSI2SS, POPCNT; Vol. 2A, CRC32);
// 0 for the others.
uint32_t GprMemorySize(const GenInsn& g) {
  const bool w = (g.rex & 8) != 0;
  switch (g.op) {
    case Op::PEXTRB: case Op::PINSRB: case Op::CRC32_Eb: return 1;
    case Op::PEXTRW_E: case Op::PINSRW_X: return 2;
    case Op::EXTRACTPS: return 4;
    case Op::PEXTRD: case Op::PINSRD: case Op::MOVD_VE: case Op::MOVD_EV: case Op::CVTSI2SS:
    case Op::CVTSI2SD: case Op::MOVNTI: case Op::CRC32_Ev:
      return w ? 8 : 4;
    case Op::POPCNT: return w ? 8 : g.p66 ? 2 : 4;
    default: return 0;
  }
}

}  // namespace

int SseGprWritten(const GenInsn& g) {
  const char first = g.operands[0];
  if (first == 'G') return g.reg;
  if (first == 'E' && !g.mem) return g.rm;
  return -1;
}

SseMemory SseMemoryOf(const GenInsn& g) {
  SseMemory out;
  std::string_view ops = g.operands;
  for (bool first = true; !ops.empty(); first = false) {
    const size_t comma = ops.find(',');
    const std::string_view tok = ops.substr(0, comma);
    ops = comma == std::string_view::npos ? std::string_view() : ops.substr(comma + 1);
    if (tok.empty() || (tok[0] != 'W' && tok[0] != 'M' && tok[0] != 'E')) continue;
    out.allowed = true;
    out.required = tok[0] == 'M';
    out.write = first;
    out.size = SizeOf(tok.substr(1), (g.rex & 8) != 0);
  }
  if (const uint32_t size = GprMemorySize(g)) out.size = size;
  return out;
}

}  // namespace m86::fuzz
