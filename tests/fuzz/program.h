// A generated instruction sequence in structured form: the generator builds it, the analysis
// (analysis.h) checks it, the shrinker edits it, and Assemble turns it into a FuzzCase.
// Keeping the fields (rather than only bytes) lets the fuzzer reason about every instruction
// without trusting the emulator's own decoder.
#ifndef M86_TESTS_FUZZ_PROGRAM_H_
#define M86_TESTS_FUZZ_PROGRAM_H_

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "cpu/decoder.h"
#include "cpu/state.h"
#include "native_case.h"

namespace m86::fuzz {

// A ModRM memory operand (or the moffs of MOV A0-A3, which uses only disp).
struct MemRef {
  bool a16 = false;          // 0x67: 16-bit addressing (SDM Vol. 2A, Table 2-1)
  uint8_t base = kNoReg;     // 32-bit forms
  uint8_t index = kNoReg;    // never ESP
  uint8_t scale = 0;         // shift count 0-3
  bool force_sib = false;    // encode with a SIB byte even when not required
  uint8_t rm16 = 0;          // 16-bit forms: rm of Table 2-1 ([BX+SI] ... [BX])
  bool abs16 = false;        // 16-bit form mod 00 rm 110: [disp16]
  uint8_t disp_size = 4;     // 0, 1, 4 (a16: 0, 1, 2)
  uint32_t disp = 0;         // sign-extended from disp_size bytes when used
  // 64-bit mode: [RIP + disp32] (SDM Vol. 2A, 2.2.1.6) aimed at the absolute address `disp`;
  // the encoder turns it into the displacement from the end of the instruction.
  bool rip_rel = false;
};

// The displacement the CPU adds: disp truncated to disp_size bytes and sign-extended
// (a 16-bit displacement wraps with the 16-bit sum anyway).
uint32_t EffectiveDisp(const MemRef& m);

// One instruction. Operand shape comes from its decode row (decoder.h).
struct GenInsn {
  Op op = Op::NOP;
  uint8_t map = 0;     // DecodeMap (cpu/decoder.h): 0 one-byte, 1 0F, then the prefixed maps
  uint8_t opcode = 0x90;
  const char* operands = "";  // the row's operand string, e.g. "Ev,Gv"
  uint16_t attrs = 0;         // the row's DecodeAttr bits
  // Prefixes, emitted in this order: lock/rep, segment, 0x66, 0x67, REX.
  bool p66 = false, p67 = false, lock = false;
  // 64-bit mode only. REX.W is rex & 8; a rex of 0x40 forces a REX byte without other bits
  // (SPL BPL SIL DIL instead of AH CH DH BH). REX.R, X and B come from the register numbers
  // above 7 in reg, rm, m.base, m.index and, for the +r opcodes, opreg_ext (SDM Vol. 2A, 2.2.1).
  uint8_t rex = 0;
  bool opreg_ext = false;     // the register in the opcode's low bits is R8-R15
  uint8_t rep = 0;            // 0, 0xF2 or 0xF3
  uint8_t seg = kNoSeg;       // segment override
  // ModRM.
  bool has_modrm = false;
  bool mem = false;           // memory form (mod != 3)
  uint8_t reg = 0;            // ModRM reg field (register or group selector)
  uint8_t rm = 0;             // register form: the r/m register
  MemRef m;                   // memory form, or moffs (disp only)
  bool moffs = false;
  uint8_t moffs_size = 0;     // 0: 4 bytes (2 with 0x67); 64-bit mode: 8 (4 with 0x67)
  // Immediates in encoding order: imm, then imm2 (ENTER's nesting level).
  uint8_t imm_size = 0, imm2_size = 0;  // imm_size 8: MOV r64, imm64 (imm_hi:imm)
  uint32_t imm = 0, imm2 = 0, imm_hi = 0;
  // Relative branches: rel_size bytes, target = index of an instruction of the program
  // (>= the number of instructions means the end of the sequence).
  uint8_t rel_size = 0;
  int target = -1;
};

struct Program {
  FuzzRegs init{};
  FuzzSse32 sse{};
  std::array<uint8_t, kFuzzDataSize> data{};
  std::vector<GenInsn> insns;
};

// Operand size of the instruction in bytes: 1 for byte forms, else 2 (0x66), 4, or 8 (REX.W).
int OperandSize(const GenInsn& g);
// True for operations whose "v" operands the 0x66 prefix resizes.
bool IsByteOp(Op op);

// Encodes one instruction placed at `address`; `rel` is the branch displacement for relative
// branches. Returns the length (bytes written to out, at most 16).
int Encode(const GenInsn& g, int32_t rel, uint8_t* out, uint32_t address = kFuzzCodeAddr);
// The REX byte Encode emits, or 0 for none.
uint8_t RexByte(const GenInsn& g);
int EncodedLength(const GenInsn& g);

struct Assembled {
  std::unique_ptr<FuzzCase> fuzz_case;
  std::vector<uint32_t> offsets;  // start of each instruction; offsets[n] = code_len
  bool ok = false;                // false if the code exceeds kFuzzMaxCode or a branch is out of range
};
Assembled Assemble(const Program& p);
// The encoding step of Assemble: code bytes (kFuzzMaxCode of room), their length and the
// offsets of the instructions. False if the code is too long or a branch is out of range.
bool AssembleCode(const std::vector<GenInsn>& insns, uint8_t* code, uint32_t* code_len,
                  std::vector<uint32_t>* offsets);

// Removes instruction `index`, re-pointing branches past it.
void RemoveInsn(Program* p, size_t index);
void RemoveInsn(std::vector<GenInsn>* insns, size_t index);

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_PROGRAM_H_
