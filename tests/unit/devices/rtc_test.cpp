// MC146818A behaviour, checked against the Motorola MC146818A datasheet.
#include "devices/rtc/rtc.h"

#include <catch2/catch.hpp>
#include <vector>

using m86::IrqSink;
using m86::Rtc;
using m86::RtcTime;
using m86::Scheduler;

namespace {

struct IrqLog final : IrqSink {
  std::vector<std::pair<int, bool>> edges;
  bool level = false;
  void SetIrq(int irq, bool l) override {
    edges.emplace_back(irq, l);
    level = l;
  }
};

constexpr uint64_t kMs = 1'000'000, kUs = 1'000, kSec = 1'000'000'000;

struct Fixture {
  Scheduler sched;
  IrqLog irq;
  bool nmi_masked = false;
  Rtc rtc;
  explicit Fixture(RtcTime t = {2026, 11, 25, 23, 59, 58})
      : rtc(sched, irq, Rtc::Config{false, t, [this](bool m) { nmi_masked = m; }, {}}) {}
  uint8_t Read(uint8_t index) {
    rtc.IoWrite(0x70, 1, index);
    return static_cast<uint8_t>(rtc.IoRead(0x71, 1));
  }
  void Write(uint8_t index, uint8_t v) {
    rtc.IoWrite(0x70, 1, index);
    rtc.IoWrite(0x71, 1, v);
  }
};

}  // namespace

TEST_CASE("RTC reads the start time in BCD 24-hour mode and rolls over the date", "[rtc]") {
  Fixture f;  // 2026-11-25 (a Wednesday) 23:59:58
  CHECK(f.Read(0x00) == 0x58);
  CHECK(f.Read(0x02) == 0x59);
  CHECK(f.Read(0x04) == 0x23);
  CHECK(f.Read(0x06) == 0x04);  // Sunday = 1
  CHECK(f.Read(0x07) == 0x25);
  CHECK(f.Read(0x08) == 0x11);
  CHECK(f.Read(0x09) == 0x26);
  CHECK(f.Read(0x32) == 0x20);  // AT century byte
  CHECK(f.Read(0x0D) == 0x80);  // register D: VRT
  f.sched.AdvanceTo(2 * kSec);
  CHECK(f.Read(0x00) == 0x00);
  CHECK(f.Read(0x04) == 0x00);
  CHECK(f.Read(0x06) == 0x05);
  CHECK(f.Read(0x07) == 0x26);
}

TEST_CASE("RTC binary and 12-hour modes with the PM bit", "[rtc]") {
  Fixture f({2024, 2, 28, 11, 59, 59});
  // Datasheet "Register B": SET halts updates while the format is changed and time reloaded.
  f.Write(0x0B, 0x80 | 0x04);  // SET, binary, 12-hour
  f.Write(0x00, 59);
  f.Write(0x02, 59);
  f.Write(0x04, 11);  // 11 AM
  f.Write(0x07, 28);
  f.Write(0x08, 2);
  f.Write(0x09, 24);
  f.sched.AdvanceTo(3 * kSec);
  CHECK(f.Read(0x00) == 59);  // SET = 1: no update cycles
  f.Write(0x0B, 0x04);
  f.sched.AdvanceTo(4 * kSec);
  CHECK(f.Read(0x00) == 0);
  CHECK(f.Read(0x02) == 0);
  CHECK(f.Read(0x04) == (0x80 | 12));  // 12 PM in binary: PM bit + 12
  // BCD 12-hour: 11:59:59 PM on Feb 28 of a leap year goes to 12 AM Feb 29.
  f.Write(0x0B, 0x80);
  f.Write(0x00, 0x59);
  f.Write(0x02, 0x59);
  f.Write(0x04, 0x91);  // 11 PM
  f.Write(0x07, 0x28);
  f.Write(0x08, 0x02);
  f.Write(0x09, 0x24);
  f.Write(0x0B, 0x00);
  f.sched.AdvanceTo(5 * kSec);
  CHECK(f.Read(0x04) == 0x12);  // 12 AM, PM bit clear
  CHECK(f.Read(0x07) == 0x29);
  CHECK(f.Read(0x08) == 0x02);
}

TEST_CASE("RTC UIP is set for 244 us before each update, never while SET", "[rtc]") {
  Fixture f;
  f.sched.AdvanceTo(kSec - 245 * kUs);
  CHECK((f.Read(0x0A) & 0x80) == 0);
  f.sched.AdvanceTo(kSec - 244 * kUs);
  CHECK((f.Read(0x0A) & 0x80) != 0);
  CHECK(f.Read(0x00) == 0x58);
  f.sched.AdvanceTo(kSec);
  CHECK((f.Read(0x0A) & 0x80) == 0);
  CHECK(f.Read(0x00) == 0x59);
  CHECK(f.Read(0x0A) == 0x26);  // UIP is read-only, the rest as written
  f.Write(0x0B, 0x82);
  f.sched.AdvanceTo(2 * kSec - 100 * kUs);
  CHECK((f.Read(0x0A) & 0x80) == 0);
}

