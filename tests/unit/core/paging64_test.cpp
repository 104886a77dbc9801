// 4-level paging (SDM Vol. 3A, 4.5), execute-disable in PAE and 4-level paging, the #PF error
// code bits (4.7), reserved bits by MAXPHYADDR and A/D updates (4.8), checked through the
// MMU's translation entry points and through code that runs and faults.
#include <catch2/catch.hpp>
#include <csetjmp>

#include "test_machine.h"

namespace m86 {

// Calls the translation with a landing place for its #PF, as the dispatcher would.
class CpuTestAccess {
 public:
  struct Outcome {
    bool faulted = false;
    uint8_t vector = 0;
    uint32_t error = 0;
    PhysAddr phys = 0;
  };
  static Outcome Translate(Cpu& c, uint64_t lin, Access access, bool user) {
    Outcome o;
    if (setjmp(c.fault_jmp_) != 0) {
      o.faulted = true;
      o.vector = c.pending_vector_;
      o.error = c.pending_error_;
      return o;
    }
    o.phys = c.Translate(lin, access, user);
    return o;
  }
};

}  // namespace m86

using namespace m86;
using m86::test::TestMachine;

namespace {

// Entry bits (SDM Vol. 3A, Tables 4-14..4-20) and #PF error code bits (4.7).
constexpr uint64_t kP = 1, kRw = 2, kUs = 4, kA = 0x20, kD = 0x40, kPs = 0x80, kG = 0x100;
constexpr uint64_t kXd = uint64_t{1} << 63;
constexpr uint32_t kErrP = 1, kErrW = 2, kErrU = 4, kErrRsvd = 8, kErrFetch = 16;

// Table pages: one structure per level for the high mapping below, and the identity map of the
// first 2 MiB that code and stack use.
constexpr uint32_t kPml4 = 0x10000, kPdpt = 0x11000, kPd = 0x12000, kPt = 0x13000;
constexpr uint32_t kLowPdpt = 0x14000, kLowPd = 0x15000, kLowPt = 0x16000;

// The upper-half canonical address whose walk goes PML4[511] -> PDPT[3] -> PD[5] -> PT[7].
constexpr uint64_t kHigh = 0xFFFFFF80C0A07000u;
constexpr uint32_t kPml4e = kPml4 + 511 * 8, kPdpte = kPdpt + 3 * 8, kPde = kPd + 5 * 8,
                   kPte = kPt + 7 * 8;
constexpr uint32_t kUserRw = kP | kRw | kUs;

uint64_t Entry(TestMachine& m, uint32_t addr) {
  return uint64_t{m.mem.Read(addr, 4)} | (uint64_t{m.mem.Read(addr + 4, 4)} << 32);
}
void SetEntry(TestMachine& m, uint32_t addr, uint64_t value) {
  m.mem.Write(addr, 4, static_cast<uint32_t>(value));
  m.mem.Write(addr + 4, 4, static_cast<uint32_t>(value >> 32));
}

// Long mode as a mode switch would leave it (EFER.LME|LMA, CR4.PAE, CR0.PG), running 32-bit
// compatibility-mode code at CPL 0 through an identity map of the first 2 MiB, and kHigh mapped
// to physical 0x80000 through user-writable entries.
void StartLongMode(TestMachine& m, uint32_t eip = 0x2000) {
  m.StartFlat32(eip);
  SetEntry(m, kPml4, kLowPdpt | kUserRw);
  SetEntry(m, kLowPdpt, kLowPd | kUserRw);
  SetEntry(m, kLowPd, kLowPt | kUserRw);
  for (uint32_t i = 0; i < 512; ++i) SetEntry(m, kLowPt + 8 * i, (i << 12) | kUserRw);
  SetEntry(m, kPml4e, kPdpt | kUserRw);
  SetEntry(m, kPdpte, kPd | kUserRw);
  SetEntry(m, kPde, kPt | kUserRw);
  SetEntry(m, kPte, 0x80000 | kUserRw);
  m.cpu.s.cr3 = kPml4;
  m.cpu.s.cr4 |= cr4::kPae;
  m.cpu.s.efer = efer::kLme | efer::kLma;
  m.cpu.s.cr0 |= cr0::kPg | cr0::kNe;
  m.cpu.OnModeChange();
  m.cpu.FlushTlb();
}

// Runs `check(addr, good)` for the entry of each level of kHigh's walk, then restores it.
template <typename F>
void ForEachLevel(TestMachine& m, F check) {
  for (uint32_t addr : {kPml4e, kPdpte, kPde, kPte}) {
    INFO(addr);
    const uint64_t good = Entry(m, addr);
    check(addr, good);
    SetEntry(m, addr, good);
  }
}

CpuTestAccess::Outcome Translate(TestMachine& m, uint64_t lin, Access access = Access::kRead,
                                 bool user = false) {
  return CpuTestAccess::Translate(m.cpu, lin, access, user);
}

// The #PF error code of an access, or -1 when it translates.
int64_t PfError(TestMachine& m, uint64_t lin, Access access = Access::kRead, bool user = false) {
  const CpuTestAccess::Outcome o = Translate(m, lin, access, user);
  if (!o.faulted) return -1;
  CHECK(o.vector == kVecPf);
  CHECK(m.cpu.s.cr2 == lin);
  return o.error;
}

// core2 with its CPUID rows copied into `storage` and changed by `edit`.
template <typename Edit>
CpuModel Core2WithCpuid(std::span<CpuidLeaf> storage, Edit edit) {
  const CpuModel& base = **ModelByName("core2");
  size_t n = 0;
  for (const CpuidLeaf& row : base.cpuid_leaves) {
    storage[n] = row;
    edit(storage[n++]);
  }
  CpuModel m = base;
  m.cpuid_leaves = storage.first(n);
  return m;
}

// core2 with 1 GiB pages reported in CPUID.80000001H:EDX.
const CpuModel& Core2With1GbPages() {
  static CpuidLeaf leaves[64];
  static const CpuModel model = Core2WithCpuid(leaves, [](CpuidLeaf& row) {
    if (row.leaf == 0x80000001u) row.edx |= cpuid_ext_edx::kPage1Gb;
  });
  return model;
}

}  // namespace

