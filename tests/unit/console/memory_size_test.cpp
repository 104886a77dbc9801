// -m as QEMU spells it: MiB by default, K/M/G/T suffixes, size=N, whole MiB up to 3 GiB.
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
}

TEST_CASE("Memory sizes out of range or malformed are refused", "[options]") {
  CHECK(Error("0").find("between 1 MiB and 3 GiB") != std::string::npos);
  CHECK(Error("3073").find("between") != std::string::npos);
  CHECK(Error("4G").find("between") != std::string::npos);
  CHECK(Error("1T").find("between") != std::string::npos);
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