TEST_CASE("RTC divider reset holds time; the first update follows 500 ms after release", "[rtc]") {
  Fixture f;
  f.Write(0x0A, 0x76);  // DV = 111: reset
  f.sched.AdvanceTo(5 * kSec);
  CHECK(f.Read(0x00) == 0x58);
  f.Write(0x0A, 0x26);
  f.sched.AdvanceTo(5 * kSec + 499 * kMs);
  CHECK(f.Read(0x00) == 0x58);
  f.sched.AdvanceTo(5 * kSec + 500 * kMs);
  CHECK(f.Read(0x00) == 0x59);
}

TEST_CASE("RTC periodic interrupt at the RS rate, register C cleared on read", "[rtc]") {
  Fixture f;
  f.Write(0x0A, 0x2F);  // RS = 15: 2 Hz, 500 ms
  f.Write(0x0B, 0x42);  // PIE
  f.sched.AdvanceTo(499 * kMs);
  CHECK_FALSE(f.irq.level);
  f.sched.AdvanceTo(500 * kMs);
  CHECK(f.irq.level);
  CHECK(f.irq.edges.back().first == 8);
  CHECK(f.Read(0x0C) == 0xC0);  // IRQF | PF
  CHECK_FALSE(f.irq.level);
  CHECK(f.Read(0x0C) == 0x00);
  // RS = 6: 1024 Hz, 976.5625 us; PF without PIE is still set (datasheet "Register C").
  f.Write(0x0B, 0x02);
  f.Write(0x0A, 0x26);
  f.Read(0x0C);
  f.sched.AdvanceTo(500 * kMs + 100 * kUs);
  CHECK(f.Read(0x0C) == 0x00);
  f.sched.AdvanceTo(500 * kMs + 977 * kUs);
  CHECK(f.Read(0x0C) == 0x40);  // PF alone, IRQF stays clear
  CHECK_FALSE(f.irq.level);
  // Count 1024 Hz interrupts over one second.
  f.Write(0x0B, 0x42);
  int count = 0;
  for (uint64_t t = kSec; t < 2 * kSec; t += 50 * kUs) {
    f.sched.AdvanceTo(t);
    if (f.irq.level) {
      f.Read(0x0C);
      ++count;
    }
  }
  CHECK(count == 1024);
}

TEST_CASE("RTC update-ended and alarm interrupts with don't-care alarm bytes", "[rtc]") {
  Fixture f({2026, 1, 1, 10, 0, 0});
  f.Write(0x0A, 0x20);  // RS = 0: no periodic flag in the way
  f.Write(0x0B, 0x12);  // UIE
  f.sched.AdvanceTo(kSec);
  CHECK(f.irq.level);
  CHECK(f.Read(0x0C) == 0x90);  // IRQF | UF
  // Alarm at hh:mm:05 for any hour and minute.
  f.Write(0x01, 0x05);
  f.Write(0x03, 0xC0);
  f.Write(0x05, 0xFF);
  f.Write(0x0B, 0x22);  // AIE only
  f.sched.AdvanceTo(4 * kSec);
  CHECK_FALSE(f.irq.level);
  CHECK(f.Read(0x0C) == 0x10);  // UF set without UIE, no IRQF
  f.sched.AdvanceTo(5 * kSec);
  CHECK(f.irq.level);
  CHECK(f.Read(0x0C) == 0xB0);  // IRQF | AF | UF
  // An exact alarm: 10:00:07.
  f.Write(0x01, 0x07);
  f.Write(0x03, 0x00);
  f.Write(0x05, 0x10);
  f.sched.AdvanceTo(6 * kSec);
  CHECK_FALSE(f.irq.level);
  f.sched.AdvanceTo(7 * kSec);
  CHECK(f.irq.level);
  // Clearing the enable drops IRQF; SET clears UIE.
  f.Write(0x0B, 0x02);
  CHECK_FALSE(f.irq.level);
  f.Write(0x0B, 0x92);
  CHECK(f.Read(0x0B) == 0x82);
}

TEST_CASE("RTC NMI mask bit, NVRAM and the AT checksum", "[rtc]") {
  Fixture f;
  f.rtc.IoWrite(0x70, 1, 0x8F);
  CHECK(f.nmi_masked);
  f.rtc.IoWrite(0x71, 1, 0x5A);
  CHECK(f.rtc.GetCmos(0x0F) == 0x5A);
  f.rtc.IoWrite(0x70, 1, 0x0F);
  CHECK_FALSE(f.nmi_masked);
  CHECK(f.rtc.IoRead(0x71, 1) == 0x5A);
  f.Write(0x7F, 0xA5);
  CHECK(f.Read(0x7F) == 0xA5);
  f.rtc.SetMemorySizes(640, 15360);
  f.rtc.SetEquipment(0x41);
  f.rtc.UpdateChecksum();
  CHECK(f.Read(0x15) == 0x80);
  CHECK(f.Read(0x16) == 0x02);
  CHECK(f.Read(0x17) == 0x00);
  CHECK(f.Read(0x18) == 0x3C);
  CHECK(f.Read(0x30) == 0x00);
  CHECK(f.Read(0x31) == 0x3C);
  const int sum = 0x80 + 0x02 + 0x00 + 0x3C + 0x41;
  CHECK(f.Read(0x2E) == (sum >> 8));
  CHECK(f.Read(0x2F) == (sum & 0xFF));
}
