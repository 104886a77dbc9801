// Channel behaviour: selection of present and absent devices, software reset and signatures,
// EXECUTE DEVICE DIAGNOSTIC, and the PCI function's decode gates.
#include "ide_rig.h"

using namespace m86;
using namespace m86::test;

namespace {
void AttachCd(IdeRig& r, int unit, uint32_t blocks) {
  std::string error;
  REQUIRE(r.ide.AttachCdrom(unit, std::make_unique<PatternImage>(uint64_t{blocks} * 2048, true), &error));
}
}  // namespace

TEST_CASE("SRST: BSY while asserted, signatures after", "[ide][channel]") {
  IdeRig r;
  r.Disk(0, 1u << 20);
  AttachCd(r, 1, 16);
  r.Out8(kPri + 6, 0xA0);
  r.Out8(kPri + 4, 0x33);
  r.Out8(kPri + 5, 0x44);
  r.Out8(kPriCtl, 0x04);
  CHECK(r.In8(kPriCtl) == 0x80);
  r.Out8(kPriCtl, 0x00);
  CHECK(r.In8(kPri + 6) == 0x00);  // device 0 selected
  CHECK(r.In8(kPri + 7) == 0x50);
  CHECK(r.In8(kPri + 1) == 0x01);
  CHECK(r.In8(kPri + 2) == 0x01);
  CHECK(r.In8(kPri + 3) == 0x01);
  CHECK(r.In8(kPri + 4) == 0x00);
  CHECK(r.In8(kPri + 5) == 0x00);
  r.Out8(kPri + 6, 0x10);
  CHECK(r.In8(kPri + 7) == 0x00);
  CHECK(r.In8(kPri + 1) == 0x01);
  CHECK(r.In8(kPri + 2) == 0x01);
  CHECK(r.In8(kPri + 3) == 0x01);
  CHECK(r.In8(kPri + 4) == 0x14);
  CHECK(r.In8(kPri + 5) == 0xEB);
  CHECK(r.irq.rises[14] == 0);  // no interrupt after a software reset
}

TEST_CASE("EXECUTE DEVICE DIAGNOSTIC: device 0 answers and interrupts", "[ide][channel]") {
  IdeRig r;
  r.Disk(0, 1u << 20);
  r.Out8(kPri + 6, 0xB0);  // even with device 1 (absent) selected
  CHECK(r.In8(kPri + 7) == 0x00);
  r.Out8(kPri + 7, 0x90);
  CHECK(r.irq.level[14]);
  CHECK(r.In8(kPri + 6) == 0x00);
  CHECK(r.In8(kPri + 1) == 0x01);
  CHECK(r.In8(kPri + 7) == 0x50);
  CHECK_FALSE(r.irq.level[14]);
}

TEST_CASE("absent devices and empty channels", "[ide][channel]") {
  IdeRig r;
  r.Disk(0, 1u << 20);
  // Device 1 absent: the shared registers read back, Status reads 00h, commands are ignored.
  r.Out8(kPri + 6, 0xB0);
  r.Out8(kPri + 2, 0x55);
  r.Out8(kPri + 3, 0xAA);
  CHECK(r.In8(kPri + 2) == 0x55);
  CHECK(r.In8(kPri + 3) == 0xAA);
  CHECK(r.In8(kPri + 7) == 0x00);
  r.Out8(kPri + 7, 0xEC);
  CHECK(r.In8(kPri + 7) == 0x00);
  CHECK_FALSE(r.irq.level[14]);
  // The secondary channel has nothing on it.
  r.Out8(kSec + 2, 0x55);
  CHECK(r.In8(kSec + 2) == 0x00);
  CHECK(r.In8(kSec + 7) == 0x00);
  CHECK(r.In8(kSecCtl) == 0x00);
}

TEST_CASE("PCI function: identity, decode enables and BAR4 relocation", "[ide][pci]") {
  IdeRig r;
  r.Disk(0, 1u << 20);
  CHECK(r.ide.ConfigRead(0x00, 4) == 0x70108086);
  CHECK(r.ide.ConfigRead(0x08, 4) >> 8 == 0x010180);
  CHECK(r.ide.ConfigRead(0x20, 4) == 0xC001);
  CHECK(r.ide.ConfigRead(0x40, 2) == 0x8000);
  CHECK(r.In8(kPri + 7) == 0x50);
  CHECK(r.In8(kBm + 2) == 0x00);
  // IDETIM bit 15 off: the primary legacy ports float; the bus-master block stays.
  r.ide.ConfigWrite(0x40, 2, 0x0000);
  CHECK(r.In8(kPri + 7) == 0xFF);
  CHECK(r.In8(kPriCtl) == 0xFF);
  r.ide.ConfigWrite(0x40, 2, 0x8000);
  CHECK(r.In8(kPri + 7) == 0x50);
  // BAR sizing and relocation.
  r.ide.ConfigWrite(0x20, 4, 0xFFFFFFFF);
  CHECK(r.ide.ConfigRead(0x20, 4) == 0xFFFFFFF1);  // 16 bytes, as QEMU sizes it
  r.ide.ConfigWrite(0x20, 4, 0xD000);
  r.Out32(0xD004, 0x12345678);
  CHECK(r.In32(0xD004) == 0x12345678);
  CHECK(r.In32(kBm + 4) == 0xFFFFFFFF);
  // I/O space disabled: nothing decodes.
  r.ide.ConfigWrite(0x04, 2, 0x0000);
  CHECK(r.In8(kPri + 7) == 0xFF);
  CHECK(r.In32(0xD004) == 0xFFFFFFFF);
}
