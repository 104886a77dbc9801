// An ATA channel (ATA/ATAPI-6, T13/1410D): the command block registers at base+0..7, the
// control block's Alternate Status/Device Control, up to two devices, and the INTRQ line to an
// ISA IRQ. Writes to the command block reach both devices; reads answer from the selected one
// (ATA-6 5.2.1). The data port moves 16 or 32 bits at a time through the channel's buffer.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <span>
#include <string>

#include "devices/ide/ata_device.h"
#include "devices/ide/ata_registers.h"
#include "devices/irq/irq_line.h"

namespace m86 {

// The largest data window: 128 sectors or 32 CD blocks (a DMA pass or an ATAPI PIO refill).
constexpr uint32_t kAtaBufferBytes = 65536;

struct AtaChannelState {
  std::array<AtaDeviceState, 2> devices{};
  uint8_t control = 0;   // Device Control as last written
  uint8_t selected = 0;  // the DEV bit of the last Device write
  bool irq_level = false;
  // The open data window in `buffer`: [window_first, window_end), window_pos moved so far.
  uint32_t window_first = 0, window_pos = 0, window_end = 0;
  std::array<uint8_t, kAtaBufferBytes + 4> buffer{};  // slack for a 32-bit read past an odd end
};

class AtaChannel {
 public:
  AtaChannel(IrqSink& irq, int irq_line);
  ~AtaChannel();
  AtaChannel(const AtaChannel&) = delete;
  AtaChannel& operator=(const AtaChannel&) = delete;

  // Installs (or with null removes) the device at `unit` 0 or 1; it starts reset.
  void SetDevice(int unit, std::unique_ptr<AtaDevice> device);
  AtaDevice* device(int unit) { return devices_[unit].get(); }
  bool has_devices() const { return devices_[0] || devices_[1]; }

  // Command block register `reg` (0-7) reads and writes; `size` 2 or 4 only for the data port.
  uint32_t ReadRegister(int reg, int size);
  void WriteRegister(int reg, int size, uint32_t value);
  // The control block: Alternate Status (read, no side effects) and Device Control (write).
  uint8_t ReadAltStatus() const;
  void WriteControl(uint8_t value);
  // A hardware reset (RESET-): both devices as after power-on.
  void HardReset();

  // Bus-master side: whether the selected device waits for a DMA transfer, its direction, the
  // bytes of its open window and their consumption (which may end the window).
  bool DmaRequested() const;
  bool DmaToMemory() const;
  std::span<uint8_t> DmaWindow();
  void DmaAdvance(uint32_t bytes);

  // Called by devices.
  void OpenWindow(uint32_t first, uint32_t bytes) {
    state_.window_first = state_.window_pos = first;
    state_.window_end = first + bytes;
  }
  void CloseWindow() { state_.window_first = state_.window_pos = state_.window_end = 0; }
  std::span<uint8_t> buffer() { return {state_.buffer.data(), kAtaBufferBytes}; }
  void UpdateIrq();
  void DmaRequest() {
    if (on_dma_request) on_dma_request();
  }
  void LogOnce(const std::string& what);

  AtaChannelState& state() { return state_; }
  const AtaChannelState& state() const { return state_; }

  std::function<void()> on_interrupt;    // INTRQ rose (the bus master's Interrupt bit)
  std::function<void()> on_dma_request;  // a device entered a DMA phase
  std::function<void(const std::string&)> log;  // stderr when empty

 private:
  AtaDeviceState* Selected();
  uint32_t ReadData(int size);
  void WriteData(int size, uint32_t value);
  void WriteTaskFile(int reg, uint8_t value);
  void ExecuteDiagnostic();
  void SoftReset();

  IrqSink& irq_;
  int irq_line_;
  AtaChannelState state_;
  std::array<std::unique_ptr<AtaDevice>, 2> devices_;
  std::set<std::string> logged_;
};

}  // namespace m86
