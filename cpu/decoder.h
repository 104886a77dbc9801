// The table-driven instruction decoder: bytes in, one compact DecodedInsn out.
#pragma once
#include <cstddef>
#include <cstdint>

#include "cpu/model.h"

namespace m86 {

enum class Op : uint16_t {
#define OP(name) name,
#include "cpu/ops.inc"
#undef OP
  kCount
};
const char* OpName(Op op);

// Row attributes (decode_table.inc).
enum DecodeAttr : uint16_t {
  kLock = 1u << 0,     // LOCK allowed (with a memory destination), otherwise LOCK is #UD
  kEnd = 1u << 1,      // ends a block: control transfer, or may change mode or trap by design
  kMem = 1u << 2,      // the ModRM operand must be memory: mod == 3 is #UD
  kCtrlReg = 1u << 3,  // MOV to/from CRn/DRn: the mod field is ignored, rm is a register
  // Bits 4-7: the CPUID feature the encoding needs. A model without it decodes the encoding as
  // its prefix-less form (a mandatory prefix is then ignored, as before the prefix had a
  // meaning), or as UNDEFINED when that form needs a missing feature too.
  kNeedSse = 1u << 4, kNeedSse2 = 2u << 4, kNeedSse3 = 3u << 4, kNeedSsse3 = 4u << 4,
  kNeedSse41 = 5u << 4, kNeedSse42 = 6u << 4, kNeedPopcnt = 7u << 4, kNeedMask = 15u << 4,
  // 64-bit mode (SDM Vol. 2D, A.2.5, the opcode-map superscripts): i64 invalid there (#UD),
  // o64 valid only there, d64 operand size 64 by default (66 gives 16, 32 cannot be encoded),
  // f64 operand size forced to 64 (66 ignored).
  kNo64 = 1u << 8, kOnly64 = 1u << 9, kDefault64 = 1u << 10, kForce64 = 1u << 11,
};

// The code size the decoder works in: CS.D outside 64-bit mode, or 64-bit mode (EFER.LMA with
// CS.L; SDM Vol. 2A, 2.2).
enum class CodeMode : uint8_t { k16, k32, k64 };

// Opcode maps (SDM Vol. 2D, A.3): the one-byte map, then the 0F, 0F 38 and 0F 3A maps each in
// four variants selected by the mandatory prefix (none, 66, F3, F2; Tables ). Rows
// in kMap0F hold for every prefix unless a prefixed row replaces them. F2 and F3 select their
// variant on models with SSE, 66 on models with SSE2 (SDM Vol. 2A, 2.1.2: the last of F2/F3
// wins, and either one wins over 66, which then keeps its operand-size meaning).
enum DecodeMap : int {
  kMapOneByte = 0,
  kMap0F, kMap660F, kMapF30F, kMapF20F,
  kMap0F38, kMap660F38, kMapF30F38, kMapF20F38,
  kMap0F3A, kMap660F3A, kMapF30F3A, kMapF20F3A,
  kMapCount
};

// DecodedInsn::flags bits.
namespace insn_flag {
constexpr uint8_t kO32 = 1u << 0;       // 32-bit operand size
constexpr uint8_t kA32 = 1u << 1;       // 32-bit address size
constexpr uint8_t kLock = 1u << 2;      // LOCK prefix
constexpr uint8_t kRep = 1u << 3;       // F3 prefix
constexpr uint8_t kRepne = 1u << 4;     // F2 prefix
constexpr uint8_t kMemOp = 1u << 5;     // ModRM names memory (mod != 3)
constexpr uint8_t kSegOverride = 1u << 6;
constexpr uint8_t kEndsBlock = 1u << 7;
}  // namespace insn_flag

// DecodedInsn::wide bits: what only 64-bit mode decodes (SDM Vol. 2A, 2.2.1).
namespace insn_wide {
constexpr uint8_t kO64 = 1u << 0;     // 64-bit operand size (REX.W, or d64/f64 without 66)
constexpr uint8_t kA64 = 1u << 1;     // 64-bit address size (the default in 64-bit mode)
constexpr uint8_t kRipRel = 1u << 2;  // RIP-relative memory operand: disp from the next RIP
constexpr uint8_t kRex = 1u << 3;     // a REX prefix was in effect
constexpr uint8_t kRexW = 1u << 4;    // REX.W (also where the operand size ignores it)
}  // namespace insn_wide

// One decoded instruction: everything semantics need, resolved once (DESIGN.md "One decoded
// form"). Register numbers use kNoReg (always zero) for an absent base or index.
//
// Register fields: `reg_field` and `rm_field` hold the register numbers with REX.R and REX.B
// applied where the row's operand takes them (G E R V W U C D Z; not the MMX P N Q, segment
// registers or group opcode extensions). An 8-bit register operand with a REX prefix names the
// low byte of register 4-7 (SPL BPL SIL DIL) instead of AH CH DH BH (SDM Vol. 2A, 2.2.1.2);
// the decoder marks it by adding kRexByteReg, which GetReg/SetReg understand.
constexpr uint8_t kRexByteReg = 16;
struct DecodedInsn {
  Op op;
  uint8_t len;
  uint8_t opcode;  // the last opcode byte (conditions, ALU operation and registers live in it)
  uint8_t modrm;
  uint8_t flags;   // insn_flag bits
  uint8_t seg;     // effective segment for the memory operand (SegReg)
  uint8_t base;    // Gpr or kNoReg
  uint8_t index;   // Gpr or kNoReg
  uint8_t scale;   // shift count 0-3
  uint8_t wide;    // insn_wide bits
  uint8_t reg_field;  // ModRM.reg with REX.R (see above)
  uint8_t rm_field;   // ModRM.rm with REX.B, or the opcode's register (Zb, Zv)
  uint16_t imm2;   // second immediate: ENTER's nesting level, a far pointer's selector
  // Sign-extended to the address size when added (64-bit mode: SDM Vol. 2A, 2.2.1.3). Without
  // ModRM it holds the upper half of a 64-bit immediate or moffs64 (imm64()).
  uint32_t disp;
  uint32_t imm;

