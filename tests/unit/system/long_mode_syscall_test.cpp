// SYSCALL, SYSRET and SWAPGS (SDM Vol. 2B; Vol. 3A, 5.8.8) and SYSENTER in IA-32e mode.
// SYSCALL and SYSRET have no operands, so they decode the same in 64-bit code as elsewhere.
#include <catch2/catch.hpp>

#include "cpu/descriptors.h"
#include "cpu/interp/system.h"
#include "long_mode_machine.h"

using namespace m86;
using m86::test::SystemMachine;
using namespace m86::test::lm;

namespace {

constexpr uint32_t kEntry = 0x7400;
constexpr uint64_t kStar = (uint64_t{0x70} << 48) | (uint64_t{0x60} << 32);

// 64-bit mode at CPL 0 (through the entry code, then CS = the 64-bit code segment) with `code`
// at kCodeBase + 0x200 and EFER.SCE as given.
void Start64(SystemMachine& m, std::initializer_list<uint8_t> code, bool sce = true) {
  BuildTables(m);
  REQUIRE(EnterAndRun(m, {0xF4}) == -1);
  Descriptor d;
  REQUIRE(ReadDescriptor(m.cpu, kSelCode64, &d) == DescriptorLookup::kOk);
  LoadSegmentCache(m.cpu, m.cpu.s.seg[kCs], kSelCode64, d);
  m.cpu.s.efer |= sce ? efer::kSce : 0;
  m.cpu.s.star = kStar;
  m.cpu.s.lstar = kEntry;
  m.cpu.s.sfmask = flag::kIf | flag::kDf;
  m.Code(code, t::kCodeBase + 0x200);
  m.cpu.s.rip = t::kCodeBase + 0x200;
  m.cpu.s.halted = false;
  m.cpu.OnModeChange();
  REQUIRE(Code64(m.cpu.s));
}

}  // namespace

TEST_CASE("SYSCALL enters the LSTAR handler at CPL 0; SYSRET returns to CPL 3", "[system][lm][syscall]") {
  SystemMachine m("core2");
  Start64(m, {0x0F, 0x05});  // syscall
  m.Code({0x0F, 0x07}, kEntry);  // sysret (32-bit operand size: to compatibility mode)
  m.cpu.SetFlags(0x2 | flag::kIf | flag::kDf | flag::kRf, ~0u);
  m.cpu.s.gpr[kR11] = 0;
  REQUIRE(Step(m) == -1);
  CHECK(m.cpu.s.rip == kEntry);
  CHECK(m.cpu.s.gpr[kEcx] == t::kCodeBase + 0x202);
  CHECK(m.cpu.s.gpr[kR11] == (0x2 | flag::kIf | flag::kDf));  // RF is cleared in the image
  CHECK((m.cpu.s.eflags & (flag::kIf | flag::kDf | flag::kRf)) == 0);
  CHECK(m.cpu.s.seg[kCs].selector == 0x60);
  CHECK(Code64(m.cpu.s));
  CHECK(m.cpu.s.seg[kSs].selector == 0x68);
  CHECK(m.cpu.s.cpl == 0);

  m.cpu.s.gpr[kEcx] = 0xFFFF'FFFF'0000'7500ull;  // SYSRET to compatibility mode takes ECX
  m.cpu.s.gpr[kR11] = flag::kIf | flag::kVm | flag::kRf | flag::kCf;
  REQUIRE(Step(m) == -1);
  CHECK(m.cpu.s.rip == 0x7500);
  CHECK(m.cpu.s.cpl == 3);
  CHECK(m.cpu.s.seg[kCs].selector == (0x70 | 3));
  CHECK_FALSE(Code64(m.cpu.s));
  CHECK(m.cpu.s.seg[kSs].selector == (0x78 | 3));
  CHECK((m.cpu.GetFlags() & (flag::kIf | flag::kVm | flag::kRf | flag::kCf)) ==
        (flag::kIf | flag::kCf));
}

TEST_CASE("SYSCALL and SYSRET need 64-bit mode and EFER.SCE; SYSRET needs CPL 0", "[system][lm][syscall]") {
  SystemMachine off("core2");
  Start64(off, {0x0F, 0x05}, false);
  CHECK(Step(off) == kVecUd);
  SystemMachine ret("core2");
  Start64(ret, {0x0F, 0x07}, false);
  CHECK(Step(ret) == kVecUd);
  SystemMachine cpl("core2");
  Start64(cpl, {0x0F, 0x07});
  cpl.cpu.s.cpl = 1;  // below 3, so the supervisor-only pages still fetch
  cpl.cpu.OnModeChange();
  uint32_t error = 1;
  CHECK(Step(cpl, &error) == kVecGp);
  CHECK(error == 0);
  // Compatibility mode: #UD even with SCE set (Intel processors).
  SystemMachine compat("core2");
  BuildTables(compat);
  compat.cpu.s.efer = efer::kSce;
  CHECK(EnterAndRun(compat, {0x0F, 0x05}) == kVecUd);
}

TEST_CASE("SWAPGS exchanges GS.base and KERNEL_GS_BASE", "[system][lm][syscall]") {
  SystemMachine m("core2");
  Start64(m, {0x0F, 0x01, 0xF8, 0x0F, 0x01, 0xF8});  // swapgs; swapgs
  m.cpu.s.seg[kGs].base = 0x1111;
  m.cpu.s.kernel_gs_base = 0xFFFF'8000'0000'2222ull;
  REQUIRE(Step(m) == -1);
  CHECK(m.cpu.s.seg[kGs].base == 0xFFFF'8000'0000'2222ull);
  CHECK(m.cpu.s.kernel_gs_base == 0x1111);
  REQUIRE(Step(m) == -1);
  CHECK(m.cpu.s.seg[kGs].base == 0x1111);
}

TEST_CASE("SYSENTER in IA-32e mode enters 64-bit code", "[system][lm][syscall]") {
  SystemMachine m("core2");
  BuildTables(m);
  REQUIRE(EnterAndRun(m, {0xF4}) == -1);
  m.cpu.s.sysenter_cs = 0x60;
  m.cpu.s.sysenter_eip = kEntry;
  m.cpu.s.sysenter_esp = 0x8000;
  m.Code({0x0F, 0x34}, static_cast<uint32_t>(m.cpu.s.rip));  // sysenter
  m.cpu.s.halted = false;
  REQUIRE(Step(m) == -1);
  CHECK(Code64(m.cpu.s));
  CHECK(m.cpu.s.rip == kEntry);
  CHECK(m.cpu.s.gpr[kEsp] == 0x8000);
}
