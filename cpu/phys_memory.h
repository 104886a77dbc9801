// Physical memory: guest RAM as one host reservation (cpu/guest_ram.h), ROM images, MMIO regions, the tracking of
// which RAM holds translated code, and the A20 gate.
#pragma once
#include <cstdint>
#include <map>
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

// Told when a write changes bytes in a 64-byte chunk that holds translated code, and when
// what answers an address range changes (shadow RAM switched, a PCI window moved): host
// pointers cached for those pages and code translated from them are stale then.
class CodeWriteObserver {
 public:
  virtual ~CodeWriteObserver() = default;
  virtual void OnCodeWrite(uint32_t addr, uint32_t len) = 0;
  virtual void OnMapChange(uint32_t addr, uint32_t len) {
    (void)addr;
    (void)len;
  }
};

constexpr uint32_t kPageShift = 12;
constexpr uint32_t kPageSize = 1u << kPageShift;
// The address of the 4 KiB page holding `a` (64-bit: ~(kPageSize - 1) alone would be a 32-bit
// mask and clear the upper half).
inline uint64_t PageBase(uint64_t a) { return a & ~uint64_t{kPageSize - 1}; }
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
  // the chipset write-protects it (the built-in BIOS, which leaves PAM alone). For data only:
  // translated code from these bytes is not invalidated. False where a byte is not ROM.
  bool WriteRom(uint32_t addr, std::span<const uint8_t> data);

  // Shadow RAM (the 440FX's PAM registers, 82441FX datasheet 3.2.18) over the pages of
  // [base, base + size), which must lie in RAM: reads come from RAM when `read_ram`, else from
  // what is mapped there (ROM, or nothing); writes go to RAM when `write_ram`, else there too
  // (dropped). Both off is the reset state. The observer hears of every page that changes.
  void SetShadow(uint32_t base, uint32_t size, bool read_ram, bool write_ram);
  // A PCI BAR's window: `handler` answers the pages of [base, base + size) that nothing else
  // holds (RAM, firmware and fixed devices keep theirs, as they win the decode); UnmapWindow
  // gives back the pages it holds there. Both tell the observer.
  void MapWindow(uint32_t base, uint32_t size, MmioHandler* handler);
  void UnmapWindow(uint32_t base, uint32_t size, MmioHandler* handler);

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
  // kRamWrite: writes go to RAM, reads to region `read_from` (shadow RAM being filled).
  enum class Kind : uint8_t { kUnmapped, kRam, kRom, kMmio, kRamWrite };
  struct Region {
    Kind kind;
    uint32_t base;
    uint8_t* host;  // RAM and ROM
    MmioHandler* mmio;
    uint16_t read_from = 0;
  };
  static constexpr uint16_t kUnmappedRegion = 0, kRamRegion = 1, kRamReadOnlyRegion = 2;
  uint32_t ReadRegion(const Region& r, uint32_t addr, int size);
  uint16_t MmioRegionFor(MmioHandler* handler);
  void NotifyMapChange(uint32_t first_page, uint32_t end_page);
  const Region& RegionOf(uint32_t addr) const { return regions_[page_region_[addr >> kPageShift]]; }
  void WriteRamTracked(uint32_t addr, const uint8_t* src, uint32_t len);

  GuestRam ram_;
  std::vector<std::vector<uint8_t>> roms_;
  std::vector<Region> regions_;
  std::vector<uint16_t> page_region_;  // one entry per 4 KiB page of the 4 GiB space
  std::vector<uint64_t> code_mask_;    // per RAM page: which 64-byte chunks hold code
  // Shadowed pages: the region under the shadow (what reads and writes reach with it off) and
  // the current enables.
  struct ShadowPage {
    uint16_t under;
    bool read_ram = false, write_ram = false;
  };
  uint16_t ShadowRegion(const ShadowPage& s);
  // Puts region `id` at `page`, under the shadow where the page has one; true when what the
  // page answers with changed.
  bool PlaceRegion(uint32_t page, uint16_t id);
  std::map<uint32_t, ShadowPage> shadow_;
  std::map<uint16_t, uint16_t> ram_write_region_;  // read-from region -> its kRamWrite region
  CodeWriteObserver* code_observer_ = nullptr;
};

}  // namespace m86
