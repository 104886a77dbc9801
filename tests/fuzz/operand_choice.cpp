// Operand values and addressing forms for the generator.
#include "operand_choice.h"

#include "catalog.h"
#include "sse_operands.h"

namespace m86::fuzz {
namespace {

constexpr uint32_t kEdgeValues[] = {
    0,          1,          2,          0x7F,       0x80,       0xFF,       0x100,
    0x7FFF,     0x8000,     0xFFFF,     0x10000,    0x7FFFFFFF, 0x80000000, 0x80000001,
    0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFF80, 0xFFFF8000, 0x0000FF00, 0x00FF00FF, 0x99999999};

uint32_t SizeMask(int size) { return size >= 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1; }

bool FitsInt8(uint32_t v) {
  const int32_t s = static_cast<int32_t>(v);
  return s >= -128 && s <= 127;
}

bool IsBitStringOp(Op op) {
  return op == Op::BT_EvGv || op == Op::BTS_EvGv || op == Op::BTR_EvGv || op == Op::BTC_EvGv;
}

// Bytes the memory operand covers.
uint32_t MemorySize(const GenInsn& g) {
  if (IsSseOp(g.op)) return SseMemoryOf(g).size;
  switch (g.op) {
    case Op::CMPXCHG8B: return 8;
    case Op::BOUND: return 2 * static_cast<uint32_t>(OperandSize(g));
    case Op::MOVZX_GvEb: case Op::MOVSX_GvEb: case Op::SETCC: return 1;
    case Op::MOVZX_GvEw: case Op::MOVSX_GvEw: return 2;
    default: return static_cast<uint32_t>(OperandSize(g));
  }
}

}  // namespace

uint32_t OperandChoice::Value() {
  const uint32_t roll = r_.Below(100);
  if (roll < 40) {
    const uint32_t e = r_.Pick(kEdgeValues);
    switch (r_.Below(4)) {
      case 0: return e;
      case 1: return (r_.U32() & ~0xFFu) | (e & 0xFF);        // edge in the low byte
      case 2: return (r_.U32() & 0xFFFF0000u) | (e & 0xFFFF);  // edge in the low word
      default: return e ^ (1u << r_.Below(32));
    }
  }
  if (roll < 55) return r_.Below(64);
  return r_.U32();
}

uint32_t OperandChoice::Immediate(int size) {
  const uint32_t roll = r_.Below(100);
  uint32_t v;
  if (roll < 35) {
    v = r_.Pick(kEdgeValues);
  } else if (roll < 55) {
    v = static_cast<uint32_t>(static_cast<int32_t>(r_.Below(17)) - 8);
  } else {
    v = r_.U32();
  }
  return v & SizeMask(size);
}

uint32_t OperandChoice::DataPointer(uint32_t size) {
  uint32_t offset = r_.Below(kFuzzDataSize - size + 1);
  if (r_.Percent(50)) offset &= ~3u;
  return kFuzzDataAddr + offset;
}

uint32_t OperandChoice::Target(uint32_t size) {
  const uint32_t room = kFuzzDataSize - size;
  const uint32_t roll = r_.Below(100);
  const uint32_t t = roll < 8    ? kFuzzDataAddr + r_.Below(16)          // first bytes
                     : roll < 16 ? kFuzzDataAddr + room - r_.Below(16)   // last bytes
                                 : kFuzzDataAddr + r_.Below(room + 1);
  return static_cast<uint32_t>(MostlyAligned(r_, t, size));
}

// An address that faults: across either end of the data page, deep in a guard page, in the
// read-only code page, through CS (writes), or with 16-bit addressing (below 64 KiB).
uint32_t OperandChoice::FaultTarget(GenInsn& g, uint32_t size, bool* done) {
  *done = false;
  switch (r_.Below(6)) {
    case 0: return kFuzzDataAddr - 1 - r_.Below(size);
    case 1: return kFuzzDataAddr + kFuzzDataSize - size + 1 + r_.Below(size);
    case 2:
      return (r_.Percent(50) ? kFuzzDataAddr - kFuzzPageSize : kFuzzDataAddr + kFuzzDataSize) +
             r_.Below(kFuzzPageSize - size);
    case 3: return kFuzzCodeAddr + r_.Below(kFuzzPageSize - size);
    case 4:
      g.seg = kCs;
      return Target(size);
    default:
      g.p67 = true;
      if (!g.moffs) AnyAddress16(g);
      *done = true;
      return r_.Below(0x10000 - size);
  }
}

uint8_t OperandChoice::DispSize(uint32_t disp, bool allow_none) {
  if (disp == 0 && allow_none && r_.Percent(60)) return 0;
  if (FitsInt8(disp) && r_.Percent(80)) return 1;
  return 4;
}

void OperandChoice::EncodeAddress(GenInsn& g, const AbsState& st, uint32_t ea) {
  MemRef m;
  int known[8];
  int n_known = 0, n_index = 0;
  for (int r = 0; r < 8; ++r) {
    if (st.Known(r)) known[n_known++] = r;
  }
  int near = -1;  // a known register within disp8 reach
  for (int i = 0; i < n_known; ++i) {
    if (FitsInt8(ea - st.val[known[i]]) && (near < 0 || r_.Percent(50))) near = known[i];
  }
  for (int i = 0; i < n_known; ++i) n_index += known[i] != kEsp;
  const uint32_t roll = r_.Below(100);
  if (near >= 0 && roll < 35) {
    m.base = static_cast<uint8_t>(near);
  } else if (n_known > 0 && roll < 65) {
    m.base = static_cast<uint8_t>(known[r_.Below(static_cast<uint32_t>(n_known))]);
  } else if (n_index > 0 && roll < 90) {
    int index;
    do index = known[r_.Below(static_cast<uint32_t>(n_known))]; while (index == kEsp);
    m.index = static_cast<uint8_t>(index);
    m.scale = static_cast<uint8_t>(r_.Below(4));
    if (r_.Percent(70)) m.base = static_cast<uint8_t>(known[r_.Below(static_cast<uint32_t>(n_known))]);
  }
  uint32_t rest = ea;
  if (m.base != kNoReg) rest -= st.val[m.base];
  if (m.index != kNoReg) rest -= st.val[m.index] << m.scale;
  m.disp = rest;
  m.disp_size = m.base == kNoReg ? 4 : DispSize(rest, true);
  if (m.disp_size == 0 && rest != 0) m.disp_size = 4;
  m.force_sib = r_.Percent(8);
  g.m = m;
}

void OperandChoice::AnyAddress16(GenInsn& g) {
  MemRef m;
  m.a16 = true;
  m.abs16 = r_.Percent(15);
  m.rm16 = static_cast<uint8_t>(r_.Below(8));
  m.disp_size = m.abs16 ? 2 : static_cast<uint8_t>(r_.Below(3));
  m.disp = r_.U32() & 0xFFFF;
  g.m = m;
  g.p67 = true;
}

void OperandChoice::AnyAddress(GenInsn& g, const AbsState& st) {
  (void)st;
  if (r_.Percent(15)) return AnyAddress16(g);
  MemRef m;
  if (r_.Percent(85)) m.base = static_cast<uint8_t>(r_.Below(8));
  if (r_.Percent(40)) {
    do m.index = static_cast<uint8_t>(r_.Below(8)); while (m.index == kEsp);
    m.scale = static_cast<uint8_t>(r_.Below(4));
  }
  m.disp = r_.Percent(50) ? Value() : static_cast<uint32_t>(static_cast<int8_t>(r_.U32()));
  m.disp_size = m.base == kNoReg ? 4 : DispSize(m.disp, true);
  if (m.disp_size == 0) m.disp = 0;
  m.force_sib = r_.Percent(8);
  g.m = m;
}

bool OperandChoice::Memory(GenInsn& g, const AbsState& st, uint32_t fault_percent) {
  const uint32_t size = MemorySize(g);
  uint32_t target;
  if (r_.Percent(fault_percent)) {
    bool done = false;
    target = FaultTarget(g, size, &done);
    if (done) return true;
  } else {
    target = Target(size);
    if (r_.Percent(8)) g.seg = r_.Pick({kEs, kCs, kSs, kDs});
  }
  uint32_t ea = target;
  if (IsBitStringOp(g.op)) {
    // The register bit offset moves the accessed unit (SDM Vol. 2A, BT): aim EA so that the
    // unit lands on the target, a few bytes away from the page edges.
    const int s = OperandSize(g);
    const auto off = st.Get(g.reg);
    if (!off) return false;
    const int32_t bit = s == 2 ? static_cast<int16_t>(*off) : static_cast<int32_t>(*off);
    const int32_t width = 8 * s;
    const int32_t unit = bit >= 0 ? bit / width : -((-bit + width - 1) / width);
    if (target < kFuzzDataAddr + 4) target = kFuzzDataAddr + 4;
    if (target > kFuzzDataAddr + kFuzzDataSize - 12) target = kFuzzDataAddr + kFuzzDataSize - 12;
    ea = target - static_cast<uint32_t>(unit * s);
  }
  EncodeAddress(g, st, ea);
  return true;
}

bool OperandChoice::Moffs(GenInsn& g, uint32_t fault_percent) {
  const uint32_t size = static_cast<uint32_t>(OperandSize(g));
  uint32_t target = Target(size);
  if (r_.Percent(fault_percent)) {
    bool done = false;
    target = FaultTarget(g, size, &done);
  } else if (r_.Percent(8)) {
    g.seg = r_.Pick({kEs, kSs, kDs});
  }
  g.m = MemRef{};
  g.m.disp = target;
  return true;
}

}  // namespace m86::fuzz
