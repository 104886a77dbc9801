// Paging (SDM Vol. 3A, chapter 4), the soft TLB and the slow paths of memory accesses.
#include <cstring>

#include "cpu/cpu.h"

namespace m86 {
namespace {

// Page-table entry bits (SDM Vol. 3A, 4.3, 4.4 and 4.5).
constexpr uint64_t kPresent = 1u << 0, kWritable = 1u << 1, kUser = 1u << 2, kAccessed = 1u << 5,
                   kDirty = 1u << 6, kLarge = 1u << 7, kGlobal = 1u << 8,
                   kExecuteDisable = uint64_t{1} << 63;
// #PF error code bits (SDM Vol. 3A, 4.7).
constexpr uint32_t kPfPresent = 1u << 0, kPfWrite = 1u << 1, kPfUser = 1u << 2, kPfRsvd = 1u << 3,
                   kPfFetch = 1u << 4;
// The address bits of a 64-bit entry: 51:12 at most (SDM Vol. 3A, 4.5.4); MAXPHYADDR narrows
// them (the rest are reserved).
constexpr uint64_t kEntryAddressBits = 0x000FFFFFFFFFF000u;

// Bits [hi:lo] set.
constexpr uint64_t BitRange(int hi, int lo) {
  return ((hi == 63 ? ~uint64_t{0} : (uint64_t{1} << (hi + 1)) - 1)) & ~((uint64_t{1} << lo) - 1);
}

struct Walk {
  bool present = false;
  bool rsvd = false;
  uint64_t phys = 0;
  bool user = true, writable = true, executable = true, dirty = false, global = false;
  uint64_t entry_addr[4] = {};  // entries whose A (and, last one, D) bits to set
  int levels = 0;
};

}  // namespace

// The paging facts of the model and the current mode that the walk needs.
struct Cpu::PagingContext {
  PhysAddr phys_mask;  // A20 and the physical address width
  bool nxe;            // EFER.NXE with PAE or 4-level paging: bit 63 is XD, not reserved
  bool page_1gb;       // 1 GiB pages at the PDPTE (CPUID.80000001H:EDX.Page1GB)
  uint8_t phys_bits;   // MAXPHYADDR
};

// Walks the 64-bit-entry structures of PAE paging (SDM Vol. 3A, 4.4: PDPTE register -> page
// directory -> page table) or 4-level paging (4.5: PML4 -> PDPT -> page directory -> page
// table) without side effects.
static Walk WalkWide(PhysicalMemory& mem, const CpuState& s, uint64_t lin,
                     const Cpu::PagingContext& ctx) {
  Walk w;
  auto read64 = [&](PhysAddr addr) {
    return uint64_t{mem.Read(addr & ctx.phys_mask, 4)} |
           (uint64_t{mem.Read((addr + 4) & ctx.phys_mask, 4)} << 32);
  };
  const uint64_t xd_reserved = ctx.nxe ? 0 : kExecuteDisable;
  const uint64_t frame = kEntryAddressBits & BitRange(ctx.phys_bits - 1, 0);
  // Physical-address bits past MAXPHYADDR are reserved: up to bit 51 with 4-level paging
  // (62:52 are ignored), up to bit 62 with PAE paging (Tables 4-8..4-11 and 4-14..4-20).
  const bool four_level = LongModeActive(s);
  const uint64_t high_reserved = BitRange(four_level ? 51 : 62, ctx.phys_bits) | xd_reserved;
  uint64_t table;
  int level;
  if (four_level) {
    table = s.cr3 & frame;
    level = 4;
  } else {
    // The PDPTE has no A, R/W, U/S or XD bit; 2:1, 8:5 and 63:MAXPHYADDR are reserved (Table 4-8).
    const uint64_t pdpte = read64((s.cr3 & 0xFFFFFFE0u) + (((lin >> 30) & 3) << 3));
    if (!(pdpte & kPresent)) return w;
    if (pdpte & (0x1E6 | BitRange(63, ctx.phys_bits))) {
      w.rsvd = true;
      return w;
    }
    table = pdpte & frame;
    level = 2;
  }
  for (;; --level) {
    const int shift = kPageShift + 9 * (level - 1);
    const uint64_t addr = table + (((lin >> shift) & 511) << 3);
    const uint64_t e = read64(addr);
    if (!(e & kPresent)) return w;
    // PS is reserved in a PML4E, and in a PDPTE unless the model has 1 GiB pages; a large page's
    // address bits below its alignment (past the PAT bit 12) are reserved (Tables 4-15, 4-16).
    const bool large = level > 1 && (e & kLarge);
    const bool misplaced_large = level == 4 || (level == 3 && !ctx.page_1gb);
    bool reserved = (e & high_reserved) != 0;
    if (large) reserved = reserved || misplaced_large || (e & BitRange(shift - 1, 13)) != 0;
    if (reserved) {
      w.rsvd = true;
      return w;
    }
    // Access rights combine across the levels (SDM Vol. 3A, 4.6.1).
    w.user = w.user && (e & kUser);
    w.writable = w.writable && (e & kWritable);
    w.executable = w.executable && !(ctx.nxe && (e & kExecuteDisable));
    w.entry_addr[w.levels++] = addr;
    if (level == 1 || large) {
      w.present = true;
      w.phys = (e & frame & ~BitRange(shift - 1, 0)) | (lin & BitRange(shift - 1, 0));
      w.dirty = e & kDirty;
      w.global = (e & kGlobal) && (s.cr4 & cr4::kPge);
      return w;
    }
    table = e & frame;
  }
}

// Walks the paging structures without side effects.
static Walk WalkTables(PhysicalMemory& mem, const CpuState& s, uint64_t lin,
                       const Cpu::PagingContext& ctx) {
  if (s.cr4 & cr4::kPae) return WalkWide(mem, s, lin, ctx);
  Walk w;
  auto read32 = [&](PhysAddr addr) { return mem.Read(addr & ctx.phys_mask, 4); };
  auto combine = [&](uint32_t e) {
    w.user = w.user && (e & kUser);
    w.writable = w.writable && (e & kWritable);
  };
  // 32-bit paging (SDM Vol. 3A, 4.3).
  uint32_t pde_addr = static_cast<uint32_t>((s.cr3 & 0xFFFFF000u) + ((lin >> 22) << 2));
  uint32_t pde = read32(pde_addr);
  if (!(pde & kPresent)) return w;
  combine(pde);
  w.entry_addr[w.levels++] = pde_addr;
  if ((pde & kLarge) && (s.cr4 & cr4::kPse)) {
    // Without PSE-36 (none of the models has it) bits 21:13 of a 4 MiB PDE are reserved
    // (SDM Vol. 3A, 4.3, Table 4-4).
    if (pde & 0x3FE000u) { w.rsvd = true; return w; }
    w.present = true;
    w.phys = (pde & 0xFFC00000u) | (lin & 0x3FFFFF);
    w.dirty = pde & kDirty;
    w.global = (pde & kGlobal) && (s.cr4 & cr4::kPge);
    return w;
  }
  uint32_t pte_addr = static_cast<uint32_t>((pde & 0xFFFFF000u) + (((lin >> 12) & 1023) << 2));
  uint32_t pte = read32(pte_addr);
  if (!(pte & kPresent)) return w;
  combine(pte);
  w.entry_addr[w.levels++] = pte_addr;
  w.present = true;
  w.phys = (pte & 0xFFFFF000u) | (lin & 0xFFF);
  w.dirty = pte & kDirty;
  w.global = (pte & kGlobal) && (s.cr4 & cr4::kPge);
  return w;
}

Cpu::PagingContext Cpu::Paging() const {
  return PagingContext{physical_mask(), (s.cr4 & cr4::kPae) && (s.efer & efer::kNxe), page_1gb_,
                       phys_addr_bits_};
}

PhysAddr Cpu::Translate(uint64_t lin, Access access, bool user, bool* global) {
  const PhysAddr mask = physical_mask();
  if (!(s.cr0 & cr0::kPg)) return lin & mask;
  const PagingContext ctx = Paging();
  Walk w = WalkTables(mem_, s, lin, ctx);
  if (global) *global = w.global;
  const bool write = access == Access::kWrite;
  // I/D reports an instruction fetch when execute-disable is on (SDM Vol. 3A, 4.7).
  const bool fetch_reported = access == Access::kExec && ctx.nxe;
  const uint32_t code =
      (write ? kPfWrite : 0) | (user ? kPfUser : 0) | (fetch_reported ? kPfFetch : 0);
  if (!w.present) {
    s.cr2 = lin;
    Fault(kVecPf, code | (w.rsvd ? kPfRsvd | kPfPresent : 0));
  }
  // Access rights (SDM Vol. 3A, 4.6): user accesses need U/S at every level; writes need R/W
  // at every level, except supervisor writes while CR0.WP is clear; fetches need XD clear at
  // every level.
  const bool allowed = (!user || w.user) &&
                       (!write || w.writable || (!user && !(s.cr0 & cr0::kWp))) &&
                       (access != Access::kExec || w.executable);
  if (!allowed) {
    s.cr2 = lin;
    Fault(kVecPf, code | kPfPresent);
  }
  // Accessed bits on every level, dirty on the last (SDM Vol. 3A, 4.8). A and D sit in the low
  // dword of a 64-bit entry.
  for (int i = 0; i < w.levels; ++i) {
    const PhysAddr addr = w.entry_addr[i] & ctx.phys_mask;
    uint32_t e = mem_.Read(addr, 4);
    uint32_t set = kAccessed | ((write && i == w.levels - 1) ? kDirty : 0);
    if ((e & set) != set) mem_.WriteUnjournaled(addr, 4, e | set);
  }
  return w.phys & mask;
}

bool Cpu::Probe(uint64_t lin, bool user, PhysAddr* phys, Access access) {
  const PhysAddr mask = physical_mask();
  if (!(s.cr0 & cr0::kPg)) {
    *phys = lin & mask;
    return true;
  }
  Walk w = WalkTables(mem_, s, lin, Paging());
  if (!w.present || (user && !w.user) || (access == Access::kExec && !w.executable)) return false;
  *phys = w.phys & mask;
  return true;
}

PhysAddr Cpu::FillTlb(uint64_t lin, Access access, bool user) {
  const PhysAddr phys = Translate(lin, access, user);
  TlbEntry& e = tlb_[user][(lin >> kPageShift) & (kTlbSize - 1)];
  const uint64_t page_lin = PageBase(lin);
  const uint64_t phys_page = phys >> kPageShift;
  // Decide what the entry may serve directly. Writes only where the page is already dirty and
  // writable at this privilege, so the first write still sets D through the slow path.
  bool can_write = true;
  bool global = false;
  if (s.cr0 & cr0::kPg) {
    Walk w = WalkTables(mem_, s, lin, Paging());
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
  const size_t index = (lin >> kPageShift) & (kTlbSize - 1);
  if (!tlb_listed_[user][index]) {
    tlb_listed_[user][index] = true;
    tlb_used_[tlb_used_count_++] = static_cast<uint16_t>((user ? 256 : 0) | index);
  }
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
    const PhysAddr first = Translate(lin, Access::kRead, user);
    const PhysAddr second = Translate(PageBase(LinearPlus(lin, sizeof(T) - 1)), Access::kRead, user);
    uint64_t v = 0;
    for (uint32_t i = 0; i < sizeof(T); ++i) {
      const uint64_t a = LinearPlus(lin, i);
      const PhysAddr phys = PageBase(a) == PageBase(lin) ? first + i : PageBase(second) | (a & (kPageSize - 1));
      v |= uint64_t{mem_.Read(phys, 1)} << (8 * i);
    }
    return static_cast<T>(v);
  }
  const PhysAddr phys = FillTlb(lin, Access::kRead, user);
  // Physical memory moves at most 32 bits at a time: a qword is its two halves in one page.
  if constexpr (sizeof(T) == 8)
    return mem_.Read(phys, 4) | (uint64_t{mem_.Read(phys + 4, 4)} << 32);
  else
    return static_cast<T>(mem_.Read(phys, sizeof(T)));
}

template <typename T>
void Cpu::WriteLinearSlow(uint64_t lin, T value, bool user) {
  if (M86_UNLIKELY(bp_.data_mask)) CheckDataBreakpoint(lin, sizeof(T), true);
  if ((lin & (kPageSize - 1)) > kPageSize - sizeof(T)) {
    const PhysAddr first = Translate(lin, Access::kWrite, user);
    const PhysAddr second = Translate(PageBase(LinearPlus(lin, sizeof(T) - 1)), Access::kWrite, user);
    for (uint32_t i = 0; i < sizeof(T); ++i) {
      const uint64_t a = LinearPlus(lin, i);
      const PhysAddr phys = PageBase(a) == PageBase(lin) ? first + i : PageBase(second) | (a & (kPageSize - 1));
      mem_.Write(phys, 1, static_cast<uint8_t>(uint64_t{value} >> (8 * i)));
    }
    return;
  }
  const PhysAddr phys = FillTlb(lin, Access::kWrite, user);
  if constexpr (sizeof(T) == 8) {
    mem_.Write(phys, 4, static_cast<uint32_t>(value));
    mem_.Write(phys + 4, 4, static_cast<uint32_t>(value >> 32));
  } else {
    mem_.Write(phys, sizeof(T), value);
  }
}

template uint8_t Cpu::ReadLinearSlow<uint8_t>(uint64_t, bool);
template uint16_t Cpu::ReadLinearSlow<uint16_t>(uint64_t, bool);
template uint32_t Cpu::ReadLinearSlow<uint32_t>(uint64_t, bool);
template uint64_t Cpu::ReadLinearSlow<uint64_t>(uint64_t, bool);
template void Cpu::WriteLinearSlow<uint8_t>(uint64_t, uint8_t, bool);
template void Cpu::WriteLinearSlow<uint16_t>(uint64_t, uint16_t, bool);
template void Cpu::WriteLinearSlow<uint32_t>(uint64_t, uint32_t, bool);
template void Cpu::WriteLinearSlow<uint64_t>(uint64_t, uint64_t, bool);

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
  // Only entries FillTlb made can be valid (the others are empty): empty those, keeping the
  // global ones listed when asked to.
  uint32_t kept = 0;
  for (uint32_t k = 0; k < tlb_used_count_; ++k) {
    const uint16_t slot = tlb_used_[k];
    TlbEntry& e = tlb_[slot >> 8][slot & 0xFF];
    if (keep_global && e.global) {
      tlb_used_[kept++] = slot;
      continue;
    }
    e = TlbEntry{1, 1, 0, TlbEntry::kNoPage, 0};
    tlb_listed_[slot >> 8][slot & 0xFF] = false;
  }
  tlb_used_count_ = kept;
  FlushJumpCache(keep_global);
}

