// INT 13h fixed disk functions (IBM PC AT TR, RBIL INT 13h) and the extensions (Phoenix EDD).
#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "bios/disk_common.h"
#include "bios_fixture.h"

namespace m86::test {
namespace {

constexpr uint32_t kCylinders = 20;
constexpr uint64_t kSectors = kCylinders * 16 * 63;  // 20160 sectors, 16 heads, 63 sectors

struct DiskFixture : BiosFixture {
  explicit DiskFixture(bool read_only = false)
      : contents(PatternDisk(kSectors * 512)),
        image(std::make_unique<OverlayImage>(contents, read_only)) {
    bios.SetHardDisk(0, image.get());
    bios.Poke8(bda::kHdCount, 1);
  }
  void Chs(uint8_t function, uint8_t count, uint32_t cyl, uint8_t head, uint8_t sector,
           uint16_t es = 0x2000, uint16_t bx = 0, uint8_t drive = 0x80) {
    Reset();
    call.set_ax(static_cast<uint16_t>(function << 8 | count));
    call.set_ch(static_cast<uint8_t>(cyl));
    call.set_cl(static_cast<uint8_t>(((cyl >> 2) & 0xC0) | sector));
    call.set_dh(head);
    call.set_dl(drive);
    SetEs(es);
    call.set_bx(bx);
    Int13Disk(bios, call);
  }
  // A disk address packet at 0000:0600.
  void Packet(uint8_t function, uint8_t size, uint16_t count, uint16_t seg, uint16_t off,
              uint64_t lba, uint64_t flat = 0, uint8_t al = 0) {
    Reset();
    AddressPacket(0x600, size, count, seg, off, lba, flat);
    call.set_ax(static_cast<uint16_t>(function << 8 | al));
    call.set_dl(0x80);
    Int13Disk(bios, call);
  }
  uint16_t PacketCount() { return static_cast<uint16_t>(memory.Read(0x602, 2)); }
  std::vector<uint8_t> Sectors(uint64_t lba, uint32_t n) {
    return {contents.begin() + static_cast<std::ptrdiff_t>(lba * 512),
            contents.begin() + static_cast<std::ptrdiff_t>((lba + n) * 512)};
  }
  std::vector<uint8_t> ImageSectors(uint64_t lba, uint32_t n) {
    std::vector<uint8_t> out(n * 512);
    REQUIRE(image->ReadSectors(lba, out));
    return out;
  }
  std::vector<uint8_t> contents;
  std::unique_ptr<OverlayImage> image;
};

TEST_CASE("Hard disk logical geometry follows the image size", "[bios][hdd]") {
  auto g = disk::HardDiskGeometry(kSectors * 512);
  CHECK(g.cylinders == 20);
  CHECK(g.heads == 16);
  CHECK(g.sectors == 63);
  g = disk::HardDiskGeometry(1024ull * 16 * 63 * 512);  // 504 MiB: still 16 heads
  CHECK(g.heads == 16);
  CHECK(g.cylinders == 1024);
  g = disk::HardDiskGeometry(2000ull << 20);
  CHECK(g.heads == 255);
  CHECK(g.cylinders == (2000ull << 20) / 512 / (255 * 63));
  g = disk::HardDiskGeometry(20ull << 30);  // 20 GiB: capped at 1024 cylinders
  CHECK(g.cylinders == 1024);
}

TEST_CASE("INT 13h AH=02h reads fixed disk sectors across tracks and cylinders", "[bios][hdd]") {
  DiskFixture f;
  f.Chs(0x02, 3, 1, 2, 5);
  CHECK_FALSE(f.Carry());
  CHECK(f.call.ax() == 0x0003);
  CHECK(f.Bytes(0x20000, 3 * 512) == f.Sectors((1 * 16 + 2) * 63 + 4, 3));
  f.Chs(0x02, 2, 3, 15, 63);  // last sector of cylinder 3, first of cylinder 4
  CHECK_FALSE(f.Carry());
  CHECK(f.Bytes(0x20000, 2 * 512) == f.Sectors(4 * 16 * 63 - 1, 2));
  CHECK(f.bios.Peek8(bda::kHdStatus) == 0x00);
}

TEST_CASE("INT 13h fixed disk errors: bad address, end of disk, segment wrap", "[bios][hdd]") {
  DiskFixture f;
  f.Chs(0x02, 1, 0, 0, 64);
  CHECK(f.call.ax() == 0x0400);
  CHECK(f.Carry());
  f.Chs(0x02, 1, 0, 16, 1);
  CHECK(f.call.ah() == 0x04);
  f.Chs(0x02, 1, 20, 0, 1);
  CHECK(f.call.ah() == 0x04);
  f.Chs(0x02, 4, 19, 15, 62);  // two sectors left on the disk
  CHECK(f.call.ah() == 0x04);
  CHECK(f.call.al() == 2);
  CHECK(f.bios.Peek8(bda::kHdStatus) == 0x04);
  f.Chs(0x02, 2, 0, 0, 1, 0x2000, 0xFE00);  // would wrap the offset
  CHECK(f.call.ah() == 0x09);
  f.Chs(0x02, 0x80, 0, 0, 1, 0x3000, 0x0000);  // exactly 64 KiB
  CHECK_FALSE(f.Carry());
  CHECK(f.call.al() == 0x80);
  CHECK(f.Bytes(0x30000, 0x10000) == f.Sectors(0, 0x80));
  f.Chs(0x01, 0, 0, 0, 0);
  CHECK(f.call.ah() == 0x00);
  f.Chs(0x02, 1, 0, 0, 1, 0x2000, 0, 0x81);  // no second disk
  CHECK(f.call.ah() == 0x01);
  CHECK(f.Carry());
}

TEST_CASE("INT 13h AH=03h writes the fixed disk unless the image is read-only", "[bios][hdd]") {
  DiskFixture f;
  std::vector<uint8_t> data(1024);
  for (uint32_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 3 + 1);
  f.Fill(0x20000, data);
  f.Chs(0x03, 2, 7, 3, 10);
  CHECK_FALSE(f.Carry());
  CHECK(f.call.al() == 2);
  CHECK(f.ImageSectors((7 * 16 + 3) * 63 + 9, 2) == data);

  DiskFixture ro(true);
  ro.Fill(0x20000, data);
  ro.Chs(0x03, 2, 7, 3, 10);
  CHECK(ro.Carry());
  CHECK(ro.call.ah() == 0x03);
  CHECK(ro.ImageSectors((7 * 16 + 3) * 63 + 9, 2) == ro.Sectors((7 * 16 + 3) * 63 + 9, 2));
  ro.Packet(0x43, 0x10, 1, 0x2000, 0, 5);
  CHECK(ro.call.ah() == 0x03);
  CHECK(ro.PacketCount() == 0);
}

TEST_CASE("INT 13h AH=08h/15h describe the fixed disk", "[bios][hdd]") {
  DiskFixture f;
  f.Chs(0x08, 0, 0, 0, 0);
  CHECK_FALSE(f.Carry());
  CHECK(f.call.ah() == 0x00);
  CHECK(f.call.ch() == 19);
  CHECK(f.call.cl() == 63);
  CHECK(f.call.dh() == 15);
  CHECK(f.call.dl() == 1);
  f.Chs(0x08, 0, 0, 0, 0, 0, 0, 0x81);
  CHECK(f.Carry());
  CHECK(f.call.ah() == 0x07);
  CHECK(f.call.dl() == 1);
  f.Chs(0x15, 0, 0, 0, 0);
  CHECK_FALSE(f.Carry());
  CHECK(f.call.ah() == 0x03);
  CHECK((uint32_t{f.call.cx()} << 16 | f.call.dx()) == kSectors);
  f.Chs(0x15, 0, 0, 0, 0, 0, 0, 0x81);
  CHECK_FALSE(f.Carry());
  CHECK(f.call.ah() == 0x00);
  for (uint8_t fn : {0x09, 0x0C, 0x0D, 0x10, 0x11}) {
    f.Chs(fn, 0, 0, 0, 1);
    CHECK(f.call.ah() == 0x00);
    CHECK_FALSE(f.Carry());
  }
}

TEST_CASE("INT 13h AH=41h reports the extensions", "[bios][hdd][edd]") {
  DiskFixture f;
  f.Reset();
  f.call.set_ax(0x4100);
  f.call.set_bx(0x55AA);
  f.call.set_dl(0x80);
  Int13Disk(f.bios, f.call);
  CHECK_FALSE(f.Carry());
  CHECK(f.call.bx() == 0xAA55);
  CHECK(f.call.ah() == 0x21);
  CHECK(f.call.cx() == 0x0001);
  f.Reset();
  f.call.set_ax(0x4100);
  f.call.set_bx(0x1234);
  Int13Disk(f.bios, f.call);
  CHECK(f.Carry());
  CHECK(f.call.ah() == 0x01);
  f.Reset();
  f.call.set_ax(0x4100);
  f.call.set_bx(0x55AA);
  f.call.set_dl(0x81);
  Int13Disk(f.bios, f.call);
  CHECK(f.Carry());
}

TEST_CASE("INT 13h AH=42h/43h/44h/47h move blocks by LBA", "[bios][hdd][edd]") {
  DiskFixture f;
  f.Packet(0x42, 0x10, 3, 0x2000, 0x0010, 100);
  CHECK_FALSE(f.Carry());
  CHECK(f.PacketCount() == 3);
  CHECK(f.Bytes(0x20010, 3 * 512) == f.Sectors(100, 3));

  f.Packet(0x42, 0x10, 3, 0x2000, 0, kSectors - 1);  // one block left
  CHECK(f.Carry());
  CHECK(f.call.ah() == 0x04);
  CHECK(f.PacketCount() == 1);

  f.Packet(0x42, 0x18, 2, 0xFFFF, 0xFFFF, 7, 0x200000);  // EDD 3.0 flat buffer
  CHECK_FALSE(f.Carry());
  CHECK(f.Bytes(0x200000, 2 * 512) == f.Sectors(7, 2));

  f.Packet(0x42, 0x10, 0x90, 0x1000, 0, 0);  // more than 64 KiB: advances linearly
  CHECK_FALSE(f.Carry());
  CHECK(f.Bytes(0x10000, 0x90 * 512) == f.Sectors(0, 0x90));

  std::vector<uint8_t> data(512, 0xC3);
  f.Fill(0x40000, data);
  f.Packet(0x43, 0x10, 1, 0x4000, 0, 12345, 0, 0x02);
  CHECK_FALSE(f.Carry());
  CHECK(f.ImageSectors(12345, 1) == data);

  f.Packet(0x44, 0x10, 5, 0, 0, 10);
  CHECK_FALSE(f.Carry());
  f.Packet(0x47, 0x10, 0, 0, 0, kSectors);
  CHECK(f.call.ah() == 0x04);
  f.Packet(0x42, 0x08, 1, 0x2000, 0, 0);  // packet too small
  CHECK(f.call.ah() == 0x01);
}

TEST_CASE("INT 13h AH=48h fills 1Ah or 1Eh bytes as the buffer allows", "[bios][hdd][edd]") {
  DiskFixture f;
  auto params = [&f](uint16_t size) {
    f.Reset();
    for (uint32_t i = 0; i < 0x42; ++i) f.memory.Write(0x700 + i, 1, 0xEE);
    f.memory.Write(0x700, 2, size);
    f.call.set_ax(0x4800);
    f.call.set_dl(0x80);
    f.SetDs(0x0070);
    f.call.set_si(0);
    Int13Disk(f.bios, f.call);
  };
  params(0x1A);
  CHECK_FALSE(f.Carry());
  CHECK(f.memory.Read(0x700, 2) == 0x1A);
  CHECK(f.memory.Read(0x702, 2) == 0x0003);
  CHECK(f.memory.Read(0x704, 4) == 20);
  CHECK(f.memory.Read(0x708, 4) == 16);
  CHECK(f.memory.Read(0x70C, 4) == 63);
  CHECK(f.memory.Read(0x710, 4) == kSectors);
  CHECK(f.memory.Read(0x714, 4) == 0);
  CHECK(f.memory.Read(0x718, 2) == 512);
  CHECK(f.memory.Read(0x71A, 1) == 0xEE);  // nothing past the 1Ah bytes
  params(0x42);
  CHECK(f.memory.Read(0x700, 2) == 0x1E);
  CHECK(f.memory.Read(0x71A, 4) == 0xFFFFFFFFu);
  CHECK(f.memory.Read(0x71E, 1) == 0xEE);
  params(0x10);
  CHECK(f.Carry());
  CHECK(f.call.ah() == 0x01);
}

TEST_CASE("INT 13h unknown fixed disk functions fail with 01h and are logged once", "[bios][hdd]") {
  DiskFixture f;
  std::vector<std::string> log;
  f.bios.log_sink = [&log](const std::string& line) { log.push_back(line); };
  f.Chs(0x0A, 1, 0, 0, 1);
  CHECK(f.Carry());
  CHECK(f.call.ah() == 0x01);
  CHECK(f.bios.Peek8(bda::kHdStatus) == 0x01);
  f.Chs(0x0A, 1, 0, 0, 1);
  CHECK(log.size() == 1);
}

}  // namespace
}  // namespace m86::test
