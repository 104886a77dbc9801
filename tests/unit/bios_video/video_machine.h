// A small machine for the video BIOS tests: CPU, RAM, the BIOS ROM at F0000, the port bus with
// the VGA, and the Bios object. Services run through a BiosCall as the ROM's trap would run
// them, with a stack in RAM for the FLAGS image.
#pragma once
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "bios/bda.h"
#include "bios/bios.h"
#include "cpu/cpu.h"
#include "cpu/model.h"
#include "cpu/segments.h"
#include "devices/io/io_bus.h"
#include "devices/time/scheduler.h"
#include "devices/vga/vga.h"

namespace video_test {

struct Regs {
  uint16_t ax = 0, bx = 0, cx = 0, dx = 0, bp = 0, di = 0, es = 0;
};

class VideoMachine {
 public:
  VideoMachine()
      : mem(16u << 20),
        cpu(**m86::ModelByName("pentiumpro"), mem, bus),
        bios(cpu, mem, bus, sched, {}) {
    vga.Attach(bus, mem);
    mem.MapRom(0xF0000, m86::Bios::RomImage());
    for (int r = 0; r < 6; ++r) m86::LoadSegmentRealMode(cpu, static_cast<m86::SegReg>(r), 0);
    bios.log_sink = [this](const std::string& line) { logged.push_back(line); };
    m86::VideoPost(bios);
  }

  // INT 10h with the given registers; returns the registers afterwards.
  Regs Int10(Regs in) {
    auto& g = cpu.s.gpr;
    g[m86::kEax] = in.ax;
    g[m86::kEbx] = in.bx;
    g[m86::kEcx] = in.cx;
    g[m86::kEdx] = in.dx;
    g[m86::kEbp] = in.bp;
    g[m86::kEdi] = in.di;
    g[m86::kEsp] = 0x7000;  // IRET frame: IP, CS, FLAGS at 0000:7000
    m86::LoadSegmentRealMode(cpu, m86::kEs, in.es);
    m86::BiosCall call(cpu);
    m86::Int10Video(bios, call);
    Regs out;
    out.ax = static_cast<uint16_t>(g[m86::kEax]);
    out.bx = static_cast<uint16_t>(g[m86::kEbx]);
    out.cx = static_cast<uint16_t>(g[m86::kEcx]);
    out.dx = static_cast<uint16_t>(g[m86::kEdx]);
    out.bp = static_cast<uint16_t>(g[m86::kEbp]);
    out.di = static_cast<uint16_t>(g[m86::kEdi]);
    out.es = cpu.s.seg[m86::kEs].selector;
    return out;
  }
  Regs Int10(uint16_t ax, uint16_t bx = 0, uint16_t cx = 0, uint16_t dx = 0) {
    Regs r;
    r.ax = ax;
    r.bx = bx;
    r.cx = cx;
    r.dx = dx;
    return Int10(r);
  }
  void Print(const std::string& text) {
    for (char c : text) Int10(static_cast<uint16_t>(0x0E00 | static_cast<uint8_t>(c)), 0x0007);
  }

  m86::TextScreen Text() {
    m86::TextScreen t;
    REQUIRE(vga.ReadText(&t));
    return t;
  }
  std::string Row(const m86::TextScreen& t, int row) {
    std::string s;
    for (int c = 0; c < t.columns; ++c) s += static_cast<char>(t.CharAt(row, c));
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
  }
  // The rendered colour of mode pixel (x, y) of a `w` x `h` mode, whatever scaling the
  // renderer applies.
  uint32_t PixelAt(int x, int y, int w, int h) {
    m86::Frame f;
    vga.Render(&f);
    REQUIRE(f.width >= w);
    REQUIRE(f.height >= h);
    const int sx = f.width / w, sy = f.height / h;
    return f.pixels[static_cast<size_t>(y * sy) * f.width + static_cast<size_t>(x * sx)];
  }
  uint8_t Peek8(uint32_t addr) { return static_cast<uint8_t>(mem.Read(addr, 1)); }
  uint16_t Peek16(uint32_t addr) { return static_cast<uint16_t>(mem.Read(addr, 2)); }
  uint32_t Peek32(uint32_t addr) { return mem.Read(addr, 4); }
  void Poke(uint32_t addr, const std::string& bytes) {
    for (char c : bytes) mem.Write(addr++, 1, static_cast<uint8_t>(c));
  }
  // Plane 2 byte (the character generator) straight from video memory.
  uint8_t FontPlane(uint32_t offset) const { return vga.state().vram[offset * 4 + 2]; }
  bool Logged(const std::string& text) const {
    for (const std::string& l : logged) {
      if (l.find(text) != std::string::npos) return true;
    }
    return false;
  }

  m86::Scheduler sched;
  m86::PhysicalMemory mem;
  m86::IoBus bus;
  m86::Vga vga{sched};
  m86::Cpu cpu;
  m86::Bios bios;
  std::vector<std::string> logged;
};

// 6-bit DAC value as the renderer's 8-bit channel.
inline uint32_t Rgb6(uint8_t r, uint8_t g, uint8_t b) {
  const auto c = [](uint8_t v) { return uint32_t((v << 2) | (v >> 4)); };
  return c(r) << 16 | c(g) << 8 | c(b);
}

}  // namespace video_test
