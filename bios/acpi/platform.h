// What the firmware tables say about the PC (devices/pc/pc_board.h), in one place so the ACPI
// tables, the MP table, the $PIR table and POST's programming of the chipset agree.
#pragma once
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace m86::firmware {

// The PIIX4 power management block: POST writes PMBA with this port, as SeaBIOS does on
// QEMU's PC, so the FADT's PM1a event (+0), control (+4) and timer (+8) blocks are there.
constexpr uint16_t kPmBase = 0x600;
constexpr uint8_t kSciIrq = 9;  // the PIIX4's SCI is wired to ISA IRQ 9 (devices/acpi/piix4_pm.h)
constexpr uint32_t kLocalApicBase = 0xFEE00000;
constexpr uint32_t kIoApicBase = 0xFEC00000;
// The I/O APIC gets the first ID after the one processor's local APIC (MP 1.4, 3.6.6: APIC
// IDs are unique on the APIC bus); POST programs it.
constexpr uint8_t kIoApicId = 1;
// ISA IRQs POST routes PIRQA#-PIRQD# to (the choice SeaBIOS makes on QEMU's PC), and the ones
// the ACPI link devices and the $PIR table offer to an operating system.
constexpr std::array<uint8_t, 4> kPirqIrqs = {10, 10, 11, 11};
constexpr std::array<uint8_t, 4> kLinkIrqChoices = {5, 9, 10, 11};
// The PIIX3 ISA bridge (PCI 00:01.0) holds the PIRQ route registers 60h-63h.
constexpr uint8_t kIsaBridgeDevfn = 0x08;
constexpr uint8_t kPirqRouteRegister = 0x60;

// The PIRQ (0 = PIRQA#) that INTx `pin` (0 = INTA#) of PCI device `slot` reaches: the PIIX
// board wiring QEMU's PC has, where each slot's lines rotate by one (slot 1 INTA# is PIRQA#,
// slot 2 INTA# is PIRQB#).
constexpr int SlotPirq(int slot, int pin) { return (slot - 1 + pin) & 3; }

// A PCI function with an interrupt pin that the MP table lists.
struct PciInterrupt {
  uint8_t slot;
  uint8_t pin;  // 0 = INTA#
};

struct Platform {
  uint32_t ram_bytes = 0;       // RAM from 0; the PCI memory window starts above it
  bool apic = false;            // a local APIC and an I/O APIC (P6 models)
  uint8_t cpu_generation = 0;   // cpu/model.h Generation
  uint32_t cpuid_signature = 0; // CPUID.1:EAX
  uint32_t cpuid_features = 0;  // CPUID.1:EDX
  std::string_view cpu_name;
  std::vector<PciInterrupt> pci_interrupts;  // bus 0 functions using INTx, for the MP table
};

}  // namespace m86::firmware
