// The MOO reader on synthetic files: a well-formed one written as gzip to a temporary folder,
// and damaged images that must be rejected with an error, never a crash.
#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/sst/metadata.h"
#include "tests/sst/moo_reader.h"

using namespace m86::sst;

namespace {

struct Builder {
  std::vector<uint8_t> out;
  void U8(uint32_t v) { out.push_back(static_cast<uint8_t>(v)); }
  void U16(uint32_t v) { U8(v); U8(v >> 8); }
  void U32(uint32_t v) { U16(v); U16(v >> 16); }
  void Tag(const char* t) { out.insert(out.end(), t, t + 4); }
  // Starts a chunk; returns the position of its length field for End().
  size_t Begin(const char* t) { Tag(t); U32(0); return out.size(); }
  void End(size_t at) {
    const uint32_t len = static_cast<uint32_t>(out.size() - at);
    for (int i = 0; i < 4; ++i) out[at - 4 + i] = static_cast<uint8_t>(len >> (8 * i));
  }
};

std::vector<uint8_t> SampleImage() {
  Builder b;
  size_t h = b.Begin("MOO ");
  b.U8(1); b.U8(0); b.U8(0); b.U8(0); b.U32(1); b.Tag("8086");
  b.End(h);
  size_t t = b.Begin("TEST");
  b.U32(0);
  size_t n = b.Begin("NAME"); b.U32(10); b.Tag("add "); b.Tag("cl, "); b.U8('a'); b.U8('h'); b.End(n);
  size_t y = b.Begin("BYTS"); b.U32(2); b.U8(0x00); b.U8(0xE1); b.End(y);
  size_t i = b.Begin("INIT");
  size_t r = b.Begin("REGS"); b.U16(0x3FFF);
  for (int k = 0; k < 14; ++k) b.U16(0x1000 + k);
  b.End(r);
  size_t m = b.Begin("RAM "); b.U32(2); b.U32(0x12345); b.U8(0x00); b.U32(0x12346); b.U8(0xE1); b.End(m);
  size_t q = b.Begin("QUEU"); b.U32(0); b.End(q);
  b.End(i);
  size_t f = b.Begin("FINA");
  r = b.Begin("REGS"); b.U16((1u << 2) | (1u << 12)); b.U16(0x1077); b.U16(0x0002); b.End(r);
  m = b.Begin("RAM "); b.U32(0); b.End(m);
  b.End(f);
  size_t e = b.Begin("EXCP"); b.U8(0); b.U32(0x1234); b.End(e);
  size_t s = b.Begin("HASH"); for (int k = 0; k < 20; ++k) b.U8(k); b.End(s);
  b.End(t);
  return b.out;
}

}  // namespace

TEST_CASE("MOO reader parses a gzip file", "[sst]") {
  const auto dir = std::filesystem::temp_directory_path() / "m86_sst_test";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "00.MOO.gz").string();
  const auto image = SampleImage();
  gzFile gz = gzopen(path.c_str(), "wb");
  REQUIRE(gz);
  REQUIRE(gzwrite(gz, image.data(), static_cast<unsigned>(image.size())) ==
          static_cast<int>(image.size()));
  gzclose(gz);

  MooFile f;
  std::string error;
  std::vector<uint8_t> scratch;
  REQUIRE(ReadMooFile(path, &f, &error, &scratch));
  CHECK(f.cpu_name == "8086");
  REQUIRE(f.tests.size() == 1);
  const MooTest& t = f.tests[0];
  CHECK(f.Name(t) == "add cl, ah");
  CHECK(f.Bytes(t).size() == 2);
  CHECK(f.Bytes(t)[1] == 0xE1);
  CHECK(t.init.regs[kMooAx] == 0x1000);
  CHECK(t.init.regs[kMooFlags] == 0x100D);
  CHECK(f.Ram(t.init).size() == 2);
  CHECK(f.Ram(t.init)[1].address == 0x12346);
  CHECK(t.final.Has(kMooCx));
  CHECK(!t.final.Has(kMooAx));
  CHECK(t.final.regs[kMooCx] == 0x1077);
  CHECK(t.final.regs[kMooIp] == 0x0002);
  CHECK(t.has_exception);
  CHECK(t.exception_flag_address == 0x1234);
  CHECK(HashHex(t).substr(0, 6) == "000102");
  std::filesystem::remove_all(dir);
}

TEST_CASE("MOO reader rejects damaged images", "[sst]") {
  const auto image = SampleImage();
  MooFile f;
  std::string error;
  // Every truncation is an error with a message, never a crash or a partial success.
  for (size_t len = 0; len < image.size(); ++len) {
    error.clear();
    CHECK_FALSE(ParseMoo(std::span<const uint8_t>(image.data(), len), &f, &error));
    CHECK(!error.empty());
  }
  // A chunk length pointing past the end.
  auto bad = image;
  bad[4] = 0xFF;
  CHECK_FALSE(ParseMoo(bad, &f, &error));
  // Not a MOO file at all.
  const std::vector<uint8_t> junk = {'P', 'K', 3, 4, 0, 0, 0, 0};
  CHECK_FALSE(ParseMoo(junk, &f, &error));
  CHECK(error.find("MOO") != std::string::npos);
  CHECK(ReadMooFile("/nonexistent/00.MOO.gz", &f, &error, nullptr) == false);
}

TEST_CASE("metadata file keys", "[sst]") {
  CHECK(FileKey("80.1.MOO.gz") == "80.1");
  CHECK(FileKey("/x/0f01.moo.gz") == "0F01");
  CHECK(FileKey("37.MOO") == "37");
}
