#include "devices/pci/i440fx.h"

#include <cstdio>

namespace m86 {
namespace {

constexpr uint8_t kPam0 = 0x59, kPam6 = 0x5F, kDrb0 = 0x60, kSmram = 0x72;

}  // namespace

I440fxHostBridge::I440fxHostBridge()
    : PciFunction({.vendor = 0x8086, .device = 0x1237, .revision = 0x02,
                   .class_code = 0x060000}) {
  // Datasheet 3.2: PCICMD 0006h (memory and bus-master always on), PCISTS 0280h.
  Define(pci_reg::kCommand, 2, 0x0006, pci_command::kSerr | pci_command::kParityResponse);
  Define(pci_reg::kStatus, 2, 0x0280);
  DefineWriteOneToClear(pci_reg::kStatus, 2, 0xF900);
  // PAM0 holds only the 0xF0000 segment's bits (5:4); PAM1-PAM6 two 16 KiB segments each.
  Define(kPam0, 1, 0x00, 0x30);
  for (uint8_t r = kPam0 + 1; r <= kPam6; ++r) Define(r, 1, 0x00, 0x33);
  // DRB0-DRB7: DRAM row boundaries in 8 MiB units, programmed by firmware.
  for (uint8_t r = kDrb0; r < kDrb0 + 8; ++r) Define(r, 1, 0x01, 0xFF);
  // SMRAM: C_BASE_SEG reads 010b (0xA0000); the open, close, lock and enable bits are written.
  Define(kSmram, 1, 0x02, 0x78);
}

void I440fxHostBridge::OnConfigWrite(uint8_t offset, int size) {
  if (pam_logged_ || offset > kPam6 || offset + size <= kPam0) return;
  for (uint8_t r = kPam0; r <= kPam6; ++r) {
    if (Read(r, 1) == 0) continue;
    pam_logged_ = true;
    char line[128];
    std::snprintf(line, sizeof line,
                  "i440fx: shadow RAM (PAM%d = %02X) is not implemented; 0xC0000-0xFFFFF keep "
                  "their ROM and RAM",
                  r - kPam0, static_cast<unsigned>(Read(r, 1)));
    if (log) {
      log(line);
    } else {
      std::fprintf(stderr, "%s\n", line);
    }
    return;
  }
}

}  // namespace m86
