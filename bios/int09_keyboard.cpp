// IRQ 1: one byte from the keyboard (scan code set 1, as the 8042 translates it) becomes shift
// state in the BIOS data area or a key word in the buffer (IBM PC AT Technical Reference,
// "Keyboard Interrupt"; IBM PS/2 TR for the 101-key keyboard's E0/E1 prefixes). The ROM stub
// (bios/rom/bios.asm) has read port 60h and run the INT 15h AH=4Fh intercept; on return AH
// asks it for what a real handler issues itself: 1 = INT 1Bh (Ctrl-Break), 2 = INT 05h (Print
// Screen), 3 = INT 15h AH=85h with AL = 0 (SysReq pressed) / 1 (released), 4 = pause: spin
// with interrupts enabled while bit 3 of 0040:0018 stays set.
#include "bios/bda.h"
#include "bios/keyboard_common.h"

namespace m86 {
namespace {

using namespace kbd;

enum Request : uint8_t { kNothing = 0, kBreak = 1, kPrintScreen = 2, kSysReq = 3, kPauseWait = 4 };

// Set 1 codes with a meaning of their own.
constexpr uint8_t kCtrlKey = 0x1D, kLeftShiftKey = 0x2A, kRightShiftKey = 0x36, kAltKey = 0x38,
                  kCapsKey = 0x3A, kNumKey = 0x45, kScrollKey = 0x46, kInsertKey = 0x52,
                  kDeleteKey = 0x53, kSysReqKey = 0x54, kPrintKey = 0x37;

// Bytes that are replies, not keys (PS/2 TR, "Commands to the System").
bool IsReply(uint8_t code) {
  switch (code) {
    case 0x00:  // overrun (set 1 view of the buffer-full code)
    case 0xFF:  // overrun / key detection error
    case 0xEE:  // echo
    case 0xFA:  // acknowledge
    case 0xFC:  // self-test failed
    case 0xFD:
    case 0xFE:  // resend
      return true;
    default:
      return false;
  }
}

// The value typed with Alt held on the keypad, digit by digit (0040:0019).
int KeypadDigit(uint8_t make) {
  switch (make) {
    case 0x47: return 7;
    case 0x48: return 8;
    case 0x49: return 9;
    case 0x4B: return 4;
    case 0x4C: return 5;
    case 0x4D: return 6;
    case 0x4F: return 1;
    case 0x50: return 2;
    case 0x51: return 3;
    case 0x52: return 0;
    default: return -1;
  }
}

class KeyHandler {
 public:
  KeyHandler(Bios& bios, BiosCall& call) : bios_(bios), call_(call) {
    f0_ = bios.Peek8(bda::kKbdFlags0);
    f1_ = bios.Peek8(bda::kKbdFlags1);
    f2_ = bios.Peek8(bda::kKbdFlags2);
  }

  Request Handle(uint8_t code);
  void Commit() {
    bios_.Poke8(bda::kKbdFlags0, f0_);
    bios_.Poke8(bda::kKbdFlags1, f1_);
    bios_.Poke8(bda::kKbdFlags2, f2_);
  }

 private:
  void Modifier(uint8_t key, bool make, bool e0);
  void Toggle(uint8_t make_flag, uint8_t held_flag, bool make);
  void Store(uint16_t key) {
    // A full buffer drops the key (the AT BIOS also beeps, which is not modelled).
    KeyBuffer(bios_).Push(key);
  }
  void UpdateCombined() {
    f0_ = static_cast<uint8_t>(f0_ & ~(flags0::kCtrl | flags0::kAlt));
    if ((f1_ & flags1::kLeftCtrl) || (f2_ & flags2::kRightCtrl)) f0_ |= flags0::kCtrl;
    if ((f1_ & flags1::kLeftAlt) || (f2_ & flags2::kRightAlt)) f0_ |= flags0::kAlt;
  }

