// The PCI BIOS, INT 1Ah AH=B1h (PCI BIOS Specification 2.1, chapter 3), against the 440FX and
// PIIX3 functions behind Configuration Mechanism #1 (bios/int1a_pci.cpp).
#include <catch2/catch.hpp>

#include "bios_fixture.h"
#include "devices/pci/i440fx.h"
#include "devices/pci/pci_host.h"
#include "devices/pci/piix3_isa.h"

namespace m86::test {
namespace {

struct PciFixture : BiosFixture {
  PciHost host;
  I440fxHostBridge host_bridge;
  Piix3IsaBridge isa;
  PciFixture() {
    host.Attach(io);
    host.Plug(0, 0, &host_bridge);
    host.Plug(1, 0, &isa);
  }
  void Call(uint8_t al) {
    Reset();
    call.set_ah(0xB1);
    call.set_al(al);
    Int1ATime(bios, call);
  }
  uint8_t Status() { return static_cast<uint8_t>(call.ax() >> 8); }
};

TEST_CASE("PCI BIOS installation check", "[bios][pci]") {
  PciFixture f;
  f.call.set_edx(0);
  f.Call(0x01);
  CHECK_FALSE(f.Carry());
  CHECK(f.Status() == 0);
  CHECK(f.call.edx() == 0x20494350);  // "PCI "
  CHECK((f.call.ax() & 0xFF) == 0x01);  // mechanism #1
  CHECK(f.call.bx() == 0x0210);
  CHECK((f.call.cx() & 0xFF) == 0);  // last bus
}

TEST_CASE("PCI BIOS finds devices by ID and by class", "[bios][pci]") {
  PciFixture f;
  f.call.set_cx(0x7000);
  f.call.set_dx(0x8086);
  f.call.set_si(0);
  f.Call(0x02);
  REQUIRE_FALSE(f.Carry());
  CHECK(f.call.bx() == 0x0008);  // bus 0, device 1, function 0
  f.call.set_cx(0x7000);
  f.call.set_dx(0x8086);
  f.call.set_si(1);  // there is only one
  f.Call(0x02);
  CHECK(f.Carry());
  CHECK(f.Status() == 0x86);
  f.call.set_dx(0xFFFF);
  f.Call(0x02);
  CHECK(f.Status() == 0x83);

  f.call.set_ecx(0x060000);  // host bridge
  f.call.set_si(0);
  f.Call(0x03);
  REQUIRE_FALSE(f.Carry());
  CHECK(f.call.bx() == 0x0000);
  f.call.set_ecx(0x060100);  // ISA bridge
  f.call.set_si(0);
  f.Call(0x03);
  REQUIRE_FALSE(f.Carry());
  CHECK(f.call.bx() == 0x0008);
  f.call.set_ecx(0x030000);  // no VGA function yet
  f.Call(0x03);
  CHECK(f.Status() == 0x86);
}

TEST_CASE("PCI BIOS reads and writes configuration space", "[bios][pci]") {
  PciFixture f;
  f.call.set_bx(0x0000);
  f.call.set_di(0x00);
  f.Call(0x0A);
  REQUIRE_FALSE(f.Carry());
  CHECK(f.call.ecx() == 0x12378086);
  f.call.set_di(0x02);
  f.Call(0x09);
  CHECK((f.call.ecx() & 0xFFFF) == 0x1237);
  f.call.set_di(0x08);
  f.Call(0x08);
  CHECK((f.call.ecx() & 0xFF) == 0x02);

  f.call.set_bx(0x0008);
  f.call.set_di(0x60);
  f.call.set_ecx(0x0B);
  f.Call(0x0B);
  REQUIRE_FALSE(f.Carry());
  CHECK(f.isa.PirqIrq(0) == 11);
  f.call.set_di(0x61);
  f.call.set_ecx(0x0A);
  f.Call(0x0C);  // a word at an odd register
  CHECK(f.Carry());
  CHECK(f.Status() == 0x87);
  f.call.set_di(0x62);
  f.Call(0x0D);  // a dword at a register that is no multiple of 4
  CHECK(f.Status() == 0x87);
}

TEST_CASE("PCI BIOS functions without an implementation fail with FUNC_NOT_SUPPORTED",
          "[bios][pci]") {
  PciFixture f;
  f.Call(0x06);  // special cycles: reported absent by the installation check
  CHECK(f.Carry());
  CHECK(f.Status() == 0x81);
}

}  // namespace
}  // namespace m86::test
