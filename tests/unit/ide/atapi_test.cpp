// The ATAPI CD-ROM through the secondary channel: the PACKET protocol and MMC commands
// (ATA/ATAPI-6 9.10-9.11, SPC-3, MMC-4).
#include "ide_rig.h"

using namespace m86;
using namespace m86::test;

namespace {

constexpr uint32_t kBlocks = 100;

struct CdRig : IdeRig {
  CdRig() {
    std::string error;
    REQUIRE(ide.AttachCdrom(2, std::make_unique<PatternImage>(uint64_t{kBlocks} * 2048, true), &error));
  }
  // Sends a 12-byte packet to device 0 of the secondary channel.
  void Packet(std::vector<uint8_t> cdb, uint16_t limit = 0xFFFE, bool dma = false) {
    cdb.resize(12);
    Out8(kSec + 6, 0x00);
    Out8(kSec + 1, dma ? 1 : 0);
    Out8(kSec + 4, static_cast<uint8_t>(limit));
    Out8(kSec + 5, static_cast<uint8_t>(limit >> 8));
    Out8(kSec + 7, 0xA0);
    REQUIRE(In8(kSecCtl) == 0x58);
    REQUIRE(In8(kSec + 2) == 0x01);  // C/D: the device wants the packet
    WriteData(kSec, cdb);
  }
  // The PIO data-in phase: every DRQ block as the byte count registers announce it.
  std::vector<uint8_t> DataIn(std::vector<uint32_t>* chunks = nullptr) {
    std::vector<uint8_t> out;
    for (;;) {
      const uint8_t status = In8(kSec + 7);
      if (!(status & 0x08)) break;
      REQUIRE(In8(kSec + 2) == 0x02);  // I/O, data
      const uint32_t n = In8(kSec + 4) | In8(kSec + 5) << 8;
      if (chunks) chunks->push_back(n);
      const std::vector<uint8_t> part = ReadData(kSec, n);
      out.insert(out.end(), part.begin(), part.begin() + n);
    }
    return out;
  }
  // Status and Error after the command, with the Interrupt Reason of the status phase.
  void ExpectGood() {
    CHECK(In8(kSec + 7) == 0x50);
    CHECK(In8(kSec + 2) == 0x03);
  }
  void ExpectCheckCondition(uint8_t key) {
    CHECK(In8(kSec + 7) == 0x51);
    CHECK(In8(kSec + 1) == key << 4);
    CHECK(In8(kSec + 2) == 0x03);
  }
  std::vector<uint8_t> Sense() {
    Packet({0x03, 0, 0, 0, 18});
    std::vector<uint8_t> sense = DataIn();
    ExpectGood();
    return sense;
  }
  void ClearUnitAttention() {
    Packet({0x00});
    In8(kSec + 7);
    Sense();
  }
};

}  // namespace

TEST_CASE("ATAPI signature, IDENTIFY DEVICE abort and IDENTIFY PACKET DEVICE", "[ide][atapi]") {
  CdRig r;
  CHECK(r.In8(kSec + 7) == 0x00);
  CHECK(r.In8(kSec + 4) == 0x14);
  CHECK(r.In8(kSec + 5) == 0xEB);
  r.Out8(kSec + 4, 0);
  r.Out8(kSec + 5, 0);
  r.Out8(kSec + 7, 0xEC);
  CHECK(r.irq.level[15]);
  CHECK(r.In8(kSec + 7) == 0x51);
  CHECK(r.In8(kSec + 1) == 0x04);
  CHECK(r.In8(kSec + 4) == 0x14);
  CHECK(r.In8(kSec + 5) == 0xEB);
  r.Out8(kSec + 7, 0xA1);
  REQUIRE(r.In8(kSec + 7) == 0x58);
  const std::vector<uint8_t> id = r.ReadData(kSec, 512);
  CHECK(r.In8(kSec + 7) == 0x50);
  CHECK(Word(id, 0) == 0x85C0);
  CHECK(Word(id, 49) == 0x0300);
  CHECK(std::string(id.begin() + 54, id.begin() + 68) == "OMPR8H 6DCR-MO");
  CHECK(r.logs.empty());
}

