// QEMU's fw_cfg device as SeaBIOS and Linux drive it (QEMU docs/specs/fw_cfg.rst): the
// selector and data ports, the file directory, and DMA reads, skips and refused writes.
#include <catch2/catch.hpp>

#include "devices/fw_cfg/fw_cfg.h"

namespace m86 {
namespace {

uint32_t Be32(uint32_t v) {
  return (v >> 24) | ((v >> 8) & 0xFF00) | ((v << 8) & 0xFF0000) | (v << 24);
}

struct Rig {
  PhysicalMemory memory{1u << 20};
  IoBus bus;
  FwCfg cfg{memory};
  Rig() { cfg.Attach(bus); }
  std::vector<uint8_t> ReadItem(uint16_t key, size_t n) {
    bus.Out(0x510, 2, key);
    std::vector<uint8_t> out;
    for (size_t i = 0; i < n; ++i) out.push_back(static_cast<uint8_t>(bus.In(0x511, 1)));
    return out;
  }
  // Writes a DMA descriptor at 0x1000 and starts it; returns the control word afterwards.
  uint32_t Dma(uint32_t control, uint32_t length, uint32_t address) {
    memory.Write(0x1000, 4, Be32(control));
    memory.Write(0x1004, 4, Be32(length));
    memory.Write(0x1008, 4, 0);
    memory.Write(0x100C, 4, Be32(address));
    bus.Out(0x514, 4, 0);
    bus.Out(0x518, 4, Be32(0x1000));
    return Be32(memory.Read(0x1000, 4));
  }
};

TEST_CASE("fw_cfg: signature, ID and integers through the data port", "[fw_cfg]") {
  Rig r;
  CHECK(r.ReadItem(fw_cfg_key::kSignature, 4) == std::vector<uint8_t>{'Q', 'E', 'M', 'U'});
  CHECK(r.ReadItem(fw_cfg_key::kId, 4) == std::vector<uint8_t>{3, 0, 0, 0});  // I/O and DMA
  r.cfg.SetItemLe(fw_cfg_key::kRamSize, 0x12345678ull << 8, 8);
  CHECK(r.ReadItem(fw_cfg_key::kRamSize, 9) ==
        std::vector<uint8_t>{0x00, 0x78, 0x56, 0x34, 0x12, 0, 0, 0, 0});  // then zeros
  CHECK(r.ReadItem(0x1234, 2) == std::vector<uint8_t>{0, 0});  // no such item
  // The DMA address register reads as "QEMU CFG", big-endian.
  CHECK(Be32(r.bus.In(0x514, 4)) == 0x51454D55);
  CHECK(Be32(r.bus.In(0x518, 4)) == 0x20434647);
}

TEST_CASE("fw_cfg: the file directory lists files in name order", "[fw_cfg]") {
  Rig r;
  r.cfg.SetFile("etc/e820", std::vector<uint8_t>(20, 0xAA));
  r.cfg.SetFile("bootorder", {'/', 'x', 0});
  const std::vector<uint8_t> dir = r.ReadItem(fw_cfg_key::kFileDir, 4 + 2 * 64);
  CHECK(dir[3] == 2);  // big-endian count
  // Entry 0: "bootorder", 3 bytes, item 0x20.
  CHECK(std::vector<uint8_t>(dir.begin() + 4, dir.begin() + 10) ==
        std::vector<uint8_t>{0, 0, 0, 3, 0x00, 0x20});
  CHECK(std::string(reinterpret_cast<const char*>(&dir[12])) == "bootorder");
  // Entry 1: "etc/e820", 20 bytes, item 0x21.
  CHECK(std::vector<uint8_t>(dir.begin() + 68, dir.begin() + 74) ==
        std::vector<uint8_t>{0, 0, 0, 20, 0x00, 0x21});
  CHECK(std::string(reinterpret_cast<const char*>(&dir[76])) == "etc/e820");
  CHECK(r.ReadItem(0x20, 3) == std::vector<uint8_t>{'/', 'x', 0});
  CHECK(r.ReadItem(0x21, 2) == std::vector<uint8_t>{0xAA, 0xAA});
}

TEST_CASE("fw_cfg: DMA selects, reads, skips and pads with zeros", "[fw_cfg]") {
  Rig r;
  r.cfg.SetItem(fw_cfg_key::kCmdlineData, {'c', 'o', 'n', 's', 'o', 'l', 'e'});
  r.memory.WriteBytes(0x2000, std::vector<uint8_t>(16, 0xEE));
  // SELECT | READ, 4 bytes.
  CHECK(r.Dma((uint32_t{fw_cfg_key::kCmdlineData} << 16) | 0x08 | 0x02, 4, 0x2000) == 0);
  std::vector<uint8_t> got(4);
  r.memory.ReadBytes(0x2000, got);
  CHECK(got == std::vector<uint8_t>{'c', 'o', 'n', 's'});
  // SKIP one byte, then READ 5: the item's last two bytes and three zeros.
  CHECK(r.Dma(0x04, 1, 0) == 0);
  CHECK(r.Dma(0x02, 5, 0x2000) == 0);
  got.resize(6);
  r.memory.ReadBytes(0x2000, got);
  CHECK(got == std::vector<uint8_t>{'l', 'e', 0, 0, 0, 0xEE});
  // The data port continues where DMA left off: at the end.
  CHECK(r.bus.In(0x511, 1) == 0);
  // WRITE: no item is writable.
  CHECK((r.Dma(0x10, 1, 0x2000) & 0x01) == 0x01);
}

}  // namespace
}  // namespace m86
