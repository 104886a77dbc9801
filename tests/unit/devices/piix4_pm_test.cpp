// The PIIX4 power management function (82371AB, function 3): the PM I/O block placed by PMBA
// and PMREGMISC, the ACPI PM timer at 3.579545 MHz, TMROF_STS and the SCI on IRQ 9, and S5
// soft-off through PM1 control.
#include <catch2/catch.hpp>

#include <vector>

#include "devices/acpi/piix4_pm.h"

namespace m86 {
namespace {

struct RecordingIrq final : IrqSink {
  std::vector<std::pair<int, bool>> changes;
  void SetIrq(int irq, bool level) override { changes.emplace_back(irq, level); }
};

struct Rig {
  IoBus bus;
  Scheduler scheduler;
  RecordingIrq irq;
  Piix4Pm pm{bus, scheduler, irq};
  int power_offs = 0;
  Rig() {
    pm.on_power_off = [this] { ++power_offs; };
    pm.log = [](const std::string&) {};
  }
  void Enable(uint16_t base) {
    pm.ConfigWrite(0x40, 4, base);
    pm.ConfigWrite(0x80, 1, 1);
  }
};

TEST_CASE("PIIX4 PM: identity and the PM block placed by PMBA and PMIOSE", "[acpi]") {
  Rig r;
  CHECK(r.pm.ConfigRead(0x00, 4) == 0x71138086);
  CHECK(r.pm.ConfigRead(0x08, 4) == 0x06800003);
  CHECK(r.pm.ConfigRead(0x40, 4) == 0x00000001);
  r.pm.ConfigWrite(0x40, 4, 0xB000);
  CHECK(r.bus.In(0xB008, 4) == 0xFFFFFFFF);  // not decoded until PMIOSE
  r.pm.ConfigWrite(0x80, 1, 1);
  CHECK(r.bus.In(0xB008, 4) != 0xFFFFFFFF);
  CHECK(r.pm.ConfigRead(0x40, 4) == 0x0000B001);
  r.pm.ConfigWrite(0x40, 4, 0x6000);  // moves
  CHECK(r.bus.In(0xB000, 2) == 0xFFFF);
  CHECK(r.bus.In(0x6000, 2) == 0);
  r.pm.ConfigWrite(0x80, 1, 0);
  CHECK(r.bus.In(0x6000, 2) == 0xFFFF);
}

TEST_CASE("PIIX4 PM: the timer counts 3.579545 MHz in 24 bits", "[acpi]") {
  Rig r;
  r.Enable(0xB000);
  CHECK(r.bus.In(0xB008, 4) == 0);
  r.scheduler.AdvanceTo(1'000'000'000);  // one second
  CHECK(r.bus.In(0xB008, 4) == 3579545);
  r.scheduler.AdvanceTo(5'000'000'000);  // 17,897,725 ticks wrap at 2^24
  CHECK(r.bus.In(0xB008, 4) == (17897725u & 0xFFFFFF));
  // A far-off time stays exact (no 64-bit overflow): 10 days.
  r.scheduler.AdvanceTo(864'000'000'000'000);
  CHECK(r.bus.In(0xB008, 4) == ((3579545ull * 864000) & 0xFFFFFF));
}

TEST_CASE("PIIX4 PM: timer overflow raises TMROF_STS and, with SCI_EN, IRQ 9", "[acpi]") {
  Rig r;
  r.Enable(0xB000);
  r.bus.Out(0xB004, 2, 0x0001);  // SCI_EN
  r.bus.Out(0xB002, 2, 0x0001);  // TMROF_EN
  const uint64_t toggle_ns = (1ull << 23) * 1'000'000'000 / Piix4Pm::kTimerHz + 1;
  r.scheduler.AdvanceTo(toggle_ns - 2);
  CHECK((r.bus.In(0xB000, 2) & 1) == 0);
  CHECK(r.irq.changes.empty());
  r.scheduler.AdvanceTo(toggle_ns);
  CHECK((r.bus.In(0xB000, 2) & 1) == 1);
  REQUIRE(r.irq.changes.size() == 1);
  CHECK(r.irq.changes[0] == std::make_pair(9, true));
  r.bus.Out(0xB000, 2, 0x0001);  // write 1 to clear
  CHECK((r.bus.In(0xB000, 2) & 1) == 0);
  CHECK(r.irq.changes.back() == std::make_pair(9, false));
  // The next toggle comes 2^23 ticks later.
  r.scheduler.AdvanceTo(2 * toggle_ns);
  CHECK((r.bus.In(0xB000, 2) & 1) == 1);
}

TEST_CASE("PIIX4 PM: SLP_EN with SLP_TYP 0 powers off; other types are logged", "[acpi]") {
  Rig r;
  r.Enable(0xB000);
  r.bus.Out(0xB004, 2, (1 << 10) | (1 << 13));  // S3 type: not implemented, keeps running
  CHECK(r.power_offs == 0);
  CHECK((r.bus.In(0xB004, 2) & (1 << 13)) == 0);  // SLP_EN reads zero
  r.bus.Out(0xB005, 1, 0x20);  // a byte write of the high half: SLP_EN, SLP_TYP 0
  CHECK(r.power_offs == 1);
}

}  // namespace
}  // namespace m86
