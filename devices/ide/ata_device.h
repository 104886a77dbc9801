// One unit (device 0 or 1) on an ATA channel: the behaviour every ATA and ATAPI device shares,
// the command protocols' status handshakes (ATA/ATAPI-6, T13/1410D, section 9: "Protocol") and
// the data path through the channel's buffer, which PIO and bus-master DMA both drain or fill.
#pragma once
#include <cstdint>
#include <span>
#include <string>

#include "devices/ide/ata_registers.h"

namespace m86 {

class AtaChannel;

class AtaDevice {
 public:
  AtaDevice(AtaChannel& channel, int unit);
  virtual ~AtaDevice() = default;
  AtaDevice(const AtaDevice&) = delete;
  AtaDevice& operator=(const AtaDevice&) = delete;

  virtual bool is_atapi() const = 0;
  // A write of `command` to the Command register while this device is selected.
  virtual void Execute(uint8_t command) = 0;
  // The host (PIO) or the bus master (DMA) finished the data window the device opened:
  // read it all (data-in) or filled it (data-out). The device moves on or completes.
  virtual void WindowDone() = 0;
  // Power-on, hardware or software reset, and EXECUTE DEVICE DIAGNOSTIC: the signature in the
  // task file (ATA-6 9.12), Error 01h (passed), no command in progress.
  virtual void Reset();

  AtaDeviceState& state();
  const AtaDeviceState& state() const;
  int unit() const { return unit_; }

 protected:
  // The signature's LBA Mid and LBA High: 00h/00h for ATA, 14h/EBh for ATAPI (ATA-6 9.12).
  virtual uint8_t signature_mid() const = 0;
  virtual uint8_t signature_high() const = 0;
  // The Status a reset leaves: DRDY for ATA devices, 00h for ATAPI ones (ATA-6 9.12).
  virtual uint8_t reset_status() const = 0;
  void WriteSignature();

  // Ends the command: Status DRDY|DSC, no DRQ, INTRQ.
  void Complete();
  // Ends the command with ERR set and `error` in the Error register, INTRQ.
  void Fail(uint8_t error);
  // Refuses the command (ABRT).
  void Abort() { Fail(ata_error::kAbrt); }
  // Opens a data window of `bytes` at buffer offset `first` in `phase`, with DRQ set;
  // `interrupt` asks for INTRQ with it (PIO data-in blocks; data-out blocks after the first).
  void OpenWindow(uint32_t bytes, AtaPhase phase, bool interrupt, uint32_t first = 0);
  // The channel's transfer buffer (kAtaBufferBytes).
  std::span<uint8_t> buffer();
  void RaiseInterrupt();
  void LogOnce(const std::string& what);

  AtaChannel& channel_;
  int unit_;
};

}  // namespace m86
