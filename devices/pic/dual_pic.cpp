#include "devices/pic/dual_pic.h"

#include <cstdio>

namespace m86 {
namespace {

constexpr int kCascadeIr = 2;  // the PC wires the slave's INT to master IR2
// ELCR bits that PIIX reserves as 0: IRQ 0, 1, 2 (ELCR1) and IRQ 8, 13 (ELCR2) are edge only.
constexpr uint8_t kElcrWritable[2] = {0xF8, 0xDE};

}  // namespace

void DualPic::Attach(IoBus& bus) {
  bus.Map(this, 0x20, 0x21);
  bus.Map(this, 0xA0, 0xA1);
  bus.Map(this, 0x4D0, 0x4D1);
}

uint32_t DualPic::IoRead(uint16_t port, int size) {
  uint32_t value = 0;
  for (int i = 0; i < size; ++i)
    value |= uint32_t{ReadByte(static_cast<uint16_t>(port + i))} << (8 * i);
  return value;
}

void DualPic::IoWrite(uint16_t port, int size, uint32_t value) {
  for (int i = 0; i < size; ++i)
    WriteByte(static_cast<uint16_t>(port + i), static_cast<uint8_t>(value >> (8 * i)));
}

uint8_t DualPic::ReadByte(uint16_t port) {
  switch (port) {
    case 0x20:
    case 0xA0: {
      PicChipState& chip = port == 0x20 ? state_.master : state_.slave;
      if (chip.poll) return Poll(chip, port == 0x20);
      return pic8259::ReadStatus(chip);
    }
    case 0x21:
      return state_.master.imr;
    case 0xA1:
      return state_.slave.imr;
    case 0x4D0:
      return state_.elcr[0];
    case 0x4D1:
      return state_.elcr[1];
    default:
      return 0xFF;
  }
}

void DualPic::WriteByte(uint16_t port, uint8_t value) {
  const char* what = nullptr;
  bool ok = true;
  switch (port) {
    case 0x20:
      ok = pic8259::WriteCommand(state_.master, value, &what);
      break;
    case 0x21:
      ok = pic8259::WriteData(state_.master, value, &what);
      break;
    case 0xA0:
      ok = pic8259::WriteCommand(state_.slave, value, &what);
      break;
    case 0xA1:
      ok = pic8259::WriteData(state_.slave, value, &what);
      break;
    case 0x4D0:
    case 0x4D1:
      state_.elcr[port - 0x4D0] = value & kElcrWritable[port - 0x4D0];
      break;
    default:
      return;
  }
  if (!ok) Unsupported(what);
  ApplySenseModes();
  Update();
}

// Poll mode (datasheet "The Poll Command"): the read acts as an INTA for the chip and returns
// I (bit 7) with the level of the highest request in bits 2:0.
uint8_t DualPic::Poll(PicChipState& chip, bool is_master) {
  chip.poll = false;
  const int ir = pic8259::Highest(chip, is_master);
  if (ir < 0) return 0;
  pic8259::Accept(chip, ir);
  Update();
  return static_cast<uint8_t>(0x80 | ir);
}

void DualPic::ApplySenseModes() {
  // On PIIX the ELCR selects edge or level per input; ICW1 LTIM forces level on a whole chip.
  // The cascade inputs follow the slave's INT as a level, so a slave request still pending
  // after an EOI is not lost for want of a fresh edge.
  const uint8_t cascade = state_.master.single ? 0 : state_.master.icw3;
  const uint8_t master_sense = state_.master.ltim ? 0xFF : state_.elcr[0];
  state_.master.level_mask = static_cast<uint8_t>(master_sense | cascade);
  state_.slave.level_mask = state_.slave.ltim ? 0xFF : state_.elcr[1];
  for (int ir = 0; ir < 8; ++ir) {
    for (PicChipState* chip : {&state_.master, &state_.slave}) {
      const uint8_t bit = static_cast<uint8_t>(1u << ir);
      if ((chip->level_mask & bit) && !(chip->lines & bit)) chip->irr &= ~bit;
      if ((chip->level_mask & bit) && (chip->lines & bit)) chip->irr |= bit;
    }
  }
}

void DualPic::SetIrq(int irq, bool level) {
  if (irq < 0 || irq > 15 || (irq == kCascadeIr)) {
    if (irq == kCascadeIr) Unsupported("8259A: IRQ 2 driven directly (it is the cascade input)");
    return;
  }
  if (irq < 8)
    pic8259::SetLine(state_.master, irq, level);
  else
    pic8259::SetLine(state_.slave, irq - 8, level);
  Update();
}

void DualPic::Update() {
  const bool slave_int = !state_.master.single && pic8259::Highest(state_.slave, false) >= 0;
  if (bool(state_.master.lines & (1u << kCascadeIr)) != slave_int)
    pic8259::SetLine(state_.master, kCascadeIr, slave_int);
  const bool intr = pic8259::Highest(state_.master, true) >= 0;
  if (intr != state_.intr) {
    state_.intr = intr;
    if (set_intr) set_intr(intr);
  }
}

// The INTA cycle (datasheet "Interrupt Sequence"): the master resolves priority; a cascade
// input hands the vector over to the slave. With no request left (it went away before INTA)
// the chip answers IR7 without setting ISR: the spurious interrupt.
uint8_t DualPic::Acknowledge() {
  PicChipState& m = state_.master;
  const int ir = pic8259::Highest(m, true);
  uint8_t vector;
  if (ir < 0) {
    vector = static_cast<uint8_t>(m.vector_base | 7);
  } else if (!m.single && (m.icw3 & (1u << ir))) {
    pic8259::Accept(m, ir);
    const int sir = pic8259::Highest(state_.slave, false);
    if (sir < 0) {
      vector = static_cast<uint8_t>(state_.slave.vector_base | 7);  // spurious IRQ 15
    } else {
      pic8259::Accept(state_.slave, sir);
      vector = static_cast<uint8_t>(state_.slave.vector_base | sir);
    }
  } else {
    pic8259::Accept(m, ir);
    vector = static_cast<uint8_t>(m.vector_base | ir);
  }
  Update();
  return vector;
}

void DualPic::Unsupported(const char* what) {
  if (!logged_.insert(what).second) return;
  const std::string msg = std::string("unimplemented: ") + what;
  if (log)
    log(msg);
  else
    std::fprintf(stderr, "%s\n", msg.c_str());
}

}  // namespace m86
