#include <catch2/catch.hpp>
#include <vector>

#include "cpu/block.h"
#include "cpu/phys_memory.h"

using namespace m86;

namespace {
struct RecordingObserver : CodeWriteObserver {
  void OnCodeWrite(PhysAddr addr, uint32_t len) override { hits.emplace_back(addr, len); }
  std::vector<std::pair<PhysAddr, uint32_t>> hits;
};
struct Device : MmioHandler {
  uint32_t MmioRead(uint32_t addr, int) override { return addr & 0xFF; }
  void MmioWrite(uint32_t addr, int size, uint32_t value) override { last = {addr, size, value}; }
  struct { uint32_t addr; int size; uint32_t value; } last{};
};
}  // namespace

TEST_CASE("RAM, ROM, MMIO and unmapped space", "[memory]") {
  PhysicalMemory mem(1 << 20);
  const std::vector<uint8_t> rom(4096, 0xAB);
  mem.MapRom(0xF0000, rom);
  Device dev;
  mem.MapMmio(0xA0000, 0x1000, &dev);
  mem.Write(0x1000, 4, 0x11223344);
  CHECK(mem.Read(0x1000, 2) == 0x3344);
  CHECK(mem.Read(0xF0010, 1) == 0xAB);
  mem.Write(0xF0010, 1, 0x00);  // ROM ignores writes
  CHECK(mem.Read(0xF0010, 1) == 0xAB);
  CHECK(mem.Read(0xA0042, 1) == 0x42);
  mem.Write(0xA0010, 2, 0xBEEF);
  CHECK(dev.last.addr == 0xA0010);
  CHECK(dev.last.value == 0xBEEF);
  CHECK(mem.Read(0x20000000, 4) == 0xFFFFFFFFu);  // nothing there
  CHECK(mem.PageForWrite(0xF0) == nullptr);
  CHECK(mem.PageForWrite(0x1) != nullptr);
}

TEST_CASE("Writes to tracked code are reported only when they change tracked chunks", "[memory]") {
  PhysicalMemory mem(1 << 20);
  RecordingObserver obs;
  mem.set_code_observer(&obs);
  mem.Write(0x2000, 4, 0x90909090);
  CHECK(mem.MarkCode(0x2000, 16));
  CHECK(!mem.MarkCode(0x2010, 4));  // page already holds code
  CHECK(mem.PageForWrite(0x2) == nullptr);
  mem.Write(0x2000, 4, 0x90909090);  // same bytes: nothing to invalidate
  CHECK(obs.hits.empty());
  mem.Write(0x2080, 1, 0xCC);  // another 64-byte chunk of the page
  CHECK(obs.hits.empty());
  mem.Write(0x2002, 1, 0xCC);
  REQUIRE(obs.hits.size() == 1);
  CHECK(obs.hits[0].first == 0x2002);
  const std::vector<uint8_t> dma(8, 0x11);
  mem.WriteBytes(0x1FFC, dma);  // DMA across the page boundary into the code
  CHECK(obs.hits.size() == 2);
}

TEST_CASE("Block cache invalidates exactly the overlapping blocks", "[blocks]") {
  BlockCache cache;
  auto make = [](uint32_t phys, uint32_t len) {
    auto b = std::make_unique<Block>();
    b->phys = phys;
    b->phys_second = ~0u;
    b->byte_len = len;
    return b;
  };
  cache.Insert(make(0x3000, 0x20));
  cache.Insert(make(0x3040, 0x10));
  Block* second = cache.Find(0x3040, 0, 0);
  REQUIRE(second);
  CHECK(cache.InvalidateRange(0x3020, 0x20) == 0);
  CHECK(cache.InvalidateRange(0x301F, 1) == 1);
  CHECK(cache.Find(0x3000, 0, 0) == nullptr);
  CHECK(second->valid);
  CHECK(cache.InvalidateRange(0x3000, 0x100) == 1);
  CHECK(!second->valid);  // still readable: it waits in the graveyard
  cache.CollectGarbage();
  CHECK(cache.size() == 0);
}

TEST_CASE("Block cache keeps one block per linear alias of the same bytes", "[blocks]") {
  BlockCache cache;
  auto make = [](uint64_t lin) {
    auto b = std::make_unique<Block>();
    b->phys = 0x7010;
    b->phys_second = Block::kNoPage;
    b->byte_len = 8;
    b->lin = lin;
    return b;
  };
  // The vDSO or a shared library at a different address in each process.
  cache.Insert(make(0xB7F00010));
  cache.Insert(make(0xB7F78010));
  Block* first = cache.Find(0x7010, 0, 0xB7F00010);
  Block* second = cache.Find(0x7010, 0, 0xB7F78010);
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first != second);
  CHECK(cache.Find(0x7010, 0, 0xB7FEC010) == nullptr);
  CHECK(cache.Find(0x7010, 1, 0xB7F00010) == nullptr);  // another mode key
  // The same alias again replaces only itself.
  cache.Insert(make(0xB7F00010));
  CHECK(!first->valid);
  CHECK(second->valid);
  first = cache.Find(0x7010, 0, 0xB7F00010);
  REQUIRE(first);
  // Past the limit, the oldest alias goes.
  for (int i = 0; i < BlockCache::kMaxAliases - 1; ++i) cache.Insert(make(0x10000010 + i * 0x1000));
  CHECK(!second->valid);
  CHECK(cache.Find(0x7010, 0, 0xB7F78010) == nullptr);
  CHECK(first->valid);
  // A write to the bytes drops every alias.
  CHECK(cache.InvalidateRange(0x7014, 1) == BlockCache::kMaxAliases);
  CHECK(!first->valid);
  CHECK(cache.size() == 0);
  CHECK(cache.BlocksOnPage(7) == nullptr);
}

