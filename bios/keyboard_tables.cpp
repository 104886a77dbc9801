// The US key code tables of the enhanced (101/102-key) keyboard BIOS: the word INT 16h
// returns for each key with no shift, Shift, Ctrl and Alt (IBM PC AT Technical Reference,
// "Keyboard" / "Extended Functions"; Ralf Brown's Interrupt List, INT 16h key codes; the
// standard/extended columns of the published INT 16h key code lists).
#include "bios/keyboard_common.h"

namespace m86::kbd {
namespace {

enum Kind : uint8_t {
  kPlain,   // Shift picks the second column
  kLetter,  // Caps Lock inverts Shift
  kKeypad,  // Num Lock inverts Shift (the digits are in the Shift column)
};

struct KeyRow {
  uint16_t normal, shift, ctrl, alt;
  Kind kind;
};

constexpr KeyRow Letter(uint8_t scan, char lower) {
  const uint8_t l = static_cast<uint8_t>(lower);
  return {static_cast<uint16_t>(scan << 8 | l), static_cast<uint16_t>(scan << 8 | (l - 0x20)),
          static_cast<uint16_t>(scan << 8 | (l - 0x60)), static_cast<uint16_t>(scan << 8), kLetter};
}

constexpr KeyRow FunctionKey(uint8_t n) {  // F1-F10: 3Bh-44h, Shift 54h-5Dh, Ctrl 5Eh-67h, Alt 68h-71h
  return {static_cast<uint16_t>((0x3B + n) << 8), static_cast<uint16_t>((0x54 + n) << 8),
          static_cast<uint16_t>((0x5E + n) << 8), static_cast<uint16_t>((0x68 + n) << 8), kPlain};
}

constexpr KeyRow kNone = {0, 0, 0, 0, kPlain};

// Indexed by the set 1 make code. Modifiers, lock keys and SysReq (1Dh, 2Ah, 36h, 38h, 3Ah,
// 45h, 46h, 54h) are handled by INT 09h itself and have no words. A low byte of F0h marks a
// combination that only the extended functions return (as 00h).
constexpr KeyRow kKeys[0x59] = {
    kNone,
    {0x011B, 0x011B, 0x011B, 0x01F0, kPlain},  // 01 Esc
    {0x0231, 0x0221, 0x0000, 0x7800, kPlain},  // 02 1 !
    {0x0332, 0x0340, 0x0300, 0x7900, kPlain},  // 03 2 @ (Ctrl-2 is NUL)
    {0x0433, 0x0423, 0x0000, 0x7A00, kPlain},  // 04 3 #
    {0x0534, 0x0524, 0x0000, 0x7B00, kPlain},  // 05 4 $
    {0x0635, 0x0625, 0x0000, 0x7C00, kPlain},  // 06 5 %
    {0x0736, 0x075E, 0x071E, 0x7D00, kPlain},  // 07 6 ^
    {0x0837, 0x0826, 0x0000, 0x7E00, kPlain},  // 08 7 &
    {0x0938, 0x092A, 0x0000, 0x7F00, kPlain},  // 09 8 *
    {0x0A39, 0x0A28, 0x0000, 0x8000, kPlain},  // 0A 9 (
    {0x0B30, 0x0B29, 0x0000, 0x8100, kPlain},  // 0B 0 )
    {0x0C2D, 0x0C5F, 0x0C1F, 0x8200, kPlain},  // 0C - _
    {0x0D3D, 0x0D2B, 0x0000, 0x8300, kPlain},  // 0D = +
    {0x0E08, 0x0E08, 0x0E7F, 0x0EF0, kPlain},  // 0E Backspace
    {0x0F09, 0x0F00, 0x9400, 0xA500, kPlain},  // 0F Tab
    Letter(0x10, 'q'), Letter(0x11, 'w'), Letter(0x12, 'e'), Letter(0x13, 'r'),
    Letter(0x14, 't'), Letter(0x15, 'y'), Letter(0x16, 'u'), Letter(0x17, 'i'),
    Letter(0x18, 'o'), Letter(0x19, 'p'),
    {0x1A5B, 0x1A7B, 0x1A1B, 0x1AF0, kPlain},  // 1A [ {
    {0x1B5D, 0x1B7D, 0x1B1D, 0x1BF0, kPlain},  // 1B ] }
    {0x1C0D, 0x1C0D, 0x1C0A, 0x1CF0, kPlain},  // 1C Enter
    kNone,                                     // 1D Ctrl
    Letter(0x1E, 'a'), Letter(0x1F, 's'), Letter(0x20, 'd'), Letter(0x21, 'f'),
    Letter(0x22, 'g'), Letter(0x23, 'h'), Letter(0x24, 'j'), Letter(0x25, 'k'),
    Letter(0x26, 'l'),
    {0x273B, 0x273A, 0x0000, 0x27F0, kPlain},  // 27 ; :
    {0x2827, 0x2822, 0x0000, 0x28F0, kPlain},  // 28 ' "
    {0x2960, 0x297E, 0x0000, 0x29F0, kPlain},  // 29 ` ~
    kNone,                                     // 2A left Shift
    {0x2B5C, 0x2B7C, 0x2B1C, 0x2BF0, kPlain},  // 2B \ |
    Letter(0x2C, 'z'), Letter(0x2D, 'x'), Letter(0x2E, 'c'), Letter(0x2F, 'v'),
    Letter(0x30, 'b'), Letter(0x31, 'n'), Letter(0x32, 'm'),
    {0x332C, 0x333C, 0x0000, 0x33F0, kPlain},  // 33 , <
    {0x342E, 0x343E, 0x0000, 0x34F0, kPlain},  // 34 . >
    {0x352F, 0x353F, 0x0000, 0x35F0, kPlain},  // 35 / ?
    kNone,                                     // 36 right Shift
    {0x372A, 0x372A, 0x9600, 0x37F0, kPlain},  // 37 keypad *
    kNone,                                     // 38 Alt
    {0x3920, 0x3920, 0x3920, 0x3920, kPlain},  // 39 Space
    kNone,                                     // 3A Caps Lock
    FunctionKey(0), FunctionKey(1), FunctionKey(2), FunctionKey(3), FunctionKey(4),
    FunctionKey(5), FunctionKey(6), FunctionKey(7), FunctionKey(8), FunctionKey(9),
    kNone,                                     // 45 Num Lock
    kNone,                                     // 46 Scroll Lock
    // The keypad: cursor words, digits in the Shift column; Alt+digits is INT 09h's.
    {0x4700, 0x4737, 0x7700, 0x0000, kKeypad},  // 47 7 Home
    {0x4800, 0x4838, 0x8D00, 0x0000, kKeypad},  // 48 8 Up
    {0x4900, 0x4939, 0x8400, 0x0000, kKeypad},  // 49 9 PgUp
    {0x4A2D, 0x4A2D, 0x8E00, 0x4AF0, kPlain},   // 4A keypad -
    {0x4B00, 0x4B34, 0x7300, 0x0000, kKeypad},  // 4B 4 Left
    {0x4CF0, 0x4C35, 0x8F00, 0x0000, kKeypad},  // 4C 5
    {0x4D00, 0x4D36, 0x7400, 0x0000, kKeypad},  // 4D 6 Right
    {0x4E2B, 0x4E2B, 0x9000, 0x4EF0, kPlain},   // 4E keypad +
    {0x4F00, 0x4F31, 0x7500, 0x0000, kKeypad},  // 4F 1 End
    {0x5000, 0x5032, 0x9100, 0x0000, kKeypad},  // 50 2 Down
    {0x5100, 0x5133, 0x7600, 0x0000, kKeypad},  // 51 3 PgDn
    {0x5200, 0x5230, 0x9200, 0x0000, kKeypad},  // 52 0 Ins
    {0x5300, 0x532E, 0x9300, 0x0000, kKeypad},  // 53 . Del
    kNone,                                      // 54 SysReq
    kNone,                                      // 55
    {0x565C, 0x567C, 0x0000, 0x0000, kPlain},   // 56 the 102nd key (\ | on US layouts)
    {0x8500, 0x8700, 0x8900, 0x8B00, kPlain},   // 57 F11
    {0x8600, 0x8800, 0x8A00, 0x8C00, kPlain},   // 58 F12
};

// The enhanced keyboard's separate keys (E0 prefix): cursor keys carry E0h in the low byte,
// the keypad's Enter and / carry E0h in the high byte, so INT 16h can tell them apart.
struct GreyRow {
  uint8_t make;
  uint16_t normal, ctrl, alt;
};
constexpr GreyRow kGreyKeys[] = {
    {0x1C, 0xE00D, 0xE00A, 0xA600},  // keypad Enter
    {0x35, 0xE02F, 0x9500, 0xA400},  // keypad /
    {0x47, 0x47E0, 0x77E0, 0x9700},  // Home
    {0x48, 0x48E0, 0x8DE0, 0x9800},  // Up
    {0x49, 0x49E0, 0x84E0, 0x9900},  // PgUp
    {0x4B, 0x4BE0, 0x73E0, 0x9B00},  // Left
    {0x4D, 0x4DE0, 0x74E0, 0x9D00},  // Right
    {0x4F, 0x4FE0, 0x75E0, 0x9F00},  // End
    {0x50, 0x50E0, 0x91E0, 0xA000},  // Down
    {0x51, 0x51E0, 0x76E0, 0xA100},  // PgDn
    {0x52, 0x52E0, 0x92E0, 0xA200},  // Insert
    {0x53, 0x53E0, 0x93E0, 0xA300},  // Delete
};

}  // namespace

uint16_t KeyWord(uint8_t make, bool e0, uint8_t shift_flags) {
  const bool alt = shift_flags & flags0::kAlt;
  const bool ctrl = shift_flags & flags0::kCtrl;
  const bool shift = shift_flags & (flags0::kLeftShift | flags0::kRightShift);
  if (e0) {
    for (const GreyRow& g : kGreyKeys) {
      if (g.make == make) return alt ? g.alt : ctrl ? g.ctrl : g.normal;
    }
    return 0;
  }
  if (make >= sizeof kKeys / sizeof kKeys[0]) return 0;
  const KeyRow& row = kKeys[make];
  if (alt) return row.alt;
  if (ctrl) return row.ctrl;
  bool shifted = shift;
  if (row.kind == kLetter && (shift_flags & flags0::kCapsLock)) shifted = !shifted;
  if (row.kind == kKeypad && (shift_flags & flags0::kNumLock)) shifted = !shifted;
  return shifted ? row.shift : row.normal;
}

bool StandardKey(uint16_t stored, uint16_t* key) {
  const uint8_t scan = static_cast<uint8_t>(stored >> 8), ch = static_cast<uint8_t>(stored);
  if (scan == 0xE0) {  // keypad Enter and /: the main keyboard's scan codes
    *key = static_cast<uint16_t>((ch == 0x2F ? 0x3500 : 0x1C00) | ch);
    return true;
  }
  if (scan > 0x84) return false;              // F11, F12 and the enhanced combinations
  if (ch == 0xF0 && scan != 0) return false;  // marked extended-only
  *key = ch == 0xE0 && scan != 0 ? static_cast<uint16_t>(scan << 8) : stored;
  return true;
}

uint16_t ExtendedKey(uint16_t stored) {
  if ((stored & 0xFF) == 0xF0 && (stored >> 8) != 0) return stored & 0xFF00;
  return stored;
}

}  // namespace m86::kbd
