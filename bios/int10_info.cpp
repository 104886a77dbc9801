// INT 10h configuration and state queries: AH=12h alternate select, AH=1Ah display combination,
// AH=1Bh functionality/state information (Ralf Brown's Interrupt List, INT 10h AH=12h/1Ah/1Bh;
// IBM VGA Technical Reference, "Video BIOS").
#include <cstdio>

#include "bios/video_services.h"

namespace m86::video {
namespace {

constexpr uint8_t kDccVgaColor = 0x08, kDccVgaMono = 0x07;

bool MonoCrtc(Bios& bios) { return bios.Peek16(bda::kCrtcBase) == 0x3B4; }

void SetFlag(Bios& bios, uint32_t addr, uint8_t mask, bool on) {
  const uint8_t v = bios.Peek8(addr);
  bios.Poke8(addr, static_cast<uint8_t>(on ? v | mask : v & ~mask));
}

// 0 = 200, 1 = 350, 2 = 400, 3 = 480 scan lines, from the misc output sync polarities (the
// VGA encodes the vertical size in them) and the 200-line text selection.
uint8_t ScanLineCode(Bios& bios, VgaIo& vga, const Screen& s) {
  if (s.mode && s.mode->text() && (bios.Peek8(bda::kVideoVgaFlags) & 0x90) == 0x80) return 0;
  switch (vga.Misc() >> 6) {
    case 2:
      return 1;
    case 3:
      return 3;
    default:
      return 2;
  }
}

}  // namespace

void Int10Alternate(Bios& bios, BiosCall& call) {
  const uint8_t al = call.al();
  switch (call.bl()) {
    case 0x10:  // EGA information
      call.set_bh(MonoCrtc(bios) ? 1 : 0);
      call.set_bl(0x03);  // 256 KiB
      call.set_ch(static_cast<uint8_t>(bios.Peek8(bda::kVideoEgaSwitches) >> 4));
      call.set_cl(bios.Peek8(bda::kVideoEgaSwitches) & 0x0F);
      return;
    case 0x30: {  // text scan lines at the next mode set: AL = 0 200, 1 350, 2 400
      if (al > 2) return;
      static constexpr uint8_t kBits[3] = {0x80, 0x00, 0x10};
      const uint8_t flags = bios.Peek8(bda::kVideoVgaFlags);
      bios.Poke8(bda::kVideoVgaFlags, static_cast<uint8_t>((flags & 0x6F) | kBits[al]));
      break;
    }
    case 0x31:  // default palette loading on mode set: AL = 0 on, 1 off
      if (al > 1) return;
      SetFlag(bios, bda::kVideoVgaFlags, 0x08, al == 1);
      break;
    case 0x32: {  // video addressing: AL = 0 enable, 1 disable (video subsystem enable port)
      if (al > 1) return;
      VgaIo vga(bios);
      vga.Out8(kVideoEnablePort, al == 0 ? 0x01 : 0x00);
      break;
    }
    case 0x33:  // grey-scale summing: AL = 0 on, 1 off
      if (al > 1) return;
      SetFlag(bios, bda::kVideoVgaFlags, 0x02, al == 0);
      break;
    case 0x34:  // cursor emulation: AL = 0 on, 1 off (487h bit 0 set = off)
      if (al > 1) return;
      SetFlag(bios, bda::kVideoEgaMisc, 0x01, al == 1);
      break;
    case 0x36: {  // refresh: AL = 0 on, 1 off (sequencer clocking mode bit 5, screen off)
      if (al > 1) return;
      VgaIo vga(bios);
      const uint8_t clocking = vga.Seq(0x01);
      vga.SetSeq(0x01, static_cast<uint8_t>(al == 1 ? clocking | 0x20 : clocking & ~0x20));
      break;
    }
    default: {
      // 20h (alternate print screen) and 35h (display switching) need hardware this board
      // does not have.
      char what[32];
      std::snprintf(what, sizeof what, "INT 10h AH=12h BL=%02Xh", call.bl());
      bios.LogUnimplemented(what);
      return;
    }
  }
  call.set_al(0x12);
}

void Int10DisplayCombination(Bios& bios, BiosCall& call) {
  if (call.al() == 0x00) {
    call.set_bx(MonoCrtc(bios) ? kDccVgaMono : kDccVgaColor);  // BH: no alternate display
    call.set_al(0x1A);
  } else if (call.al() == 0x01) {
    // Setting the code is accepted; there is only one display to describe.
    call.set_al(0x1A);
  } else {
    bios.LogUnimplemented("INT 10h AH=1Ah AL>01h");
  }
}

void Int10StateInfo(Bios& bios, BiosCall& call) {
  if (call.bx() != 0) return;
  VgaIo vga(bios);
  const Screen s = CurrentScreen(bios);
  uint8_t b[64] = {};
  const auto put16 = [&](int at, uint16_t v) {
    b[at] = static_cast<uint8_t>(v);
    b[at + 1] = static_cast<uint8_t>(v >> 8);
  };
  put16(0x00, rom::kVideoStaticTable);
  put16(0x02, rom::kSegment);
  b[0x04] = bios.Peek8(bda::kVideoMode);
  put16(0x05, s.columns);
  put16(0x07, s.page_size);
  put16(0x09, bios.Peek16(bda::kVideoPageStart));
  for (int i = 0; i < 16; ++i) b[0x0B + i] = bios.Peek8(bda::kCursorPos + static_cast<uint32_t>(i));
  b[0x1B] = bios.Peek8(bda::kCursorShape);      // end line
  b[0x1C] = bios.Peek8(bda::kCursorShape + 1);  // start line
  b[0x1D] = s.active_page;
  put16(0x1E, bios.Peek16(bda::kCrtcBase));
  b[0x20] = bios.Peek8(bda::kVideoModeCtl);
  b[0x21] = bios.Peek8(bda::kVideoPalette);
  b[0x22] = static_cast<uint8_t>(s.rows);
  put16(0x23, s.char_height);
  b[0x25] = MonoCrtc(bios) ? kDccVgaMono : kDccVgaColor;
  b[0x26] = 0;
  put16(0x27, s.mode ? s.mode->colors : 0);
  b[0x29] = s.mode ? s.mode->pages : 1;
  b[0x2A] = ScanLineCode(bios, vga, s);
  // Character map select: map B (attribute bit 3 clear) is the primary font, map A the
  // secondary one.
  const uint8_t maps = vga.Seq(0x03);
  b[0x2B] = static_cast<uint8_t>((maps >> 2 & 3) | (maps >> 3 & 4));
  b[0x2C] = static_cast<uint8_t>((maps & 3) | (maps >> 2 & 4));
  const uint8_t vga_flags = bios.Peek8(bda::kVideoVgaFlags);
  const uint8_t ega_misc = bios.Peek8(bda::kVideoEgaMisc);
  b[0x2D] =
      static_cast<uint8_t>(0x01 | (vga_flags & 0x02) | (ega_misc & 0x02) << 1 | (vga_flags & 0x08) |
                           ((ega_misc & 0x01) ? 0 : 0x10) | ((vga.Attr(0x10) & 0x08) ? 0x20 : 0));
  b[0x31] = 0x03;  // 256 KiB
  call.WriteBlock(call.es(), call.di(), b);
  call.set_al(0x1B);
}

}  // namespace m86::video
