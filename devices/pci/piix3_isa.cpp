#include "devices/pci/piix3_isa.h"

namespace m86 {
namespace {

constexpr uint8_t kPirqRouteA = 0x60;

}  // namespace

Piix3IsaBridge::Piix3IsaBridge()
    : PciFunction({.vendor = 0x8086, .device = 0x7000, .revision = 0x00,
                   .class_code = 0x060100, .header_type = 0x80}) {
  // 82371SB 2.2: PCICMD 0007h (I/O, memory and bus-master always on), PCISTS 0280h.
  Define(pci_reg::kCommand, 2, 0x0007, pci_command::kSerr);
  Define(pci_reg::kStatus, 2, 0x0280);
  DefineWriteOneToClear(pci_reg::kStatus, 2, 0x7800);
  Define(0x4C, 1, 0x4D, 0x7F);  // IORT: ISA I/O recovery timer
  Define(0x4E, 2, 0x0003, 0x07FF);  // XBCS: X-bus chip selects (BIOS, keyboard, RTC, APIC)
  for (uint8_t r = kPirqRouteA; r < kPirqRouteA + 4; ++r) Define(r, 1, 0x80, 0x8F);  // PIRQRC
  Define(0x69, 1, 0x02, 0xFE);        // TOM: top of memory for ISA/DMA forwarding
  Define(0x6A, 2, 0x0000, 0x00FF);    // MSTAT: miscellaneous status
  Define(0x70, 1, 0x80, 0xCF);        // MBIRQ0: motherboard device IRQ route
  Define(0x76, 1, 0x04, 0x87);        // MBDMA0
  Define(0x77, 1, 0x04, 0x87);        // MBDMA1
  Define(0x80, 1, 0x00, 0x7F);        // APICBASE: I/O APIC address bits
  Define(0x82, 1, 0x00, 0x0F);        // DLC: deterministic latency control
  Define(0xA0, 1, 0x08, 0x1F);        // SMICNTL
  Define(0xA2, 2, 0x0000, 0x00FF);    // SMIEN
  Define(0xA4, 4, 0x00000000, 0x0000FFFF);  // SEE: system event enable
  Define(0xA8, 1, 0x0F, 0xFF);        // FTMR: fast-off timer
  Define(0xAA, 2, 0x0000, 0x01FF);    // SMIREQ
  Define(0xAC, 1, 0x00, 0xFF);        // CTLTMR
  Define(0xAE, 1, 0x00, 0xFF);        // CTHTMR
}

int Piix3IsaBridge::PirqIrq(int pirq) const {
  const uint32_t route = Read(static_cast<uint8_t>(kPirqRouteA + pirq), 1);
  if (route & 0x80) return -1;
  const int irq = static_cast<int>(route & 0x0F);
  // 82371SB 2.2.8: 0-2, 8 and 13 are reserved.
  if (irq <= 2 || irq == 8 || irq == 13) return -1;
  return irq;
}

}  // namespace m86
