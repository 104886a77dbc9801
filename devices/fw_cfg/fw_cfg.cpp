#include "devices/fw_cfg/fw_cfg.h"

#include <algorithm>

namespace m86 {
namespace {

// FW_CFG_ID bits: the traditional I/O interface and the DMA interface.
constexpr uint32_t kIdTraditional = 1u << 0, kIdDma = 1u << 1;
// FW_CFG_DMA_CTL_* (fw_cfg.rst, "DMA interface").
constexpr uint32_t kDmaError = 0x01, kDmaRead = 0x02, kDmaSkip = 0x04, kDmaSelect = 0x08,
                   kDmaWrite = 0x10;
constexpr uint64_t kDmaSignature = 0x51454D5520434647ull;  // "QEMU CFG"
constexpr size_t kFileNameBytes = 56;

uint32_t Swap32(uint32_t v) {
  return (v >> 24) | ((v >> 8) & 0xFF00) | ((v << 8) & 0xFF0000) | (v << 24);
}

void PutBe(std::vector<uint8_t>& out, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

uint64_t GetBe(const uint8_t* p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
  return v;
}

}  // namespace

FwCfg::FwCfg(PhysicalMemory& memory) : memory_(memory) {
  SetItem(fw_cfg_key::kSignature, {'Q', 'E', 'M', 'U'});
  SetItemLe(fw_cfg_key::kId, kIdTraditional | kIdDma, 4);
  RebuildFiles();
}

void FwCfg::Attach(IoBus& bus) {
  bus.Map(this, 0x510, 0x511);
  bus.Map(this, 0x514, 0x51B);
}

void FwCfg::SetItem(uint16_t key, std::vector<uint8_t> bytes) { items_[key] = std::move(bytes); }

void FwCfg::SetItemLe(uint16_t key, uint64_t value, int bytes) {
  std::vector<uint8_t> b;
  for (int i = 0; i < bytes; ++i) b.push_back(static_cast<uint8_t>(value >> (8 * i)));
  SetItem(key, std::move(b));
}

void FwCfg::SetFile(const std::string& name, std::vector<uint8_t> bytes) {
  files_[name.substr(0, kFileNameBytes - 1)] = std::move(bytes);
  RebuildFiles();
}

// The directory (item 0x19): a big-endian count, then per file its big-endian size and item
// number, two reserved bytes and a NUL-padded 56-byte name; files take items 0x20 onward in
// name order.
void FwCfg::RebuildFiles() {
  for (auto it = items_.begin(); it != items_.end();) {
    it = it->first >= fw_cfg_key::kFileFirst && it->first < 0x4000 ? items_.erase(it) : ++it;
  }
  std::vector<uint8_t> dir;
  PutBe(dir, files_.size(), 4);
  uint16_t key = fw_cfg_key::kFileFirst;
  for (const auto& [name, bytes] : files_) {
    PutBe(dir, bytes.size(), 4);
    PutBe(dir, key, 2);
    PutBe(dir, 0, 2);
    std::vector<uint8_t> padded(kFileNameBytes, 0);
    std::copy(name.begin(), name.end(), padded.begin());
    dir.insert(dir.end(), padded.begin(), padded.end());
    items_[key++] = bytes;
  }
  items_[fw_cfg_key::kFileDir] = std::move(dir);
}

const std::vector<uint8_t>& FwCfg::item(uint16_t key) const {
  static const std::vector<uint8_t> kNone;
  const auto it = items_.find(key);
  return it == items_.end() ? kNone : it->second;
}

void FwCfg::Select(uint16_t key) {
  state_.selector = key;
  state_.offset = 0;
}

uint32_t FwCfg::IoRead(uint16_t port, int size) {
  if (port == 0x511) {
    // The data register gives the item's next byte(s); past its end, zeros.
    const std::vector<uint8_t>& data = item(state_.selector);
    uint32_t v = 0;
    for (int i = 0; i < size; ++i) {
      const uint8_t b = state_.offset < data.size() ? data[state_.offset] : 0;
      if (state_.offset < data.size()) ++state_.offset;
      v |= uint32_t{b} << (8 * i);
    }
    return v;
  }
  if (port >= 0x514 && port <= 0x51B && size == 4 && !(port & 3)) {
    // The DMA address register reads as the big-endian signature "QEMU CFG".
    const uint32_t half = port == 0x514 ? static_cast<uint32_t>(kDmaSignature >> 32)
                                        : static_cast<uint32_t>(kDmaSignature);
    return Swap32(half);
  }
  return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
}

void FwCfg::IoWrite(uint16_t port, int size, uint32_t value) {
  switch (port) {
    case 0x510:
      // The selector is little-endian on I/O ports. Writes to items (bit 14) have been
      // refused by QEMU since 2.4 and are here: only the DMA interface could write.
      if (size >= 2) Select(static_cast<uint16_t>(value));
      return;
    case 0x511: return;  // data writes are ignored
    case 0x514:
      if (size == 4) state_.dma_address_high = Swap32(value);
      return;
    case 0x518:
      if (size == 4) {
        state_.dma_address_low = Swap32(value);
        RunDma((uint64_t{state_.dma_address_high} << 32) | state_.dma_address_low);
        state_.dma_address_high = 0;
        state_.dma_address_low = 0;
      }
      return;
    default: return;
  }
}

// One DMA request: the 16-byte big-endian descriptor {control, length, address} at
// `descriptor`; on completion its control word becomes 0, or has the error bit set.
void FwCfg::RunDma(uint64_t descriptor) {
  if (descriptor > 0xFFFFFFF0ull) return;  // beyond the 32-bit physical space
  const auto at = static_cast<uint32_t>(descriptor);
  uint8_t raw[16];
  memory_.ReadBytes(at, raw);
  const uint32_t control = static_cast<uint32_t>(GetBe(raw, 4));
  uint32_t length = static_cast<uint32_t>(GetBe(raw + 4, 4));
  const uint64_t address = GetBe(raw + 8, 8);
  if (control & kDmaSelect) Select(static_cast<uint16_t>(control >> 16));
  bool error = false;
  if (control & kDmaWrite) {
    error = true;  // no item is writable
  } else if (control & (kDmaRead | kDmaSkip)) {
    const std::vector<uint8_t>& data = item(state_.selector);
    if (address + length > 0x100000000ull) {
      error = true;
    } else {
      const uint32_t available =
          state_.offset < data.size() ? static_cast<uint32_t>(data.size() - state_.offset) : 0;
      const uint32_t copy = std::min(length, available);
      if (control & kDmaRead) {
        // Bytes past the item's end read as zero.
        std::vector<uint8_t> out(length, 0);
        if (copy > 0) std::copy_n(data.begin() + state_.offset, copy, out.begin());
        memory_.WriteBytes(static_cast<uint32_t>(address), out);
      }
      state_.offset += copy;
    }
  }
  uint8_t result[4] = {0, 0, 0, static_cast<uint8_t>(error ? kDmaError : 0)};
  memory_.WriteBytes(at, result);
}

}  // namespace m86
