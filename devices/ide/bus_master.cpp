#include "devices/ide/bus_master.h"

#include <algorithm>

namespace m86 {

BusMasterChannel::BusMasterChannel(AtaChannel& channel, PhysicalMemory& memory, Scheduler& scheduler)
    : channel_(channel), memory_(memory), scheduler_(scheduler) {}

BusMasterChannel::~BusMasterChannel() {
  if (event_) scheduler_.Cancel(event_);
}

uint8_t BusMasterChannel::ReadByte(int offset) const {
  switch (offset) {
    case 0: return state_.command;
    case 2: return state_.status;
    case 4: case 5: case 6: case 7: return static_cast<uint8_t>(state_.prd_table >> (8 * (offset - 4)));
    default: return 0;
  }
}

uint32_t BusMasterChannel::Read(int offset, int size) const {
  uint32_t value = 0;
  for (int i = size - 1; i >= 0; --i) value = (value << 8) | ReadByte((offset + i) & 7);
  return value;
}

void BusMasterChannel::Write(int offset, int size, uint32_t value) {
  for (int i = 0; i < size; ++i) WriteByte((offset + i) & 7, static_cast<uint8_t>(value >> (8 * i)));
}

void BusMasterChannel::WriteByte(int offset, uint8_t value) {
  switch (offset) {
    case 0: {
      const bool was_started = state_.command & bm_reg::kStart;
      state_.command = value & (bm_reg::kStart | bm_reg::kToMemory);
      if ((value & bm_reg::kStart) && !was_started) {
        // Start: the walk begins at the table's first descriptor (SFF-8038i 2.1).
        state_.status |= bm_reg::kActive;
        state_.prd_next = state_.prd_table;
        state_.region_left = 0;
        state_.table_done = false;
        Schedule();
      } else if (!(value & bm_reg::kStart) && was_started) {
        // Stop: the transfer is abandoned; a drive still waiting keeps its request.
        state_.status &= static_cast<uint8_t>(~bm_reg::kActive);
        if (event_) scheduler_.Cancel(event_);
        event_ = 0;
        state_.transfer_due = false;
      }
      return;
    }
    case 2:
      // Error and Interrupt clear on a 1; the drive DMA capable bits are plain storage.
      state_.status &= static_cast<uint8_t>(~(value & (bm_reg::kError | bm_reg::kInterrupt)));
      state_.status = static_cast<uint8_t>((state_.status & ~(bm_reg::kDrive0Dma | bm_reg::kDrive1Dma)) |
                                           (value & (bm_reg::kDrive0Dma | bm_reg::kDrive1Dma)));
      return;
    case 4: case 5: case 6: case 7: {
      const int shift = 8 * (offset - 4);
      state_.prd_table = (state_.prd_table & ~(0xFFu << shift)) | (uint32_t{value} << shift);
      state_.prd_table &= ~3u;
      return;
    }
    default: return;
  }
}

void BusMasterChannel::OnDmaRequest() {
  if (!transferring_) Schedule();
}

void BusMasterChannel::Schedule() {
  if (event_ || !(state_.command & bm_reg::kStart) || !channel_.DmaRequested()) return;
  state_.transfer_due = true;
  state_.transfer_at = scheduler_.now() + kTransferDelay;
  event_ = scheduler_.ScheduleAt(state_.transfer_at, [this] {
    event_ = 0;
    state_.transfer_due = false;
    Transfer();
  });
}

// Loads the next physical region descriptor: the region's address (bit 0 zero), its byte count
// (bit 0 zero, 0 meaning 64 KiB) and EOT in bit 31 of the second dword (SFF-8038i 1.2).
bool BusMasterChannel::NextRegion() {
  if (state_.table_done) return false;
  const uint32_t address = memory_.Read(state_.prd_next, 4);
  const uint32_t count = memory_.Read(state_.prd_next + 4, 4);
  state_.region_address = address & ~1u;
  state_.region_left = (count & 0xFFFE) ? (count & 0xFFFE) : 0x10000;
  state_.table_done = count & 0x80000000u;
  state_.prd_next += 8;
  return true;
}

void BusMasterChannel::Transfer() {
  if (!(state_.command & bm_reg::kStart) || !channel_.DmaRequested()) return;
  if (bus_master_enabled && !bus_master_enabled()) {
    channel_.LogOnce("bus-master DMA started with PCI bus mastering disabled; nothing moves");
    return;
  }
  const bool to_memory = channel_.DmaToMemory();
  if (to_memory != static_cast<bool>(state_.command & bm_reg::kToMemory)) {
    channel_.LogOnce("bus-master direction bit disagrees with the drive's command; transfer stopped");
    state_.status = static_cast<uint8_t>((state_.status | bm_reg::kError) & ~bm_reg::kActive);
    return;
  }
  transferring_ = true;
  while (channel_.DmaRequested()) {
    if (state_.region_left == 0 && !NextRegion()) break;
    const std::span<uint8_t> window = channel_.DmaWindow();
    const uint32_t n = std::min<uint32_t>(static_cast<uint32_t>(window.size()), state_.region_left);
    if (to_memory) {
      memory_.WriteBytes(state_.region_address, window.first(n));
    } else {
      memory_.ReadBytes(state_.region_address, window.first(n));
    }
    state_.region_address += n;
    state_.region_left -= n;
    channel_.DmaAdvance(n);  // may end the command, which raises INTRQ
  }
  transferring_ = false;
  // Active clears when the table's last region was used up (SFF-8038i 2.2): with the drive
  // done that is the normal end; with the drive still waiting the table was too small (the
  // Interrupt bit stays clear). A table larger than the transfer leaves Active set.
  if (state_.table_done && state_.region_left == 0) state_.status &= static_cast<uint8_t>(~bm_reg::kActive);
}

}  // namespace m86
