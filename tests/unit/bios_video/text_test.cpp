// INT 10h text services against the IBM PC AT Technical Reference (VIDEO_IO) and Ralf Brown's
// Interrupt List: mode 3 after POST, cursor, teletype, scrolling, write string, pages.
#include "video_machine.h"

using m86::bda::kBase;
using video_test::Regs;
using video_test::VideoMachine;

TEST_CASE("video POST sets 80x25 colour text and the BDA", "[bios_video]") {
  VideoMachine m;
  const m86::TextScreen t = m.Text();
  CHECK(t.columns == 80);
  CHECK(t.rows == 25);
  CHECK(t.cells[0] == 0x0720);
  CHECK(t.cells[80 * 25 - 1] == 0x0720);
  CHECK(m.Peek8(0x449) == 0x03);
  CHECK(m.Peek16(0x44A) == 80);
  CHECK(m.Peek16(0x44C) == 0x1000);
  CHECK(m.Peek16(0x44E) == 0);
  CHECK(m.Peek16(0x460) == 0x0607);
  CHECK(m.Peek8(0x462) == 0);
  CHECK(m.Peek16(0x463) == 0x3D4);
  CHECK(m.Peek8(0x465) == 0x29);
  CHECK(m.Peek8(0x466) == 0x30);
  CHECK(m.Peek8(0x484) == 24);
  CHECK(m.Peek16(0x485) == 16);
  CHECK(m.Peek8(0x487) == 0x60);
  CHECK(m.Peek8(0x488) == 0xF9);
  CHECK(m.Peek8(0x489) == 0x51);
  CHECK((m.Peek16(0x410) & 0x30) == 0x20);
  // INT 1Fh and INT 43h point at the ROM fonts.
  CHECK(m.Peek32(0x1F * 4) == 0xF0007E00u);
  CHECK(m.Peek32(0x43 * 4) == 0xF0006000u);
  // The CRTC has the emulated cursor (lines 13-14 of 16), at 0,0, visible.
  CHECK(t.cursor_visible);
  CHECK(t.cursor_row == 0);
  CHECK(t.cursor_column == 0);
  CHECK(m.vga.state().crtc[0x0A] == 0x0D);
  CHECK(m.vga.state().crtc[0x0B] == 0x0E);
  CHECK(m.logged.empty());
}

TEST_CASE("mode 3 loads the ROM 8x16 font into plane 2", "[bios_video]") {
  VideoMachine m;
  int nonzero = 0;
  for (int line = 0; line < 16; ++line) {
    const uint8_t rom = m.Peek8(0xF6000 + 'A' * 16 + line);
    CHECK(m.FontPlane('A' * 32 + line) == rom);
    nonzero += rom != 0;
  }
  CHECK(nonzero > 4);
  CHECK(m.FontPlane('A' * 32 + 16) == 0);  // lines 16-31 of a slot are blank
}

TEST_CASE("AH=0Fh reports mode, columns and page", "[bios_video]") {
  VideoMachine m;
  const Regs r = m.Int10(0x0F00);
  CHECK(r.ax == 0x5003);
  CHECK((r.bx >> 8) == 0);
  m.Int10(0x0001);
  CHECK(m.Int10(0x0F00).ax == 0x2801);
  CHECK(m.Text().columns == 40);
  // Bit 7 of AL keeps video memory and is reported back.
  m.Int10(0x0E41, 0x0007);
  m.Int10(0x0081);
  CHECK(m.Int10(0x0F00).ax == 0x2881);
  CHECK(m.Text().CharAt(0, 0) == 'A');
}

TEST_CASE("cursor position and shape", "[bios_video]") {
  VideoMachine m;
  m.Int10(0x0200, 0x0000, 0, 0x0A05);  // row 10, column 5
  CHECK(m.Peek16(0x450) == 0x0A05);
  m86::TextScreen t = m.Text();
  CHECK(t.cursor_row == 10);
  CHECK(t.cursor_column == 5);
  Regs r = m.Int10(0x0300);
  CHECK(r.dx == 0x0A05);
  CHECK(r.cx == 0x0607);
  // A CGA block cursor 00h-07h is emulated in the 16-line cell; the BDA keeps the request.
  m.Int10(0x0100, 0, 0x0007);
  CHECK(m.Peek16(0x460) == 0x0007);
  CHECK(m.vga.state().crtc[0x0A] == 0x00);
  CHECK(m.vga.state().crtc[0x0B] == 0x0E);
  // 2000h hides it.
  m.Int10(0x0100, 0, 0x2000);
  CHECK_FALSE(m.Text().cursor_visible);
  // With emulation off (AH=12h BL=34h AL=1), values go to the CRTC as given.
  CHECK((m.Int10(0x1201, 0x0034).ax & 0xFF) == 0x12);
  m.Int10(0x0100, 0, 0x0607);
  CHECK(m.vga.state().crtc[0x0A] == 0x06);
  CHECK(m.vga.state().crtc[0x0B] == 0x07);
  // Page 1's cursor is kept separately and does not move the hardware cursor.
  m.Int10(0x0200, 0x0100, 0, 0x0102);
  CHECK(m.Peek16(0x452) == 0x0102);
  CHECK(m.Text().cursor_row == 10);
}