  Bios& bios_;
  BiosCall& call_;
  uint8_t f0_, f1_, f2_;
};

// Lock keys toggle on the first make only; the held bit keeps typematic repeats from toggling.
void KeyHandler::Toggle(uint8_t make_flag, uint8_t held_flag, bool make) {
  if (!make) {
    f1_ = static_cast<uint8_t>(f1_ & ~held_flag);
    return;
  }
  if (f1_ & held_flag) return;
  f1_ |= held_flag;
  f0_ ^= make_flag;
}

// Shift, Ctrl, Alt and the lock keys, pressed or released.
void KeyHandler::Modifier(uint8_t key, bool make, bool e0) {
  const auto set = [make](uint8_t& flags, uint8_t bit) {
    flags = static_cast<uint8_t>(make ? flags | bit : flags & ~bit);
  };
  switch (key) {
    case kLeftShiftKey: set(f0_, flags0::kLeftShift); break;
    case kRightShiftKey: set(f0_, flags0::kRightShift); break;
    case kCtrlKey: e0 ? set(f2_, flags2::kRightCtrl) : set(f1_, flags1::kLeftCtrl); break;
    case kAltKey: {
      const bool was_alt = f0_ & flags0::kAlt;
      e0 ? set(f2_, flags2::kRightAlt) : set(f1_, flags1::kLeftAlt);
      UpdateCombined();
      // Releasing Alt delivers the character whose code was typed on the numeric keypad
      // (IBM PC AT TR, keyboard BIOS: Alt + keypad entry), if any.
      if (was_alt && !(f0_ & flags0::kAlt)) {
        const uint8_t value = bios_.Peek8(bda::kAltKeypad);
        bios_.Poke8(bda::kAltKeypad, 0);
        if (value != 0) Store(value);
      }
      break;
    }
    case kCapsKey: Toggle(flags0::kCapsLock, flags1::kCapsHeld, make); break;
    case kNumKey: Toggle(flags0::kNumLock, flags1::kNumHeld, make); break;
    case kScrollKey: Toggle(flags0::kScrollLock, flags1::kScrollHeld, make); break;
    default: break;
  }
  UpdateCombined();
}

Request KeyHandler::Handle(uint8_t code) {
  if (IsReply(code)) {
    uint8_t led_state = bios_.Peek8(bda::kKbdLeds);
    if (code == 0xFA) led_state |= leds::kAckReceived;
    if (code == 0xFE) led_state |= leds::kResendReceived;
    if (code == 0xFC || code == 0xFD || code == 0xFF || code == 0x00) led_state |= leds::kTransmitError;
    bios_.Poke8(bda::kKbdLeds, led_state);
    return kNothing;
  }
  if (code == 0xE0 || code == 0xE1) {
    f2_ = static_cast<uint8_t>((f2_ & ~(flags2::kLastE0 | flags2::kLastE1)) |
                               (code == 0xE0 ? flags2::kLastE0 : flags2::kLastE1));
    return kNothing;
  }
  const bool e0 = f2_ & flags2::kLastE0;
  const bool e1 = f2_ & flags2::kLastE1;
  f2_ = static_cast<uint8_t>(f2_ & ~flags2::kLastE0);
  const bool make = !(code & 0x80);
  const uint8_t key = code & 0x7F;

  // Pause is E1 1D 45 E1 9D C5: the 1D/9D after E1 belongs to the sequence.
  if (e1) {
    if (key == kCtrlKey) return kNothing;
    f2_ = static_cast<uint8_t>(f2_ & ~flags2::kLastE1);
    if (key != kNumKey || !make || (f1_ & flags1::kPause)) return kNothing;
    f1_ |= flags1::kPause;
    return kPauseWait;
  }
  // The enhanced keyboard wraps its separate keys in fake shift presses (E0 2A, E0 AA...).
  if (e0 && (key == kLeftShiftKey || key == kRightShiftKey)) return kNothing;

  const bool ctrl = f0_ & flags0::kCtrl;
  const bool alt = f0_ & flags0::kAlt;
  const bool shift = f0_ & (flags0::kLeftShift | flags0::kRightShift);

  // While paused, the first key that is not a shift key resumes and is not stored.
  const bool shift_key = key == kLeftShiftKey || key == kRightShiftKey || key == kCtrlKey ||
                         key == kAltKey || key == kCapsKey || key == kNumKey || key == kScrollKey;
  if ((f1_ & flags1::kPause) && make && !shift_key) {
    f1_ = static_cast<uint8_t>(f1_ & ~flags1::kPause);
    return kNothing;
  }

  // Ctrl-Break (Ctrl+Scroll Lock; E0 46 from the Pause key with Ctrl): empty the buffer, store
  // 0000h, set the break flag 0040:0071 bit 7, and ask for INT 1Bh.
  if (key == kScrollKey && (e0 || ctrl)) {
    if (!make) return kNothing;
    f1_ = static_cast<uint8_t>(f1_ & ~flags1::kPause);
    KeyBuffer buffer(bios_);
    buffer.Flush();
    buffer.Push(0x0000);
    bios_.Poke8(bda::kBreakFlag, static_cast<uint8_t>(bios_.Peek8(bda::kBreakFlag) | 0x80));
    return kBreak;
  }
  // Ctrl+Num Lock is the 84-key keyboard's Pause.
  if (key == kNumKey && ctrl && !e0) {
    if (!make || (f1_ & flags1::kPause)) return kNothing;
    f1_ |= flags1::kPause;
    return kPauseWait;
  }
  if (shift_key) {
    Modifier(key, make, e0);
    return kNothing;
  }

  if (key == kSysReqKey && !e0) {
    if (make == ((f1_ & flags1::kSysReqHeld) != 0)) return kNothing;  // a repeat
    f1_ = static_cast<uint8_t>(make ? f1_ | flags1::kSysReqHeld : f1_ & ~flags1::kSysReqHeld);
    call_.set_al(make ? 0 : 1);
    return kSysReq;
  }
  if (key == kInsertKey && !make) {
    f1_ = static_cast<uint8_t>(f1_ & ~flags1::kInsertHeld);
    return kNothing;
  }
  if (!make) return kNothing;

  if (key == kDeleteKey && ctrl && alt) {
    // Ctrl+Alt+Del: warm boot (0040:0072 = 1234h skips the memory test).
    bios_.Poke16(bda::kResetFlag, 0x1234);
    if (bios_.request_reset) bios_.request_reset();
    return kNothing;
  }
  // Print Screen: E0 37 on the enhanced keyboard, Shift + keypad * on the 84-key one.
  if (key == kPrintKey && (e0 || (shift && !(f2_ & flags2::kEnhanced)))) {
    if (ctrl) {
      Store(0x7200);  // Ctrl-PrtSc: the printer echo toggle's key code
      return kNothing;
    }
    return alt ? kNothing : kPrintScreen;
  }
  if (alt && !ctrl && !e0) {
    const int digit = KeypadDigit(key);
    if (digit >= 0) {
      const uint8_t value = bios_.Peek8(bda::kAltKeypad);
      bios_.Poke8(bda::kAltKeypad, static_cast<uint8_t>(value * 10 + digit));
      return kNothing;
    }
  }
  if (key == kInsertKey && !alt && !ctrl) {
    // Insert toggles unless Num Lock (without Shift) makes the keypad key a 0.
    const bool digit = !e0 && (((f0_ & flags0::kNumLock) != 0) != shift);
    if (!digit && !(f1_ & flags1::kInsertHeld)) f0_ ^= flags0::kInsert;
    f1_ |= flags1::kInsertHeld;
  }
  const uint16_t word = KeyWord(key, e0, f0_);
  if (word != 0) Store(word);
  return kNothing;
}

}  // namespace

void Int09Keyboard(Bios& bios, BiosCall& call) {
  KeyHandler handler(bios, call);
  const Request request = handler.Handle(call.al());
  handler.Commit();
  SyncLeds(bios);
  call.set_ah(request);
}

}  // namespace m86
