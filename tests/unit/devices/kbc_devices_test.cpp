// The PS/2 keyboard and mouse on their own (IBM PS/2 Technical Reference, "Keyboards" and
// "Pointing Device"), read straight from their output FIFOs.
#include <catch2/catch.hpp>
#include <vector>

#include "devices/kbc/ps2_keyboard.h"
#include "devices/kbc/ps2_mouse.h"

using m86::PcKey;
using m86::Ps2Keyboard;
using m86::Ps2Mouse;
using m86::Scheduler;

namespace {

using Bytes = std::vector<uint8_t>;

template <typename D>
Bytes Drain(D& d) {
  Bytes out;
  while (d.HasOutput()) out.push_back(d.PopOutput());
  return out;
}

template <typename D>
Bytes Send(D& d, std::initializer_list<uint8_t> bytes) {
  for (uint8_t b : bytes) d.HostWrite(b);
  return Drain(d);
}

}  // namespace

TEST_CASE("Keyboard reset, identify, echo, resend", "[ps2kbd]") {
  Ps2Keyboard k;
  CHECK(Send(k, {0xFF}) == Bytes{0xFA, 0xAA});
  CHECK(Send(k, {0xF2}) == Bytes{0xFA, 0xAB, 0x83});
  CHECK(Send(k, {0xEE}) == Bytes{0xEE});
  CHECK(Send(k, {0xFE}) == Bytes{0xEE});  // resend repeats the last byte sent
  std::vector<std::string> logs;
  k.log.sink = [&](const std::string& m) { logs.push_back(m); };
  CHECK(Send(k, {0x01}) == Bytes{0xFE});  // unknown command
  CHECK(logs.size() == 1);
}

TEST_CASE("Keyboard LEDs, scan code set and enable/disable", "[ps2kbd]") {
  Ps2Keyboard k;
  int leds = -1;
  k.set_leds = [&](uint8_t l) { leds = l; };
  CHECK(Send(k, {0xED}) == Bytes{0xFA});
  CHECK(leds == -1);
  CHECK(Send(k, {0x06}) == Bytes{0xFA});  // Num + Caps
  CHECK(leds == 6);
  CHECK(Send(k, {0xF0, 0x00}) == Bytes{0xFA, 0xFA, 0x02});
  CHECK(Send(k, {0xF0, 0x01}) == Bytes{0xFA, 0xFA});
  k.KeyDown(PcKey::kHome);
  k.KeyUp(PcKey::kHome);
  CHECK(Drain(k) == Bytes{0xE0, 0x47, 0xE0, 0xC7});  // native set 1
  CHECK(Send(k, {0xF0, 0x00}) == Bytes{0xFA, 0xFA, 0x01});
  CHECK(Send(k, {0xF5}) == Bytes{0xFA});  // disable + defaults (set 2)
  k.KeyDown(PcKey::kA);
  CHECK(Drain(k).empty());
  CHECK(Send(k, {0xF4}) == Bytes{0xFA});
  k.KeyDown(PcKey::kA);
  k.KeyUp(PcKey::kA);
  CHECK(Drain(k) == Bytes{0x1C, 0xF0, 0x1C});
}

