// ATA disk commands through the primary channel's ports (ATA/ATAPI-6, sections 8 and 9).
#include "ide_rig.h"

using namespace m86;
using namespace m86::test;

namespace {
constexpr uint64_t k20MiB = 20ull << 20;
constexpr uint64_t k200GiB = 200ull << 30;

std::vector<uint8_t> Identify(IdeRig& r) {
  r.Out8(kPri + 6, 0xA0);
  r.Out8(kPri + 7, 0xEC);
  REQUIRE(r.In8(kPri + 7) == 0x58);
  return r.ReadData(kPri, 512);
}
}  // namespace

TEST_CASE("IDENTIFY DEVICE describes the image", "[ide][ata]") {
  IdeRig r;
  r.Disk(0, k20MiB);
  r.Out8(kPri + 6, 0xA0);
  r.Out8(kPri + 7, 0xEC);
  CHECK(r.irq.level[14]);
  CHECK(r.In8(kPriCtl) == 0x58);  // alternate status leaves the interrupt pending
  CHECK(r.irq.level[14]);
  CHECK(r.In8(kPri + 7) == 0x58);
  CHECK_FALSE(r.irq.level[14]);
  const std::vector<uint8_t> id = r.ReadData(kPri, 512);
  CHECK(r.In8(kPri + 7) == 0x50);
  CHECK(Word(id, 0) == 0x0040);
  CHECK(Word(id, 1) == 40);  // 40960 sectors / (16 * 63)
  CHECK(Word(id, 3) == 16);
  CHECK(Word(id, 6) == 63);
  CHECK(Word(id, 47) == 0x8010);
  CHECK(Word(id, 49) == 0x0F00);
  CHECK(Word(id, 53) == 0x0007);
  CHECK(Word(id, 54) == 40);
  CHECK(Word(id, 55) == 16);
  CHECK(Word(id, 56) == 63);
  CHECK(Word(id, 57) == 0x9D80);  // 40 * 16 * 63 = 40320
  CHECK(Word(id, 58) == 0);
  CHECK(Word(id, 59) == 0x0110);
  CHECK(Word(id, 60) == 0xA000);
  CHECK(Word(id, 61) == 0);
  CHECK(Word(id, 80) == 0x00F0);
  CHECK(Word(id, 83) == 0x7400);
  CHECK(Word(id, 86) == 0x3400);
  CHECK(Word(id, 88) == 0x203F);  // UDMA 0-5, mode 5 selected
  CHECK(Word(id, 100) == 0xA000);
  CHECK(Word(id, 101) == 0);
  // Strings: the first character of each pair in the high byte.
  CHECK(std::string(id.begin() + 54, id.begin() + 62) == "OMPR8H 6");
  CHECK(std::string(id.begin() + 46, id.begin() + 50) == ".1 0");
}

TEST_CASE("IDENTIFY DEVICE caps CHS and LBA28 on a large disk", "[ide][ata]") {
  IdeRig r;
  r.Disk(0, k200GiB);  // 419430400 sectors
  const std::vector<uint8_t> id = Identify(r);
  CHECK(Word(id, 1) == 16383);
  CHECK(Word(id, 54) == 16383);
  CHECK(Word(id, 57) == 0xFC10);  // 16383 * 16 * 63 = 16514064
  CHECK(Word(id, 58) == 0x00FB);
  CHECK(Word(id, 60) == 0xFFFF);
  CHECK(Word(id, 61) == 0x0FFF);
  CHECK(Word(id, 100) == 0x0000);
  CHECK(Word(id, 101) == 0x1900);
  CHECK(Word(id, 102) == 0);
}

TEST_CASE("IDENTIFY DEVICE through the 32-bit data port", "[ide][ata]") {
  IdeRig r;
  r.Disk(0, k20MiB);
  const std::vector<uint8_t> by16 = Identify(r);
  r.Out8(kPri + 7, 0xEC);
  REQUIRE(r.In8(kPri + 7) == 0x58);
  std::vector<uint8_t> by32;
  for (int i = 0; i < 128; ++i) {
    const uint32_t d = r.In32(kPri);
    for (int b = 0; b < 4; ++b) by32.push_back(static_cast<uint8_t>(d >> (8 * b)));
  }
  CHECK(by32 == by16);
  CHECK(r.In8(kPri + 7) == 0x50);
}

TEST_CASE("READ SECTORS in LBA28: one interrupt per sector", "[ide][ata]") {
  IdeRig r;
  r.Disk(0, k20MiB);
  r.Lba28(kPri, 0, 100, 3, 0x20);
  for (int i = 0; i < 3; ++i) {
    REQUIRE(r.irq.level[14]);
    REQUIRE(r.In8(kPri + 7) == 0x58);
    CHECK(HoldsPattern(r.ReadData(kPri, 512), 100 + i));
  }
  CHECK(r.irq.rises[14] == 3);
  CHECK(r.In8(kPri + 7) == 0x50);
  CHECK_FALSE(r.irq.level[14]);
}

