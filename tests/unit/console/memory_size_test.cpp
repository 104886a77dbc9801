// -m as QEMU spells it: MiB by default, K/M/G/T suffixes, size=N, whole MiB up to 1 TiB; the
// first 3 GiB below 4 GiB, the rest from 4 GiB where the model's physical addresses reach.
#include <catch2/catch.hpp>

#include "frontend/memory_size.h"

namespace m86 {
namespace {

uint32_t Mib(const std::string& text) {
  uint32_t mib = 0;
  std::string error;
  REQUIRE(ParseMemorySize(text, &mib, &error));
  CHECK(error.empty());
  return mib;
}

std::string Error(const std::string& text) {
  uint32_t mib = 77;
  std::string error;
  REQUIRE_FALSE(ParseMemorySize(text, &mib, &error));
  CHECK(mib == 77);
  return error;
}

TEST_CASE("Memory sizes in QEMU's spellings", "[options]") {
  CHECK(Mib("64") == 64);
  CHECK(Mib("1") == 1);
  CHECK(Mib("512M") == 512);
  CHECK(Mib("512m") == 512);
  CHECK(Mib("1G") == 1024);
  CHECK(Mib("1g") == 1024);
  CHECK(Mib("1.5G") == 1536);
  CHECK(Mib("3G") == 3072);
  CHECK(Mib("262144K") == 256);
  CHECK(Mib("256MB") == 256);
  CHECK(Mib("size=2G") == 2048);
  CHECK(Mib("6G") == 6144);
  CHECK(Mib("1T") == 1048576);
}

TEST_CASE("RAM past 3 GiB continues at 4 GiB where the model reaches it", "[options]") {
  const RamLayout small = SplitMemory(3072);
  CHECK(small.below_4g == 3072u << 20);
  CHECK(small.above_4g == 0);
  const RamLayout six = SplitMemory(6144);
  CHECK(six.below_4g == 3072u << 20);
  CHECK(six.above_4g == uint64_t{3072} << 20);
  CHECK(CheckMemoryReach(six, **ModelByName("pentiumpro")).empty());   // 36 bits: 64 GiB
  CHECK(CheckMemoryReach(small, **ModelByName("80486")).empty());
  CHECK(CheckMemoryReach(six, **ModelByName("80486")).find("32-bit") != std::string::npos);
  // 3 GiB below and 60 GiB from 4 GiB fill the 36-bit space exactly; one MiB more does not.
  CHECK(CheckMemoryReach(SplitMemory(63 * 1024), **ModelByName("core2")).empty());
  CHECK_FALSE(CheckMemoryReach(SplitMemory(63 * 1024 + 1), **ModelByName("core2")).empty());
}

TEST_CASE("Memory sizes out of range or malformed are refused", "[options]") {
  CHECK(Error("0").find("between 1 MiB and 1 TiB") != std::string::npos);
  CHECK(Error("1048577").find("between") != std::string::npos);
  CHECK(Error("2T").find("between") != std::string::npos);
  CHECK(Error("1500K").find("whole number of MiB") != std::string::npos);
  CHECK(Error("1.3M").find("bad memory size") != std::string::npos);
  for (const char* bad : {"", "G", "-1", "12Q", "1..5G", "1GG", "0x40", "64 M", "size=",
                          "99999999999999999999999G"}) {
    INFO(bad);
    CHECK_FALSE(Error(bad).empty());
  }
}

}  // namespace
}  // namespace m86
