// Emits the host code of one block (x86-64 hosts, asmjit). Guest state stays in CpuState in
// memory, addressed from rbx (the Cpu); each guest instruction becomes inline host code (the
// emit_*.cpp families) or a call to its interpreter handler, so every semantic has one
// definition and new instructions work translated at once.
//
// Host registers: rbx the Cpu, r12 a memory operand's offset, r13 its host address (0 after a
// slow-path load), r14 a value to store, r15 spare; all callee-saved, so they survive helper
// calls. rax, rcx, rdx, rsi, rdi, r8-r11 are scratch.
#pragma once
#include <asmjit/x86.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "cpu/cpu.h"
#include "translator/categories.h"

namespace m86::x64 {

namespace x86 = asmjit::x86;

// `v` cut to `size` bytes (an immediate at its operand size, as the handlers' casts to T do).
inline uint64_t TruncateToSize(uint64_t v, uint32_t size) {
  return size == 8 ? v : v & ((uint64_t{1} << (8 * size)) - 1);
}

// One guest instruction as the emitters see it.
struct InsnSite {
  const DecodedInsn& d;
  int index;          // position in the block
  uint64_t rip;       // its RIP
  uint64_t next;      // the RIP after it
  bool last;          // the block's last instruction
  bool flags_dead;    // a later instruction overwrites every flag this one would record
};

class BlockEmitter {
 public:
  BlockEmitter(x86::Assembler& a, Cpu& cpu, const Block& b, JitCategorySet disabled);
  // Emits the whole block; returns the number of instructions emitted inline.
  int EmitBlock();

  x86::Assembler& a;
  const Cpu& cpu() const { return cpu_; }
  bool code64() const { return code64_; }
  bool stack32() const { return stack32_; }
  bool enabled(JitCategory c) const { return !(disabled_ & Bit(c)); }
  // Whether memory operands may be emitted inline (the mem category).
  bool mem_inline() const { return enabled(JitCategory::kMem); }

  // ---- Guest state operands (rbx-relative) ----
  x86::Mem State(size_t offset, uint32_t size) const;
  // Guest register `r` at `size` bytes, as GetReg/SetReg number it (AH-BH for 4-7 at size 1,
  // SPL-DIL with kRexByteReg). A 4-byte write through this operand must store 8 bytes
  // (zero-extension): use StoreGpr.
  x86::Mem Gpr(int r, uint32_t size) const;
  // Loads guest register `r` zero-extended into `dst` (its 64-bit form).
  void LoadGpr(const x86::Gp& dst, int r, uint32_t size);
  // Stores the low `size` bytes of `src` to guest register `r` (32-bit writes zero-extend: `src`
  // must hold the value zero-extended).
  void StoreGpr(int r, uint32_t size, const x86::Gp& src);
  // Host register `r` narrowed to `size` bytes.
  static x86::Gp Sized(const x86::Gp& r, uint32_t size);

  // ---- Memory operands ----
  // Computes the memory operand's offset (base + index * scale + disp at the address size)
  // into r12.
  void EffectiveAddress(const InsnSite& site);
  // Loads `size` bytes of segment `seg` at offset r12 into rax, zero-extended. `for_write`
  // checks write access (the read of a read-modify-write); r13 then holds the host address for
  // StoreBack, or 0 after the slow path.
  void Load(const InsnSite& site, uint8_t seg, uint32_t size, bool for_write = false);
  // Stores r14's low `size` bytes at segment `seg`, offset r12.
  void Store(const InsnSite& site, uint8_t seg, uint32_t size);
  // The write half of a read-modify-write after Load(..., true): r14 to r13, or through the
  // slow path when the load took it.
  void StoreBack(const InsnSite& site, uint8_t seg, uint32_t size);
  // After an instruction whose slow-path store may have hit translated code: leave the block
  // when a handler asked for it (EndBlock), with the instruction counted.
  void ExitIfEndBlock(const InsnSite& site);

  // ---- Lazy flags ----
  // Records the flag-setting operation (cpu/flags.h SetLazy): dst in rcx, src in rdx, result in
  // rax, each zero-extended; host flags are left alone.
  void RecordLazy(LazyOp op, uint32_t size);
  // Which guest instruction's flags the host flags hold, or -1.
  int host_flags_from = -1;
  LazyOp host_flags_op = LazyOp::kNone;
  // The operation of the last flag record this block emitted (or would have, when dead), so
  // INC and DEC can keep CF without asking the lazy flags; kNone when not known here.
  LazyOp last_lazy_op = LazyOp::kNone;

  // ---- Control ----
  // Sets s.rip to a constant.
  void SetRip(uint64_t rip);
  // The block's first RIP: a branch there is the back edge of a loop.
  uint64_t entry_rip() const { return entry_rip_; }
  // A taken branch to the block's own start (the last instruction, `site`): counts the pass,
  // and runs the block again unless Run's budget is spent or an event waits, exactly where the
  // dispatcher would have looked (DESIGN.md, "Events and time"); else leaves with s.rip there.
  void EmitLoopBack(const InsnSite& site);
  // Leaves the block for the constant `target` with `count` instructions done: through a
  // chainable exit (NativeCode) when the target's meaning cannot change, else through the
  // jump cache (EmitIndirectExit) with s.rip set.
  void EmitExitTo(uint64_t target, int count);