TEST_CASE("Keyboard typematic repeat runs on virtual time", "[ps2kbd]") {
  Scheduler s;
  Ps2Keyboard k(&s);
  // F3 0x20: 500 ms delay, period 8 * 4.17 ms = 33.3 ms (30 characters/s).
  CHECK(Send(k, {0xF3, 0x20}) == Bytes{0xFA, 0xFA});
  CHECK(Ps2Keyboard::TypematicDelayNs(0x20) == 500'000'000);
  CHECK(Ps2Keyboard::TypematicPeriodNs(0x20) == 33'333'333);
  CHECK(Ps2Keyboard::TypematicPeriodNs(0x1F) == 500'000'000);  // 2 characters/s
  k.KeyDown(PcKey::kB);
  CHECK(Drain(k) == Bytes{0x32});
  s.AdvanceTo(499'000'000);
  CHECK(Drain(k).empty());
  s.AdvanceTo(500'000'000);
  CHECK(Drain(k) == Bytes{0x32});
  s.AdvanceTo(500'000'000 + 3 * 33'333'333);
  CHECK(Drain(k) == Bytes{0x32, 0x32, 0x32});
  k.KeyUp(PcKey::kB);
  CHECK(Drain(k) == Bytes{0xF0, 0x32});
  s.AdvanceTo(2'000'000'000);
  CHECK(Drain(k).empty());
  CHECK(s.NextDeadline() == Scheduler::kNever);
}

TEST_CASE("Mouse reset, ID, status and stream packets", "[ps2mouse]") {
  Ps2Mouse m;
  CHECK(Send(m, {0xFF}) == Bytes{0xFA, 0xAA, 0x00});
  CHECK(Send(m, {0xF2}) == Bytes{0xFA, 0x00});
  m.Move(5, 5);  // disabled: nothing reported
  CHECK(Drain(m).empty());
  CHECK(Send(m, {0xF6}) == Bytes{0xFA});  // defaults drop the pending motion
  CHECK(Send(m, {0xE8, 0x03, 0xE7, 0xF3, 40}) == Bytes{0xFA, 0xFA, 0xFA, 0xFA, 0xFA});
  CHECK(Send(m, {0xE9}) == Bytes{0xFA, 0x10, 0x03, 40});
  CHECK(Send(m, {0xE6, 0xF4}) == Bytes{0xFA, 0xFA});
  CHECK(Send(m, {0xE9}) == Bytes{0xFA, 0x20, 0x03, 40});
  m.Move(10, 3);  // right and down: Y goes negative in the packet
  CHECK(Drain(m) == Bytes{0x28, 10, 0xFD});
  m.Buttons(Ps2Mouse::kLeft | Ps2Mouse::kMiddle);
  CHECK(Drain(m) == Bytes{0x0D, 0, 0});
  m.Move(-300, 0);  // X overflow, clamped
  CHECK(Drain(m) == Bytes{0x5D, 0x00, 0});
  // 2:1 scaling in stream mode: 3 -> 3, 4 -> 6, 10 -> 20.
  CHECK(Send(m, {0xE7}) == Bytes{0xFA});
  m.Move(4, 0);
  CHECK(Drain(m) == Bytes{0x0D, 6, 0});
}

TEST_CASE("Mouse merges motion until the previous packet is taken", "[ps2mouse]") {
  Ps2Mouse m;
  CHECK(Send(m, {0xF4}) == Bytes{0xFA});
  m.Move(1, 0);
  m.Move(2, 0);  // the first packet is still queued: this accumulates
  m.Move(3, 0);
  CHECK(Drain(m) == Bytes{0x08, 1, 0, 0x08, 5, 0});
}

TEST_CASE("Mouse remote mode reports only on read data", "[ps2mouse]") {
  Ps2Mouse m;
  CHECK(Send(m, {0xF0, 0xF4}) == Bytes{0xFA, 0xFA});
  m.Move(7, -2);
  CHECK(Drain(m).empty());
  CHECK(Send(m, {0xEB}) == Bytes{0xFA, 0x08, 7, 2});
  CHECK(Send(m, {0xEB}) == Bytes{0xFA, 0x08, 0, 0});
  CHECK(Send(m, {0xEE, 0x12, 0xEC}) == Bytes{0xFA, 0x12, 0xFA});  // wrap mode echo
}

TEST_CASE("IntelliMouse knock turns on ID 3 and 4-byte packets with the wheel", "[ps2mouse]") {
  Ps2Mouse m;
  CHECK(Send(m, {0xF3, 200, 0xF3, 100, 0xF3, 50, 0xF2}) ==
        Bytes{0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0x00});  // wrong knock
  CHECK(Send(m, {0xF3, 200, 0xF3, 100, 0xF3, 80, 0xF2}) ==
        Bytes{0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0x03});
  CHECK(Send(m, {0xF4}) == Bytes{0xFA});
  m.Move(1, -1, -1);
  CHECK(Drain(m) == Bytes{0x08, 1, 1, 0xFF});
  m.Move(0, 0, 10);  // Z is -8..7: the rest follows in the next packet
  CHECK(Drain(m) == Bytes{0x08, 0, 0, 7, 0x08, 0, 0, 3});
  CHECK(Send(m, {0xFF}) == Bytes{0xFA, 0xAA, 0x00});  // reset drops back to ID 0
  CHECK(Send(m, {0xF2}) == Bytes{0xFA, 0x00});
}
