// The machine-state digest: values enter little-endian and at their full width, every part of
// the machine counts, and identical runs give identical digests.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "cpu/state_digest.h"
#include "devices/pc/pc_board.h"

namespace m86 {
namespace {

uint64_t DigestOfBytes(std::vector<uint8_t> bytes) {
  StateDigest d;
  d.Bytes(bytes.data(), bytes.size());
  return d.value();
}

TEST_CASE("Digest values enter little-endian at their declared width", "[pc][digest]") {
  StateDigest d32;
  d32(uint32_t{0x01020304});
  CHECK(d32.value() == DigestOfBytes({0x04, 0x03, 0x02, 0x01}));
  StateDigest d16;
  d16(int16_t{-2});
  CHECK(d16.value() == DigestOfBytes({0xFE, 0xFF}));
  StateDigest db;
  db(true);
  CHECK(db.value() == DigestOfBytes({0x01}));
  // The published FNV-1a 64 of the empty input and of "a".
  CHECK(DigestOfBytes({}) == 0xCBF29CE484222325ull);
  CHECK(DigestOfBytes({'a'}) == 0xAF63DC4C8601EC8Cull);
}

std::vector<uint8_t> HaltFirmware() { return std::vector<uint8_t>(4096, 0xF4); }

uint64_t BoardDigest(PcBoard& board) {
  StateDigest d;
  board.DigestState(d);
  return d.value();
}

TEST_CASE("The board digest covers RAM, devices and the CPU, and repeats", "[pc][digest]") {
  PcBoardConfig config;
  config.ram_bytes = 2u << 20;
  config.clock = ClockMode::kInstructions;
  config.rtc_host_time = false;  // a fixed date: the host's clock may tick between the boards
  const CpuModel& model = **ModelByName("pentiumpro");
  PcBoard a(model, config, HaltFirmware());
  PcBoard b(model, config, HaltFirmware());
  const uint64_t fresh = BoardDigest(a);
  CHECK(BoardDigest(b) == fresh);
  CHECK(BoardDigest(a) == fresh);  // taking a digest changes nothing

  a.memory().Write(0x12345, 1, 0x5A);
  const uint64_t ram_changed = BoardDigest(a);
  CHECK(ram_changed != fresh);
  a.io_bus().Out(0x21, 1, 0xFE);  // the master PIC's mask register
  const uint64_t pic_changed = BoardDigest(a);
  CHECK(pic_changed != ram_changed);
  a.cpu().s.gpr[kEbx] = 0x1234;
  CHECK(BoardDigest(a) != pic_changed);
  a.io_bus().Out(0x3C8, 1, 0x05);  // the VGA DAC write index
  CHECK(BoardDigest(a) != pic_changed);
}

}  // namespace
}  // namespace m86