void Cpu::ClearTlb() {
  for (auto& bank : tlb_)
    for (TlbEntry& e : bank) e = TlbEntry{1, 1, 0, TlbEntry::kNoPage, 0};
  for (auto& bank : tlb_listed_)
    for (bool& listed : bank) listed = false;
  tlb_used_count_ = 0;
  FlushJumpCache();
}

void Cpu::InvalidatePage(uint64_t lin) {
  for (auto& bank : tlb_) bank[(lin >> kPageShift) & (kTlbSize - 1)] = TlbEntry{1, 1, 0, TlbEntry::kNoPage, 0};
  uint64_t page_mask = ~uint64_t{kPageSize - 1};
  if (s.cr4 & (cr4::kPse | cr4::kPae)) {
    // INVLPG of an address in a 4 MiB (2 MiB with PAE, 1 GiB with 4-level paging on a model
    // that has such pages) page drops the whole page (SDM Vol. 3A, 4.10.4.1); the soft TLB
    // holds it as 4 KiB entries, so drop every entry inside it.
    const int large_shift = !(s.cr4 & cr4::kPae) ? 22 : (LongModeActive(s) && page_1gb_) ? 30 : 21;
    const uint64_t large_mask = ~((uint64_t{1} << large_shift) - 1);
    page_mask = large_mask;
    for (auto& bank : tlb_)
      for (TlbEntry& e : bank) {
        const uint64_t tag = e.read_tag != 1 ? e.read_tag : e.write_tag;
        if (tag != 1 && (tag & large_mask) == (lin & large_mask)) e = TlbEntry{1, 1, 0, TlbEntry::kNoPage, 0};
      }
  }
  FlushJumpCachePage(lin, page_mask);
}

void Cpu::SetA20(bool enabled) {
  const PhysAddr mask = enabled ? ~PhysAddr{0} : ~(PhysAddr{1} << 20);
  if (mask == a20_mask_) return;
  a20_mask_ = mask;
  FlushTlb();
  end_block_ = true;
}

}  // namespace m86