TEST_CASE("4-level paging walks PML4, PDPT, PD and PT at a 48-bit address", "[paging][paging64]") {
  TestMachine m("core2");
  StartLongMode(m);
  CHECK(Translate(m, kHigh + 0x123).phys == 0x80123);
  // The same low 32 bits under another PML4 entry are not mapped.
  CHECK(PfError(m, kHigh & 0xFFFFFFFFu) == 0);
  // The walk uses bits 47:39: PML4[1] maps 0x0000008000000000.
  SetEntry(m, kPml4 + 8, kPdpt | kP | kRw);
  SetEntry(m, kPdpt, kPd | kP | kRw);
  SetEntry(m, kPd, kPt | kP | kRw);
  SetEntry(m, kPt, 0x90000 | kP | kRw);
  CHECK(Translate(m, 0x0000008000000FFFu).phys == 0x90FFF);
}

TEST_CASE("4-level paging: 2 MiB pages, and 1 GiB pages only where the model has them",
          "[paging][paging64]") {
  SECTION("2 MiB page at the PDE, reserved bits 20:13") {
    TestMachine m("core2");
    StartLongMode(m);
    SetEntry(m, kPde, 0x00400000u | kP | kRw | kPs);
    CHECK(Translate(m, kHigh + 0x1234).phys == 0x00400000u + (kHigh & 0x1FFFFF) + 0x1234);
    CHECK((Entry(m, kPde) & (kA | kD)) == kA);
    Translate(m, kHigh, Access::kWrite);
    CHECK((Entry(m, kPde) & (kA | kD)) == (kA | kD));
    SetEntry(m, kPde, 0x00400000u | kP | kRw | kPs | (1u << 13));
    CHECK(PfError(m, kHigh) == (kErrP | kErrRsvd));
    // Bit 12 is PAT in a large page, not reserved.
    SetEntry(m, kPde, 0x00400000u | kP | kRw | kPs | (1u << 12));
    CHECK(PfError(m, kHigh) == -1);
  }
  SECTION("PS in a PDPTE is reserved without Page1GB") {
    TestMachine m("core2");
    StartLongMode(m);
    SetEntry(m, kPdpte, 0x40000000u | kP | kRw | kPs);
    CHECK(PfError(m, kHigh) == (kErrP | kErrRsvd));
    CHECK(PfError(m, kHigh, Access::kWrite, true) == (kErrP | kErrW | kErrU | kErrRsvd));
  }
  SECTION("1 GiB page at the PDPTE with Page1GB, reserved bits 29:13") {
    TestMachine m(Core2With1GbPages(), 16u << 20);
    StartLongMode(m);
    SetEntry(m, kPdpte, kP | kRw | kPs);  // physical 0
    CHECK(Translate(m, kHigh).phys == (kHigh & 0x3FFFFFFF));
    SetEntry(m, kPdpte, kP | kRw | kPs | (1u << 29));
    CHECK(PfError(m, kHigh) == (kErrP | kErrRsvd));
  }
  SECTION("PS in a PML4E is reserved") {
    TestMachine m(Core2With1GbPages(), 16u << 20);
    StartLongMode(m);
    SetEntry(m, kPml4e, kPdpt | kP | kRw | kPs);
    CHECK(PfError(m, kHigh) == (kErrP | kErrRsvd));
  }
}

