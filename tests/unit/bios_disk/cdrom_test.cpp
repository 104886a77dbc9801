// Booting a CD by El Torito ("El Torito" Bootable CD-ROM Format Specification 1.0) and INT 13h
// for the CD drive E0h (Phoenix EDD 3.0; El Torito section 5), on an ISO image built here.
#include <catch2/catch.hpp>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "bios/disk_common.h"
#include "bios/eltorito.h"
#include "bios_fixture.h"

namespace m86::test {
namespace {

constexpr uint32_t kBlock = 2048;
constexpr uint32_t kBlocks = 64;
constexpr uint32_t kCatalogLba = 20;
constexpr uint32_t kImageLba = 21;

void Put16(std::vector<uint8_t>& d, size_t at, uint16_t v) {
  d[at] = static_cast<uint8_t>(v);
  d[at + 1] = static_cast<uint8_t>(v >> 8);
}
void Put32(std::vector<uint8_t>& d, size_t at, uint32_t v) {
  Put16(d, at, static_cast<uint16_t>(v));
  Put16(d, at + 2, static_cast<uint16_t>(v >> 16));
}

// A minimal bootable ISO: every block starts with its number and is filled with a pattern; the
// primary volume descriptor at 16, the boot record at 17, the terminator at 18, the catalog at
// 20 and a no-emulation image of 4 virtual sectors at 21.
struct Iso {
  std::vector<uint8_t> bytes = std::vector<uint8_t>(kBlocks * kBlock);
  Iso() {
    for (uint32_t b = 0; b < kBlocks; ++b) {
      for (uint32_t i = 0; i < kBlock; ++i) bytes[b * kBlock + i] = static_cast<uint8_t>(b * 3 + i);
      Put32(bytes, b * kBlock, b);
    }
    Descriptor(16, 1);
    Descriptor(17, 0);
    std::memcpy(&bytes[17 * kBlock + 7], "EL TORITO SPECIFICATION", 23);
    std::memset(&bytes[17 * kBlock + 7 + 23], 0, 32 - 23);
    Put32(bytes, 17 * kBlock + 0x47, kCatalogLba);
    Descriptor(18, 255);
    const size_t c = kCatalogLba * kBlock;
    std::memset(&bytes[c], 0, kBlock);
    bytes[c] = 0x01;  // validation entry, platform 80x86
    std::memcpy(&bytes[c + 4], "MORPH86 TEST", 12);
    bytes[c + 0x1E] = 0x55;
    bytes[c + 0x1F] = 0xAA;
    FixChecksum();
    bytes[c + 0x20] = 0x88;         // bootable
    bytes[c + 0x21] = 0x00;         // no emulation
    Put16(bytes, c + 0x22, 0);      // load segment: the default 7C0h
    Put16(bytes, c + 0x26, 4);      // four 512-byte virtual sectors
    Put32(bytes, c + 0x28, kImageLba);
  }
  void Descriptor(uint32_t block, uint8_t type) {
    const size_t at = block * kBlock;
    std::memset(&bytes[at], 0, kBlock);
    bytes[at] = type;
    std::memcpy(&bytes[at + 1], "CD001\x01", 6);
  }
  // The checksum word at 1Ch makes the validation entry's words add up to zero.
  void FixChecksum() {
    const size_t c = kCatalogLba * kBlock;
    Put16(bytes, c + 0x1C, 0);
    uint16_t sum = 0;
    for (int i = 0; i < 32; i += 2) sum = static_cast<uint16_t>(sum + (bytes[c + i] | bytes[c + i + 1] << 8));
    Put16(bytes, c + 0x1C, static_cast<uint16_t>(-sum));
  }
  uint8_t& Catalog(size_t offset) { return bytes[kCatalogLba * kBlock + offset]; }
  std::vector<uint8_t> Blocks(uint32_t lba, uint32_t n) const {
    return {bytes.begin() + lba * kBlock, bytes.begin() + (lba + n) * kBlock};
  }
};

BiosConfig BootFrom(const std::string& order) {
  BiosConfig config;
  config.boot_order = order;
  return config;
}

struct CdFixture : BiosFixture {
  explicit CdFixture(const Iso& iso = Iso(), const std::string& order = "d")
      : BiosFixture(BootFrom(order)), image(std::make_unique<OverlayImage>(iso.bytes, true)) {
    bios.SetCdrom(image.get(), 2);
    bios.Poke16(bda::kMemoryKb, 639);
    bios.log_sink = [this](const std::string& line) { log.push_back(line); };
  }
  bool Logged(const std::string& text) const {
    for (const std::string& line : log) {
      if (line.find(text) != std::string::npos) return true;
    }
    return false;
  }
  void Int13(uint16_t ax, uint8_t dl = 0xE0) {
    call.set_ax(ax);
    call.set_dl(dl);
    Int13Disk(bios, call);
  }
  // A disk address packet at 0000:0600 for AH=42h-47h.
  void Packet(uint8_t function, uint16_t count, uint16_t seg, uint16_t off, uint64_t lba,
              uint8_t size = 0x10, uint64_t flat = 0) {
    Reset();
    AddressPacket(0x600, size, count, seg, off, lba, flat);
    Int13(static_cast<uint16_t>(function << 8));
  }
  uint16_t PacketCount() { return static_cast<uint16_t>(memory.Read(0x602, 2)); }
  std::unique_ptr<OverlayImage> image;
  std::vector<std::string> log;
};

TEST_CASE("El Torito: the boot catalog's default entry", "[bios][cdrom]") {
  Iso iso;
  OverlayImage cd(iso.bytes, true);
  std::string why;
  auto entry = eltorito::FindBootEntry(cd, &why);
  REQUIRE(entry);
  CHECK(entry->media == 0);
  CHECK(entry->load_segment == 0x07C0);
  CHECK(entry->sector_count == 4);
  CHECK(entry->load_rba == kImageLba);

  SECTION("an explicit load segment") {
    Put16(iso.bytes, kCatalogLba * kBlock + 0x22, 0x2000);
    OverlayImage other(iso.bytes, true);
    CHECK(eltorito::FindBootEntry(other, &why)->load_segment == 0x2000);
  }
  SECTION("a wrong checksum") {
    iso.Catalog(0x1C) ^= 1;
    OverlayImage bad(iso.bytes, true);
    CHECK_FALSE(eltorito::FindBootEntry(bad, &why));
    CHECK(why.find("validation entry") != std::string::npos);
  }
  SECTION("no 55 AA key") {
    iso.Catalog(0x1F) = 0;
    iso.FixChecksum();
    OverlayImage bad(iso.bytes, true);
    CHECK_FALSE(eltorito::FindBootEntry(bad, &why));
  }
  SECTION("another platform") {
    iso.Catalog(0x01) = 0xEF;  // EFI
    iso.FixChecksum();
    OverlayImage bad(iso.bytes, true);
    CHECK_FALSE(eltorito::FindBootEntry(bad, &why));
    CHECK(why.find("80x86") != std::string::npos);
  }
  SECTION("a default entry that is not bootable") {
    iso.Catalog(0x20) = 0x00;
    OverlayImage bad(iso.bytes, true);
    CHECK_FALSE(eltorito::FindBootEntry(bad, &why));
  }
  SECTION("no boot record") {
    iso.Descriptor(17, 255);
    OverlayImage bad(iso.bytes, true);
    CHECK_FALSE(eltorito::FindBootEntry(bad, &why));
    CHECK(why.find("sector 17") != std::string::npos);
  }
  SECTION("a catalog past the end") {
    Put32(iso.bytes, 17 * kBlock + 0x47, kBlocks);
    OverlayImage bad(iso.bytes, true);
    CHECK_FALSE(eltorito::FindBootEntry(bad, &why));
  }
}

TEST_CASE("INT 19h boots a no-emulation CD at its load segment with DL = E0h", "[bios][cdrom]") {
  CdFixture f;
  Int19Boot(f.bios, f.call);
  CHECK(f.call.ax() == 4);  // the ROM enters BX:0000
  CHECK(f.call.bx() == 0x07C0);
  CHECK(f.call.dl() == 0xE0);
  CHECK(f.Bytes(0x7C00, kBlock) == Iso().Blocks(kImageLba, 1));
  CHECK(f.memory.Read(0x7C00 + kBlock, 4) == 0);  // four virtual sectors: one block, no more

  SECTION("AX=4B01h reports the boot (El Torito 5.3)") {
    f.Reset();
    f.SetDs(0);
    f.call.set_si(0x500);
    f.Int13(0x4B01);
    CHECK_FALSE(f.Carry());
    CHECK(f.call.ah() == 0);
    const std::vector<uint8_t> packet = f.Bytes(0x500, 0x13);
    CHECK(packet[0] == 0x13);
    CHECK(packet[1] == 0x00);  // no emulation
    CHECK(packet[2] == 0xE0);
    CHECK(packet[3] == 1);     // the secondary channel
    CHECK(f.memory.Read(0x504, 4) == kImageLba);
    CHECK(f.memory.Read(0x508, 2) == 0);  // master
    CHECK(f.memory.Read(0x50C, 2) == 0x07C0);
    CHECK(f.memory.Read(0x50E, 2) == 4);
    f.Reset();
    f.Int13(0x4B00);  // terminate: nothing is emulated, the same answer
    CHECK_FALSE(f.Carry());
    f.Reset();
    f.Int13(0x4B02);
    CHECK(f.Carry());
  }
}

TEST_CASE("INT 19h: a CD that cannot boot passes on to the next device", "[bios][cdrom]") {
  Iso iso;
  SECTION("floppy emulation is not implemented") {
    iso.Catalog(0x21) = 0x02;  // 1.44M floppy emulation
    CdFixture f(iso, "dc");
    Int19Boot(f.bios, f.call);
    CHECK(f.call.ax() == 1);
    CHECK(f.Logged("unimplemented El Torito floppy emulation"));
  }
  SECTION("hard disk emulation is not implemented; the hard disk boots instead") {
    iso.Catalog(0x21) = 0x04;
    CdFixture f(iso, "dc");
    std::vector<uint8_t> disk(512 * 100, 0);
    disk[0] = 0xFA;
    disk[510] = 0x55;
    disk[511] = 0xAA;
    OverlayImage hd(disk);
    f.bios.SetHardDisk(0, &hd);
    Int19Boot(f.bios, f.call);
    CHECK(f.call.ax() == 0);
    CHECK(f.call.dl() == 0x80);
    CHECK(f.Logged("unimplemented El Torito hard disk emulation"));
  }
  SECTION("an image that would overrun conventional memory") {
    Put16(iso.bytes, kCatalogLba * kBlock + 0x22, 0x9FC0);  // ends past 639 KiB
    CdFixture f(iso);
    Int19Boot(f.bios, f.call);
    CHECK(f.call.ax() == 1);
    CHECK(f.Logged("conventional memory"));
  }
  SECTION("not El Torito") {
    iso.Descriptor(17, 255);
    CdFixture f(iso);
    Int19Boot(f.bios, f.call);
    CHECK(f.call.ax() == 1);
    CHECK(f.Logged("no El Torito boot record"));
  }
}

TEST_CASE("INT 13h AH=41h/42h on the CD: EDD reads of 2048-byte blocks", "[bios][cdrom]") {
  CdFixture f;
  const Iso iso;
  f.call.set_bx(0x55AA);
  f.Int13(0x4100);
  CHECK_FALSE(f.Carry());
  CHECK(f.call.bx() == 0xAA55);
  CHECK(f.call.ah() == 0x30);
  CHECK((f.call.cx() & 1) == 1);  // extended disk access

  f.Packet(0x42, 3, 0x2000, 0x0010, 5);
  CHECK_FALSE(f.Carry());
  CHECK(f.PacketCount() == 3);
  CHECK(f.Bytes(0x20010, 3 * kBlock) == iso.Blocks(5, 3));

  // A 64-bit flat buffer (EDD 3.0).
  f.Packet(0x42, 1, 0xFFFF, 0xFFFF, 7, 0x18, 0x300000);
  CHECK_FALSE(f.Carry());
  CHECK(f.Bytes(0x300000, kBlock) == iso.Blocks(7, 1));

  // The last block and one past the end: one done, sector not found.
  f.Packet(0x42, 2, 0x3000, 0, kBlocks - 1);
  CHECK(f.Carry());
  CHECK(f.call.ah() == 0x04);
  CHECK(f.PacketCount() == 1);
  CHECK(f.Bytes(0x30000, kBlock) == iso.Blocks(kBlocks - 1, 1));
  f.Packet(0x42, 1, 0x3000, 0, kBlocks);
  CHECK(f.Carry());
  CHECK(f.PacketCount() == 0);

  // AH=01h returns the last status.
  f.Reset();
  f.Int13(0x0100);
  CHECK(f.call.ah() == 0x04);
  f.Reset();
  f.Int13(0x0000);
  CHECK_FALSE(f.Carry());

  // Writes: write protected, nothing done.
  f.Packet(0x43, 1, 0x2000, 0, 5);
  CHECK(f.Carry());
  CHECK(f.call.ah() == 0x03);
  CHECK(f.PacketCount() == 0);
  f.Packet(0x44, 2, 0x2000, 0, 5);  // verify
  CHECK_FALSE(f.Carry());
  CHECK(f.PacketCount() == 2);
}

TEST_CASE("INT 13h AH=48h on the CD: 2048-byte sectors and the ATAPI device path", "[bios][cdrom]") {
  CdFixture f;
  auto query = [&f](uint16_t room) {
    f.Reset();
    for (uint32_t i = 0; i < 0x4A; ++i) f.memory.Write(0x700 + i, 1, 0xCC);
    f.memory.Write(0x700, 2, room);
    f.SetDs(0);
    f.call.set_si(0x700);
    f.Int13(0x4800);
  };
  query(0x4A);
  CHECK_FALSE(f.Carry());
  CHECK(f.memory.Read(0x700, 2) == 0x42);
  CHECK((f.memory.Read(0x702, 2) & 0x0006) == 0x0004);  // removable, CHS not valid
  CHECK(f.memory.Read(0x710, 4) == kBlocks);
  CHECK(f.memory.Read(0x714, 4) == 0);
  CHECK(f.memory.Read(0x718, 2) == 2048);
  CHECK(f.memory.Read(0x71A, 4) == 0xFFFFFFFFu);
  CHECK(f.memory.Read(0x71E, 2) == 0xBEDD);
  CHECK(f.memory.Read(0x720, 1) == 0x24);
  std::vector<uint8_t> path = f.Bytes(0x71E, 0x24);
  CHECK(std::string(path.begin() + 6, path.begin() + 10) == "PCI ");
  CHECK(std::string(path.begin() + 10, path.begin() + 18) == "ATAPI   ");
  CHECK(path[0x12 + 1] == 1);  // 00:01.1
  CHECK(path[0x12 + 2] == 1);
  CHECK(path[0x12 + 3] == 1);  // secondary channel
  CHECK(path[0x1A] == 0);      // master
  uint8_t sum = 0;
  for (uint8_t b : path) sum = static_cast<uint8_t>(sum + b);
  CHECK(sum == 0);
  CHECK(f.memory.Read(0x742, 1) == 0xCC);  // nothing written past 42h bytes

  query(0x1E);
  CHECK(f.memory.Read(0x700, 2) == 0x1E);
  CHECK(f.memory.Read(0x71E, 1) == 0xCC);
  query(0x1A);
  CHECK(f.memory.Read(0x700, 2) == 0x1A);
  CHECK(f.memory.Read(0x718, 2) == 2048);
  query(0x10);
  CHECK(f.Carry());
}

TEST_CASE("INT 13h on the CD: the functions a CD does not have", "[bios][cdrom]") {
  CdFixture f;
  f.call.set_cx(0x0001);
  f.call.set_dh(0);
  f.SetEs(0x2000);
  f.Int13(0x0201);  // CHS read
  CHECK(f.Carry());
  CHECK(f.call.ah() == 0x01);
  f.Reset();
  f.Int13(0x0301);  // CHS write
  CHECK(f.Carry());
  CHECK(f.call.ah() == 0x03);
  f.Reset();
  f.Int13(0x0800);
  CHECK(f.Carry());
  f.Reset();
  f.Int13(0x1500);
  CHECK_FALSE(f.Carry());
  CHECK(f.call.ah() == 0x02);  // removable with change line
  f.Reset();
  f.Int13(0x4E00);
  CHECK(f.Carry());
  CHECK(f.call.ah() == 0x01);
  CHECK(f.Logged("unimplemented INT 13h AH=4Eh (CD-ROM)"));

  // Without a CD, E0h is no drive at all.
  f.bios.SetCdrom(nullptr, 2);
  f.Reset();
  f.call.set_bx(0x55AA);
  f.Int13(0x4100);
  CHECK(f.Carry());
}

}  // namespace
}  // namespace m86::test
