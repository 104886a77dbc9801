#include "devices/apic/io_apic.h"

namespace m86 {
namespace {

// Redirection entry bits (82093AA 3.2.4).
constexpr uint64_t kVector = 0xFF, kDeliveryMode = 7u << 8, kLogical = 1u << 11,
                   kDeliveryStatus = 1u << 12, kActiveLow = 1u << 13, kRemoteIrr = 1u << 14,
                   kLevel = 1u << 15, kMasked = 1u << 16;
constexpr int kDestinationShift = 56;
// Bits software may write: all but delivery status and Remote IRR (read-only).
constexpr uint64_t kWritable = ~(kDeliveryStatus | kRemoteIrr) & 0xFF0000000001FFFFull;

ApicMessage MessageOf(uint64_t entry) {
  ApicMessage m;
  m.vector = static_cast<uint8_t>(entry & kVector);
  m.mode = static_cast<ApicDeliveryMode>((entry & kDeliveryMode) >> 8);
  m.logical = (entry & kLogical) != 0;
  m.destination = static_cast<uint8_t>(entry >> kDestinationShift);
  m.level = (entry & kLevel) != 0;
  return m;
}

}  // namespace

IoApic::IoApic(ApicBus& bus) : bus_(bus) {
  // Reset: every entry masked (82093AA 3.2.4: bit 16 is set after reset).
  for (uint64_t& e : state_.redirection) e = kMasked;
}

void IoApic::Attach(PhysicalMemory& memory) { memory.MapMmio(kBase, 0x1000, this); }

bool IoApic::Asserted(int pin) const {
  const bool high = (state_.pin_levels >> pin) & 1;
  return (state_.redirection[pin] & kActiveLow) ? !high : high;
}

void IoApic::Service(int pin) {
  uint64_t& e = state_.redirection[pin];
  if (!(e & kLevel) || (e & kMasked) || (e & kRemoteIrr) || !Asserted(pin)) return;
  // Fixed and lowest-priority level interrupts wait for the EOI; NMI, SMI, INIT and ExtINT do
  // not set Remote IRR.
  const auto mode = static_cast<ApicDeliveryMode>((e & kDeliveryMode) >> 8);
  if (mode == ApicDeliveryMode::kFixed || mode == ApicDeliveryMode::kLowestPriority) {
    e |= kRemoteIrr;
  }
  bus_.Deliver(MessageOf(e));
}

void IoApic::SetIrq(int pin, bool level) {
  if (pin < 0 || pin >= IoApicState::kPins) return;
  const bool was = Asserted(pin);
  state_.pin_levels = level ? state_.pin_levels | (1u << pin) : state_.pin_levels & ~(1u << pin);
  const uint64_t e = state_.redirection[pin];
  if (e & kLevel) {
    Service(pin);
  } else if (!was && Asserted(pin) && !(e & kMasked)) {
    bus_.Deliver(MessageOf(e));  // an edge: one message per assertion
  }
}

void IoApic::EndOfInterrupt(uint8_t vector) {
  for (int pin = 0; pin < IoApicState::kPins; ++pin) {
    uint64_t& e = state_.redirection[pin];
    if ((e & kLevel) && (e & kRemoteIrr) && (e & kVector) == vector) {
      e &= ~kRemoteIrr;
      Service(pin);
    }
  }
}

uint32_t IoApic::ReadRegister(uint8_t index) const {
  switch (index) {
    case 0x00: return uint32_t{state_.id} << 24;
    case 0x01: return (uint32_t{IoApicState::kPins - 1} << 16) | 0x11;  // version 11h
    case 0x02: return uint32_t{state_.id} << 24;  // arbitration ID follows the ID
    default:
      if (index >= 0x10 && index < 0x10 + 2 * IoApicState::kPins) {
        const uint64_t e = state_.redirection[(index - 0x10) / 2];
        return static_cast<uint32_t>((index & 1) ? e >> 32 : e);
      }
      return 0;
  }
}

void IoApic::WriteRegister(uint8_t index, uint32_t value) {
  if (index == 0x00) {
    state_.id = static_cast<uint8_t>((value >> 24) & 0x0F);
    return;
  }
  if (index < 0x10 || index >= 0x10 + 2 * IoApicState::kPins) return;  // read-only or absent
  const int pin = (index - 0x10) / 2;
  uint64_t& e = state_.redirection[pin];
  const uint64_t shift = (index & 1) ? 32 : 0;
  const uint64_t half = uint64_t{0xFFFFFFFF} << shift;
  const uint64_t mask = kWritable & half;
  e = (e & ~mask) | ((uint64_t{value} << shift) & mask);
  if (!(e & kLevel)) e &= ~kRemoteIrr;  // Remote IRR is undefined for edges: keep it clear
  Service(pin);  // an unmasked level entry whose pin is asserted delivers now
}

uint32_t IoApic::MmioRead(uint32_t addr, int size) {
  const uint32_t offset = addr - kBase;
  uint32_t v = 0xFFFFFFFF;
  if (offset < 4) {
    v = state_.select;
  } else if (offset >= 0x10 && offset < 0x14) {
    v = ReadRegister(state_.select);
  } else {
    return size == 4 ? v : (1u << (8 * size)) - 1;
  }
  const uint32_t shifted = v >> (8 * (offset & 3));
  return size == 4 ? shifted : shifted & ((1u << (8 * size)) - 1);
}

void IoApic::MmioWrite(uint32_t addr, int size, uint32_t value) {
  const uint32_t offset = addr - kBase;
  if (offset == 0) {
    state_.select = static_cast<uint8_t>(value);
  } else if (offset == 0x10 && size == 4) {
    WriteRegister(state_.select, value);
  }
  // Other offsets and partial IOWIN writes: the datasheet requires dword accesses.
}

}  // namespace m86
