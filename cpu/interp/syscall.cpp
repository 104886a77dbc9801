// SYSCALL, SYSRET and SWAPGS: the fast system calls of 64-bit mode (SDM Vol. 2B, SYSCALL,
// SYSRET and SWAPGS; Vol. 3A, 5.8.8). The models are Intel processors, on which SYSCALL and
// SYSRET exist only in 64-bit mode: elsewhere they are #UD, as they are with EFER.SCE clear.
#include "cpu/canonical.h"
#include "cpu/interp/operands.h"
#include "cpu/interp/system.h"

namespace m86 {
namespace {


// The RFLAGS bits SYSRET loads from R11: everything but VM and RF, with bit 1 set (SDM Vol. 2B,
// SYSRET: RFLAGS <- (R11 & 3C7FD7H) | 2).
constexpr uint32_t kSysretFlags = 0x3C7FD7u;

void RequireSyscallEnabled(Cpu& c) {
  if (!Code64(c.s) || !(c.s.efer & efer::kSce)) c.Fault(kVecUd);
}

void Syscall(Cpu& c, const DecodedInsn&) {
  RequireSyscallEnabled(c);
  const auto kernel_cs = static_cast<uint16_t>((c.s.star >> 32) & 0xFFFC);
  c.s.gpr[kEcx] = c.s.rip;
  const uint32_t flags = c.GetFlags() & ~flag::kRf;
  c.s.gpr[kR11] = flags;
  c.SetFlags(flags & ~static_cast<uint32_t>(c.s.sfmask), ~0u);
  c.s.cpl = 0;
  LoadFlatSegment(c, kCs, kernel_cs, kCodeDpl0, seg_attr::kLong);
  LoadFlatSegment(c, kSs, static_cast<uint16_t>(kernel_cs + 8), kDataDpl0);
  c.s.rip = c.s.lstar;
  c.OnModeChange();
}

void Sysret(Cpu& c, const DecodedInsn& d) {
  RequireSyscallEnabled(c);
  if (c.s.cpl != 0) c.Fault(kVecGp, 0);
  const bool to64 = d.o64();
  if (to64 && !IsCanonical(c.s.gpr[kEcx])) c.Fault(kVecGp, 0);
  const auto base = static_cast<uint16_t>(c.s.star >> 48);
  c.SetFlags((Reg32(c.s, kR11) & kSysretFlags) | 2u, ~0u);
  c.s.cpl = 3;
  // To 64-bit code CS is STAR[63:48] + 16, to compatibility mode STAR[63:48]; SS is
  // STAR[63:48] + 8 either way, all with RPL 3.
  if (to64) {
    LoadFlatSegment(c, kCs, static_cast<uint16_t>((base + 16) | 3), kCodeDpl3, seg_attr::kLong);
    c.s.rip = c.s.gpr[kEcx];
  } else {
    LoadFlatSegment(c, kCs, static_cast<uint16_t>(base | 3), kCodeDpl3);
    c.s.rip = Reg32(c.s, kEcx);
  }
  LoadFlatSegment(c, kSs, static_cast<uint16_t>((base + 8) | 3), kDataDpl3);
  c.OnModeChange();
}

}  // namespace

void Swapgs(Cpu& c) {
  if (!Code64(c.s)) c.Fault(kVecUd);
  if (c.s.cpl != 0) c.Fault(kVecGp, 0);
  const uint64_t base = c.s.seg[kGs].base;
  c.s.seg[kGs].base = c.s.kernel_gs_base;
  c.s.kernel_gs_base = base;
}

void RegisterSyscallHandlers(HandlerTable& t) {
  t.Set(Op::SYSCALL, &Syscall);
  t.Set(Op::SYSRET, &Sysret);
  t.Set(Op::SWAPGS, [](Cpu& c, const DecodedInsn&) { Swapgs(c); });
}

}  // namespace m86
