// The terminal escape-sequence parser: the byte sequences xterm, VT220 and the Linux console
// send for their keys turn into the right PC keys and modifiers.
#include "frontend/terminal_keys.h"

#include <catch2/catch.hpp>

using namespace m86;

namespace {

std::vector<KeyChord> Parse(const std::string& bytes, bool timeout = false) {
  TerminalKeyParser parser;
  std::vector<KeyChord> chords;
  for (char c : bytes) parser.Feed(static_cast<uint8_t>(c), &chords);
  if (timeout) parser.Timeout(&chords);
  return chords;
}

KeyChord K(PcKey key, std::vector<PcKey> held = {}) { return KeyChord{std::move(held), key}; }

}  // namespace

TEST_CASE("terminal keys: printable text and controls", "[console][terminal_keys]") {
  CHECK(Parse("aZ1!") == std::vector<KeyChord>{K(PcKey::kA), K(PcKey::kZ, {PcKey::kLeftShift}),
                                               K(PcKey::k1), K(PcKey::k1, {PcKey::kLeftShift})});
  CHECK(Parse("\r") == std::vector<KeyChord>{K(PcKey::kEnter)});
  CHECK(Parse("\n") == std::vector<KeyChord>{K(PcKey::kEnter)});
  CHECK(Parse("\t") == std::vector<KeyChord>{K(PcKey::kTab)});
  CHECK(Parse("\x7f\x08") == std::vector<KeyChord>{K(PcKey::kBackspace), K(PcKey::kBackspace)});
  CHECK(Parse("\x03") == std::vector<KeyChord>{K(PcKey::kC, {PcKey::kLeftCtrl})});
  CHECK(Parse("\x1a") == std::vector<KeyChord>{K(PcKey::kZ, {PcKey::kLeftCtrl})});
  CHECK(Parse("\x1c") == std::vector<KeyChord>{K(PcKey::kBackslash, {PcKey::kLeftCtrl})});
  CHECK(Parse(std::string(1, '\0')) == std::vector<KeyChord>{K(PcKey::kSpace, {PcKey::kLeftCtrl})});
  CHECK(Parse("\xc3\xa9").empty());  // UTF-8 'é': no US key
}

TEST_CASE("terminal keys: arrows and the editing keypad", "[console][terminal_keys]") {
  CHECK(Parse("\x1b[A\x1b[B\x1b[C\x1b[D") ==
        std::vector<KeyChord>{K(PcKey::kUp), K(PcKey::kDown), K(PcKey::kRight), K(PcKey::kLeft)});
  CHECK(Parse("\x1bOA\x1bOD") == std::vector<KeyChord>{K(PcKey::kUp), K(PcKey::kLeft)});
  CHECK(Parse("\x1b[H\x1b[F\x1bOH\x1bOF\x1b[1~\x1b[4~\x1b[7~\x1b[8~") ==
        std::vector<KeyChord>{K(PcKey::kHome), K(PcKey::kEnd), K(PcKey::kHome), K(PcKey::kEnd),
                              K(PcKey::kHome), K(PcKey::kEnd), K(PcKey::kHome), K(PcKey::kEnd)});
  CHECK(Parse("\x1b[2~\x1b[3~\x1b[5~\x1b[6~") ==
        std::vector<KeyChord>{K(PcKey::kInsert), K(PcKey::kDelete), K(PcKey::kPageUp),
                              K(PcKey::kPageDown)});
  CHECK(Parse("\x1b[Z") == std::vector<KeyChord>{K(PcKey::kTab, {PcKey::kLeftShift})});
}

TEST_CASE("terminal keys: function keys in xterm, VT220 and Linux forms", "[console][terminal_keys]") {
  CHECK(Parse("\x1bOP") == std::vector<KeyChord>{K(PcKey::kF1)});
  CHECK(Parse("\x1b[11~") == std::vector<KeyChord>{K(PcKey::kF1)});
  CHECK(Parse("\x1b[[A") == std::vector<KeyChord>{K(PcKey::kF1)});
  CHECK(Parse("\x1b[[E") == std::vector<KeyChord>{K(PcKey::kF5)});
  CHECK(Parse("\x1bOQ\x1bOR\x1bOS") ==
        std::vector<KeyChord>{K(PcKey::kF2), K(PcKey::kF3), K(PcKey::kF4)});
  CHECK(Parse("\x1b[15~\x1b[17~\x1b[18~\x1b[19~\x1b[20~\x1b[21~\x1b[23~\x1b[24~") ==
        std::vector<KeyChord>{K(PcKey::kF5), K(PcKey::kF6), K(PcKey::kF7), K(PcKey::kF8),
                              K(PcKey::kF9), K(PcKey::kF10), K(PcKey::kF11), K(PcKey::kF12)});
  CHECK(Parse("\x1b[16~\x1b[99~").empty());  // unassigned numbers are dropped
}

TEST_CASE("terminal keys: xterm modifier parameters", "[console][terminal_keys]") {
  CHECK(Parse("\x1b[1;5A") == std::vector<KeyChord>{K(PcKey::kUp, {PcKey::kLeftCtrl})});
  CHECK(Parse("\x1b[1;2D") == std::vector<KeyChord>{K(PcKey::kLeft, {PcKey::kLeftShift})});
  CHECK(Parse("\x1b[3;3~") == std::vector<KeyChord>{K(PcKey::kDelete, {PcKey::kLeftAlt})});
  CHECK(Parse("\x1b[1;2P") == std::vector<KeyChord>{K(PcKey::kF1, {PcKey::kLeftShift})});
  CHECK(Parse("\x1b[24;8~") ==
        std::vector<KeyChord>{K(PcKey::kF12, {PcKey::kLeftCtrl, PcKey::kLeftAlt, PcKey::kLeftShift})});
}

TEST_CASE("terminal keys: Alt as an ESC prefix and the lone ESC", "[console][terminal_keys]") {
  CHECK(Parse("\x1bx") == std::vector<KeyChord>{K(PcKey::kX, {PcKey::kLeftAlt})});
  CHECK(Parse("\x1bX") ==
        std::vector<KeyChord>{K(PcKey::kX, {PcKey::kLeftAlt, PcKey::kLeftShift})});
  CHECK(Parse("\x1b\r") == std::vector<KeyChord>{K(PcKey::kEnter, {PcKey::kLeftAlt})});
  // Without the timeout a lone ESC is still pending; with it, it is the Escape key.
  CHECK(Parse("\x1b").empty());
  CHECK(Parse("\x1b", true) == std::vector<KeyChord>{K(PcKey::kEscape)});
  CHECK(Parse("\x1b\x1b", true) == std::vector<KeyChord>{K(PcKey::kEscape), K(PcKey::kEscape)});
  CHECK(Parse("\x1b[", true) ==
        std::vector<KeyChord>{K(PcKey::kLeftBracket, {PcKey::kLeftAlt})});
  // The sequence after a pending ESC still parses.
  CHECK(Parse("\x1b\x1b[A") == std::vector<KeyChord>{K(PcKey::kEscape), K(PcKey::kUp)});
  // After a complete sequence nothing is pending, and text continues normally.
  CHECK(Parse("\x1b[Aq", true) == std::vector<KeyChord>{K(PcKey::kUp), K(PcKey::kQ)});
}
