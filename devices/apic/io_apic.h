// The I/O APIC (Intel 82093AA datasheet): 24 interrupt input pins, each with a 64-bit
// redirection entry that turns an edge or a level on the pin into a message to the local
// APICs (apic_bus.h). Memory-mapped at 0xFEC00000: IOREGSEL at +00h selects a register, IOWIN
// at +10h reads or writes it (ID 00h, version 01h, arbitration 02h, the table at 10h-3Fh).
// Level-triggered entries set Remote IRR when delivered and deliver again only after the
// local APIC's EOI for their vector clears it; masked pins remember nothing for edges and
// deliver a level still asserted once unmasked.
#pragma once
#include <array>
#include <cstdint>

#include "cpu/phys_memory.h"
#include "devices/apic/apic_bus.h"
#include "devices/irq/irq_line.h"

namespace m86 {

struct IoApicState {
  static constexpr int kPins = 24;
  uint8_t select = 0;                       // IOREGSEL
  uint8_t id = 0;                           // bits 27:24 of register 00h
  std::array<uint64_t, kPins> redirection{};
  uint32_t pin_levels = 0;                  // the input pins' levels (before polarity)
};

class IoApic final : public MmioHandler, public IrqSink {
 public:
  static constexpr uint32_t kBase = 0xFEC00000;
  explicit IoApic(ApicBus& bus);
  void Attach(PhysicalMemory& memory);

  // An input pin's level (ISA IRQs and PCI PIRQs are wired to pins by the board).
  void SetIrq(int pin, bool level) override;
  // The local APIC's EOI broadcast for `vector`: clears Remote IRR of the level-triggered
  // entries with that vector, which deliver again if their pin is still asserted.
  void EndOfInterrupt(uint8_t vector);

  uint32_t MmioRead(uint32_t addr, int size) override;
  void MmioWrite(uint32_t addr, int size, uint32_t value) override;
  uint32_t ReadRegister(uint8_t index) const;
  void WriteRegister(uint8_t index, uint32_t value);

  const IoApicState& state() const { return state_; }

 private:
  bool Asserted(int pin) const;  // after the entry's polarity
  void Service(int pin);         // delivers a level-triggered pin when it should

  ApicBus& bus_;
  IoApicState state_;
};

}  // namespace m86
