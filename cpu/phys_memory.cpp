#include "cpu/phys_memory.h"

#include <algorithm>
#include <cassert>
#include <cstring>

#include "cpu/le_bytes.h"

namespace m86 {

PhysicalMemory::PhysicalMemory(uint32_t ram_bytes, uint64_t high_ram_bytes)
    : ram_bytes_(ram_bytes),
      high_ram_bytes_(high_ram_bytes),
      low_pages_((uint64_t{ram_bytes} + kPageSize - 1) >> kPageShift),
      ram_(ram_bytes + high_ram_bytes),
      page_region_(1u << (32 - kPageShift), 0) {
  regions_.push_back({Kind::kUnmapped, 0, nullptr, nullptr});
  regions_.push_back({Kind::kRam, 0, ram_.data(), nullptr});
  // Shadow RAM while write-protected reads like ROM whose bytes are RAM's.
  regions_.push_back({Kind::kRom, 0, ram_.data(), nullptr});
  // RAM from 4 GiB: the host bytes after those below 4 GiB.
  regions_.push_back({Kind::kRam, k4GiB, ram_.data() + ram_bytes, nullptr});
  std::fill(page_region_.begin(), page_region_.begin() + low_pages_, kRamRegion);
  // 8 bytes per 4 KiB page of RAM: 12 MiB for 6 GiB.
  code_mask_.assign(low_pages_ + ((high_ram_bytes + kPageSize - 1) >> kPageShift), 0);
}

void PhysicalMemory::MapRom(uint32_t base, std::span<const uint8_t> image) {
  assert((base & (kPageSize - 1)) == 0);
  std::vector<uint8_t> copy((image.size() + kPageSize - 1) & ~size_t{kPageSize - 1}, 0xFF);
  std::copy(image.begin(), image.end(), copy.begin());
  roms_.push_back(std::move(copy));
  regions_.push_back({Kind::kRom, base, roms_.back().data(), nullptr});
  uint16_t id = static_cast<uint16_t>(regions_.size() - 1);
  for (uint64_t p = base >> kPageShift, n = roms_.back().size() >> kPageShift; n; --n, ++p)
    PlaceRegion(static_cast<uint32_t>(p), id);
}

bool PhysicalMemory::PlaceRegion(uint32_t page, uint16_t id) {
  const uint16_t before = page_region_[page];
  const auto shadow = shadow_.find(page);
  if (shadow != shadow_.end()) {
    shadow->second.under = id;
    id = ShadowRegion(shadow->second);
  }
  page_region_[page] = id;
  return id != before;
}

uint16_t PhysicalMemory::ShadowRegion(const ShadowPage& s) {
  if (s.read_ram) return s.write_ram ? kRamRegion : kRamReadOnlyRegion;
  if (!s.write_ram) return s.under;
  // Reads from what is under, writes to RAM: one such region per distinct region under.
  const auto it = ram_write_region_.find(s.under);
  if (it != ram_write_region_.end()) return it->second;
  regions_.push_back({Kind::kRamWrite, 0, ram_.data(), nullptr, s.under});
  const auto id = static_cast<uint16_t>(regions_.size() - 1);
  ram_write_region_[s.under] = id;
  return id;
}

void PhysicalMemory::SetShadow(uint32_t base, uint32_t size, bool read_ram, bool write_ram) {
  assert((base & (kPageSize - 1)) == 0 && (size & (kPageSize - 1)) == 0);
  const uint32_t first = base >> kPageShift, end = (base + size) >> kPageShift;
  uint32_t changed_first = end, changed_end = first;
  for (uint32_t p = first; p < end && p < low_pages_; ++p) {
    auto [it, added] = shadow_.try_emplace(p, ShadowPage{page_region_[p]});
    it->second.read_ram = read_ram;
    it->second.write_ram = write_ram;
    const uint16_t id = ShadowRegion(it->second);
    if (id == page_region_[p]) continue;
    page_region_[p] = id;
    changed_first = std::min(changed_first, p);
    changed_end = p + 1;
  }
  if (changed_first < changed_end) NotifyMapChange(changed_first, changed_end);
}

uint16_t PhysicalMemory::MmioRegionFor(MmioHandler* handler) {
  // One region per handler, however often its windows move: region ids are 16 bits.
  for (size_t i = 0; i < regions_.size(); ++i) {
    if (regions_[i].kind == Kind::kMmio && regions_[i].mmio == handler) return static_cast<uint16_t>(i);
  }
  regions_.push_back({Kind::kMmio, 0, nullptr, handler});
  return static_cast<uint16_t>(regions_.size() - 1);
}

void PhysicalMemory::MapWindow(uint32_t base, uint32_t size, MmioHandler* handler) {
  const uint16_t id = MmioRegionFor(handler);
  const uint64_t first = base >> kPageShift, end = (uint64_t{base} + size) >> kPageShift;
  for (uint64_t p = first; p < end; ++p) {
    if (page_region_[p] == kUnmappedRegion && !shadow_.count(static_cast<uint32_t>(p))) page_region_[p] = id;
  }
  NotifyMapChange(static_cast<uint32_t>(first), static_cast<uint32_t>(end));
}

void PhysicalMemory::UnmapWindow(uint32_t base, uint32_t size, MmioHandler* handler) {
  const uint16_t id = MmioRegionFor(handler);
  const uint64_t first = base >> kPageShift, end = (uint64_t{base} + size) >> kPageShift;
  for (uint64_t p = first; p < end; ++p) {
    if (page_region_[p] == id) page_region_[p] = kUnmappedRegion;
  }
  NotifyMapChange(static_cast<uint32_t>(first), static_cast<uint32_t>(end));
}

void PhysicalMemory::NotifyMapChange(uint32_t first_page, uint32_t end_page) {
  if (code_observer_ && end_page > first_page) {
    code_observer_->OnMapChange(first_page << kPageShift, (end_page - first_page) << kPageShift);
  }
}

bool PhysicalMemory::WriteRom(uint32_t addr, std::span<const uint8_t> data) {
  for (size_t i = 0; i < data.size(); ++i) {
    const uint32_t a = addr + static_cast<uint32_t>(i);
    const Region& r = RegionOf(a);
    if (r.kind != Kind::kRom) return false;
    r.host[a - r.base] = data[i];
  }
  return true;
}

void PhysicalMemory::MapMmio(uint32_t base, uint32_t size, MmioHandler* handler) {
  regions_.push_back({Kind::kMmio, base, nullptr, handler});
  uint16_t id = static_cast<uint16_t>(regions_.size() - 1);
  for (uint64_t p = base >> kPageShift, end = (uint64_t{base} + size) >> kPageShift; p < end; ++p)
    PlaceRegion(static_cast<uint32_t>(p), id);
}

const uint8_t* PhysicalMemory::PageForRead(uint64_t page) const {
  const Region* r = &RegionOf(page << kPageShift);
  if (r->kind == Kind::kRamWrite) r = &regions_[r->read_from];
  if (r->kind != Kind::kRam && r->kind != Kind::kRom) return nullptr;
  return r->host + ((page << kPageShift) - r->base);
}

uint8_t* PhysicalMemory::PageForWrite(uint64_t page) {
  const Region& r = RegionOf(page << kPageShift);
  if (r.kind != Kind::kRam || PageHasCode(page) || journal_) return nullptr;
  return r.host + ((page << kPageShift) - r.base);
}

uint32_t PhysicalMemory::Read(PhysAddr addr, int size) { return ReadRegion(RegionOf(addr), addr, size); }

uint32_t PhysicalMemory::ReadRegion(const Region& r, PhysAddr addr, int size) {
  switch (r.kind) {
    case Kind::kRam:
    case Kind::kRom: {
      return LoadLeSized(r.host + (addr - r.base), size);
    }
    case Kind::kMmio:
      if (journal_) ++journal_->device_accesses;
      return r.mmio->MmioRead(static_cast<uint32_t>(addr), size);  // below 4 GiB
    case Kind::kRamWrite: return ReadRegion(regions_[r.read_from], addr, size);
    case Kind::kUnmapped: break;
  }
  return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
}

void PhysicalMemory::WriteRamTracked(const Region& r, PhysAddr addr, const uint8_t* src,
                                     uint32_t len) {
  uint8_t* dst = r.host + (addr - r.base);
  if (journal_) {
    journal_->entries.push_back({addr, len, static_cast<uint32_t>(journal_->old_bytes.size())});
    journal_->old_bytes.insert(journal_->old_bytes.end(), dst, dst + len);
  }
  const size_t code = CodeIndex(addr >> kPageShift);
  if (code >= code_mask_.size() || code_mask_[code] == 0) {
    std::memcpy(dst, src, len);
    return;
  }
  // A write that leaves memory as it was does not disturb translated code (DESIGN.md item 8).
  if (std::memcmp(dst, src, len) == 0) return;
  std::memcpy(dst, src, len);
  const uint32_t first = (addr & (kPageSize - 1)) >> kCodeChunkShift;
  const uint32_t last = ((addr + len - 1) & (kPageSize - 1)) >> kCodeChunkShift;
  const uint64_t span =
      (last - first == 63 ? ~uint64_t{0} : ((uint64_t{1} << (last - first + 1)) - 1)) << first;
  if ((code_mask_[code] & span) && code_observer_) code_observer_->OnCodeWrite(addr, len);
}

void PhysicalMemory::Write(PhysAddr addr, int size, uint32_t value) {
  const Region& r = RegionOf(addr);
  switch (r.kind) {
    case Kind::kRam:
    case Kind::kRamWrite: {
      uint8_t bytes[4];
      StoreLe(bytes, value);
      WriteRamTracked(r, addr, bytes, static_cast<uint32_t>(size));
      break;
    }
    case Kind::kMmio:
      if (journal_) ++journal_->device_accesses;
      r.mmio->MmioWrite(static_cast<uint32_t>(addr), size, value);
      break;
    case Kind::kRom:
    case Kind::kUnmapped: break;  // writes to ROM and to nothing are dropped, as on hardware
  }
}

void PhysicalMemory::ReadBytes(PhysAddr addr, std::span<uint8_t> out) {
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<uint8_t>(Read(addr + i, 1));
}

void PhysicalMemory::WriteBytes(PhysAddr addr, std::span<const uint8_t> data) {
  size_t done = 0;
  while (done < data.size()) {
    const PhysAddr a = addr + done;
    const auto chunk =
        static_cast<uint32_t>(std::min<size_t>(data.size() - done, kPageSize - (a & (kPageSize - 1))));
    const Region& r = RegionOf(a);
    if (r.kind == Kind::kRam) {
      WriteRamTracked(r, a, data.data() + done, chunk);
    } else {
      for (uint32_t i = 0; i < chunk; ++i) Write(a + i, 1, data[done + i]);
    }
    done += chunk;
  }
}

void PhysicalMemory::Undo(const WriteJournal& j) {
  for (auto e = j.entries.rbegin(); e != j.entries.rend(); ++e) {
    const Region& r = RegionOf(e->addr);
    std::memcpy(r.host + (e->addr - r.base), j.old_bytes.data() + e->old_at, e->len);
  }
}

bool PhysicalMemory::MarkCode(PhysAddr addr, uint32_t len) {
  const size_t code = CodeIndex(addr >> kPageShift);
  if (code >= code_mask_.size() || len == 0) return false;
  const bool was_clean = code_mask_[code] == 0;
  const uint32_t offset = addr & (kPageSize - 1);
  const uint32_t first = offset >> kCodeChunkShift;
  const uint32_t last = (std::min<uint32_t>(offset + len, kPageSize) - 1) >> kCodeChunkShift;
  for (uint32_t c = first; c <= last; ++c) code_mask_[code] |= uint64_t{1} << c;
  return was_clean;
}

}  // namespace m86
