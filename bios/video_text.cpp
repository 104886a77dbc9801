// Character output: cursor shape, scrolling, character read/write, teletype and write string
// (IBM PC AT Technical Reference, VIDEO_IO; Ralf Brown's Interrupt List, INT 10h AH=01h-13h).
// Text modes are handled here; graphics modes go to video_graphics.cpp.
#include <algorithm>

#include "bios/video_services.h"

namespace m86::video {
namespace {

uint32_t TextCell(const Screen& s, uint8_t page, int row, int column) {
  return s.mode->segment() * 16 + static_cast<uint32_t>(page) * s.page_size +
         static_cast<uint32_t>(row * s.columns + column) * 2;
}

// Scrolls a text window up (`lines` > 0) or down (`lines` < 0); 0 blanks it.
void TextScroll(Bios& bios, const Screen& s, uint8_t page, int top, int left, int bottom, int right,
                int lines, uint8_t attr) {
  VgaIo vga(bios);
  const int height = bottom - top + 1;
  const int n = lines < 0 ? -lines : lines;
  const bool clear = n == 0 || n >= height;
  const uint16_t blank = static_cast<uint16_t>(attr << 8 | ' ');
  for (int i = 0; i < height; ++i) {
    const int row = lines >= 0 ? top + i : bottom - i;
    const int src = lines >= 0 ? row + n : row - n;
    const bool copy = !clear && src >= top && src <= bottom;
    for (int col = left; col <= right; ++col) {
      const uint16_t v = copy ? vga.Read16(TextCell(s, page, src, col)) : blank;
      vga.Write16(TextCell(s, page, row, col), v);
    }
  }
}

void Scroll(Bios& bios, const Screen& s, uint8_t page, int top, int left, int bottom, int right,
            int lines, uint8_t attr) {
  if (s.mode->text()) {
    TextScroll(bios, s, page, top, left, bottom, right, lines, attr);
  } else {
    GraphicsScroll(bios, s, page, top, left, bottom, right, lines, attr);
  }
}

// One character at a cell: text modes keep the old attribute unless one is given.
void PutChar(Bios& bios, const Screen& s, uint8_t page, int row, int column, uint8_t ch,
             uint8_t attr, bool use_attr) {
  if (!s.mode->text()) {
    GraphicsWriteChar(bios, s, page, column, row, ch, attr);
    return;
  }
  VgaIo vga(bios);
  const uint32_t at = TextCell(s, page, row, column);
  if (use_attr) {
    vga.Write16(at, static_cast<uint16_t>(attr << 8 | ch));
  } else {
    vga.Write8(at, ch);
  }
}

// BEL: the speaker at 896 Hz (PIT channel 2 divisor 1331, as the IBM PC AT BIOS's BEEP)
// for half a second, switched off by a timer event instead of the BIOS's busy wait.
void Beep(Bios& bios) {
  PortIo& io = bios.io();
  io.Out(0x43, 1, 0xB6);  // channel 2, lobyte/hibyte, mode 3 (square wave)
  io.Out(0x42, 1, 1331 & 0xFF);
  io.Out(0x42, 1, 1331 >> 8);
  io.Out(0x61, 1, io.In(0x61, 1) | 0x03);
  // One pending "speaker off" however many BELs arrive: a guest printing BELs in a loop must
  // not pile up events.
  Scheduler& scheduler = bios.scheduler();
  if (bios.beep_off_event) scheduler.Cancel(bios.beep_off_event);
  bios.beep_off_event = scheduler.ScheduleIn(500'000'000, [&bios] {
    bios.beep_off_event = 0;
    bios.io().Out(0x61, 1, bios.io().In(0x61, 1) & ~0x03u);
  });
}

}  // namespace

void Int10CursorShape(Bios& bios, BiosCall& call) {
  bios.Poke16(bda::kCursorShape, call.cx());
  const Screen s = CurrentScreen(bios);
  if (!s.mode || !s.mode->text()) return;
  uint8_t start = call.ch(), end = call.cl() & 0x1F;
  const bool emulate = (bios.Peek8(bda::kVideoEgaMisc) & 0x01) == 0;
  if (emulate && s.char_height > 8 && (start & 0x60) == 0 && start < 8 && end < 8) {
    // Cursor emulation: CGA shapes are given in an 8-line cell. Lines in the upper half stay
    // where they are; lines in the lower half keep their distance from the cell's bottom, one
    // line above it as on the CGA (06h-07h becomes 0Dh-0Eh in a 16-line cell).
    const auto map = [&](uint8_t line) {
      return static_cast<uint8_t>(line < 4 ? line : line + s.char_height - 9);
    };
    start = map(start);
    end = map(end);
  }
  VgaIo vga(bios);
  vga.SetCrtc(0x0A, static_cast<uint8_t>((vga.Crtc(0x0A) & 0xC0) | (start & 0x3F)));
  vga.SetCrtc(0x0B, static_cast<uint8_t>((vga.Crtc(0x0B) & 0xE0) | end));
}

void Int10Scroll(Bios& bios, BiosCall& call, bool up) {
  const Screen s = CurrentScreen(bios);
  if (!s.mode) return;
  const int bottom = std::min<int>(call.dh(), s.rows - 1);
  const int right = std::min<int>(call.dl(), s.columns - 1);
  const int top = call.ch(), left = call.cl();
  if (top > bottom || left > right) return;
  const int lines = call.al();
  Scroll(bios, s, s.active_page, top, left, bottom, right, up ? lines : -lines, call.bh());
}

void Int10ReadChar(Bios& bios, BiosCall& call) {
  const Screen s = CurrentScreen(bios);
  if (!s.mode) return;
  const uint8_t page = call.bh() & 7;
  const CursorPos pos = GetCursor(bios, page);
  if (s.mode->text()) {
    VgaIo vga(bios);
    call.set_ax(vga.Read16(TextCell(s, page, pos.row, pos.column)));
  } else {
    call.set_al(GraphicsReadChar(bios, s, page, pos.column, pos.row));
    call.set_ah(0);
  }
}

void Int10WriteChar(Bios& bios, BiosCall& call, bool with_attribute) {
  const Screen s = CurrentScreen(bios);
  if (!s.mode) return;
  const uint8_t page = call.bh() & 7;
  const CursorPos pos = GetCursor(bios, page);
  // The repeat count runs along the row and on into the following rows, never past the
  // page's last cell.
  int cell = pos.row * s.columns + pos.column;
  const int last = s.rows * s.columns;
  for (uint16_t i = 0; i < call.cx() && cell < last; ++i, ++cell) {
    // In graphics modes AH=0Ah uses BL as the colour too (IBM PC AT TR, "WRITE_CHAR").
    PutChar(bios, s, page, cell / s.columns, cell % s.columns, call.al(), call.bl(),
            with_attribute || !s.mode->text());
  }
}

void TeletypeOut(Bios& bios, uint8_t page, uint8_t ch, uint8_t attr, bool use_attr) {
  const Screen s = CurrentScreen(bios);
  if (!s.mode) return;
  CursorPos pos = GetCursor(bios, page);
  int row = pos.row, column = pos.column;
  switch (ch) {
    case 0x07:
      Beep(bios);
      return;
    case 0x08:
      if (column > 0) --column;
      break;
    case 0x0D:
      column = 0;
      break;
    case 0x0A:
      ++row;
      break;
    default:
      PutChar(bios, s, page, row, column, ch, attr, use_attr || !s.mode->text());
      if (++column >= s.columns) {
        column = 0;
        ++row;
      }
      break;
  }
  if (row >= s.rows) {
    // Scroll the whole page by one line; in text modes the new line takes the attribute of
    // the cell under the cursor (IBM PC AT TR, WRITE_TTY), in graphics modes colour 0.
    row = s.rows - 1;
    uint8_t fill = 0;
    if (s.mode->text()) {
      VgaIo vga(bios);
      fill = static_cast<uint8_t>(vga.Read16(TextCell(s, page, row, column)) >> 8);
    }
    Scroll(bios, s, page, 0, 0, s.rows - 1, s.columns - 1, 1, fill);
  }
  SetCursor(bios, page, {static_cast<uint8_t>(row), static_cast<uint8_t>(column)});
}

void Int10Teletype(Bios& bios, BiosCall& call) {
  // The IBM BIOS writes to the active page whatever BH holds.
  TeletypeOut(bios, bios.Peek8(bda::kVideoPage) & 7, call.al(), call.bl(), false);
}

void Int10WriteString(Bios& bios, BiosCall& call) {
  const uint8_t mode = call.al();
  if (mode > 3) return;
  const uint8_t page = call.bh() & 7;
  const CursorPos saved = GetCursor(bios, page);
  SetCursor(bios, page, {call.dh(), call.dl()});
  const bool attributes = (mode & 2) != 0;
  uint16_t off = call.bp();
  for (uint16_t i = 0; i < call.cx(); ++i) {
    const uint8_t ch = call.Read8(call.es(), off++);
    uint8_t attr = call.bl();
    if (attributes) attr = call.Read8(call.es(), off++);
    // BEL, BS, LF and CR act as in teletype output; everything else is written with its
    // attribute.
    TeletypeOut(bios, page, ch, attr, true);
  }
  if ((mode & 1) == 0) SetCursor(bios, page, saved);
}

}  // namespace m86::video
