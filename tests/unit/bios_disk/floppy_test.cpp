// INT 13h diskette functions against the IBM PC AT Technical Reference and RBIL's INT 13h.
#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "bios_fixture.h"

namespace m86::test {
namespace {

constexpr uint32_t k144 = 1474560, k360 = 368640;

struct FloppyFixture : BiosFixture {
  explicit FloppyFixture(uint64_t size = k144, bool read_only = false)
      : contents(PatternDisk(size)),
        image(std::make_unique<OverlayImage>(contents, read_only)) {
    bios.SetFloppy(0, image.get());
  }
  // AH=function, AL=count, CHS, ES:BX.
  void Call(uint8_t function, uint8_t count, uint32_t cyl, uint8_t head, uint8_t sector,
            uint16_t es = 0, uint16_t bx = 0x8000, uint8_t drive = 0) {
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

TEST_CASE("INT 13h AH=02h reads diskette sectors by CHS", "[bios][floppy]") {
  FloppyFixture f;
  f.Call(0x02, 2, 1, 1, 3);
  CHECK_FALSE(f.Carry());
  CHECK(f.call.ah() == 0x00);
  CHECK(f.call.al() == 2);
  CHECK(f.Bytes(0x8000, 1024) == f.Sectors((1 * 2 + 1) * 18 + 2, 2));
  // The data area as the AT BIOS leaves it: status 0, motor A on and selected with the
  // table's turn-off count, drive recalibrated, 1.44M medium established at 500 kbit/s.
  CHECK(f.bios.Peek8(bda::kFloppyStatus) == 0x00);
  CHECK(f.bios.Peek8(bda::kFloppyMotor) == 0x01);
  CHECK(f.bios.Peek8(bda::kFloppyMotorTicks) == 0x25);
  CHECK((f.bios.Peek8(bda::kFloppyRecal) & 0x81) == 0x01);
  CHECK(f.bios.Peek8(bda::kFloppyMediaState) == 0x17);
}

TEST_CASE("INT 13h diskette reads run onto head 1 and stop at the end of the cylinder", "[bios][floppy]") {
  FloppyFixture f;
  f.Call(0x02, 4, 5, 0, 17);  // sectors 17-18 of head 0, 1-2 of head 1
  CHECK_FALSE(f.Carry());
  CHECK(f.call.al() == 4);
  CHECK(f.Bytes(0x8000, 4 * 512) == f.Sectors(5 * 36 + 16, 4));

  f.Call(0x02, 2, 5, 1, 18);  // one sector left in the cylinder
  CHECK(f.Carry());
  CHECK(f.call.ah() == 0x04);
  CHECK(f.call.al() == 1);
  CHECK(f.bios.Peek8(bda::kFloppyStatus) == 0x04);
  CHECK(f.bios.Peek8(bda::kFloppyResult + 1) == 0x80);  // ST1: end of cylinder
}

TEST_CASE("INT 13h diskette addresses outside the medium are 'sector not found'", "[bios][floppy]") {
  FloppyFixture f;
  for (auto [cyl, head, sector] : {std::tuple{0u, 0, 19}, std::tuple{0u, 0, 0}, std::tuple{80u, 0, 1},
                                    std::tuple{0u, 2, 1}}) {
    f.Call(0x02, 1, cyl, static_cast<uint8_t>(head), static_cast<uint8_t>(sector));
    CHECK(f.Carry());
    CHECK(f.call.ah() == 0x04);
    CHECK(f.call.al() == 0);
  }
}

TEST_CASE("INT 13h diskette transfers may not cross a 64 KiB physical boundary", "[bios][floppy]") {
  FloppyFixture f;
  f.Fill(0x1FE00, std::vector<uint8_t>(1024, 0xAA));
  f.Call(0x02, 2, 0, 0, 1, 0x1000, 0xFE00);  // 1FE00h + 400h crosses 20000h
  CHECK(f.Carry());
  CHECK(f.call.ah() == 0x09);
  CHECK(f.call.al() == 0);
  CHECK(f.Bytes(0x1FE00, 1024) == std::vector<uint8_t>(1024, 0xAA));
  f.Call(0x02, 2, 0, 0, 1, 0x1FE0, 0x0000);  // the same physical address, other segment
  CHECK(f.call.ah() == 0x09);
  f.Call(0x02, 2, 0, 0, 1, 0x1000, 0xFC00);  // ends exactly at the boundary
  CHECK_FALSE(f.Carry());
  CHECK(f.Bytes(0x1FC00, 1024) == f.Sectors(0, 2));
}

TEST_CASE("INT 13h AH=03h writes diskette sectors; a read-only image is write protected", "[bios][floppy]") {
  FloppyFixture f;
  std::vector<uint8_t> data(512);
  for (uint32_t i = 0; i < 512; ++i) data[i] = static_cast<uint8_t>(i ^ 0x5A);
  f.Fill(0x9000, data);
  f.Call(0x03, 1, 10, 1, 7, 0x0900, 0x0000);
  CHECK_FALSE(f.Carry());
  CHECK(f.call.al() == 1);
  CHECK(f.ImageSectors((10 * 2 + 1) * 18 + 6, 1) == data);
  CHECK(f.bios.Peek8(bda::kFloppyMotor) == 0x81);  // write operation flag

  FloppyFixture ro(k144, true);
  ro.Fill(0x9000, data);
  ro.Call(0x03, 1, 10, 1, 7, 0x0900, 0x0000);
  CHECK(ro.Carry());
  CHECK(ro.call.ah() == 0x03);
  CHECK(ro.call.al() == 0);
  CHECK(ro.ImageSectors((10 * 2 + 1) * 18 + 6, 1) == ro.Sectors((10 * 2 + 1) * 18 + 6, 1));
}

TEST_CASE("INT 13h AH=04h verifies without touching memory", "[bios][floppy]") {
  FloppyFixture f;
  f.Fill(0x8000, std::vector<uint8_t>(512, 0x11));
  f.Call(0x04, 3, 2, 0, 1);
  CHECK_FALSE(f.Carry());
  CHECK(f.call.al() == 3);
  CHECK(f.Bytes(0x8000, 512) == std::vector<uint8_t>(512, 0x11));
}

TEST_CASE("INT 13h AH=05h formats a track with the fill byte", "[bios][floppy]") {
  FloppyFixture f;
  f.Call(0x05, 18, 2, 1, 1);
  CHECK_FALSE(f.Carry());
  CHECK(f.ImageSectors((2 * 2 + 1) * 18, 18) == std::vector<uint8_t>(18 * 512, 0xF6));
  CHECK(f.ImageSectors((2 * 2 + 0) * 18, 1) == f.Sectors(4 * 18, 1));
  f.Call(0x05, 9, 2, 1, 1);  // a 9-sector track does not fit a 1.44M image
  CHECK(f.call.ah() == 0x0C);
}

TEST_CASE("INT 13h AH=08h reports diskette geometry, type and the parameter table", "[bios][floppy]") {
  FloppyFixture f;
  OverlayImage small(PatternDisk(k360));
  f.Call(0x08, 0, 0, 0, 0);
  CHECK_FALSE(f.Carry());
  CHECK(f.call.ax() == 0x0000);
  CHECK(f.call.bl() == 4);
  CHECK(f.call.ch() == 79);
  CHECK(f.call.cl() == 18);
  CHECK(f.call.dh() == 1);
  CHECK(f.call.dl() == 1);
  CHECK(f.call.es() == 0xF000);
  CHECK(f.call.di() == 0xEFC7);
  CHECK(f.bios.Peek8(0xFEFC7 + 4) == 18);  // the table's sectors per track

  f.bios.SetFloppy(1, &small);
  f.Call(0x08, 0, 0, 0, 0, 0, 0, 1);
  CHECK(f.call.bl() == 1);
  CHECK(f.call.ch() == 39);
  CHECK(f.call.cl() == 9);
  CHECK(f.call.dl() == 2);

  f.bios.SetFloppy(1, nullptr);
  f.Call(0x08, 0, 0, 0, 0, 0, 0, 1);  // no drive B: success, zeros, one drive
  CHECK_FALSE(f.Carry());
  CHECK(f.call.bx() == 0);
  CHECK(f.call.cx() == 0);
  CHECK(f.call.dx() == 0x0001);
}

TEST_CASE("INT 13h AH=15h/16h report the drive type and change line", "[bios][floppy]") {
  FloppyFixture f;
  OverlayImage small(PatternDisk(k360));
  f.bios.SetFloppy(1, &small);
  f.Call(0x15, 0, 0, 0, 0, 0, 0, 0);
  CHECK(f.call.ah() == 0x02);
  CHECK_FALSE(f.Carry());
  f.Call(0x15, 0, 0, 0, 0, 0, 0, 1);
  CHECK(f.call.ah() == 0x01);
  f.Call(0x16, 0, 0, 0, 0, 0, 0, 0);
  CHECK(f.call.ah() == 0x00);
  CHECK_FALSE(f.Carry());
  f.Call(0x16, 0, 0, 0, 0, 0, 0, 1);  // a 360K drive has no change line
  CHECK(f.call.ah() == 0x06);
  CHECK(f.Carry());
  f.bios.SetFloppy(1, nullptr);
  f.Call(0x15, 0, 0, 0, 0, 0, 0, 1);
  CHECK(f.call.ah() == 0x00);
  CHECK_FALSE(f.Carry());
}

TEST_CASE("INT 13h diskette errors: no medium, bad unit, status, unknown function", "[bios][floppy]") {
  FloppyFixture f;
  std::vector<std::string> log;
  f.bios.log_sink = [&log](const std::string& line) { log.push_back(line); };
  f.Call(0x02, 1, 0, 0, 1, 0, 0x8000, 1);  // drive B is empty
  CHECK(f.Carry());
  CHECK(f.call.ah() == 0x80);
  f.Call(0x02, 1, 0, 0, 1, 0, 0x8000, 2);
  CHECK(f.call.ah() == 0x01);
  f.Call(0x02, 1, 0, 0, 30);
  CHECK(f.call.ah() == 0x04);
  f.Call(0x01, 0, 0, 0, 0);  // last status, left in place
  CHECK(f.Carry());
  CHECK(f.call.ah() == 0x04);
  CHECK(f.bios.Peek8(bda::kFloppyStatus) == 0x04);
  f.Call(0x00, 0, 0, 0, 0);
  CHECK_FALSE(f.Carry());
  CHECK((f.bios.Peek8(bda::kFloppyRecal) & 0x0F) == 0);
  f.Call(0x20, 0, 0, 0, 0);
  f.Call(0x20, 0, 0, 0, 0);
  CHECK(f.call.ah() == 0x01);
  CHECK(f.Carry());
  REQUIRE(log.size() == 1);
  CHECK(log[0].find("AH=20h") != std::string::npos);
  f.Call(0x41, 0, 0, 0, 0);  // no extensions for diskettes, and nothing to log
  CHECK(f.call.ah() == 0x01);
  CHECK(log.size() == 1);
}

TEST_CASE("INT 13h AH=17h/18h accept only the medium in the drive", "[bios][floppy]") {
  FloppyFixture f;
  f.Reset();
  f.call.set_ax(0x1800);
  f.call.set_cx(0x4F12);  // 80 cylinders, 18 sectors
  f.call.set_dl(0);
  Int13Disk(f.bios, f.call);
  CHECK_FALSE(f.Carry());
  CHECK(f.call.es() == 0xF000);
  CHECK(f.call.di() == 0xEFC7);
  f.Reset();
  f.call.set_ax(0x1800);
  f.call.set_cx(0x4F09);
  Int13Disk(f.bios, f.call);
  CHECK(f.call.ah() == 0x0C);
  f.Reset();
  f.call.set_ax(0x1704);  // 720K in a 720K drive: not this one
  Int13Disk(f.bios, f.call);
  CHECK(f.call.ah() == 0x0C);
}

TEST_CASE("IRQ 6 sets the diskette interrupt flag", "[bios][floppy]") {
  FloppyFixture f;
  f.bios.Poke8(bda::kFloppyRecal, 0x01);
  Int0ERFloppyIrq(f.bios, f.call);
  CHECK(f.bios.Peek8(bda::kFloppyRecal) == 0x81);
}

}  // namespace
}  // namespace m86::test
