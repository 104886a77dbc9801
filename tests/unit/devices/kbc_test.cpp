// The 8042 controller against the IBM PC AT / PS/2 Technical Reference command set.
#include <catch2/catch.hpp>
#include <vector>

#include "devices/kbc/i8042.h"

using m86::I8042;
using m86::PcKey;
using m86::Ps2Keyboard;
using m86::Ps2Mouse;

namespace {

struct FakeIrq : m86::IrqSink {
  bool level[16] = {};
  int rises[16] = {};
  void SetIrq(int irq, bool l) override {
    if (l && !level[irq]) ++rises[irq];
    level[irq] = l;
  }
};

struct Rig {
  FakeIrq irq;
  Ps2Keyboard kbd;
  Ps2Mouse mouse;
  std::vector<bool> a20;
  int resets = 0;
  std::vector<std::string> logs;
  I8042 kbc{I8042::Config{[this](bool on) { a20.push_back(on); }, [this] { ++resets; }},
            &kbd, &mouse, &irq};
  Rig() { kbc.log.sink = [this](const std::string& m) { logs.push_back(m); }; }
  uint8_t Status() { return static_cast<uint8_t>(kbc.IoRead(0x64, 1)); }
  uint8_t Data() { return static_cast<uint8_t>(kbc.IoRead(0x60, 1)); }
  void Cmd(uint8_t c) { kbc.IoWrite(0x64, 1, c); }
  void Put(uint8_t d) { kbc.IoWrite(0x60, 1, d); }
  // Every byte currently obtainable from the output buffer.
  std::vector<uint8_t> Drain() {
    std::vector<uint8_t> out;
    while (Status() & I8042::kStatusObf) out.push_back(Data());
    return out;
  }
};

using Bytes = std::vector<uint8_t>;

}  // namespace

TEST_CASE("8042 self-test and interface tests answer through the output buffer", "[kbc]") {
  Rig r;
  r.Cmd(0x60);
  r.Put(0x00);  // no IRQs, nothing disabled, no translation
  CHECK_FALSE(r.Status() & I8042::kStatusObf);
  r.Cmd(0xAA);  // self-test: 0x55 (PC AT TR, "Commands (I/O Address Hex 64)")
  CHECK(r.Status() & I8042::kStatusObf);
  CHECK(r.Status() & I8042::kStatusA2);  // last write went to the command port
  CHECK(r.Data() == 0x55);
  CHECK_FALSE(r.Status() & I8042::kStatusObf);
  r.Cmd(0xAB);  // keyboard interface test: 00 = no error
  CHECK(r.Drain() == Bytes{0x00});
  r.Cmd(0xA9);  // aux interface test
  CHECK(r.Drain() == Bytes{0x00});
  r.Cmd(0xC0);  // input port: keyboard not inhibited etc.
  CHECK(r.Drain() == Bytes{0xB0});
  CHECK(r.Status() & I8042::kStatusInh);
  r.Cmd(0xA1);  // unimplemented: logged, not silently answered
  CHECK(r.Drain().empty());
  REQUIRE(r.logs.size() == 1);
  CHECK(r.logs[0].find("0xA1") != std::string::npos);
}

TEST_CASE("8042 command byte read/write, SYS flag and port disables", "[kbc]") {
  Rig r;
  r.Cmd(0x60);
  CHECK(r.Status() & I8042::kStatusA2);  // A2: the last write went to port 0x64
  r.Put(0x65);  // translate, disable keyboard, SYS, IRQ1
  CHECK_FALSE(r.Status() & I8042::kStatusA2);
  CHECK(r.Status() & I8042::kStatusSys);
  r.Cmd(0x20);
  CHECK(r.Drain() == Bytes{0x65});
  r.Cmd(0xAE);  // enable keyboard clears bit 4
  r.Cmd(0xA7);  // disable aux sets bit 5
  r.Cmd(0x20);
  CHECK(r.Drain() == Bytes{(0x65 & ~0x10) | 0x20});
  r.Cmd(0xA8);
  r.Cmd(0xAD);
  r.Cmd(0x20);
  CHECK(r.Drain() == Bytes{0x55});
  r.Cmd(0x60);
  r.Put(0x00);
  CHECK_FALSE(r.Status() & I8042::kStatusSys);
  // Other controller RAM bytes read back what was written (0x61 -> 0x21).
  r.Cmd(0x61);
  r.Put(0x5A);
  r.Cmd(0x21);
  CHECK(r.Drain() == Bytes{0x5A});
}

