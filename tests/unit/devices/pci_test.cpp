// PCI configuration: Configuration Mechanism #1 (PCI 3.0, 3.2.2.3.2), the type 0 header's
// read-only, writable and write-1-to-clear fields, BAR sizing (6.2.5.1), and the 440FX and
// PIIX3 functions as firmware and Linux probe them.
#include <catch2/catch.hpp>

#include "devices/io/io_bus.h"
#include "devices/pci/i440fx.h"
#include "devices/pci/pci_host.h"
#include "devices/pci/piix3_isa.h"

namespace m86 {
namespace {

class TestFunction final : public PciFunction {
 public:
  TestFunction()
      : PciFunction({.vendor = 0x1234, .device = 0x5678, .revision = 3, .class_code = 0x030000,
                     .interrupt_pin = 1}) {
    DefineBar(0, BarKind::kMemory32, 16u << 20, true);
    DefineBar(1, BarKind::kIo, 32);
    Define(0x40, 4, 0xCAFEF00D, 0x0000FFFF);
  }
  int writes = 0;

 private:
  void OnConfigWrite(uint8_t, int) override { ++writes; }
};

struct Rig {
  IoBus bus;
  PciHost host;
  I440fxHostBridge host_bridge;
  Piix3IsaBridge isa;
  TestFunction test;
  Rig() {
    host.Attach(bus);
    host.Plug(0, 0, &host_bridge);
    host.Plug(1, 0, &isa);
    host.Plug(3, 0, &test);
  }
  uint32_t Read(int dev, int fn, uint8_t reg, int size = 4) {
    bus.Out(0xCF8, 4, 0x80000000u | (dev << 11) | (fn << 8) | (reg & 0xFC));
    return bus.In(static_cast<uint16_t>(0xCFC + (reg & 3)), size);
  }
  void Write(int dev, int fn, uint8_t reg, int size, uint32_t value) {
    bus.Out(0xCF8, 4, 0x80000000u | (dev << 11) | (fn << 8) | (reg & 0xFC));
    bus.Out(static_cast<uint16_t>(0xCFC + (reg & 3)), size, value);
  }
};

TEST_CASE("CONFIG_ADDRESS takes dword accesses only and keeps its defined bits", "[pci]") {
  Rig r;
  r.bus.Out(0xCF8, 4, 0xFFFFFFFF);
  CHECK(r.bus.In(0xCF8, 4) == 0x80FFFFFC);
  r.bus.Out(0xCF8, 1, 0x00);  // a byte write is no configuration-address access
  CHECK(r.bus.In(0xCF8, 4) == 0x80FFFFFC);
  CHECK(r.bus.In(0xCF8, 2) == 0xFFFF);
}

TEST_CASE("Configuration reads find the 440FX, the PIIX3 and empty slots", "[pci]") {
  Rig r;
  CHECK(r.Read(0, 0, 0x00) == 0x12378086);
  CHECK(r.Read(0, 0, 0x08) == 0x06000002);  // class 06 00 00, revision 02
  CHECK(r.Read(1, 0, 0x00) == 0x70008086);
  CHECK(r.Read(1, 0, 0x08) >> 8 == 0x060100);
  CHECK(r.Read(1, 0, 0x0E, 1) == 0x80);     // multi-function
  CHECK(r.Read(2, 0, 0x00) == 0xFFFFFFFF);  // nothing in slot 2: master abort
  CHECK(r.Read(1, 5, 0x00) == 0xFFFFFFFF);
  // Bus 1 does not exist; neither does a cycle without the enable bit.
  r.bus.Out(0xCF8, 4, 0x80010000u);
  CHECK(r.bus.In(0xCFC, 4) == 0xFFFFFFFF);
  r.bus.Out(0xCF8, 4, 0x00000000u);
  CHECK(r.bus.In(0xCFC, 4) == 0xFFFFFFFF);
  // Bytes and words at their lanes of the data window.
  CHECK(r.Read(0, 0, 0x02, 2) == 0x1237);
  CHECK(r.Read(0, 0, 0x01, 1) == 0x80);
  CHECK(r.Read(3, 0, 0x3D, 1) == 1);  // INTA#
}

TEST_CASE("Read-only fields keep their values; the command register takes its bits", "[pci]") {
  Rig r;
  r.Write(3, 0, 0x00, 4, 0);
  CHECK(r.Read(3, 0, 0x00) == 0x56781234);
  r.Write(3, 0, 0x04, 2, 0xFFFF);
  CHECK(r.Read(3, 0, 0x04, 2) == 0x0547);
  CHECK(r.test.io_enabled());
  CHECK(r.test.memory_enabled());
  CHECK(r.test.bus_master());
  r.Write(3, 0, 0x40, 4, 0x12345678);
  CHECK(r.Read(3, 0, 0x40) == 0xCAFE5678);  // only the low word is writable
  r.Write(3, 0, 0x3C, 1, 11);
  CHECK(r.Read(3, 0, 0x3C, 1) == 11);
  CHECK(r.test.writes == 4);
}

TEST_CASE("Status error bits clear when written with ones", "[pci]") {
  struct Raising final : PciFunction {
    Raising() : PciFunction({.vendor = 1, .device = 2}) {}
    void Raise(uint16_t bits) { Store(pci_reg::kStatus, 2, Read(pci_reg::kStatus, 2) | bits); }
  } f;
  f.Raise(0xF900);
  CHECK(f.ConfigRead(pci_reg::kStatus, 2) == 0xFB00);
  f.ConfigWrite(pci_reg::kStatus, 2, 0x2100);  // clears only the bits written as 1
  CHECK(f.ConfigRead(pci_reg::kStatus, 2) == 0xDA00);
  f.ConfigWrite(pci_reg::kStatus, 2, 0x0200);  // the DEVSEL timing bits are read-only
  CHECK(f.ConfigRead(pci_reg::kStatus, 2) == 0xDA00);
}

TEST_CASE("BARs answer the sizing protocol and hold aligned addresses", "[pci]") {
  Rig r;
  CHECK(r.Read(3, 0, 0x10) == 0x00000008);  // 32-bit prefetchable memory
  CHECK(r.Read(3, 0, 0x14) == 0x00000001);  // I/O
  r.Write(3, 0, 0x10, 4, 0xFFFFFFFF);
  CHECK(r.Read(3, 0, 0x10) == 0xFF000008);  // 16 MiB
  r.Write(3, 0, 0x14, 4, 0xFFFFFFFF);
  CHECK(r.Read(3, 0, 0x14) == 0xFFFFFFE1);  // 32 ports
  r.Write(3, 0, 0x10, 4, 0xE1234567);
  CHECK(r.Read(3, 0, 0x10) == 0xE1000008);
  CHECK(r.test.BarAddress(0) == 0xE1000000);
  r.Write(3, 0, 0x14, 4, 0xC05F);
  CHECK(r.test.BarAddress(1) == 0xC040);
  // Unimplemented BARs and the expansion ROM BAR read zero whatever is written.
  r.Write(3, 0, 0x18, 4, 0xFFFFFFFF);
  CHECK(r.Read(3, 0, 0x18) == 0);
  r.Write(3, 0, 0x30, 4, 0xFFFFFFFF);
  CHECK(r.Read(3, 0, 0x30) == 0);
}

TEST_CASE("PIIX3 PIRQ routing follows PIRQRC", "[pci]") {
  Rig r;
  for (int p = 0; p < 4; ++p) CHECK(r.isa.PirqIrq(p) == -1);  // 80h: disabled at reset
  r.Write(1, 0, 0x60, 4, 0x0B0A0B0A);
  CHECK(r.Read(1, 0, 0x60) == 0x0B0A0B0A);
  CHECK(r.isa.PirqIrq(0) == 10);
  CHECK(r.isa.PirqIrq(1) == 11);
  r.Write(1, 0, 0x62, 1, 0x08);  // IRQ 8 is reserved
  CHECK(r.isa.PirqIrq(2) == -1);
  r.Write(1, 0, 0x63, 1, 0xFF);  // bits 6:4 are reserved
  CHECK(r.Read(1, 0, 0x63, 1) == 0x8F);
  CHECK(r.isa.PirqIrq(3) == -1);
}

TEST_CASE("440FX: PAM, DRB and SMRAM registers", "[pci]") {
  Rig r;
  r.Write(0, 0, 0x59, 1, 0xFF);
  CHECK(r.Read(0, 0, 0x59, 1) == 0x30);
  r.Write(0, 0, 0x5A, 1, 0xFF);
  CHECK(r.Read(0, 0, 0x5A, 1) == 0x33);
  CHECK(r.Read(0, 0, 0x72, 1) == 0x02);
  r.Write(0, 0, 0x72, 1, 0xFF);
  CHECK(r.Read(0, 0, 0x72, 1) == 0x7A);
  r.Write(0, 0, 0x60, 1, 0x08);
  CHECK(r.Read(0, 0, 0x60, 1) == 0x08);
}

}  // namespace
}  // namespace m86
