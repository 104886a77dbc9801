// Graphics modes: the graphics controller's three shift register formats (IBM VGA Technical
// Reference, "Graphics Mode Register" bits 5-6) — planar 16 colours, the CGA 4-colour
// interleave and 256-colour (chained mode 13h and unchained "mode X" alike, since the CRTC
// address mode decides which plane bytes are fetched) — and the Bochs VBE packed modes.
#include <algorithm>

#include "cpu/le_bytes.h"
#include "devices/vga/vga.h"

namespace m86 {

void Vga::RenderGraphics(const VgaGeometry& g, Frame* out) {
  const VgaState& s = state_;
  out->width = g.width;
  out->height = g.height;
  out->pixels.resize(size_t(g.width) * g.height);
  // In graphics modes, attribute blink makes pixel bit 3 blink (attribute mode bit 3).
  bool blink_off = (s.attr[attr::kModeControl] & 0x08) && ((FrameCount() >> 4) & 1) != 0;
  uint8_t pixel_mask = blink_off ? 0x07 : 0x0F;
  uint8_t dac_mask = s.dac_mask;

  line_.resize(size_t(g.columns + 2) * 8);  // at most 8 pixels per character clock
  for (int y = 0; y < g.height; ++y) {
    int row_scan;
    bool below_split;
    uint32_t counter = ScanlineCounter(g, y * g.scan_repeat, &row_scan, &below_split);
    int pan = below_split && g.pan_reset_at_split ? 0 : g.pel_pan;
    int clocks = g.columns + (pan ? 1 : 0);
    uint32_t* dst = line_.data();
    for (int k = 0; k < clocks; ++k) {
      uint32_t addr = MemoryAddress(g, counter + (uint32_t(k) >> g.count_shift), row_scan);
      uint8_t p0 = Plane(addr, 0), p1 = Plane(addr, 1), p2 = Plane(addr, 2), p3 = Plane(addr, 3);
      if (g.shift256) {
        uint8_t bytes[4] = {p0, p1, p2, p3};
        if (g.pixel_double) {
          for (uint8_t b : bytes) *dst++ = palette_rgb_[b & dac_mask];
        } else {
          for (uint8_t b : bytes) {
            *dst++ = attr_rgb_[(b >> 4) & pixel_mask];
            *dst++ = attr_rgb_[b & pixel_mask];
          }
        }
      } else if (g.cga_interleave) {
        // Two bits per pixel: planes 0/2 give the first four pixels, planes 1/3 the next four.
        for (int i = 0; i < 8; ++i) {
          int shift = 6 - 2 * (i & 3);
          uint8_t lo = i < 4 ? p0 : p1, hi = i < 4 ? p2 : p3;
          uint8_t v = static_cast<uint8_t>(((lo >> shift) & 3) | (((hi >> shift) & 3) << 2));
          *dst++ = attr_rgb_[v & pixel_mask];
        }
      } else {
        for (int bit = 7; bit >= 0; --bit) {
          uint8_t v = static_cast<uint8_t>(((p0 >> bit) & 1) | ((p1 >> bit) & 1) << 1 |
                                           ((p2 >> bit) & 1) << 2 | ((p3 >> bit) & 1) << 3);
          if (g.pixel_double) {  // 4-bit dots paired into one 8-bit pixel
            if (bit & 1) continue;
            uint8_t hi = static_cast<uint8_t>(((p0 >> (bit + 1)) & 1) | ((p1 >> (bit + 1)) & 1) << 1 |
                                              ((p2 >> (bit + 1)) & 1) << 2 |
                                              ((p3 >> (bit + 1)) & 1) << 3);
            *dst++ = palette_rgb_[(hi << 4 | v) & dac_mask];
          } else {
            *dst++ = attr_rgb_[v & pixel_mask];
          }
        }
      }
    }
    std::copy_n(line_.begin() + pan, g.width, out->pixels.begin() + size_t(y) * g.width);
  }
}

void Vga::RenderVbe(Frame* out) {
  const VgaState& s = state_;
  int w = s.vbe_xres, h = s.vbe_yres;
  out->width = w;
  out->height = h;
  out->text_mode = false;
  out->pixels.resize(size_t(w) * h);
  const uint8_t* vram = s.vram.data();
  size_t size = s.vram.size();
  uint32_t pitch = VbePitch();
  if (s.vbe_bpp == 4) {
    // Planar: each plane holds virt_width / 8 bytes per line.
    uint32_t plane_pitch = s.vbe_virt_width / 8u;
    size_t planes = size / 4;
    for (int y = 0; y < h; ++y) {
      size_t line = size_t(s.vbe_y_offset + y) * plane_pitch;
      for (int x = 0; x < w; ++x) {
        size_t px = size_t(s.vbe_x_offset) + x;
        size_t off = line + px / 8;
        uint8_t v = 0;
        if (off < planes) {
          int bit = 7 - int(px & 7);
          for (int p = 0; p < 4; ++p) v |= ((vram[off * 4 + p] >> bit) & 1) << p;
        }
        out->pixels[size_t(y) * w + x] = attr_rgb_[v];
      }
    }
    return;
  }
  uint32_t bytes = (s.vbe_bpp + 7u) / 8u;
  size_t start = size_t(s.vbe_y_offset) * pitch + size_t(s.vbe_x_offset) * bytes;
  for (int y = 0; y < h; ++y) {
    size_t line = start + size_t(y) * pitch;
    uint32_t* dst = &out->pixels[size_t(y) * w];
    if (line + size_t(w) * bytes > size) {
      std::fill_n(dst, w, 0u);  // beyond video memory
      continue;
    }
    const uint8_t* src = vram + line;
    switch (s.vbe_bpp) {
      case 8:
        for (int x = 0; x < w; ++x) dst[x] = palette_rgb_[src[x] & s.dac_mask];
        break;
      case 15:
      case 16:
        for (int x = 0; x < w; ++x) {
          uint32_t v = src[2 * x] | uint32_t{src[2 * x + 1]} << 8;
          uint32_t r, gr, b = v & 31;
          if (s.vbe_bpp == 15) {
            r = (v >> 10) & 31;
            gr = (v >> 5) & 31;
            gr = (gr << 3) | (gr >> 2);
          } else {
            r = (v >> 11) & 31;
            gr = (v >> 5) & 63;
            gr = (gr << 2) | (gr >> 4);
          }
          dst[x] = ((r << 3) | (r >> 2)) << 16 | gr << 8 | ((b << 3) | (b >> 2));
        }
        break;
      case 24:
        for (int x = 0; x < w; ++x) {
          const uint8_t* p = src + 3 * x;
          dst[x] = uint32_t{p[2]} << 16 | uint32_t{p[1]} << 8 | p[0];
        }
        break;
      default:  // 32: B, G, R, unused — little-endian 0x00RRGGBB
        for (int x = 0; x < w; ++x) dst[x] = LoadLe<uint32_t>(src + 4 * x) & 0x00FFFFFF;
        break;
    }
  }
}

}  // namespace m86
