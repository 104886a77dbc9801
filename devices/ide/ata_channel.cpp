// Register access, device selection, software reset and INTRQ of an ATA channel
// (ATA/ATAPI-6, T13/1410D, sections 5.2, 7 and 9.2).
#include "devices/ide/ata_channel.h"

#include <cstdio>

namespace m86 {

AtaChannel::AtaChannel(IrqSink& irq, int irq_line) : irq_(irq), irq_line_(irq_line) {}

AtaChannel::~AtaChannel() = default;

void AtaChannel::LogOnce(const std::string& what) {
  if (!logged_.insert(what).second) return;
  if (log) {
    log(what);
  } else {
    std::fprintf(stderr, "ide: %s\n", what.c_str());
  }
}

void AtaChannel::SetDevice(int unit, std::unique_ptr<AtaDevice> device) {
  devices_[unit] = std::move(device);
  state_.devices[unit] = AtaDeviceState{};
  if (devices_[unit]) devices_[unit]->Reset();
  UpdateIrq();
}

void AtaChannel::HardReset() {
  state_.control = 0;
  state_.selected = 0;
  CloseWindow();
  for (int unit = 0; unit < 2; ++unit) {
    state_.devices[unit] = AtaDeviceState{};
    if (devices_[unit]) devices_[unit]->Reset();
  }
  UpdateIrq();
}

AtaDeviceState* AtaChannel::Selected() {
  return devices_[state_.selected] ? &state_.devices[state_.selected] : nullptr;
}

// INTRQ is driven by the selected device while nIEN is 0 (ATA-6 5.2.9); otherwise released.
void AtaChannel::UpdateIrq() {
  const AtaDeviceState* s = Selected();
  const bool level = s && s->irq_pending && !(state_.control & ata_control::kNien);
  if (level == state_.irq_level) return;
  state_.irq_level = level;
  irq_.SetIrq(irq_line_, level);
  if (level && on_interrupt) on_interrupt();
}

uint32_t AtaChannel::ReadRegister(int reg, int size) {
  if (reg == ata_reg::kData) return ReadData(size);
  if (size != 1) LogOnce("a " + std::to_string(size * 8) + "-bit access to ATA register " + std::to_string(reg));
  // A channel with no devices reads as zero, like QEMU's, so probing finds nothing and no
  // driver waits on a floating BSY.
  if (!has_devices()) return 0;
  AtaDeviceState& s = state_.devices[state_.selected];
  const bool present = devices_[state_.selected] != nullptr;
  const bool hob = state_.control & ata_control::kHob;
  const AtaTaskFile& tf = s.tf;
  switch (reg) {
    case ata_reg::kError: return present ? s.error : 0;
    case ata_reg::kSectorCount: return hob ? tf.prev_sector_count : tf.sector_count;
    case ata_reg::kLbaLow: return hob ? tf.prev_lba_low : tf.lba_low;
    case ata_reg::kLbaMid: return hob ? tf.prev_lba_mid : tf.lba_mid;
    case ata_reg::kLbaHigh: return hob ? tf.prev_lba_high : tf.lba_high;
    case ata_reg::kDevice: return tf.device;
    default:
      // Status of an absent device 1 reads 00h: device 0 answers for it (ATA-6 9.16.1).
      if (!present) return 0;
      // Reading Status acknowledges the interrupt (ATA-6 5.2.9).
      if (s.irq_pending) {
        s.irq_pending = false;
        UpdateIrq();
      }
      return s.status;
  }
}

uint8_t AtaChannel::ReadAltStatus() const {
  if (!has_devices() || !devices_[state_.selected]) return 0;
  return state_.devices[state_.selected].status;
}

void AtaChannel::WriteRegister(int reg, int size, uint32_t value) {
  if (reg == ata_reg::kData) {
    WriteData(size, value);
    return;
  }
  if (size != 1) LogOnce("a " + std::to_string(size * 8) + "-bit access to ATA register " + std::to_string(reg));
  // Any command block write clears HOB (ATA-6 7.8).
  state_.control &= static_cast<uint8_t>(~ata_control::kHob);
  const uint8_t v = static_cast<uint8_t>(value);
  if (reg != ata_reg::kCommand) {
    WriteTaskFile(reg, v);
    return;
  }
  if (state_.control & ata_control::kSrst) return;  // devices are held in reset
  if (v == 0x90) {
    ExecuteDiagnostic();
    return;
  }
  AtaDevice* dev = devices_[state_.selected].get();
  if (!dev) return;  // an absent device ignores commands
  AtaDeviceState& s = state_.devices[state_.selected];
  // A new command ends whatever data phase was open (ATA-6 9.1: the host waits for BSY and DRQ
  // clear; a driver that does not is recovering, and QEMU accepts it the same way).
  CloseWindow();
  s.phase = AtaPhase::kIdle;
  s.irq_pending = false;
  s.error = 0;
  s.command = v;
  UpdateIrq();
  dev->Execute(v);
}

void AtaChannel::WriteTaskFile(int reg, uint8_t v) {
  for (AtaDeviceState& s : state_.devices) {
    AtaTaskFile& tf = s.tf;
    const auto push = [v](uint8_t& cur, uint8_t& prev) {
      prev = cur;
      cur = v;
    };
    switch (reg) {
      case ata_reg::kFeatures: push(tf.features, tf.prev_features); break;
      case ata_reg::kSectorCount: push(tf.sector_count, tf.prev_sector_count); break;
      case ata_reg::kLbaLow: push(tf.lba_low, tf.prev_lba_low); break;
      case ata_reg::kLbaMid: push(tf.lba_mid, tf.prev_lba_mid); break;
      case ata_reg::kLbaHigh: push(tf.lba_high, tf.prev_lba_high); break;
      default: tf.device = v; break;
    }
  }
  if (reg == ata_reg::kDevice) {
    state_.selected = (v & ata_device::kDev) ? 1 : 0;
    UpdateIrq();
  }
}

void AtaChannel::WriteControl(uint8_t value) {
  const uint8_t old = state_.control;
  state_.control = value & (ata_control::kNien | ata_control::kSrst | ata_control::kHob);
  if ((value & ata_control::kSrst) && !(old & ata_control::kSrst)) {
    // SRST asserted: both devices abandon their commands and show BSY (ATA-6 9.2).
    CloseWindow();
    for (int unit = 0; unit < 2; ++unit) {
      AtaDeviceState& s = state_.devices[unit];
      s.phase = AtaPhase::kIdle;
      s.irq_pending = false;
      s.status = ata_status::kBsy;
    }
  } else if (!(value & ata_control::kSrst) && (old & ata_control::kSrst)) {
    SoftReset();
  }
  UpdateIrq();
}

// SRST released: each device finishes its reset with the signature and passed diagnostics;
// device 0 is selected (ATA-6 9.2, 9.12). No interrupt follows a software reset.
void AtaChannel::SoftReset() {
  state_.selected = 0;
  for (int unit = 0; unit < 2; ++unit) {
    if (devices_[unit]) devices_[unit]->Reset();
  }
}

// EXECUTE DEVICE DIAGNOSTIC reaches both devices whichever is selected; device 0 reports for
// the pair and interrupts (ATA-6 8.11, 9.12).
void AtaChannel::ExecuteDiagnostic() {
  CloseWindow();
  SoftReset();
  if (devices_[0]) {
    state_.devices[0].irq_pending = true;
  } else if (devices_[1]) {
    state_.devices[1].irq_pending = true;
    state_.selected = 1;
  }
  UpdateIrq();
}

uint32_t AtaChannel::ReadData(int size) {
  AtaDeviceState* s = Selected();
  if (!s || s->phase != AtaPhase::kPioIn || state_.window_pos >= state_.window_end) {
    LogOnce("data port read without a data-in phase");
    return size == 4 ? 0xFFFFFFFF : 0xFFFF;
  }
  if (size == 1) LogOnce("8-bit data port access (the data register is 16 bits)");
  const int n = size == 4 ? 4 : 2;
  uint32_t value = 0;
  for (int i = n - 1; i >= 0; --i) value = (value << 8) | state_.buffer[state_.window_pos + i];
  state_.window_pos += n;
  if (state_.window_pos >= state_.window_end) devices_[state_.selected]->WindowDone();
  return value;
}

void AtaChannel::WriteData(int size, uint32_t value) {
  AtaDeviceState* s = Selected();
  if (!s || (s->phase != AtaPhase::kPioOut && s->phase != AtaPhase::kPacketCdb) ||
      state_.window_pos >= state_.window_end) {
    LogOnce("data port write without a data-out phase");
    return;
  }
  if (size == 1) LogOnce("8-bit data port access (the data register is 16 bits)");
  const int n = size == 4 ? 4 : 2;
  for (int i = 0; i < n; ++i) state_.buffer[state_.window_pos + i] = static_cast<uint8_t>(value >> (8 * i));
  state_.window_pos += n;
  if (state_.window_pos >= state_.window_end) devices_[state_.selected]->WindowDone();
}

bool AtaChannel::DmaRequested() const {
  if (!devices_[state_.selected]) return false;
  const AtaPhase p = state_.devices[state_.selected].phase;
  return (p == AtaPhase::kDmaIn || p == AtaPhase::kDmaOut) && state_.window_pos < state_.window_end;
}

bool AtaChannel::DmaToMemory() const { return state_.devices[state_.selected].phase == AtaPhase::kDmaIn; }

std::span<uint8_t> AtaChannel::DmaWindow() {
  return {state_.buffer.data() + state_.window_pos, state_.window_end - state_.window_pos};
}

void AtaChannel::DmaAdvance(uint32_t bytes) {
  state_.window_pos += bytes;
  if (state_.window_pos >= state_.window_end) devices_[state_.selected]->WindowDone();
}

}  // namespace m86
