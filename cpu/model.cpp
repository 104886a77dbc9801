#include "cpu/model.h"

#include <array>

namespace m86 {
namespace {

using namespace cpuid_edx;
using namespace cpuid_ecx;

// CR4 bits (SDM Vol. 3A, 2.5): VME PVI TSD DE PSE PAE MCE PGE PCE, and with SSE OSFXSR and
// OSXMMEXCPT.
constexpr uint32_t kCr4P5 = 0x1Fu | (1u << 6);             // VME PVI TSD DE PSE MCE
constexpr uint32_t kCr4P6 = kCr4P5 | (1u << 5) | (1u << 7) | (1u << 8);  // + PAE PGE PCE
constexpr uint32_t kCr4Sse = kCr4P6 | (1u << 9) | (1u << 10);

// The feature bits of the P6 family before MMX. PAT and PSE-36 are not modelled, so no model
// reports them, whatever its processor had.
constexpr uint32_t kP6Edx = kFpu | kVme | kDe | kPse | kTsc | kMsr | kPae | kMce | kCx8 | kSep |
                            kMtrr | kPge | kMca | kCmov;
constexpr uint32_t kSseEdx = kP6Edx | kMmx | kFxsr | kSse;
constexpr uint32_t kSse2Edx = kSseEdx | kClfsh | kSse2;

// "GenuineIntel" in EBX, EDX, ECX (leaf 0).
constexpr uint32_t kGenu = 0x756E6547u, kInei = 0x49656E69u, kNtel = 0x6C65746Eu;
constexpr CpuidLeaf Vendor(uint32_t max_leaf) { return {0, -1, max_leaf, kGenu, kNtel, kInei}; }

// Leaves 80000002h-80000004h: the 48-byte brand string, four characters per register.
template <size_t N>
constexpr CpuidLeaf BrandLeaf(const char (&brand)[N], int part) {
  static_assert(N == 48, "brand strings are 47 characters and a NUL in 48 bytes");
  uint32_t r[4] = {};
  for (int i = 0; i < 16; ++i)
    r[i / 4] |= uint32_t{static_cast<uint8_t>(brand[16 * part + i])} << (8 * (i % 4));
  return {0x80000002u + part, -1, r[0], r[1], r[2], r[3]};
}

// Leaf 1 rows hold EBX only: bits 8-15 the CLFLUSH line in 8-byte units, 16-23 the logical
// processors of the package (one: the machine has one CPU, so HTT stays clear), 0-7 the brand
// index (SDM Vol. 2A, CPUID, Table 3-8).
constexpr uint32_t kClflush64 = 8u << 8, kOneLogical = 1u << 16;

// The processors before the P6 family answer leaves 0 and 1.
constexpr CpuidLeaf kP5Leaves[] = {Vendor(1), {1, -1, 0, 0, 0, 0}};
// Leaf 2 of the P6 family (SDM Vol. 2A, CPUID, Table 3-12): one iteration; 4 KiB and 4 MiB
// instruction TLBs (01h, 02h), 4 KiB and 4 MiB data TLBs (03h, 04h), 8 KiB L1 code (06h) and
// data (0Ah) caches, 256 KiB L2 (42h).
constexpr CpuidLeaf kP6Leaves[] = {Vendor(2), {1, -1, 0, 0, 0, 0},
                                   {2, -1, 0x03020101u, 0, 0, 0x06040A42u}};

// Pentium III (Coppermine): brand index 2; leaf 2 adds 16 KiB L1 code and data caches (08h,
// 0Ch) and the 256 KiB 8-way on-die L2 (82h). Leaf 3 (the serial number) is disabled, as
// BIOSes left it, so the maximum leaf is 2; the Pentium III has no extended leaves.
constexpr CpuidLeaf kPentium3Leaves[] = {Vendor(2), {1, -1, 0, 2, 0, 0},
                                         {2, -1, 0x03020101u, 0, 0, 0x0C040882u}};

// Pentium 4 (Prescott, 1 MiB L2). Leaf 2: 64-entry ITLB and DTLB (50h, 5Bh), 16 KiB 8-way L1
// data (60h), the 12K-uop trace cache (70h), the 1 MiB 8-way L2 (7Ch), no L3 (40h). Leaf 4
// describes the L1 data cache and the L2; leaf 5 the 64-byte MONITOR line (MONITOR itself
// is not modelled, so leaf 1 does not report it). Extended leaves: no 64-bit features, the
// right-justified brand string, the L2 (80000006h) and 36-bit physical, 32-bit linear
// addresses (80000008h).
constexpr CpuidLeaf kPentium4Leaves[] = {
    Vendor(5),
    {1, -1, 0, kClflush64 | kOneLogical, 0, 0},
    {2, -1, 0x605B5001u, 0, 0, 0x007C7040u},
    {4, 0, 0x00000121u, 0x01C0003Fu, 0x0000001Fu, 0},
    {4, 1, 0x00000143u, 0x01C0003Fu, 0x000007FFu, 0},
    {4, -1, 0, 0, 0, 0},
    {5, -1, 0x40, 0x40, 0, 0},
    {0x80000000u, -1, 0x80000008u, 0, 0, 0},
    {0x80000001u, -1, 0, 0, 0, 0},
    BrandLeaf("              Intel(R) Pentium(R) 4 CPU 3.00GHz", 0),
    BrandLeaf("              Intel(R) Pentium(R) 4 CPU 3.00GHz", 1),
    BrandLeaf("              Intel(R) Pentium(R) 4 CPU 3.00GHz", 2),
    {0x80000005u, -1, 0, 0, 0, 0},
    {0x80000006u, -1, 0, 0, 0x04006040u, 0},
    {0x80000007u, -1, 0, 0, 0, 0},
    {0x80000008u, -1, 0x00002024u, 0, 0, 0},
};

// Core 2 (Merom, T7200, 4 MiB L2), presented as one core. Leaf 2 is the processor's; leaf 4
// gives the 32 KiB 8-way L1 data and code caches and the 4 MiB 16-way L2, each serving one
// core and thread here; leaves 6 and 0Ah report the thermal and performance-monitoring
// features absent, as they are not modelled. 80000001h: LAHF/SAHF in 64-bit mode, SYSCALL,
// NX, LM; 36-bit physical and 48-bit linear addresses.
constexpr CpuidLeaf kCore2Leaves[] = {
    Vendor(0x0A),
    {1, -1, 0, kClflush64 | kOneLogical, 0, 0},
    {2, -1, 0x05B0B101u, 0x005657F0u, 0, 0x2CB43049u},
    {3, -1, 0, 0, 0, 0},
    {4, 0, 0x00000121u, 0x01C0003Fu, 0x0000003Fu, 0x00000001u},
    {4, 1, 0x00000122u, 0x01C0003Fu, 0x0000003Fu, 0},
    {4, 2, 0x00000143u, 0x03C0003Fu, 0x00000FFFu, 0x00000001u},
    {4, -1, 0, 0, 0, 0},
    {5, -1, 0x40, 0x40, 0x3, 0x00022220u},
    {6, -1, 0, 0, 0, 0},
    {7, -1, 0, 0, 0, 0},
    {8, -1, 0, 0, 0, 0},
    {9, -1, 0, 0, 0, 0},
    {0x0A, -1, 0, 0, 0, 0},
    {0x80000000u, -1, 0x80000008u, 0, 0, 0},
    {0x80000001u, -1, 0, 0, 0x00000001u, 0x20100800u},
    BrandLeaf("Intel(R) Core(TM)2 CPU         T7200  @ 2.00GHz", 0),
    BrandLeaf("Intel(R) Core(TM)2 CPU         T7200  @ 2.00GHz", 1),
    BrandLeaf("Intel(R) Core(TM)2 CPU         T7200  @ 2.00GHz", 2),
    {0x80000005u, -1, 0, 0, 0, 0},
    {0x80000006u, -1, 0, 0, 0x10008040u, 0},
    {0x80000007u, -1, 0, 0, 0, 0},
    {0x80000008u, -1, 0x00003024u, 0, 0, 0},
};

// Nehalem (Core i7-920), presented as one core and thread. Leaf 4: 32 KiB 8-way L1 data,
// 32 KiB 4-way L1 code, 256 KiB 8-way L2, 8 MiB 16-way inclusive L3; leaf 0Bh the topology
// of one thread in one core; 80000001h adds RDTSCP to Core 2's features; 80000007h the
// invariant TSC (the TSC counts virtual time at a fixed rate here).
constexpr CpuidLeaf kNehalemLeaves[] = {
    Vendor(0x0B),
    {1, -1, 0, kClflush64 | kOneLogical, 0, 0},
    {2, -1, 0x55035A01u, 0x00F0B2E4u, 0, 0x09CA212Cu},
    {3, -1, 0, 0, 0, 0},
    {4, 0, 0x00000121u, 0x01C0003Fu, 0x0000003Fu, 0},
    {4, 1, 0x00000122u, 0x00C0003Fu, 0x0000007Fu, 0},
    {4, 2, 0x00000143u, 0x01C0003Fu, 0x000001FFu, 0},
    {4, 3, 0x00000163u, 0x03C0003Fu, 0x00001FFFu, 0x00000002u},
    {4, -1, 0, 0, 0, 0},
    {5, -1, 0x40, 0x40, 0x3, 0x00001120u},
    {6, -1, 0, 0, 0, 0},
    {7, -1, 0, 0, 0, 0},
    {8, -1, 0, 0, 0, 0},
    {9, -1, 0, 0, 0, 0},
    {0x0A, -1, 0, 0, 0, 0},
    {0x0B, 0, 0, 1, 0x00000100u, 0},
    {0x0B, 1, 0, 1, 0x00000201u, 0},
    {0x0B, -1, 0, 0, 0, 0},
    {0x80000000u, -1, 0x80000008u, 0, 0, 0},
    {0x80000001u, -1, 0, 0, 0x00000001u, 0x28100800u},
    BrandLeaf("Intel(R) Core(TM) i7 CPU         920  @ 2.67GHz", 0),
    BrandLeaf("Intel(R) Core(TM) i7 CPU         920  @ 2.67GHz", 1),
    BrandLeaf("Intel(R) Core(TM) i7 CPU         920  @ 2.67GHz", 2),
    {0x80000005u, -1, 0, 0, 0, 0},
    {0x80000006u, -1, 0, 0, 0x01006040u, 0},
    {0x80000007u, -1, 0, 0, 0, 0x00000100u},
    {0x80000008u, -1, 0x00003024u, 0, 0, 0},
};

// The fields the SSE-era models add to a P6 base.
constexpr CpuModel Sse(CpuModel m, std::span<const CpuidLeaf> leaves, uint32_t ecx,
                       uint32_t mxcsr_mask) {
  m.cpuid_leaves = leaves;
  m.cpuid_features_ecx = ecx;
  m.mxcsr_mask = mxcsr_mask;
  return m;
}
constexpr CpuModel WithLeaves(CpuModel m, std::span<const CpuidLeaf> leaves) {
  m.cpuid_leaves = leaves;
  return m;
}

constexpr CpuModel P6(std::string_view name, uint32_t signature, uint32_t edx, uint32_t cr4) {
  return {name, kGenP6, 0xFFFFFFFF, true, false, 0x1F, 0x0002, false, false, true, true,
          signature, edx, cr4};
}

// Signatures: family in bits 8-11, model in 4-7, stepping in 0-3, extended model in 16-19
// (SDM Vol. 2A, CPUID leaf 1).
constexpr std::array<CpuModel, 12> kModels = {{
    {"8086", kGen8086, 0x000FFFFF, false, true, 0xFF, 0xF002, true, true, false, false, 0, 0, 0,
     15, false, 4, false, ArithStyle::k8086, false, true},
    {"80286", kGen286, 0x00FFFFFF, true, false, 0x1F, 0x0002, false, false, false, false, 0, 0, 0,
     10, true, 4, true, ArithStyle::k80286, true},
    // The 80386 runs with an 80387 by default; WithFpu(m, false) removes it (--fpu none).
    {"80386", kGen386, 0xFFFFFFFF, true, false, 0x1F, 0x0002, false, false, true, false, 0, 0, 0,
     15, false, 6, false, ArithStyle::k80386, true},
    WithLeaves({"80486", kGen486, 0xFFFFFFFF, true, false, 0x1F, 0x0002, false, false, true, true,
                0x00000480, kFpu, 0},
               kP5Leaves),
    WithLeaves({"pentium", kGenP5, 0xFFFFFFFF, true, false, 0x1F, 0x0002, false, false, true, true,
                0x0000525, kFpu | kVme | kDe | kPse | kTsc | kMsr | kMce | kCx8, kCr4P5},
               kP5Leaves),
    // Pentium with MMX technology (P55C): family 5, model 4.
    WithLeaves({"pentium-mmx", kGenP5, 0xFFFFFFFF, true, false, 0x1F, 0x0002, false, false, true,
                true, 0x0000543, kFpu | kVme | kDe | kPse | kTsc | kMsr | kMce | kCx8 | kMmx,
                kCr4P5},
               kP5Leaves),
    WithLeaves(P6("pentiumpro", 0x0000619, kP6Edx, kCr4P6), kP6Leaves),
    // Pentium II (Deschutes): family 6, model 5; MMX and FXSAVE/FXRSTOR.
    WithLeaves(P6("pentium2", 0x0000652, kP6Edx | kMmx | kFxsr, kCr4P6), kP6Leaves),
    // Pentium III (Coppermine, stepping cD0): family 6, model 8; SSE, no DAZ.
    Sse(P6("pentium3", 0x000068A, kSseEdx, kCr4Sse), kPentium3Leaves, 0, 0xFFBF),
    // Pentium 4 (Prescott): family 15, model 3, stepping 4; SSE2, SSE3, CLFLUSH, DAZ.
    Sse(P6("pentium4", 0x0000F34, kSse2Edx, kCr4Sse), kPentium4Leaves, kSse3, 0xFFFF),
    // Core 2 (Merom): family 6, model 15, stepping 6; SSSE3, CMPXCHG16B, x86-64 and NX.
    Sse(P6("core2", 0x00006F6, kSse2Edx, kCr4Sse), kCore2Leaves, kSse3 | kSsse3 | kCx16, 0xFFFF),
    // Nehalem (Core i7-920, Bloomfield): family 6, model 26 (extended model 1), stepping 5;
    // SSE4.1, SSE4.2, POPCNT.
    Sse(P6("nehalem", 0x00106A5, kSse2Edx, kCr4Sse), kNehalemLeaves,
        kSse3 | kSsse3 | kCx16 | kSse41 | kSse42 | kPopcnt, 0xFFFF),
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
  return "8086 80286 80386 80486 pentium pentium-mmx pentiumpro pentium2 pentium3 pentium4 core2 "
         "nehalem";
}

const CpuidLeaf* FindCpuidLeaf(const CpuModel& m, uint32_t leaf, uint32_t subleaf) {
  const CpuidLeaf* any = nullptr;
  for (const CpuidLeaf& row : m.cpuid_leaves) {
    if (row.leaf != leaf) continue;
    if (row.subleaf >= 0 && static_cast<uint32_t>(row.subleaf) == subleaf) return &row;
    if (row.subleaf < 0 && !any) any = &row;
  }
  return any;
}

uint32_t ExtendedFeatures(const CpuModel& m) {
  const CpuidLeaf* row = FindCpuidLeaf(m, 0x80000001u, 0);
  return row ? row->edx : 0;
}

uint8_t PhysicalAddressBits(const CpuModel& m) {
  if (const CpuidLeaf* row = FindCpuidLeaf(m, 0x80000008u, 0)) return row->eax & 0xFF;
  return (m.cpuid_features & kPae) ? 36 : 32;
}

CpuModel WithFpu(const CpuModel& m, bool present) {
  CpuModel copy = m;
  copy.has_fpu = present;
  copy.cpuid_features = present ? (m.cpuid_features | kFpu) : (m.cpuid_features & ~kFpu);
  return copy;
}

}  // namespace m86
