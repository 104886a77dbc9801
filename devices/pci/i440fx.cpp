#include "devices/pci/i440fx.h"

namespace m86 {
namespace {

constexpr uint8_t kPam0 = 0x59, kPam6 = 0x5F, kDrb0 = 0x60, kSmram = 0x72;
// PAM bits per segment (datasheet 3.2.18): RE (read enable) routes reads to DRAM, WE (write
// enable) writes; the low segment of a register uses bits 1:0, the high one bits 5:4.
constexpr uint8_t kReadEnable = 0x01, kWriteEnable = 0x02;

}  // namespace

I440fxHostBridge::I440fxHostBridge(PhysicalMemory* memory)
    : PciFunction({.vendor = 0x8086, .device = 0x1237, .revision = 0x02,
                   .class_code = 0x060000}),
      memory_(memory) {
  // Datasheet 3.2: PCICMD 0006h (memory and bus-master always on), PCISTS 0280h.
  Define(pci_reg::kCommand, 2, 0x0006, pci_command::kSerr | pci_command::kParityResponse);
  Define(pci_reg::kStatus, 2, 0x0280);
  DefineWriteOneToClear(pci_reg::kStatus, 2, 0xF900);
  // PAM0 holds only the 0xF0000 segment's bits (5:4); PAM1-PAM6 two 16 KiB segments each. All
  // are 0 at reset: the whole area reads and writes the PCI/ISA side.
  Define(kPam0, 1, 0x00, 0x30);
  for (uint8_t r = kPam0 + 1; r <= kPam6; ++r) Define(r, 1, 0x00, 0x33);
  // DRB0-DRB7: DRAM row boundaries in 8 MiB units, programmed by firmware.
  for (uint8_t r = kDrb0; r < kDrb0 + 8; ++r) Define(r, 1, 0x01, 0xFF);
  // SMRAM: C_BASE_SEG reads 010b (0xA0000); the open, close, lock and enable bits are written.
  Define(kSmram, 1, 0x02, 0x78);
}

void I440fxHostBridge::OnConfigWrite(uint8_t offset, int size) {
  if (!memory_ || offset > kPam6 || offset + size <= kPam0) return;
  // F0000-FFFFF is one 64 KiB segment (PAM0 5:4); PAM1 low is C0000, each following nibble the
  // next 16 KiB up to EC000 (PAM6 high). PhysicalMemory only acts on real changes.
  const uint8_t pam0 = static_cast<uint8_t>(Read(kPam0, 1) >> 4);
  memory_->SetShadow(0xF0000, 0x10000, pam0 & kReadEnable, pam0 & kWriteEnable);
  for (uint8_t r = kPam0 + 1; r <= kPam6; ++r) {
    const uint8_t value = static_cast<uint8_t>(Read(r, 1));
    const uint32_t base = 0xC0000 + (r - kPam0 - 1) * 0x8000u;
    memory_->SetShadow(base, 0x4000, value & kReadEnable, value & kWriteEnable);
    memory_->SetShadow(base + 0x4000, 0x4000, (value >> 4) & kReadEnable, (value >> 4) & kWriteEnable);
  }
}

}  // namespace m86
