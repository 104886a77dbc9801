// AML encodings against the ACPI specification's grammar (ACPI 6.4, chapter 20).
#include <catch2/catch.hpp>

#include "bios/acpi/aml_builder.h"

namespace m86::aml {
namespace {

TEST_CASE("PkgLength counts its own bytes and grows past 63", "[aml]") {
  CHECK(PkgLength(0) == Bytes{0x01});
  CHECK(PkgLength(62) == Bytes{0x3F});
  // 63 + 2 = 65 = 0x41: lead byte 01h << 6 | low nibble 1, then 0x41 >> 4.
  CHECK(PkgLength(63) == Bytes{0x41, 0x04});
  // 4093 + 2 = 4095 still fits 12 bits; 4094 + 2 = 4096 needs a third byte.
  CHECK(PkgLength(4093) == Bytes{0x4F, 0xFF});
  CHECK(PkgLength(4094) == Bytes{0x81, 0x00, 0x01});
}

TEST_CASE("NameString: single, dual, multi segments, root and parent prefixes", "[aml]") {
  CHECK(NameString("_HID") == Bytes{'_', 'H', 'I', 'D'});
  CHECK(NameString("ISA") == Bytes{'I', 'S', 'A', '_'});
  CHECK(NameString("\\_SB") == Bytes{'\\', '_', 'S', 'B', '_'});
  CHECK(NameString("\\_SB.PCI0") == Bytes{'\\', 0x2E, '_', 'S', 'B', '_', 'P', 'C', 'I', '0'});
  const Bytes multi = NameString("\\_SB.PCI0.ISA.PRQ0");
  REQUIRE(multi.size() == 3 + 16);
  CHECK(multi[0] == '\\');
  CHECK(multi[1] == 0x2F);
  CHECK(multi[2] == 4);
  CHECK(NameString("^LNK") == Bytes{'^', 'L', 'N', 'K', '_'});
}

TEST_CASE("Integers take the smallest encoding", "[aml]") {
  CHECK(Integer(0) == Bytes{0x00});
  CHECK(Integer(1) == Bytes{0x01});
  CHECK(Integer(0x80) == Bytes{0x0A, 0x80});
  CHECK(Integer(0xCF8) == Bytes{0x0B, 0xF8, 0x0C});
  CHECK(Integer(0x10000) == Bytes{0x0C, 0x00, 0x00, 0x01, 0x00});
  CHECK(Integer(0x100000000ull) == Bytes{0x0E, 0, 0, 0, 0, 1, 0, 0, 0});
  CHECK(String("AB") == Bytes{0x0D, 'A', 'B', 0});
}

TEST_CASE("EISA IDs compress to the byte order _HID uses", "[aml]") {
  CHECK(EisaIdValue("PNP0A03") == 0x030AD041u);
  CHECK(EisaIdValue("PNP0C0F") == 0x0F0CD041u);
  CHECK(EisaId("PNP0501") == Bytes{0x0C, 0x41, 0xD0, 0x05, 0x01});
}

TEST_CASE("Buffers, packages, fields and resource templates", "[aml]") {
  CHECK(Buffer({0xAA, 0xBB}) == Bytes{0x11, 0x05, 0x0A, 0x02, 0xAA, 0xBB});
  CHECK(Package({Integer(0), Integer(1)}) == Bytes{0x12, 0x04, 0x02, 0x00, 0x01});
  CHECK(Field("P40C", kFieldByteAcc, {{"PRQ0", 8}}) ==
        Bytes{0x5B, 0x81, 0x0B, 'P', '4', '0', 'C', 0x01, 'P', 'R', 'Q', '0', 0x08});
  // IO (Decode16, 0x60, 0x60, 1, 1) and the end tag.
  const Bytes io = res::Io(0x60, 0x60, 1, 1);
  CHECK(io == Bytes{0x47, 0x01, 0x60, 0x00, 0x60, 0x00, 0x01, 0x01});
  const Bytes rt = ResourceTemplate({io});
  CHECK(rt == Bytes{0x11, 0x0D, 0x0A, 0x0A, 0x47, 0x01, 0x60, 0x00, 0x60, 0x00, 0x01, 0x01, 0x79, 0x00});
  // WordBusNumber: 88h, length 13, bus range, producer with fixed ends.
  const Bytes bus = res::WordBusNumber(0, 0xFF);
  REQUIRE(bus.size() == 16);
  CHECK(bus[0] == 0x88);
  CHECK(bus[1] == 13);
  CHECK(bus[3] == 2);
  CHECK(bus[4] == 0x0C);
  CHECK(bus[14] == 0x00);  // length 0100h
  CHECK(bus[15] == 0x01);
  const Bytes irq = res::InterruptLevelHighShared({5, 10});
  CHECK(irq == Bytes{0x89, 0x0A, 0x00, 0x09, 0x02, 5, 0, 0, 0, 10, 0, 0, 0});
}

TEST_CASE("Methods, devices and scopes wrap their bodies in a PkgLength", "[aml]") {
  const Bytes m = Method("_STA", 0, false, Return(Integer(0x0F)));
  CHECK(m == Bytes{0x14, 0x09, '_', 'S', 'T', 'A', 0x00, 0xA4, 0x0A, 0x0F});
  const Bytes d = Device("RTC", {});
  CHECK(d == Bytes{0x5B, 0x82, 0x05, 'R', 'T', 'C', '_'});
  CHECK(Scope("\\", {}) == Bytes{0x10, 0x03, '\\', 0x00});
  CHECK(Store(Arg(0), Local(1)) == Bytes{0x70, 0x68, 0x61});
  CHECK(And(Local(0), Integer(0x80)) == Bytes{0x7B, 0x60, 0x0A, 0x80, 0x00});
}

}  // namespace
}  // namespace m86::aml