TEST_CASE("4-level paging: address bits past MAXPHYADDR are reserved at every level",
          "[paging][paging64]") {
  TestMachine m("core2");  // 36-bit physical addresses (CPUID.80000008H)
  StartLongMode(m);
  ForEachLevel(m, [&](uint32_t addr, uint64_t good) {
    SetEntry(m, addr, good | (uint64_t{1} << 36));
    CHECK(PfError(m, kHigh) == (kErrP | kErrRsvd));
    SetEntry(m, addr, good | (uint64_t{1} << 51));
    CHECK(PfError(m, kHigh) == (kErrP | kErrRsvd));
    // Bits 62:52 are ignored.
    SetEntry(m, addr, good | (uint64_t{0x7FF} << 52));
    CHECK(PfError(m, kHigh) == -1);
  });
  // Bit 35 is a valid address bit.
  SetEntry(m, kPte, (uint64_t{1} << 35) | kUserRw);
  CHECK(PfError(m, kHigh) == -1);
}

TEST_CASE("#PF error codes: not present at each level, U/S and R/W across levels, CR0.WP",
          "[paging][paging64]") {
  TestMachine m("core2");
  StartLongMode(m);
  ForEachLevel(m, [&](uint32_t addr, uint64_t good) {
    SetEntry(m, addr, good & ~kP);
    CHECK(PfError(m, kHigh) == 0);
    CHECK(PfError(m, kHigh, Access::kWrite) == kErrW);
    CHECK(PfError(m, kHigh, Access::kRead, true) == kErrU);
    CHECK(PfError(m, kHigh, Access::kWrite, true) == (kErrW | kErrU));
    // Supervisor-only at this level: user accesses fault, supervisor ones do not.
    SetEntry(m, addr, good & ~kUs);
    CHECK(PfError(m, kHigh, Access::kRead, true) == (kErrP | kErrU));
    CHECK(PfError(m, kHigh) == -1);
    // Read-only at this level: user writes fault, supervisor writes only with CR0.WP.
    SetEntry(m, addr, good & ~kRw);
    CHECK(PfError(m, kHigh, Access::kWrite, true) == (kErrP | kErrW | kErrU));
    CHECK(PfError(m, kHigh, Access::kRead, true) == -1);
    m.cpu.s.cr0 &= ~cr0::kWp;
    CHECK(PfError(m, kHigh, Access::kWrite) == -1);
    m.cpu.s.cr0 |= cr0::kWp;
    CHECK(PfError(m, kHigh, Access::kWrite) == (kErrP | kErrW));
    m.cpu.s.cr0 &= ~cr0::kWp;
  });
}