TEST_CASE("READ SECTORS in CHS through the default and the set geometry", "[ide][ata]") {
  IdeRig r;
  r.Disk(0, k20MiB);
  // C/H/S 1/2/3 with 16 heads, 63 sectors: (1 * 16 + 2) * 63 + 2 = 1136.
  r.Out8(kPri + 6, 0xA2);
  r.Out8(kPri + 2, 1);
  r.Out8(kPri + 3, 3);
  r.Out8(kPri + 4, 1);
  r.Out8(kPri + 5, 0);
  r.Out8(kPri + 7, 0x20);
  REQUIRE(r.In8(kPri + 7) == 0x58);
  CHECK(HoldsPattern(r.ReadData(kPri, 512), 1136));
  // INITIALIZE DEVICE PARAMETERS: 4 heads, 17 sectors; C/H/S 2/3/4 = (2 * 4 + 3) * 17 + 3.
  r.Out8(kPri + 6, 0xA3);
  r.Out8(kPri + 2, 17);
  r.Out8(kPri + 7, 0x91);
  REQUIRE(r.In8(kPri + 7) == 0x50);
  r.Out8(kPri + 6, 0xA3);
  r.Out8(kPri + 2, 1);
  r.Out8(kPri + 3, 4);
  r.Out8(kPri + 4, 2);
  r.Out8(kPri + 5, 0);
  r.Out8(kPri + 7, 0x20);
  REQUIRE(r.In8(kPri + 7) == 0x58);
  CHECK(HoldsPattern(r.ReadData(kPri, 512), 190));
  const std::vector<uint8_t> id = Identify(r);
  CHECK(Word(id, 54) == 40960 / (4 * 17));
  CHECK(Word(id, 55) == 4);
  CHECK(Word(id, 56) == 17);
  // Sector 0 does not exist.
  r.Out8(kPri + 6, 0xA0);
  r.Out8(kPri + 3, 0);
  r.Out8(kPri + 7, 0x20);
  CHECK(r.In8(kPri + 7) == 0x51);
  CHECK(r.In8(kPri + 1) == 0x10);
}

TEST_CASE("48-bit registers: HOB reads the previous bytes, EXT commands use them", "[ide][ata]") {
  IdeRig r;
  r.Disk(0, k200GiB);
  const uint64_t lba = 0x12345678;  // beyond 28 bits
  r.Out8(kPri + 3, 0x12);
  r.Out8(kPri + 3, 0x78);
  r.Out8(kPriCtl, 0x80);
  CHECK(r.In8(kPri + 3) == 0x12);
  r.Out8(kPriCtl, 0x00);
  CHECK(r.In8(kPri + 3) == 0x78);
  r.Out8(kPriCtl, 0x80);
  r.Out8(kPri + 4, 0x56);  // a register write clears HOB
  CHECK(r.In8(kPri + 3) == 0x78);
  r.Lba48(kPri, 0, lba, 2, 0x24);
  for (int i = 0; i < 2; ++i) {
    REQUIRE(r.In8(kPri + 7) == 0x58);
    CHECK(HoldsPattern(r.ReadData(kPri, 512), lba + i));
  }
  CHECK(r.In8(kPri + 7) == 0x50);
  // Past the end: IDNF, with the address in the task file.
  r.Lba48(kPri, 0, 419430400 - 1, 2, 0x24);
  CHECK(r.In8(kPri + 7) == 0x51);
  CHECK(r.In8(kPri + 1) == 0x10);
}

TEST_CASE("WRITE SECTORS: DRQ first, then an interrupt after each block", "[ide][ata]") {
  IdeRig r;
  PatternImage* image = r.Disk(0, k20MiB);
  r.Lba28(kPri, 0, 50, 2, 0x30);
  CHECK(r.In8(kPriCtl) == 0x58);
  CHECK(r.irq.rises[14] == 0);
  std::vector<uint8_t> block(512);
  for (int i = 0; i < 512; ++i) block[i] = static_cast<uint8_t>(i ^ 0xA5);
  r.WriteData(kPri, block);
  CHECK(r.irq.rises[14] == 1);
  CHECK(r.In8(kPri + 7) == 0x58);
  std::reverse(block.begin(), block.end());
  r.WriteData(kPri, block);
  CHECK(r.irq.rises[14] == 2);
  CHECK(r.In8(kPri + 7) == 0x50);
  REQUIRE(image->written.size() == 2);
  CHECK(image->written[51] == block);
  CHECK(image->written[50][0] == 0xA5);
  // 48-bit write of one sector, read back.
  r.Lba48(kPri, 0, 7, 1, 0x34);
  r.WriteData(kPri, block);
  CHECK(r.In8(kPri + 7) == 0x50);
  r.Lba28(kPri, 0, 7, 1, 0x20);
  REQUIRE(r.In8(kPri + 7) == 0x58);
  CHECK(r.ReadData(kPri, 512) == block);
}

