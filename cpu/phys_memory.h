// Physical memory: guest RAM as one host reservation (cpu/guest_ram.h), ROM images, MMIO regions, the tracking of
// which RAM holds translated code, and the A20 gate. RAM starts at 0; what does not fit below
// the PCI hole continues at 4 GiB, as on the PC (the board decides the split).
#pragma once
#include <algorithm>
#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "cpu/guest_ram.h"
#include "cpu/phys_addr.h"

namespace m86 {

// A device that answers memory accesses in a region (a VGA window, an APIC page, ...); every
// such region lies below 4 GiB, so its addresses have 32 bits.
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
  virtual void OnCodeWrite(PhysAddr addr, uint32_t len) = 0;
  virtual void OnMapChange(PhysAddr addr, uint32_t len) {
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
  // `ram_bytes` of RAM from address 0 and `high_ram_bytes` more from 4 GiB.
  explicit PhysicalMemory(uint32_t ram_bytes, uint64_t high_ram_bytes = 0);
  // RAM below 4 GiB, RAM from 4 GiB, and the host bytes of both (below 4 GiB first).
  uint32_t ram_size() const { return ram_bytes_; }
  uint64_t high_ram_size() const { return high_ram_bytes_; }
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

  // Host pointer to a page (a physical page number) for direct reads (RAM or ROM), or nullptr.
  const uint8_t* PageForRead(uint64_t page) const;
  // Host pointer to a RAM page for direct writes, or nullptr when a write needs the slow path
  // (ROM, MMIO, unmapped, or translated code on the page).
  uint8_t* PageForWrite(uint64_t page);

  // Slow paths. An access must not cross a page boundary. Unmapped reads give all ones.
  uint32_t Read(PhysAddr addr, int size);
  void Write(PhysAddr addr, int size, uint32_t value);
  // Bulk copies for DMA and loaders; they honour ROM, MMIO and code tracking.
  void ReadBytes(PhysAddr addr, std::span<uint8_t> out);
  void WriteBytes(PhysAddr addr, std::span<const uint8_t> data);

  // Code tracking: `addr`..`addr+len` holds translated code from now on.
  // Returns true when its page had no code before (the caller drops direct write mappings).
  bool MarkCode(PhysAddr addr, uint32_t len);
  void ClearAllCode() { std::fill(code_mask_.begin(), code_mask_.end(), 0); }
  void ClearCodePage(uint64_t page) {
    if (const size_t i = CodeIndex(page); i < code_mask_.size()) code_mask_[i] = 0;
  }
  bool PageHasCode(uint64_t page) const {
    const size_t i = CodeIndex(page);
    return i < code_mask_.size() && code_mask_[i] != 0;
  }
  void set_code_observer(CodeWriteObserver* o) { code_observer_ = o; }

  // The write journal of --jit check (cpu/translation_check.cpp): while one is set, no page is
  // handed out for direct writes (so every CPU write reaches Write), each RAM write records the
  // bytes it replaces, and device accesses are counted, so a block's run can be undone and run
  // again when it touched nothing but RAM.
  struct JournalEntry {
    PhysAddr addr;
    uint32_t len, old_at;  // old bytes: WriteJournal::old_bytes[old_at, old_at + len)
  };
  struct WriteJournal {
    std::vector<JournalEntry> entries;
    std::vector<uint8_t> old_bytes;
    uint64_t device_accesses = 0;
    uint64_t walk_writes = 0;  // WriteUnjournaled calls
    void Clear() {
      entries.clear();
      old_bytes.clear();
      device_accesses = walk_writes = 0;
    }
  };
  void set_journal(WriteJournal* j) { journal_ = j; }
  bool journaling() const { return journal_ != nullptr; }
  // A write the journal leaves out: the accessed and dirty bits of a page walk, which stay set
  // when a run is undone, as the TLB entry filled with them stays.
  void WriteUnjournaled(PhysAddr addr, int size, uint32_t value) {
    WriteJournal* const j = journal_;
    if (j) ++j->walk_writes;
    journal_ = nullptr;
    Write(addr, size, value);
    journal_ = j;
  }
  // Puts the journaled bytes back, newest first, without telling the code observer.
  void Undo(const WriteJournal& j);

 private:
  // kRamWrite: writes go to RAM, reads to region `read_from` (shadow RAM being filled).
  enum class Kind : uint8_t { kUnmapped, kRam, kRom, kMmio, kRamWrite };
  struct Region {
    Kind kind;
    PhysAddr base;
    uint8_t* host;  // RAM and ROM
    MmioHandler* mmio;
    uint16_t read_from = 0;
  };
  static constexpr uint16_t kUnmappedRegion = 0, kRamRegion = 1, kRamReadOnlyRegion = 2,
                            kHighRamRegion = 3;
  uint32_t ReadRegion(const Region& r, PhysAddr addr, int size);
  uint16_t MmioRegionFor(MmioHandler* handler);
  void NotifyMapChange(uint32_t first_page, uint32_t end_page);
  // The region answering `addr`: the page table below 4 GiB; above it RAM or nothing (no
  // device decodes there).
  const Region& RegionOf(PhysAddr addr) const {
    if (addr < k4GiB) return regions_[page_region_[addr >> kPageShift]];
    return regions_[addr - k4GiB < high_ram_bytes_ ? kHighRamRegion : kUnmappedRegion];
  }
  void WriteRamTracked(const Region& r, PhysAddr addr, const uint8_t* src, uint32_t len);
  // The code_mask_ slot of a physical page (RAM below 4 GiB, then RAM from 4 GiB);
  // code_mask_.size() for pages that are not RAM.
  size_t CodeIndex(uint64_t page) const {
    if (page < low_pages_) return static_cast<size_t>(page);
    const uint64_t above = page - (k4GiB >> kPageShift);  // wraps for pages below 4 GiB
    return above < code_mask_.size() - low_pages_ ? static_cast<size_t>(low_pages_ + above)
                                                  : code_mask_.size();
  }

  uint32_t ram_bytes_;
  uint64_t high_ram_bytes_;
  size_t low_pages_;  // RAM pages below 4 GiB
  GuestRam ram_;
  std::vector<std::vector<uint8_t>> roms_;
  std::vector<Region> regions_;
  std::vector<uint16_t> page_region_;  // one entry per 4 KiB page of the 4 GiB space
  std::vector<uint64_t> code_mask_;    // per RAM page (CodeIndex): which 64-byte chunks hold code
  WriteJournal* journal_ = nullptr;
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
