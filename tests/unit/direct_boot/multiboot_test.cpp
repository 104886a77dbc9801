#include "bios/boot/multiboot.h"

#include <catch2/catch.hpp>

#include "cpu/model.h"

namespace m86 {
namespace {

constexpr uint32_t kRam = 32u << 20;

const CpuModel& Model() { return **ModelByName("pentiumpro"); }

void Put(std::vector<uint8_t>& b, uint32_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}

// A kernel with the a.out kludge (Multiboot 0.6.96, 3.1.3): header at file offset 0x40,
// loaded at 2 MiB, 0x1000 bytes of file and 0x1000 of bss.
std::vector<uint8_t> AoutKernel(uint32_t flags = 0x00010003) {
  std::vector<uint8_t> k(0x1000, 0xCC);
  const uint32_t load = 0x200000;
  Put(k, 0x40, 0x1BADB002);
  Put(k, 0x44, flags);
  Put(k, 0x48, 0u - (0x1BADB002u + flags));
  Put(k, 0x4C, load + 0x40);   // header_addr
  Put(k, 0x50, load);          // load_addr
  Put(k, 0x54, load + 0x1000); // load_end_addr
  Put(k, 0x58, load + 0x2000); // bss_end_addr
  Put(k, 0x5C, load + 0x80);   // entry_addr
  return k;
}

TEST_CASE("a multiboot kernel and its modules are laid out and described", "[multiboot]") {
  const auto kernel = AoutKernel();
  REQUIRE(MultibootBoot::Detect(kernel));
  std::vector<MultibootModule> modules(2);
  modules[0].data.assign(5000, 0x11);
  modules[0].cmdline = "first.mod arg";
  modules[1].data.assign(10, 0x22);
  modules[1].cmdline = "second.mod";
  std::string error;
  auto boot = MultibootBoot::Prepare(kernel, modules, "kernel root=x", Model(), kRam, &error);
  REQUIRE(boot);
  PhysicalMemory memory(kRam);
  memory.Write(0x201800, 4, 0xDEADBEEF);  // stale bytes in the bss are cleared
  const DirectBootEntry entry = boot->Load(memory, Model(), kRam);
  CHECK(entry.kind == DirectBootEntry::Kind::kProtected);
  CHECK(entry.entry == 0x200080);
  CHECK(entry.eax == 0x2BADB002);
  const uint32_t info = entry.ebx;
  CHECK(memory.Read(0x200000, 1) == 0xCC);
  CHECK(memory.Read(0x201800, 4) == 0);
  const uint32_t flags = memory.Read(info, 4);
  CHECK((flags & 0x24D) == 0x24D);  // memory, cmdline, modules, memory map, loader name
  CHECK(memory.Read(info + 4, 4) == 639);
  CHECK(memory.Read(info + 20, 4) == 2);
  const uint32_t mods = memory.Read(info + 24, 4);
  const uint32_t first = memory.Read(mods, 4);
  CHECK(first == 0x202000);  // page-aligned after the bss
  CHECK(memory.Read(mods + 4, 4) == first + 5000);
  CHECK(memory.Read(first + 4999, 1) == 0x11);
  const uint32_t second = memory.Read(mods + 16, 4);
  CHECK(second == 0x204000);
  CHECK(memory.Read(second, 1) == 0x22);
  auto string_at = [&](uint32_t a) {
    std::string s;
    for (; memory.Read(a, 1) != 0; ++a) s += static_cast<char>(memory.Read(a, 1));
    return s;
  };
  CHECK(string_at(memory.Read(mods + 8, 4)) == "first.mod arg");
  CHECK(string_at(memory.Read(info + 16, 4)) == "kernel root=x");
  CHECK(string_at(memory.Read(info + 64, 4)) == "morph86");
  // The memory map: 24-byte entries whose size field says 20; the first is conventional RAM.
  const uint32_t map = memory.Read(info + 48, 4);
  CHECK(memory.Read(info + 44, 4) % 24 == 0);
  CHECK(memory.Read(map, 4) == 20);
  CHECK(memory.Read(map + 12, 4) == 0x9FC00);
  CHECK(memory.Read(map + 20, 4) == 1);
}

TEST_CASE("the multiboot memory map includes the RAM above 4 GiB", "[multiboot]") {
  std::string error;
  auto boot = MultibootBoot::Prepare(AoutKernel(), {}, "", Model(), kRam, &error);
  REQUIRE(boot);
  constexpr uint64_t kHigh = uint64_t{3} << 30;
  PhysicalMemory memory(kRam, kHigh);
  const uint32_t info = boot->Load(memory, Model(), kRam).ebx;
  const uint32_t map = memory.Read(info + 48, 4);
  const uint32_t last = map + memory.Read(info + 44, 4) - 24;
  CHECK(memory.Read(last + 4, 4) == 0);  // base 1_0000_0000h
  CHECK(memory.Read(last + 8, 4) == 1);
  CHECK(memory.Read(last + 12, 4) == static_cast<uint32_t>(kHigh));
  CHECK(memory.Read(last + 16, 4) == static_cast<uint32_t>(kHigh >> 32));
  CHECK(memory.Read(last + 20, 4) == 1);
}

TEST_CASE("multiboot kernels that ask for the impossible are refused", "[multiboot]") {
  std::string error;
  CHECK_FALSE(MultibootBoot::Detect(std::vector<uint8_t>(0x3000, 0)));
  // Bit 3 and up of the required flags are unknown to the loader (3.1.2).
  CHECK_FALSE(MultibootBoot::Prepare(AoutKernel(0x00010008), {}, "", Model(), kRam, &error));
  CHECK(error.find("lacks") != std::string::npos);
  // Loaded beyond the RAM.
  auto high = AoutKernel();
  Put(high, 0x4C, 0x4000040);
  Put(high, 0x50, 0x4000000);
  Put(high, 0x54, 0x4001000);
  Put(high, 0x58, 0x4002000);
  CHECK_FALSE(MultibootBoot::Prepare(high, {}, "", Model(), kRam, &error));
  CHECK(error.find("outside the RAM") != std::string::npos);
  // Without the a.out kludge the file must be ELF.
  CHECK_FALSE(MultibootBoot::Prepare(AoutKernel(0x3), {}, "", Model(), kRam, &error));
  CHECK(error.find("ELF") != std::string::npos);
}

}  // namespace
}  // namespace m86