TEST_CASE("Accessed bits on every level walked, dirty on the final entry", "[paging][paging64]") {
  TestMachine m("core2");
  StartLongMode(m);
  Translate(m, kHigh);
  for (uint32_t addr : {kPml4e, kPdpte, kPde, kPte}) CHECK((Entry(m, addr) & (kA | kD)) == kA);
  Translate(m, kHigh, Access::kWrite);
  for (uint32_t addr : {kPml4e, kPdpte, kPde}) CHECK((Entry(m, addr) & (kA | kD)) == kA);
  CHECK((Entry(m, kPte) & (kA | kD)) == (kA | kD));
  // A fault sets nothing.
  SetEntry(m, kPml4e, kPdpt | kUserRw);
  SetEntry(m, kPte, 0x80000 | kP | kUs);
  CHECK(PfError(m, kHigh, Access::kWrite, true) == (kErrP | kErrW | kErrU));
  CHECK((Entry(m, kPml4e) & kA) == 0);
  CHECK((Entry(m, kPte) & (kA | kD)) == 0);
}

TEST_CASE("Execute-disable: bit 63 is reserved without EFER.NXE and XD with it",
          "[paging][paging64][nx]") {
  TestMachine m("core2");
  StartLongMode(m);
  ForEachLevel(m, [&](uint32_t addr, uint64_t good) {
    SetEntry(m, addr, good | kXd);
    m.cpu.s.efer &= ~efer::kNxe;
    // No I/D bit without NXE, even for a fetch.
    CHECK(PfError(m, kHigh, Access::kExec) == (kErrP | kErrRsvd));
    m.cpu.s.efer |= efer::kNxe;
    CHECK(PfError(m, kHigh) == -1);
    CHECK(PfError(m, kHigh, Access::kWrite, true) == -1);
    CHECK(PfError(m, kHigh, Access::kExec) == (kErrP | kErrFetch));
    CHECK(PfError(m, kHigh, Access::kExec, true) == (kErrP | kErrU | kErrFetch));
    PhysAddr phys = 0;
    CHECK(m.cpu.Probe(kHigh, false, &phys));
    CHECK_FALSE(m.cpu.Probe(kHigh, false, &phys, Access::kExec));
    SetEntry(m, addr, good);
    CHECK(PfError(m, kHigh, Access::kExec) == -1);
    CHECK(m.cpu.Probe(kHigh, false, &phys, Access::kExec));
  });
  // With NXE a fetch reports I/D for not-present and reserved-bit faults too.
  SetEntry(m, kPte, 0);
  CHECK(PfError(m, kHigh, Access::kExec, true) == (kErrU | kErrFetch));
  SetEntry(m, kPte, 0x80000 | kUserRw | (uint64_t{1} << 40));
  CHECK(PfError(m, kHigh, Access::kExec) == (kErrP | kErrRsvd | kErrFetch));
}

TEST_CASE("PAE paging: XD with NXE, bit 63 reserved without it, bits 62:36 reserved",
          "[paging][nx]") {
  TestMachine m("core2");
  m.StartFlat32(0x2000);
  constexpr uint32_t kPaePdpt = 0x10000, kPaePd = 0x11000, kPaePt = 0x12000;
  SetEntry(m, kPaePdpt, kPaePd | kP);
  SetEntry(m, kPaePd, kPaePt | kUserRw);
  for (uint32_t i = 0; i < 512; ++i) SetEntry(m, kPaePt + 8 * i, (i << 12) | kUserRw);
  m.cpu.s.cr3 = kPaePdpt;
  m.cpu.s.cr4 |= cr4::kPae;
  m.cpu.s.cr0 |= cr0::kPg;
  m.cpu.FlushTlb();
  const uint32_t lin = 0x5000, pte = kPaePt + 5 * 8, pde = kPaePd;
  CHECK(Translate(m, lin + 8).phys == 0x5008);
  SetEntry(m, pte, 0x5000 | kUserRw | kXd);
  CHECK(PfError(m, lin, Access::kExec) == (kErrP | kErrRsvd));
  m.cpu.s.efer = efer::kNxe;
  CHECK(PfError(m, lin) == -1);
  CHECK(PfError(m, lin, Access::kExec, true) == (kErrP | kErrU | kErrFetch));
  SetEntry(m, pte, 0x5000 | kUserRw);
  SetEntry(m, pde, kPaePt | kUserRw | kXd);
  CHECK(PfError(m, lin, Access::kExec) == (kErrP | kErrFetch));
  SetEntry(m, pde, kPaePt | kUserRw);
  // Unlike 4-level paging, PAE reserves every bit from MAXPHYADDR to 62.
  SetEntry(m, pte, 0x5000 | kUserRw | (uint64_t{1} << 62));
  CHECK(PfError(m, lin) == (kErrP | kErrRsvd));
  SetEntry(m, pte, 0x5000 | kUserRw);
  // The PDPTE has no XD bit: bit 63 stays reserved with NXE.
  SetEntry(m, kPaePdpt, kPaePd | kP | kXd);
  CHECK(PfError(m, lin) == (kErrP | kErrRsvd));
  // 32-bit paging has no XD and reports no I/D.
  m.cpu.s.cr4 &= ~cr4::kPae;
  m.cpu.s.cr3 = 0x20000;
  m.mem.Write(0x20000, 4, 0);
  CHECK(PfError(m, lin, Access::kExec) == 0);
}

