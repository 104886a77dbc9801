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
};

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

// One decoded instruction: everything semantics need, resolved once (DESIGN.md "One decoded
// form"). Register numbers use kNoReg (always zero) for an absent base or index.
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
  uint16_t imm2;   // second immediate: ENTER's nesting level, a far pointer's selector
  uint32_t disp;
  uint32_t imm;

  uint8_t reg() const { return (modrm >> 3) & 7; }
  uint8_t rm() const { return modrm & 7; }
  bool o32() const { return flags & insn_flag::kO32; }
  bool a32() const { return flags & insn_flag::kA32; }
  bool mem() const { return flags & insn_flag::kMemOp; }
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

// Decodes one instruction from `bytes` (`avail` bytes are readable). `code32` is CS.D. Returns
// kNeedMoreBytes when the instruction continues past `avail` (and is shorter than 16 bytes).
// Encodings the model lacks decode to Op::UNDEFINED; over-long ones to Op::TOO_LONG.
DecodeStatus Decode(const CpuModel& model, bool code32, const uint8_t* bytes, size_t avail,
                    DecodedInsn* out);

}  // namespace m86
