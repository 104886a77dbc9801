// The PC/AT pair of Intel 8237A DMA controllers: the first (ports 0x00-0x0F) serves 8-bit
// channels 0-3, the second (ports 0xC0-0xDF, one register every second port) serves 16-bit
// channels 4-7 and cascades the first through channel 4. The page registers at 0x81-0x8F
// supply address bits 16-23 (0x80 stays with the POST/debug port).
// Devices move data with Transfer(); the controller treats single, block and demand modes as
// an immediate burst of as many bytes as the device offers, up to terminal count.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <set>
#include <span>
#include <string>

#include "cpu/phys_memory.h"
#include "devices/io/io_bus.h"

namespace m86 {

// 8237A datasheet, "Mode Register": bits 3-2 transfer type, 4 autoinit, 5 decrement, 7-6 mode.
enum class DmaType : uint8_t { kVerify = 0, kWrite = 1, kRead = 2, kIllegal = 3 };

struct DmaChannelState {
  uint16_t base_address = 0, base_count = 0;
  uint16_t current_address = 0, current_count = 0;
  uint8_t mode = 0;  // bits 7-2 of the last mode write for this channel
};

struct DmaChipState {
  std::array<DmaChannelState, 4> channels{};
  uint8_t command = 0;
  uint8_t status = 0;   // bits 0-3 terminal count reached, bits 4-7 requests
  uint8_t request = 0;  // software requests, bits 0-3
  uint8_t mask = 0x0F;  // bits 0-3, set means masked
  uint8_t temporary = 0;
  bool flip_flop = false;  // false: next 16-bit register byte is the low one
};

struct DmaState {
  std::array<DmaChipState, 2> chips{};
  std::array<uint8_t, 16> pages{};  // page register file at 0x80-0x8F (index = port & 15)
};

class DmaController final : public IoDevice {
 public:
  explicit DmaController(PhysicalMemory& memory) : memory_(memory) {}
  // Maps 0x00-0x0F, 0xC0-0xDF and 0x81-0x8F.
  void Attach(IoBus& bus);
  uint32_t IoRead(uint16_t port, int size) override;
  void IoWrite(uint16_t port, int size, uint32_t value) override;

  // Moves up to data.size() bytes between the device buffer and memory through `channel`
  // (0-3 bytes, 5-7 words: data.size() should then be even). `to_memory` is the device's
  // direction (a disk read); the channel must be programmed for the matching type (a verify
  // channel moves no data but counts). Returns the bytes consumed from/produced into `data`;
  // 0 when the channel is masked or the controller disabled. `*tc` (optional) reports
  // whether the transfer reached terminal count.
  size_t Transfer(int channel, std::span<uint8_t> data, bool to_memory, bool* tc = nullptr);
  // True when the channel is unmasked and its controller enabled: a device may transfer.
  bool ChannelReady(int channel) const;

  DmaState& state() { return state_; }
  const DmaState& state() const { return state_; }
  void Reset();
  std::function<void(const std::string&)> log;

 private:
  uint8_t ChipRead(int chip, int reg);
  void ChipWrite(int chip, int reg, uint8_t value);
  uint32_t PhysicalAddress(int channel) const;
  void LogOnce(const std::string& what);

  PhysicalMemory& memory_;
  DmaState state_;
  std::set<std::string> logged_;
};

}  // namespace m86
