// A PIIX3 IDE function on its own I/O bus with guest memory, driven through port I/O as a
// guest driver would, and synthetic images whose sectors say where they are.
#pragma once
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cpu/phys_memory.h"
#include "devices/ide/piix3_ide.h"
#include "devices/io/io_bus.h"
#include "devices/time/scheduler.h"

namespace m86::test {

struct IdeIrqRecorder : IrqSink {
  bool level[16] = {};
  int rises[16] = {};
  void SetIrq(int irq, bool l) override {
    if (l && !level[irq]) ++rises[irq];
    level[irq] = l;
  }
};

// The byte at offset `off` of 512-byte sector `lba`: the LBA in the first eight bytes
// (little-endian), a pattern of both after.
inline uint8_t PatternByte(uint64_t lba, uint32_t off) {
  if (off < 8) return static_cast<uint8_t>(lba >> (8 * off));
  return static_cast<uint8_t>(lba * 13 + off * 7 + (lba >> 16));
}

// An image of any size whose unwritten sectors hold the pattern; writes are kept (and
// counted) so tests can look at them. Large sizes cost nothing.
class PatternImage final : public DiskImage {
 public:
  PatternImage(uint64_t bytes, bool read_only) : size_(bytes), read_only_(read_only) {}
  bool ReadSectors(uint64_t lba, std::span<uint8_t> out) override {
    if (lba * kSectorSize + out.size() > size_) return false;
    for (size_t i = 0; i < out.size(); ++i) {
      const uint64_t sector = lba + i / kSectorSize;
      const auto it = written.find(sector);
      out[i] = it != written.end() ? it->second[i % kSectorSize] : PatternByte(sector, i % kSectorSize);
    }
    return true;
  }
  bool WriteSectors(uint64_t lba, std::span<const uint8_t> data) override {
    if (read_only_ || lba * kSectorSize + data.size() > size_) return false;
    for (size_t s = 0; s < data.size() / kSectorSize; ++s) {
      written[lba + s].assign(data.begin() + s * kSectorSize, data.begin() + (s + 1) * kSectorSize);
    }
    return true;
  }
  uint64_t size() const override { return size_; }
  bool read_only() const override { return read_only_; }
  std::map<uint64_t, std::vector<uint8_t>> written;

 private:
  uint64_t size_;
  bool read_only_;
};

constexpr uint16_t kPri = 0x1F0, kPriCtl = 0x3F6, kSec = 0x170, kSecCtl = 0x376;
constexpr uint16_t kBm = 0xC000;

struct IdeRig {
  PhysicalMemory memory{1u << 20};
  IoBus bus;
  Scheduler scheduler;
  IdeIrqRecorder irq;
  Piix3Ide ide{bus, memory, scheduler, irq};
  std::vector<std::string> logs;

  IdeRig() {
    ide.log = [this](const std::string& s) { logs.push_back(s); };
    ide.ConfigureAsFirmware(kBm);
  }
  // Attaches a pattern disk; returns it (the controller owns it).
  PatternImage* Disk(int unit, uint64_t bytes, bool read_only = false) {
    auto image = std::make_unique<PatternImage>(bytes, read_only);
    PatternImage* raw = image.get();
    std::string error;
    REQUIRE(ide.AttachDisk(unit, std::move(image), &error));
    return raw;
  }
  uint8_t In8(uint16_t port) { return static_cast<uint8_t>(bus.In(port, 1)); }
  uint16_t In16(uint16_t port) { return static_cast<uint16_t>(bus.In(port, 2)); }
  uint32_t In32(uint16_t port) { return bus.In(port, 4); }
  void Out8(uint16_t port, uint8_t v) { bus.Out(port, 1, v); }
  void Out16(uint16_t port, uint16_t v) { bus.Out(port, 2, v); }
  void Out32(uint16_t port, uint32_t v) { bus.Out(port, 4, v); }
  void Run() { scheduler.AdvanceTo(scheduler.now() + 10'000'000); }

  // Reads `bytes` through the data port in 16-bit words.
  std::vector<uint8_t> ReadData(uint16_t base, size_t bytes) {
    std::vector<uint8_t> out;
    for (size_t i = 0; i < bytes; i += 2) {
      const uint16_t w = In16(base);
      out.push_back(static_cast<uint8_t>(w));
      out.push_back(static_cast<uint8_t>(w >> 8));
    }
    return out;
  }
  void WriteData(uint16_t base, const std::vector<uint8_t>& data) {
    for (size_t i = 0; i < data.size(); i += 2) Out16(base, static_cast<uint16_t>(data[i] | data[i + 1] << 8));
  }
  // A 28-bit LBA command to device `dev` of the channel at `base`.
  void Lba28(uint16_t base, int dev, uint32_t lba, uint8_t count, uint8_t command) {
    Out8(base + 6, static_cast<uint8_t>(0xE0 | dev << 4 | (lba >> 24 & 0x0F)));
    Out8(base + 2, count);
    Out8(base + 3, static_cast<uint8_t>(lba));
    Out8(base + 4, static_cast<uint8_t>(lba >> 8));
    Out8(base + 5, static_cast<uint8_t>(lba >> 16));
    Out8(base + 7, command);
  }
  // A 48-bit command: each register written twice, high byte first (ATA-6 6.20).
  void Lba48(uint16_t base, int dev, uint64_t lba, uint16_t count, uint8_t command) {
    Out8(base + 6, static_cast<uint8_t>(0x40 | dev << 4));
    Out8(base + 2, static_cast<uint8_t>(count >> 8));
    Out8(base + 3, static_cast<uint8_t>(lba >> 24));
    Out8(base + 4, static_cast<uint8_t>(lba >> 32));
    Out8(base + 5, static_cast<uint8_t>(lba >> 40));
    Out8(base + 2, static_cast<uint8_t>(count));
    Out8(base + 3, static_cast<uint8_t>(lba));
    Out8(base + 4, static_cast<uint8_t>(lba >> 8));
    Out8(base + 5, static_cast<uint8_t>(lba >> 16));
    Out8(base + 7, command);
  }
};

// Checks that `data` holds the pattern of sectors first, first + 1, ...
inline bool HoldsPattern(const std::vector<uint8_t>& data, uint64_t first) {
  for (size_t i = 0; i < data.size(); ++i) {
    if (data[i] != PatternByte(first + i / kSectorSize, i % kSectorSize)) return false;
  }
  return true;
}

inline uint16_t Word(const std::vector<uint8_t>& id, int w) {
  return static_cast<uint16_t>(id[2 * w] | id[2 * w + 1] << 8);
}

}  // namespace m86::test
