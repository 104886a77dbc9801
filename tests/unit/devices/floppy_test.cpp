// The 82077AA floppy controller against the Intel 82077AA datasheet (section 8, "Command
// Set"), with synthetic images built here.
#include <catch2/catch.hpp>
#include <cstdio>
#include <vector>

#include "cpu/phys_memory.h"
#include "devices/dma/dma8237.h"
#include "devices/floppy/fdc82077.h"
#include "devices/io/io_bus.h"

using namespace m86;

namespace {

struct IrqRecorder : IrqSink {
  bool level[16] = {};
  int rises = 0;
  void SetIrq(int irq, bool l) override {
    if (l && !level[irq]) ++rises;
    level[irq] = l;
  }
};

// Every sector starts with its LBA, then a pattern depending on it.
std::vector<uint8_t> SyntheticImage(uint64_t bytes) {
  std::vector<uint8_t> v(bytes);
  for (uint64_t i = 0; i < bytes; ++i) {
    const uint64_t lba = i / kSectorSize, off = i % kSectorSize;
    v[i] = off == 0 ? lba & 0xFF : off == 1 ? (lba >> 8) & 0xFF : (lba * 7 + off) & 0xFF;
  }
  return v;
}

constexpr uint64_t k144 = 1474560;

struct FdcRig {
  PhysicalMemory memory{1u << 20};
  IoBus bus;
  Scheduler scheduler;
  IrqRecorder irq;
  DmaController dma{memory};
  Fdc82077 fdc{scheduler, irq, dma};
  std::vector<std::string> logs;
  std::vector<uint8_t> image = SyntheticImage(k144);

  FdcRig() {
    dma.Attach(bus);
    fdc.Attach(bus);
    fdc.log = [this](const std::string& s) { logs.push_back(s); };
    dma.log = fdc.log;
  }
  void Insert(std::vector<uint8_t> contents, bool read_only = false, int drive = 0) {
    std::string error;
    REQUIRE(fdc.InsertDisk(drive, std::make_unique<OverlayImage>(std::move(contents), read_only),
                           &error));
  }
  void Run() { scheduler.AdvanceTo(scheduler.now() + 50'000'000); }
  // DOR reset pulse, then the four SENSE INTERRUPT STATUS the polling reset asks for.
  void ResetController(uint8_t rate = 0) {
    bus.Out(0x3F2, 1, 0x00);
    bus.Out(0x3F2, 1, 0x1C);  // drive 0, motor 0 on, DMA/IRQ gate, out of reset
    bus.Out(0x3F7, 1, rate);
    Run();
    for (int i = 0; i < 4; ++i) Command({0x08});
  }
  std::vector<uint8_t> Command(std::initializer_list<uint8_t> bytes) {
    for (uint8_t b : bytes) {
      REQUIRE((bus.In(0x3F4, 1) & 0xC0) == 0x80);  // RQM, DIO = to controller
      bus.Out(0x3F5, 1, b);
    }
    Run();
    std::vector<uint8_t> result;
    while ((bus.In(0x3F4, 1) & 0xC0) == 0xC0) result.push_back(bus.In(0x3F5, 1));
    return result;
  }
  void ProgramDma(uint8_t mode, uint32_t addr, uint32_t bytes) {
    bus.Out(0x0A, 1, 0x06);
    bus.Out(0x0C, 1, 0);
    bus.Out(0x0B, 1, mode | 2);
    bus.Out(0x04, 1, addr & 0xFF);
    bus.Out(0x04, 1, (addr >> 8) & 0xFF);
    bus.Out(0x81, 1, addr >> 16);
    bus.Out(0x05, 1, (bytes - 1) & 0xFF);
    bus.Out(0x05, 1, (bytes - 1) >> 8);
    bus.Out(0x0A, 1, 0x02);
    bus.Out(0xD6, 1, 0xC0);
    bus.Out(0xD4, 1, 0x00);
  }
  std::vector<uint8_t> Memory(uint32_t addr, size_t n) {
    std::vector<uint8_t> v(n);
    memory.ReadBytes(addr, v);
    return v;
  }
  std::vector<uint8_t> Sectors(int c, int h, int r, int count, const std::vector<uint8_t>& img) {
    const size_t lba = (c * 2 + h) * 18 + r - 1;
    return {img.begin() + lba * kSectorSize, img.begin() + (lba + count) * kSectorSize};
  }
};

}  // namespace

