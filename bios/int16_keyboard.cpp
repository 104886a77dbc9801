// INT 16h: the keyboard services (IBM PC AT Technical Reference, "Keyboard I/O"; Ralf Brown's
// Interrupt List, INT 16h). AH=00h-02h see the keys as an 84-key keyboard's BIOS would, AH=10h-
// 12h see the enhanced keyboard's codes.
#include <cstdio>

#include "bios/bda.h"
#include "bios/keyboard_common.h"

namespace m86 {
namespace {

using namespace kbd;

// AH=09h (RBIL table 00585): AX=0300h (defaults), AX=0305h (set rate/delay), AH=0Ah (ID) and
// AH=10h-12h (enhanced keyboard) are supported.
constexpr uint8_t kCapabilities = 0x01 | 0x04 | 0x10 | 0x20;
// AH=0Ah: an MF II keyboard's ID bytes AB 83, as the 8042's translation delivers them (AB 41).
constexpr uint16_t kMf2KeyboardId = 0x41AB;
constexpr uint8_t kDefaultTypematic = 0x2B;  // 10.9 characters/s after 500 ms (PS/2 TR)

// AH=00h/10h: the next key, waiting for one. Keys AH=00h cannot return are dropped.
void Read(Bios& bios, BiosCall& call, bool extended) {
  KeyBuffer buffer(bios);
  while (!buffer.Empty()) {
    const uint16_t stored = buffer.Pop();
    uint16_t key = stored;
    if (extended) {
      key = ExtendedKey(stored);
    } else if (!StandardKey(stored, &key)) {
      continue;
    }
    call.set_ax(key);
    return;
  }
  call.RetryAfterInterrupt();
}

// AH=01h/11h: ZF clear and AX = the next key, left in the buffer; ZF set when there is none.
void Peek(Bios& bios, BiosCall& call, bool extended) {
  KeyBuffer buffer(bios);
  while (!buffer.Empty()) {
    const uint16_t stored = buffer.Peek();
    uint16_t key = stored;
    if (extended) {
      key = ExtendedKey(stored);
    } else if (!StandardKey(stored, &key)) {
      buffer.Pop();
      continue;
    }
    call.set_ax(key);
    call.SetZero(false);
    bios.state.quick_polls = 0;
    return;
  }
  // A guest asking again and again with nothing in between is idle (DOS's prompt, a "press any
  // key" loop): after a run of such polls the machine lets a little time pass (Bios::idle), so
  // an idle guest does not burn a host core. A program that does real work between polls (a
  // game loop) and a short counted loop keep their full speed; the guest never blocks here,
  // whatever it masked.
  constexpr uint64_t kIdlePollInstructions = 2000;
  constexpr uint32_t kIdlePollRun = 1000;
  BiosState& state = bios.state;
  const uint64_t now = bios.cpu().retired();
  if (now - state.last_poll_retired < kIdlePollInstructions) {
    if (++state.quick_polls >= kIdlePollRun && bios.idle) bios.idle();
  } else {
    state.quick_polls = 0;
  }
  state.last_poll_retired = now;
  call.SetZero(true);
}

// AH=12h: AL as AH=02h; AH = SysReq, Caps, Num, Scroll held (bits 7-4), right Alt, right
// Ctrl (3-2), left Alt, left Ctrl (1-0).
uint8_t ExtendedShiftHigh(Bios& bios) {
  const uint8_t f1 = bios.Peek8(bda::kKbdFlags1), f2 = bios.Peek8(bda::kKbdFlags2);
  uint8_t high = static_cast<uint8_t>(f1 & (flags1::kLeftCtrl | flags1::kLeftAlt));
  high |= static_cast<uint8_t>(f2 & (flags2::kRightCtrl | flags2::kRightAlt));
  high |= static_cast<uint8_t>(f1 & (flags1::kScrollHeld | flags1::kNumHeld | flags1::kCapsHeld));
  if (f1 & flags1::kSysReqHeld) high |= 0x80;
  return high;
}

void Typematic(Bios& bios, BiosCall& call) {
  switch (call.al()) {
    case 0x00:
      SendTypematic(bios, kDefaultTypematic);
      return;
    case 0x05:
      // BH = delay (0-3: 250-1000 ms), BL = rate (0-1Fh: 30-2 characters/s); anything else is
      // ignored, as the AT BIOS does.
      if (call.bh() <= 3 && call.bl() <= 0x1F) {
        SendTypematic(bios, static_cast<uint8_t>(call.bh() << 5 | call.bl()));
      }
      return;
    default: {
      char what[48];
      std::snprintf(what, sizeof what, "INT 16h AX=03%02Xh (typematic)", call.al());
      bios.LogUnimplemented(what);
      return;
    }
  }
}

}  // namespace

void Int16Keyboard(Bios& bios, BiosCall& call) {
  // Programs switch Num Lock and friends by writing 0040:0017; the AT BIOS brings the LEDs in
  // line on its next keyboard call.
  SyncLeds(bios);
  const uint8_t function = call.ah();
  switch (function) {
    case 0x00:
    case 0x10:
      Read(bios, call, function == 0x10);
      return;
    case 0x01:
    case 0x11:
      Peek(bios, call, function == 0x11);
      return;
    case 0x02:
      call.set_al(bios.Peek8(bda::kKbdFlags0));
      return;
    case 0x12:
      call.set_al(bios.Peek8(bda::kKbdFlags0));
      call.set_ah(ExtendedShiftHigh(bios));
      return;
    case 0x03:
      Typematic(bios, call);
      return;
    case 0x05:  // store CX as if typed: AL = 00h stored, 01h buffer full
      call.set_al(KeyBuffer(bios).Push(call.cx()) ? 0x00 : 0x01);
      return;
    case 0x09:
      call.set_al(kCapabilities);
      return;
    case 0x0A:
      call.set_bx((bios.Peek8(bda::kKbdFlags2) & flags2::kEnhanced) ? kMf2KeyboardId : 0);
      return;
    default: {
      char what[32];
      std::snprintf(what, sizeof what, "INT 16h AH=%02Xh", function);
      bios.LogUnimplemented(what);
      return;
    }
  }
}

}  // namespace m86
