// Code page 437 (the IBM PC's character ROM) to Unicode, for text screen dumps and
// `wait screen` matching.
#pragma once
#include <cstdint>
#include <string>

namespace m86 {

// The Unicode character the IBM PC's ROM font draws for `code`. The control range 0x01-0x1F and
// 0x7F map to the glyphs the font shows there (smileys, arrows, the house), not to controls;
// 0x00, drawn blank, maps to a space so that cleared screen memory trims like spaces do.
char32_t Cp437ToUnicode(uint8_t code);

// Appends the UTF-8 encoding of `c` (at most U+10FFFF) to `out`.
void AppendUtf8(char32_t c, std::string* out);

// Appends the UTF-8 text of the CP437 character `code` to `out`.
inline void AppendCp437(uint8_t code, std::string* out) { AppendUtf8(Cp437ToUnicode(code), out); }

}  // namespace m86
