// One channel of the bus-master IDE function (SFF-8038i rev 1.0, "Programming Interface for
// Bus Master IDE Controller"; Intel 82371SB datasheet, 2.7 "Bus Master IDE Registers"): the
// command register (start/stop, read/write), the status register (active, error, interrupt,
// drive DMA capable) and the physical region descriptor table pointer. The transfer walks the
// PRD table through PhysicalMemory, so code tracking sees DMA writes, a short virtual-time
// delay after both the start bit and the drive's DMA request are there.
#pragma once
#include <cstdint>
#include <functional>

#include "cpu/phys_memory.h"
#include "devices/ide/ata_channel.h"
#include "devices/time/scheduler.h"

namespace m86 {

// Bus-master register bits (SFF-8038i 2.1-2.2).
namespace bm_reg {
constexpr uint8_t kStart = 0x01, kToMemory = 0x08;  // command
constexpr uint8_t kActive = 0x01, kError = 0x02, kInterrupt = 0x04, kDrive0Dma = 0x20,
                  kDrive1Dma = 0x40;  // status
}  // namespace bm_reg

struct BusMasterState {
  uint8_t command = 0;
  uint8_t status = 0;
  uint32_t prd_table = 0;  // descriptor table pointer (dword aligned)
  // The walk: the descriptor in use, what is left of its region, whether it was the last.
  uint32_t prd_next = 0;
  uint32_t region_address = 0, region_left = 0;
  bool table_done = false;
  bool transfer_due = false;  // a transfer is scheduled at transfer_at
  uint64_t transfer_at = 0;
};

class BusMasterChannel {
 public:
  // Virtual time from the start of a transfer to its completion.
  static constexpr uint64_t kTransferDelay = 20'000;

  BusMasterChannel(AtaChannel& channel, PhysicalMemory& memory, Scheduler& scheduler);
  ~BusMasterChannel();
  BusMasterChannel(const BusMasterChannel&) = delete;
  BusMasterChannel& operator=(const BusMasterChannel&) = delete;

  // Registers at offsets 0-7 of the channel's 8-byte block.
  uint32_t Read(int offset, int size) const;
  void Write(int offset, int size, uint32_t value);
  // The drive entered a DMA data phase; INTRQ rose.
  void OnDmaRequest();
  void OnInterrupt() { state_.status |= bm_reg::kInterrupt; }

  const BusMasterState& state() const { return state_; }
  // Whether PCI bus mastering is enabled (command register bit 2).
  std::function<bool()> bus_master_enabled;

 private:
  uint8_t ReadByte(int offset) const;
  void WriteByte(int offset, uint8_t value);
  void Schedule();
  void Transfer();
  bool NextRegion();

  AtaChannel& channel_;
  PhysicalMemory& memory_;
  Scheduler& scheduler_;
  BusMasterState state_;
  Scheduler::EventId event_ = 0;
  bool transferring_ = false;  // inside Transfer: the drive's next window needs no new event
};

}  // namespace m86