TEST_CASE("UNIT ATTENTION once after power-on, then ready", "[ide][atapi]") {
  CdRig r;
  r.Packet({0x00});
  CHECK(r.irq.level[15]);
  r.ExpectCheckCondition(0x06);
  const std::vector<uint8_t> sense = r.Sense();
  REQUIRE(sense.size() == 18);
  CHECK(sense == std::vector<uint8_t>{0x70, 0, 0x06, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x29, 0, 0, 0, 0, 0});
  r.Packet({0x00});
  r.ExpectGood();
  CHECK(r.Sense()[2] == 0x00);
}

TEST_CASE("INQUIRY reports a removable CD/DVD device, before the unit attention", "[ide][atapi]") {
  CdRig r;
  r.Packet({0x12, 0, 0, 0, 36});
  const std::vector<uint8_t> data = r.DataIn();
  r.ExpectGood();
  REQUIRE(data.size() == 36);
  CHECK(data[0] == 0x05);
  CHECK(data[1] == 0x80);
  CHECK(data[2] == 0x05);
  CHECK(data[3] == 0x32);
  CHECK(data[4] == 31);
  CHECK(std::string(data.begin() + 8, data.end()) == "MORPH86 CD-ROM          1.0 ");
  // A shorter allocation length truncates.
  r.Packet({0x12, 0, 0, 0, 5});
  CHECK(r.DataIn().size() == 5);
}

TEST_CASE("READ CAPACITY and READ(10) in PIO blocks below the block size", "[ide][atapi]") {
  CdRig r;
  r.ClearUnitAttention();
  r.Packet({0x25});
  CHECK(r.DataIn() == std::vector<uint8_t>{0, 0, 0, kBlocks - 1, 0, 0, 0x08, 0});
  r.ExpectGood();
  const int rises = r.irq.rises[15];
  r.Packet({0x28, 0, 0, 0, 0, 5, 0, 0, 2}, 0x200);
  std::vector<uint32_t> chunks;
  const std::vector<uint8_t> data = r.DataIn(&chunks);
  r.ExpectGood();
  CHECK(chunks == std::vector<uint32_t>(8, 0x200));
  CHECK(r.irq.rises[15] - rises == 9);  // each DRQ block and the status
  REQUIRE(data.size() == 4096);
  CHECK(HoldsPattern(data, 5 * 4));
  // An odd limit is rounded down to even.
  r.Packet({0xA8, 0, 0, 0, 0, 7, 0, 0, 0, 1}, 0x3FF);
  chunks.clear();
  CHECK(HoldsPattern(r.DataIn(&chunks), 7 * 4));
  CHECK(chunks == std::vector<uint32_t>{0x3FE, 0x3FE, 0x004});
}

TEST_CASE("reads past the end and unknown opcodes are CHECK CONDITION", "[ide][atapi]") {
  CdRig r;
  r.ClearUnitAttention();
  r.Packet({0x28, 0, 0, 0, 0, kBlocks - 1, 0, 0, 2});
  r.ExpectCheckCondition(0x05);
  std::vector<uint8_t> sense = r.Sense();
  CHECK(sense[2] == 0x05);
  CHECK(sense[12] == 0x21);
  CHECK(sense[13] == 0x00);
  r.Packet({0xD8});
  r.ExpectCheckCondition(0x05);
  sense = r.Sense();
  CHECK(sense[2] == 0x05);
  CHECK(sense[12] == 0x20);
  CHECK(sense[13] == 0x00);
  REQUIRE(r.logs.size() == 1);
  CHECK(r.logs[0] == "secondary channel: ATAPI command D8h is not implemented");
}

