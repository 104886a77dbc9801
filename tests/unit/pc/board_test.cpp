// The PC board's own logic: the A20 gate from its two sources, the reset paths, the memory map.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "devices/pc/pc_board.h"

namespace m86 {
namespace {

// A 4 KiB firmware that is all HLT, so the CPU has something to fetch.
std::vector<uint8_t> HaltFirmware() { return std::vector<uint8_t>(4096, 0xF4); }

const CpuModel& Model() { return **ModelByName("pentiumpro"); }

// Writes `value` to the 1 MiB alias of address 0 and reports whether it landed at 0 (A20 off,
// the 8086 wrap) or above 1 MiB.
bool Wraps(PcBoard& board) {
  PhysicalMemory& m = board.memory();
  m.Write(0, 1, 0x00);
  m.Write(0x100000, 1, 0x00);
  // Physical memory itself has no A20 line; the CPU masks addresses: probe through it.
  PhysAddr phys = 0;
  REQUIRE(board.cpu().Probe(0x100000, false, &phys));
  return phys == 0;
}

TEST_CASE("A20 is the OR of the keyboard controller's output port and port 92h", "[pc]") {
  PcBoardConfig config;
  config.ram_bytes = 4u << 20;
  PcBoard board(Model(), config, HaltFirmware());
  IoBus& io = board.io_bus();
  // Power on: the 8042 output port has A20 set.
  CHECK_FALSE(Wraps(board));
  io.Out(0x64, 1, 0xD1);
  io.Out(0x60, 1, 0xDD);  // A20 off through the keyboard controller
  CHECK(Wraps(board));
  io.Out(0x92, 1, 0x02);  // on through port 92h
  CHECK_FALSE(Wraps(board));
  CHECK(io.In(0x92, 1) == 0x02);
  io.Out(0x92, 1, 0x00);
  CHECK(Wraps(board));
  board.SetA20FromFirmware(true);
  CHECK_FALSE(Wraps(board));
  board.SetA20FromFirmware(false);
  CHECK(Wraps(board));
}

TEST_CASE("Reset requests from the 8042, port 92h and CF9h stop the CPU for a reset", "[pc]") {
  PcBoardConfig config;
  config.ram_bytes = 4u << 20;
  PcBoard board(Model(), config, HaltFirmware());
  IoBus& io = board.io_bus();
  CHECK_FALSE(board.reset_pending());
  io.Out(0x64, 1, 0xFE);  // pulse output port bit 0
  CHECK(board.reset_pending());
  board.PerformReset();
  CHECK_FALSE(board.reset_pending());
  CHECK(board.cpu().s.rip == 0xFFF0);

  io.Out(0x92, 1, 0x01);  // fast reset on the 0 -> 1 edge
  CHECK(board.reset_pending());
  board.PerformReset();
  io.Out(0x92, 1, 0x01);  // still 1: no edge
  CHECK_FALSE(board.reset_pending());

  io.Out(0xCF9, 1, 0x02);  // hard reset selected, not yet performed
  CHECK_FALSE(board.reset_pending());
  io.Out(0xCF9, 1, 0x06);
  CHECK(board.reset_pending());
}

TEST_CASE("The memory map: RAM, the VGA window, the firmware at 1 MiB and 4 GiB", "[pc]") {
  PcBoardConfig config;
  config.ram_bytes = 8u << 20;
  std::vector<uint8_t> firmware(8192, 0x90);
  firmware[8192 - 16] = 0xEA;  // something recognisable at the reset vector
  PcBoard board(Model(), config, firmware);
  PhysicalMemory& m = board.memory();
  m.Write(0x7C00, 1, 0x5A);
  CHECK(m.Read(0x7C00, 1) == 0x5A);
  m.Write(0x7FFFFC, 4, 0x12345678);  // the top of RAM
  CHECK(m.Read(0x7FFFFC, 4) == 0x12345678);
  CHECK(m.Read(0xFFFF0, 1) == 0xEA);
  CHECK(m.Read(0xFFFFFFF0, 1) == 0xEA);
  m.Write(0xFFFF0, 1, 0x00);  // ROM ignores writes
  CHECK(m.Read(0xFFFF0, 1) == 0xEA);
  // The VGA window answers as the adapter: writes through the A0000 window reach plane memory
  // and read back through the latches.
  board.io_bus().Out(0x3C2, 1, 0x63);  // misc output: RAM enabled, colour addresses
  board.io_bus().Out(0x3C4, 1, 0x00);
  board.io_bus().Out(0x3C5, 1, 0x03);  // sequencer out of reset
  board.io_bus().Out(0x3C4, 1, 0x04);
  board.io_bus().Out(0x3C5, 1, 0x06);  // memory mode: sequential planes
  board.io_bus().Out(0x3CE, 1, 0x08);
  board.io_bus().Out(0x3CF, 1, 0xFF);  // bit mask: every bit from the CPU
  board.io_bus().Out(0x3CE, 1, 0x06);
  board.io_bus().Out(0x3CF, 1, 0x05);  // graphics, map A0000-AFFFF
  board.io_bus().Out(0x3C4, 1, 0x02);
  board.io_bus().Out(0x3C5, 1, 0x0F);
  m.Write(0xA0000, 1, 0xA5);
  CHECK(m.Read(0xA0000, 1) == 0xA5);
}

TEST_CASE("Device interrupts reach the CPU through the 8259 pair", "[pc]") {
  PcBoardConfig config;
  config.ram_bytes = 4u << 20;
  config.clock = ClockMode::kInstructions;
  PcBoard board(Model(), config, HaltFirmware());
  IoBus& io = board.io_bus();
  // ICW1-4: vectors 08h/70h, unmask IRQ 0; PIT channel 0 mode 2 with a short count.
  io.Out(0x20, 1, 0x11); io.Out(0x21, 1, 0x08); io.Out(0x21, 1, 0x04); io.Out(0x21, 1, 0x01);
  io.Out(0x21, 1, 0xFE);
  io.Out(0x43, 1, 0x34);
  io.Out(0x40, 1, 100);
  io.Out(0x40, 1, 0);
  // Whatever the PIT's power-on state latched before the new count: acknowledge it first.
  if (board.pic().intr()) {
    board.pic().Acknowledge();
    io.Out(0x20, 1, 0x20);
  }
  CHECK_FALSE(board.pic().intr());
  board.SkipIdleTime(200'000);  // 100 PIT clocks are about 84 us
  board.SyncTime();
  CHECK(board.pic().intr());
  CHECK(board.pic().Acknowledge() == 0x08);
}

TEST_CASE("Port 0xE9's debug console exists only when configured", "[pc]") {
  PcBoardConfig config;
  config.ram_bytes = 4u << 20;
  {
    PcBoard board(Model(), config, HaltFirmware());
    int bytes = 0;
    board.on_debug_console = [&](uint8_t) { ++bytes; };
    CHECK(board.io_bus().In(0xE9, 1) == 0xFF);
    board.io_bus().Out(0xE9, 1, 'x');
    CHECK(bytes == 0);
  }
  config.debug_console = true;
  PcBoard board(Model(), config, HaltFirmware());
  std::string console;
  board.on_debug_console = [&](uint8_t byte) { console.push_back(static_cast<char>(byte)); };
  CHECK(board.io_bus().In(0xE9, 1) == 0xE9);
  board.io_bus().Out(0xE9, 1, 'x');
  CHECK(console == "x");
}

TEST_CASE("PCI configuration and fw_cfg answer on the PC's ports; CF9h stays the reset", "[pc]") {
  PcBoardConfig config;
  config.ram_bytes = 8u << 20;
  PcBoard board(Model(), config, HaltFirmware());
  IoBus& io = board.io_bus();
  io.Out(0xCF8, 4, 0x80000000u);
  CHECK(io.In(0xCFC, 4) == 0x12378086);  // 440FX at 00.0
  io.Out(0xCF8, 4, 0x80000800u);
  CHECK(io.In(0xCFC, 4) == 0x70008086);  // PIIX3 at 01.0
  io.Out(0xCF9, 1, 0x06);                // a byte at CF9h: the PIIX reset control
  CHECK(board.reset_pending());
  CHECK(io.In(0xCF8, 4) == 0x80000800u);  // and not CONFIG_ADDRESS
  // fw_cfg: the signature, then the RAM size as a little-endian 64-bit item.
  io.Out(0x510, 2, fw_cfg_key::kSignature);
  std::string signature;
  for (int i = 0; i < 4; ++i) signature.push_back(static_cast<char>(io.In(0x511, 1)));
  CHECK(signature == "QEMU");
  io.Out(0x510, 2, fw_cfg_key::kRamSize);
  uint64_t ram = 0;
  for (int i = 0; i < 8; ++i) ram |= uint64_t{io.In(0x511, 1)} << (8 * i);
  CHECK(ram == 8u << 20);
}

// The bytes of fw_cfg file `name`, found through the file directory (big-endian count, then
// 64-byte entries: size, select, reserved, name).
std::vector<uint8_t> FwCfgFile(PcBoard& board, const std::string& name) {
  const std::vector<uint8_t>& dir = board.fw_cfg().item(fw_cfg_key::kFileDir);
  auto be = [&](size_t at, int bytes) {
    uint32_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | dir[at + i];
    return v;
  };
  for (uint32_t i = 0, n = be(0, 4); i < n; ++i) {
    const size_t entry = 4 + 64 * i;
    if (std::string(reinterpret_cast<const char*>(&dir[entry + 8])) == name)
      return board.fw_cfg().item(static_cast<uint16_t>(be(entry + 4, 2)));
  }
  return {};
}

uint64_t Le(const std::vector<uint8_t>& bytes, size_t at, int size) {
  uint64_t v = 0;
  for (int i = 0; i < size; ++i) v |= uint64_t{bytes[at + i]} << (8 * i);
  return v;
}

TEST_CASE("RAM past the PCI hole starts at 4 GiB; fw_cfg and CMOS report it as QEMU's PC does",
          "[pc]") {
  PcBoardConfig config;
  config.ram_bytes = 3072u << 20;
  config.high_ram_bytes = uint64_t{3072} << 20;  // -m 6G
  PcBoard board(**ModelByName("core2"), config, HaltFirmware());
  PhysicalMemory& m = board.memory();
  m.Write(uint64_t{1} << 32, 4, 0x600DF00Du);
  CHECK(m.Read(uint64_t{1} << 32, 4) == 0x600DF00Du);
  CHECK(m.Read(0, 4) != 0x600DF00Du);
  CHECK(m.Read((uint64_t{7} << 30) + 0x1000, 4) == 0xFFFFFFFFu);  // past the end: 4 + 3 GiB
  // fw_cfg: all of RAM as the size; etc/e820 with one range below 4 GiB and one from it.
  CHECK(Le(board.fw_cfg().item(fw_cfg_key::kRamSize), 0, 8) == uint64_t{6} << 30);
  const std::vector<uint8_t> e820 = FwCfgFile(board, "etc/e820");
  REQUIRE(e820.size() == 40);
  CHECK(Le(e820, 0, 8) == 0);
  CHECK(Le(e820, 8, 8) == uint64_t{3} << 30);
  CHECK(Le(e820, 16, 4) == 1);
  CHECK(Le(e820, 20, 8) == uint64_t{1} << 32);
  CHECK(Le(e820, 28, 8) == uint64_t{3} << 30);
  CHECK(Le(e820, 36, 4) == 1);
  // CMOS: 64 KiB units from 16 MiB to 3 GiB at 34h-35h, from 4 GiB at 5Bh-5Dh.
  Rtc& rtc = board.rtc();
  CHECK((rtc.GetCmos(0x34) | (rtc.GetCmos(0x35) << 8)) == ((3072u - 16) << 20) >> 16);
  CHECK((rtc.GetCmos(0x5B) | (rtc.GetCmos(0x5C) << 8) | (rtc.GetCmos(0x5D) << 16)) ==
        (3072u << 20) >> 16);
  // Without RAM above 4 GiB: one e820 range, no 5Bh-5Dh.
  config.ram_bytes = 64u << 20;
  config.high_ram_bytes = 0;
  PcBoard small(Model(), config, HaltFirmware());
  CHECK(FwCfgFile(small, "etc/e820").size() == 20);
  CHECK((small.rtc().GetCmos(0x34) | (small.rtc().GetCmos(0x35) << 8)) == (48u << 20) >> 16);
  CHECK((small.rtc().GetCmos(0x5B) | small.rtc().GetCmos(0x5C) | small.rtc().GetCmos(0x5D)) == 0);
}

TEST_CASE("ACPI S5 through the PIIX4 at 01.3 reaches the board's power-off", "[pc]") {
  PcBoardConfig config;
  config.ram_bytes = 4u << 20;
  PcBoard board(Model(), config, HaltFirmware());
  int power_offs = 0;
  board.on_power_off = [&] { ++power_offs; };
  IoBus& io = board.io_bus();
  io.Out(0xCF8, 4, 0x80000B00u);  // 00:01.3, register 0
  CHECK(io.In(0xCFC, 4) == 0x71138086);
  io.Out(0xCF8, 4, 0x80000B40u);  // PMBA
  io.Out(0xCFC, 4, 0xB000);
  io.Out(0xCF8, 4, 0x80000B80u);  // PMREGMISC: PMIOSE
  io.Out(0xCFC, 1, 0x01);
  io.Out(0xB004, 2, 1 << 13);     // SLP_EN, SLP_TYP 0
  CHECK(power_offs == 1);
}

}  // namespace
}  // namespace m86

namespace m86 {
namespace {

TEST_CASE("the IDE function answers at 01.1 and its disk through the legacy ports", "[pc][ide]") {
  PcBoardConfig config;
  config.ram_bytes = 4u << 20;
  PcBoard board(Model(), config, HaltFirmware());
  IoBus& io = board.io_bus();
  io.Out(0xCF8, 4, 0x80000900);  // bus 0, device 1, function 1, register 0
  CHECK(io.In(0xCFC, 4) == 0x70108086);
  CHECK(io.In(0x1F7, 1) == 0xFF);  // not decoded until firmware enables it
  std::string error;
  REQUIRE(board.ide().AttachDisk(0, std::make_unique<OverlayImage>(std::vector<uint8_t>(1u << 20)), &error));
  board.ide().ConfigureAsFirmware(0xC000);
  StateDigest before;
  board.DigestState(before);
  io.Out(0x1F6, 1, 0xA0);
  io.Out(0x1F7, 1, 0xEC);
  CHECK(io.In(0x1F7, 1) == 0x58);
  CHECK(io.In(0x1F0, 2) == 0x0040);
  StateDigest after;
  board.DigestState(after);
  CHECK(before.value() != after.value());
}

}  // namespace
}  // namespace m86
