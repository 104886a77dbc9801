#include "devices/ide/ata_device.h"

#include "devices/ide/ata_channel.h"

namespace m86 {

AtaDevice::AtaDevice(AtaChannel& channel, int unit) : channel_(channel), unit_(unit) {}

AtaDeviceState& AtaDevice::state() { return channel_.state().devices[unit_]; }
const AtaDeviceState& AtaDevice::state() const { return channel_.state().devices[unit_]; }

void AtaDevice::Reset() {
  AtaDeviceState& s = state();
  s.phase = AtaPhase::kIdle;
  s.irq_pending = false;
  s.error = 0x01;  // diagnostic code: device passed (ATA-6 9.12, Table 35)
  s.status = reset_status();
  WriteSignature();
}

void AtaDevice::WriteSignature() {
  AtaTaskFile& tf = state().tf;
  tf.sector_count = 0x01;
  tf.lba_low = 0x01;
  tf.lba_mid = signature_mid();
  tf.lba_high = signature_high();
  tf.device = 0x00;
}

void AtaDevice::Complete() {
  AtaDeviceState& s = state();
  s.phase = AtaPhase::kIdle;
  s.status = ata_status::kDrdy | ata_status::kDsc;
  channel_.CloseWindow();
  RaiseInterrupt();
}

void AtaDevice::Fail(uint8_t error) {
  AtaDeviceState& s = state();
  s.phase = AtaPhase::kIdle;
  s.error = error;
  s.status = ata_status::kDrdy | ata_status::kDsc | ata_status::kErr;
  channel_.CloseWindow();
  RaiseInterrupt();
}

void AtaDevice::OpenWindow(uint32_t bytes, AtaPhase phase, bool interrupt, uint32_t first) {
  AtaDeviceState& s = state();
  s.phase = phase;
  s.status = ata_status::kDrdy | ata_status::kDsc | ata_status::kDrq;
  channel_.OpenWindow(first, bytes);
  if (interrupt) RaiseInterrupt();
  if (phase == AtaPhase::kDmaIn || phase == AtaPhase::kDmaOut) channel_.DmaRequest();
}

std::span<uint8_t> AtaDevice::buffer() { return channel_.buffer(); }

void AtaDevice::RaiseInterrupt() {
  state().irq_pending = true;
  channel_.UpdateIrq();
}

void AtaDevice::LogOnce(const std::string& what) { channel_.LogOnce(what); }

}  // namespace m86