TEST_CASE("TLB entries keep 64-bit linear tags; INVLPG and global pages", "[paging][paging64]") {
  TestMachine m("core2");
  StartLongMode(m);
  m.mem.Write(0x80000, 4, 0x11111111);
  m.mem.Write(0x90000, 4, 0x22222222);
  m.mem.Write(0x7000, 4, 0x33333333);
  // kHigh and its low 32 bits share a TLB slot; each must see its own page.
  const uint64_t low = kHigh & 0xFFFFFFFFu;
  SetEntry(m, kPml4 + ((low >> 39) & 511) * 8, kLowPdpt | kUserRw);
  SetEntry(m, kLowPdpt + ((low >> 30) & 511) * 8, kLowPd | kUserRw);
  SetEntry(m, kLowPd + ((low >> 21) & 511) * 8, kLowPt | kUserRw);
  CHECK(m.cpu.ReadLinear<uint32_t>(kHigh) == 0x11111111u);
  CHECK(m.cpu.ReadLinear<uint32_t>(low) == 0x33333333u);
  CHECK(m.cpu.ReadLinear<uint32_t>(kHigh) == 0x11111111u);
  // A remapped page is seen after INVLPG of its 64-bit address.
  SetEntry(m, kPte, 0x90000 | kUserRw);
  m.cpu.InvalidatePage(kHigh);
  CHECK(m.cpu.ReadLinear<uint32_t>(kHigh) == 0x22222222u);
  // A global page survives a non-global flush (CR3 load) while CR4.PGE is set.
  m.cpu.s.cr4 |= cr4::kPge;
  SetEntry(m, kPte, 0x80000 | kUserRw | kG);
  m.cpu.InvalidatePage(kHigh);
  CHECK(m.cpu.ReadLinear<uint32_t>(kHigh) == 0x11111111u);
  SetEntry(m, kPte, 0x90000 | kUserRw | kG);
  m.cpu.FlushTlb(true);
  CHECK(m.cpu.ReadLinear<uint32_t>(kHigh) == 0x11111111u);
  m.cpu.FlushTlb();
  CHECK(m.cpu.ReadLinear<uint32_t>(kHigh) == 0x22222222u);
}

TEST_CASE("Compatibility-mode code faults with I/D when it runs into an XD page",
          "[paging][paging64][nx]") {
  TestMachine m("core2");
  // 0x2FFE: nop; nop; then the XD page at 0x3000 (whose first byte would be HLT).
  m.Poke(0x2FFE, {0x90, 0x90});
  m.Poke(0x3000, {0xF4});
  StartLongMode(m, 0x2FFE);
  m.cpu.s.efer |= efer::kNxe;
  SetEntry(m, kLowPt + 3 * 8, 0x3000 | kUserRw | kXd);
  int vector = -1;
  uint32_t error = 0;
  m.cpu.intercept_event = [&](uint8_t v, uint32_t e, bool) {
    vector = v;
    error = e;
    return true;
  };
  m.RunToHalt(100);
  CHECK(vector == kVecPf);
  CHECK(error == (kErrP | kErrFetch));
  CHECK(m.cpu.s.cr2 == 0x3000);
  CHECK(m.cpu.s.rip == 0x3000);
  // Cleared XD: the HLT runs.
  SetEntry(m, kLowPt + 3 * 8, 0x3000 | kUserRw);
  m.cpu.InvalidatePage(0x3000);
  vector = -1;
  CHECK(m.RunToHalt(100) == StopReason::kHaltedNoIntr);
  CHECK(vector == -1);
}

