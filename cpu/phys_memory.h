// Physical memory: guest RAM as one host reservation (cpu/guest_ram.h), ROM images, MMIO regions, the tracking of
// which RAM holds translated code, and the A20 gate.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "cpu/guest_ram.h"

namespace m86 {

// A device that answers memory accesses in a region (a VGA window, an APIC page, ...).
class MmioHandler {
 public:
  virtual ~MmioHandler() = default;
  virtual uint32_t MmioRead(uint32_t addr, int size) = 0;
  virtual void MmioWrite(uint32_t addr, int size, uint32_t value) = 0;
};

// Told when a write changes bytes in a 64-byte chunk that holds translated code.
class CodeWriteObserver {
 public:
  virtual ~CodeWriteObserver() = default;
  virtual void OnCodeWrite(uint32_t addr, uint32_t len) = 0;
};

constexpr uint32_t kPageShift = 12;
constexpr uint32_t kPageSize = 1u << kPageShift;
constexpr uint32_t kCodeChunkShift = 6;  // code is tracked per 64 bytes (DESIGN.md, item 8)

class PhysicalMemory {
 public:
  explicit PhysicalMemory(uint32_t ram_bytes);
  uint32_t ram_size() const { return static_cast<uint32_t>(ram_.size()); }
  uint8_t* ram() { return ram_.data(); }

  // Maps a copy of `image` at `base` (page aligned); writes to it are ignored.
  void MapRom(uint32_t base, std::span<const uint8_t> image);
  void MapMmio(uint32_t base, uint32_t size, MmioHandler* handler);
  // Writes into mapped ROM bytes, as firmware fills part of its shadowed area at POST before
  // the chipset write-protects it (the 440FX's PAM registers are not modelled). For data only:
  // translated code from these bytes is not invalidated. False where a byte is not ROM.
  bool WriteRom(uint32_t addr, std::span<const uint8_t> data);

  // Host pointer to a page for direct reads (RAM or ROM), or nullptr.
  const uint8_t* PageForRead(uint32_t page) const;
  // Host pointer to a RAM page for direct writes, or nullptr when a write needs the slow path
  // (ROM, MMIO, unmapped, or translated code on the page).
  uint8_t* PageForWrite(uint32_t page);

  // Slow paths. An access must not cross a page boundary. Unmapped reads give all ones.
  uint32_t Read(uint32_t addr, int size);
  void Write(uint32_t addr, int size, uint32_t value);
  // Bulk copies for DMA and loaders; they honour ROM, MMIO and code tracking.
  void ReadBytes(uint32_t addr, std::span<uint8_t> out);
  void WriteBytes(uint32_t addr, std::span<const uint8_t> data);

  // Code tracking: `addr`..`addr+len` holds translated code from now on.
  // Returns true when its page had no code before (the caller drops direct write mappings).
  bool MarkCode(uint32_t addr, uint32_t len);
  void ClearCodePage(uint32_t page) { if (page < code_mask_.size()) code_mask_[page] = 0; }
  bool PageHasCode(uint32_t page) const {
    return page < code_mask_.size() && code_mask_[page] != 0;
  }
  void set_code_observer(CodeWriteObserver* o) { code_observer_ = o; }

 private:
  enum class Kind : uint8_t { kUnmapped, kRam, kRom, kMmio };
  struct Region {
    Kind kind;
    uint32_t base;
    uint8_t* host;  // RAM and ROM
    MmioHandler* mmio;
  };
  const Region& RegionOf(uint32_t addr) const { return regions_[page_region_[addr >> kPageShift]]; }
  void WriteRamTracked(uint32_t addr, const uint8_t* src, uint32_t len);

  GuestRam ram_;
  std::vector<std::vector<uint8_t>> roms_;
  std::vector<Region> regions_;
  std::vector<uint16_t> page_region_;  // one entry per 4 KiB page of the 4 GiB space
  std::vector<uint64_t> code_mask_;    // per RAM page: which 64-byte chunks hold code
  CodeWriteObserver* code_observer_ = nullptr;
};

}  // namespace m86