TEST_CASE("FDC reset raises IRQ 6 and answers four polling sense-interrupt statuses", "[fdc]") {
  FdcRig r;
  r.bus.Out(0x3F2, 1, 0x00);
  CHECK(r.bus.In(0x3F4, 1) == 0x00);  // no RQM while held in reset
  r.bus.Out(0x3F2, 1, 0x0C);
  CHECK_FALSE(r.irq.level[6]);
  r.Run();
  CHECK(r.irq.level[6]);
  CHECK(r.bus.In(0x3F4, 1) == 0x80);
  for (uint8_t d = 0; d < 4; ++d) {
    CHECK(r.Command({0x08}) == std::vector<uint8_t>{static_cast<uint8_t>(0xC0 | d), 0});
    CHECK_FALSE(r.irq.level[6]);
  }
  CHECK(r.Command({0x08}) == std::vector<uint8_t>{0x80});  // nothing pending: invalid
  // DOR bit 3 clear gates the interrupt off the bus (AT mode).
  r.bus.Out(0x3F2, 1, 0x00);
  r.bus.Out(0x3F2, 1, 0x04);
  r.Run();
  CHECK_FALSE(r.irq.level[6]);
}

TEST_CASE("FDC VERSION, CONFIGURE, SPECIFY, LOCK and DUMPREG", "[fdc]") {
  FdcRig r;
  r.ResetController();
  CHECK(r.Command({0x10}) == std::vector<uint8_t>{0x90});
  CHECK(r.Command({0x03, 0xAF, 0x02}).empty());            // SPECIFY: no result phase
  CHECK(r.Command({0x13, 0x00, 0x57, 0x05}).empty());      // CONFIGURE EIS, POLL off, FIFOTHR 7
  CHECK(r.Command({0x94}) == std::vector<uint8_t>{0x10});  // LOCK on
  CHECK(r.Command({0x0E}) == std::vector<uint8_t>{0, 0, 0, 0, 0xAF, 0x02, 0x00, 0x80, 0x57, 0x05});
  // Under LOCK a reset keeps FIFOTHR/EFIFO/PRETRK; EIS and POLL return to defaults.
  r.bus.Out(0x3F4, 1, 0x80);  // DSR software reset
  r.Run();
  CHECK(r.irq.level[6]);
  for (int i = 0; i < 4; ++i) r.Command({0x08});
  const auto dump = r.Command({0x0E});
  REQUIRE(dump.size() == 10);
  CHECK(dump[8] == 0x07);
  CHECK(dump[9] == 0x05);
  CHECK(r.Command({0x14}) == std::vector<uint8_t>{0x00});
  CHECK(r.Command({0x1F}) == std::vector<uint8_t>{0x80});  // invalid opcode
  CHECK(r.Command({0x16}) == std::vector<uint8_t>{0x80});  // VERIFY: not implemented, logged
  CHECK_FALSE(r.logs.empty());
}

TEST_CASE("FDC SEEK and RECALIBRATE interrupt and report the cylinder", "[fdc]") {
  FdcRig r;
  r.Insert(r.image);
  r.ResetController();
  CHECK((r.bus.In(0x3F7, 1) & 0x80) == 0x80);  // DSKCHG active after insertion
  r.bus.Out(0x3F5, 1, 0x0F);
  r.bus.Out(0x3F5, 1, 0x04);  // head 1, drive 0
  r.bus.Out(0x3F5, 1, 10);
  CHECK(r.bus.In(0x3F4, 1) == 0x81);  // drive 0 busy seeking, controller free
  r.Run();
  CHECK(r.irq.level[6]);
  CHECK(r.Command({0x08}) == std::vector<uint8_t>{0x24, 10});
  CHECK((r.bus.In(0x3F7, 1) & 0x80) == 0);                       // the step pulses cleared DSKCHG
  CHECK(r.Command({0x04, 0x00}) == std::vector<uint8_t>{0x28});  // ST3: not on track 0
  CHECK(r.Command({0x07, 0x00}).empty());
  CHECK(r.Command({0x08}) == std::vector<uint8_t>{0x20, 0});
  CHECK(r.Command({0x04, 0x00}) == std::vector<uint8_t>{0x38});  // T0
  // Drive 2 is not cabled: RECALIBRATE ends with an equipment check.
  CHECK(r.Command({0x07, 0x02}).empty());
  CHECK(r.Command({0x08}) == std::vector<uint8_t>{0x72, 0});
}

