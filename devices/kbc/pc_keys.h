// The keys of a PC/AT 101/102/104-key keyboard and their scan codes in sets 1 and 2
// (IBM PS/2 Technical Reference, Keyboards, "Scan Code Tables"; Microsoft "Keyboard Scan
// Code Specification" rev 1.3a for the Windows keys and the Pause/Print Screen sequences).
#pragma once
#include <cstdint>

namespace m86 {

enum class PcKey : uint8_t {
  kEscape, k1, k2, k3, k4, k5, k6, k7, k8, k9, k0, kMinus, kEquals, kBackspace, kTab,
  kQ, kW, kE, kR, kT, kY, kU, kI, kO, kP, kLeftBracket, kRightBracket, kEnter, kLeftCtrl,
  kA, kS, kD, kF, kG, kH, kJ, kK, kL, kSemicolon, kApostrophe, kGrave, kLeftShift, kBackslash,
  kZ, kX, kC, kV, kB, kN, kM, kComma, kPeriod, kSlash, kRightShift, kKpMultiply, kLeftAlt,
  kSpace, kCapsLock, kF1, kF2, kF3, kF4, kF5, kF6, kF7, kF8, kF9, kF10, kNumLock, kScrollLock,
  kKp7, kKp8, kKp9, kKpMinus, kKp4, kKp5, kKp6, kKpPlus, kKp1, kKp2, kKp3, kKp0, kKpPeriod,
  kNonUsBackslash, kF11, kF12,
  // E0-prefixed keys.
  kKpEnter, kRightCtrl, kKpDivide, kRightAlt, kHome, kUp, kPageUp, kLeft, kRight, kEnd, kDown,
  kPageDown, kInsert, kDelete, kLeftGui, kRightGui, kMenu,
  // Multi-byte sequences.
  kPrintScreen, kPause,
  kCount
};

struct PcKeyCodes {
  uint8_t set1;   // make code without the prefix; break = set1 | 0x80
  uint8_t set2;   // make code without the prefix; break = F0 set2
  bool extended;  // sent with an E0 prefix
};

// Codes of the single-code keys (everything before kPrintScreen).
const PcKeyCodes& KeyCodes(PcKey key);

// The 8042's set 2 -> set 1 translation of one byte below 0x80 (0x83/0x84 too); -1 when the
// table has no entry the emulator knows.
int TranslateSet2ToSet1(uint8_t code);

}  // namespace m86
