// The Bochs VBE display interface ("DISPI"): 16-bit registers behind index port 0x1CE and data
// port 0x1CF that set a linear mode of up to 1280x1024x32 directly, without CRTC programming.
// Register semantics follow the Bochs VBE interface description (vbe_display_api): the mode
// registers take effect when ENABLE is set, GETCAPS makes XRES/YRES/BPP report the maxima, and
// the virtual height follows from the virtual width and the video memory size.
#include <algorithm>
#include <cstdio>
#include <string>

#include "devices/vga/vga.h"

namespace m86 {
namespace {

std::string Hex16(unsigned value) {
  char text[8];
  std::snprintf(text, sizeof text, "%04Xh", value);
  return text;
}

bool ValidBpp(uint16_t bpp) {
  return bpp == 4 || bpp == 8 || bpp == 15 || bpp == 16 || bpp == 24 || bpp == 32;
}

}  // namespace

uint32_t Vga::VbePitch() const {
  const VgaState& s = state_;
  if (s.vbe_bpp == 4) return s.vbe_virt_width / 2u;  // four planes of virt_width / 8 bytes
  return s.vbe_virt_width * ((s.vbe_bpp + 7u) / 8u);
}

uint16_t Vga::VbeRead() {
  const VgaState& s = state_;
  bool caps = (s.vbe_enable & vbe::kGetCaps) != 0;
  switch (s.vbe_index) {
    case vbe::kId: return s.vbe_id;
    case vbe::kXres: return caps ? vbe::kMaxXres : s.vbe_xres;
    case vbe::kYres: return caps ? vbe::kMaxYres : s.vbe_yres;
    case vbe::kBpp: return caps ? vbe::kMaxBpp : s.vbe_bpp;
    case vbe::kEnable: return s.vbe_enable;
    case vbe::kBank: return s.vbe_bank;
    case vbe::kVirtWidth: return s.vbe_virt_width;
    case vbe::kVirtHeight: return s.vbe_virt_height;
    case vbe::kXOffset: return s.vbe_x_offset;
    case vbe::kYOffset: return s.vbe_y_offset;
    case vbe::kVideoMemory64K: return static_cast<uint16_t>(s.vram.size() >> 16);
    default:
      log_.Log("VBE: DISPI index " + Hex16(s.vbe_index) + " does not exist; reads 0");
      return 0;
  }
}

void Vga::VbeWrite(uint16_t value) {
  VgaState& s = state_;
  switch (s.vbe_index) {
    case vbe::kId:
      if (value >= vbe::kId0 && value <= vbe::kId5) {
        s.vbe_id = value;
      } else {
        log_.Log("VBE: DISPI ID " + Hex16(value) + " not supported; ID unchanged");
      }
      return;
    case vbe::kXres:
    case vbe::kYres:
    case vbe::kBpp: {
      // The mode registers are latched only while the interface is disabled.
      if (VbeActive()) return;
      if (s.vbe_index == vbe::kBpp) {
        uint16_t bpp = value == 0 ? 8 : value;  // 0 means 8 bpp
        if (ValidBpp(bpp)) {
          s.vbe_bpp = bpp;
        } else {
          log_.Log("VBE: BPP " + std::to_string(value) + " not supported; write ignored");
        }
      } else {
        uint16_t max = s.vbe_index == vbe::kXres ? vbe::kMaxXres : vbe::kMaxYres;
        if (value == 0 || value > max) {
          log_.Log("VBE: resolution " + std::to_string(value) + " out of range; ignored");
        } else if (s.vbe_index == vbe::kXres) {
          s.vbe_xres = value;
        } else {
          s.vbe_yres = value;
        }
      }
      return;
    }
    case vbe::kEnable: VbeSetEnable(value); return;
    case vbe::kBank:
      if ((size_t{value} << 16) < s.vram.size()) {
        s.vbe_bank = value;
        UpdateDecode();
      } else {
        log_.Log("VBE: bank " + std::to_string(value) + " beyond video memory; ignored");
      }
      return;
    case vbe::kVirtWidth: {
      if (value < s.vbe_xres) return;
      uint16_t old = s.vbe_virt_width;
      s.vbe_virt_width = value;
      uint32_t pitch = VbePitch();
      if (pitch == 0 || size_t{pitch} * s.vbe_yres > s.vram.size()) {
        s.vbe_virt_width = old;  // the visible screen must fit in video memory
        return;
      }
      s.vbe_virt_height = static_cast<uint16_t>(std::min<size_t>(s.vram.size() / pitch, 0xFFFF));
      return;
    }
    case vbe::kVirtHeight:
      log_.Log("VBE: VIRT_HEIGHT follows from VIRT_WIDTH and video memory; write ignored");
      return;
    case vbe::kXOffset: s.vbe_x_offset = value; return;
    case vbe::kYOffset: s.vbe_y_offset = value; return;
    default: log_.Log("VBE: DISPI index " + Hex16(s.vbe_index) + " does not exist"); return;
  }
}

void Vga::VbeSetEnable(uint16_t value) {
  VgaState& s = state_;
  uint16_t old = s.vbe_enable;
  value &= vbe::kEnabled | vbe::kGetCaps | vbe::kDac8Bit | vbe::kLfbEnabled | vbe::kNoClearMem;
  if ((value ^ old) & vbe::kDac8Bit) {
    // Keep the colours when the DAC width changes: 6-bit entries scale to 8 bits and back.
    bool to8 = (value & vbe::kDac8Bit) != 0;
    for (auto& entry : s.dac) {
      for (auto& c : entry) c = static_cast<uint8_t>(to8 ? (c << 2) | (c >> 4) : c >> 2);
    }
  }
  s.vbe_enable = value;
  if ((value & vbe::kEnabled) && !(old & vbe::kEnabled)) {
    s.vbe_virt_width = s.vbe_xres;
    s.vbe_x_offset = s.vbe_y_offset = 0;
    s.vbe_bank = 0;
    uint32_t pitch = VbePitch();
    s.vbe_virt_height =
        static_cast<uint16_t>(std::min<size_t>(pitch ? s.vram.size() / pitch : 0, 0xFFFF));
    if (!(value & vbe::kNoClearMem)) std::fill(s.vram.begin(), s.vram.end(), 0);
  }
  UpdateDecode();
}

}  // namespace m86