TEST_CASE("FDC READ DATA moves known sectors into memory through DMA channel 2", "[fdc]") {
  FdcRig r;
  r.Insert(r.image);
  r.ResetController();
  r.Command({0x0F, 0x00, 1});
  r.Command({0x08});
  SECTION("three sectors ended by terminal count") {
    r.ProgramDma(0x44, 0x10000, 3 * kSectorSize);
    const int rises = r.irq.rises;
    const auto res = r.Command({0xE6, 0x00, 1, 0, 2, 2, 18, 0x1B, 0xFF});
    CHECK(r.irq.rises == rises + 1);
    CHECK(res == std::vector<uint8_t>{0x00, 0x00, 0x00, 1, 0, 5, 2});
    CHECK(r.Memory(0x10000, 3 * kSectorSize) == r.Sectors(1, 0, 2, 3, r.image));
  }
  SECTION("multi-track continues on head 1 after EOT") {
    r.ProgramDma(0x44, 0x20000, 4 * kSectorSize);
    const auto res = r.Command({0xC6, 0x00, 1, 0, 17, 2, 18, 0x1B, 0xFF});
    CHECK(res == std::vector<uint8_t>{0x04, 0x00, 0x00, 1, 1, 3, 2});
    auto expect = r.Sectors(1, 0, 17, 2, r.image);
    const auto side1 = r.Sectors(1, 1, 1, 2, r.image);
    expect.insert(expect.end(), side1.begin(), side1.end());
    CHECK(r.Memory(0x20000, 4 * kSectorSize) == expect);
  }
  SECTION("without MT and without TC the read stops at EOT with End of Cylinder") {
    r.ProgramDma(0x44, 0x30000, 8 * kSectorSize);
    const auto res = r.Command({0x46, 0x00, 1, 0, 17, 2, 18, 0x1B, 0xFF});
    CHECK(res == std::vector<uint8_t>{0x40, 0x80, 0x00, 2, 0, 1, 2});
    CHECK(r.Memory(0x30000, 2 * kSectorSize) == r.Sectors(1, 0, 17, 2, r.image));
  }
  SECTION("a cylinder other than the head's finds no data (wrong cylinder)") {
    r.ProgramDma(0x44, 0x30000, kSectorSize);
    const auto res = r.Command({0x46, 0x00, 3, 0, 1, 2, 18, 0x1B, 0xFF});
    CHECK(res == std::vector<uint8_t>{0x40, 0x04, 0x10, 3, 0, 1, 2});
  }
  SECTION("a masked DMA channel overruns") {
    r.ProgramDma(0x44, 0x30000, kSectorSize);
    r.bus.Out(0x0A, 1, 0x06);
    const auto res = r.Command({0x46, 0x00, 1, 0, 1, 2, 18, 0x1B, 0xFF});
    CHECK(res == std::vector<uint8_t>{0x40, 0x10, 0x00, 1, 0, 1, 2});
  }
  SECTION("DOR bit 3 clear gates DMA requests: overrun") {
    r.ProgramDma(0x44, 0x30000, kSectorSize);
    r.bus.Out(0x3F2, 1, 0x14);
    const auto res = r.Command({0x46, 0x00, 1, 0, 1, 2, 18, 0x1B, 0xFF});
    CHECK(res == std::vector<uint8_t>{0x40, 0x10, 0x00, 1, 0, 1, 2});
    CHECK_FALSE(r.irq.level[6]);
  }
  SECTION("READ ID reports the track under the head") {
    CHECK(r.Command({0x4A, 0x04}) == std::vector<uint8_t>{0x04, 0, 0, 1, 1, 1, 2});
  }
}

TEST_CASE("FDC media only reads at its data rate", "[fdc]") {
  FdcRig r;
  r.Insert(SyntheticImage(737280));
  r.ResetController(0);  // 500 kbps: a 720K disk has no readable address marks
  CHECK(r.Command({0x4A, 0x00}) == std::vector<uint8_t>{0x40, 0x01, 0, 0, 0, 1, 2});
  r.bus.Out(0x3F7, 1, 2);  // 250 kbps
  CHECK(r.Command({0x4A, 0x00}) == std::vector<uint8_t>{0x00, 0, 0, 0, 0, 1, 2});
}

TEST_CASE("FDC WRITE DATA goes to a copy-on-write overlay; read-only images refuse", "[fdc]") {
  FdcRig r;
  auto base = std::make_unique<OverlayImage>(r.image, /*read_only=*/true);
  OverlayImage* base_ptr = base.get();
  std::string error;
  REQUIRE(r.fdc.InsertDisk(0, std::make_unique<OverlayImage>(std::move(base)), &error));
  r.Insert(r.image, /*read_only=*/true, 1);
  r.ResetController();
  std::vector<uint8_t> payload(2 * kSectorSize);
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<uint8_t>(i ^ 0x5A);
  r.memory.WriteBytes(0x40000, payload);
  r.ProgramDma(0x48, 0x40000, 2 * kSectorSize);
  CHECK(r.Command({0xC5, 0x00, 0, 0, 5, 2, 18, 0x1B, 0xFF}) ==
        std::vector<uint8_t>{0x00, 0, 0, 0, 0, 7, 2});
  std::vector<uint8_t> back(2 * kSectorSize);
  REQUIRE(r.fdc.disk(0)->ReadSectors(4, back));
  CHECK(back == payload);
  REQUIRE(base_ptr->ReadSectors(4, back));
  CHECK(back == r.Sectors(0, 0, 5, 2, r.image));  // the base image is untouched

  // Drive 1 holds a read-only image: Not Writable, and ST3 shows write protect.
  CHECK(r.Command({0x04, 0x01}) == std::vector<uint8_t>{0x79});  // WP, T0, drive 1
  r.ProgramDma(0x48, 0x40000, kSectorSize);
  CHECK(r.Command({0xC5, 0x01, 0, 0, 1, 2, 18, 0x1B, 0xFF}) ==
        std::vector<uint8_t>{0x41, 0x02, 0, 0, 0, 1, 2});
  REQUIRE(r.fdc.disk(1)->ReadSectors(0, back));
  CHECK(back == r.Sectors(0, 0, 1, 2, r.image));
}

