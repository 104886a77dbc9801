// A CPU with RAM and a recording port bus, for unit tests that run hand-encoded code.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <utility>
#include <vector>

#include "cpu/cpu.h"
#include "cpu/segments.h"

namespace m86::test {

class RecordingIo final : public PortIo {
 public:
  uint32_t In(uint16_t port, int size) override {
    reads.push_back(port);
    return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
  }
  void Out(uint16_t port, int size, uint32_t value) override {
    (void)size;
    writes.emplace_back(port, value);
  }
  std::vector<uint16_t> reads;
  std::vector<std::pair<uint16_t, uint32_t>> writes;
};

class TestMachine {
 public:
  // `high_ram_bytes` more RAM from 4 GiB, as a board puts what does not fit below its PCI hole.
  explicit TestMachine(std::string_view model = "pentiumpro", uint32_t ram_bytes = 16u << 20,
                       uint64_t high_ram_bytes = 0)
      : mem(ram_bytes, high_ram_bytes), cpu(**ModelByName(model), mem, io) {}
  // A model outside the table (the caller keeps it alive as long as the machine).
  explicit TestMachine(const CpuModel& model, uint32_t ram_bytes = 16u << 20,
                       uint64_t high_ram_bytes = 0)
      : mem(ram_bytes, high_ram_bytes), cpu(model, mem, io) {}

  void Poke(uint32_t addr, std::initializer_list<uint8_t> bytes) {
    for (uint8_t b : bytes) mem.Write(addr++, 1, b);
  }
  uint32_t Peek(uint32_t addr, int size) { return mem.Read(addr, size); }

  // Real mode at cs:ip with a stack at 0000:F000 and all data segments 0.
  void StartReal(uint16_t cs, uint16_t ip) {
    for (int r = 0; r < 6; ++r) LoadSegmentRealMode(cpu, static_cast<SegReg>(r), 0);
    LoadSegmentRealMode(cpu, kCs, cs);
    cpu.s.rip = ip;
    cpu.s.gpr[kEsp] = 0xF000;
  }

  // Protected mode, CPL 0, flat 4 GiB 32-bit code and data segments set directly in the
  // descriptor caches (no GDT in memory), stack at 0x9000.
  void StartFlat32(uint32_t eip) {
    cpu.s.cr0 |= cr0::kPe;
    for (int r = 0; r < 6; ++r) {
      Segment& s = cpu.s.seg[r];
      s.selector = r == kCs ? 0x08 : 0x10;
      s.base = 0;
      s.limit = 0xFFFFFFFFu;
      s.attr = static_cast<uint16_t>((r == kCs ? 0x9B : 0x93) | seg_attr::kBig | seg_attr::kGranular);
      RefreshSegmentChecks(cpu, s);
    }
    cpu.s.cpl = 0;
    cpu.s.rip = eip;
    cpu.s.gpr[kEsp] = 0x9000;
    cpu.OnModeChange();
  }

  // Runs until HLT (or `max` instructions).
  StopReason RunToHalt(uint64_t max = 1'000'000) { return cpu.Run(max); }

  PhysicalMemory mem;
  RecordingIo io;
  Cpu cpu;
};

}  // namespace m86::test