namespace {

constexpr PhysAddr k4G = PhysAddr{1} << 32;

uint64_t EntryAt(TestMachine& m, PhysAddr addr) {
  return uint64_t{m.mem.Read(addr, 4)} | (uint64_t{m.mem.Read(addr + 4, 4)} << 32);
}
void SetEntryAt(TestMachine& m, PhysAddr addr, uint64_t value) {
  m.mem.Write(addr, 4, static_cast<uint32_t>(value));
  m.mem.Write(addr + 4, 4, static_cast<uint32_t>(value >> 32));
}

// core2 reporting a 40-bit physical address width in CPUID.80000008H:EAX[7:0].
const CpuModel& Core2With40BitPhysical() {
  static CpuidLeaf leaves[64];
  static const CpuModel model = Core2WithCpuid(leaves, [](CpuidLeaf& row) {
    if (row.leaf == 0x80000008u) row.eax = (row.eax & ~0xFFu) | 40;
  });
  return model;
}

// PAE paging at CPL 0 with the PDPT at 0x10000 and the page directory at 0x11000, whose first
// entry points at a page table 1 MiB above 4 GiB; linear 0x3000 maps to physical 0x3000.
constexpr uint32_t kPaePdpt = 0x10000, kPaePd = 0x11000;
constexpr PhysAddr kHighPt = k4G + 0x100000;
void StartPaeWithHighTable(TestMachine& m, uint32_t eip = 0x3000) {
  m.StartFlat32(eip);
  SetEntryAt(m, kPaePdpt, kPaePd | kP);
  SetEntryAt(m, kPaePd, kHighPt | kUserRw);
  SetEntryAt(m, kHighPt + 3 * 8, 0x3000 | kUserRw);
  m.cpu.s.cr3 = kPaePdpt;
  m.cpu.s.cr4 |= cr4::kPae;
  m.cpu.s.cr0 |= cr0::kPg;
  m.cpu.OnModeChange();
  m.cpu.FlushTlb();
}

}  // namespace

TEST_CASE("PAE paging reaches RAM above 4 GiB, with tables there too", "[paging][phys40]") {
  TestMachine m("core2", 16u << 20, 16u << 20);
  StartPaeWithHighTable(m);
  const PhysAddr frame = k4G + 0x200000;
  SetEntryAt(m, kHighPt + 5 * 8, frame | kUserRw);
  CHECK(Translate(m, 0x5008).phys == frame + 8);
  // The first write sets A and D in the table above 4 GiB through the slow path; the second
  // goes through the TLB's host pointer.
  m.cpu.WriteLinear<uint32_t>(0x5008, 0xCAFEF00Du);
  CHECK(m.mem.Read(frame + 8, 4) == 0xCAFEF00Du);
  CHECK((EntryAt(m, kHighPt + 5 * 8) & (kA | kD)) == (kA | kD));
  m.cpu.WriteLinear<uint32_t>(0x500C, 0x12345678u);
  CHECK(m.mem.Read(frame + 12, 4) == 0x12345678u);
  CHECK(m.mem.Read(0x20000C, 4) == 0);  // nothing reached the low 32 bits' alias
  CHECK(m.cpu.ReadLinear<uint32_t>(0x500C) == 0x12345678u);
  // A frame past the end of RAM but within MAXPHYADDR (36) translates and reads as nothing.
  SetEntryAt(m, kHighPt + 6 * 8, (PhysAddr{1} << 35) | kUserRw);
  CHECK(Translate(m, 0x6000).phys == PhysAddr{1} << 35);
  CHECK(m.cpu.ReadLinear<uint32_t>(0x6000) == 0xFFFFFFFFu);
  // Bit 36 is past MAXPHYADDR: reserved.
  SetEntryAt(m, kHighPt + 6 * 8, (PhysAddr{1} << 36) | kUserRw);
  CHECK(PfError(m, 0x6000) == (kErrP | kErrRsvd));
}

