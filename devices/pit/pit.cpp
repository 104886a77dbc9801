#include "devices/pit/pit.h"

namespace m86 {

Pit::~Pit() {
  if (event_) scheduler_.Cancel(event_);
}

uint64_t Pit::TicksAt(uint64_t ns) {
  return static_cast<uint64_t>(static_cast<unsigned __int128>(ns) * kClockHz / 1000000000u);
}

uint64_t Pit::TimeOfTick(uint64_t k) {
  const unsigned __int128 scaled = static_cast<unsigned __int128>(k) * 1000000000u;
  return static_cast<uint64_t>((scaled + kClockHz - 1) / kClockHz);
}

void Pit::Attach(IoBus& bus) {
  bus.Map(this, 0x40, 0x43);
  bus.Map(this, 0x61, 0x61);
}

uint32_t Pit::IoRead(uint16_t port, int size) {
  uint32_t value = 0;
  for (int i = 0; i < size; ++i)
    value |= uint32_t{ReadByte(static_cast<uint16_t>(port + i))} << (8 * i);
  return value;
}

void Pit::IoWrite(uint16_t port, int size, uint32_t value) {
  for (int i = 0; i < size; ++i)
    WriteByte(static_cast<uint16_t>(port + i), static_cast<uint8_t>(value >> (8 * i)));
}

bool Pit::Out(int channel) {
  PitCounterState& c = state_.counter[channel];
  const uint64_t k = Now();
  pit_counter::Sync(c, k);
  return pit_counter::Out(c, k);
}

uint8_t Pit::ReadByte(uint16_t port) {
  if (port >= 0x40 && port <= 0x42)
    return pit_counter::ReadData(state_.counter[port - 0x40], Now());
  if (port == 0x61) {
    // Port B: bits 3:0 read back; bit 4 is the DRAM refresh toggle, bit 5 counter 2's OUT.
    const bool refresh = (scheduler_.now() / kRefreshNs) & 1;
    return static_cast<uint8_t>(state_.port_b | (refresh ? 0x10 : 0) | (Out(2) ? 0x20 : 0));
  }
  return 0xFF;  // the control word register cannot be read (8254 datasheet, Table 1)
}

void Pit::WriteByte(uint16_t port, uint8_t value) {
  if (port >= 0x40 && port <= 0x42) {
    pit_counter::WriteData(state_.counter[port - 0x40], Now(), value);
    if (port == 0x40) UpdateChannel0();
  } else if (port == 0x43) {
    WriteControl(value);
  } else if (port == 0x61) {
    // Bit 0 is counter 2's GATE, bit 1 the speaker data enable; bits 2-3 (parity / channel
    // check enables) are only stored: no device raises those NMIs.
    state_.port_b = value & 0x0F;
    pit_counter::SetGate(state_.counter[2], Now(), value & 1);
  }
}

void Pit::WriteControl(uint8_t value) {
  const int sc = value >> 6;
  const uint64_t k = Now();
  if (sc == 3) {
    // Read-back command: bit 5 = !COUNT, bit 4 = !STATUS, bits 3:1 select counters 2-0.
    for (int i = 0; i < 3; ++i) {
      if (!(value & (2 << i))) continue;
      if (!(value & 0x20)) pit_counter::LatchCount(state_.counter[i], k);
      if (!(value & 0x10)) pit_counter::LatchStatus(state_.counter[i], k);
    }
    return;
  }
  const uint8_t rw = (value >> 4) & 3;
  if (rw == 0) {
    pit_counter::LatchCount(state_.counter[sc], k);  // counter latch command
    return;
  }
  uint8_t mode = (value >> 1) & 7;
  if (mode > 5) mode -= 4;  // 110 and 111 are modes 2 and 3
  pit_counter::SetMode(state_.counter[sc], mode, rw, value & 1);
  if (sc == 0) UpdateChannel0();
}

void Pit::UpdateChannel0() {
  PitCounterState& c = state_.counter[0];
  const uint64_t k = Now();
  pit_counter::Sync(c, k);
  const bool out = pit_counter::Out(c, k);
  if (out != state_.irq0) {
    state_.irq0 = out;
    if (irq_) irq_->SetIrq(0, out);
  }
  if (event_) scheduler_.Cancel(event_);
  event_ = 0;
  const uint64_t edge = pit_counter::NextEdge(c, k);
  if (edge != ~uint64_t{0})
    event_ = scheduler_.ScheduleAt(TimeOfTick(edge), [this] {
      event_ = 0;
      UpdateChannel0();
    });
}

}  // namespace m86
