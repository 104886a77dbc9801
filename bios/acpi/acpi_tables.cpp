#include "bios/acpi/acpi_tables.h"

namespace m86::firmware {
namespace {

// FADT flags (ACPI 6.4, table 5.10; the same bits in 1.0b): WBINVD works, C1 is supported,
// and the power and sleep buttons are absent as fixed-feature buttons.
constexpr uint32_t kFadtWbinvd = 1u << 0, kFadtProcC1 = 1u << 2, kFadtPwrButton = 1u << 4,
                   kFadtSlpButton = 1u << 5;
// MPS INTI flags (ACPI 6.4, table 5.50): active-high (01b) level-triggered (11b << 2).
constexpr uint16_t kLevelActiveHigh = 0x000D;

void PutInterruptOverride(Bytes& t, uint8_t irq, uint32_t gsi, uint16_t flags) {
  // Interrupt Source Override (5.2.12.5): type 2, length 10, bus 0 (ISA).
  Put8(t, 2);
  Put8(t, 10);
  Put8(t, 0);
  Put8(t, irq);
  Put32(t, gsi);
  Put16(t, flags);
}

}  // namespace

Bytes SdtHeader(std::string_view signature, uint8_t revision) {
  Bytes t;
  PutText(t, signature, 4);
  Put32(t, 0);  // length
  Put8(t, revision);
  Put8(t, 0);  // checksum
  PutText(t, kOemId, 6);
  PutText(t, kOemTableId, 8);
  Put32(t, 1);  // OEM revision
  PutText(t, "M86 ", 4);  // creator ID
  Put32(t, 1);  // creator revision
  return t;
}

void FinishSdt(Bytes& table) {
  Set32(table, 4, static_cast<uint32_t>(table.size()));
  FixChecksum(table, 9, 0, table.size());
}

// FACS (5.2.10): 64 bytes, 64-byte aligned by the caller; no hardware signature, no waking
// vector (S3 is not offered), version 0 as ACPI 1.0b has it.
Bytes BuildFacs() {
  Bytes t;
  PutText(t, "FACS", 4);
  Put32(t, 64);
  Put32(t, 0);  // hardware signature
  Put32(t, 0);  // firmware waking vector
  Put32(t, 0);  // global lock
  Put32(t, 0);  // flags: no S4BIOS
  t.resize(64, 0);
  return t;
}

// FADT revision 1 (ACPI 1.0b, 5.2.5; the first 116 bytes of later revisions). SMI_CMD is 0:
// the machine has no SMM and is always in ACPI mode, so POST sets SCI_EN itself (ACPI 6.4,
// 4.8.2.5 and 5.2.9 "SMI_CMD": zero means ACPI mode cannot be left or entered).
Bytes BuildFadt(const Platform& platform, uint32_t facs_address, uint32_t dsdt_address) {
  Bytes t = SdtHeader("FACP", 1);
  Put32(t, facs_address);
  Put32(t, dsdt_address);
  Put8(t, platform.apic ? 1 : 0);  // INT_MODEL (1.0b): 1 = multiple APIC
  Put8(t, 0);                      // reserved (Preferred_PM_Profile in 2.0)
  Put16(t, kSciIrq);
  Put32(t, 0);  // SMI_CMD
  Put8(t, 0);   // ACPI_ENABLE
  Put8(t, 0);   // ACPI_DISABLE
  Put8(t, 0);   // S4BIOS_REQ
  Put8(t, 0);   // reserved (PSTATE_CNT)
  Put32(t, kPmBase + 0x00);  // PM1a_EVT_BLK: PM1 status and enable
  Put32(t, 0);               // PM1b_EVT_BLK
  Put32(t, kPmBase + 0x04);  // PM1a_CNT_BLK
  Put32(t, 0);               // PM1b_CNT_BLK
  Put32(t, 0);               // PM2_CNT_BLK
  Put32(t, kPmBase + 0x08);  // PM_TMR_BLK
  Put32(t, 0);               // GPE0_BLK: no general-purpose events
  Put32(t, 0);               // GPE1_BLK
  Put8(t, 4);                // PM1_EVT_LEN
  Put8(t, 2);                // PM1_CNT_LEN
  Put8(t, 0);                // PM2_CNT_LEN
  Put8(t, 4);                // PM_TMR_LEN
  Put8(t, 0);                // GPE0_BLK_LEN
  Put8(t, 0);                // GPE1_BLK_LEN
  Put8(t, 0);                // GPE1_BASE
  Put8(t, 0);                // reserved (CST_CNT)
  Put16(t, 101);             // P_LVL2_LAT > 100: no C2
  Put16(t, 1001);            // P_LVL3_LAT > 1000: no C3
  Put16(t, 0);               // FLUSH_SIZE
  Put16(t, 0);               // FLUSH_STRIDE
  Put8(t, 0);                // DUTY_OFFSET
  Put8(t, 0);                // DUTY_WIDTH
  Put8(t, 0);                // DAY_ALRM: no day alarm
  Put8(t, 0);                // MON_ALRM
  Put8(t, 0x32);             // CENTURY: the CMOS century byte (IBM PS/2 layout)
  Put16(t, 0);               // reserved in 1.0b (IAPC_BOOT_ARCH in 2.0)
  Put8(t, 0);                // reserved
  Put32(t, kFadtWbinvd | kFadtProcC1 | kFadtPwrButton | kFadtSlpButton);
  FinishSdt(t);
  return t;
}

// MADT (5.2.12): the local APIC page, PCAT_COMPAT (the 8259s are present and must be masked
// when the APICs are used), the processor's local APIC, the I/O APIC at GSI 0, and the ISA
// interrupts that do not map one to one: IRQ 0 on pin 2, and the SCI and the PCI link IRQs,
// which are level-triggered and active-high on this board, as on QEMU's PC.
Bytes BuildMadt(const Platform&) {
  Bytes t = SdtHeader("APIC", 1);
  Put32(t, kLocalApicBase);
  Put32(t, 1);  // PCAT_COMPAT
  // Processor Local APIC (5.2.12.2): ACPI processor ID 0 (\_PR.CPU0), APIC ID 0, enabled.
  Put8(t, 0);
  Put8(t, 8);
  Put8(t, 0);
  Put8(t, 0);
  Put32(t, 1);
  // I/O APIC (5.2.12.3).
  Put8(t, 1);
  Put8(t, 12);
  Put8(t, kIoApicId);
  Put8(t, 0);
  Put32(t, kIoApicBase);
  Put32(t, 0);  // GSI base
  PutInterruptOverride(t, 0, 2, 0);  // conforming: ISA edge, active-high
  for (uint8_t irq : kLinkIrqChoices) PutInterruptOverride(t, irq, irq, kLevelActiveHigh);
  // Local APIC NMI (5.2.12.7): LINT1 of every processor, conforming flags.
  Put8(t, 4);
  Put8(t, 6);
  Put8(t, 0xFF);
  Put16(t, 0);
  Put8(t, 1);
  FinishSdt(t);
  return t;
}

Bytes BuildRsdt(const std::vector<uint32_t>& table_addresses) {
  Bytes t = SdtHeader("RSDT", 1);
  for (uint32_t a : table_addresses) Put32(t, a);
  FinishSdt(t);
  return t;
}

// RSDP revision 0 (ACPI 1.0b, 5.2.4): 20 bytes, the checksum covers them all.
Bytes BuildRsdp(uint32_t rsdt_address) {
  Bytes t;
  PutText(t, "RSD PTR ", 8);
  Put8(t, 0);
  PutText(t, kOemId, 6);
  Put8(t, 0);
  Put32(t, rsdt_address);
  FixChecksum(t, 8, 0, 20);
  return t;
}

}  // namespace m86::firmware
