// The 8237A pair against the Intel 8237A datasheet and the PC/AT port layout.
#include <catch2/catch.hpp>
#include <vector>

#include "cpu/phys_memory.h"
#include "devices/dma/dma8237.h"
#include "devices/io/io_bus.h"

using namespace m86;

namespace {

struct DmaRig {
  PhysicalMemory memory{1u << 20};
  IoBus bus;
  DmaController dma{memory};
  std::vector<std::string> logs;
  DmaRig() {
    dma.Attach(bus);
    dma.log = [this](const std::string& s) { logs.push_back(s); };
  }
  // Programs an 8-bit channel the way a BIOS does: mask, flip-flop clear, mode, address and
  // count low/high, page, unmask.
  void Program8(int ch, uint8_t mode, uint32_t addr, uint16_t count) {
    static const uint16_t kPage[4] = {0x87, 0x83, 0x81, 0x82};
    bus.Out(0x0A, 1, 0x04 | ch);
    bus.Out(0x0C, 1, 0);
    bus.Out(0x0B, 1, mode | ch);
    bus.Out(0x00 + 2 * ch, 1, addr & 0xFF);
    bus.Out(0x00 + 2 * ch, 1, (addr >> 8) & 0xFF);
    bus.Out(kPage[ch], 1, (addr >> 16) & 0xFF);
    bus.Out(0x01 + 2 * ch, 1, count & 0xFF);
    bus.Out(0x01 + 2 * ch, 1, count >> 8);
    bus.Out(0x0A, 1, ch);
    bus.Out(0xD6, 1, 0xC0);  // channel 4 in cascade mode and unmasked, as the BIOS leaves it
    bus.Out(0xD4, 1, 0x00);
  }
  uint16_t Read16(uint16_t port) {
    const uint32_t lo = bus.In(port, 1);
    return static_cast<uint16_t>(lo | (bus.In(port, 1) << 8));
  }
};

std::vector<uint8_t> Pattern(size_t n, uint8_t seed) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(seed + i * 3);
  return v;
}

}  // namespace

TEST_CASE("8237 registers read back through the byte pointer flip-flop", "[dma]") {
  DmaRig r;
  r.Program8(2, 0x44, 0x12345, 0x01FF);
  r.bus.Out(0x0C, 1, 0);  // "Clear Byte Pointer Flip-Flop" before reading a 16-bit register
  CHECK(r.Read16(0x04) == 0x2345);
  CHECK(r.Read16(0x05) == 0x01FF);
  CHECK(r.bus.In(0x81, 1) == 0x01);
  CHECK((r.bus.In(0x0F, 1) & 0x0F) == 0x0B);  // only channel 2 unmasked (reset masks all)
}

TEST_CASE("8237 write transfer fills memory, counts down and signals terminal count", "[dma]") {
  DmaRig r;
  // Mode 0x44: single transfer, write (device to memory), increment, no autoinit.
  r.Program8(2, 0x44, 0x23000, 15);  // count is transfers minus one: 16 bytes
  auto data = Pattern(32, 7);
  bool tc = false;
  CHECK(r.dma.Transfer(2, std::span(data).first(10), true, &tc) == 10);
  CHECK_FALSE(tc);
  r.bus.Out(0x0C, 1, 0);
  CHECK(r.Read16(0x04) == 0x300A);
  CHECK(r.Read16(0x05) == 5);
  CHECK(r.dma.Transfer(2, std::span(data).subspan(10), true, &tc) == 6);  // stops at TC
  CHECK(tc);
  std::vector<uint8_t> mem(16);
  r.memory.ReadBytes(0x23000, mem);
  CHECK(mem == std::vector<uint8_t>(data.begin(), data.begin() + 16));
  CHECK(r.memory.Read(0x23010, 1) == 0);
  // Status: TC bit 2, cleared by the read; the channel masked itself (no autoinit).
  CHECK((r.bus.In(0x08, 1) & 0x0F) == 0x04);
  CHECK((r.bus.In(0x08, 1) & 0x0F) == 0x00);
  CHECK(r.dma.Transfer(2, data, true) == 0);
}

TEST_CASE("8237 autoinitialize, decrement and read transfers", "[dma]") {
  DmaRig r;
  SECTION("autoinit reloads the base registers at TC and stays unmasked") {
    r.Program8(1, 0x54, 0x4000, 3);
    auto data = Pattern(4, 1);
    bool tc = false;
    CHECK(r.dma.Transfer(1, data, true, &tc) == 4);
    CHECK(tc);
    r.bus.Out(0x0C, 1, 0);
    CHECK(r.Read16(0x02) == 0x4000);
    CHECK(r.Read16(0x03) == 3);
    CHECK(r.dma.ChannelReady(1));
  }
  SECTION("decrement mode stores at falling addresses") {
    r.Program8(3, 0x64, 0x5003, 3);
    std::vector<uint8_t> data = {1, 2, 3, 4};
    CHECK(r.dma.Transfer(3, data, true) == 4);
    CHECK(r.memory.Read(0x5000, 4) == 0x01020304u);
  }
  SECTION("read mode (memory to device) and direction mismatch") {
    const auto src = Pattern(8, 9);
    r.memory.WriteBytes(0x6000, src);
    r.Program8(2, 0x48, 0x6000, 7);
    std::vector<uint8_t> out(8);
    CHECK(r.dma.Transfer(2, out, true) == 0);  // a disk read into a read-mode channel
    CHECK(r.dma.Transfer(2, out, false) == 8);
    CHECK(out == src);
  }
}

TEST_CASE("8237 16-bit channels address words; master clear masks everything", "[dma]") {
  DmaRig r;
  // Channel 5: registers at 0xC4/0xC6, mode at 0xD6, mask at 0xD4, page at 0x8B.
  r.bus.Out(0xD8, 1, 0);
  r.bus.Out(0xD6, 1, 0x44 | 1);
  r.bus.Out(0xC4, 1, 0x00);
  r.bus.Out(0xC4, 1, 0x10);  // word address 0x1000 -> byte 0x2000
  r.bus.Out(0x8B, 1, 0x03);  // bit 0 unused: 0x020000
  r.bus.Out(0xC6, 1, 1);     // two words
  r.bus.Out(0xC6, 1, 0);
  r.bus.Out(0xD4, 1, 1);
  r.bus.Out(0xD4, 1, 0);  // unmask the cascade channel 4 too
  std::vector<uint8_t> data = {0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF};
  bool tc = false;
  CHECK(r.dma.Transfer(5, data, true, &tc) == 4);
  CHECK(tc);
  CHECK(r.memory.Read(0x22000, 4) == 0xDDCCBBAAu);
  r.bus.Out(0xDA, 1, 0);  // master clear
  CHECK((r.bus.In(0xDE, 1) & 0x0F) == 0x0F);
}
