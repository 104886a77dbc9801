#include "devices/pic/pic8259.h"

namespace m86::pic8259 {
namespace {

uint8_t Bit(int ir) { return static_cast<uint8_t>(1u << ir); }

// The ISR bit with the highest priority under the current rotation, or -1.
int HighestInService(const PicChipState& s) {
  for (int i = 1; i <= 8; ++i) {
    const int ir = (s.lowest_priority + i) & 7;
    if (s.isr & Bit(ir)) return ir;
  }
  return -1;
}

}  // namespace

void SetLine(PicChipState& s, int ir, bool level) {
  const uint8_t bit = Bit(ir);
  const bool was = s.lines & bit;
  s.lines = level ? (s.lines | bit) : (s.lines & ~bit);
  if (s.level_mask & bit) {
    // Level mode: the request follows the input (datasheet "Level Triggered Mode").
    s.irr = level ? (s.irr | bit) : (s.irr & ~bit);
  } else if (level && !was) {
    s.irr |= bit;  // edge mode latches the rising edge
  } else if (!level) {
    // The input must stay high until INTA; a request that drops out is lost (and an INTA
    // already in progress sees no request: the spurious IR7 case of the datasheet).
    s.irr &= ~bit;
  }
}

int Highest(const PicChipState& s, bool is_master) {
  const uint8_t requests = s.irr & ~s.imr;
  for (int i = 1; i <= 8; ++i) {
    const int ir = (s.lowest_priority + i) & 7;
    const uint8_t bit = Bit(ir);
    // Special mask mode: an in-service level no longer inhibits lower levels, only itself.
    const bool blocks = (s.isr & bit) && !s.special_mask;
    // Special fully nested mode: a slave already in service may still pass higher-priority
    // requests of its own through the same master input.
    const bool sfnm_pass = is_master && s.sfnm && !s.single && (s.icw3 & bit);
    if ((requests & bit) && (!(s.isr & bit) || sfnm_pass)) return ir;
    if (blocks) return -1;
  }
  return -1;
}

void Accept(PicChipState& s, int ir) {
  const uint8_t bit = Bit(ir);
  if (!(s.level_mask & bit)) s.irr &= ~bit;
  if (s.auto_eoi) {
    // AEOI clears the ISR bit at the end of the INTA sequence; with rotation the served
    // level becomes the lowest priority (datasheet "Automatic Rotation").
    if (s.rotate_on_aeoi) s.lowest_priority = static_cast<uint8_t>(ir);
  } else {
    s.isr |= bit;
  }
}

bool WriteCommand(PicChipState& s, uint8_t value, const char** what) {
  if (value & 0x10) {
    // ICW1: starts initialisation (datasheet "Initialization Command Words").
    if (!(value & 0x01)) s.auto_eoi = s.sfnm = false;  // no ICW4: its functions are zero
    s.icw4_needed = value & 0x01;
    s.single = value & 0x02;
    s.ltim = value & 0x08;
    s.imr = 0;
    s.isr = 0;
    s.irr = 0;  // the edge sense latches are reset: a fresh low-to-high edge is needed
    s.lowest_priority = 7;
    s.special_mask = false;
    s.rotate_on_aeoi = false;
    s.poll = false;
    s.read_isr = false;
    s.init_step = 2;
    return true;
  }
  if (value & 0x08) {
    // OCW3.
    if (value & 0x40) s.special_mask = value & 0x20;
    if (value & 0x02) s.read_isr = value & 0x01;
    s.poll = value & 0x04;
    return true;
  }
  // OCW2: bits 7:5 are R, SL, EOI; bits 2:0 the level.
  const int level = value & 7;
  switch (value >> 5) {
    case 0:  // rotate in AEOI mode (clear)
      s.rotate_on_aeoi = false;
      return true;
    case 4:  // rotate in AEOI mode (set)
      s.rotate_on_aeoi = true;
      return true;
    case 1:  // non-specific EOI
    case 5: {  // rotate on non-specific EOI
      const int ir = HighestInService(s);
      if (ir >= 0) {
        s.isr &= ~Bit(ir);
        if (value & 0x80) s.lowest_priority = static_cast<uint8_t>(ir);
      }
      return true;
    }
    case 3:  // specific EOI
      s.isr &= ~Bit(level);
      return true;
    case 7:  // rotate on specific EOI
      s.isr &= ~Bit(level);
      s.lowest_priority = static_cast<uint8_t>(level);
      return true;
    case 6:  // set priority
      s.lowest_priority = static_cast<uint8_t>(level);
      return true;
    default:  // 2: no operation
      (void)what;
      return true;
  }
}

bool WriteData(PicChipState& s, uint8_t value, const char** what) {
  switch (s.init_step) {
    case 2:
      s.vector_base = value & 0xF8;  // 8086 mode: T7-T3, the low bits are the IR number
      s.init_step = s.single ? (s.icw4_needed ? 4 : 0) : 3;
      return true;
    case 3:
      s.icw3 = value;
      s.init_step = s.icw4_needed ? 4 : 0;
      return true;
    case 4:
      s.init_step = 0;
      s.auto_eoi = value & 0x02;
      s.sfnm = value & 0x10;
      if (!(value & 0x01)) {
        *what = "8259A ICW4 MCS-80/85 mode (uPM=0)";
        return false;
      }
      return true;
    default:
      s.imr = value;  // OCW1
      return true;
  }
}

uint8_t ReadStatus(const PicChipState& s) { return s.read_isr ? s.isr : s.irr; }

}  // namespace m86::pic8259