  // Leaves the block with s.rip set and `count` instructions done: straight into the
  // translation at s.rip when the jump cache has one (Cpu::IndirectChainTarget), else to the
  // dispatcher. For targets known only at run time, those a handler set, and direct targets
  // on another page.
  void EmitIndirectExit(int count);
  // Code at `at` (after the hot path) that runs `site`'s instruction through its handler and
  // leaves the block: for an inline form whose rare case (a fault to raise) the handler keeps.
  // The instruction must be the block's last.
  void EmitHandlerFallback(const InsnSite& site, const asmjit::Label& at);
  // Jumps to `bad` unless the near branch target in rax is one the handler would take: inside
  // the CS window the block was translated with, or canonical in 64-bit mode (operands.h
  // JumpNear). Clobbers rcx and the host flags.
  void CheckNearTarget(const asmjit::Label& bad);

  // Chainable exits, in NativeCode::exits order: the target and the labels of the patchable
  // jump and of its return to the dispatcher.
  struct ChainSite {
    uint64_t target;
    asmjit::Label jump, stub;
  };
  const std::vector<ChainSite>& chain_sites() const { return chain_sites_; }
  // Calls `fn(rbx, args...)` with up to three integer arguments already in rsi, rdx, rcx.
  void CallHelper(const void* fn);
  // Sets the RIP that faults report (Cpu::insn_eip_) to this instruction's.
  void SetFaultRip(const InsnSite& site);
  asmjit::Label chain_entry;  // bound after the prologue
  // Code placed after the block's hot path (slow paths).
  void Defer(std::function<void()> emit) { deferred_.push_back(std::move(emit)); }
  // Whether the block was translated with this CS window (outside 64-bit mode).
  bool TargetInCs(uint64_t target) const;
  uint64_t ip_mask() const { return ip_mask_; }

 private:
  void EmitPrologue();
  void EmitEpilogue();
  void EmitHandlerCall(const BlockInsn& bi, const InsnSite& site);
  // Calls the instruction's interpreter handler with the interpreter's bookkeeping.
  void CallHandler(const BlockInsn& bi, const InsnSite& site);
  bool EmitInline(const InsnSite& site);
  // The soft-TLB probe (cpu/memory_access.h): r13 = host address of segment `seg` at offset
  // r12, or a jump to `slow`.
  void Probe(uint8_t seg, uint32_t size, bool write, const asmjit::Label& slow);

  Cpu& cpu_;
  const Block& b_;
  const Cpu::JitLayout layout_;
  const JitCategorySet disabled_;
  const bool code64_, stack32_;
  const bool user_;
  const uint64_t ip_mask_;
  const uint64_t entry_rip_;
  const uint64_t cs_base_;
  const bool paging_;
  asmjit::Label body_;
  std::vector<ChainSite> chain_sites_;
  // The counting and the budget and event checks before leaving for the next block (a loop's
  // back edge, a chained exit); jumps to `leave` when the dispatcher must run.
  void CountAndCheck(int count, const asmjit::Label& leave);
  const uint32_t cs_lo_, cs_hi_;
  asmjit::Label epilogue_;
  std::vector<asmjit::Label> exits_;  // exits_[k]: leave with k instructions done
  std::vector<std::function<void()>> deferred_;
};

// The inline emitters, one per family; each returns false to have the instruction call its
// handler instead.
bool EmitMove(BlockEmitter& e, const InsnSite& site);
bool EmitAlu(BlockEmitter& e, const InsnSite& site);
bool EmitBranch(BlockEmitter& e, const InsnSite& site);
bool EmitStack(BlockEmitter& e, const InsnSite& site);
bool EmitCond(BlockEmitter& e, const InsnSite& site);
bool EmitShift(BlockEmitter& e, const InsnSite& site);
bool EmitMul(BlockEmitter& e, const InsnSite& site);
// Whether the host flags are the guest's for condition `cc` (Jcc's low nibble) at `site`: the
// previous instruction produced them (CF excepted after INC and DEC, which the host computes
// differently from the guest's kept carry).
bool HostFlagsHold(const BlockEmitter& e, const InsnSite& site, uint8_t cc);
// Makes the host flags answer condition `cc` and returns the host condition to test: `cc`
// itself when HostFlagsHold, else "not zero" after asking the lazy flags (which clobbers the
// caller-saved registers).
x86::CondCode EmitCondition(BlockEmitter& e, const InsnSite& site, uint8_t cc);
// Pushes r14's low `size` bytes on a 32-bit stack or in 64-bit mode (PUSH, CALL's return
// address); ESP changes only after the store worked.
void EmitPushR14(BlockEmitter& e, const InsnSite& site, uint32_t size);

}  // namespace m86::x64