TEST_CASE("teletype writes, interprets CR LF BS and scrolls at the bottom", "[bios_video]") {
  VideoMachine m;
  m.Print("Hello\r\nWorld");
  m86::TextScreen t = m.Text();
  CHECK(m.Row(t, 0) == "Hello");
  CHECK(m.Row(t, 1) == "World");
  CHECK(t.cursor_row == 1);
  CHECK(t.cursor_column == 5);
  m.Print("\b\bX");
  CHECK(m.Row(m.Text(), 1) == "WorXd");
  // Line wrap at column 80.
  m.Print("\r\n");
  m.Print(std::string(85, '*'));
  t = m.Text();
  CHECK(m.Row(t, 2) == std::string(80, '*'));
  CHECK(m.Row(t, 3) == "*****");
  // Scrolling: 30 more lines push "Hello" off the top.
  for (int i = 0; i < 30; ++i) m.Print("\r\nline " + std::to_string(i));
  t = m.Text();
  CHECK(m.Row(t, 24) == "line 29");
  CHECK(m.Row(t, 23) == "line 28");
  CHECK(m.Row(t, 0) == "line 5");
  CHECK(t.cursor_row == 24);
  CHECK(t.cursor_column == 7);
  // Teletype keeps the cell's attribute (07h from the mode set).
  CHECK(t.cells[24 * 80] >> 8 == 0x07);
}

TEST_CASE("BEL sounds the speaker without moving the cursor", "[bios_video]") {
  VideoMachine m;
  m.Print("\a");
  CHECK(m.Peek16(0x450) == 0);
  CHECK(m.logged.empty());
}

TEST_CASE("AH=09h/0Ah write with repeat count, AH=08h reads back", "[bios_video]") {
  VideoMachine m;
  m.Int10(0x0200, 0, 0, 0x0304);
  m.Int10(0x0923, 0x001E, 3);  // '#' yellow on blue, 3 times
  m86::TextScreen t = m.Text();
  CHECK(t.cells[3 * 80 + 4] == 0x1E23);
  CHECK(t.cells[3 * 80 + 6] == 0x1E23);
  CHECK(t.cells[3 * 80 + 7] == 0x0720);
  CHECK(m.Peek16(0x450) == 0x0304);  // the cursor does not move
  m.Int10(0x0A2B, 0x0000, 1);        // '+' keeping the attribute
  CHECK(m.Text().cells[3 * 80 + 4] == 0x1E2B);
  CHECK(m.Int10(0x0800).ax == 0x1E2B);
}

TEST_CASE("AH=06h/07h scroll a window", "[bios_video]") {
  VideoMachine m;
  for (int row = 0; row < 5; ++row) {
    m.Int10(0x0200, 0, 0, static_cast<uint16_t>(row << 8));
    m.Int10(static_cast<uint16_t>(0x0930 + row), 0x0007, 10);
  }
  // Up one line in rows 1-3, columns 2-5, blanks with attribute 4Fh.
  m.Int10(0x0601, 0x4F00, 0x0102, 0x0305);
  m86::TextScreen t = m.Text();
  CHECK(m.Row(t, 0) == "0000000000");
  CHECK(m.Row(t, 1) == "1122221111");
  CHECK(m.Row(t, 2) == "2233332222");
  CHECK(t.cells[3 * 80 + 2] == 0x4F20);
  CHECK(t.cells[3 * 80 + 1] == 0x0733);
  // Down two lines over the whole screen.
  m.Int10(0x0702, 0x0700, 0x0000, 0x184F);
  t = m.Text();
  CHECK(m.Row(t, 0).empty());
  CHECK(m.Row(t, 2) == "0000000000");
  // AL=0 clears the window; the corner beyond the screen is clamped.
  m.Int10(0x0600, 0x1700, 0x0000, 0xFFFF);
  t = m.Text();
  CHECK(t.cells[0] == 0x1720);
  CHECK(t.cells[80 * 25 - 1] == 0x1720);
}

