// CP437 to Unicode against IBM's code page 437 (Unicode's CP437.TXT and the PC's ROM glyphs).
#include <catch2/catch.hpp>

#include "frontend/cp437.h"

using namespace m86;

TEST_CASE("CP437 box drawing maps to the Unicode box characters", "[cp437]") {
  CHECK(Cp437ToUnicode(0xC9) == U'\u2554');  // ╔
  CHECK(Cp437ToUnicode(0xCD) == U'\u2550');  // ═
  CHECK(Cp437ToUnicode(0xBB) == U'\u2557');  // ╗
  CHECK(Cp437ToUnicode(0xBA) == U'\u2551');  // ║
  CHECK(Cp437ToUnicode(0xC8) == U'\u255A');  // ╚
  CHECK(Cp437ToUnicode(0xBC) == U'\u255D');  // ╝
  CHECK(Cp437ToUnicode(0xDA) == U'\u250C');  // ┌
  CHECK(Cp437ToUnicode(0xC4) == U'\u2500');  // ─
  CHECK(Cp437ToUnicode(0xBF) == U'\u2510');  // ┐
  CHECK(Cp437ToUnicode(0xB3) == U'\u2502');  // │
  CHECK(Cp437ToUnicode(0xC0) == U'\u2514');  // └
  CHECK(Cp437ToUnicode(0xD9) == U'\u2518');  // ┘
  CHECK(Cp437ToUnicode(0xC5) == U'\u253C');  // ┼
  CHECK(Cp437ToUnicode(0xB0) == U'\u2591');  // ░
  CHECK(Cp437ToUnicode(0xDB) == U'\u2588');  // █
}

TEST_CASE("CP437 letters, symbols and the ROM's control glyphs", "[cp437]") {
  CHECK(Cp437ToUnicode('A') == U'A');
  CHECK(Cp437ToUnicode('~') == U'~');
  CHECK(Cp437ToUnicode(0x00) == U' ');
  CHECK(Cp437ToUnicode(0x01) == U'\u263A');  // ☺
  CHECK(Cp437ToUnicode(0x10) == U'\u25BA');  // ►
  CHECK(Cp437ToUnicode(0x7F) == U'\u2302');  // ⌂
  CHECK(Cp437ToUnicode(0x80) == U'\u00C7');  // Ç
  CHECK(Cp437ToUnicode(0x9E) == U'\u20A7');  // ₧
  CHECK(Cp437ToUnicode(0xE1) == U'\u00DF');  // ß
  CHECK(Cp437ToUnicode(0xE3) == U'\u03C0');  // π
  CHECK(Cp437ToUnicode(0xFE) == U'\u25A0');  // ■
  CHECK(Cp437ToUnicode(0xFF) == U'\u00A0');  // no-break space
}

TEST_CASE("UTF-8 encoding of one to four bytes", "[cp437]") {
  std::string out;
  AppendUtf8(U'A', &out);
  AppendUtf8(U'\u00E9', &out);
  AppendUtf8(U'\u2554', &out);
  AppendUtf8(U'\U0001F600', &out);
  CHECK(out == "A\xC3\xA9\xE2\x95\x94\xF0\x9F\x98\x80");
  std::string box;
  AppendCp437(0xC9, &box);
  CHECK(box == "╔");
}
