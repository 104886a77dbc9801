// What INT 09h and INT 16h share: the shift-state bits of the BIOS data area, the key buffer
// at 0040:001E (or wherever 0040:0080/0082 move it), the US key code tables, and the commands
// the BIOS sends to the keyboard through port 60h (bios/int09_keyboard.cpp,
// bios/int16_keyboard.cpp).
#pragma once
#include <cstdint>

#include "bios/bios.h"

namespace m86::kbd {

// 0040:0017 (IBM PC AT Technical Reference, "Keyboard Data Areas": KB_FLAG).
namespace flags0 {
constexpr uint8_t kRightShift = 0x01, kLeftShift = 0x02, kCtrl = 0x04, kAlt = 0x08,
                  kScrollLock = 0x10, kNumLock = 0x20, kCapsLock = 0x40, kInsert = 0x80;
}
// 0040:0018 (KB_FLAG_1): keys held down, and the pause state.
namespace flags1 {
constexpr uint8_t kLeftCtrl = 0x01, kLeftAlt = 0x02, kSysReqHeld = 0x04, kPause = 0x08,
                  kScrollHeld = 0x10, kNumHeld = 0x20, kCapsHeld = 0x40, kInsertHeld = 0x80;
}
// 0040:0096 (KB_FLAG_3): the enhanced keyboard's prefixes and right-hand modifiers.
namespace flags2 {
constexpr uint8_t kLastE1 = 0x01, kLastE0 = 0x02, kRightCtrl = 0x04, kRightAlt = 0x08,
                  kEnhanced = 0x10;
}
// 0040:0097 (KB_FLAG_2): the LEDs as last sent, and the keyboard's replies.
namespace leds {
constexpr uint8_t kMask = 0x07, kAckReceived = 0x10, kResendReceived = 0x20,
                  kUpdateInProgress = 0x40, kTransmitError = 0x80;
}

// The circular buffer of key words (scan code in the high byte, character in the low byte).
// Its bounds are offsets from segment 0040h: 0040:0080 start, 0040:0082 end (exclusive); the
// head (next to read) and tail (next free) are at 0040:001A and 0040:001C.
class KeyBuffer {
 public:
  explicit KeyBuffer(Bios& bios);
  bool Empty();
  uint16_t Peek();  // only when not empty
  uint16_t Pop();   // only when not empty
  bool Push(uint16_t key);  // false when full (one slot always stays free)
  void Flush();

 private:
  uint16_t Next(uint16_t offset) const;
  Bios& bios_;
  uint16_t start_, end_;
};

// The key word for a make code (set 1, without 80h) with the shift state of 0040:0017, or 0
// when the combination produces nothing. `e0` selects the enhanced keyboard's separate keys.
// Words only INT 16h AH=10h-12h may return carry F0h in the low byte (e.g. Alt-Esc = 01F0h).
uint16_t KeyWord(uint8_t make, bool e0, uint8_t shift_flags);

// INT 16h AH=00h/01h view of a buffered word (the 84-key keyboard's codes): false when the
// function must skip it, else `*key` is the word to return.
bool StandardKey(uint16_t stored, uint16_t* key);
// INT 16h AH=10h/11h view.
uint16_t ExtendedKey(uint16_t stored);

// Sends the lock states of 0040:0017 to the keyboard LEDs (command EDh, PS/2 TR "Set/Reset
// Mode Indicators") when they differ from 0040:0097. The ACKs come back later as IRQ 1 bytes.
void SyncLeds(Bios& bios);
// Sends the typematic command F3h with `value` (bits 6-5 delay, 4-0 rate).
void SendTypematic(Bios& bios, uint8_t value);

}  // namespace m86::kbd