TEST_CASE("READ TOC in LBA and MSF forms, formats 0 and 1", "[ide][atapi]") {
  CdRig r;
  r.ClearUnitAttention();
  r.Packet({0x43, 0, 0, 0, 0, 0, 0, 0, 0x20});
  CHECK(r.DataIn() == std::vector<uint8_t>{0x00, 0x12, 1, 1,                     //
                                           0, 0x14, 1, 0, 0, 0, 0, 0,            //
                                           0, 0x14, 0xAA, 0, 0, 0, 0, kBlocks});
  r.ExpectGood();
  r.Packet({0x43, 0x02, 0, 0, 0, 0, 0, 0, 0x20});  // MSF: 00:02:00 and 00:03:25
  CHECK(r.DataIn() == std::vector<uint8_t>{0x00, 0x12, 1, 1,                     //
                                           0, 0x14, 1, 0, 0, 0, 2, 0,            //
                                           0, 0x14, 0xAA, 0, 0, 0, 3, 25});
  r.Packet({0x43, 0, 0x01, 0, 0, 0, 0, 0, 0x0C});  // session information
  CHECK(r.DataIn() == std::vector<uint8_t>{0x00, 0x0A, 1, 1, 0, 0x14, 1, 0, 0, 0, 0, 0});
  r.Packet({0x43, 0, 0, 0, 0, 0, 0xAA, 0, 0x20});  // from the lead-out
  CHECK(r.DataIn().size() == 12);
  r.Packet({0x43, 0, 0, 0, 0, 0, 2, 0, 0x20});  // no track 2
  r.ExpectCheckCondition(0x05);
}

TEST_CASE("MODE SENSE, GET CONFIGURATION, GET EVENT STATUS, locking", "[ide][atapi]") {
  CdRig r;
  r.Packet({0x4A, 0x01, 0, 0, 0x10, 0, 0, 0, 8});
  CHECK(r.DataIn() == std::vector<uint8_t>{0, 6, 0x04, 0x10, 0x02, 0x02, 0, 0});
  r.Packet({0x4A, 0x01, 0, 0, 0x10, 0, 0, 0, 8});
  CHECK(r.DataIn() == std::vector<uint8_t>{0, 6, 0x04, 0x10, 0x00, 0x02, 0, 0});
  r.Packet({0x46, 0, 0, 0, 0, 0, 0, 0, 8});
  CHECK(r.DataIn() == std::vector<uint8_t>{0, 0, 0, 32, 0, 0, 0x00, 0x08});  // CD-ROM current
  r.Packet({0x46, 0x02, 0, 0, 0, 0, 0, 0, 64});
  CHECK(r.DataIn() == std::vector<uint8_t>{0, 0, 0, 16, 0, 0, 0x00, 0x08,
                                           0, 0, 0x03, 8, 0, 0x10, 0, 0, 0, 0x08, 1, 0});
  r.ClearUnitAttention();
  r.Packet({0x5A, 0, 0x2A, 0, 0, 0, 0, 0, 64});
  std::vector<uint8_t> page = r.DataIn();
  REQUIRE(page.size() == 30);
  CHECK(page[1] == 28);
  CHECK(page[8] == 0x2A);
  CHECK(page[9] == 20);
  CHECK(page[14] == 0x29);
  r.Packet({0x1E, 0, 0, 0, 1});
  r.ExpectGood();
  r.Packet({0x5A, 0, 0x3F, 0, 0, 0, 0, 0, 64});
  page = r.DataIn();
  REQUIRE(page.size() == 8 + 12 + 22);
  CHECK(page[8] == 0x01);
  CHECK(page[20] == 0x2A);
  CHECK(page[26] == 0x2B);  // lock state
  r.Packet({0x1B, 0, 0, 0, 0x02});  // eject while locked
  r.ExpectCheckCondition(0x05);
  r.Packet({0x5A, 0, 0x05, 0, 0, 0, 0, 0, 64});
  r.ExpectCheckCondition(0x05);
}
