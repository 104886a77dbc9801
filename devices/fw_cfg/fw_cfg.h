// QEMU's firmware configuration device (fw_cfg), as SeaBIOS and Linux use it on a PC (QEMU's
// docs/specs/fw_cfg.rst): a 16-bit selector at port 0x510 picks an item, port 0x511 reads it a
// byte at a time, and the DMA interface at 0x514 (big-endian address, high half at 0x514, low
// half at 0x518; writing the low half starts the transfer) moves items into guest memory.
// Items are numbered blobs (signature, RAM size, CPU count, kernel and command line...) and
// named files listed in a directory (item 0x19). Multi-byte values inside items are
// little-endian unless the specification says otherwise (the directory and DMA descriptors
// are big-endian); everything is assembled with shifts, so every host builds the same bytes.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "cpu/phys_memory.h"
#include "devices/io/io_bus.h"

namespace m86 {

namespace fw_cfg_key {
constexpr uint16_t kSignature = 0x00, kId = 0x01, kUuid = 0x02, kRamSize = 0x03,
                   kNoGraphic = 0x04, kNbCpus = 0x05, kMachineId = 0x06, kKernelAddr = 0x07,
                   kKernelSize = 0x08, kKernelCmdline = 0x09, kInitrdAddr = 0x0A,
                   kInitrdSize = 0x0B, kBootDevice = 0x0C, kNuma = 0x0D, kBootMenu = 0x0E,
                   kMaxCpus = 0x0F, kKernelEntry = 0x10, kKernelData = 0x11,
                   kInitrdData = 0x12, kCmdlineAddr = 0x13, kCmdlineSize = 0x14,
                   kCmdlineData = 0x15, kSetupAddr = 0x16, kSetupSize = 0x17,
                   kSetupData = 0x18, kFileDir = 0x19, kFileFirst = 0x20;
}  // namespace fw_cfg_key

struct FwCfgState {
  uint16_t selector = 0;
  uint32_t offset = 0;        // the next byte of the selected item
  uint32_t dma_address_high = 0;
  uint32_t dma_address_low = 0;
};

class FwCfg final : public IoDevice {
 public:
  explicit FwCfg(PhysicalMemory& memory);
  // Ports 0x510-0x511 and 0x514-0x51B.
  void Attach(IoBus& bus);

  void SetItem(uint16_t key, std::vector<uint8_t> bytes);
  void SetItemLe(uint16_t key, uint64_t value, int bytes);  // a little-endian integer
  // Adds (or replaces) a named file; its item number comes from the directory's order.
  void SetFile(const std::string& name, std::vector<uint8_t> bytes);
  // The item's bytes (empty when absent), for tests and the digest.
  const std::vector<uint8_t>& item(uint16_t key) const;

  uint32_t IoRead(uint16_t port, int size) override;
  void IoWrite(uint16_t port, int size, uint32_t value) override;

  const FwCfgState& state() const { return state_; }

 private:
  void Select(uint16_t key);
  void RebuildFiles();
  void RunDma(uint64_t descriptor);

  PhysicalMemory& memory_;
  FwCfgState state_;
  std::map<uint16_t, std::vector<uint8_t>> items_;
  std::map<std::string, std::vector<uint8_t>> files_;  // kept in name order, as QEMU lists them
};

}  // namespace m86
