// The VGA's I/O registers: miscellaneous output, input status, sequencer, CRT controller,
// graphics controller, attribute controller and DAC (IBM VGA Technical Reference, register
// descriptions), and the 16-bit Bochs VBE index/data ports.
#include <cstdio>
#include <string>

#include "devices/vga/vga.h"

namespace m86 {
namespace {

std::string Hex(unsigned value) {
  char text[8];
  std::snprintf(text, sizeof text, "%02Xh", value);
  return text;
}

}  // namespace

uint32_t Vga::IoRead(uint16_t port, int size) {
  if (port >= vbe::kIndexPort && port <= vbe::kDataPortAlias) {
    // The DISPI registers are 16 bits wide; a byte read returns the low half.
    uint16_t value = port == vbe::kIndexPort ? state_.vbe_index : VbeRead();
    return size == 1 ? value & 0xFFu : value;
  }
  // Wider accesses to the byte-wide VGA ports reach consecutive ports, low byte first.
  uint32_t value = 0;
  for (int i = 0; i < size; ++i) value |= uint32_t{ReadPort(static_cast<uint16_t>(port + i))} << (8 * i);
  return value;
}

void Vga::IoWrite(uint16_t port, int size, uint32_t value) {
  if (port >= vbe::kIndexPort && port <= vbe::kDataPortAlias) {
    uint16_t v = static_cast<uint16_t>(size == 1 ? value & 0xFF : value & 0xFFFF);
    if (port == vbe::kIndexPort) {
      state_.vbe_index = v;
    } else {
      VbeWrite(v);
    }
    return;
  }
  for (int i = 0; i < size; ++i) {
    WritePort(static_cast<uint16_t>(port + i), static_cast<uint8_t>(value >> (8 * i)));
  }
}

// Misc output bit 0 (I/O address select) puts the CRTC and input status 1 at 3Dx (colour) or
// 3Bx (monochrome); the other range does not respond.
bool Vga::PortDecoded(uint16_t port) const {
  bool color = (state_.misc_output & 1) != 0;
  if (port >= 0x3B0 && port <= 0x3BF) return !color;
  if (port >= 0x3D0 && port <= 0x3DF) return color;
  return true;
}

uint8_t Vga::ReadPort(uint16_t port) {
  if (!PortDecoded(port)) return 0xFF;
  VgaState& s = state_;
  switch (port) {
    case 0x3C0: return s.attr_index;
    case 0x3C1: {
      uint8_t index = s.attr_index & 0x1F;
      return index < attr::kCount ? s.attr[index] : 0;
    }
    // Input status 0: bit 4 is the monitor sense comparator, high when a colour monitor's
    // load is present; bit 7 (vertical retrace interrupt pending) never sets, since the
    // interrupt is not wired on this board.
    case 0x3C2: return 0x10;
    case 0x3C3: return s.video_enable;
    case 0x3C4: return s.seq_index;
    case 0x3C5: return s.seq_index < seq::kCount ? s.seq[s.seq_index] : 0xFF;
    case 0x3C6: return s.dac_mask;
    case 0x3C7: return s.dac_reading ? 0x03 : 0x00;  // DAC state register
    case 0x3C8: return s.dac_write_index;
    case 0x3C9: return ReadDacData();
    case 0x3CA: return s.feature_control;
    case 0x3CC: return s.misc_output;
    case 0x3CE: return s.gc_index;
    case 0x3CF: return s.gc_index < gc::kCount ? s.gc[s.gc_index] : 0xFF;
    case 0x3B4:
    case 0x3D4: return s.crtc_index;
    case 0x3B5:
    case 0x3D5: return s.crtc_index < crtc::kCount ? s.crtc[s.crtc_index] : 0xFF;
    case 0x3BA:
    case 0x3DA: return InputStatus1();
    default: return 0xFF;
  }
}

void Vga::WritePort(uint16_t port, uint8_t value) {
  if (!PortDecoded(port)) return;
  VgaState& s = state_;
  switch (port) {
    case 0x3C0: WriteAttr(value); break;
    case 0x3C2:
      s.misc_output = value;
      if ((value & 0x0C) > 0x04) log_.Log("VGA: misc output clock select " + Hex(value >> 2 & 3) +
                                         " (external clock) timed as 25.175 MHz");
      UpdateDecode();
      break;
    case 0x3C3: s.video_enable = value & 1; break;
    case 0x3C4: s.seq_index = value & 0x07; break;
    case 0x3C5: WriteSeq(value); break;
    case 0x3C6: s.dac_mask = value; break;
    case 0x3C7:
      s.dac_read_index = value;
      s.dac_component = 0;
      s.dac_reading = true;
      break;
    case 0x3C8:
      s.dac_write_index = value;
      s.dac_component = 0;
      s.dac_reading = false;
      break;
    case 0x3C9: WriteDacData(value); break;
    case 0x3CE: s.gc_index = value & 0x0F; break;
    case 0x3CF: WriteGc(value); break;
    case 0x3B4:
    case 0x3D4: s.crtc_index = value & 0x3F; break;
    case 0x3B5:
    case 0x3D5: WriteCrtc(value); break;
    case 0x3BA:
    case 0x3DA: s.feature_control = value; break;
    default: break;  // 3C3-3CF gaps and the CGA/MDA mode ports are not VGA registers
  }
}

void Vga::WriteSeq(uint8_t value) {
  VgaState& s = state_;
  if (s.seq_index >= seq::kCount) {
    log_.Log("VGA: sequencer index " + Hex(s.seq_index) + " does not exist; write ignored");
    return;
  }
  s.seq[s.seq_index] = value;
  // The reset register (index 0) only stops the sequencer; video memory keeps its contents
  // in emulation, so it needs no action.
  if (s.seq_index == seq::kClockingMode && (value & 0x14) != 0) {
    log_.Log("VGA: sequencer clocking mode shift load/shift 4 (bits 2, 4) not emulated");
  }
  UpdateDecode();
}

void Vga::WriteCrtc(uint8_t value) {
  VgaState& s = state_;
  uint8_t index = s.crtc_index;
  if (index >= crtc::kCount) {
    log_.Log("VGA: CRTC index " + Hex(index) + " does not exist; write ignored");
    return;
  }
  // CRTC 11h bit 7 protects registers 0-7, except the line compare bit 8 in the overflow
  // register (IBM VGA Technical Reference, "Vertical Retrace End Register").
  if (index <= crtc::kOverflow && (s.crtc[crtc::kVRetraceEnd] & 0x80) != 0) {
    if (index == crtc::kOverflow) {
      s.crtc[index] = static_cast<uint8_t>((s.crtc[index] & ~0x10) | (value & 0x10));
    }
    return;
  }
  s.crtc[index] = value;
  if (index == crtc::kVRetraceEnd && (value & 0x30) == 0x10) {
    log_.Log("VGA: vertical retrace interrupt (CRTC 11h bits 4-5) is not wired to an IRQ");
  }
  if (index == crtc::kModeControl && (value & 0x04) != 0) {
    log_.Log("VGA: CRTC mode control bit 2 (vertical timing clock / 2) not emulated");
  }
}

void Vga::WriteGc(uint8_t value) {
  VgaState& s = state_;
  if (s.gc_index >= gc::kCount) {
    log_.Log("VGA: graphics controller index " + Hex(s.gc_index) + " does not exist");
    return;
  }
  s.gc[s.gc_index] = value;
  UpdateDecode();
}

// Port 3C0 alternates between index and data; reading input status 1 resets it to index.
void Vga::WriteAttr(uint8_t value) {
  VgaState& s = state_;
  if (!s.attr_flipflop_data) {
    s.attr_index = value & 0x3F;
    s.attr_flipflop_data = true;
    return;
  }
  s.attr_flipflop_data = false;
  uint8_t index = s.attr_index & 0x1F;
  if (index < 0x10) {
    // The palette registers can be loaded only while the palette address source bit is 0.
    if ((s.attr_index & attr::kPaletteAddressSource) == 0) s.attr[index] = value & 0x3F;
    return;
  }
  switch (index) {
    case attr::kModeControl:
      s.attr[index] = value;
      if (value & 0x02) log_.Log("VGA: attribute mode bit 1 (monochrome attributes) not emulated");
      break;
    case attr::kOverscan: s.attr[index] = value; break;
    case attr::kColorPlaneEnable:
      s.attr[index] = value & 0x3F;
      if (value & 0x30) log_.Log("VGA: attribute video status mux (12h bits 4-5) not emulated");
      break;
    case attr::kPelPanning:
    case attr::kColorSelect: s.attr[index] = value & 0x0F; break;
    default: log_.Log("VGA: attribute index " + Hex(index) + " does not exist"); break;
  }
}

// The DAC reads and writes colours as three successive bytes (red, green, blue); the index
// advances after each complete triple.
uint8_t Vga::ReadDacData() {
  VgaState& s = state_;
  uint8_t value = s.dac[s.dac_read_index][s.dac_component];
  if (++s.dac_component == 3) {
    s.dac_component = 0;
    ++s.dac_read_index;
  }
  return value;
}

void Vga::WriteDacData(uint8_t value) {
  VgaState& s = state_;
  uint8_t mask = (s.vbe_enable & vbe::kDac8Bit) ? 0xFF : 0x3F;
  s.dac_write_latch[s.dac_component] = value & mask;
  if (++s.dac_component == 3) {
    s.dac_component = 0;
    for (int c = 0; c < 3; ++c) s.dac[s.dac_write_index][c] = s.dac_write_latch[c];
    ++s.dac_write_index;
  }
}

// Input status 1: bit 0 is set while the display is blanked (horizontal or vertical), bit 3
// during vertical retrace; both follow the CRTC timing at the selected dot clock.
uint8_t Vga::InputStatus1() {
  state_.attr_flipflop_data = false;
  Timing t = ComputeTiming();
  uint64_t in_frame = scheduler_.now() % t.frame_ns;
  uint64_t line = in_frame / t.line_ns;
  uint64_t in_line = in_frame % t.line_ns;
  bool display = line < t.display_lines && in_line < t.display_ns;
  uint64_t since_retrace = (line + t.total_lines - t.retrace_start) % t.total_lines;
  bool retrace = since_retrace < t.retrace_lines;
  return static_cast<uint8_t>((display ? 0 : 0x01) | (retrace ? 0x08 : 0));
}

}  // namespace m86
