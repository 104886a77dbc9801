// A CPU in real mode with RAM, the BIOS ROM, a port bus and the Bios object, for calling the
// disk, keyboard, serial and printer services directly with registers set as a caller would.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include "bios/bda.h"
#include "bios/bios.h"
#include "cpu/cpu.h"
#include "cpu/segments.h"
#include "devices/io/io_bus.h"
#include "devices/time/scheduler.h"

namespace m86::test {

class BiosFixture {
 public:
  static constexpr uint16_t kStackTop = 0x7000;  // SS:SP = 0000:7000, FLAGS image at 0000:7004
  static constexpr uint32_t kTrapEip = 0x1002;   // where the trap leaves EIP (after the id byte)

  explicit BiosFixture(BiosConfig config = {})
      : memory(16u << 20),
        cpu(**ModelByName("pentiumpro"), memory, io),
        bios(cpu, memory, io, scheduler, std::move(config)),
        call(cpu) {
    memory.MapRom(0xF0000, Bios::RomImage());
    for (int r = 0; r < 6; ++r) LoadSegmentRealMode(cpu, static_cast<SegReg>(r), 0);
    // What POST leaves for these services (bios/post.cpp): the INT 1Eh vector, the key buffer,
    // an enhanced keyboard, COM1/COM2 with one-second timeouts.
    bios.Poke32(0x1E * 4, (uint32_t{rom::kSegment} << 16) | rom::kDisketteParams);
    bios.Poke16(bda::kKbdBufStart, 0x1E);
    bios.Poke16(bda::kKbdBufEnd, 0x3E);
    bios.Poke16(bda::kKbdHead, 0x1E);
    bios.Poke16(bda::kKbdTail, 0x1E);
    bios.Poke8(bda::kKbdFlags2, 0x10);
    bios.Poke16(bda::kComPorts + 0, 0x3F8);
    bios.Poke16(bda::kComPorts + 2, 0x2F8);
    for (int i = 0; i < 4; ++i) bios.Poke8(bda::kComTimeouts + i, 1);
    Reset();
  }

  // A fresh call frame: FLAGS image 0202h (IF set) with CF and ZF clear.
  void Reset() {
    cpu.s.gpr[kEsp] = kStackTop;
    memory.Write(kStackTop + 4, 2, 0x0202);
    cpu.set_insn_eip(kTrapEip - 2);
    cpu.s.rip = kTrapEip;
  }
  bool Carry() { return memory.Read(kStackTop + 4, 2) & 0x0001; }
  bool Zero() { return memory.Read(kStackTop + 4, 2) & 0x0040; }
  // True when the service asked to be called again after an interrupt.
  bool Retried() { return cpu.s.rip != kTrapEip; }

  void SetEs(uint16_t v) { call.set_es(v); }
  void SetDs(uint16_t v) { call.set_ds(v); }

  // A disk address packet (Phoenix EDD) at 0000:`at`, with DS:SI pointing at it.
  void AddressPacket(uint16_t at, uint8_t size, uint16_t count, uint16_t seg, uint16_t off,
                     uint64_t lba, uint64_t flat = 0) {
    for (uint32_t i = 0; i < 0x18; ++i) memory.Write(at + i, 1, 0);
    memory.Write(at, 1, size);
    memory.Write(at + 2, 2, count);
    memory.Write(at + 4, 2, off);
    memory.Write(at + 6, 2, seg);
    memory.Write(at + 8, 4, static_cast<uint32_t>(lba));
    memory.Write(at + 12, 4, static_cast<uint32_t>(lba >> 32));
    memory.Write(at + 16, 4, static_cast<uint32_t>(flat));
    memory.Write(at + 20, 4, static_cast<uint32_t>(flat >> 32));
    SetDs(0);
    call.set_si(at);
  }

  void Fill(uint32_t addr, const std::vector<uint8_t>& bytes) { memory.WriteBytes(addr, bytes); }
  std::vector<uint8_t> Bytes(uint32_t addr, size_t n) {
    std::vector<uint8_t> out(n);
    memory.ReadBytes(addr, out);
    return out;
  }

  PhysicalMemory memory;
  IoBus io;
  Cpu cpu;
  Scheduler scheduler;
  Bios bios;
  BiosCall call;
};

// A disk image whose every byte tells where it is: byte i of sector s is (s * 7 + i) & 0xFF,
// and the first four bytes of each sector hold s (little endian).
inline std::vector<uint8_t> PatternDisk(uint64_t bytes) {
  std::vector<uint8_t> d(bytes);
  for (uint64_t s = 0; s < bytes / 512; ++s) {
    for (uint32_t i = 0; i < 512; ++i) d[s * 512 + i] = static_cast<uint8_t>(s * 7 + i);
    for (uint32_t i = 0; i < 4; ++i) d[s * 512 + i] = static_cast<uint8_t>(s >> (8 * i));
  }
  return d;
}

}  // namespace m86::test
