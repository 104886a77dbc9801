#include "cpu/interp/misc_enable.h"

namespace m86 {
namespace {

// The bits a write may change: fast strings and the CPUID limit everywhere, XD disable where
// the model has NX. The other documented controls (thermal monitor, SpeedStep, MONITOR/MWAIT,
// xTPR, ...) belong to features the models do not report: setting one is #GP(0), as for a
// reserved bit. Writes to the read-only bits are ignored.
uint64_t Writable(const Cpu& c) {
  return misc_enable::kFastStrings | misc_enable::kLimitCpuidMaxval |
         ((ExtendedFeatures(c.model()) & cpuid_ext_edx::kNx) ? misc_enable::kXdDisable : 0);
}
constexpr uint64_t kReadOnly = misc_enable::kBtsUnavailable | misc_enable::kPebsUnavailable;

}  // namespace

bool HasMiscEnable(const Cpu& c) {
  const uint32_t sig = c.model().cpuid_signature;
  const uint32_t family = (sig >> 8) & 0xF;
  const uint32_t model = ((sig >> 4) & 0xF) | ((sig >> 12) & 0xF0);
  return family == 0xF || (family == 6 && model >= 0xD);
}

MsrResult ReadMiscEnable(const Cpu& c, uint64_t* out) {
  if (!HasMiscEnable(c)) return MsrResult::kUnknown;
  *out = c.s.msr.misc_enable | kReadOnly;
  return MsrResult::kOk;
}

MsrResult WriteMiscEnable(Cpu& c, uint64_t value) {
  if (!HasMiscEnable(c)) return MsrResult::kUnknown;
  if ((value & ~Writable(c) & ~kReadOnly) != 0) return MsrResult::kFault;
  c.s.msr.misc_enable = value & Writable(c);
  return MsrResult::kOk;
}

}  // namespace m86
