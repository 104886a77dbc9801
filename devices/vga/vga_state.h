// The register file of an IBM VGA plus the Bochs VBE "DISPI" extension, in one plain struct for
// save states. Register names and indices follow the IBM VGA Technical Reference ("Video
// Subsystem", register descriptions) and the Bochs VBE display interface register list.
#pragma once
#include <cstdint>
#include <vector>

namespace m86 {

// Sequencer (3C4/3C5).
namespace seq {
constexpr uint8_t kReset = 0x00, kClockingMode = 0x01, kMapMask = 0x02, kCharMapSelect = 0x03,
                  kMemoryMode = 0x04, kCount = 0x05;
}  // namespace seq

// CRT controller (3D4/3D5 or 3B4/3B5).
namespace crtc {
constexpr uint8_t kHTotal = 0x00, kHDisplayEnd = 0x01, kHBlankStart = 0x02, kHBlankEnd = 0x03,
                  kHRetraceStart = 0x04, kHRetraceEnd = 0x05, kVTotal = 0x06, kOverflow = 0x07,
                  kPresetRowScan = 0x08, kMaxScanLine = 0x09, kCursorStart = 0x0A,
                  kCursorEnd = 0x0B, kStartHigh = 0x0C, kStartLow = 0x0D, kCursorHigh = 0x0E,
                  kCursorLow = 0x0F, kVRetraceStart = 0x10, kVRetraceEnd = 0x11,
                  kVDisplayEnd = 0x12, kOffset = 0x13, kUnderline = 0x14, kVBlankStart = 0x15,
                  kVBlankEnd = 0x16, kModeControl = 0x17, kLineCompare = 0x18, kCount = 0x19;
}  // namespace crtc

// Graphics controller (3CE/3CF).
namespace gc {
constexpr uint8_t kSetReset = 0x00, kEnableSetReset = 0x01, kColorCompare = 0x02,
                  kDataRotate = 0x03, kReadMapSelect = 0x04, kMode = 0x05, kMisc = 0x06,
                  kColorDontCare = 0x07, kBitMask = 0x08, kCount = 0x09;
}  // namespace gc

// Attribute controller (3C0/3C1); 0x00-0x0F are the palette registers.
namespace attr {
constexpr uint8_t kModeControl = 0x10, kOverscan = 0x11, kColorPlaneEnable = 0x12,
                  kPelPanning = 0x13, kColorSelect = 0x14, kCount = 0x15;
constexpr uint8_t kPaletteAddressSource = 0x20;  // index bit 5: set for normal display
}  // namespace attr

// Bochs VBE display interface (index port 0x1CE, data port 0x1CF).
namespace vbe {
constexpr uint16_t kIndexPort = 0x1CE, kDataPort = 0x1CF, kDataPortAlias = 0x1D0;
constexpr uint16_t kId = 0, kXres = 1, kYres = 2, kBpp = 3, kEnable = 4, kBank = 5,
                   kVirtWidth = 6, kVirtHeight = 7, kXOffset = 8, kYOffset = 9,
                   kVideoMemory64K = 0x0A, kCount = 0x0B;
constexpr uint16_t kId0 = 0xB0C0, kId5 = 0xB0C5;
constexpr uint16_t kEnabled = 0x01, kGetCaps = 0x02, kDac8Bit = 0x20, kLfbEnabled = 0x40,
                   kNoClearMem = 0x80;
constexpr uint16_t kMaxXres = 1280, kMaxYres = 1024, kMaxBpp = 32;
}  // namespace vbe

struct VgaState {
  uint8_t misc_output = 0;      // 3C2 write / 3CC read
  uint8_t feature_control = 0;  // 3BA/3DA write / 3CA read
  uint8_t video_enable = 1;     // 3C3
  uint8_t seq_index = 0;
  uint8_t seq[seq::kCount] = {};
  uint8_t crtc_index = 0;
  uint8_t crtc[crtc::kCount] = {};
  uint8_t gc_index = 0;
  uint8_t gc[gc::kCount] = {};
  uint8_t attr_index = 0;        // bits 0-4 index, bit 5 palette address source
  bool attr_flipflop_data = false;  // false: the next 3C0 write is an index
  uint8_t attr[attr::kCount] = {};
  // DAC: 256 entries of R, G, B (6 bits each, 8 in the VBE 8-bit DAC mode).
  uint8_t dac[256][3] = {};
  uint8_t dac_mask = 0xFF;
  uint8_t dac_read_index = 0, dac_write_index = 0;
  uint8_t dac_component = 0;    // 0-2 within the current read or write cycle
  bool dac_reading = false;     // the last index written was the read index (3C7 state)
  uint8_t dac_write_latch[3] = {};
  uint32_t latch = 0;           // the four plane latches, plane n in bits 8n..8n+7

  // Bochs VBE.
  uint16_t vbe_index = 0;
  uint16_t vbe_id = vbe::kId5;
  uint16_t vbe_xres = 640, vbe_yres = 480, vbe_bpp = 8;
  uint16_t vbe_enable = 0;
  uint16_t vbe_bank = 0;
  uint16_t vbe_virt_width = 640, vbe_virt_height = 480;
  uint16_t vbe_x_offset = 0, vbe_y_offset = 0;

  // Video memory. In VGA modes plane p's byte at offset o lives at vram[o * 4 + p], so one
  // 32-bit load fills the four latches; VBE modes of 8 bpp and more use it as packed pixels.
  std::vector<uint8_t> vram;
};

}  // namespace m86
