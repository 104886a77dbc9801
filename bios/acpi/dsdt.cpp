// The DSDT: the PC's devices in AML (ACPI 6.4 chapter 6 for the objects, chapter 20 for the
// encoding; bios/acpi/aml_builder.h). Revision 1, so integers are 32 bits as ACPI 1.0b has
// them. What it holds:
// - \_PR.CPU0, the processor the MADT's entry names by ACPI ID 0;
// - \_SB.PCI0, the 440FX host bridge (PNP0A03) with the ranges it decodes;
// - \_SB.PCI0.ISA, the PIIX3 at 01.0, with its PIRQ route registers as fields and the ISA
//   devices behind it, so Linux's PnP layer finds them;
// - \_SB.LNKA-LNKD, the PCI interrupt links (PNP0C0F) reading and writing those registers,
//   and PCI0._PRT, which names the link for each slot and pin;
// - \_S5, the soft-off sleep type the PIIX4 PM turns into power-off (SLP_TYP 0).
#include <string>

#include "bios/acpi/acpi_tables.h"
#include "bios/acpi/aml_builder.h"

namespace m86::firmware {
namespace {

using namespace aml;

uint16_t IrqMask(std::initializer_list<int> irqs) {
  uint16_t mask = 0;
  for (int irq : irqs) mask = static_cast<uint16_t>(mask | (1u << irq));
  return mask;
}

// A PnP device with a fixed _CRS. `uid` is written when the same _HID appears twice.
Bytes IsaDevice(std::string_view name, std::string_view hid, int uid, Bytes crs) {
  Bytes body = Name("_HID", EisaId(hid));
  if (uid >= 0) Append(body, Name("_UID", Integer(static_cast<uint64_t>(uid))));
  Append(body, Name("_CRS", crs));
  return Device(name, body);
}

Bytes IsaDevices() {
  using namespace res;
  return Cat({
      IsaDevice("RTC", "PNP0B00", -1, ResourceTemplate({Io(0x70, 0x70, 1, 2), IrqNoFlags(IrqMask({8}))})),
      IsaDevice("KBD", "PNP0303", -1,
                ResourceTemplate({Io(0x60, 0x60, 1, 1), Io(0x64, 0x64, 1, 1), IrqNoFlags(IrqMask({1}))})),
      IsaDevice("MOU", "PNP0F13", -1, ResourceTemplate({IrqNoFlags(IrqMask({12}))})),
      // The 82077 floppy controller: digital output and status/data at 3F2h-3F5h, the
      // configuration control register at 3F7h, IRQ 6, DMA channel 2 (8-bit, compatibility).
      IsaDevice("FDC", "PNP0700", -1,
                ResourceTemplate({Io(0x3F2, 0x3F2, 0, 4), Io(0x3F7, 0x3F7, 0, 1), IrqNoFlags(IrqMask({6})),
                                  Dma(1u << 2, 0x00)})),
      IsaDevice("COM1", "PNP0501", 1, ResourceTemplate({Io(0x3F8, 0x3F8, 0, 8), IrqNoFlags(IrqMask({4}))})),
      IsaDevice("COM2", "PNP0501", 2, ResourceTemplate({Io(0x2F8, 0x2F8, 0, 8), IrqNoFlags(IrqMask({3}))})),
      IsaDevice("TMR", "PNP0100", -1, ResourceTemplate({Io(0x40, 0x40, 1, 4), IrqNoFlags(IrqMask({0}))})),
      IsaDevice("PIC", "PNP0000", -1,
                ResourceTemplate({Io(0x20, 0x20, 1, 2), Io(0xA0, 0xA0, 1, 2), Io(0x4D0, 0x4D0, 1, 2),
                                  IrqNoFlags(IrqMask({2}))})),
      IsaDevice("DMAC", "PNP0200", -1,
                ResourceTemplate({Io(0x00, 0x00, 1, 16), Io(0x80, 0x80, 1, 16), Io(0xC0, 0xC0, 1, 32), Dma(1u << 4, 0x00)})),
      IsaDevice("SPKR", "PNP0800", -1, ResourceTemplate({Io(0x61, 0x61, 1, 1)})),
      IsaDevice("FPU", "PNP0C04", -1, ResourceTemplate({Io(0xF0, 0xF0, 1, 16), IrqNoFlags(IrqMask({13}))})),
  });
}

// The PIIX3 function: PIRQ route control registers 60h-63h as fields of its configuration
// space (82371SB 2.2.11: bit 7 disables routing, bits 3:0 the IRQ).
Bytes IsaBridge() {
  return Device("ISA", Cat({
      Name("_ADR", Integer(0x00010000)),
      OperationRegion("P40C", RegionSpace::kPciConfig, Integer(kPirqRouteRegister), Integer(4)),
      Field("P40C", kFieldByteAcc, {{"PRQ0", 8}, {"PRQ1", 8}, {"PRQ2", 8}, {"PRQ3", 8}}),
      IsaDevices(),
  }));
}

// One PCI interrupt link (ACPI 6.4, 6.2.13 and 6.2.16; PNP0C0F): _STA says whether routing is
// on, _CRS gives the routed IRQ, _SRS routes to the IRQ of an Interrupt descriptor, _DIS sets
// the disable bit. Descriptors are extended Interrupt ones, level-triggered and active-high,
// as the SCI and the PIRQs reach the I/O APIC on this board.
Bytes Link(int n) {
  const std::string name = "LNK" + std::string(1, static_cast<char>('A' + n));
  const std::string reg = "\\_SB.PCI0.ISA.PRQ" + std::to_string(n);
  const std::vector<uint32_t> choices(kLinkIrqChoices.begin(), kLinkIrqChoices.end());
  // _CRS: a template with IRQ 0, whose IRQ dword (byte 5 of the descriptor) is filled in when
  // routing is on.
  const Bytes crs = Cat({
      Name("RTMP", ResourceTemplate({res::InterruptLevelHighShared({0})})),
      CreateDWordField(Ref("RTMP"), Integer(5), "IRQV"),
      If(LLess(Ref(reg), Integer(0x80)), Store(And(Ref(reg), Integer(0x0F)), Ref("IRQV"))),
      Return(Ref("RTMP")),
  });
  const Bytes srs = Cat({
      CreateDWordField(Arg(0), Integer(5), "IRQW"),
      Store(Ref("IRQW"), Ref(reg)),
  });
  return Device(name, Cat({
      Name("_HID", EisaId("PNP0C0F")),
      Name("_UID", Integer(static_cast<uint64_t>(n + 1))),
      Name("_PRS", ResourceTemplate({res::InterruptLevelHighShared(choices)})),
      // Present and enabled (0Bh), or present and disabled (09h).
      Method("_STA", 0, false, Cat({If(And(Ref(reg), Integer(0x80)), Return(Integer(0x09))),
                                    Return(Integer(0x0B))})),
      Method("_DIS", 0, false, Or(Ref(reg), Integer(0x80), Ref(reg))),
      Method("_CRS", 0, true, crs),
      Method("_SRS", 1, true, srs),
  }));
}

// _PRT (6.2.13): for each device 1-31 and pin, Package {address (device << 16 | FFFFh: any
// function), pin, link, 0}.
Bytes RoutingTable() {
  std::vector<Bytes> entries;
  for (int slot = 1; slot < 32; ++slot) {
    for (int pin = 0; pin < 4; ++pin) {
      const std::string link = "LNK" + std::string(1, static_cast<char>('A' + SlotPirq(slot, pin)));
      entries.push_back(Package({Integer((uint32_t{static_cast<uint32_t>(slot)} << 16) | 0xFFFF),
                                 Integer(static_cast<uint64_t>(pin)), Ref(link), Integer(0)}));
    }
  }
  return Name("_PRT", Package(entries));
}

// The host bridge's _CRS (6.4.3.5 address space descriptors): bus numbers 0-FFh, the
// configuration ports, I/O below and above them, the VGA window and the PCI memory window
// from the top of RAM to the I/O APIC.
Bytes HostBridgeResources(const Platform& platform) {
  using namespace res;
  return ResourceTemplate({
      WordBusNumber(0x00, 0xFF),
      Io(0xCF8, 0xCF8, 1, 8),
      WordIo(0x0000, 0x0CF7),
      WordIo(0x0D00, 0xFFFF),
      DWordMemory(0x000A0000, 0x000BFFFF, true),
      DWordMemory(platform.ram_bytes, kIoApicBase - 1, false),
  });
}

}  // namespace

Bytes BuildDsdt(const Platform& platform) {
  Bytes t = SdtHeader("DSDT", 1);
  Append(t, Scope("\\_PR", Processor("CPU0", 0, 0, 0, {})));
  const Bytes pci0 = Device("PCI0", Cat({
      Name("_HID", EisaId("PNP0A03")),
      Name("_ADR", Integer(0)),
      Name("_UID", Integer(0)),
      Name("_CRS", HostBridgeResources(platform)),
      RoutingTable(),
      IsaBridge(),
  }));
  Bytes sb = pci0;
  for (int n = 0; n < 4; ++n) Append(sb, Link(n));
  Append(t, Scope("\\_SB", sb));
  // \_S5: SLP_TYPa, SLP_TYPb and two reserved values (7.4.2); the PIIX4 powers off on 0.
  Append(t, Name("\\_S5", Package({Integer(0), Integer(0), Integer(0), Integer(0)})));
  FinishSdt(t);
  return t;
}

}  // namespace m86::firmware
