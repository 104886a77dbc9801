// Helpers shared by the fuzzer's own tests (Catch2 v2).
#ifndef M86_TESTS_FUZZ_HARNESS_TEST_UTIL_H_
#define M86_TESTS_FUZZ_HARNESS_TEST_UTIL_H_

#include <catch2/catch.hpp>

#include "catalog.h"
#include "generator.h"
#include "program.h"

namespace m86::fuzz {

// An instruction from its catalog template (first form of `op` at map/opcode).
inline GenInsn Insn(Op op, uint8_t map, uint8_t opcode) {
  const Template* t = FindTemplate(op, map, opcode);
  REQUIRE(t != nullptr);
  return FromTemplate(*t);
}

// Its register form with ModRM reg and rm.
inline GenInsn RegForm(Op op, uint8_t map, uint8_t opcode, uint8_t reg, uint8_t rm) {
  GenInsn g = Insn(op, map, opcode);
  g.has_modrm = true;
  g.reg = reg;
  g.rm = rm;
  return g;
}

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_HARNESS_TEST_UTIL_H_