TEST_CASE("READ/WRITE MULTIPLE move SET MULTIPLE MODE blocks", "[ide][ata]") {
  IdeRig r;
  PatternImage* image = r.Disk(0, k20MiB);
  r.Out8(kPri + 6, 0xA0);
  r.Out8(kPri + 2, 3);  // not a power of two
  r.Out8(kPri + 7, 0xC6);
  CHECK(r.In8(kPri + 7) == 0x51);
  CHECK(r.In8(kPri + 1) == 0x04);
  r.Out8(kPri + 2, 4);
  r.Out8(kPri + 7, 0xC6);
  CHECK(r.In8(kPri + 7) == 0x50);
  CHECK(Word(Identify(r), 59) == 0x0104);
  const int rises = r.irq.rises[14];
  r.Lba28(kPri, 0, 200, 10, 0xC4);
  uint64_t next = 200;
  for (uint32_t block : {4u, 4u, 2u}) {
    REQUIRE(r.In8(kPri + 7) == 0x58);
    CHECK(HoldsPattern(r.ReadData(kPri, block * 512u), next));
    next += block;
  }
  CHECK(r.irq.rises[14] - rises == 3);
  CHECK(r.In8(kPri + 7) == 0x50);
  // WRITE MULTIPLE EXT of 5 sectors: blocks of 4 and 1.
  r.Lba48(kPri, 0, 300, 5, 0x39);
  r.WriteData(kPri, std::vector<uint8_t>(4 * 512, 0x11));
  CHECK(r.In8(kPri + 7) == 0x58);
  r.WriteData(kPri, std::vector<uint8_t>(512, 0x22));
  CHECK(r.In8(kPri + 7) == 0x50);
  CHECK(image->written.size() == 5);
  CHECK(image->written[303][0] == 0x11);
  CHECK(image->written[304][511] == 0x22);
  // Multiple mode off: READ MULTIPLE is aborted.
  r.Out8(kPri + 2, 0);
  r.Out8(kPri + 7, 0xC6);
  r.Lba28(kPri, 0, 0, 1, 0xC4);
  CHECK(r.In8(kPri + 7) == 0x51);
  CHECK(r.In8(kPri + 1) == 0x04);
}

TEST_CASE("nIEN keeps INTRQ released until cleared", "[ide][ata]") {
  IdeRig r;
  r.Disk(0, k20MiB);
  r.Out8(kPriCtl, 0x02);
  r.Out8(kPri + 6, 0xA0);
  r.Out8(kPri + 7, 0xEC);
  CHECK_FALSE(r.irq.level[14]);
  CHECK(r.In8(kPriCtl) == 0x58);
  r.Out8(kPriCtl, 0x00);  // the pending interrupt is driven now
  CHECK(r.irq.level[14]);
  r.In8(kPri + 7);
  CHECK_FALSE(r.irq.level[14]);
}

TEST_CASE("a read-only image refuses writes", "[ide][ata]") {
  IdeRig r;
  PatternImage* image = r.Disk(0, 1u << 20, true);
  r.Lba28(kPri, 0, 5, 1, 0x30);
  CHECK(r.In8(kPri + 7) == 0x51);
  CHECK(r.In8(kPri + 1) == 0x04);
  r.Lba28(kPri, 0, 5, 1, 0xCA);  // WRITE DMA too
  CHECK(r.In8(kPri + 7) == 0x51);
  CHECK(image->written.empty());
  REQUIRE(r.logs.size() == 1);
  CHECK(r.logs[0].find("read-only") != std::string::npos);
}

TEST_CASE("housekeeping commands complete; unknown ones abort with a log", "[ide][ata]") {
  IdeRig r;
  r.Disk(0, k20MiB);
  r.Out8(kPri + 6, 0xA0);
  for (uint8_t command : {0x10, 0x70, 0xE7, 0xEA, 0xE0, 0xE1, 0xE3}) {
    r.Out8(kPri + 7, command);
    CHECK(r.In8(kPri + 7) == 0x50);
  }
  r.Out8(kPri + 7, 0xE5);
  CHECK(r.In8(kPri + 2) == 0xFF);
  r.Out8(kPri + 1, 0x03);  // SET FEATURES: transfer mode MWDMA2
  r.Out8(kPri + 2, 0x22);
  r.Out8(kPri + 7, 0xEF);
  CHECK(r.In8(kPri + 7) == 0x50);
  const std::vector<uint8_t> id = Identify(r);
  CHECK(Word(id, 63) == 0x0407);
  CHECK(Word(id, 88) == 0x003F);
  r.Out8(kPri + 1, 0x82);  // write cache off
  r.Out8(kPri + 7, 0xEF);
  CHECK(Word(Identify(r), 85) == 0x0008);
  for (uint8_t command : {0xA1, 0xA0, 0x08}) {
    r.Out8(kPri + 7, command);
    CHECK(r.In8(kPri + 7) == 0x51);
    CHECK(r.In8(kPri + 1) == 0x04);
  }
  CHECK(r.logs.empty());
  r.Out8(kPri + 7, 0xB0);
  CHECK(r.In8(kPri + 7) == 0x51);
  REQUIRE(r.logs.size() == 1);
  CHECK(r.logs[0] == "primary channel: ATA command B0h is not implemented; aborted");
}
