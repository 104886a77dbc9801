#include "bios/bios.h"

#include <cstdio>

namespace m86 {

extern const unsigned char kBiosRom[];
extern const unsigned kBiosRom_size;

namespace {

constexpr uint32_t kRomBase = 0xF0000;

// The service behind each id byte. INT services use their vector number.
BiosService ServiceFor(uint8_t id) {
  switch (id) {
    case 0x05: return &Int05PrintScreen;
    case 0x08: return &Int08Timer;
    case 0x09: return &Int09Keyboard;
    case 0x0E: return &Int0ERFloppyIrq;
    case 0x10: return &Int10Video;
    case 0x11: return &Int11Equipment;
    case 0x12: return &Int12MemorySize;
    case 0x13: return &Int13Disk;
    case 0x14: return &Int14Serial;
    case 0x15: return &Int15System;
    case 0x16: return &Int16Keyboard;
    case 0x17: return &Int17Printer;
    case 0x18: return &Int18NoBoot;
    case 0x19: return &Int19Boot;
    case 0x1A: return &Int1ATime;
    case 0x74: return &Int74MouseIrq;
    case 0xF0: return &BiosPost;
    case 0xF1: return &BiosNextOptionRom;
    default: return nullptr;
  }
}

}  // namespace

Bios::Bios(Cpu& cpu, PhysicalMemory& memory, PortIo& io, Scheduler& scheduler, BiosConfig config)
    : cpu_(cpu), memory_(memory), io_(io), scheduler_(scheduler), config_(std::move(config)) {}

std::span<const uint8_t> Bios::RomImage() { return {kBiosRom, kBiosRom_size}; }

void Bios::Attach(IoBus& bus) { bus.Map(this, kBiosTrapPort, kBiosTrapPort); }

void Bios::LogOnce(const std::string& message) {
  if (!logged_.insert(message).second) return;
  const std::string line = "bios: " + message;
  if (log_sink) {
    log_sink(line);
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
}

uint16_t Bios::Peek16(uint32_t phys) { return static_cast<uint16_t>(Peek8(phys) | (Peek8(phys + 1) << 8)); }
uint32_t Bios::Peek32(uint32_t phys) { return Peek16(phys) | (uint32_t{Peek16(phys + 2)} << 16); }
void Bios::Poke16(uint32_t phys, uint16_t v) {
  Poke8(phys, static_cast<uint8_t>(v));
  Poke8(phys + 1, static_cast<uint8_t>(v >> 8));
}
void Bios::Poke32(uint32_t phys, uint32_t v) {
  Poke16(phys, static_cast<uint16_t>(v));
  Poke16(phys + 2, static_cast<uint16_t>(v >> 16));
}

uint32_t Bios::IoRead(uint16_t, int size) { return size == 4 ? ~0u : (1u << (8 * size)) - 1; }

void Bios::IoWrite(uint16_t, int, uint32_t) { Trap(); }

void Bios::Trap() {
  // Only the ROM's own trap sites count: CS must be the BIOS segment (real or virtual-8086
  // mode) and the OUT must be followed by a known id. Anything else is a guest writing to an
  // unused port, which a real board ignores.
  const Segment& cs = cpu_.s.seg[kCs];
  const bool real_like = !(cpu_.s.cr0 & cr0::kPe) || (cpu_.s.eflags & flag::kVm);
  const uint32_t ip = cpu_.s.rip;
  if (!real_like || cs.base != kRomBase || ip < 2 || ip >= 0x10000) return;
  if (kBiosRom[ip - 2] != 0xE6 || kBiosRom[ip - 1] != kBiosTrapPort) return;  // OUT imm8, AL
  const uint8_t id = static_cast<uint8_t>(kBiosRom[ip]);
  const BiosService service = ServiceFor(id);
  if (!service) return;
  cpu_.s.rip += 1;  // past the id byte; a blocking service may move it back
  BiosCall call(cpu_);
  service(*this, call);
  cpu_.EndBlock();
}

}  // namespace m86
