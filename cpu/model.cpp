#include "cpu/model.h"

#include <array>

namespace m86 {
namespace {

using namespace cpuid_edx;

// CR4 bits (SDM Vol. 3A, 2.5): VME PVI TSD DE PSE PAE MCE PGE PCE.
constexpr uint32_t kCr4P5 = 0x1Fu | (1u << 6);             // VME PVI TSD DE PSE MCE
constexpr uint32_t kCr4P6 = kCr4P5 | (1u << 5) | (1u << 7) | (1u << 8);  // + PAE PGE PCE

// Signatures: family in bits 8-11, model in 4-7, stepping in 0-3 (SDM Vol. 2A, CPUID leaf 1).
constexpr std::array<CpuModel, 8> kModels = {{
    {"8086", kGen8086, 0x000FFFFF, false, true, 0xFF, 0xF002, true, true, false, false, 0, 0, 0,
     15, false, 4, false, ArithStyle::k8086, false, true},
    {"80286", kGen286, 0x00FFFFFF, true, false, 0x1F, 0x0002, false, false, false, false, 0, 0, 0,
     10, true, 4, true, ArithStyle::k80286, true},
    // The 80386 runs with an 80387 by default; WithFpu(m, false) removes it (--fpu none).
    {"80386", kGen386, 0xFFFFFFFF, true, false, 0x1F, 0x0002, false, false, true, false, 0, 0, 0,
     15, false, 6, false, ArithStyle::k80386, true},
    {"80486", kGen486, 0xFFFFFFFF, true, false, 0x1F, 0x0002, false, false, true, true, 0x00000480,
     kFpu, 0},
    {"pentium", kGenP5, 0xFFFFFFFF, true, false, 0x1F, 0x0002, false, false, true, true, 0x0000525,
     kFpu | kVme | kDe | kPse | kTsc | kMsr | kMce | kCx8, kCr4P5},
    // Pentium with MMX technology (P55C): family 5, model 4.
    {"pentium-mmx", kGenP5, 0xFFFFFFFF, true, false, 0x1F, 0x0002, false, false, true, true,
     0x0000543, kFpu | kVme | kDe | kPse | kTsc | kMsr | kMce | kCx8 | kMmx, kCr4P5},
    {"pentiumpro", kGenP6, 0xFFFFFFFF, true, false, 0x1F, 0x0002, false, false, true, true,
     0x0000619,
     kFpu | kVme | kDe | kPse | kTsc | kMsr | kPae | kMce | kCx8 | kSep | kMtrr | kPge | kMca |
         kCmov,
     kCr4P6},
    // Pentium II (Deschutes): family 6, model 5; MMX and FXSAVE/FXRSTOR. Its PAT and PSE-36
    // are not modelled, so CPUID does not report them.
    {"pentium2", kGenP6, 0xFFFFFFFF, true, false, 0x1F, 0x0002, false, false, true, true,
     0x0000652,
     kFpu | kVme | kDe | kPse | kTsc | kMsr | kPae | kMce | kCx8 | kSep | kMtrr | kPge | kMca |
         kCmov | kMmx | kFxsr,
     kCr4P6},
}};

constexpr std::string_view kDefaultModel = "pentiumpro";

}  // namespace

const CpuModel& DefaultModel() { return **ModelByName(kDefaultModel); }

std::optional<const CpuModel*> ModelByName(std::string_view name) {
  for (const CpuModel& m : kModels)
    if (m.name == name) return &m;
  return std::nullopt;
}

std::string_view ModelNames() {
  return "8086 80286 80386 80486 pentium pentium-mmx pentiumpro pentium2";
}

CpuModel WithFpu(const CpuModel& m, bool present) {
  CpuModel copy = m;
  copy.has_fpu = present;
  copy.cpuid_features = present ? (m.cpuid_features | kFpu) : (m.cpuid_features & ~kFpu);
  return copy;
}

}  // namespace m86
