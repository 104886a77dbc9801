// The local APIC (Intel SDM Vol. 3A, chapter 11): priorities and the IRR/ISR/TMR flow, EOI
// with the level-triggered broadcast, the software enable and LVT masks, the ESR, self-IPIs,
// LINT pins, and the timer in one-shot, periodic and TSC-deadline modes with its divider.
#include <catch2/catch.hpp>

#include <vector>

#include "devices/apic/local_apic.h"

namespace m86 {
namespace {

struct Rig {
  PhysicalMemory memory{1u << 20};
  Scheduler scheduler;
  LocalApic apic{scheduler};
  std::vector<uint8_t> eois;
  int nmis = 0;
  Rig() {
    memory.MapMmio(LocalApic::kDefaultBase, 0x1000, &apic);
    apic.on_eoi = [this](uint8_t v) { eois.push_back(v); };
    apic.on_nmi = [this] { ++nmis; };
    apic.log = [](const std::string&) {};
  }
  uint32_t Read(uint32_t offset) { return memory.Read(LocalApic::kDefaultBase + offset, 4); }
  void Write(uint32_t offset, uint32_t v) { memory.Write(LocalApic::kDefaultBase + offset, 4, v); }
  void Enable() { Write(0xF0, 0x1FF); }
  void Fixed(uint8_t vector, bool level = false) {
    apic.Deliver({.vector = vector, .mode = ApicDeliveryMode::kFixed, .level = level});
  }
};

TEST_CASE("Local APIC: reset state, version and the software enable", "[lapic]") {
  Rig r;
  CHECK(r.Read(0x30) == 0x00050014);
  CHECK(r.Read(0xF0) == 0xFF);
  CHECK(r.Read(0xE0) == 0xFFFFFFFF);
  CHECK(r.Read(0x350) == 0x00010000);
  r.Write(0x350, 0x700);  // ExtINT, unmasked: refused while software-disabled
  CHECK(r.Read(0x350) == 0x00010700);
  r.Write(0xF0, 0x130);   // enable, spurious vector 30h: bits 3:0 read as ones
  CHECK(r.Read(0xF0) == 0x13F);
  r.Write(0x350, 0x700);
  CHECK(r.Read(0x350) == 0x00000700);
  r.Write(0xF0, 0x0FF);   // disabling masks every LVT entry
  CHECK(r.Read(0x350) == 0x00010700);
}

TEST_CASE("Local APIC: IRR to ISR by priority class, TPR and PPR, EOI", "[lapic]") {
  Rig r;
  r.Enable();
  r.Fixed(0x31);
  r.Fixed(0x52);
  CHECK(r.apic.PendingVector() == 0x52);
  CHECK(r.apic.Acknowledge() == 0x52);
  CHECK(r.Read(0x100 + 0x20) == (1u << (0x52 - 0x40)));  // ISR bit 52h
  CHECK(r.Read(0xA0) == 0x50);                             // PPR from the ISR
  CHECK(r.apic.PendingVector() == -1);                     // 31h is below class 5
  r.Fixed(0x58);
  CHECK(r.apic.PendingVector() == -1);                     // same class: waits
  r.Write(0xB0, 0);                                        // EOI 52h
  CHECK(r.apic.PendingVector() == 0x58);
  r.Write(0x80, 0x60);                                     // TPR above both
  CHECK(r.Read(0xA0) == 0x60);
  CHECK(r.apic.PendingVector() == -1);
  CHECK(r.apic.Acknowledge() == 0xFF);                     // spurious vector
  r.Write(0x80, 0x00);
  CHECK(r.apic.Acknowledge() == 0x58);
  CHECK(r.eois.empty());
}

TEST_CASE("Local APIC: level-triggered vectors set TMR and broadcast their EOI", "[lapic]") {
  Rig r;
  r.Enable();
  r.Fixed(0x41, true);
  CHECK(r.Read(0x180 + 0x20) == (1u << 1));  // TMR bit 41h
  CHECK(r.apic.Acknowledge() == 0x41);
  r.Write(0xB0, 0);
  CHECK(r.eois == std::vector<uint8_t>{0x41});
}

TEST_CASE("Local APIC: illegal vectors, the ESR latch and self-IPIs", "[lapic]") {
  Rig r;
  r.Enable();
  r.Fixed(0x05);                    // receive illegal vector
  CHECK(r.Read(0x280) == 0);        // nothing latched before a write
  r.Write(0x280, 0);
  CHECK(r.Read(0x280) == 0x40);
  r.Write(0x280, 0);
  CHECK(r.Read(0x280) == 0);
  r.Write(0x300, (1u << 18) | 0x66);  // self shorthand, fixed 66h
  CHECK(r.apic.PendingVector() == 0x66);
  r.Write(0x310, 0x05000000);         // to APIC 5: nobody there
  r.Write(0x300, 0x67);
  r.Write(0x280, 0);
  CHECK(r.Read(0x280) == 0x04);       // send accept error
  CHECK((r.Read(0x300) & (1u << 12)) == 0);  // delivery status idle
}

TEST_CASE("Local APIC: LINT1 as NMI, LINT0 as a fixed vector", "[lapic]") {
  Rig r;
  r.Enable();
  r.Write(0x360, 0x400);  // LINT1: NMI
  r.apic.SetLint(1, true);
  CHECK(r.nmis == 1);
  r.Write(0x350, 0x44);   // LINT0: fixed 44h
  r.apic.SetLint(0, true);
  CHECK(r.apic.PendingVector() == 0x44);
}

TEST_CASE("Local APIC timer: one-shot, periodic and the divider", "[lapic]") {
  Rig r;
  r.Enable();
  r.Write(0x3E0, 0x0B);       // divide by 1
  r.Write(0x320, 0x70);       // one-shot, vector 70h
  r.Write(0x380, 1000);       // 1000 ns
  r.scheduler.AdvanceTo(400);
  CHECK(r.Read(0x390) == 600);
  r.scheduler.AdvanceTo(1000);
  CHECK(r.apic.PendingVector() == 0x70);
  CHECK(r.Read(0x390) == 0);
  r.apic.Acknowledge();
  r.Write(0xB0, 0);
  r.scheduler.AdvanceTo(5000);
  CHECK(r.apic.PendingVector() == -1);  // one-shot: once

  r.Write(0x3E0, 0x01);                 // divide by 4
  r.Write(0x320, 0x20071);              // periodic, vector 71h
  r.Write(0x380, 100);                  // 400 ns per period
  r.scheduler.AdvanceTo(5000 + 100);
  CHECK(r.Read(0x390) == 75);
  int fired = 0;
  for (uint64_t t = 5400; t <= 6600; t += 400) {
    r.scheduler.AdvanceTo(t);
    if (r.apic.PendingVector() == 0x71) {
      ++fired;
      r.apic.Acknowledge();
      r.Write(0xB0, 0);
    }
  }
  CHECK(fired == 4);
  r.Write(0x320, 0x30071);              // masked: counts on, delivers nothing
  r.scheduler.AdvanceTo(8000);
  CHECK(r.apic.PendingVector() == -1);
  r.Write(0x380, 0);                    // initial count 0 stops it
  CHECK(r.Read(0x390) == 0);
}

}  // namespace
}  // namespace m86