TEST_CASE("AH=13h writes strings in all four modes", "[bios_video]") {
  VideoMachine m;
  m.Poke(0x5000, "Hi!");
  Regs r;
  r.ax = 0x1301;  // attribute in BL, move the cursor
  r.bx = 0x002F;
  r.cx = 3;
  r.dx = 0x0502;
  r.es = 0x0500;
  r.bp = 0x0000;
  m.Int10(r);
  m86::TextScreen t = m.Text();
  CHECK(t.cells[5 * 80 + 2] == 0x2F48);
  CHECK(t.cells[5 * 80 + 4] == 0x2F21);
  CHECK(m.Peek16(0x450) == 0x0505);
  // Mode 3: characters with their own attributes, cursor stays.
  m.Poke(0x5010, std::string("A\x1E"
                             "B\x4F",
                             4));
  r.ax = 0x1302;
  r.cx = 2;
  r.dx = 0x0600;
  r.bp = 0x0010;
  m.Int10(r);
  t = m.Text();
  CHECK(t.cells[6 * 80] == 0x1E41);
  CHECK(t.cells[6 * 80 + 1] == 0x4F42);
  CHECK(m.Peek16(0x450) == 0x0505);
  // Mode 0: CR LF inside the string act as in teletype.
  m.Poke(0x5020, "ab\r\ncd");
  r.ax = 0x1300;
  r.bx = 0x0007;
  r.cx = 6;
  r.dx = 0x0A00;
  r.bp = 0x0020;
  m.Int10(r);
  t = m.Text();
  CHECK(m.Row(t, 10) == "ab");
  CHECK(m.Row(t, 11) == "cd");
  CHECK(m.Peek16(0x450) == 0x0505);
}

TEST_CASE("AH=05h selects display pages", "[bios_video]") {
  VideoMachine m;
  m.Print("page zero");
  m.Int10(0x0200, 0x0200, 0, 0x0000);
  m.Int10(0x0950, 0x0207, 1);  // 'P' on page 2
  m.Int10(0x0502);
  CHECK(m.Peek8(0x462) == 2);
  CHECK(m.Peek16(0x44E) == 0x2000);
  m86::TextScreen t = m.Text();
  CHECK(t.CharAt(0, 0) == 'P');
  m.Print("!");  // teletype goes to the active page
  CHECK(m.Row(m.Text(), 0) == "!");
  m.Int10(0x0500);
  CHECK(m.Row(m.Text(), 0) == "page zero");
}

TEST_CASE("mode 7 is monochrome text at B000", "[bios_video]") {
  VideoMachine m;
  m.Int10(0x0007);
  CHECK(m.Peek16(0x463) == 0x3B4);
  CHECK((m.Peek16(0x410) & 0x30) == 0x30);
  m.Print("mono");
  CHECK(m.Peek8(0xB0000) == 'm');
  CHECK(m.Row(m.Text(), 0) == "mono");
  CHECK(m.Int10(0x1A00).bx == 0x0007);
  m.Int10(0x0003);
  CHECK(m.Peek16(0x463) == 0x3D4);
}

TEST_CASE("unsupported functions leave registers and are logged once", "[bios_video]") {
  VideoMachine m;
  Regs r = m.Int10(0x1C00, 0x1234, 0x5678, 0x9ABC);
  CHECK(r.ax == 0x1C00);
  CHECK(r.bx == 0x1234);
  CHECK(r.cx == 0x5678);
  CHECK(m.Logged("INT 10h AH=1Ch"));
  r = m.Int10(0x0014);  // no mode 14h
  CHECK(r.ax == 0x0014);
  CHECK(m.Logged("mode 14h"));
  CHECK(m.Peek8(0x449) == 0x03);
}

TEST_CASE("guest code reaches INT 10h through the ROM entry point", "[bios_video]") {
  VideoMachine m;
  m.bios.Attach(m.bus);
  // INT 10h -> F000:F065, the IBM PC AT entry, which jumps to the trap stub.
  m.mem.Write(0x10 * 4, 4, 0xF000F065u);
  // mov ax, 0E41h; mov bx, 0007h; int 10h; mov ah, 03h; int 10h; hlt
  const uint8_t code[] = {0xB8, 0x41, 0x0E, 0xBB, 0x07, 0x00, 0xCD,
                          0x10, 0xB4, 0x03, 0xCD, 0x10, 0xF4};
  for (size_t i = 0; i < sizeof code; ++i)
    m.mem.Write(0x1000 + static_cast<uint32_t>(i), 1, code[i]);
  m86::LoadSegmentRealMode(m.cpu, m86::kCs, 0);
  m.cpu.s.rip = 0x1000;
  m.cpu.s.gpr[m86::kEsp] = 0x7000;
  m.cpu.Run(1000);
  CHECK(m.Text().CharAt(0, 0) == 'A');
  CHECK((m.cpu.s.gpr[m86::kEdx] & 0xFFFF) == 0x0001);  // AH=03h: row 0, column 1
  CHECK((m.cpu.s.gpr[m86::kEcx] & 0xFFFF) == 0x0607);
}
