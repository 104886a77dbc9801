#include "devices/pci/pci_function.h"

#include <cassert>

namespace m86 {

PciFunction::PciFunction(const Identity& id) {
  using namespace pci_reg;
  Define(kVendorId, 2, id.vendor);
  Define(kDeviceId, 2, id.device);
  // Command: I/O and memory decode, bus mastering, parity and SERR# responses and the INTx
  // disable bit are the guest's to set (6.2.2); everything else reads zero.
  Define(kCommand, 2, 0,
         pci_command::kIoSpace | pci_command::kMemorySpace | pci_command::kBusMaster |
             pci_command::kParityResponse | pci_command::kSerr |
             pci_command::kInterruptDisable);
  // Status: DEVSEL# medium timing (bits 10:9 = 01); the error bits clear on a write of 1.
  Define(kStatus, 2, 0x0200);
  DefineWriteOneToClear(kStatus, 2, 0xF900);
  Define(kRevision, 1, id.revision);
  Define(kClassCode, 1, id.class_code & 0xFF);
  Define(kClassCode + 1, 2, (id.class_code >> 8) & 0xFFFF);
  Define(kCacheLineSize, 1, 0, 0xFF);
  Define(kLatencyTimer, 1, 0, 0xFF);
  Define(kHeaderType, 1, id.header_type);
  Define(kSubsystemVendorId, 2, id.subsystem_vendor);
  Define(kSubsystemId, 2, id.subsystem);
  // Interrupt Line is scratch space for software (6.2.4); the pin is fixed.
  Define(kInterruptLine, 1, 0, 0xFF);
  Define(kInterruptPin, 1, id.interrupt_pin);
}

uint32_t PciFunction::Read(uint8_t offset, int size) const {
  uint32_t v = 0;
  for (int i = size - 1; i >= 0; --i) v = (v << 8) | state_.bytes[(offset + i) & 0xFF];
  return v;
}

void PciFunction::Store(uint8_t offset, int size, uint32_t value) {
  for (int i = 0; i < size; ++i) state_.bytes[(offset + i) & 0xFF] = static_cast<uint8_t>(value >> (8 * i));
}

void PciFunction::Define(uint8_t offset, int size, uint32_t value, uint32_t writable) {
  Store(offset, size, value);
  for (int i = 0; i < size; ++i) writable_[(offset + i) & 0xFF] = static_cast<uint8_t>(writable >> (8 * i));
}

void PciFunction::DefineWriteOneToClear(uint8_t offset, int size, uint32_t bits) {
  for (int i = 0; i < size; ++i) {
    write_one_clears_[(offset + i) & 0xFF] = static_cast<uint8_t>(bits >> (8 * i));
  }
}

void PciFunction::DefineBar(int index, BarKind kind, uint32_t size, bool prefetchable) {
  assert(index >= 0 && index < 6 && (size & (size - 1)) == 0);
  const uint8_t offset = static_cast<uint8_t>(pci_reg::kBar0 + 4 * index);
  if (kind == BarKind::kIo) {
    assert(size >= 4);
    Define(offset, 4, 0x1, ~(size - 1) & 0xFFFFFFFCu);
  } else {
    assert(size >= 16);
    Define(offset, 4, prefetchable ? 0x8 : 0x0, ~(size - 1) & 0xFFFFFFF0u);
  }
}

void PciFunction::DefineExpansionRom(uint32_t size) {
  assert(size >= 0x800 && (size & (size - 1)) == 0);
  Define(pci_reg::kExpansionRom, 4, 0, (~(size - 1) & 0xFFFFF800u) | 1u);
}

uint32_t PciFunction::ExpansionRomAddress() const {
  return Read(pci_reg::kExpansionRom, 4) & 0xFFFFF800u;
}

bool PciFunction::ExpansionRomDecoded() const {
  return (Read(pci_reg::kExpansionRom, 4) & 1u) && memory_enabled();
}

uint32_t PciFunction::BarAddress(int index) const {
  const uint32_t bar = Read(static_cast<uint8_t>(pci_reg::kBar0 + 4 * index), 4);
  return (bar & 1) ? (bar & 0xFFFFFFFCu) : (bar & 0xFFFFFFF0u);
}

uint32_t PciFunction::ConfigRead(uint8_t offset, int size) const { return Read(offset, size); }

void PciFunction::ConfigWrite(uint8_t offset, int size, uint32_t value) {
  for (int i = 0; i < size; ++i) {
    const uint8_t at = static_cast<uint8_t>(offset + i);
    const uint8_t v = static_cast<uint8_t>(value >> (8 * i));
    uint8_t b = state_.bytes[at];
    b = static_cast<uint8_t>((b & ~writable_[at]) | (v & writable_[at]));
    b = static_cast<uint8_t>(b & ~(v & write_one_clears_[at]));
    state_.bytes[at] = b;
  }
  OnConfigWrite(offset, size);
}

}  // namespace m86
