// The instruction categories the translator emits inline, which --jit-disable sends back to the
// interpreter one by one when bisecting a translation bug.
#pragma once
#include <cstdint>
#include <string>

namespace m86 {

enum class JitCategory : uint8_t {
  kMove,    // MOV, MOVZX, MOVSX, LEA, XCHG
  kAlu,     // ADD OR AND SUB XOR CMP TEST INC DEC
  kBranch,  // Jcc, JMP rel
  kStack,   // PUSH, POP
  kMem,     // any inline memory operand (the instruction then runs its handler)
  kCond,    // SETcc, CMOVcc
  kShift,   // SHL SHR SAR by a constant count
  kMul,     // MUL, IMUL whose flags are dead
  kCount
};

// A set of categories, one bit each.
using JitCategorySet = uint32_t;
constexpr JitCategorySet Bit(JitCategory c) { return JitCategorySet{1} << static_cast<int>(c); }

// Parses a comma-separated list of category names ("all" for every one). Returns false with
// `error` naming the unknown entry.
bool ParseJitCategories(const std::string& list, JitCategorySet* out, std::string* error);
// The names, comma-separated, for help texts and errors.
std::string JitCategoryNames();

}  // namespace m86
