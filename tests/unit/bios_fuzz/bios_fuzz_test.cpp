// Robustness of the BIOS services: whatever registers a guest passes, a service returns, leaves
// the emulator's memory intact (the sanitizer build runs this) and never faults the host. Each
// service is called many times with random registers and segments on a fully wired PC.
#include <catch2/catch.hpp>

#include <memory>
#include <random>
#include <vector>

#include "cpu/segments.h"
#include "frontend/pc_machine.h"

namespace m86 {
namespace {

struct Service {
  const char* name;
  BiosService function;
  int iterations;
};

TEST_CASE("BIOS services survive random registers", "[bios][fuzz]") {
  PcMachineConfig config;
  config.board.ram_bytes = 8u << 20;
  config.board.clock = ClockMode::kInstructions;
  config.board.rtc_host_time = false;
  PcMachine machine(**ModelByName("pentiumpro"), config);
  std::string error;
  REQUIRE(machine.InsertFloppy(0, std::make_unique<OverlayImage>(std::vector<uint8_t>(1474560)), &error));
  machine.AttachHardDisk(0, std::make_unique<OverlayImage>(std::vector<uint8_t>(4u << 20)));
  Cpu& cpu = machine.board().cpu();
  Bios& bios = machine.bios();
  // Unimplemented functions are logged once each: count them instead of printing.
  int logged = 0;
  bios.log_sink = [&logged](const std::string&) { ++logged; };
  machine.board().vga().log().sink = [&logged](const std::string&) { ++logged; };
  // POST first, as the guest would have it: vectors, data area, video mode 3.
  BiosCall post(cpu);
  BiosPost(bios, post);

  const Service services[] = {
      {"INT 08h", &Int08Timer, 200},       {"INT 09h", &Int09Keyboard, 3000},
      {"INT 10h", &Int10Video, 20000},      {"INT 11h", &Int11Equipment, 50},
      {"INT 12h", &Int12MemorySize, 50},   {"INT 13h", &Int13Disk, 20000},
      {"INT 14h", &Int14Serial, 1000},     {"INT 15h", &Int15System, 3000},
      {"INT 16h", &Int16Keyboard, 2000},   {"INT 17h", &Int17Printer, 500},
      {"INT 1Ah", &Int1ATime, 1000},       {"INT 19h", &Int19Boot, 20},
  };
  std::mt19937 rng(20261125);
  int calls = 0, expected = 0;
  for (const Service& s : services) expected += s.iterations;
  auto word = [&] { return static_cast<uint16_t>(rng()); };
  for (const Service& s : services) {
    INFO(s.name);
    for (int i = 0; i < s.iterations; ++i) {
      for (int r = 0; r < 8; ++r) cpu.s.gpr[r] = rng();
      // Mostly small function numbers in AH, as callers use them, and sometimes anything.
      if (rng() % 4 != 0) cpu.s.gpr[kEax] = (cpu.s.gpr[kEax] & 0xFFFF00FF) | ((rng() % 0x50) << 8);
      // Mostly drives that exist, with small sector counts.
      if (s.function == &Int13Disk && rng() % 4 != 0) {
        cpu.s.gpr[kEdx] = (cpu.s.gpr[kEdx] & ~0xFFu) | (rng() % 2 ? 0x80 : 0x00);
        cpu.s.gpr[kEax] = (cpu.s.gpr[kEax] & ~0xFFu) | (rng() % 40);
        if (rng() % 2) cpu.s.gpr[kEax] = (cpu.s.gpr[kEax] & ~0xFF00u) | ((0x41 + rng() % 8) << 8);
      }
      if (s.function == &Int10Video && rng() % 8 == 0) cpu.s.gpr[kEax] = 0x4F00 | (rng() % 16);
      if (s.function == &Int15System && rng() % 4 == 0) {
        cpu.s.gpr[kEax] = rng() % 2 ? 0xE820 : 0xE801;
        cpu.s.gpr[kEdx] = 0x534D4150;
      }
      // A valid stack for the FLAGS image, anywhere the buffers may point.
      cpu.s.gpr[kEsp] = 0x7000;
      LoadSegmentRealMode(cpu, kSs, 0);
      LoadSegmentRealMode(cpu, kEs, word());
      LoadSegmentRealMode(cpu, kDs, word());
      cpu.s.rip = 0x1002;
      cpu.set_insn_eip(0x1000);
      BiosCall call(cpu);
      s.function(bios, call);
      ++calls;
      // Blocking services ask to be called again; the machine would run interrupts meanwhile.
      machine.board().SkipIdleTime(100'000'000);
      machine.board().SyncTime();
      bios.state = BiosState{};
    }
  }
  CHECK(calls == expected);
  // Random functions hit unimplemented ones, which must have been reported by name.
  CHECK(logged > 10);
  // The machine still works afterwards: the text screen is readable or a graphics mode is on.
  TextScreen text;
  Frame frame;
  machine.Render(&frame);
  CHECK(frame.width > 0);
  CHECK(frame.height > 0);
  (void)machine.ReadText(&text);
}

}  // namespace
}  // namespace m86
