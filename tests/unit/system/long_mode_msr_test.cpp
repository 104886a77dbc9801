// The long-mode MSRs (SDM Vol. 4, Table 2-2): present only where CPUID.80000001H reports the
// feature, so none of today's models has them; a model with the features set shows their
// rules (reserved bits, LME under paging, canonical bases, FS/GS bases as the segment bases).
#include <catch2/catch.hpp>

#include "system_machine.h"

using namespace m86;
using m86::test::SystemMachine;

namespace {

constexpr uint32_t kEfer = 0xC0000080, kStar = 0xC0000081, kLstar = 0xC0000082,
                   kFmask = 0xC0000084, kFsBase = 0xC0000100, kGsBase = 0xC0000101,
                   kKernelGsBase = 0xC0000102, kTscAux = 0xC0000103;

// pentium2 with a CPUID table whose leaf 80000001H reports `Edx`.
template <uint32_t Edx>
CpuModel WithExtFeatures() {
  static constexpr CpuidLeaf kLeaves[] = {{0, -1, 1, 0, 0, 0},
                                          {1, -1, 0, 0, 0, 0},
                                          {0x80000000u, -1, 0x80000001u, 0, 0, 0},
                                          {0x80000001u, -1, 0, 0, 0, Edx}};
  CpuModel m = **ModelByName("pentium2");
  m.cpuid_leaves = kLeaves;
  return m;
}
const CpuModel kAll = WithExtFeatures<cpuid_ext_edx::kSyscall | cpuid_ext_edx::kNx |
                                      cpuid_ext_edx::kRdtscp | cpuid_ext_edx::kLm>();

// WRMSR (ECX, EDX:EAX) at CPL 0; returns the exception vector or -1.
int Wrmsr(SystemMachine& m, uint32_t index, uint64_t value) {
  m.Code({0x0F, 0x30, 0xF4});
  m.StartProtected();
  m.cpu.s.gpr[kEcx] = index;
  m.cpu.s.gpr[kEax] = static_cast<uint32_t>(value);
  m.cpu.s.gpr[kEdx] = static_cast<uint32_t>(value >> 32);
  m.RunToHalt();
  return m.HaltedVector();
}

// RDMSR; the value in *out, the exception vector or -1 returned.
int Rdmsr(SystemMachine& m, uint32_t index, uint64_t* out) {
  m.Code({0x0F, 0x32, 0xF4});
  m.StartProtected();
  m.cpu.s.gpr[kEcx] = index;
  m.RunToHalt();
  *out = (uint64_t{Reg32(m.cpu.s, kEdx)} << 32) | Reg32(m.cpu.s, kEax);
  return m.HaltedVector();
}

}  // namespace

TEST_CASE("Models without the features have none of the long-mode MSRs", "[system][msr]") {
  for (const char* name : {"pentium", "pentiumpro", "pentium2"}) {
    INFO(name);
    SystemMachine m(name);
    uint64_t v = 0;
    for (uint32_t index : {kEfer, kStar, kLstar, kFsBase, kKernelGsBase, kTscAux}) {
      INFO(index);
      CHECK(Rdmsr(m, index, &v) == kVecGp);
      CHECK(Wrmsr(m, index, 0) == kVecGp);
    }
  }
}

TEST_CASE("EFER has the bits of the reported features; LMA is read-only", "[system][msr]") {
  SystemMachine m(kAll);
  uint64_t v = ~uint64_t{0};
  CHECK(Rdmsr(m, kEfer, &v) == -1);
  CHECK(v == 0);
  CHECK(Wrmsr(m, kEfer, efer::kSce | efer::kLma) == -1);
  CHECK(m.cpu.s.efer == efer::kSce);
  CHECK(Wrmsr(m, kEfer, 1u << 1) == kVecGp);  // reserved
  CHECK(m.cpu.s.efer == efer::kSce);
  // LME loads while paging is off; execute-disable paging is accepted.
  CHECK(Wrmsr(m, kEfer, efer::kSce | efer::kNxe) == -1);
  CHECK(m.cpu.s.efer == (efer::kSce | efer::kNxe));
  CHECK(Wrmsr(m, kEfer, efer::kSce | efer::kLme) == -1);
  CHECK(m.cpu.s.efer == (efer::kSce | efer::kLme));
  CHECK_FALSE(LongModeActive(m.cpu.s));

  const CpuModel nx_only = WithExtFeatures<cpuid_ext_edx::kNx>();
  SystemMachine n(nx_only);
  CHECK(Wrmsr(n, kEfer, efer::kSce) == kVecGp);  // no SYSCALL on this model
  CHECK(Wrmsr(n, kEfer, efer::kLme) == kVecGp);  // nor long mode
  CHECK(Wrmsr(n, kEfer, efer::kNxe) == -1);
  CHECK(n.cpu.s.efer == efer::kNxe);
  CHECK(Wrmsr(n, kStar, 0) == kVecGp);
}

