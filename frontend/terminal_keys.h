// Terminal input to PC key strokes for the curses-style display: the bytes a terminal sends for
// its keys (ASCII, control characters, ESC-prefixed Alt, and the xterm/VT220/Linux console
// escape sequences of the cursor, editing and function keys) turned into US-layout chords.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "frontend/key_typing.h"

namespace m86 {

// The chord for one byte typed without an escape prefix: printable ASCII (key_typing's US
// layout), Enter (CR or LF), Tab, Backspace (DEL 0x7F or BS 0x08), Escape, Ctrl+Space (NUL),
// and Ctrl+letter/punctuation for the other control codes. Nothing for bytes above 0x7F.
std::optional<KeyChord> ChordForTerminalByte(uint8_t byte);

// Splits a terminal's input stream into key chords. Sequences recognised (xterm "Control
// Sequences", "PC-Style Function Keys"; DEC VT220 Programmer Reference, "Editing keypad" and
// "Function keys"; the Linux console's ESC [ [ A..E):
//   arrows             ESC [ A..D, ESC O A..D
//   Home, End          ESC [ H/F, ESC O H/F, ESC [ 1/7 ~ and 4/8 ~
//   Ins, Del, PgUp/Dn  ESC [ 2/3/5/6 ~
//   F1..F12            ESC O P..S, ESC [ 11..15 ~, 17..21 ~, 23/24 ~, ESC [ [ A..E (F1..F5)
//   Shift+Tab          ESC [ Z;   keypad Enter: ESC O M
// with xterm's modifier parameter (ESC [ 1 ; m X, ESC [ n ; m ~: m-1 = Shift 1 | Alt 2 |
// Ctrl 4). ESC followed by another key is that key with Alt held. A lone ESC is only known
// to be the Escape key when nothing follows it for a while: the caller calls Timeout then.
class TerminalKeyParser {
 public:
  void Feed(uint8_t byte, std::vector<KeyChord>* out);
  // No byte came for the escape timeout: what is buffered was typed on its own (ESC alone is
  // Escape; ESC [ is Alt+[; ESC O is Alt+Shift+O).
  void Timeout(std::vector<KeyChord>* out);
  bool pending() const { return !buffer_.empty(); }

 private:
  void FinishCsi(uint8_t final_byte, std::vector<KeyChord>* out);
  void FinishSs3(uint8_t final_byte, std::vector<KeyChord>* out);
  std::string buffer_;  // an incomplete escape sequence, starting with ESC
};

}  // namespace m86
