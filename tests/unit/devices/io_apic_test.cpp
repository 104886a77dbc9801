// The I/O APIC (82093AA): register access through IOREGSEL/IOWIN, the redirection table's
// writable and read-only bits, edge and level delivery, polarity, masking and Remote IRR.
#include <catch2/catch.hpp>

#include <vector>

#include "devices/apic/io_apic.h"

namespace m86 {
namespace {

struct RecordingBus final : ApicBus {
  std::vector<ApicMessage> messages;
  void Deliver(const ApicMessage& m) override { messages.push_back(m); }
};

struct Rig {
  PhysicalMemory memory{1u << 20};
  RecordingBus bus;
  IoApic apic{bus};
  Rig() { apic.Attach(memory); }
  void Write(uint8_t index, uint32_t value) {
    memory.Write(IoApic::kBase, 4, index);
    memory.Write(IoApic::kBase + 0x10, 4, value);
  }
  uint32_t Read(uint8_t index) {
    memory.Write(IoApic::kBase, 4, index);
    return memory.Read(IoApic::kBase + 0x10, 4);
  }
  // Entry `pin`: vector, level trigger, mask, destination.
  void Route(int pin, uint8_t vector, bool level, bool masked = false, uint8_t dest = 0) {
    Write(static_cast<uint8_t>(0x11 + 2 * pin), uint32_t{dest} << 24);
    Write(static_cast<uint8_t>(0x10 + 2 * pin),
          vector | (level ? 1u << 15 : 0) | (masked ? 1u << 16 : 0));
  }
};

TEST_CASE("I/O APIC: ID, version and a masked table after reset", "[ioapic]") {
  Rig r;
  CHECK(r.Read(0x01) == 0x00170011);  // 24 entries, version 11h
  r.Write(0x00, 0xFF000000);
  CHECK(r.Read(0x00) == 0x0F000000);
  CHECK(r.Read(0x02) == 0x0F000000);
  for (int pin = 0; pin < 24; ++pin) CHECK(r.Read(static_cast<uint8_t>(0x10 + 2 * pin)) == 0x00010000);
  // Delivery status and Remote IRR are read-only; reserved bits read zero.
  r.Write(0x10, 0xFFFFFFFF);
  CHECK(r.Read(0x10) == 0x0001AFFF);
  r.Write(0x11, 0xFFFFFFFF);
  CHECK(r.Read(0x11) == 0xFF000000);
  CHECK(r.Read(0x40) == 0);  // past the table
}

TEST_CASE("I/O APIC: an edge entry sends one message per rising edge", "[ioapic]") {
  Rig r;
  r.Route(4, 0x34, false, false, 1);
  r.apic.SetIrq(4, true);
  r.apic.SetIrq(4, true);  // no new edge
  r.apic.SetIrq(4, false);
  r.apic.SetIrq(4, true);
  REQUIRE(r.bus.messages.size() == 2);
  CHECK(r.bus.messages[0].vector == 0x34);
  CHECK(r.bus.messages[0].destination == 1);
  CHECK_FALSE(r.bus.messages[0].level);
  // Masked: edges are lost.
  r.Route(4, 0x34, false, true);
  r.apic.SetIrq(4, false);
  r.apic.SetIrq(4, true);
  CHECK(r.bus.messages.size() == 2);
}

TEST_CASE("I/O APIC: a level entry waits for the EOI (Remote IRR)", "[ioapic]") {
  Rig r;
  r.Route(16, 0x51, true);
  r.apic.SetIrq(16, true);
  REQUIRE(r.bus.messages.size() == 1);
  CHECK(r.bus.messages[0].level);
  CHECK(r.Read(0x10 + 32) & (1u << 14));  // Remote IRR
  r.apic.SetIrq(16, true);
  CHECK(r.bus.messages.size() == 1);
  r.apic.EndOfInterrupt(0x52);  // another vector: nothing
  CHECK(r.bus.messages.size() == 1);
  r.apic.EndOfInterrupt(0x51);  // still asserted: delivered again
  CHECK(r.bus.messages.size() == 2);
  r.apic.SetIrq(16, false);
  r.apic.EndOfInterrupt(0x51);  // deasserted: Remote IRR clears, nothing more
  CHECK(r.bus.messages.size() == 2);
  CHECK_FALSE(r.Read(0x10 + 32) & (1u << 14));
}

TEST_CASE("I/O APIC: active-low polarity and unmasking a held level", "[ioapic]") {
  Rig r;
  r.Write(0x10 + 2 * 9, 0x00019000 | 0x61 | (1u << 13));  // level, active low, masked
  r.apic.SetIrq(9, true);   // high: inactive
  r.apic.SetIrq(9, false);  // low: active, but masked
  CHECK(r.bus.messages.empty());
  r.Write(0x10 + 2 * 9, 0x00008000 | 0x61 | (1u << 13));  // unmask
  REQUIRE(r.bus.messages.size() == 1);
  CHECK(r.bus.messages[0].vector == 0x61);
}

}  // namespace
}  // namespace m86
