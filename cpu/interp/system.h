// Shared helpers of the system-instruction handlers (interp/system*.cpp, control_regs.cpp,
// cpuid_msr.cpp, sysenter.cpp, selector_checks.cpp).
#pragma once
#include <cstdint>

#include "cpu/cpu.h"
#include "cpu/interp/handlers.h"
#include "cpu/segments.h"

namespace m86 {

// Privileged instructions: #GP(0) unless CPL is 0. Real mode runs at CPL 0; V86 mode at 3
// (SDM Vol. 3A, 5.9).
inline void RequireCpl0(Cpu& c) {
  if ((c.s.cr0 & cr0::kPe) && ((c.s.eflags & flag::kVm) || c.s.cpl != 0)) c.Fault(kVecGp, 0);
}

// Instructions "not recognized in real-address or virtual-8086 mode": #UD there.
inline void RequireProtectedMode(Cpu& c) {
  if (!InProtectedMode(c)) c.Fault(kVecUd);
}

// Sets or clears ZF alone (LAR, LSL, VERR, VERW, ARPL leave the other flags unchanged).
inline void SetZf(Cpu& c, bool zf) {
  const uint32_t f = c.GetFlags();
  c.s.eflags = zf ? (f | flag::kZf) : (f & ~flag::kZf);
}

// Writes CR0 with the checks and side effects of MOV to CR0 (LMSW and CLTS use it too).
void WriteCr0(Cpu& c, uint32_t value);

// Access bytes of those flat segments: present, S, DPL 0 or 3; code execute/read accessed
// (type 11), data read/write accessed (type 3).
constexpr uint8_t kCodeDpl0 = 0x9B, kDataDpl0 = 0x93, kCodeDpl3 = 0xFB, kDataDpl3 = 0xF3;
// Loads a flat 4 GiB segment without reading any descriptor (SYSENTER, SYSEXIT, SYSCALL,
// SYSRET): base 0, G = 1, the access byte given (present, S = 1, DPL, type) and `size_bits`,
// seg_attr::kBig for 32-bit segments or seg_attr::kLong for 64-bit code (sysenter.cpp).
void LoadFlatSegment(Cpu& c, SegReg reg, uint16_t selector, uint8_t access,
                     uint16_t size_bits = seg_attr::kBig);
// SWAPGS (0F 01 F8, a register form of INVLPG's encoding that the decoder selects by the whole
// ModRM byte; syscall.cpp).
void Swapgs(Cpu& c);

// Registration of each system family file.
void RegisterSystemTableHandlers(HandlerTable& t);     // system_tables.cpp
void RegisterSelectorCheckHandlers(HandlerTable& t);   // selector_checks.cpp
void RegisterControlRegisterHandlers(HandlerTable& t); // control_regs.cpp
void RegisterCpuidMsrHandlers(HandlerTable& t);        // cpuid_msr.cpp
void RegisterSysenterHandlers(HandlerTable& t);        // sysenter.cpp
void RegisterSyscallHandlers(HandlerTable& t);         // syscall.cpp

}  // namespace m86
