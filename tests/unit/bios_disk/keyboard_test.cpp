// INT 09h scan code translation and INT 16h (IBM PC AT TR "Keyboard"; RBIL INT 16h; the
// published INT 16h key code tables for the standard and extended functions).
#include <catch2/catch.hpp>
#include <initializer_list>
#include <utility>

#include "bios_fixture.h"
#include "devices/kbc/i8042.h"

namespace m86::test {
namespace {

// Records what the BIOS sends to the keyboard controller; the controller is always ready.
class KeyboardPorts final : public IoDevice {
 public:
  uint32_t IoRead(uint16_t, int) override { return 0; }
  void IoWrite(uint16_t port, int, uint32_t value) override {
    if (port == 0x60) sent.push_back(static_cast<uint8_t>(value));
  }
  std::vector<uint8_t> sent;
};

struct KeyboardFixture : BiosFixture {
  KeyboardFixture() {
    io.Map(&ports, 0x60, 0x60);
    io.Map(&ports, 0x64, 0x64);
  }
  // Feeds bytes through INT 09h; returns the last request in AH.
  uint8_t Feed(std::initializer_list<uint8_t> codes) {
    uint8_t request = 0;
    for (uint8_t code : codes) {
      Reset();
      call.set_ax(code);
      Int09Keyboard(bios, call);
      request = call.ah();
    }
    return request;
  }
  // INT 16h with AH = function; returns AX.
  uint16_t Int16(uint8_t function, uint16_t cx = 0) {
    Reset();
    call.set_ax(static_cast<uint16_t>(function << 8));
    call.set_cx(cx);
    Int16Keyboard(bios, call);
    return call.ax();
  }
  uint8_t Flags0() { return bios.Peek8(bda::kKbdFlags0); }
  uint8_t Flags1() { return bios.Peek8(bda::kKbdFlags1); }
  KeyboardPorts ports;
};

TEST_CASE("INT 09h letters with Shift, Caps Lock, Ctrl and Alt", "[bios][keyboard]") {
  KeyboardFixture f;
  f.Feed({0x1E, 0x9E});  // a
  CHECK(f.Int16(0x00) == 0x1E61);
  f.Feed({0x2A, 0x1E, 0x9E, 0xAA});  // Shift-a
  CHECK(f.Int16(0x00) == 0x1E41);
  CHECK((f.Flags0() & 0x03) == 0);
  f.Feed({0x3A, 0xBA});  // Caps Lock on
  CHECK((f.Flags0() & 0x40) != 0);
  f.Feed({0x1E, 0x36, 0x1E, 0xB6});  // a, then right Shift-a
  CHECK(f.Int16(0x00) == 0x1E41);
  CHECK(f.Int16(0x00) == 0x1E61);
  f.Feed({0x02});  // Caps Lock leaves digits alone
  CHECK(f.Int16(0x00) == 0x0231);
  f.Feed({0x1D, 0x2E, 0x9D});  // Ctrl-c
  CHECK(f.Int16(0x00) == 0x2E03);
  f.Feed({0x38, 0x1E, 0xB8});  // Alt-a
  CHECK(f.Int16(0x00) == 0x1E00);
  CHECK(f.Int16(0x01) == 0x0100);  // nothing left: AX untouched
  CHECK(f.Zero());
}

TEST_CASE("INT 09h function keys with every shift", "[bios][keyboard]") {
  KeyboardFixture f;
  f.Feed({0x3B, 0x2A, 0x3B, 0xAA, 0x1D, 0x3B, 0x9D, 0x38, 0x3B, 0xB8});
  CHECK(f.Int16(0x10) == 0x3B00);
  CHECK(f.Int16(0x10) == 0x5400);
  CHECK(f.Int16(0x10) == 0x5E00);
  CHECK(f.Int16(0x10) == 0x6800);
  f.Feed({0x57, 0x58, 0x1D, 0x57, 0x9D});  // F11, F12, Ctrl-F11
  CHECK(f.Int16(0x10) == 0x8500);
  CHECK(f.Int16(0x10) == 0x8600);
  CHECK(f.Int16(0x10) == 0x8900);
}

TEST_CASE("INT 16h AH=00h drops what only the extended functions return", "[bios][keyboard]") {
  KeyboardFixture f;
  f.Feed({0x57, 0xD7});  // F11
  f.Int16(0x00);
  CHECK(f.Retried());  // dropped F11, then waits for a key
  CHECK(f.bios.Peek16(bda::kKbdHead) == f.bios.Peek16(bda::kKbdTail));
  f.Feed({0x38, 0x01, 0xB8, 0x1E});  // Alt-Esc (extended only), then a
  CHECK(f.Int16(0x01) == 0x1E61);  // AH=01h skips and removes Alt-Esc
  CHECK_FALSE(f.Zero());
  CHECK(f.Int16(0x00) == 0x1E61);
  f.Feed({0x38, 0x01, 0xB8});
  CHECK(f.Int16(0x11) == 0x0100);  // the extended view: low byte F0h becomes 00h
  CHECK_FALSE(f.Zero());
  CHECK(f.Int16(0x10) == 0x0100);
}

TEST_CASE("INT 09h enhanced keys: E0 prefixes, fake shifts, keypad", "[bios][keyboard]") {
  KeyboardFixture f;
  f.Feed({0xE0, 0x48, 0xE0, 0xC8});  // grey Up
  CHECK(f.Int16(0x11) == 0x48E0);
  CHECK(f.Int16(0x00) == 0x4800);
  f.Feed({0x48, 0xC8});  // keypad 8 without Num Lock
  CHECK(f.Int16(0x10) == 0x4800);
  f.Feed({0x45, 0xC5, 0x48, 0xC8});  // Num Lock, keypad 8
  CHECK(f.Int16(0x10) == 0x4838);
  CHECK((f.Flags0() & 0x20) != 0);
  // Grey Home with Num Lock on arrives wrapped in a fake Shift: E0 2A E0 47 E0 C7 E0 AA.
  f.Feed({0xE0, 0x2A, 0xE0, 0x47, 0xE0, 0xC7, 0xE0, 0xAA});
  CHECK((f.Flags0() & 0x03) == 0);
  CHECK(f.Int16(0x10) == 0x47E0);
  f.Feed({0xE0, 0x1C, 0xE0, 0x35});  // keypad Enter, keypad /
  CHECK(f.Int16(0x10) == 0xE00D);
  CHECK(f.Int16(0x00) == 0x352F);
  f.Feed({0xE0, 0x1D, 0xE0, 0x48});  // right Ctrl + grey Up
  CHECK(f.Int16(0x10) == 0x8DE0);
  CHECK((f.bios.Peek8(bda::kKbdFlags2) & 0x04) != 0);
  f.Reset();
  f.call.set_ax(0x1200);
  Int16Keyboard(f.bios, f.call);
  CHECK(f.call.ah() == 0x04);  // right Ctrl held
  CHECK((f.call.al() & 0x24) == 0x24);  // Ctrl, Num Lock
  f.Feed({0xE0, 0x9D});
  CHECK((f.Flags0() & 0x04) == 0);
}

TEST_CASE("INT 09h Alt + keypad digits types the character on Alt release", "[bios][keyboard]") {
  KeyboardFixture f;
  f.Feed({0x38, 0x4D, 0xCD, 0x4C, 0xCC});  // Alt, keypad 6, keypad 5
  CHECK(f.bios.Peek8(bda::kAltKeypad) == 65);
  CHECK(f.Int16(0x01) == 0x0100);
  CHECK(f.Zero());
  f.Feed({0xB8});
  CHECK(f.Int16(0x00) == 0x0041);
  CHECK(f.bios.Peek8(bda::kAltKeypad) == 0);
}

TEST_CASE("INT 09h Ctrl-Break, Print Screen, SysReq and Ctrl-Alt-Del", "[bios][keyboard]") {
  KeyboardFixture f;
  f.Feed({0x1E, 0x1F});
  CHECK(f.Feed({0x1D, 0xE0, 0x46}) == 1);  // Ctrl + Pause/Break
  CHECK((f.bios.Peek8(bda::kBreakFlag) & 0x80) != 0);
  CHECK(f.Int16(0x00) == 0x0000);  // the buffer holds only the break word
  CHECK(f.Int16(0x01) == 0x0100);
  CHECK(f.Zero());
  f.Feed({0xE0, 0xC6, 0x9D});
  CHECK(f.Feed({0x1D, 0x46}) == 1);  // Ctrl + Scroll Lock
  CHECK((f.Flags0() & 0x10) == 0);   // and Scroll Lock did not toggle
  f.Feed({0xC6, 0x9D});
  f.Int16(0x00);

  CHECK(f.Feed({0xE0, 0x2A, 0xE0, 0x37}) == 2);  // Print Screen
  f.Feed({0xE0, 0xB7, 0xE0, 0xAA});
  CHECK(f.Feed({0x54}) == 3);  // SysReq (Alt + Print Screen) pressed
  CHECK(f.call.al() == 0);
  CHECK(f.Feed({0x54}) == 0);  // a repeat
  CHECK(f.Feed({0xD4}) == 3);
  CHECK(f.call.al() == 1);

  int resets = 0;
  f.bios.request_reset = [&resets] { ++resets; };
  f.Feed({0x1D, 0x38, 0xE0, 0x53});
  CHECK(resets == 1);
  CHECK(f.bios.Peek16(bda::kResetFlag) == 0x1234);
}

TEST_CASE("INT 09h Pause waits for the next key, which is not stored", "[bios][keyboard]") {
  KeyboardFixture f;
  CHECK(f.Feed({0xE1, 0x1D, 0x45}) == 4);
  CHECK((f.Flags1() & 0x08) != 0);
  CHECK(f.Feed({0xE1, 0x9D, 0xC5}) == 0);
  f.Feed({0x2A, 0xAA});  // a shift key does not resume
  CHECK((f.Flags1() & 0x08) != 0);
  f.Feed({0x1E});
  CHECK((f.Flags1() & 0x08) == 0);
  CHECK(f.Int16(0x01) == 0x0100);
  CHECK(f.Zero());
  f.Feed({0x9E, 0x1E});
  CHECK(f.Int16(0x00) == 0x1E61);
}

TEST_CASE("INT 09h lock keys toggle once per press and drive the LEDs", "[bios][keyboard]") {
  KeyboardFixture f;
  f.Feed({0x3A, 0x3A, 0x3A});  // held Caps Lock repeats
  CHECK((f.Flags0() & 0x40) != 0);
  CHECK((f.Flags1() & 0x40) != 0);
  CHECK(f.ports.sent == std::vector<uint8_t>{0xED, 0x04});
  f.Feed({0xBA, 0x46, 0xC6});
  CHECK(f.ports.sent == std::vector<uint8_t>{0xED, 0x04, 0xED, 0x05});
  CHECK((f.bios.Peek8(bda::kKbdLeds) & 0x47) == 0x05);
  f.Feed({0xFA, 0xFA});  // the keyboard's acknowledgements are not keys
  CHECK((f.bios.Peek8(bda::kKbdLeds) & 0x10) != 0);
  CHECK(f.Int16(0x01) == 0x0100);
  CHECK(f.Zero());
  // A program switching Num Lock through 0040:0017: the next INT 16h updates the LEDs.
  f.bios.Poke8(bda::kKbdFlags0, static_cast<uint8_t>(f.Flags0() | 0x20));
  f.Int16(0x02);
  CHECK(f.ports.sent.size() == 6);
  CHECK(f.ports.sent[5] == 0x07);
  CHECK(f.call.al() == f.Flags0());
}

TEST_CASE("INT 09h Insert toggles on the first make only", "[bios][keyboard]") {
  KeyboardFixture f;
  f.Feed({0xE0, 0x52, 0xE0, 0x52});
  CHECK((f.Flags0() & 0x80) != 0);
  f.Feed({0xE0, 0xD2, 0xE0, 0x52, 0xE0, 0xD2});
  CHECK((f.Flags0() & 0x80) == 0);
  CHECK(f.Int16(0x10) == 0x52E0);
  f.Feed({0x45, 0xC5, 0x52, 0xD2});  // keypad 0 with Num Lock types 0, no toggle
  CHECK((f.Flags0() & 0x80) == 0);
}

TEST_CASE("The key buffer wraps and drops keys when full", "[bios][keyboard]") {
  KeyboardFixture f;
  for (int round = 0; round < 20; ++round) {  // head and tail go round the 16 slots
    f.Feed({0x10});
    CHECK(f.Int16(0x00) == 0x1071);
  }
  for (int i = 0; i < 20; ++i) f.Feed({static_cast<uint8_t>(0x10 + i % 10)});
  int stored = 0;
  while (true) {
    f.Int16(0x01);
    if (f.Zero()) break;
    CHECK(f.Int16(0x00) >> 8 == 0x10 + stored % 10);
    ++stored;
  }
  CHECK(stored == 15);  // one slot always stays free

  for (int i = 0; i < 15; ++i) CHECK((f.Int16(0x05, static_cast<uint16_t>(0x4100 + i)) & 0xFF) == 0x00);
  CHECK((f.Int16(0x05, 0x4200) & 0xFF) == 0x01);
  CHECK(f.Int16(0x00) == 0x4100);
}

TEST_CASE("INT 16h AH=03h/09h/0Ah", "[bios][keyboard]") {
  KeyboardFixture f;
  f.Reset();
  f.call.set_ax(0x0305);
  f.call.set_bx(0x010B);
  Int16Keyboard(f.bios, f.call);
  CHECK(f.ports.sent == std::vector<uint8_t>{0xF3, 0x2B});
  f.call.set_ax(0x0305);
  f.call.set_bx(0x0420);  // out of range: ignored
  Int16Keyboard(f.bios, f.call);
  CHECK(f.ports.sent.size() == 2);
  CHECK((f.Int16(0x09) & 0xFF) == 0x35);
  f.Int16(0x0A);
  CHECK(f.call.bx() == 0x41AB);
}

TEST_CASE("INT 09h with the 8042 and a PS/2 keyboard: LEDs acknowledged, keys translated", "[bios][keyboard]") {
  BiosFixture f;
  Ps2Keyboard keyboard;
  I8042 controller({}, &keyboard, nullptr, nullptr);
  controller.Attach(f.io);
  f.io.Out(0x64, 1, 0x60);
  f.io.Out(0x60, 1, 0x65);  // translation, IRQ 1, system flag (as POST sets it)
  auto drain = [&f] {
    while (f.io.In(0x64, 1) & 0x01) {
      f.Reset();
      f.call.set_ax(static_cast<uint16_t>(f.io.In(0x60, 1)));
      Int09Keyboard(f.bios, f.call);
    }
  };
  keyboard.KeyDown(PcKey::kCapsLock);
  keyboard.KeyUp(PcKey::kCapsLock);
  drain();
  CHECK(keyboard.state().leds == 0x04);
  CHECK((f.bios.Peek8(bda::kKbdLeds) & 0x17) == 0x14);  // caps LED, ACK seen
  keyboard.KeyDown(PcKey::kA);
  keyboard.KeyUp(PcKey::kA);
  keyboard.KeyDown(PcKey::kRight);
  drain();
  f.Reset();
  f.call.set_ax(0x1000);
  Int16Keyboard(f.bios, f.call);
  CHECK(f.call.ax() == 0x1E41);
  f.call.set_ax(0x1000);
  Int16Keyboard(f.bios, f.call);
  CHECK(f.call.ax() == 0x4DE0);
}

}  // namespace
}  // namespace m86::test
