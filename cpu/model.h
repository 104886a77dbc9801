// CPU models: the feature bits and documented quirks that instruction semantics consult.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace m86 {

// Generations order the models; decoder rows name the first (and last) generation they exist in.
enum Generation : uint8_t { kGen8086 = 0, kGen286 = 2, kGen386 = 3, kGen486 = 4, kGenP5 = 5, kGenP6 = 6 };

// CPUID.1:EDX feature bits (SDM Vol. 2A, CPUID, Table 3-11).
namespace cpuid_edx {
constexpr uint32_t kFpu = 1u << 0, kVme = 1u << 1, kDe = 1u << 2, kPse = 1u << 3, kTsc = 1u << 4,
                   kMsr = 1u << 5, kPae = 1u << 6, kMce = 1u << 7, kCx8 = 1u << 8, kApic = 1u << 9,
                   kSep = 1u << 11, kMtrr = 1u << 12, kPge = 1u << 13, kMca = 1u << 14,
                   kCmov = 1u << 15, kPat = 1u << 16, kPse36 = 1u << 17, kMmx = 1u << 23,
                   kClfsh = 1u << 19, kFxsr = 1u << 24, kSse = 1u << 25, kSse2 = 1u << 26;
}
// CPUID.80000001H:EDX feature bits (SDM Vol. 2A, CPUID, Table 3-8).
namespace cpuid_ext_edx {
constexpr uint32_t kSyscall = 1u << 11, kNx = 1u << 20, kPage1Gb = 1u << 26, kRdtscp = 1u << 27,
                   kLm = 1u << 29;
}

// CPUID.1:ECX feature bits (SDM Vol. 2A, CPUID, Table 3-10).
namespace cpuid_ecx {
constexpr uint32_t kSse3 = 1u << 0, kSsse3 = 1u << 9, kCx16 = 1u << 13, kSse41 = 1u << 19,
                   kSse42 = 1u << 20, kPopcnt = 1u << 23;
}

// One CPUID answer: EAX = leaf (and ECX = subleaf, -1 for leaves without subleaves) gives these
// four registers. Leaf 1's EAX, ECX and EDX come from the model's signature and feature fields
// (the semantics consult those), so its row holds only EBX.
struct CpuidLeaf {
  uint32_t leaf;
  int32_t subleaf;
  uint32_t eax, ebx, ecx, edx;
};

// Whose microarchitecture the instructions reproduce where the SDM leaves results or flags
// undefined, or where the generations differ (cpu/interp/muldiv.cpp, shift.cpp, bcd.cpp,
// bit.cpp, stack.cpp, data.cpp).
enum class ArithStyle : uint8_t {
  k8086,   // the 8086 microcode, as the SingleStepTests 8086 vectors pin it
  k80286,  // the 80286, as the SingleStepTests 80286 vectors pin it
  // The 80386 as measured on 386 hardware (test386.asm's POST E0 table): the host's behaviour
  // except AAA/AAS flags, byte and word shift counts beyond the width, BT* OF, POPAD on a
  // 16-bit stack and a scaled SIB without index in LEA.
  k80386,
  kHost,   // the 80486 and later: as the x86-64 hosts the differential fuzzer compares with
};