TEST_CASE("A wider MAXPHYADDR widens the frames PAE and 4-level entries may hold",
          "[paging][phys40]") {
  TestMachine m(Core2With40BitPhysical(), 16u << 20, 4u << 20);
  StartPaeWithHighTable(m);
  SetEntryAt(m, kHighPt + 6 * 8, (PhysAddr{1} << 39) | kUserRw);
  CHECK(Translate(m, 0x6000).phys == PhysAddr{1} << 39);
  SetEntryAt(m, kHighPt + 6 * 8, (PhysAddr{1} << 40) | kUserRw);
  CHECK(PfError(m, 0x6000) == (kErrP | kErrRsvd));
}

TEST_CASE("MOV CR3 checks the PDPTEs' reserved bits from MAXPHYADDR", "[paging][phys40]") {
  for (const int bits : {36, 40}) {
    INFO(bits);
    TestMachine m(bits == 36 ? **ModelByName("core2") : Core2With40BitPhysical(), 16u << 20,
                  4u << 20);
    m.Poke(0x3000, {0x0F, 0x22, 0xD8, 0xF4});  // mov cr3, eax; hlt
    StartPaeWithHighTable(m);
    int vector = -1;
    m.cpu.intercept_event = [&](uint8_t v, uint32_t, bool) {
      vector = v;
      return true;
    };
    // A second PDPT whose entry 3 points as high as the width allows, then one bit higher.
    constexpr uint32_t kPdpt2 = 0x18000;
    SetEntryAt(m, kPdpt2, kPaePd | kP);
    SetEntryAt(m, kPdpt2 + 3 * 8, (PhysAddr{1} << (bits - 1)) | kP);
    m.cpu.s.gpr[kEax] = kPdpt2;
    CHECK(m.RunToHalt(100) == StopReason::kHaltedNoIntr);
    CHECK(vector == -1);
    CHECK(m.cpu.s.cr3 == kPdpt2);
    SetEntryAt(m, kPdpt2 + 3 * 8, (PhysAddr{1} << bits) | kP);
    m.cpu.s.cr3 = kPaePdpt;
    m.cpu.s.halted = false;
    m.cpu.s.rip = 0x3000;
    m.cpu.FlushTlb();
    m.RunToHalt(100);
    CHECK(vector == kVecGp);
    CHECK(m.cpu.s.cr3 == kPaePdpt);
  }
}

TEST_CASE("Code runs from RAM above 4 GiB and is told apart from its low alias",
          "[paging][phys40]") {
  TestMachine m("core2", 16u << 20, 4u << 20);
  // Linear 0x3000 is physical 0x3000, linear 0x4000 physical 4 GiB + 0x3000.
  m.Poke(0x3000, {0xB8, 0x03, 0x00, 0x00, 0x00, 0xF4});  // mov eax, 3; hlt
  for (uint32_t i = 0; const uint8_t b : {0xB8, 0x01, 0x00, 0x00, 0x00, 0xF4})
    m.mem.Write(k4G + 0x3000 + i++, 1, b);                 // mov eax, 1; hlt
  StartPaeWithHighTable(m);
  SetEntryAt(m, kHighPt + 4 * 8, (k4G + 0x3000) | kUserRw);
  auto run_at = [&](uint32_t eip) {
    m.cpu.s.halted = false;
    m.cpu.s.rip = eip;
    m.cpu.s.gpr[kEax] = 0;
    CHECK(m.RunToHalt(100) == StopReason::kHaltedNoIntr);
    return m.cpu.s.gpr[kEax];
  };
  CHECK(run_at(0x3000) == 3);
  CHECK(run_at(0x4000) == 1);
  CHECK(run_at(0x3000) == 3);
  // A write to the high copy invalidates its block, not the low one.
  m.mem.Write(k4G + 0x3001, 1, 0x02);
  CHECK(run_at(0x4000) == 2);
  CHECK(run_at(0x3000) == 3);
}
