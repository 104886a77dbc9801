// The PIIX3 PCI-to-ISA bridge (Intel 82371SB datasheet, 2.2: PCI function 0) as PCI device 1,
// function 0 of a multi-function device: its identity and the registers firmware programs,
// above all the PIRQ route control registers (60h-63h) that connect PCI INTA#-INTD# to ISA
// IRQs. The edge/level control registers of the same chip (ports 0x4D0-0x4D1) live with the
// interrupt controllers (devices/pic/dual_pic.h).
#pragma once
#include "devices/pci/pci_function.h"

namespace m86 {

class Piix3IsaBridge final : public PciFunction {
 public:
  Piix3IsaBridge();
  // The ISA IRQ that PIRQ `pirq` (0-3: PIRQA#-PIRQD#) is routed to, or -1 when its routing is
  // disabled (bit 7) or names a reserved IRQ (0-2, 8, 13).
  int PirqIrq(int pirq) const;
};

}  // namespace m86
