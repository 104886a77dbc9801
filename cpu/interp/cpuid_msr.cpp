// CPUID, RDTSC, RDMSR/WRMSR and RDPMC (SDM Vol. 2A-2B, the instructions of the same names).
// Which MSRs exist follows SDM Vol. 4, chapter 2 (the Pentium and P6 family tables) and the
// model's CPUID feature bits.
#include <cstdio>
#include <string>

#include "cpu/interp/long_mode_msr.h"
#include "cpu/interp/misc_enable.h"
#include "cpu/interp/operands.h"
#include "cpu/interp/system.h"

namespace m86 {
namespace {

// ---- CPUID ----

// CPUID answers from the model's table (model.cpp). A basic or extended leaf above its range's
// maximum returns the highest basic leaf, as Intel processors do (SDM Vol. 2A, CPUID: "If a
// value entered for CPUID.EAX is higher than the maximum input value for basic or extended
// function..."); a model without extended leaves treats 80000000h and up the same way.
void Cpuid(Cpu& c, const DecodedInsn&) {
  const CpuModel& m = c.model();
  if (!m.has_cpuid || m.cpuid_leaves.empty()) c.Fault(kVecUd);
  uint32_t max_basic = m.cpuid_leaves.front().eax;
  if (CpuidMaxvalLimited(c) && max_basic > 2) max_basic = 2;
  const CpuidLeaf* ext = FindCpuidLeaf(m, 0x80000000u, 0);
  const uint32_t max_ext = ext ? ext->eax : 0;
  uint32_t leaf = c.s.gpr[kEax];
  const bool in_range = leaf >= 0x80000000u ? (ext && leaf <= max_ext) : leaf <= max_basic;
  if (!in_range) leaf = max_basic;
  const uint32_t subleaf = c.s.gpr[kEcx];
  const CpuidLeaf* row = FindCpuidLeaf(m, leaf, subleaf);
  uint32_t a = row ? row->eax : 0, b = row ? row->ebx : 0, cx = row ? row->ecx : 0,
           dx = row ? row->edx : 0;
  if (leaf == 1) {
    a = m.cpuid_signature;
    cx = m.cpuid_features_ecx;
    dx = m.cpuid_features;
    if (c.local_apic()) dx |= cpuid_edx::kApic;
  }
  if (leaf == 0) a = max_basic;
  if (leaf == 0x80000001u && XdDisabled(c)) dx &= ~cpuid_ext_edx::kNx;
  // Leaf 0Bh echoes the subleaf in ECX[7:0] at every level (SDM Vol. 2A, CPUID leaf 0BH).
  if (leaf == 0x0B) cx = (cx & ~0xFFu) | (subleaf & 0xFF);
  c.s.gpr[kEax] = a;
  c.s.gpr[kEbx] = b;
  c.s.gpr[kEcx] = cx;
  c.s.gpr[kEdx] = dx;
}

// ---- Time-stamp counter ----

// The TSC counts what Cpu::TimeStampBase says; CpuState::tsc is the offset WRMSR and RESET set.
uint64_t ReadTsc(const Cpu& c) { return c.TimeStampBase() + c.s.tsc; }

bool HasFeature(const Cpu& c, uint32_t edx_bit) { return (c.model().cpuid_features & edx_bit) != 0; }

// RDTSC: CR4.TSD restricts it to CPL 0.
void Rdtsc(Cpu& c, const DecodedInsn&) {
  if (c.s.cr4 & cr4::kTsd) RequireCpl0(c);
  const uint64_t tsc = ReadTsc(c);
  c.s.gpr[kEax] = static_cast<uint32_t>(tsc);
  c.s.gpr[kEdx] = static_cast<uint32_t>(tsc >> 32);
}

// RDTSCP (SDM Vol. 2B): RDTSC that also returns IA32_TSC_AUX in ECX, for the models whose
// CPUID.80000001H:EDX.RDTSCP is set (#UD elsewhere). The 32-bit writes clear the upper halves
// of RAX, RDX and RCX in 64-bit mode.
void Rdtscp(Cpu& c, const DecodedInsn& d) {
  if (!(ExtendedFeatures(c.model()) & cpuid_ext_edx::kRdtscp)) c.Fault(kVecUd);
  Rdtsc(c, d);
  c.s.gpr[kEcx] = static_cast<uint32_t>(c.s.tsc_aux);
}

// RDPMC (P6): counter 0 or 1 in ECX; CR4.PCE allows it outside CPL 0. The counters hold what
// WRMSR stored (40 bits); nothing makes them count.
void Rdpmc(Cpu& c, const DecodedInsn&) {
  if (!(c.s.cr4 & cr4::kPce)) RequireCpl0(c);
  const uint32_t n = c.s.gpr[kEcx];
  if (n > 1) c.Fault(kVecGp, 0);
  const uint64_t v = c.s.msr.perf_ctr[n] & 0xFFFFFFFFFFull;
  c.s.gpr[kEax] = static_cast<uint32_t>(v);
  c.s.gpr[kEdx] = static_cast<uint32_t>(v >> 32);
}

// ---- MSRs ----

// MTRR memory types (SDM Vol. 3A, Table 11-8): UC WC WT WP WB; 2, 3 and 7+ are reserved.
bool ValidMemoryType(uint64_t type) { return type <= 6 && type != 2 && type != 3; }

// Index into MsrState::mtrr_fix, or -1.
int FixedMtrrIndex(uint32_t index) {
  if (index == 0x250) return 0;
  if (index == 0x258 || index == 0x259) return static_cast<int>(index - 0x258 + 1);
  if (index >= 0x268 && index <= 0x26F) return static_cast<int>(index - 0x268 + 3);
  return -1;
}

// MCi_CTL/STATUS/ADDR/MISC of the five P6 banks at 0x400 + 4i.
constexpr uint32_t kMcBanks = 5;

MsrResult ReadMsr(Cpu& c, uint32_t index, uint64_t* out) {
  const Generation gen = c.model().gen;
  const MsrState& r = c.s.msr;
  const bool p6 = gen >= kGenP6;
  const bool mtrr = HasFeature(c, cpuid_edx::kMtrr);
  const bool mca = HasFeature(c, cpuid_edx::kMca);
  switch (index) {
    case 0x00: case 0x01:  // P5_MC_ADDR, P5_MC_TYPE: no machine check ever recorded
      if (!HasFeature(c, cpuid_edx::kMce)) return MsrResult::kUnknown;
      *out = 0;
      return MsrResult::kOk;
    case 0x10:
      if (!HasFeature(c, cpuid_edx::kTsc)) return MsrResult::kUnknown;
      *out = ReadTsc(c);
      return MsrResult::kOk;
    case 0x11: case 0x12: case 0x13:  // Pentium CESR, CTR0, CTR1
      if (gen != kGenP5) return MsrResult::kUnknown;
      *out = index == 0x11 ? r.p5_cesr : r.p5_ctr[index - 0x12];
      return MsrResult::kOk;
    case 0x17: case 0x2A: case 0x1DB: case 0x1DC: case 0x1DD: case 0x1DE:
      // PLATFORM_ID (platform 0), EBL_CR_POWERON, the last-branch/exception records (empty).
      if (!p6) return MsrResult::kUnknown;
      *out = 0;
      return MsrResult::kOk;
    case 0x1B: if (!p6) return MsrResult::kUnknown; *out = c.s.apic_base; return MsrResult::kOk;
    case 0x8B: if (!p6) return MsrResult::kUnknown; *out = r.bios_sign; return MsrResult::kOk;
    case 0xC1: case 0xC2:
      if (!p6) return MsrResult::kUnknown;
      *out = r.perf_ctr[index - 0xC1];
      return MsrResult::kOk;
    case 0x186: case 0x187:
      if (!p6) return MsrResult::kUnknown;
      *out = r.perf_evtsel[index - 0x186];
      return MsrResult::kOk;
    case 0x1D9: if (!p6) return MsrResult::kUnknown; *out = r.debugctl; return MsrResult::kOk;
    case 0x1A0: return ReadMiscEnable(c, out);
    case 0xFE:  // MTRRcap: 8 variable ranges, fixed ranges, write combining
      if (!mtrr) return MsrResult::kUnknown;
      *out = 0x508;
      return MsrResult::kOk;
    case 0x2FF: if (!mtrr) return MsrResult::kUnknown; *out = r.mtrr_def_type; return MsrResult::kOk;
    case 0x174: case 0x175: case 0x176:
      if (!HasFeature(c, cpuid_edx::kSep)) return MsrResult::kUnknown;
      *out = index == 0x174 ? c.s.sysenter_cs : index == 0x175 ? c.s.sysenter_esp : c.s.sysenter_eip;
      return MsrResult::kOk;
    case 0x179:  // MCG_CAP: five banks, MCG_CTL present
      if (!mca) return MsrResult::kUnknown;
      *out = 0x100 | kMcBanks;
      return MsrResult::kOk;
    case 0x17A: if (!mca) return MsrResult::kUnknown; *out = r.mcg_status; return MsrResult::kOk;
    case 0x17B: if (!mca) return MsrResult::kUnknown; *out = r.mcg_ctl; return MsrResult::kOk;
    default: break;
  }
  if (mtrr && index >= 0x200 && index <= 0x20F) {
    *out = r.mtrr_var[index - 0x200];
    return MsrResult::kOk;
  }
  if (mtrr && FixedMtrrIndex(index) >= 0) {
    *out = r.mtrr_fix[FixedMtrrIndex(index)];
    return MsrResult::kOk;
  }
  if (mca && index >= 0x400 && index < 0x400 + 4 * kMcBanks) {
    switch (index & 3) {
      case 0: *out = r.mc_ctl[(index - 0x400) / 4]; return MsrResult::kOk;
      case 3: return MsrResult::kFault;  // MCi_MISC is not implemented on the P6 family
      default: *out = 0; return MsrResult::kOk;  // STATUS and ADDR: nothing logged
    }
  }
  return MsrResult::kUnknown;
}

MsrResult WriteMsr(Cpu& c, uint32_t index, uint64_t value) {
  const Generation gen = c.model().gen;
  MsrState& r = c.s.msr;
  const bool p6 = gen >= kGenP6;
  const bool mtrr = HasFeature(c, cpuid_edx::kMtrr);
  const bool mca = HasFeature(c, cpuid_edx::kMca);
  switch (index) {
    case 0x00: case 0x01:
      return HasFeature(c, cpuid_edx::kMce) ? MsrResult::kOk : MsrResult::kUnknown;
    case 0x10:
      if (!HasFeature(c, cpuid_edx::kTsc)) return MsrResult::kUnknown;
      // The P6 family writes the low 32 bits and clears the upper half (SDM Vol. 3B, 17.17).
      if (p6) value &= 0xFFFFFFFFu;
      c.s.tsc = value - c.TimeStampBase();
      return MsrResult::kOk;
    case 0x11: case 0x12: case 0x13:
      if (gen != kGenP5) return MsrResult::kUnknown;
      if (index == 0x11) r.p5_cesr = value & 0xFFFFFFFFu;
      else r.p5_ctr[index - 0x12] = value & 0xFFFFFFFFFFull;
      if (index == 0x11 && (value & 0x01C001C0u)) c.LogUnimplemented("Pentium performance counting");
      return MsrResult::kOk;
    case 0x17: case 0x1DB: case 0x1DC: case 0x1DD: case 0x1DE:
      return p6 ? MsrResult::kFault : MsrResult::kUnknown;  // read-only
    case 0x2A: case 0x79:
      // EBL_CR_POWERON (the writable bits do nothing here) and BIOS_UPDT_TRIG: no microcode
      // update is applied, so BIOS_SIGN_ID keeps its revision.
      return p6 ? MsrResult::kOk : MsrResult::kUnknown;
    case 0x1B:
      if (!p6) return MsrResult::kUnknown;
      // APIC_BASE: BSP (8, read-only), enable (11), base (12-35); the rest is reserved.
      if (value & ~0xFFFFFF900ull) return MsrResult::kFault;
      c.s.apic_base = (value & ~0x100ull) | (c.s.apic_base & 0x100);
      if (c.on_apic_base_write) c.on_apic_base_write(c.s.apic_base);
      return MsrResult::kOk;
    case 0x8B: if (!p6) return MsrResult::kUnknown; r.bios_sign = value; return MsrResult::kOk;
    case 0xC1: case 0xC2: {
      if (!p6) return MsrResult::kUnknown;
      // Only the low 32 bits are written; bits 32-39 copy bit 31 (SDM Vol. 3B, 18.22).
      const uint64_t low = value & 0xFFFFFFFFu;
      r.perf_ctr[index - 0xC1] = (low & 0x80000000u) ? (low | 0xFF00000000ull) : low;
      return MsrResult::kOk;
    }
    case 0x186: case 0x187:
      if (!p6) return MsrResult::kUnknown;
      r.perf_evtsel[index - 0x186] = value & 0xFFFFFFFFu;
      if (value & (1u << 22)) c.LogUnimplemented("P6 performance counting (PerfEvtSel EN)");
      return MsrResult::kOk;
    case 0x1A0: return WriteMiscEnable(c, value);
    case 0x1D9:
      if (!p6) return MsrResult::kUnknown;
      // DEBUGCTL: LBR, BTF, PB0-PB3, TR; the rest is reserved.
      if (value & ~0x7Full) return MsrResult::kFault;
      r.debugctl = value;
      if (value & 1) c.LogUnimplemented("last branch recording (DEBUGCTL.LBR)");
      if (value & 2) c.LogUnimplemented("single-step on branches (DEBUGCTL.BTF)");
      return MsrResult::kOk;
    case 0xFE: return mtrr ? MsrResult::kFault : MsrResult::kUnknown;  // MTRRcap is read-only
    case 0x2FF:
      if (!mtrr) return MsrResult::kUnknown;
      if ((value & ~0xCFFull) || !ValidMemoryType(value & 0xFF)) return MsrResult::kFault;
      r.mtrr_def_type = value;
      return MsrResult::kOk;
    case 0x174: case 0x175: case 0x176: {
      if (!HasFeature(c, cpuid_edx::kSep)) return MsrResult::kUnknown;
      uint32_t& reg = index == 0x174   ? c.s.sysenter_cs
                      : index == 0x175 ? c.s.sysenter_esp
                                       : c.s.sysenter_eip;
      reg = static_cast<uint32_t>(value);
      return MsrResult::kOk;
    }
    case 0x179: return mca ? MsrResult::kFault : MsrResult::kUnknown;  // MCG_CAP is read-only
    case 0x17A:
      if (!mca) return MsrResult::kUnknown;
      if (value & ~7ull) return MsrResult::kFault;
      r.mcg_status = value;
      return MsrResult::kOk;
    case 0x17B: if (!mca) return MsrResult::kUnknown; r.mcg_ctl = value; return MsrResult::kOk;
    default: break;
  }
  if (mtrr && index >= 0x200 && index <= 0x20F) {
    // PHYSBASE: type (0-7), base (12-35); PHYSMASK: valid (11), mask (12-35) (SDM Vol. 3A,
    // 11.11.2.3). Reserved bits and reserved types are #GP(0).
    const bool is_mask = index & 1;
    const uint64_t allowed = is_mask ? 0xFFFFFF800ull : 0xFFFFFF0FFull;
    if ((value & ~allowed) || (!is_mask && !ValidMemoryType(value & 0xFF))) return MsrResult::kFault;
    r.mtrr_var[index - 0x200] = value;
    return MsrResult::kOk;
  }
  if (mtrr && FixedMtrrIndex(index) >= 0) {
    for (int i = 0; i < 8; ++i)
      if (!ValidMemoryType((value >> (8 * i)) & 0xFF)) return MsrResult::kFault;
    r.mtrr_fix[FixedMtrrIndex(index)] = value;
    return MsrResult::kOk;
  }
  if (mca && index >= 0x400 && index < 0x400 + 4 * kMcBanks) {
    switch (index & 3) {
      case 0: r.mc_ctl[(index - 0x400) / 4] = value; return MsrResult::kOk;
      case 3: return MsrResult::kFault;
      // STATUS and ADDR accept only zeros on the P6 family (SDM Vol. 3B, 15.3.2).
      default: return value == 0 ? MsrResult::kOk : MsrResult::kFault;
    }
  }
  return MsrResult::kUnknown;
}

// Whether the model's processor has MSR `index` (SDM Vol. 4, the tables of the Pentium and P6
// family MSRs). Reaching one it lacks is #GP(0) on hardware, and operating systems probe later
// processors' MSRs that way (IA32_FEATURE_CONTROL, MISC_ENABLE...); only one it has that this
// emulator does not model is logged as unimplemented.
bool DocumentedMsr(Generation gen, uint32_t index) {
  if (gen == kGenP5) return index <= 0x13;  // MC_ADDR, MC_TYPE, the test registers, TSC, CESR, CTRs
  if (gen < kGenP6) return false;
  switch (index) {
    case 0x00: case 0x01: case 0x10: case 0x17: case 0x1B: case 0x2A: case 0x33: case 0x79:
    case 0x88: case 0x89: case 0x8A: case 0x8B: case 0xC1: case 0xC2: case 0xFE:
    case 0x174: case 0x175: case 0x176: case 0x179: case 0x17A: case 0x17B: case 0x186:
    case 0x187: case 0x1D9: case 0x1DB: case 0x1DC: case 0x1DD: case 0x1DE: case 0x1E0:
    case 0x250: case 0x258: case 0x259: case 0x2FF:
      return true;
    default:
      return (index >= 0x116 && index <= 0x11E) ||  // BBL_CR_*: the L2 cache's control
             (index >= 0x200 && index <= 0x20F) || (index >= 0x268 && index <= 0x26F) ||
             (index >= 0x400 && index <= 0x413);
  }
}

void LogUnknownMsr(Cpu& c, const char* what, uint32_t index) {
  if (!DocumentedMsr(c.model().gen, index)) return;
  char name[40];
  std::snprintf(name, sizeof name, "%s of MSR 0x%X", what, index);
  c.LogUnimplemented(name);
}

// RDMSR/WRMSR: CPL 0 only; an MSR the model lacks is #GP(0), as on hardware. One the model has
// and this emulator does not implement is also logged.
void Rdmsr(Cpu& c, const DecodedInsn&) {
  RequireCpl0(c);
  const uint32_t index = c.s.gpr[kEcx];
  uint64_t value = 0;
  const MsrResult result =
      IsLongModeMsr(index) ? ReadLongModeMsr(c, index, &value) : ReadMsr(c, index, &value);
  if (result == MsrResult::kUnknown) LogUnknownMsr(c, "RDMSR", index);
  if (result != MsrResult::kOk) c.Fault(kVecGp, 0);
  c.s.gpr[kEax] = static_cast<uint32_t>(value);
  c.s.gpr[kEdx] = static_cast<uint32_t>(value >> 32);
}

void Wrmsr(Cpu& c, const DecodedInsn&) {
  RequireCpl0(c);
  const uint32_t index = c.s.gpr[kEcx];
  const uint64_t value = (uint64_t{GetReg<uint32_t>(c, kEdx)} << 32) | GetReg<uint32_t>(c, kEax);
  const MsrResult result =
      IsLongModeMsr(index) ? WriteLongModeMsr(c, index, value) : WriteMsr(c, index, value);
  if (result == MsrResult::kUnknown) LogUnknownMsr(c, "WRMSR", index);
  if (result != MsrResult::kOk) c.Fault(kVecGp, 0);
}

}  // namespace

void RegisterCpuidMsrHandlers(HandlerTable& t) {
  t.Set(Op::CPUID, &Cpuid);
  t.Set(Op::RDTSC, &Rdtsc);
  t.Set(Op::RDTSCP, &Rdtscp);
  t.Set(Op::RDPMC, &Rdpmc);
  t.Set(Op::RDMSR, &Rdmsr);
  t.Set(Op::WRMSR, &Wrmsr);
}

}  // namespace m86