TEST_CASE("8042 output port drives A20 and reset", "[kbc]") {
  Rig r;
  r.Cmd(0xD0);
  CHECK((r.Drain().at(0) & 0x03) == 0x03);  // power on: reset inactive, A20 on
  r.Cmd(0xD1);
  r.Put(0x01);  // A20 off
  CHECK(r.a20 == std::vector<bool>{false});
  CHECK(r.resets == 0);
  r.Cmd(0xD1);
  r.Put(0x03);
  CHECK(r.a20 == std::vector<bool>{false, true});
  r.Cmd(0xD0);
  CHECK((r.Drain().at(0) & 0x03) == 0x03);
  r.Cmd(0xD1);
  r.Put(0x02);  // bit 0 low asserts the processor reset (active low)
  CHECK(r.resets == 1);
  r.Cmd(0xFE);  // pulse bit 0
  CHECK(r.resets == 2);
  r.Cmd(0xFF);  // pulse nothing
  CHECK(r.resets == 2);
  r.Cmd(0xDD);
  CHECK(r.a20.back() == false);
  r.Cmd(0xDF);
  CHECK(r.a20.back() == true);
}

TEST_CASE("8042 D2/D3 write the output buffer as keyboard/aux with the matching IRQ", "[kbc]") {
  Rig r;
  r.Cmd(0x60);
  r.Put(0x03);  // IRQ1 and IRQ12 enabled
  r.Cmd(0xD2);
  r.Put(0x9C);
  CHECK(r.irq.level[1]);
  CHECK_FALSE(r.irq.level[12]);
  CHECK_FALSE(r.Status() & I8042::kStatusAuxb);
  CHECK(r.Data() == 0x9C);
  CHECK_FALSE(r.irq.level[1]);
  r.Cmd(0xD3);
  r.Put(0x42);
  CHECK(r.irq.level[12]);
  CHECK((r.Status() & (I8042::kStatusAuxb | I8042::kStatusObf)) ==
        (I8042::kStatusAuxb | I8042::kStatusObf));
  r.Cmd(0xD0);  // output port bit 5: aux output buffer full
  CHECK(r.Data() == 0x42);
  CHECK_FALSE(r.irq.level[12]);
}

TEST_CASE("8042 raises IRQ 1 on OBF only when the command byte enables it", "[kbc]") {
  Rig r;
  r.Cmd(0x60);
  r.Put(0x00);
  r.Cmd(0xAA);
  CHECK_FALSE(r.irq.level[1]);
  r.Cmd(0x60);  // enabling while OBF is full raises it at once
  CHECK(r.Data() == 0x55);
  r.Put(0x01);
  CHECK_FALSE(r.irq.level[1]);
  r.Cmd(0xAA);
  CHECK(r.irq.level[1]);
  CHECK(r.irq.rises[1] == 1);
  r.Data();
  CHECK_FALSE(r.irq.level[1]);
  // Mouse bytes go to IRQ 12 only, and only with bit 1.
  r.Cmd(0xD4);
  r.Put(0xF2);
  CHECK(r.Status() & I8042::kStatusAuxb);
  CHECK_FALSE(r.irq.level[1]);
  CHECK_FALSE(r.irq.level[12]);
  CHECK(r.Drain() == Bytes{0xFA, 0x00});
  r.Cmd(0x60);
  r.Put(0x03);
  r.Cmd(0xD4);
  r.Put(0xF2);
  CHECK(r.irq.level[12]);
  CHECK(r.Drain() == Bytes{0xFA, 0x00});
  CHECK(r.irq.rises[12] == 2);  // one edge per byte
}