TEST_CASE("FDC FORMAT TRACK fills the sectors named by the DMA'd IDs", "[fdc]") {
  FdcRig r;
  r.Insert(r.image);
  r.ResetController();
  // Sized up front: GCC 12 for s390x warns (falsely) on insert() of an initializer list.
  std::vector<uint8_t> ids(18 * 4);
  for (uint8_t s = 1; s <= 18; ++s) {
    const size_t at = (s - 1) * 4u;
    ids[at] = 0;
    ids[at + 1] = 1;
    ids[at + 2] = s;
    ids[at + 3] = 2;
  }
  r.memory.WriteBytes(0x50000, ids);
  r.ProgramDma(0x48, 0x50000, static_cast<uint32_t>(ids.size()));
  CHECK(r.Command({0x4D, 0x04, 2, 18, 0x54, 0xE5}) ==
        std::vector<uint8_t>{0x04, 0, 0, 0, 1, 18, 2});
  std::vector<uint8_t> track(18 * kSectorSize);
  REQUIRE(r.fdc.disk(0)->ReadSectors(18, track));
  CHECK(track == std::vector<uint8_t>(track.size(), 0xE5));
}

TEST_CASE("Floppy geometry comes from the image size; odd sizes are refused", "[fdc]") {
  std::string error;
  auto g = FloppyGeometryForSize(368640, &error);
  REQUIRE(g);
  CHECK((g->cylinders == 40 && g->heads == 2 && g->sectors == 9));
  g = FloppyGeometryForSize(737280, &error);
  REQUIRE(g);
  CHECK((g->cylinders == 80 && g->sectors == 9));
  g = FloppyGeometryForSize(1228800, &error);
  REQUIRE(g);
  CHECK((g->cylinders == 80 && g->sectors == 15));
  g = FloppyGeometryForSize(1474560, &error);
  REQUIRE(g);
  CHECK((g->cylinders == 80 && g->sectors == 18));
  CHECK_FALSE(FloppyGeometryForSize(1000000, &error));
  CHECK(error.find("1000000") != std::string::npos);

  FdcRig r;
  error.clear();
  CHECK_FALSE(
      r.fdc.InsertDisk(0, std::make_unique<OverlayImage>(std::vector<uint8_t>(4096)), &error));
  CHECK(error.find("unsupported floppy image size") != std::string::npos);
  CHECK(r.fdc.disk(0) == nullptr);
}

TEST_CASE("Raw image files open read-only unless asked and never write then", "[fdc]") {
  char path[] = "/tmp/m86_floppy_testXXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  const auto contents = SyntheticImage(737280);
  std::FILE* f = fdopen(fd, "wb");
  REQUIRE(std::fwrite(contents.data(), 1, contents.size(), f) == contents.size());
  std::fclose(f);
  std::string error;
  std::vector<uint8_t> sector(kSectorSize, 0x11);
  {
    auto img = RawFileImage::Open(path, false, &error);
    REQUIRE(img);
    CHECK(img->read_only());
    CHECK(img->size() == 737280);
    CHECK_FALSE(img->WriteSectors(3, sector));
    std::vector<uint8_t> in(kSectorSize);
    REQUIRE(img->ReadSectors(3, in));
    CHECK(in[0] == 3);
  }
  {
    auto img = RawFileImage::Open(path, true, &error);
    REQUIRE(img);
    CHECK(img->WriteSectors(3, sector));
    std::vector<uint8_t> in(kSectorSize);
    REQUIRE(img->ReadSectors(3, in));
    CHECK(in == sector);
  }
  std::remove(path);
  CHECK_FALSE(RawFileImage::Open("/nonexistent/m86.img", false, &error));
  CHECK(error.find("/nonexistent/m86.img") != std::string::npos);
}
