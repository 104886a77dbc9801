// VGA construction, bus attachment, the display geometry decoded from the CRTC and the colour
// path through the attribute controller and DAC (IBM VGA Technical Reference).
#include "devices/vga/vga.h"

#include <algorithm>

namespace m86 {
namespace {

// The DAC drives 6-bit components; scale them to 8 bits so full scale stays full scale.
uint32_t Scale6(uint8_t v) { return static_cast<uint32_t>((v << 2) | (v >> 4)) & 0xFF; }

uint32_t RoundDownPow2(uint32_t v) {
  uint32_t p = 1;
  while (p <= v / 2) p <<= 1;
  return p;
}

}  // namespace

Vga::Vga(Scheduler& scheduler, VgaConfig config) : scheduler_(scheduler), config_(config) {
  // Planes and banks are addressed with masks, so the size is a power of two of 256 KiB or more.
  config_.vram_bytes = std::max<uint32_t>(RoundDownPow2(config_.vram_bytes), 256u << 10);
  state_.vram.assign(config_.vram_bytes, 0);
  UpdateDecode();
}

void Vga::Attach(IoBus& bus, PhysicalMemory& memory) {
  bus.Map(this, 0x3B0, 0x3DF);
  bus.Map(this, vbe::kIndexPort, vbe::kDataPortAlias);
  memory.MapMmio(kWindowBase, kWindowSize, this);
  if (config_.lfb_base != 0) memory.MapMmio(config_.lfb_base, config_.vram_bytes, this);
}

VgaGeometry Vga::Geometry() const {
  const VgaState& s = state_;
  const uint8_t* c = s.crtc;
  VgaGeometry g;
  g.text = (s.gc[gc::kMisc] & 0x01) == 0;
  g.shift256 = (s.gc[gc::kMode] & 0x40) != 0;
  g.cga_interleave = !g.shift256 && (s.gc[gc::kMode] & 0x20) != 0;
  g.pixel_double = (s.attr[attr::kModeControl] & 0x40) != 0;
  g.columns = c[crtc::kHDisplayEnd] + 1;
  g.char_width = (s.seq[seq::kClockingMode] & 0x01) ? 8 : 9;
  g.char_height = (c[crtc::kMaxScanLine] & 0x1F) + 1;
  uint8_t ovf = c[crtc::kOverflow];
  g.scanlines = (c[crtc::kVDisplayEnd] | (ovf & 0x02) << 7 | (ovf & 0x40) << 3) + 1;
  bool double_scan = (c[crtc::kMaxScanLine] & 0x80) != 0;
  uint8_t mode = c[crtc::kModeControl];
  // In graphics modes the rows of a character row repeat unless the row scan counter feeds
  // the address (CMS or SRS clear: the CGA and Hercules interleaves).
  bool rows_repeat = !g.text && (mode & 0x03) == 0x03;
  g.scan_repeat = (double_scan ? 2 : 1) * (rows_repeat ? g.char_height : 1);
  g.height = std::max(1, g.scanlines / g.scan_repeat);
  if (g.text) {
    g.width = g.columns * g.char_width;
  } else {
    g.width = g.columns * 8 / (g.pixel_double ? 2 : 1);
  }
  g.start = (uint32_t{c[crtc::kStartHigh]} << 8 | c[crtc::kStartLow]) +
            ((c[crtc::kPresetRowScan] >> 5) & 3);
  g.row_pitch = c[crtc::kOffset] * 2u;
  g.address_shift = (c[crtc::kUnderline] & 0x40) ? 2 : (mode & 0x40) ? 0 : 1;
  g.count_shift = (c[crtc::kUnderline] & 0x20) ? 2 : (mode & 0x08) ? 1 : 0;
  g.line_compare = c[crtc::kLineCompare] | (ovf & 0x10) << 4 | (c[crtc::kMaxScanLine] & 0x40) << 3;
  g.preset_row_scan = c[crtc::kPresetRowScan] & 0x1F;
  // Horizontal PEL panning (attribute 13h): 9-dot text shifts one more than the value, with 8
  // meaning none; 256-colour modes move in whole 8-bit pixels.
  int pan = s.attr[attr::kPelPanning] & 0x0F;
  if (g.text && g.char_width == 9) {
    g.pel_pan = pan < 8 ? pan + 1 : 0;
  } else if (!g.text && g.pixel_double) {
    g.pel_pan = (pan & 7) >> 1;
  } else {
    g.pel_pan = pan & 7;
  }
  g.pan_reset_at_split = (s.attr[attr::kModeControl] & 0x20) != 0;
  return g;
}

// The address counter at the start of a physical scanline and the row scan counter there;
// below the line compare scanline the counter restarts at 0 (the split screen).
uint32_t Vga::ScanlineCounter(const VgaGeometry& g, int line, int* row_scan,
                              bool* below_split) const {
  bool double_scan = (state_.crtc[crtc::kMaxScanLine] & 0x80) != 0;
  uint32_t base = g.start;
  int preset = g.preset_row_scan;
  *below_split = line > g.line_compare;
  if (*below_split) {
    line -= g.line_compare + 1;
    base = 0;
    preset = 0;
  }
  int logical = (double_scan ? line / 2 : line) + preset;
  *row_scan = logical % g.char_height;
  return base + static_cast<uint32_t>(logical / g.char_height) * g.row_pitch;
}

// The memory address the CRTC puts out for a counter value (CRTC mode control register: byte,
// word and doubleword modes, address wrap, and MA13/MA14 from the row scan counter).
uint32_t Vga::MemoryAddress(const VgaGeometry& g, uint32_t counter, int row_scan) const {
  uint8_t mode = state_.crtc[crtc::kModeControl];
  counter &= 0xFFFF;
  uint32_t ma;
  switch (g.address_shift) {
    case 0: ma = counter; break;
    case 1: ma = (counter << 1) | ((counter >> ((mode & 0x20) ? 15 : 13)) & 1); break;
    default: ma = (counter << 2) | ((counter >> 14) & 3); break;
  }
  if (!(mode & 0x01)) ma = (ma & ~0x2000u) | (uint32_t(row_scan & 1) << 13);
  if (!(mode & 0x02)) ma = (ma & ~0x4000u) | (uint32_t(row_scan & 2) << 13);
  return ma & 0xFFFF;
}

void Vga::LoadPalette() {
  const VgaState& s = state_;
  bool dac8 = (s.vbe_enable & vbe::kDac8Bit) != 0;
  for (int i = 0; i < 256; ++i) {
    const uint8_t* e = s.dac[i];
    palette_rgb_[i] = dac8 ? (uint32_t{e[0]} << 16 | uint32_t{e[1]} << 8 | e[2])
                           : (Scale6(e[0]) << 16 | Scale6(e[1]) << 8 | Scale6(e[2]));
  }
  for (int i = 0; i < 16; ++i) attr_rgb_[i] = AttributeColor(static_cast<uint8_t>(i));
}

// A 4-bit pixel through colour plane enable, the palette registers and colour select (bits
// 4-5 when attribute mode bit 7 is set, bits 6-7 always), then the PEL mask and the DAC.
uint32_t Vga::AttributeColor(uint8_t pixel) const {
  const uint8_t* a = state_.attr;
  uint8_t index = a[pixel & a[attr::kColorPlaneEnable] & 0x0F];
  if (a[attr::kModeControl] & 0x80) index = (index & 0x0F) | ((a[attr::kColorSelect] & 3) << 4);
  index = static_cast<uint8_t>((index & 0x3F) | ((a[attr::kColorSelect] & 0x0C) << 4));
  return palette_rgb_[index & state_.dac_mask];
}

// The screen shows nothing while the sequencer's screen-off bit is set, while the attribute
// controller's palette address source bit is clear (palette being loaded), or while the CRTC
// generates no sync.
bool Vga::ScreenBlanked() const {
  const VgaState& s = state_;
  return (s.seq[seq::kClockingMode] & 0x20) != 0 ||
         (s.attr_index & attr::kPaletteAddressSource) == 0 ||
         (s.crtc[crtc::kModeControl] & 0x80) == 0;
}

void Vga::Render(Frame* out) {
  LoadPalette();
  if (VbeActive()) {
    RenderVbe(out);
    return;
  }
  VgaGeometry g = Geometry();
  out->text_mode = g.text;
  if (!g.text && !(state_.seq[seq::kClockingMode] & 0x01)) {
    log_.Log("VGA: 9-dot character clock in a graphics mode drawn as 8 dots");
  }
  if (ScreenBlanked()) {
    out->width = g.width;
    out->height = g.height;
    out->pixels.assign(size_t(g.width) * g.height, 0);
    return;
  }
  if (g.text) {
    RenderText(g, out);
  } else {
    RenderGraphics(g, out);
  }
}

}  // namespace m86
