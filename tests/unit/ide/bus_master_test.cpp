// Bus-master DMA (SFF-8038i): PRD table walks into guest memory, status bits, interrupts, and
// ATAPI DMA.
#include "ide_rig.h"

using namespace m86;
using namespace m86::test;

namespace {

void Prd(IdeRig& r, uint32_t at, uint32_t address, uint32_t count, bool eot) {
  r.memory.Write(at, 4, address);
  r.memory.Write(at + 4, 4, (count & 0xFFFF) | (eot ? 0x80000000u : 0));
}

std::vector<uint8_t> Memory(IdeRig& r, uint32_t address, uint32_t bytes) {
  std::vector<uint8_t> out(bytes);
  r.memory.ReadBytes(address, out);
  return out;
}

}  // namespace

TEST_CASE("READ DMA through a two-entry PRD table", "[ide][dma]") {
  IdeRig r;
  r.Disk(0, 1u << 20);
  Prd(r, 0x1000, 0x2000, 512, false);
  Prd(r, 0x1008, 0x3000, 1024, true);
  r.Out32(kBm + 4, 0x1000);
  r.Lba28(kPri, 0, 10, 3, 0xC8);
  CHECK(r.In8(kPriCtl) == 0x58);
  CHECK_FALSE(r.irq.level[14]);
  r.Out8(kBm, 0x09);  // start, bus master writes memory
  CHECK(r.In8(kBm + 2) == 0x01);
  CHECK(r.In8(kBm) == 0x09);
  r.scheduler.AdvanceTo(r.scheduler.now() + 19'999);
  CHECK(r.In8(kBm + 2) == 0x01);  // not yet: the transfer takes virtual time
  r.Run();
  CHECK(r.In8(kBm + 2) == 0x04);  // interrupt, no longer active
  CHECK(r.irq.level[14]);
  CHECK(HoldsPattern(Memory(r, 0x2000, 512), 10));
  CHECK(HoldsPattern(Memory(r, 0x3000, 1024), 11));
  r.Out8(kBm, 0x08);
  CHECK(r.In8(kPri + 7) == 0x50);
  r.Out8(kBm + 2, 0x04);
  CHECK(r.In8(kBm + 2) == 0x00);
}

TEST_CASE("WRITE DMA EXT from memory", "[ide][dma]") {
  IdeRig r;
  PatternImage* image = r.Disk(0, 1u << 20);
  std::vector<uint8_t> data(1024);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 3);
  r.memory.WriteBytes(0x4000, data);
  Prd(r, 0x1000, 0x4000, 1024, true);
  r.Out32(kBm + 4, 0x1000);
  r.Out8(kBm, 0x01);  // started before the command: the request comes later
  r.Lba48(kPri, 0, 20, 2, 0x35);
  r.Run();
  CHECK(r.In8(kBm + 2) == 0x04);
  CHECK(r.In8(kPri + 7) == 0x50);
  REQUIRE(image->written.size() == 2);
  CHECK(std::equal(data.begin(), data.begin() + 512, image->written[20].begin()));
  CHECK(std::equal(data.begin() + 512, data.end(), image->written[21].begin()));
}

TEST_CASE("PRD tables larger and smaller than the transfer", "[ide][dma]") {
  IdeRig r;
  r.Disk(0, 1u << 20);
  SECTION("larger: Active stays set with Interrupt") {
    Prd(r, 0x1000, 0x10000, 0, true);  // 0 means 64 KiB
    r.Out32(kBm + 4, 0x1000);
    r.Lba28(kPri, 0, 3, 1, 0xC8);
    r.Out8(kBm, 0x09);
    r.Run();
    CHECK(r.In8(kBm + 2) == 0x05);
    CHECK(HoldsPattern(Memory(r, 0x10000, 512), 3));
    CHECK(r.In8(kPri + 7) == 0x50);
  }
  SECTION("smaller: Active clears without Interrupt, the drive still waits") {
    Prd(r, 0x1000, 0x10000, 512, true);
    r.Out32(kBm + 4, 0x1000);
    r.Lba28(kPri, 0, 3, 2, 0xC8);
    r.Out8(kBm, 0x09);
    r.Run();
    CHECK(r.In8(kBm + 2) == 0x00);
    CHECK_FALSE(r.irq.level[14]);
    CHECK(r.In8(kPri + 7) == 0x58);
    CHECK(HoldsPattern(Memory(r, 0x10000, 512), 3));
  }
}

TEST_CASE("bus-master status bits and gates", "[ide][dma]") {
  IdeRig r;
  r.Disk(0, 1u << 20);
  r.Out8(kBm + 2, 0x66);  // drive DMA capable bits are storage; 1s to clear bits do nothing
  CHECK(r.In8(kBm + 2) == 0x60);
  r.Out8(kBm + 10, 0x20);  // the secondary channel's register is its own
  CHECK(r.In8(kBm + 10) == 0x20);
  CHECK(r.In8(kBm + 2) == 0x60);
  r.Out32(kBm + 4, 0x12345677);
  CHECK(r.In32(kBm + 4) == 0x12345674);
  // Bus mastering off in PCICMD: nothing moves and it is said.
  r.ide.ConfigWrite(0x04, 2, 0x0001);
  Prd(r, 0x1000, 0x2000, 512, true);
  r.Out32(kBm + 4, 0x1000);
  r.Lba28(kPri, 0, 1, 1, 0xC8);
  r.Out8(kBm, 0x09);
  r.Run();
  CHECK(r.In8(kBm + 2) == 0x61);
  CHECK(Memory(r, 0x2000, 4) == std::vector<uint8_t>(4, 0));
  REQUIRE(r.logs.size() == 1);
  CHECK(r.logs[0].find("bus mastering disabled") != std::string::npos);
}

TEST_CASE("ATAPI READ(10) by DMA", "[ide][dma][atapi]") {
  IdeRig r;
  std::string error;
  REQUIRE(r.ide.AttachCdrom(2, std::make_unique<PatternImage>(50 * 2048, true), &error));
  Prd(r, 0x1000, 0x8000, 4096, true);
  r.Out32(kBm + 8 + 4, 0x1000);
  // The power-on unit attention first.
  for (int i = 0; i < 2; ++i) {
    const uint8_t cdb[12] = {0x00};
    r.Out8(kSec + 1, 0);
    r.Out8(kSec + 7, 0xA0);
    for (int w = 0; w < 6; ++w) r.Out16(kSec, static_cast<uint16_t>(cdb[2 * w] | cdb[2 * w + 1] << 8));
    CHECK(r.In8(kSec + 7) == (i == 0 ? 0x51 : 0x50));
  }
  const uint8_t read10[12] = {0x28, 0, 0, 0, 0, 3, 0, 0, 2};
  r.Out8(kSec + 1, 0x01);  // DMA
  r.Out8(kSec + 7, 0xA0);
  for (int w = 0; w < 6; ++w) r.Out16(kSec, static_cast<uint16_t>(read10[2 * w] | read10[2 * w + 1] << 8));
  r.Out8(kBm + 8, 0x09);
  r.Run();
  CHECK(r.In8(kBm + 8 + 2) == 0x04);
  CHECK(r.irq.level[15]);
  CHECK(r.In8(kSec + 7) == 0x50);
  CHECK(r.In8(kSec + 2) == 0x03);
  CHECK(HoldsPattern(Memory(r, 0x8000, 4096), 12));
}