TEST_CASE("RAM past the PCI hole continues at 4 GiB", "[memory]") {
  constexpr PhysAddr k4G = PhysAddr{1} << 32;
  PhysicalMemory mem(16u << 20, 8u << 20);
  CHECK(mem.ram_size() == 16u << 20);
  CHECK(mem.high_ram_size() == 8u << 20);
  mem.Write(k4G, 4, 0x11223344);
  mem.Write(k4G + (8u << 20) - 4, 4, 0x55667788);
  mem.Write(0, 4, 0xAABBCCDD);
  CHECK(mem.Read(k4G, 4) == 0x11223344u);
  CHECK(mem.Read(k4G + (8u << 20) - 4, 4) == 0x55667788u);
  CHECK(mem.Read(0, 4) == 0xAABBCCDDu);  // no alias of 4 GiB at 0
  // The host bytes: RAM below 4 GiB, then RAM from 4 GiB.
  CHECK(mem.ram()[(16u << 20) + 1] == 0x33);
  // The hole below 4 GiB and everything past the end of RAM answer with nothing.
  CHECK(mem.Read(0x20000000, 4) == 0xFFFFFFFFu);
  CHECK(mem.Read(k4G + (8u << 20), 4) == 0xFFFFFFFFu);
  mem.Write(k4G + (8u << 20), 4, 0);
  CHECK(mem.Read(k4G + (8u << 20), 4) == 0xFFFFFFFFu);
  CHECK(mem.PageForRead((k4G >> kPageShift) + 2047) == mem.ram() + (16u << 20) + (2047u << 12));
  CHECK(mem.PageForWrite((k4G >> kPageShift) + 2048) == nullptr);
  std::vector<uint8_t> bytes(6000, 0x5A);
  mem.WriteBytes(k4G + 0x1F00, bytes);
  std::vector<uint8_t> back(6000);
  mem.ReadBytes(k4G + 0x1F00, back);
  CHECK(back == bytes);
}

TEST_CASE("Code is tracked in RAM above 4 GiB by its full physical address", "[memory]") {
  constexpr PhysAddr k4G = PhysAddr{1} << 32;
  PhysicalMemory mem(1 << 20, 1 << 20);
  RecordingObserver obs;
  mem.set_code_observer(&obs);
  const uint64_t page = (k4G + 0x3000) >> kPageShift;
  CHECK(mem.MarkCode(k4G + 0x3040, 8));
  CHECK(mem.PageHasCode(page));
  CHECK_FALSE(mem.PageHasCode(0x3));  // the same low 32 bits below 4 GiB hold no code
  CHECK(mem.PageForWrite(page) == nullptr);
  CHECK(mem.PageForWrite(0x3) != nullptr);
  mem.Write(0x3040, 4, 1);  // below 4 GiB: nothing to invalidate
  CHECK(obs.hits.empty());
  mem.Write(k4G + 0x3044, 4, 1);
  REQUIRE(obs.hits.size() == 1);
  CHECK(obs.hits[0].first == k4G + 0x3044);
  mem.ClearAllCode();
  CHECK_FALSE(mem.PageHasCode(page));
  CHECK_FALSE(mem.MarkCode(k4G + (1 << 20), 8));  // past the end of RAM: not RAM
  mem.set_code_observer(nullptr);
}

TEST_CASE("Block keys and page lists hold physical addresses above 4 GiB", "[memory]") {
  constexpr PhysAddr k4G = PhysAddr{1} << 32;
  BlockCache cache;
  for (const PhysAddr phys : {PhysAddr{0x5000}, k4G + 0x5000}) {
    auto b = std::make_unique<Block>();
    b->phys = phys;
    b->phys_second = Block::kNoPage;
    b->byte_len = 4;
    cache.Insert(std::move(b));
  }
  CHECK(cache.size() == 2);
  CHECK(cache.Find(0x5000, 0, 0)->phys == 0x5000);
  CHECK(cache.Find(k4G + 0x5000, 0, 0)->phys == k4G + 0x5000);
  CHECK(cache.InvalidateRange(k4G + 0x5002, 1) == 1);
  CHECK(cache.Find(k4G + 0x5000, 0, 0) == nullptr);
  CHECK(cache.Find(0x5000, 0, 0) != nullptr);
  CHECK(cache.BlocksOnPage((k4G >> kPageShift) + 5) == nullptr);
}
