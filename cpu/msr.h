// Model-specific registers kept as storage (SDM Vol. 4, chapter 2: the Pentium and P6 family
// tables). TSC, APIC_BASE and the SYSENTER MSRs live in CpuState; RDMSR/WRMSR
// (interp/cpuid_msr.cpp) decide which registers a model has and which bits are writable.
#pragma once
#include <cstdint>
#include <type_traits>

namespace m86 {

struct MsrState {
  // Memory type range registers (SDM Vol. 3A, 11.11): IA32_MTRR_DEF_TYPE, eight variable
  // ranges (PHYSBASEn at 0x200 + 2n, PHYSMASKn at 0x201 + 2n) and the eleven fixed ranges.
  uint64_t mtrr_def_type;
  uint64_t mtrr_var[16];
  uint64_t mtrr_fix[11];  // 0x250, 0x258, 0x259, 0x268-0x26F
  // Machine check architecture (SDM Vol. 3B, 15.3): global control and status, five banks.
  uint64_t mcg_status, mcg_ctl;
  uint64_t mc_ctl[5];
  // Performance monitoring: Pentium CESR/CTR0/CTR1 (0x11-0x13), P6 PerfCtr0/1 (0xC1-0xC2)
  // and PerfEvtSel0/1 (0x186-0x187). The counters hold what software wrote; nothing counts.
  uint64_t p5_cesr, p5_ctr[2];
  uint64_t perf_ctr[2], perf_evtsel[2];
  uint64_t debugctl;   // IA32_DEBUGCTL (0x1D9)
  uint64_t bios_sign;  // IA32_BIOS_SIGN_ID (0x8B): microcode revision in bits 32-63
  uint64_t misc_enable;  // IA32_MISC_ENABLE (0x1A0): its read/write bits (misc_enable::)
};

// IA32_MISC_ENABLE bits (SDM Vol. 4, Table 2-2) that the models implement: fast strings (no
// effect here), the limit on CPUID's basic leaves, XD disable (hides NX), and the read-only
// reports that branch trace storage and PEBS are unavailable.
namespace misc_enable {
constexpr uint64_t kFastStrings = 1u << 0, kBtsUnavailable = 1u << 11,
                   kPebsUnavailable = 1u << 12, kLimitCpuidMaxval = 1u << 22,
                   kXdDisable = uint64_t{1} << 34;
}
static_assert(std::is_standard_layout_v<MsrState>);

// What RDMSR/WRMSR found: done, #GP(0) for a bad value, or an MSR the model does not have.
enum class MsrResult { kOk, kFault, kUnknown };

}  // namespace m86
