#include "bios/boot/linux_boot.h"

#include <catch2/catch.hpp>

#include "cpu/model.h"

namespace m86 {
namespace {

constexpr uint32_t kRam = 64u << 20;

const CpuModel& Model() { return **ModelByName("pentiumpro"); }

void Put(std::vector<uint8_t>& b, uint32_t at, int size, uint32_t v) {
  for (int i = 0; i < size; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}
uint32_t Get(PhysicalMemory& m, uint32_t at, int size) { return m.Read(at, size); }

// A bzImage as the boot protocol describes it (Documentation/arch/x86/boot.rst): four setup
// sectors after the boot sector, the header at 0x1F1, then a protected-mode payload.
std::vector<uint8_t> BzImage(uint16_t version = 0x020F, uint32_t payload = 8192) {
  std::vector<uint8_t> k(5 * 512 + payload, 0);
  k[0x1F1] = 4;                  // setup_sects
  Put(k, 0x1FA, 2, 0xFFFF);      // vid_mode: normal
  Put(k, 0x1FE, 2, 0xAA55);
  Put(k, 0x202, 4, 0x53726448);  // "HdrS"
  Put(k, 0x206, 2, version);
  k[0x211] = 0x01;               // LOADED_HIGH
  Put(k, 0x22C, 4, 0x37FFFFFF);  // initrd_addr_max
  Put(k, 0x238, 4, 2047);        // cmdline_size
  Put(k, 0x260, 4, 0x400000);    // init_size: 4 MiB from 1 MiB
  for (uint32_t i = 0; i < payload; ++i) k[5 * 512 + i] = static_cast<uint8_t>(i * 7);
  return k;
}

TEST_CASE("a bzImage is placed and its header filled as the boot protocol says", "[linux_boot]") {
  std::vector<uint8_t> initrd(100000, 0x5A);
  std::string error;
  auto boot = LinuxBoot::Prepare(BzImage(), initrd, "console=ttyS0 vga=ext", Model(), kRam, &error);
  REQUIRE(boot);
  PhysicalMemory memory(kRam);
  const DirectBootEntry entry = boot->Load(memory, Model(), kRam);
  CHECK(entry.kind == DirectBootEntry::Kind::kRealMode);
  CHECK(entry.data_segment == 0x1000);
  CHECK(entry.code_segment == 0x1020);  // the setup code's entry at offset 200h
  CHECK(entry.stack_pointer == 0xE000);
  const uint32_t setup = LinuxBoot::kSetupBase;
  CHECK(Get(memory, setup + 0x210, 1) == 0xFF);          // type_of_loader: undefined
  CHECK((Get(memory, setup + 0x211, 1) & 0x81) == 0x81);  // LOADED_HIGH kept, CAN_USE_HEAP
  CHECK(Get(memory, setup + 0x224, 2) == 0xE000 - 0x200);  // heap_end_ptr
  CHECK(Get(memory, setup + 0x228, 4) == 0x1E000);        // cmd_line_ptr
  CHECK(Get(memory, setup + 0x1FA, 2) == 0xFFFE);         // vga=ext
  const uint32_t initrd_at = Get(memory, setup + 0x218, 4);
  CHECK(Get(memory, setup + 0x21C, 4) == 100000);
  CHECK(initrd_at % 4096 == 0);
  CHECK(initrd_at >= 0x100000 + 0x400000);  // clear of init_size
  CHECK(initrd_at + 100000 <= kRam - 64 * 1024);  // below the firmware tables
  CHECK(initrd_at + 100000 > kRam - 64 * 1024 - 4096 - 100000);  // as high as it goes
  CHECK(Get(memory, initrd_at + 99999, 1) == 0x5A);
  CHECK(Get(memory, 0x100000 + 3, 1) == 21);  // the payload at 1 MiB
  std::string cmdline;
  for (uint32_t a = 0x1E000; Get(memory, a, 1) != 0; ++a) cmdline += static_cast<char>(Get(memory, a, 1));
  CHECK(cmdline == "console=ttyS0 vga=ext");
}

TEST_CASE("kernels the loader cannot boot are refused with a reason", "[linux_boot]") {
  std::string error;
  CHECK_FALSE(LinuxBoot::Prepare(std::vector<uint8_t>(4096, 0x90), {}, "", Model(), kRam, &error));
  CHECK(error.find("not a Linux bzImage") != std::string::npos);
  CHECK_FALSE(LinuxBoot::Prepare(BzImage(0x0201), {}, "", Model(), kRam, &error));
  CHECK(error.find("2.02 or later") != std::string::npos);
  auto zimage = BzImage();
  zimage[0x211] = 0;
  CHECK_FALSE(LinuxBoot::Prepare(zimage, {}, "", Model(), kRam, &error));
  CHECK(error.find("zImage") != std::string::npos);
  CHECK_FALSE(LinuxBoot::Prepare(BzImage(), std::vector<uint8_t>(62u << 20, 1), "", Model(), kRam, &error));
  CHECK(error.find("does not fit") != std::string::npos);
  CHECK_FALSE(LinuxBoot::Prepare(BzImage(), {}, std::string(3000, 'x'), Model(), kRam, &error));
  CHECK(error.find("command line of at most 2047") != std::string::npos);
  CHECK_FALSE(LinuxBoot::Prepare(BzImage(), {}, "", Model(), 4u << 20, &error));
  CHECK(error.find("to unpack") != std::string::npos);
}

TEST_CASE("vga= on the command line becomes vid_mode", "[linux_boot]") {
  CHECK(VideoModeFromCmdline("quiet", 0x1234) == 0x1234);
  CHECK(VideoModeFromCmdline("vga=normal", 0) == 0xFFFF);
  CHECK(VideoModeFromCmdline("vga=ask", 0) == 0xFFFD);
  CHECK(VideoModeFromCmdline("vga=0x317 quiet", 0) == 0x317);
  CHECK(VideoModeFromCmdline("vga=791", 0) == 791);
  CHECK(VideoModeFromCmdline("avga=5", 7) == 7);
  CHECK(VideoModeFromCmdline("vga=ext vga=normal", 0) == 0xFFFF);
  CHECK(VideoModeFromCmdline("vga=bogus", 9) == 9);
}

}  // namespace
}  // namespace m86
