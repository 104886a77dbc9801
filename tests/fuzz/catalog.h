// The instructions the fuzzer generates: the decoder's rows (cpu/decode_table.inc) for the
// Pentium Pro generation, filtered by a whitelist of user-mode, deterministic operations.
#ifndef M86_TESTS_FUZZ_CATALOG_H_
#define M86_TESTS_FUZZ_CATALOG_H_

#include <cstdint>
#include <vector>

#include "cpu/decoder.h"

namespace m86::fuzz {

// One encoding: opcode in a map, with the ModRM reg field fixed for group opcodes.
struct Template {
  Op op;
  uint8_t map, opcode;
  int reg;  // -1: any (the reg field names a register, or there is no ModRM)
  const char* operands;
  uint16_t attrs;
};

struct OpEntry {
  Op op;
  uint32_t weight;  // relative frequency
  std::vector<Template> forms;
};

// Whitelisted operations that have at least one encoding on the model, and the sum of
// their weights.
const std::vector<OpEntry>& Catalog();
uint32_t CatalogWeight();
// SSE..SSE4.2 encodings (nehalem, and the host) whose operands are all XMM registers, XMM
// registers or memory (W), memory (M) or an imm8, in the decoder's maps with their mandatory
// prefixes (DecodeMap).
const std::vector<Template>& SseForms();
// The SSE..SSE4.2 and POPCNT encodings that name a general register or a memory operand of
// one's size (E, G): MOVD/MOVQ, PEXTR*/PINSR*, CVT*2SI/CVTSI2*, PMOVMSKB, MOVMSKPS/PD,
// MOVNTI, POPCNT, CRC32. Generated in 64-bit mode.
const std::vector<Template>& SseGprForms();
// True for the operations of SseForms and SseGprForms, whatever their map.
bool IsSseOp(Op op);
// The encoding of `op` at (map, opcode) in either list, or nullptr.
const Template* FindTemplate(Op op, uint8_t map, uint8_t opcode);

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_CATALOG_H_
