// Paging (SDM Vol. 3A, chapter 4), the soft TLB and the slow paths of memory accesses.
#include <cstring>

#include "cpu/cpu.h"

namespace m86 {
namespace {

// Page-table entry bits (SDM Vol. 3A, 4.3 and 4.4).
constexpr uint64_t kPresent = 1u << 0, kWritable = 1u << 1, kUser = 1u << 2, kAccessed = 1u << 5,
                   kDirty = 1u << 6, kLarge = 1u << 7, kGlobal = 1u << 8;
// #PF error code bits (SDM Vol. 3A, 4.7).
constexpr uint32_t kPfPresent = 1u << 0, kPfWrite = 1u << 1, kPfUser = 1u << 2, kPfRsvd = 1u << 3;
// PAE entries: physical-address bits at and above MAXPHYADDR (36 on the P6 family) and bit 63
// (execute-disable, reserved without EFER.NXE) must be zero (SDM Vol. 3A, 4.4.2, Tables 4-8..4-11).
constexpr uint64_t kPaeHighReserved = ~((uint64_t{1} << 36) - 1);

struct Walk {
  bool present = false;
  bool rsvd = false;
  uint32_t phys = 0;
  bool user = true, writable = true, dirty = false, global = false;
  uint32_t entry_addr[3] = {~0u, ~0u, ~0u};  // entries whose A (and, last one, D) bits to set
  bool entry_wide = false;                   // PAE: 8-byte entries
  int levels = 0;
};

}  // namespace

// Walks the paging structures without side effects.
static Walk WalkTables(PhysicalMemory& mem, const CpuState& s, uint64_t lin, uint32_t a20_mask,
                       uint32_t addr_mask) {
  Walk w;
  auto read32 = [&](uint32_t addr) { return mem.Read(addr & a20_mask & addr_mask, 4); };
  auto read64 = [&](uint32_t addr) {
    return uint64_t{read32(addr)} | (uint64_t{read32(addr + 4)} << 32);
  };
  auto combine = [&](uint64_t e) {
    w.user = w.user && (e & kUser);
    w.writable = w.writable && (e & kWritable);
  };
  if (s.cr4 & cr4::kPae) {
    // PAE: PDPT -> page directory -> page table, 8-byte entries (SDM Vol. 3A, 4.4).
    w.entry_wide = true;
    uint64_t pdpte = read64(static_cast<uint32_t>((s.cr3 & ~0x1Fu) + ((lin >> 30) << 3)));
    if (!(pdpte & kPresent)) return w;
    if ((pdpte & 0x1E6) || (pdpte & kPaeHighReserved)) { w.rsvd = true; w.present = true; return w; }
    uint32_t pde_addr = static_cast<uint32_t>((pdpte & 0xFFFFF000u) + (((lin >> 21) & 511) << 3));
    uint64_t pde = read64(pde_addr);
    if (!(pde & kPresent)) return w;
    w.present = true;
    combine(pde);
    w.entry_addr[w.levels++] = pde_addr;
    if (pde & kPaeHighReserved) { w.rsvd = true; return w; }
    if (pde & kLarge) {
      if (pde & 0x1FE000) { w.rsvd = true; return w; }
      w.phys = static_cast<uint32_t>((pde & 0xFFE00000u) | (lin & 0x1FFFFF));
      w.dirty = pde & kDirty;
      w.global = (pde & kGlobal) && (s.cr4 & cr4::kPge);
      return w;
    }
    uint32_t pte_addr = static_cast<uint32_t>((pde & 0xFFFFF000u) + (((lin >> 12) & 511) << 3));
    uint64_t pte = read64(pte_addr);
    if (!(pte & kPresent)) { w.present = false; return w; }
    if (pte & kPaeHighReserved) { w.rsvd = true; return w; }
    combine(pte);
    w.entry_addr[w.levels++] = pte_addr;
    w.phys = static_cast<uint32_t>((pte & 0xFFFFF000u) | (lin & 0xFFF));
    w.dirty = pte & kDirty;
    w.global = (pte & kGlobal) && (s.cr4 & cr4::kPge);
    return w;
  }
  // 32-bit paging (SDM Vol. 3A, 4.3).
  uint32_t pde_addr = static_cast<uint32_t>((s.cr3 & 0xFFFFF000u) + ((lin >> 22) << 2));
  uint32_t pde = read32(pde_addr);
  if (!(pde & kPresent)) return w;
  w.present = true;
  combine(pde);
  w.entry_addr[w.levels++] = pde_addr;
  if ((pde & kLarge) && (s.cr4 & cr4::kPse)) {
    // Without PSE-36 (none of the models has it) bits 21:13 of a 4 MiB PDE are reserved
    // (SDM Vol. 3A, 4.3, Table 4-4).
    if (pde & 0x3FE000u) { w.rsvd = true; return w; }
    w.phys = static_cast<uint32_t>((pde & 0xFFC00000u) | (lin & 0x3FFFFF));
    w.dirty = pde & kDirty;
    w.global = (pde & kGlobal) && (s.cr4 & cr4::kPge);
    return w;
  }
  uint32_t pte_addr = static_cast<uint32_t>((pde & 0xFFFFF000u) + (((lin >> 12) & 1023) << 2));
  uint32_t pte = read32(pte_addr);
  if (!(pte & kPresent)) { w.present = false; return w; }
  combine(pte);
  w.entry_addr[w.levels++] = pte_addr;
  w.phys = static_cast<uint32_t>((pte & 0xFFFFF000u) | (lin & 0xFFF));
  w.dirty = pte & kDirty;
  w.global = (pte & kGlobal) && (s.cr4 & cr4::kPge);
  return w;
}

uint32_t Cpu::Translate(uint64_t lin, Access access, bool user) {
  const uint32_t mask = a20_mask_ & model_.address_mask;
  if (!(s.cr0 & cr0::kPg)) return static_cast<uint32_t>(lin) & mask;
  Walk w = WalkTables(mem_, s, lin, a20_mask_, model_.address_mask);
  const bool write = access == Access::kWrite;
  uint32_t code = (write ? kPfWrite : 0) | (user ? kPfUser : 0);
  if (!w.present || w.rsvd) {
    s.cr2 = lin;
    Fault(kVecPf, code | (w.rsvd ? kPfRsvd | kPfPresent : 0));
  }
  // Access rights (SDM Vol. 3A, 4.6): user accesses need U/S at every level; writes need R/W
  // at every level, except supervisor writes while CR0.WP is clear.
  bool allowed = (!user || w.user) && (!write || w.writable || (!user && !(s.cr0 & cr0::kWp)));
  if (!allowed) {
    s.cr2 = lin;
    Fault(kVecPf, code | kPfPresent);
  }
  // Accessed bits on every level, dirty on the last (SDM Vol. 3A, 4.8).
  for (int i = 0; i < w.levels; ++i) {
    uint32_t addr = w.entry_addr[i] & mask;
    uint32_t e = mem_.Read(addr, 4);
    uint32_t set = kAccessed | ((write && i == w.levels - 1) ? kDirty : 0);
    if ((e & set) != set) mem_.Write(addr, 4, e | set);
  }
  return w.phys & mask;
}

bool Cpu::Probe(uint64_t lin, bool user, uint32_t* phys) {
  const uint32_t mask = a20_mask_ & model_.address_mask;
  if (!(s.cr0 & cr0::kPg)) {
    *phys = static_cast<uint32_t>(lin) & mask;
    return true;
  }
  Walk w = WalkTables(mem_, s, lin, a20_mask_, model_.address_mask);
  if (!w.present || w.rsvd || (user && !w.user)) return false;
  *phys = w.phys & mask;
  return true;
}

uint32_t Cpu::FillTlb(uint64_t lin, Access access, bool user) {
  uint32_t phys = Translate(lin, access, user);
  TlbEntry& e = tlb_[user][(lin >> kPageShift) & (kTlbSize - 1)];
  const uint64_t page_lin = PageBase(lin);
  const uint32_t phys_page = phys >> kPageShift;
  // Decide what the entry may serve directly. Writes only where the page is already dirty and
  // writable at this privilege, so the first write still sets D through the slow path.
  bool can_write = true;
  bool global = false;
  if (s.cr0 & cr0::kPg) {
    Walk w = WalkTables(mem_, s, lin, a20_mask_, model_.address_mask);
    can_write = w.dirty && (user ? (w.user && w.writable) : (w.writable || !(s.cr0 & cr0::kWp)));
    global = w.global;
  }
  // Pages watched by data breakpoints stay out of the TLB for the watched access kinds.
  const uint8_t refused = M86_UNLIKELY(bp_.data_mask) ? bp_.TlbRestrictions(page_lin) : 0;
  const uint8_t* rd = (refused & 1) ? nullptr : mem_.PageForRead(phys_page);
  uint8_t* wr = can_write && !(refused & 2) ? mem_.PageForWrite(phys_page) : nullptr;
  if (e.phys_page != phys_page || e.read_tag != page_lin) {
    e.read_tag = e.write_tag = 1;
  }
  e.phys_page = phys_page;
  e.global = global;
  if (rd) {
    e.addend = reinterpret_cast<uintptr_t>(rd) - page_lin;
    e.read_tag = page_lin;
    if (wr) e.write_tag = page_lin;
  }
  return phys;
}

template <typename T>
T Cpu::ReadLinearSlow(uint64_t lin, bool user) {
  if (M86_UNLIKELY(bp_.data_mask)) CheckDataBreakpoint(lin, sizeof(T), false);
  if ((lin & (kPageSize - 1)) > kPageSize - sizeof(T)) {
    // Crosses a page: both pages are translated before anything is read.
    uint32_t first = Translate(lin, Access::kRead, user);
    uint32_t second = Translate(PageBase(WrapLinear(lin + sizeof(T) - 1)), Access::kRead, user);
    uint32_t v = 0;
    for (uint32_t i = 0; i < sizeof(T); ++i) {
      const uint64_t a = WrapLinear(lin + i);
      uint32_t phys = PageBase(a) == PageBase(lin)
                          ? first + i
                          : (second & ~(kPageSize - 1)) | (a & (kPageSize - 1));
      v |= mem_.Read(phys, 1) << (8 * i);
    }
    return static_cast<T>(v);
  }
  uint32_t phys = FillTlb(lin, Access::kRead, user);
  return static_cast<T>(mem_.Read(phys, sizeof(T)));
}

template <typename T>
void Cpu::WriteLinearSlow(uint64_t lin, T value, bool user) {
  if (M86_UNLIKELY(bp_.data_mask)) CheckDataBreakpoint(lin, sizeof(T), true);
  if ((lin & (kPageSize - 1)) > kPageSize - sizeof(T)) {
    uint32_t first = Translate(lin, Access::kWrite, user);
    uint32_t second = Translate(PageBase(WrapLinear(lin + sizeof(T) - 1)), Access::kWrite, user);
    for (uint32_t i = 0; i < sizeof(T); ++i) {
      const uint64_t a = WrapLinear(lin + i);
      uint32_t phys = PageBase(a) == PageBase(lin)
                          ? first + i
                          : (second & ~(kPageSize - 1)) | (a & (kPageSize - 1));
      mem_.Write(phys, 1, static_cast<uint8_t>(uint32_t{value} >> (8 * i)));
    }
    return;
  }
  uint32_t phys = FillTlb(lin, Access::kWrite, user);
  mem_.Write(phys, sizeof(T), value);
}

template uint8_t Cpu::ReadLinearSlow<uint8_t>(uint64_t, bool);
template uint16_t Cpu::ReadLinearSlow<uint16_t>(uint64_t, bool);
template uint32_t Cpu::ReadLinearSlow<uint32_t>(uint64_t, bool);
template void Cpu::WriteLinearSlow<uint8_t>(uint64_t, uint8_t, bool);
template void Cpu::WriteLinearSlow<uint16_t>(uint64_t, uint16_t, bool);
template void Cpu::WriteLinearSlow<uint32_t>(uint64_t, uint32_t, bool);

void Cpu::SegmentFault(uint8_t seg, uint32_t error_code) {
  // Stack-segment accesses fault with #SS, all others with #GP (SDM Vol. 3A, 6.15).
  Fault(seg == kSs ? kVecSs : kVecGp, error_code);
}

uint64_t Cpu::SegmentCheckSlow(uint8_t seg, uint32_t off, uint32_t size, Access access) {
  const Segment& sg = s.seg[seg];
  const bool rights = access == Access::kWrite ? sg.writable : sg.readable;
  if (rights && off >= sg.lo && uint64_t{off} + size - 1 <= sg.hi) return WrapLinear(sg.base + off);
  SegmentFault(seg, 0);
}

void Cpu::FlushTlb(bool keep_global) {
  for (auto& bank : tlb_)
    for (TlbEntry& e : bank)
      if (!(keep_global && e.global)) e = TlbEntry{1, 1, 0, ~0u, false};
  for (JumpCacheEntry& j : jump_cache_) j = JumpCacheEntry{};
  jump_cache_flushed_ = true;
}

void Cpu::InvalidatePage(uint64_t lin) {
  for (auto& bank : tlb_) bank[(lin >> kPageShift) & (kTlbSize - 1)] = TlbEntry{1, 1, 0, ~0u, false};
  if (s.cr4 & (cr4::kPse | cr4::kPae)) {
    // INVLPG of an address in a 4 MiB (2 MiB with PAE) page drops the whole page (SDM Vol. 3A,
    // 4.10.4.1); the soft TLB holds it as 4 KiB entries, so drop every entry inside it.
    const uint64_t large_mask = ~uint64_t{(s.cr4 & cr4::kPae) ? 0x1FFFFFu : 0x3FFFFFu};
    for (auto& bank : tlb_)
      for (TlbEntry& e : bank) {
        const uint64_t tag = e.read_tag != 1 ? e.read_tag : e.write_tag;
        if (tag != 1 && (tag & large_mask) == (lin & large_mask)) e = TlbEntry{1, 1, 0, ~0u, false};
      }
  }
  for (JumpCacheEntry& j : jump_cache_) j = JumpCacheEntry{};
  jump_cache_flushed_ = true;
}

void Cpu::SetA20(bool enabled) {
  uint32_t mask = enabled ? ~0u : ~(1u << 20);
  if (mask == a20_mask_) return;
  a20_mask_ = mask;
  FlushTlb();
  end_block_ = true;
}

}  // namespace m86
