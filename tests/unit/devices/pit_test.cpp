// 8254 PIT and port 0x61 against the Intel 8254 datasheet. Times are given in ticks of the
// 1.193182 MHz clock; a count written during tick k is loaded into the CE at tick k+1.
#include <catch2/catch.hpp>
#include <vector>

#include "devices/pit/pit.h"

using m86::Pit;
using m86::Scheduler;

namespace {

struct IrqLog : m86::IrqSink {
  std::vector<std::pair<uint64_t, bool>> edges;  // (tick, level)
  Scheduler* s = nullptr;
  void SetIrq(int irq, bool level) override {
    REQUIRE(irq == 0);
    edges.emplace_back(Pit::TicksAt(s->now()), level);
  }
};

struct Rig {
  Scheduler s;
  IrqLog irq;
  Pit pit{s, &irq};
  Rig() { irq.s = &s; }
  void At(uint64_t tick) { s.AdvanceTo(Pit::TimeOfTick(tick)); }
  void Control(uint8_t v) { pit.IoWrite(0x43, 1, v); }
  void Load(int ch, uint16_t n) {
    pit.IoWrite(0x40 + ch, 1, n & 0xFF);
    pit.IoWrite(0x40 + ch, 1, n >> 8);
  }
  uint16_t ReadCount(int ch) {  // counter latch command, then LSB and MSB
    Control(static_cast<uint8_t>(ch << 6));
    const uint32_t lo = pit.IoRead(0x40 + ch, 1);
    return static_cast<uint16_t>(lo | pit.IoRead(0x40 + ch, 1) << 8);
  }
  bool Out2() { return pit.IoRead(0x61, 1) & 0x20; }
};

}  // namespace

TEST_CASE("PIT: tick and time conversions round-trip", "[pit]") {
  for (uint64_t k : {0ull, 1ull, 2ull, 65536ull, 1193182ull, 123456789ull})
    CHECK(Pit::TicksAt(Pit::TimeOfTick(k)) == k);
  CHECK(Pit::TicksAt(1000000000) == 1193182);
}

TEST_CASE("PIT mode 0: interrupt on terminal count", "[pit]") {
  Rig r;
  r.Control(0x30);  // counter 0, LSB then MSB, mode 0, binary
  CHECK_FALSE(r.pit.Out(0));  // OUT goes low on the control word (datasheet mode 0)
  r.Load(0, 100);
  r.At(1);
  CHECK(r.ReadCount(0) == 100);
  r.At(51);
  CHECK(r.ReadCount(0) == 50);
  r.At(100);
  CHECK_FALSE(r.pit.Out(0));
  r.s.AdvanceTo(Pit::TimeOfTick(1000));
  // OUT rises N+1 clocks after the count is written, and stays high; IRQ 0 follows it.
  REQUIRE(r.irq.edges.size() == 1);
  CHECK(r.irq.edges[0] == std::make_pair(uint64_t{101}, true));
  CHECK(r.ReadCount(0) == static_cast<uint16_t>(100 - 999));  // the CE wraps and keeps going
}

TEST_CASE("PIT mode 2: rate generator", "[pit]") {
  Rig r;
  r.Control(0x34);
  r.Load(0, 10);
  r.At(5);
  CHECK(r.ReadCount(0) == 6);
  r.At(35);
  // OUT is low for one clock when the CE reaches 1: ticks 10, 20, 30.
  std::vector<std::pair<uint64_t, bool>> want = {{0, true},   {10, false}, {11, true}, {20, false},
                                                 {21, true},  {30, false}, {31, true}};
  CHECK(r.irq.edges == want);
  // A new count takes effect at the end of the current period (datasheet mode 2).
  r.Load(0, 4);
  r.At(60);
  CHECK(r.irq.edges[7] == std::make_pair(uint64_t{40}, false));
  CHECK(r.irq.edges[9] == std::make_pair(uint64_t{44}, false));
}

TEST_CASE("PIT mode 2 with count 0 fires at 18.2 Hz", "[pit]") {
  Rig r;
  r.Control(0x34);
  r.Load(0, 0);
  r.s.AdvanceTo(1000000000);
  int rising = 0;
  for (auto& e : r.irq.edges) rising += e.second && e.first > 0;
  CHECK(rising == 18);  // 1193182 / 65536 = 18.2
}

TEST_CASE("PIT mode 3: square wave, even and odd counts", "[pit]") {
  Rig r;
  r.Control(0x36);
  r.Load(0, 10);
  r.At(2);
  CHECK(r.ReadCount(0) == 8);  // the CE counts down by two
  r.At(25);
  // The control word already set OUT high at tick 0.
  std::vector<std::pair<uint64_t, bool>> want = {{0, true},   {6, false}, {11, true},
                                                 {16, false}, {21, true}};
  CHECK(r.irq.edges == want);

  Rig o;
  o.Control(0x36);
  o.Load(0, 9);  // odd: high for (N+1)/2 clocks, low for (N-1)/2
  o.At(1);
  CHECK(o.ReadCount(0) == 8);  // loaded with N-1
  o.At(20);
  want = {{0, true}, {6, false}, {10, true}, {15, false}, {19, true}};
  CHECK(o.irq.edges == want);
}

TEST_CASE("PIT mode 4: software triggered strobe", "[pit]") {
  Rig r;
  r.Control(0x38);
  CHECK(r.pit.Out(0));
  r.Load(0, 5);
  r.At(20);
  std::vector<std::pair<uint64_t, bool>> want = {{0, true}, {6, false}, {7, true}};
  CHECK(r.irq.edges == want);
}

