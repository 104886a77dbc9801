// Random instruction sequences for the differential fuzzer: instructions from the catalog
// (catalog.h) with random operands, biased toward edge values, each accepted only when the
// analysis (analysis.h) proves it safe to run natively and comparable.
#ifndef M86_TESTS_FUZZ_GENERATOR_H_
#define M86_TESTS_FUZZ_GENERATOR_H_

#include <vector>

#include "analysis.h"

#include "catalog.h"
#include "operand_choice.h"
#include "program.h"
#include "rng.h"

namespace m86::fuzz {

// Share of proposals drawn from the SSE forms, by default.
constexpr uint32_t kSsePercent = 20;

struct GenOptions {
  int max_insns = 12;          // sequences have 1..max_insns instructions
  uint32_t fault_percent = 2;  // memory operands deliberately aimed at a guard page
  uint32_t sse_percent = kSsePercent;  // proposals drawn from the SSE forms
  std::vector<Op> skip_ops;    // never generated (to look past a known bug)
};

Program Generate(Rng& rng, const GenOptions& options);

// Shared with the 64-bit generator (generator64.h).
constexpr uint32_t kShiftCounts[] = {0, 1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 63, 255};
bool IsStringOp(Op op);
// Operations whose "v" size the 0x66 prefix may change.
bool Allows66(Op op);
// An instruction of template t's encoding, with no operands chosen yet.
GenInsn FromTemplate(const Template& t);
// A relative branch's target: the next instruction or one of the four after it (forward
// only); LOOP, LOOPE, LOOPNE and JCXZ count with the address size's counter, which the 67
// prefix now and then halves (CX in 32-bit code, ECX in 64-bit mode).
void AimForward(GenInsn& g, Rng& r, int index);
// Appends `g` after the instructions proposed to prepare it (already in *out), its branch
// target moved past them.
void AppendProposed(GenInsn g, std::vector<GenInsn>* out);
// The catalog's one-byte `opcode` of `op`, with no operands chosen.
GenInsn PlainInsn(Op op, uint8_t opcode);
// MOV r32, imm32 (B8+r, R8D-R15D through REX.B): prepares an operand; zero-extends in 64-bit
// mode.
GenInsn MovImm32(int reg, uint32_t value);
// Zeroes or sign-extends the high half of the dividend before `div`: MOV AH, 0 / MOV (E)DX, 0
// before DIV, CBW / CWD / CDQ / CQO before IDIV, at the divide's size (SDM Vol. 2A, DIV and
// IDIV).
GenInsn DividendExtension(const GenInsn& div);
// A random encoding, operations weighted by the catalog; nullptr for a skipped operation.
const Template* PickTemplate(Rng& r, const std::vector<Op>& skip_ops);
// Immediates, branch displacement sizes and moffs from the operand string, with
// operation-specific values (shift counts, AAM/AAD bases, ENTER sizes).
void FillImmediates(GenInsn& g, Rng& r, OperandChoice& choice);

// A random initial XMM0..XMM(N-1) from `value` (quadwords) and MXCSR: exceptions stay masked
// (an unmasked one would be #XM), rounding control, FZ, DAZ and the sticky flags vary (SDM
// Vol. 1, 10.2.3).
template <int N, typename ValueFn>
void RandomSseState(Rng& r, FuzzXmmState<N>* sse, ValueFn value) {
  for (int x = 0; x < N; ++x) {
    sse->xmm[x][0] = value();
    sse->xmm[x][1] = value();
  }
  sse->mxcsr = kFuzzMxcsrDefault;
  if (r.Percent(30)) sse->mxcsr |= r.U32() & 0xE07F;
}
// One of `forms` (catalog.h, SseForms or SseGprForms) with registers 0..regs-1 in ModRM reg
// and rm and an imm8 where the row has one; g->mem is set for a memory form (always for an M
// operand, now and then for a W or E one), whose address the caller chooses. False for a
// skipped operation.
bool SseForm(Rng& r, OperandChoice& choice, const std::vector<Template>& forms,
             const std::vector<Op>& skip_ops, int regs, GenInsn* g);

// The proposal loop of both generators: asks `propose` for instructions (a prepared operand
// and the instruction itself, say) until `wanted` are kept. A proposal is fed to a copy of the
// analyzer and kept when no reachable part is rejected, each part encodes in at most 15
// bytes, the code still fits, stack_ok(state) holds, and, one time in four, when it certainly
// faults (nothing after a certain fault would run, so the sequence ends there).
template <typename A, typename ProposeFn, typename StackOkFn>
void GrowSequence(Rng& r, int wanted, A* an, std::vector<GenInsn>* insns, ProposeFn propose,
                  StackOkFn stack_ok) {
  uint32_t code_bytes = 0;
  for (int attempt = 0; attempt < wanted * 30 && static_cast<int>(insns->size()) < wanted;
       ++attempt) {
    std::vector<GenInsn> proposal;
    if (!propose(&proposal)) continue;
    A trial = *an;
    bool ok = true, faults = false;
    uint32_t bytes = 0;
    for (const GenInsn& g : proposal) {
      const bool live = trial.state().reachable;
      const Verdict v = trial.Feed(g);
      const int length = EncodedLength(g);
      bytes += static_cast<uint32_t>(length);
      if (v == Verdict::kReject || length > 15) ok = false;
      if (v == Verdict::kFaults && live) faults = true;
    }
    if (!stack_ok(trial.state())) ok = false;
    if (code_bytes + bytes > kFuzzMaxCode - 16) ok = false;
    if (faults && !r.Percent(25)) ok = false;
    if (!ok) continue;
    *an = trial;
    code_bytes += bytes;
    insns->insert(insns->end(), proposal.begin(), proposal.end());
    if (faults) break;
  }
}

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_GENERATOR_H_