struct CpuModel {
  std::string_view name;
  Generation gen;
  uint32_t address_mask;       // width of the physical address bus (8086: 20 bits, 286: 24)
  bool has_invalid_opcode;     // the 8086 has no #UD: undefined encodings alias others
  bool push_sp_decremented;    // 8086: PUSH SP stores the already decremented SP
  uint8_t shift_count_mask;    // 8086 uses the full count; 186+ mask it to 5 bits
  uint32_t flags_always_one;   // 8086: FLAGS bits 12-15 read as 1; every model: bit 1
  bool divide_error_is_trap;   // 8086: #DE pushes the address after the divide
  bool segment_offset_wraps;   // 8086: a word at offset FFFF wraps to 0000 (no limit fault)
  bool has_fpu;                // x87 present: integrated (80486 on), or an 80387 (80386)
  bool has_cpuid;
  uint32_t cpuid_signature;    // CPUID.1:EAX (stepping, model, family)
  uint32_t cpuid_features;     // CPUID.1:EDX
  uint32_t cr4_mask;           // CR4 bits the model implements (0: no CR4)
  // Longest instruction, prefixes included; longer ones raise #GP(0). The 80286 stops at 10
  // bytes, the 80386 and later at 15 (SDM Vol. 2A, 2.3.11). The 8086 has no limit; the
  // decoder's 15-byte window bounds it.
  uint8_t max_insn_length = 15;
  // The 80286 in real mode reports every segment overrun, stack accesses included, as
  // interrupt 13; the 80386 and later raise #SS for the stack (SDM Vol. 3A, 20.1.4).
  bool real_mode_overrun_is_gp = false;
  // Segment registers the MOV Sreg forms accept: 4 (ES CS SS DS) before the 80386, which
  // added FS and GS. A larger reg field is #UD (the 8086 ignores its top bit instead).
  uint8_t segment_register_count = 6;
  // The 80286 commits POP r/m's SP increment before writing the destination: when that write
  // faults, the exception frame is pushed below the incremented SP (the 386 restores ESP).
  bool pop_rm_fault_keeps_sp = false;
  // Undefined flags, 8086 IDIV/IMUL quirks, SETMO, AAA/DAA variants (see ArithStyle).
  ArithStyle arith = ArithStyle::kHost;
  // The 80286 and 80386 byte IDIV drops the bit its shift-and-subtract loop shifts out of the
  // partial remainder, so some overflowing dividends give quotient 80h instead of #DE
  // (SingleStepTests 80286 and 80386 vectors; cpu/interp/muldiv.cpp).
  bool idiv_byte_drops_carry = false;
  // The 8086 keeps one prefix across an interrupt: a string instruction interrupted between
  // iterations resumes at its last prefix byte, so `ES: REP MOVSB` loses the override and
  // `REP ES: MOVSB` the repetition (iAPX 86/88 User's Manual, REP; cpu/interp/string.cpp).
  bool rep_resumes_at_last_prefix = false;
  // The CPUID leaves the processor answers (cpu/interp/cpuid_msr.cpp); empty without CPUID.
  std::span<const CpuidLeaf> cpuid_leaves = {};
  uint32_t cpuid_features_ecx = 0;  // CPUID.1:ECX
  // MXCSR bits LDMXCSR and FXRSTOR accept (SDM Vol. 1, 11.6.6): FFBFh without DAZ, FFFFh with.
  uint32_t mxcsr_mask = 0;
};

// The model table; ModelByName returns nullopt for an unknown name.
const CpuModel& DefaultModel();
std::optional<const CpuModel*> ModelByName(std::string_view name);
// Space-separated list of model names, for help texts and errors.
std::string_view ModelNames();
// The model's CPUID row for (leaf, subleaf): an exact subleaf match, else the leaf's row for any
// subleaf; nullptr when the model has no such leaf.
const CpuidLeaf* FindCpuidLeaf(const CpuModel& m, uint32_t leaf, uint32_t subleaf);
// CPUID.80000001H:EDX (cpuid_ext_edx bits), 0 for models without that leaf.
uint32_t ExtendedFeatures(const CpuModel& m);
// MAXPHYADDR, the physical-address width: CPUID.80000008H:EAX[7:0], or 36 with PAE and 32
// without when the model lacks that leaf (SDM Vol. 3A, 4.1.4).
uint8_t PhysicalAddressBits(const CpuModel& m);
// A copy of `m` with the x87 present or absent: the 80386 runs with or without an 80387
// (--fpu). The caller keeps the copy alive as long as the Cpu using it.
CpuModel WithFpu(const CpuModel& m, bool present);

}  // namespace m86
