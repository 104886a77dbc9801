// One PCI function's configuration space (PCI Local Bus Specification 3.0, chapter 6): the
// 256-byte space with a type 0 header, per-bit write masks so read-only fields keep their
// values, write-1-to-clear status bits (6.2.3), and base address registers that answer the
// sizing protocol (6.2.5.1: software writes all ones and reads back the size mask). Values are
// kept as little-endian bytes and assembled with shifts, so every host sees the same space.
#pragma once
#include <array>
#include <cstdint>

namespace m86 {

struct PciConfigState {
  std::array<uint8_t, 256> bytes{};
};

// Type 0 header offsets (PCI 3.0, 6.1).
namespace pci_reg {
constexpr uint8_t kVendorId = 0x00, kDeviceId = 0x02, kCommand = 0x04, kStatus = 0x06,
                  kRevision = 0x08, kClassCode = 0x09, kCacheLineSize = 0x0C,
                  kLatencyTimer = 0x0D, kHeaderType = 0x0E, kBar0 = 0x10,
                  kSubsystemVendorId = 0x2C, kSubsystemId = 0x2E, kExpansionRom = 0x30,
                  kInterruptLine = 0x3C, kInterruptPin = 0x3D;
}  // namespace pci_reg

namespace pci_command {
constexpr uint16_t kIoSpace = 1 << 0, kMemorySpace = 1 << 1, kBusMaster = 1 << 2,
                   kParityResponse = 1 << 6, kSerr = 1 << 8, kInterruptDisable = 1 << 10;
}  // namespace pci_command

class PciFunction {
 public:
  struct Identity {
    uint16_t vendor = 0;
    uint16_t device = 0;
    uint8_t revision = 0;
    uint32_t class_code = 0;    // base class, subclass, programming interface (24 bits)
    uint8_t header_type = 0;    // bit 7: a multi-function device (set on function 0)
    uint8_t interrupt_pin = 0;  // 0: none, 1-4: INTA#-INTD#
    uint16_t subsystem_vendor = 0;
    uint16_t subsystem = 0;
  };
  explicit PciFunction(const Identity& id);
  virtual ~PciFunction() = default;
  PciFunction(const PciFunction&) = delete;
  PciFunction& operator=(const PciFunction&) = delete;

  // Configuration cycles of 1, 2 or 4 bytes that stay within one dword.
  uint32_t ConfigRead(uint8_t offset, int size) const;
  void ConfigWrite(uint8_t offset, int size, uint32_t value);

  uint32_t Read(uint8_t offset, int size) const;  // the raw register value
  uint16_t command() const { return static_cast<uint16_t>(Read(pci_reg::kCommand, 2)); }
  bool io_enabled() const { return command() & pci_command::kIoSpace; }
  bool memory_enabled() const { return command() & pci_command::kMemorySpace; }
  bool bus_master() const { return command() & pci_command::kBusMaster; }

  enum class BarKind : uint8_t { kIo, kMemory32 };
  // The address the BAR holds (its type bits masked off).
  uint32_t BarAddress(int index) const;
  // The expansion ROM base address register (30h, PCI 3.0 6.2.5.2): the address it holds, and
  // whether the function decodes it (its enable bit and the Memory Space bit both set).
  uint32_t ExpansionRomAddress() const;
  bool ExpansionRomDecoded() const;

  const PciConfigState& state() const { return state_; }

 protected:
  // Sets a register's value and which of its bits the guest may change.
  void Define(uint8_t offset, int size, uint32_t value, uint32_t writable = 0);
  // Bits of a register that a write of 1 clears (status bits, 6.2.3).
  void DefineWriteOneToClear(uint8_t offset, int size, uint32_t bits);
  // BAR `index` (0-5) decodes `size` bytes: a power of two, at least 4 for I/O and 16 for
  // memory (6.2.5.1). Its address bits below the size read as zero.
  void DefineBar(int index, BarKind kind, uint32_t size, bool prefetchable = false);
  // An expansion ROM of `size` bytes (a power of two, at least 2 KiB, 6.2.5.2): address bits
  // 31:11 above the size and the enable bit (0) are writable, so writing FFFFF800h and reading
  // back gives the size as for a memory BAR.
  void DefineExpansionRom(uint32_t size);
  // Called after a guest write changed config bytes [offset, offset + size).
  virtual void OnConfigWrite(uint8_t offset, int size) {
    (void)offset;
    (void)size;
  }
  // Device-side writes (status bits a device raises).
  void Store(uint8_t offset, int size, uint32_t value);

 private:
  PciConfigState state_;
  std::array<uint8_t, 256> writable_{};
  std::array<uint8_t, 256> write_one_clears_{};
};

}  // namespace m86
