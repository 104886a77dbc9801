// INT 10h, the video BIOS: dispatch on AH (IBM PC AT Technical Reference, VIDEO_IO; Ralf
// Brown's Interrupt List for the EGA/VGA and VBE functions). The functions themselves live in
// the video_*.cpp files by concern.
#include <cstdio>

#include "bios/video_services.h"

namespace m86 {
namespace {

void LogFunction(Bios& bios, uint8_t ah, const char* suffix = "") {
  char what[48];
  std::snprintf(what, sizeof what, "INT 10h AH=%02Xh%s", ah, suffix);
  bios.LogUnimplemented(what);
}

// The character and pixel functions draw into the VGA modes only; in a VBE mode the BIOS has
// no text output (mode attribute bit 2 clear), as VBE 2.0 allows.
bool DrawingFunction(uint8_t ah) {
  return (ah >= 0x02 && ah <= 0x0E && ah != 0x04 && ah != 0x0B) || ah == 0x13;
}

void PixelFunction(Bios& bios, BiosCall& call, bool write) {
  const video::Screen s = video::CurrentScreen(bios);
  if (!s.mode || s.mode->text()) return;
  const uint8_t page = call.bh() & 7;
  if (write) {
    video::WritePixel(bios, s, page, call.cx(), call.dx(), call.al());
  } else {
    call.set_al(video::ReadPixel(bios, s, page, call.cx(), call.dx()));
  }
}

}  // namespace

void Int10Video(Bios& bios, BiosCall& call) {
  using namespace video;
  const uint8_t ah = call.ah();
  if (DrawingFunction(ah)) {
    VgaIo vga(bios);
    if (vga.VbeActive()) {
      LogFunction(bios, ah, " in a VBE mode");
      return;
    }
  }
  switch (ah) {
    case 0x00: {
      const uint8_t mode = call.al() & 0x7F;
      if (!SetVideoMode(bios, call.al())) return;
      // AL on return as the Phoenix BIOS documents it (Ralf Brown's Interrupt List).
      call.set_al(mode > 7 ? 0x20 : mode == 6 ? 0x3F : 0x30);
      break;
    }
    case 0x01:
      Int10CursorShape(bios, call);
      break;
    case 0x02:
      SetCursor(bios, call.bh() & 7, {call.dh(), call.dl()});
      break;
    case 0x03: {
      const CursorPos pos = GetCursor(bios, call.bh() & 7);
      call.set_cx(bios.Peek16(bda::kCursorShape));
      call.set_dx(static_cast<uint16_t>(pos.row << 8 | pos.column));
      break;
    }
    case 0x04:  // light pen: the VGA has no light pen input, so never triggered
      call.set_ah(0);
      break;
    case 0x05:
      SelectPage(bios, call.al() & 7);
      break;
    case 0x06:
      Int10Scroll(bios, call, true);
      break;
    case 0x07:
      Int10Scroll(bios, call, false);
      break;
    case 0x08:
      Int10ReadChar(bios, call);
      break;
    case 0x09:
      Int10WriteChar(bios, call, true);
      break;
    case 0x0A:
      Int10WriteChar(bios, call, false);
      break;
    case 0x0B:
      Int10CgaPalette(bios, call);
      break;
    case 0x0C:
      PixelFunction(bios, call, true);
      break;
    case 0x0D:
      PixelFunction(bios, call, false);
      break;
    case 0x0E:
      Int10Teletype(bios, call);
      break;
    case 0x0F:
      call.set_al(static_cast<uint8_t>((bios.Peek8(bda::kVideoMode) & 0x7F) |
                                       (bios.Peek8(bda::kVideoEgaMisc) & 0x80)));
      call.set_ah(static_cast<uint8_t>(bios.Peek16(bda::kVideoColumns)));
      call.set_bh(bios.Peek8(bda::kVideoPage));
      break;
    case 0x10:
      Int10Palette(bios, call);
      break;
    case 0x11:
      Int10Font(bios, call);
      break;
    case 0x12:
      Int10Alternate(bios, call);
      break;
    case 0x13:
      Int10WriteString(bios, call);
      break;
    case 0x1A:
      Int10DisplayCombination(bios, call);
      break;
    case 0x1B:
      Int10StateInfo(bios, call);
      break;
    case 0x4F:
      Int10Vbe(bios, call);
      break;
    default:
      // Including 1Ch (save/restore video state): AL stays unequal to 1Ch, which callers
      // take as "not supported".
      LogFunction(bios, ah);
      break;
  }
}

}  // namespace m86
