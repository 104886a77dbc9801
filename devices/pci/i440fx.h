// The Intel 440FX host bridge (82441FX PMC; Intel 440FX PCIset datasheet, 3.2) as PCI device
// 0, function 0: the identity and registers firmware and operating systems read and program.
// The PAM registers (59h-5Fh, datasheet 3.2.18) choose, for each segment of 0xC0000-0xFFFFF,
// whether reads and writes reach DRAM (shadow RAM) or the PCI/ISA side (ROM): firmware copies
// itself into DRAM and write-protects it there. They act on the board's PhysicalMemory when
// one is given (PhysicalMemory::SetShadow).
#pragma once
#include "cpu/phys_memory.h"
#include "devices/pci/pci_function.h"

namespace m86 {

class I440fxHostBridge final : public PciFunction {
 public:
  // `memory` null: the registers exist but shadow nothing (unit tests of configuration space).
  explicit I440fxHostBridge(PhysicalMemory* memory = nullptr);

 private:
  void OnConfigWrite(uint8_t offset, int size) override;
  PhysicalMemory* memory_;
};

}  // namespace m86
