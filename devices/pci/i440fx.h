// The Intel 440FX host bridge (82441FX PMC; Intel 440FX PCIset datasheet, 3.2) as PCI device
// 0, function 0: the identity and registers firmware and operating systems read and program.
// The PAM registers (59h-5Fh) choose ROM or shadow RAM for 0xC0000-0xFFFFF; shadowing is not
// modelled yet, so a guest that enables it for the firmware area gets a logged message.
#pragma once
#include <functional>
#include <string>

#include "devices/pci/pci_function.h"

namespace m86 {

class I440fxHostBridge final : public PciFunction {
 public:
  I440fxHostBridge();
  std::function<void(const std::string&)> log;  // stderr when empty

 private:
  void OnConfigWrite(uint8_t offset, int size) override;
  bool pam_logged_ = false;
};

}  // namespace m86
