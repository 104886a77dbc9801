// The 440FX's PAM registers over shadow RAM (82441FX datasheet 3.2.18) and QEMU's standard VGA
// as a PCI function (BAR0 framebuffer, expansion ROM BAR: PCI 3.0, 6.2.5), through
// configuration cycles as firmware issues them.
#include <catch2/catch.hpp>

#include <vector>

#include "cpu/phys_memory.h"
#include "devices/pci/i440fx.h"
#include "devices/time/scheduler.h"
#include "devices/vga/stdvga_pci.h"
#include "devices/vga/vga.h"

namespace m86 {
namespace {

constexpr uint8_t kPam0 = 0x59, kPam1 = 0x5A;

TEST_CASE("PAM switches reads and writes of a segment between ROM and shadow RAM", "[pci][pam]") {
  PhysicalMemory memory(2u << 20);
  const std::vector<uint8_t> rom(0x10000, 0xAA);
  memory.MapRom(0xF0000, rom);
  const std::vector<uint8_t> option_rom(0x8000, 0xBB);
  memory.MapRom(0xC0000, option_rom);
  I440fxHostBridge bridge(&memory);
  CHECK(memory.Read(0xF0000, 1) == 0xAA);  // at reset: the ROM for reads, writes lost
  memory.Write(0xF0000, 1, 0x11);
  CHECK(memory.Read(0xF0000, 1) == 0xAA);

  // PAM0 bits 5:4 cover 0xF0000-0xFFFFF: write-enable alone sends writes to DRAM while reads
  // still come from the ROM, which is how firmware copies itself into its shadow.
  bridge.ConfigWrite(kPam0, 1, 0x20);
  memory.Write(0xF1234, 1, 0x55);
  CHECK(memory.Read(0xF1234, 1) == 0xAA);
  // Read-enable alone: the DRAM copy, write-protected.
  bridge.ConfigWrite(kPam0, 1, 0x10);
  CHECK(memory.Read(0xF1234, 1) == 0x55);
  memory.Write(0xF1234, 1, 0x66);
  CHECK(memory.Read(0xF1234, 1) == 0x55);
  // Both: plain RAM.
  bridge.ConfigWrite(kPam0, 1, 0x30);
  memory.Write(0xF1234, 1, 0x77);
  CHECK(memory.Read(0xF1234, 1) == 0x77);
  // Off again: the ROM, with the shadow's contents kept for the next time.
  bridge.ConfigWrite(kPam0, 1, 0x00);
  CHECK(memory.Read(0xF1234, 1) == 0xAA);
  bridge.ConfigWrite(kPam0, 1, 0x10);
  CHECK(memory.Read(0xF1234, 1) == 0x77);

  // PAM1's low nibble is 0xC0000-0xC3FFF only; 0xC4000 follows the high nibble.
  bridge.ConfigWrite(kPam1, 1, 0x03);
  memory.Write(0xC0010, 1, 0x42);
  memory.Write(0xC4010, 1, 0x43);
  CHECK(memory.Read(0xC0010, 1) == 0x42);
  CHECK(memory.Read(0xC4010, 1) == 0xBB);
}

TEST_CASE("The standard VGA answers as 1234:1111 with a movable framebuffer and ROM", "[pci][vga]") {
  Scheduler scheduler;
  PhysicalMemory memory(4u << 20);
  VgaConfig config;
  config.lfb_base = 0;
  Vga vga(scheduler, config);
  std::vector<uint8_t> rom(40 * 1024, 0);
  rom[0] = 0x55;
  rom[1] = 0xAA;
  rom[2] = 80;  // 80 x 512 bytes
  StdVgaPci function(vga, memory, rom);
  CHECK(function.ConfigRead(0x00, 4) == 0x11111234);
  CHECK(function.ConfigRead(0x08, 4) == 0x03000002);  // class 03 00 00, revision 2
  CHECK(function.ConfigRead(0x2C, 4) == 0x11001AF4);

  // BAR0: the sizing protocol answers the framebuffer's size, prefetchable 32-bit memory.
  function.ConfigWrite(0x10, 4, 0xFFFFFFFF);
  const uint32_t mask = function.ConfigRead(0x10, 4);
  CHECK((mask & 0xF) == 0x8);
  const uint32_t size = ~(mask & ~0xFu) + 1;
  CHECK(size >= (8u << 20));
  CHECK((size & (size - 1)) == 0);

  // Placed and decoded: guest writes through BAR0 land in video memory; moved, they follow.
  function.ConfigWrite(0x10, 4, 0xE0000000);
  function.ConfigWrite(0x04, 2, 0x0002);  // memory space on
  memory.Write(0xE0000010, 4, 0x12345678);
  CHECK(memory.Read(0xE0000010, 4) == 0x12345678);
  function.ConfigWrite(0x10, 4, 0xD0000000);
  CHECK(memory.Read(0xD0000010, 4) == 0x12345678);
  CHECK(memory.Read(0xE0000010, 4) != 0x12345678);

  // The expansion ROM BAR: sized to a power of two at least the image, enabled by its bit 0
  // together with memory space, read-only.
  function.ConfigWrite(0x30, 4, 0xFFFFF800);
  CHECK(function.ConfigRead(0x30, 4) == 0xFFFF0000);  // 64 KiB for a 40 KiB image
  function.ConfigWrite(0x30, 4, 0xFEB00001);
  CHECK(memory.Read(0xFEB00000, 2) == 0xAA55);
  CHECK(memory.Read(0xFEB00002, 1) == 80);
  memory.Write(0xFEB00000, 2, 0);
  CHECK(memory.Read(0xFEB00000, 2) == 0xAA55);
  function.ConfigWrite(0x30, 4, 0xFEB00000);  // disabled: nothing decodes there
  CHECK(memory.Read(0xFEB00000, 2) != 0xAA55);
}

}  // namespace
}  // namespace m86