namespace m86 {
namespace {

TEST_CASE("Local APIC timer: TSC-deadline mode arms, fires once, disarms", "[lapic]") {
  Rig r;
  r.Enable();
  // Outside TSC-deadline mode the MSR ignores writes.
  r.apic.WriteTscDeadline(5000, 1000);
  CHECK(r.apic.ReadTscDeadline() == 0);
  r.Write(0x320, 0x40000 | 0x41);  // TSC-deadline mode (bits 18:17 = 10b), vector 41h
  r.Write(0x380, 1000);            // the initial count is ignored in this mode
  CHECK(r.Read(0x380) == 0);
  CHECK(r.Read(0x390) == 0);
  // TSC 1000 now, deadline 5000: due 4000 ns later (both clocks run at 1 GHz here).
  r.apic.WriteTscDeadline(5000, 1000);
  CHECK(r.apic.ReadTscDeadline() == 5000);
  r.scheduler.AdvanceTo(3999);
  CHECK(r.apic.PendingVector() == -1);
  r.scheduler.AdvanceTo(4000);
  CHECK(r.apic.PendingVector() == 0x41);
  CHECK(r.apic.ReadTscDeadline() == 0);  // fired: disarmed and cleared
  r.apic.Acknowledge();
  r.Write(0xB0, 0);
  // A deadline already passed fires at once; 0 disarms; leaving the mode disarms too.
  r.apic.WriteTscDeadline(10, 9000);
  r.scheduler.AdvanceTo(4000);
  CHECK(r.apic.PendingVector() == 0x41);
  r.apic.Acknowledge();
  r.Write(0xB0, 0);
  r.apic.WriteTscDeadline(20000, 5000);
  r.apic.WriteTscDeadline(0, 5000);
  r.scheduler.AdvanceTo(30000);
  CHECK(r.apic.PendingVector() == -1);
  r.apic.WriteTscDeadline(40000, 30000);
  r.Write(0x320, 0x41);  // back to one-shot mode
  CHECK(r.apic.ReadTscDeadline() == 0);
  r.scheduler.AdvanceTo(50000);
  CHECK(r.apic.PendingVector() == -1);
}

}  // namespace
}  // namespace m86
