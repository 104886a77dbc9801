// Random operand values and memory operands for the generator: edge-biased numbers, and
// addressing forms built from the registers whose values the analysis knows, aimed at the
// data page (or, now and then, deliberately at a guard page).
#ifndef M86_TESTS_FUZZ_OPERAND_CHOICE_H_
#define M86_TESTS_FUZZ_OPERAND_CHOICE_H_

#include <cstdint>

#include "analysis.h"
#include "program.h"
#include "rng.h"

namespace m86::fuzz {

class OperandChoice {
 public:
  explicit OperandChoice(Rng& rng) : r_(rng) {}

  uint32_t Value();                   // a register or data value, edge-biased
  uint32_t Immediate(int size);       // an immediate of `size` bytes
  uint32_t DataPointer(uint32_t size);  // an address with `size` bytes inside the data page

  // Fills g.m (and maybe g.seg / g.p67) for an instruction that accesses memory. False when
  // the operation's constraints cannot be met from `st`.
  bool Memory(GenInsn& g, const AbsState& st, uint32_t fault_percent);
  // The address of MOV A0-A3.
  bool Moffs(GenInsn& g, uint32_t fault_percent);
  // Any addressing form (LEA and the multi-byte NOP do not access memory).
  void AnyAddress(GenInsn& g, const AbsState& st);

 private:
  uint32_t Target(uint32_t size);  // inside the data page, edges favoured
  uint32_t FaultTarget(GenInsn& g, uint32_t size, bool* done);
  void EncodeAddress(GenInsn& g, const AbsState& st, uint32_t ea);
  void AnyAddress16(GenInsn& g);
  uint8_t DispSize(uint32_t disp, bool allow_none);

  Rng& r_;
};

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_OPERAND_CHOICE_H_