TEST_CASE("PIT mode 1 and 5 are triggered by counter 2's GATE (port 0x61 bit 0)", "[pit]") {
  Rig r;
  r.Control(0xB2);  // counter 2, LSB then MSB, mode 1
  r.Load(2, 5);
  r.At(10);
  CHECK(r.Out2());  // no trigger yet
  r.pit.IoWrite(0x61, 1, 0x01);
  r.At(11);
  CHECK_FALSE(r.Out2());  // low from the clock after the trigger
  r.At(15);
  CHECK_FALSE(r.Out2());
  r.At(16);
  CHECK(r.Out2());
  // Retrigger: a new rising GATE edge restarts the full count.
  r.pit.IoWrite(0x61, 1, 0x00);
  r.At(20);
  r.pit.IoWrite(0x61, 1, 0x01);
  r.At(23);
  CHECK_FALSE(r.Out2());
  CHECK(r.ReadCount(2) == 3);

  Rig f;
  f.Control(0xBA);  // mode 5
  f.Load(2, 3);
  f.pit.IoWrite(0x61, 1, 0x01);
  f.At(3);
  CHECK(f.Out2());
  f.At(4);
  CHECK_FALSE(f.Out2());  // one clock low at the terminal count
  f.At(5);
  CHECK(f.Out2());
}

TEST_CASE("PIT: GATE low suspends mode 0 and stops mode 2 with OUT high", "[pit]") {
  Rig r;
  r.pit.IoWrite(0x61, 1, 0x01);
  r.Control(0xB0);  // counter 2, mode 0
  r.Load(2, 20);
  r.At(11);
  CHECK(r.ReadCount(2) == 10);
  r.pit.IoWrite(0x61, 1, 0x00);
  r.At(100);
  CHECK(r.ReadCount(2) == 10);
  CHECK_FALSE(r.Out2());
  r.pit.IoWrite(0x61, 1, 0x01);
  r.At(110);
  CHECK_FALSE(r.Out2());
  r.At(111);
  CHECK(r.Out2());

  Rig g;
  g.pit.IoWrite(0x61, 1, 0x01);
  g.Control(0xB4);  // counter 2, mode 2
  g.Load(2, 10);
  g.At(10);
  CHECK_FALSE(g.Out2());
  g.pit.IoWrite(0x61, 1, 0x00);
  CHECK(g.Out2());  // forced high at once
  g.At(50);
  g.pit.IoWrite(0x61, 1, 0x01);  // reloads on the next clock
  g.At(60);
  CHECK_FALSE(g.Out2());
  g.At(61);
  CHECK(g.Out2());
}

TEST_CASE("PIT: latch holds its value, LSB/MSB-only access, BCD", "[pit]") {
  Rig r;
  r.Control(0x30);
  r.Load(0, 1000);
  r.At(101);
  r.Control(0x00);  // latch counter 0
  r.At(500);
  r.Control(0x00);  // ignored: the first latch is not read yet
  CHECK(r.pit.IoRead(0x40, 1) == (900 & 0xFF));
  CHECK(r.pit.IoRead(0x40, 1) == (900 >> 8));
  CHECK(r.ReadCount(0) == 501);

  Rig m;
  m.Control(0x64);  // counter 1, MSB only, mode 2
  m.pit.IoWrite(0x41, 1, 0x02);  // 0x200
  m.At(1);
  CHECK(m.pit.IoRead(0x41, 1) == 0x02);
  m.Control(0x54);  // counter 1, LSB only
  m.pit.IoWrite(0x41, 1, 0x80);
  m.At(0x12);  // written during tick 1, loaded at tick 2
  CHECK(m.pit.IoRead(0x41, 1) == 0x70);

  Rig b;
  b.Control(0x31);  // mode 0, BCD
  b.Load(0, 0x0100);
  b.At(31);
  CHECK(b.ReadCount(0) == 0x0070);
  b.At(102);
  CHECK(b.ReadCount(0) == 0x9999);  // BCD wraps at 10000
}

TEST_CASE("PIT: read-back command latches status and count", "[pit]") {
  Rig r;
  r.Control(0x34);  // counter 0, both, mode 2
  CHECK(r.pit.Out(0));
  r.Control(0xE2);  // read-back status only, counter 0
  CHECK(r.pit.IoRead(0x40, 1) == (0x80 | 0x40 | 0x30 | 0x04));  // OUT, NULL COUNT, RW, mode
  r.Load(0, 100);
  r.At(11);
  r.Control(0xC2);  // count and status
  CHECK(r.pit.IoRead(0x40, 1) == (0x80 | 0x30 | 0x04));  // count loaded: NULL COUNT clear
  CHECK(r.pit.IoRead(0x40, 1) == 90);
  CHECK(r.pit.IoRead(0x40, 1) == 0);
}

TEST_CASE("PIT: port 0x61 refresh toggle and speaker bits", "[pit]") {
  Rig r;
  r.pit.IoWrite(0x61, 1, 0x03);
  CHECK((r.pit.IoRead(0x61, 1) & 0x1F) == 0x03);
  r.s.AdvanceTo(15000);
  CHECK(r.pit.IoRead(0x61, 1) & 0x10);
  r.s.AdvanceTo(30000);
  CHECK_FALSE(r.pit.IoRead(0x61, 1) & 0x10);
}