TEST_CASE("EFER.LME cannot change while paging is on", "[system][msr]") {
  SystemMachine m(kAll);
  // Identity-map the first 4 MiB with one large page (CR4.PSE) and turn paging on.
  m.Write32(0x20000, 0x000000E7u);  // PDE 0: present, writable, user, accessed, dirty, 4 MiB
  m.Code({0x0F, 0x30, 0xF4});
  m.StartProtected();
  m.cpu.s.cr3 = 0x20000;
  m.cpu.s.cr4 |= cr4::kPse;
  m.cpu.s.cr0 |= cr0::kPg;
  m.cpu.FlushTlb();
  m.cpu.s.gpr[kEcx] = kEfer;
  m.cpu.s.gpr[kEax] = efer::kLme;
  m.cpu.s.gpr[kEdx] = 0;
  m.RunToHalt();
  CHECK(m.HaltedVector() == kVecGp);
  CHECK(m.cpu.s.efer == 0);
}

TEST_CASE("FS and GS bases are the segment bases; base MSRs must be canonical", "[system][msr]") {
  SystemMachine m(kAll);
  CHECK(Wrmsr(m, kFsBase, 0xFFFF8000'12345000ull) == -1);
  CHECK(m.cpu.s.seg[kFs].base == 0xFFFF8000'12345000ull);
  // wrmsr; xor eax, eax; xor edx, edx; rdmsr; hlt: GS_BASE reads back what GS.base holds.
  m.Code({0x0F, 0x30, 0x31, 0xC0, 0x31, 0xD2, 0x0F, 0x32, 0xF4});
  m.StartProtected();
  m.cpu.s.gpr[kEcx] = kGsBase;
  m.cpu.s.gpr[kEax] = 0xFFFFF000u;
  m.cpu.s.gpr[kEdx] = 0x00007FFFu;
  m.RunToHalt();
  CHECK(m.HaltedVector() == -1);
  CHECK(m.cpu.s.seg[kGs].base == 0x00007FFF'FFFFF000ull);
  CHECK(Reg32(m.cpu.s, kEax) == 0xFFFFF000u);
  CHECK(Reg32(m.cpu.s, kEdx) == 0x00007FFFu);
  for (uint32_t index : {kFsBase, kGsBase, kKernelGsBase, kLstar}) {
    INFO(index);
    CHECK(Wrmsr(m, index, 0x00008000'00000000ull) == kVecGp);
  }
  CHECK(Wrmsr(m, kKernelGsBase, 0xFFFFFFFF'FFFF0000ull) == -1);
  CHECK(m.cpu.s.kernel_gs_base == 0xFFFFFFFF'FFFF0000ull);
  CHECK(Wrmsr(m, kStar, 0x00230010'00000000ull) == -1);  // any value: selectors and EIP
  CHECK(m.cpu.s.star == 0x00230010'00000000ull);
}

TEST_CASE("FMASK and TSC_AUX hold 32 bits", "[system][msr]") {
  SystemMachine m(kAll);
  CHECK(Wrmsr(m, kFmask, 0x47700) == -1);
  CHECK(m.cpu.s.sfmask == 0x47700);
  CHECK(Wrmsr(m, kFmask, uint64_t{1} << 32) == kVecGp);
  CHECK(Wrmsr(m, kTscAux, 0xDEADBEEF) == -1);
  uint64_t v = 0;
  CHECK(Rdmsr(m, kTscAux, &v) == -1);
  CHECK(v == 0xDEADBEEF);
  CHECK(Wrmsr(m, kTscAux, uint64_t{1} << 32) == kVecGp);
}

TEST_CASE("RDTSCP returns the TSC and IA32_TSC_AUX where CPUID reports it, #UD elsewhere",
          "[system][msr]") {
  {
    // WRMSR TSC_AUX (ECX = C0000103h, EAX = AUX), RDTSC, MOV ESI,EAX, RDTSCP, HLT.
    SystemMachine m("nehalem");
    m.Code({0x0F, 0x30, 0x0F, 0x31, 0x89, 0xC6, 0x0F, 0x01, 0xF9, 0xF4});
    m.StartProtected();
    m.cpu.s.gpr[kEcx] = kTscAux;
    m.cpu.s.gpr[kEax] = 0x5A5A0003;
    m.cpu.s.gpr[kEdx] = 0;
    m.RunToHalt();
    REQUIRE(m.HaltedVector() == -1);
    CHECK(Reg32(m.cpu.s, kEcx) == 0x5A5A0003);
    // The TSC counts retired instructions: RDTSCP reads it two instructions after RDTSC.
    CHECK(Reg32(m.cpu.s, kEax) == Reg32(m.cpu.s, kEsi) + 2);
  }
  // Core 2 and the P6 have no RDTSCP in CPUID.80000001H:EDX.
  for (const char* name : {"core2", "pentium2"}) {
    INFO(name);
    SystemMachine m(name);
    m.Code({0x0F, 0x01, 0xF9, 0xF4});
    m.StartProtected();
    m.RunToHalt();
    CHECK(m.HaltedVector() == kVecUd);
  }
}
