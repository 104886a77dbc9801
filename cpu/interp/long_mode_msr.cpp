#include "cpu/interp/long_mode_msr.h"

#include "cpu/canonical.h"
#include "cpu/cpu.h"
#include "cpu/interp/misc_enable.h"

namespace m86 {
namespace {

enum : uint32_t {
  kEfer = 0xC0000080, kStar = 0xC0000081, kLstar = 0xC0000082, kCstar = 0xC0000083,
  kFmask = 0xC0000084, kFsBase = 0xC0000100, kGsBase = 0xC0000101, kKernelGsBase = 0xC0000102,
  kTscAux = 0xC0000103
};

bool Has(const Cpu& c, uint32_t ext_bit) { return (ExtendedFeatures(c.model()) & ext_bit) != 0; }

// The EFER bits software may set: each exists with its feature (SDM Vol. 4, IA32_EFER). LMA is
// the processor's to set; a write leaves it as it is.
uint64_t EferWritable(const Cpu& c) {
  return (Has(c, cpuid_ext_edx::kSyscall) ? efer::kSce : 0) |
         (Has(c, cpuid_ext_edx::kLm) ? efer::kLme : 0) | (Has(c, cpuid_ext_edx::kNx) && !XdDisabled(c) ? efer::kNxe : 0);
}

// Which of the MSRs the model has.
bool Present(const Cpu& c, uint32_t index) {
  switch (index) {
    case kEfer:
      return Has(c, cpuid_ext_edx::kSyscall | cpuid_ext_edx::kNx | cpuid_ext_edx::kLm);
    case kStar: return Has(c, cpuid_ext_edx::kSyscall);
    case kLstar: case kCstar: case kFmask: case kFsBase: case kGsBase: case kKernelGsBase:
      return Has(c, cpuid_ext_edx::kLm);
    case kTscAux: return Has(c, cpuid_ext_edx::kRdtscp);
    default: return false;
  }
}

}  // namespace

MsrResult ReadLongModeMsr(const Cpu& c, uint32_t index, uint64_t* out) {
  if (!Present(c, index)) return MsrResult::kUnknown;
  const CpuState& s = c.s;
  switch (index) {
    case kEfer: *out = s.efer; break;
    case kStar: *out = s.star; break;
    case kLstar: *out = s.lstar; break;
    case kCstar: *out = s.cstar; break;
    case kFmask: *out = s.sfmask; break;
    case kFsBase: *out = s.seg[kFs].base; break;
    case kGsBase: *out = s.seg[kGs].base; break;
    case kKernelGsBase: *out = s.kernel_gs_base; break;
    default: *out = s.tsc_aux; break;
  }
  return MsrResult::kOk;
}

MsrResult WriteLongModeMsr(Cpu& c, uint32_t index, uint64_t value) {
  if (!Present(c, index)) return MsrResult::kUnknown;
  CpuState& s = c.s;
  switch (index) {
    case kEfer: {
      if (value & ~(EferWritable(c) | efer::kLma)) return MsrResult::kFault;
      // LME cannot change while paging is on (SDM Vol. 3A, 10.8.5).
      if (((value ^ s.efer) & efer::kLme) && (s.cr0 & cr0::kPg)) return MsrResult::kFault;
      const uint64_t changed = (s.efer ^ value) & EferWritable(c);
      s.efer = (value & EferWritable(c)) | (s.efer & efer::kLma);
      // NXE changes what the paging structures mean: cached translations are stale.
      if (changed & efer::kNxe) c.FlushTlb();
      return MsrResult::kOk;
    }
    case kStar: s.star = value; return MsrResult::kOk;
    // RFLAGS has 32 bits: the mask's upper half is reserved.
    case kFmask:
      if (value >> 32) return MsrResult::kFault;
      s.sfmask = value;
      return MsrResult::kOk;
    // The TSC_AUX signature has 32 bits (SDM Vol. 2B, RDTSCP).
    case kTscAux:
      if (value >> 32) return MsrResult::kFault;
      s.tsc_aux = value;
      return MsrResult::kOk;
    default: break;
  }
  // The base and target MSRs refuse a non-canonical address with #GP(0).
  if (!IsCanonical(value)) return MsrResult::kFault;
  switch (index) {
    case kLstar: s.lstar = value; break;
    case kCstar: s.cstar = value; break;
    case kFsBase: s.seg[kFs].base = value; break;
    case kGsBase: s.seg[kGs].base = value; break;
    default: s.kernel_gs_base = value; break;
  }
  return MsrResult::kOk;
}

}  // namespace m86
