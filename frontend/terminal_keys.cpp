#include "frontend/terminal_keys.h"

#include <array>

namespace m86 {
namespace {

constexpr uint8_t kEsc = 0x1B;
// Longer than any sequence recognised here; a runaway sequence is dropped rather than grown.
constexpr size_t kMaxSequence = 16;

// Letters in alphabetical order, for Ctrl+letter (0x01 is Ctrl+A).
constexpr std::array<PcKey, 26> kLetters = {
    PcKey::kA, PcKey::kB, PcKey::kC, PcKey::kD, PcKey::kE, PcKey::kF, PcKey::kG,
    PcKey::kH, PcKey::kI, PcKey::kJ, PcKey::kK, PcKey::kL, PcKey::kM, PcKey::kN,
    PcKey::kO, PcKey::kP, PcKey::kQ, PcKey::kR, PcKey::kS, PcKey::kT, PcKey::kU,
    PcKey::kV, PcKey::kW, PcKey::kX, PcKey::kY, PcKey::kZ};

// The VT220 "~" key numbers (xterm "PC-Style Function Keys"); *found is false for others.
PcKey TildeKey(int number, bool* found) {
  *found = true;
  switch (number) {
    case 1: case 7: return PcKey::kHome;
    case 2: return PcKey::kInsert;
    case 3: return PcKey::kDelete;
    case 4: case 8: return PcKey::kEnd;
    case 5: return PcKey::kPageUp;
    case 6: return PcKey::kPageDown;
    case 11: return PcKey::kF1;
    case 12: return PcKey::kF2;
    case 13: return PcKey::kF3;
    case 14: return PcKey::kF4;
    case 15: return PcKey::kF5;
    case 17: return PcKey::kF6;
    case 18: return PcKey::kF7;
    case 19: return PcKey::kF8;
    case 20: return PcKey::kF9;
    case 21: return PcKey::kF10;
    case 23: return PcKey::kF11;
    case 24: return PcKey::kF12;
    default: *found = false; return PcKey::kEscape;
  }
}

// The final letters shared by CSI and SS3 (ESC [ A and ESC O A are both Up).
bool LetterKey(uint8_t final_byte, PcKey* key) {
  switch (final_byte) {
    case 'A': *key = PcKey::kUp; return true;
    case 'B': *key = PcKey::kDown; return true;
    case 'C': *key = PcKey::kRight; return true;
    case 'D': *key = PcKey::kLeft; return true;
    case 'H': *key = PcKey::kHome; return true;
    case 'F': *key = PcKey::kEnd; return true;
    case 'P': *key = PcKey::kF1; return true;
    case 'Q': *key = PcKey::kF2; return true;
    case 'R': *key = PcKey::kF3; return true;
    case 'S': *key = PcKey::kF4; return true;
    default: return false;
  }
}

// xterm's modifier parameter: 1 + (Shift 1 | Alt 2 | Ctrl 4 | Meta 8); Meta counts as Alt.
std::vector<PcKey> Modifiers(int parameter) {
  std::vector<PcKey> held;
  if (parameter < 2) return held;
  const int bits = parameter - 1;
  if (bits & 4) held.push_back(PcKey::kLeftCtrl);
  if (bits & (2 | 8)) held.push_back(PcKey::kLeftAlt);
  if (bits & 1) held.push_back(PcKey::kLeftShift);
  return held;
}

KeyChord WithAlt(KeyChord chord) {
  chord.held.insert(chord.held.begin(), PcKey::kLeftAlt);
  return chord;
}

// "1;5" -> {1, 5}; an empty field is 0 (the caller applies the default).
std::vector<int> Parameters(const std::string& text) {
  std::vector<int> values(1, 0);
  for (char c : text) {
    if (c == ';') {
      values.push_back(0);
    } else if (c >= '0' && c <= '9' && values.back() < 10000) {
      values.back() = values.back() * 10 + (c - '0');
    }
  }
  return values;
}

}  // namespace

std::optional<KeyChord> ChordForTerminalByte(uint8_t byte) {
  switch (byte) {
    case '\r': case '\n': return KeyChord{{}, PcKey::kEnter};
    case '\t': return KeyChord{{}, PcKey::kTab};
    case 0x7F: case 0x08: return KeyChord{{}, PcKey::kBackspace};
    case kEsc: return KeyChord{{}, PcKey::kEscape};
    case 0x00: return KeyChord{{PcKey::kLeftCtrl}, PcKey::kSpace};
    // The ASCII control codes above the letters: Ctrl with the key whose character is the
    // code + 0x40 (\ ] ^ _), as a US keyboard produces them.
    case 0x1C: return KeyChord{{PcKey::kLeftCtrl}, PcKey::kBackslash};
    case 0x1D: return KeyChord{{PcKey::kLeftCtrl}, PcKey::kRightBracket};
    case 0x1E: return KeyChord{{PcKey::kLeftCtrl, PcKey::kLeftShift}, PcKey::k6};
    case 0x1F: return KeyChord{{PcKey::kLeftCtrl, PcKey::kLeftShift}, PcKey::kMinus};
    default: break;
  }
  if (byte >= 0x01 && byte <= 0x1A) return KeyChord{{PcKey::kLeftCtrl}, kLetters[byte - 1]};
  if (byte >= 0x20 && byte < 0x7F) return ChordForChar(static_cast<char>(byte));
  return std::nullopt;  // UTF-8 and other 8-bit bytes: no US key types them
}

void TerminalKeyParser::Feed(uint8_t byte, std::vector<KeyChord>* out) {
  if (buffer_.empty()) {
    if (byte == kEsc) {
      buffer_.push_back(static_cast<char>(byte));
    } else if (const std::optional<KeyChord> chord = ChordForTerminalByte(byte)) {
      out->push_back(*chord);
    }
    return;
  }
  if (buffer_.size() == 1) {
    if (byte == '[' || byte == 'O') {
      buffer_.push_back(static_cast<char>(byte));
    } else if (byte == kEsc) {
      // Escape pressed twice: the first is complete, the second may start a sequence.
      out->push_back(KeyChord{{}, PcKey::kEscape});
    } else {
      buffer_.clear();
      if (const std::optional<KeyChord> chord = ChordForTerminalByte(byte)) {
        out->push_back(WithAlt(*chord));
      }
    }
    return;
  }
  if (buffer_[1] == 'O') {
    // SS3 takes an optional modifier digit (ESC O 5 P from some terminals) and one final.
    if (byte >= '0' && byte <= '9' && buffer_.size() < kMaxSequence) {
      buffer_.push_back(static_cast<char>(byte));
      return;
    }
    FinishSs3(byte, out);
    buffer_.clear();
    return;
  }
  // CSI: the Linux console's ESC [ [ letter, or parameter bytes 0x30-0x3F then a final
  // byte 0x40-0x7E (ECMA-48 5.4).
  if (buffer_ == "\x1b[[") {
    if (byte >= 'A' && byte <= 'E') {
      out->push_back(KeyChord{{}, static_cast<PcKey>(static_cast<int>(PcKey::kF1) + (byte - 'A'))});
    }
    buffer_.clear();
    return;
  }
  if (byte == '[' && buffer_.size() == 2) {
    buffer_.push_back(static_cast<char>(byte));
    return;
  }
  if (byte >= 0x30 && byte <= 0x3F) {
    if (buffer_.size() >= kMaxSequence) {
      buffer_.clear();
    } else {
      buffer_.push_back(static_cast<char>(byte));
    }
    return;
  }
  if (byte >= 0x40 && byte <= 0x7E) FinishCsi(byte, out);
  buffer_.clear();
}

void TerminalKeyParser::FinishCsi(uint8_t final_byte, std::vector<KeyChord>* out) {
  const std::vector<int> parameters = Parameters(buffer_.substr(2));
  const int modifier = parameters.size() > 1 ? parameters[1] : 0;
  PcKey key;
  if (final_byte == '~') {
    bool found;
    key = TildeKey(parameters[0], &found);
    if (found) out->push_back(KeyChord{Modifiers(modifier), key});
  } else if (final_byte == 'Z') {
    out->push_back(KeyChord{{PcKey::kLeftShift}, PcKey::kTab});
  } else if (LetterKey(final_byte, &key)) {
    out->push_back(KeyChord{Modifiers(modifier), key});
  }
}

void TerminalKeyParser::FinishSs3(uint8_t final_byte, std::vector<KeyChord>* out) {
  const std::vector<int> parameters = Parameters(buffer_.substr(2));
  PcKey key;
  if (final_byte == 'M') {
    out->push_back(KeyChord{Modifiers(parameters[0]), PcKey::kKpEnter});
  } else if (LetterKey(final_byte, &key)) {
    out->push_back(KeyChord{Modifiers(parameters[0]), key});
  }
}

void TerminalKeyParser::Timeout(std::vector<KeyChord>* out) {
  if (buffer_.empty()) return;
  if (buffer_.size() == 1) {
    out->push_back(KeyChord{{}, PcKey::kEscape});
  } else if (buffer_.size() == 2) {
    // ESC [ or ESC O with nothing after: the user typed Alt+[ or Alt+Shift+O.
    if (const std::optional<KeyChord> chord = ChordForTerminalByte(static_cast<uint8_t>(buffer_[1]))) {
      out->push_back(WithAlt(*chord));
    }
  }
  buffer_.clear();
}

}  // namespace m86