TEST_CASE("8042 translates set 2 to set 1 when the command byte asks", "[kbc]") {
  Rig r;
  r.Cmd(0x60);
  r.Put(0x40);  // translate, no IRQs
  r.kbd.KeyDown(PcKey::kA);
  r.kbd.KeyUp(PcKey::kA);
  CHECK(r.Drain() == Bytes{0x1E, 0x9E});  // set 2 1C / F0 1C
  r.kbd.KeyDown(PcKey::kRightCtrl);
  r.kbd.KeyUp(PcKey::kRightCtrl);
  CHECK(r.Drain() == Bytes{0xE0, 0x1D, 0xE0, 0x9D});
  r.kbd.KeyDown(PcKey::kDelete);
  r.kbd.KeyUp(PcKey::kDelete);
  CHECK(r.Drain() == Bytes{0xE0, 0x53, 0xE0, 0xD3});
  r.kbd.KeyDown(PcKey::kF7);  // set 2 0x83, the one code above 0x7F
  CHECK(r.Drain() == Bytes{0x41});
  r.kbd.KeyDown(PcKey::kPrintScreen);
  r.kbd.KeyUp(PcKey::kPrintScreen);
  CHECK(r.Drain() == Bytes{0xE0, 0x2A, 0xE0, 0x37, 0xE0, 0xB7, 0xE0, 0xAA});
  r.kbd.KeyDown(PcKey::kPause);
  r.kbd.KeyUp(PcKey::kPause);
  CHECK(r.Drain() == Bytes{0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5});
  // Replies pass unchanged: ACK and BAT completion.
  r.Put(0xFF);
  CHECK(r.Drain() == Bytes{0xFA, 0xAA});
  // The identify reply goes through the table too: AB 83 reads as AB 41 when translating.
  r.Put(0xF2);
  CHECK(r.Drain() == Bytes{0xFA, 0xAB, 0x41});
  // Without translation the set 2 bytes come through raw.
  r.Cmd(0x60);
  r.Put(0x00);
  r.kbd.KeyDown(PcKey::kUp);
  r.kbd.KeyUp(PcKey::kUp);
  CHECK(r.Drain() == Bytes{0xE0, 0x75, 0xE0, 0xF0, 0x75});
}

TEST_CASE("8042 holds keyboard bytes while the keyboard clock is disabled", "[kbc]") {
  Rig r;
  r.Cmd(0x60);
  r.Put(0x41);  // translate + IRQ1
  r.Cmd(0xAD);
  r.kbd.KeyDown(PcKey::kEscape);
  CHECK_FALSE(r.Status() & I8042::kStatusObf);
  CHECK_FALSE(r.irq.level[1]);
  r.Cmd(0xAE);
  CHECK(r.irq.level[1]);
  CHECK(r.Drain() == Bytes{0x01});
}

TEST_CASE("8042 passes mouse stream packets through the aux port", "[kbc]") {
  Rig r;
  r.Cmd(0x60);
  r.Put(0x03);
  r.Cmd(0xD4);
  r.Put(0xF4);
  CHECK(r.Drain() == Bytes{0xFA});
  r.mouse.Move(3, -4);
  r.mouse.Buttons(Ps2Mouse::kRight);
  CHECK(r.Status() & I8042::kStatusAuxb);
  CHECK(r.Drain() == Bytes{0x08, 3, 4, 0x0A, 0, 0});
  CHECK(r.irq.rises[12] == 7);
  CHECK(r.irq.rises[1] == 0);
  r.Cmd(0xA7);  // aux clock off: packets wait in the mouse
  r.mouse.Move(1, 0);
  CHECK_FALSE(r.Status() & I8042::kStatusObf);
  r.Cmd(0xA8);
  CHECK(r.Drain() == Bytes{0x0A, 1, 0});
}
