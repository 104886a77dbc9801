#include "devices/dma/dma8237.h"

#include <cstdio>

namespace m86 {
namespace {

// Page register port (low nibble of 0x80-0x8F) per channel on the PC/AT; channel 4 is the
// cascade and has none.
constexpr std::array<int, 8> kPagePort = {0x7, 0x3, 0x1, 0x2, -1, 0xB, 0x9, 0xA};

// 8237A datasheet, Table 2 "Software Commands" and Table 3 "Word Count and Address Register".
enum Reg : int {
  kStatusCommand = 8,
  kRequest = 9,
  kSingleMask = 10,
  kMode = 11,
  kClearFlipFlop = 12,
  kTempMasterClear = 13,
  kClearMask = 14,
  kAllMask = 15,
};

}  // namespace

void DmaController::Attach(IoBus& bus) {
  bus.Map(this, 0x00, 0x0F);
  bus.Map(this, 0xC0, 0xDF);
  bus.Map(this, 0x81, 0x8F);
}

void DmaController::Reset() { state_ = DmaState{}; }

void DmaController::LogOnce(const std::string& what) {
  if (!logged_.insert(what).second) return;
  if (log)
    log(what);
  else
    std::fprintf(stderr, "dma: %s\n", what.c_str());
}

uint32_t DmaController::IoRead(uint16_t port, int size) {
  uint32_t value = 0;
  // Wider accesses are split into byte accesses at consecutive ports, as the ISA bus does.
  for (int i = 0; i < size; ++i) {
    const uint16_t p = static_cast<uint16_t>(port + i);
    uint8_t b = 0xFF;
    if (p <= 0x0F)
      b = ChipRead(0, p);
    else if (p >= 0xC0 && p <= 0xDF)
      b = (p & 1) ? 0xFF : ChipRead(1, (p - 0xC0) >> 1);
    else if (p >= 0x80 && p <= 0x8F)
      b = state_.pages[p & 0xF];
    value |= uint32_t{b} << (8 * i);
  }
  return value;
}

void DmaController::IoWrite(uint16_t port, int size, uint32_t value) {
  for (int i = 0; i < size; ++i) {
    const uint16_t p = static_cast<uint16_t>(port + i);
    const uint8_t b = static_cast<uint8_t>(value >> (8 * i));
    if (p <= 0x0F)
      ChipWrite(0, p, b);
    else if (p >= 0xC0 && p <= 0xDF) {
      if (!(p & 1)) ChipWrite(1, (p - 0xC0) >> 1, b);
    } else if (p >= 0x80 && p <= 0x8F)
      state_.pages[p & 0xF] = b;
  }
}

uint8_t DmaController::ChipRead(int chip, int reg) {
  DmaChipState& c = state_.chips[chip];
  if (reg < 8) {
    // Current address (even) / current word count (odd), low byte then high byte as the
    // byte pointer flip-flop toggles (8237A datasheet, "Byte Pointer Flip-Flop").
    const DmaChannelState& ch = c.channels[reg >> 1];
    const uint16_t v = (reg & 1) ? ch.current_count : ch.current_address;
    const uint8_t b = static_cast<uint8_t>(c.flip_flop ? v >> 8 : v);
    c.flip_flop = !c.flip_flop;
    return b;
  }
  switch (reg) {
    case kStatusCommand: {
      // Status: the TC bits are cleared by the read (datasheet, "Status Register").
      const uint8_t s = static_cast<uint8_t>((c.status & 0x0F) | (c.request << 4));
      c.status &= 0xF0;
      return s;
    }
    case kTempMasterClear:
      return c.temporary;
    case kAllMask:
      return static_cast<uint8_t>(0xF0 | c.mask);  // the AT chipset's read-back
    default:
      LogOnce("read of write-only 8237 register " + std::to_string(reg));
      return 0xFF;
  }
}

void DmaController::ChipWrite(int chip, int reg, uint8_t value) {
  DmaChipState& c = state_.chips[chip];
  if (reg < 8) {
    // Writing the base register also writes the current register (datasheet, "Base and
    // Current Address/Word Count Registers").
    DmaChannelState& ch = c.channels[reg >> 1];
    uint16_t& base = (reg & 1) ? ch.base_count : ch.base_address;
    uint16_t& cur = (reg & 1) ? ch.current_count : ch.current_address;
    base = c.flip_flop ? static_cast<uint16_t>((base & 0x00FF) | (value << 8))
                       : static_cast<uint16_t>((base & 0xFF00) | value);
    cur = base;
    c.flip_flop = !c.flip_flop;
    return;
  }
  switch (reg) {
    case kStatusCommand:
      c.command = value;
      if (value & 0x01) LogOnce("8237 memory-to-memory transfers are not implemented");
      break;
    case kRequest:
      if (value & 0x04)
        c.request |= static_cast<uint8_t>(1u << (value & 3));
      else
        c.request &= static_cast<uint8_t>(~(1u << (value & 3)));
      break;
    case kSingleMask:
      if (value & 0x04)
        c.mask |= static_cast<uint8_t>(1u << (value & 3));
      else
        c.mask &= static_cast<uint8_t>(~(1u << (value & 3)));
      break;
    case kMode:
      c.channels[value & 3].mode = value & 0xFC;
      break;
    case kClearFlipFlop:
      c.flip_flop = false;
      break;
    case kTempMasterClear:
      // Master clear: like a hardware reset, all channels masked (datasheet, "Master Clear").
      c.command = 0;
      c.status = 0;
      c.request = 0;
      c.temporary = 0;
      c.flip_flop = false;
      c.mask = 0x0F;
      break;
    case kClearMask:
      c.mask = 0;
      break;
    case kAllMask:
      c.mask = value & 0x0F;
      break;
    default:
      break;
  }
}

bool DmaController::ChannelReady(int channel) const {
  if (channel < 0 || channel > 7) return false;
  const DmaChipState& c = state_.chips[channel >> 2];
  if ((c.command & 0x04) || (c.mask & (1u << (channel & 3)))) return false;
  // Channels 0-3 reach the bus through cascade channel 4 of the second controller.
  if (channel < 4) {
    const DmaChipState& c2 = state_.chips[1];
    if ((c2.command & 0x04) || (c2.mask & 1)) return false;
  }
  return true;
}

uint32_t DmaController::PhysicalAddress(int channel) const {
  const DmaChannelState& ch = state_.chips[channel >> 2].channels[channel & 3];
  const int page_port = kPagePort[channel];
  const uint32_t page = page_port < 0 ? 0 : state_.pages[page_port];
  if (channel < 4) return (page << 16) | ch.current_address;
  // 16-bit channels: the address counts words, so A1-A16 come from the register and the
  // page register's bit 0 is not used (IBM PC/AT Technical Reference, "DMA Controller").
  return ((page & 0xFE) << 16) | (uint32_t{ch.current_address} << 1);
}

size_t DmaController::Transfer(int channel, std::span<uint8_t> data, bool to_memory, bool* tc) {
  if (tc) *tc = false;
  if (!ChannelReady(channel)) return 0;
  DmaChipState& c = state_.chips[channel >> 2];
  const int n = channel & 3;
  DmaChannelState& ch = c.channels[n];
  const auto type = static_cast<DmaType>((ch.mode >> 2) & 3);
  if (type == DmaType::kIllegal) {
    LogOnce("8237 channel " + std::to_string(channel) + " programmed with the illegal type 11");
    return 0;
  }
  if (type != DmaType::kVerify && (type == DmaType::kWrite) != to_memory) {
    // The device and the channel disagree on the direction; the 8237 would move the data
    // the other way, corrupting the buffer. Refuse, so the device reports an overrun.
    LogOnce("8237 channel " + std::to_string(channel) + " direction differs from the device's");
    return 0;
  }
  if ((ch.mode >> 6) == 3) {
    LogOnce("8237 channel " + std::to_string(channel) + " is in cascade mode");
    return 0;
  }
  const size_t unit = channel < 4 ? 1 : 2;
  const bool decrement = ch.mode & 0x20;
  size_t done = 0;
  bool reached_tc = false;
  while (done + unit <= data.size() && !reached_tc) {
    const uint32_t addr = PhysicalAddress(channel);
    std::span<uint8_t> piece = data.subspan(done, unit);
    if (type == DmaType::kWrite)
      memory_.WriteBytes(addr, piece);
    else if (type == DmaType::kRead)
      memory_.ReadBytes(addr, piece);
    done += unit;
    ch.current_address = static_cast<uint16_t>(ch.current_address + (decrement ? -1 : 1));
    // The count is programmed as transfers minus one; TC is the 0 -> 0xFFFF roll-over.
    if (ch.current_count-- == 0) reached_tc = true;
  }
  if (reached_tc) {
    c.status |= static_cast<uint8_t>(1u << n);
    c.request &= static_cast<uint8_t>(~(1u << n));
    if (ch.mode & 0x10) {
      ch.current_address = ch.base_address;  // autoinitialize (datasheet, "Autoinitialize")
      ch.current_count = ch.base_count;
    } else {
      c.mask |= static_cast<uint8_t>(1u << n);  // EOP sets the mask bit without autoinit
    }
    if (tc) *tc = true;
  }
  return done;
}

}  // namespace m86