  uint8_t reg() const { return reg_field; }
  uint8_t rm() const { return rm_field; }
  // ModRM.reg as an opcode extension (group opcodes), never extended by REX.
  uint8_t ext() const { return (modrm >> 3) & 7; }
  bool o32() const { return flags & insn_flag::kO32; }
  bool o64() const { return wide & insn_wide::kO64; }
  bool a32() const { return flags & insn_flag::kA32; }
  bool a64() const { return wide & insn_wide::kA64; }
  bool rip_relative() const { return wide & insn_wide::kRipRel; }
  bool rex() const { return wide & insn_wide::kRex; }
  bool rex_w() const { return wide & insn_wide::kRexW; }
  bool mem() const { return flags & insn_flag::kMemOp; }
  // The operand size in bytes: 2, 4 or 8.
  unsigned op_bytes() const { return o64() ? 8 : o32() ? 4 : 2; }
  // MOV r64, imm64 and the moffs64 forms: 64 bits in imm (low) and disp (high).
  uint64_t imm64() const { return (uint64_t{disp} << 32) | imm; }
};
static_assert(sizeof(DecodedInsn) <= 24);

// One row of decode_table.inc, for tools that enumerate encodings (tests, the fuzzer's
// instruction generator).
struct DecodeRow {
  int map, first, last, reg, gen_min, gen_max;
  Op op;
  const char* operands;
  uint16_t attrs;
};
const DecodeRow* DecodeRows(size_t* count);

enum class DecodeStatus { kOk, kNeedMoreBytes };

// Decodes one instruction from `bytes` (`avail` bytes are readable) in `mode`. Returns
// kNeedMoreBytes when the instruction continues past `avail` (and is shorter than 16 bytes).
// Encodings the model lacks decode to Op::UNDEFINED; over-long ones to Op::TOO_LONG.
DecodeStatus Decode(const CpuModel& model, CodeMode mode, const uint8_t* bytes, size_t avail,
                    DecodedInsn* out);

}  // namespace m86
