// The system services: INT 15h (E820h, E801h, 88h, 87h, 86h, 24h, C0h), INT 1Ah tick count,
// INT 08h's tick and midnight, INT 19h's boot sector load (bios/int_system.cpp).
#include <catch2/catch.hpp>

#include <memory>

#include "bios_fixture.h"

namespace m86::test {
namespace {

constexpr uint32_t kSmap = 0x534D4150;

struct SystemFixture : BiosFixture {
  using BiosFixture::BiosFixture;
  void Int15(uint16_t ax) {
    Reset();
    call.set_ax(ax);
    Int15System(bios, call);
  }
};

TEST_CASE("INT 15h E820h walks the address map", "[bios][system]") {
  SystemFixture f;
  struct Entry {
    uint64_t base, length;
    uint32_t type;
  };
  std::vector<Entry> map;
  uint32_t next = 0;
  do {
    f.Reset();
    f.call.set_eax(0xE820);
    f.call.set_edx(kSmap);
    f.call.set_ebx(next);
    f.call.set_ecx(24);
    f.SetEs(0x0000);
    f.call.set_di(0x5000);
    Int15System(f.bios, f.call);
    REQUIRE_FALSE(f.Carry());
    CHECK(f.call.eax() == kSmap);
    CHECK(f.call.ecx() == 20);
    map.push_back({f.memory.Read(0x5000, 4) | (uint64_t{f.memory.Read(0x5004, 4)} << 32),
                   f.memory.Read(0x5008, 4) | (uint64_t{f.memory.Read(0x500C, 4)} << 32),
                   f.memory.Read(0x5010, 4)});
    next = f.call.ebx();
  } while (next != 0 && map.size() < 16);
  REQUIRE(map.size() == 8);
  // Conventional memory up to the EBDA, reserved areas, then extended memory up to the
  // firmware tables in the top 64 KiB (ACPI reclaimable, reserved, ACPI NVS).
  CHECK(map[0].base == 0);
  CHECK(map[0].length == 0x9FC00);
  CHECK(map[0].type == 1);
  CHECK(map[1].type == 2);
  CHECK(map[3].base == 0x100000);
  CHECK(map[3].length == (16u << 20) - 0x100000 - 0x10000);
  CHECK(map[3].type == 1);
  CHECK(map[4].base == (16u << 20) - 0x10000);
  CHECK(map[4].type == 3);
  CHECK(map[5].type == 2);
  CHECK(map[6].type == 4);
  CHECK(map[6].base + map[6].length == (16u << 20));
  CHECK(map[7].base + map[7].length == 0x100000000ull);

  // A bad signature or continuation value is refused with CF.
  f.Reset();
  f.call.set_eax(0xE820);
  f.call.set_edx(0x12345678);
  f.call.set_ebx(0);
  f.call.set_ecx(20);
  Int15System(f.bios, f.call);
  CHECK(f.Carry());
}

TEST_CASE("INT 15h E820h reports the RAM from 4 GiB last", "[bios][system]") {
  BiosConfig config;
  config.high_ram_bytes = uint64_t{3} << 30;
  SystemFixture f(std::move(config));
  uint32_t index = 0, next = 0;
  uint64_t base = 0, length = 0;
  do {
    f.Reset();
    f.call.set_eax(0xE820);
    f.call.set_edx(kSmap);
    f.call.set_ebx(index = next);
    f.call.set_ecx(24);
    f.SetEs(0x0000);
    f.call.set_di(0x5000);
    Int15System(f.bios, f.call);
    REQUIRE_FALSE(f.Carry());
    base = f.memory.Read(0x5000, 4) | (uint64_t{f.memory.Read(0x5004, 4)} << 32);
    length = f.memory.Read(0x5008, 4) | (uint64_t{f.memory.Read(0x500C, 4)} << 32);
    next = f.call.ebx();
  } while (next != 0 && index < 16);
  CHECK(index == 8);  // after the eight entries below 4 GiB
  CHECK(base == uint64_t{1} << 32);
  CHECK(length == uint64_t{3} << 30);
  CHECK(f.memory.Read(0x5010, 4) == 1);
}

TEST_CASE("INT 15h E801h and 88h report extended memory", "[bios][system]") {
  SystemFixture f;
  f.Int15(0xE801);
  CHECK_FALSE(f.Carry());
  CHECK(f.call.ax() == 15 * 1024 - 64);  // 1-16 MiB in KiB, less the firmware tables
  CHECK(f.call.bx() == 0);          // nothing above 16 MiB
  CHECK(f.call.cx() == f.call.ax());
  f.Int15(0x8800);
  CHECK_FALSE(f.Carry());
  CHECK(f.call.ax() == 15 * 1024 - 64);
}

TEST_CASE("INT 15h AH=87h copies between the descriptors' bases", "[bios][system]") {
  SystemFixture f;
  // GDT at 0000:6000: source descriptor at +10h (base 200000h), destination at +18h (3000h).
  for (uint32_t i = 0; i < 0x30; ++i) f.memory.Write(0x6000 + i, 1, 0);
  f.memory.Write(0x6010 + 2, 4, 0x00200000 | (0x93u << 24));
  f.memory.Write(0x6018 + 2, 4, 0x00003000 | (0x93u << 24));
  for (uint32_t i = 0; i < 64; ++i) f.memory.Write(0x200000 + i, 1, i * 3);
  f.Reset();
  f.call.set_ax(0x8700);
  f.call.set_cx(32);  // words
  f.SetEs(0);
  f.call.set_si(0x6000);
  Int15System(f.bios, f.call);
  CHECK_FALSE(f.Carry());
  CHECK(f.call.ah() == 0);
  for (uint32_t i = 0; i < 64; ++i) CHECK(f.memory.Read(0x3000 + i, 1) == ((i * 3) & 0xFF));
}

TEST_CASE("INT 15h AH=24h drives the A20 gate; C0h points at the configuration table",
          "[bios][system]") {
  SystemFixture f;
  bool a20 = false;
  f.bios.set_a20 = [&](bool on) { a20 = on; };
  f.bios.a20_enabled = [&] { return a20; };
  f.Int15(0x2401);
  CHECK(a20);
  f.Int15(0x2402);
  CHECK(f.call.al() == 1);
  f.Int15(0x2400);
  CHECK_FALSE(a20);
  f.Int15(0x2403);
  CHECK(f.call.bx() == 3);
  f.Int15(0xC000);
  CHECK_FALSE(f.Carry());
  CHECK(f.call.es() == 0xF000);
  const uint32_t table = 0xF0000 + f.call.bx();
  CHECK(f.memory.Read(table, 2) == 8);
  CHECK(f.memory.Read(table + 2, 1) == 0xFC);  // AT
  f.Int15(0x89FF);  // switch to protected mode: not provided, CF and AH=86h
  CHECK(f.Carry());
  CHECK(f.call.ah() == 0x86);
}

TEST_CASE("INT 15h AH=86h waits in virtual time, retrying after interrupts", "[bios][system]") {
  SystemFixture f;
  f.Reset();
  f.call.set_ax(0x8600);
  f.call.set_cx(0);
  f.call.set_dx(1000);  // 1 ms: less than a timer tick, so the trap is polled
  Int15System(f.bios, f.call);
  CHECK(f.Retried());
  CHECK(f.cpu.s.rip == f.kTrapEip - 2);  // back to the OUT itself
  f.scheduler.AdvanceTo(f.scheduler.now() + 500'000);
  f.Reset();
  Int15System(f.bios, f.call);
  CHECK(f.Retried());
  f.scheduler.AdvanceTo(f.scheduler.now() + 600'000);
  f.Reset();
  Int15System(f.bios, f.call);
  CHECK_FALSE(f.Retried());
  CHECK_FALSE(f.Carry());

  // Two seconds: the stub halts until the next interrupt (STI; HLT before the OUT).
  f.Reset();
  f.call.set_ax(0x8600);
  f.call.set_cx(0x001E);
  f.call.set_dx(0x8480);
  Int15System(f.bios, f.call);
  CHECK(f.cpu.s.rip == f.kTrapEip - 4);
}

TEST_CASE("INT 08h counts ticks and rolls over at midnight; INT 1Ah reads and sets them",
          "[bios][system]") {
  SystemFixture f;
  f.bios.Poke32(bda::kTicks, 0x1800AF);
  Int08Timer(f.bios, f.call);
  CHECK(f.bios.Peek32(bda::kTicks) == 0);
  CHECK(f.bios.Peek8(bda::kMidnight) == 1);
  Int08Timer(f.bios, f.call);
  f.Reset();
  f.call.set_ax(0x0000);
  Int1ATime(f.bios, f.call);
  CHECK(f.call.cx() == 0);
  CHECK(f.call.dx() == 1);
  CHECK(f.call.al() == 1);
  CHECK(f.bios.Peek8(bda::kMidnight) == 0);  // reading clears the flag
  f.Reset();
  f.call.set_ax(0x0100);
  f.call.set_cx(0x0012);
  f.call.set_dx(0x3456);
  Int1ATime(f.bios, f.call);
  CHECK(f.bios.Peek32(bda::kTicks) == 0x123456);
}

TEST_CASE("INT 19h loads the boot sector of the first bootable drive", "[bios][system]") {
  SystemFixture f;
  std::vector<uint8_t> floppy(1474560, 0);
  floppy[0] = 0xEB;
  floppy[1] = 0x3C;
  std::vector<uint8_t> disk(512 * 100, 0);  // no 55 AA: not bootable
  disk[0] = 0xFA;
  OverlayImage floppy_image(floppy), disk_image(disk);

  f.bios.SetHardDisk(0, &disk_image);
  f.Reset();
  Int19Boot(f.bios, f.call);
  CHECK(f.call.ax() == 1);  // nothing bootable: the stub goes on to INT 18h

  f.bios.SetFloppy(0, &floppy_image);
  f.Reset();
  Int19Boot(f.bios, f.call);
  CHECK(f.call.ax() == 0);
  CHECK(f.call.dl() == 0x00);
  CHECK(f.memory.Read(0x7C00, 2) == 0x3CEB);

  f.bios.SetFloppy(0, nullptr);
  disk[510] = 0x55;
  disk[511] = 0xAA;
  OverlayImage bootable(disk);
  f.bios.SetHardDisk(0, &bootable);
  f.Reset();
  Int19Boot(f.bios, f.call);
  CHECK(f.call.ax() == 0);
  CHECK(f.call.dl() == 0x80);
  CHECK(f.memory.Read(0x7C00, 1) == 0xFA);
}

}  // namespace
}  // namespace m86::test

namespace m86::test {
namespace {

// Writes a ROM of `blocks` 512-byte blocks at `base` with the 55 AA signature, a far return at
// its entry (offset 3) and the checksum byte that makes all bytes sum to zero, unless `corrupt`.
void PlaceOptionRom(PhysicalMemory& memory, uint32_t base, uint8_t blocks, bool corrupt) {
  const uint32_t size = blocks * 512u;
  for (uint32_t i = 0; i < size; ++i) memory.Write(base + i, 1, static_cast<uint8_t>(i * 7));
  memory.Write(base, 1, 0x55);
  memory.Write(base + 1, 1, 0xAA);
  memory.Write(base + 2, 1, blocks);
  memory.Write(base + 3, 1, 0xCB);  // RETF
  memory.Write(base + size - 1, 1, 0);
  uint8_t sum = 0;
  for (uint32_t i = 0; i < size; ++i) sum = static_cast<uint8_t>(sum + memory.Read(base + i, 1));
  memory.Write(base + size - 1, 1, static_cast<uint8_t>(-sum + (corrupt ? 1 : 0)));
}

TEST_CASE("The option ROM scan finds signed ROMs with a good checksum, in address order",
          "[bios][system]") {
  SystemFixture f;
  PlaceOptionRom(f.memory, 0xC8000, 4, false);  // 2 KiB at C800:0000
  PlaceOptionRom(f.memory, 0xCA000, 8, true);   // a bad checksum: skipped, and logged
  PlaceOptionRom(f.memory, 0xD0000, 16, false); // 8 KiB at D000:0000
  f.Reset();
  f.call.set_dx(0xC800);
  BiosNextOptionRom(f.bios, f.call);
  CHECK(f.call.es() == 0xC800);
  CHECK(f.call.dx() == 0xC880);  // the next 2 KiB boundary after the ROM
  BiosNextOptionRom(f.bios, f.call);
  CHECK(f.call.es() == 0xD000);
  CHECK(f.call.dx() == 0xD200);
  BiosNextOptionRom(f.bios, f.call);
  CHECK(f.call.dx() == 0);  // no more
}

TEST_CASE("INT 15h reports APM and SpeedStep absent, as a BIOS without them does", "[bios][system]") {
  SystemFixture f;
  std::vector<std::string> logged;
  f.bios.log_sink = [&](const std::string& line) { logged.push_back(line); };
  for (const uint16_t ax : {uint16_t{0x5300}, uint16_t{0x5301}, uint16_t{0xE980}}) {
    f.Int15(ax);
    CHECK(f.Carry());
    CHECK(f.call.ah() == 0x86);
  }
  CHECK(logged.empty());  // deliberate answers, not unimplemented functions
}

TEST_CASE("INT 15h EC00h takes the OS's target mode; other modes are an error", "[bios][system]") {
  SystemFixture f;
  std::vector<std::string> logged;
  f.bios.log_sink = [&](const std::string& line) { logged.push_back(line); };
  for (const uint8_t mode : {uint8_t{1}, uint8_t{2}, uint8_t{3}}) {
    f.call.set_bx(mode);
    f.Int15(0xEC00);
    CHECK_FALSE(f.Carry());
    CHECK(f.call.ah() == 0);
  }
  CHECK(logged.empty());
  f.call.set_bx(7);
  f.Int15(0xEC00);
  CHECK(f.Carry());
  CHECK(logged.size() == 1);
}

}  // namespace
}  // namespace m86::test
