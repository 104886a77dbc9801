// One x86 CPU: architectural state, soft TLB, block cache and the interpreter's dispatch loop.
#pragma once
#include <csetjmp>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>

#include "cpu/block.h"
#include "cpu/bus.h"
#include "cpu/debug.h"
#include "cpu/model.h"
#include "cpu/native_code.h"
#include "cpu/phys_memory.h"
#include "cpu/state.h"

#if defined(__GNUC__)
#define M86_LIKELY(x) __builtin_expect(!!(x), 1)
#define M86_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define M86_LIKELY(x) (x)
#define M86_UNLIKELY(x) (x)
#endif

namespace m86 {

// Exception vectors (SDM Vol. 3A, Table 6-1).
enum Vector : uint8_t {
  kVecDe = 0, kVecDb = 1, kVecNmi = 2, kVecBp = 3, kVecOf = 4, kVecBr = 5, kVecUd = 6,
  kVecNm = 7, kVecDf = 8, kVecTs = 10, kVecNp = 11, kVecSs = 12, kVecGp = 13, kVecPf = 14,
  kVecMf = 16, kVecAc = 17, kVecMc = 18, kVecXm = 19
};

enum class StopReason {
  kBudget,       // the instruction budget given to Run is used up
  kHalted,       // HLT with interrupts enabled: waiting for an interrupt
  kHaltedNoIntr, // HLT with IF=0 and no NMI can come: the machine is dead
  kTripleFault,  // shutdown (SDM Vol. 3A, 6.15, interrupt 8)
  kStopRequested // a device or the frontend asked the CPU to stop
};

enum class Access : uint8_t { kRead, kWrite, kExec };

// One soft TLB entry: the linear page it maps for reads and for writes (tag = page address, 1
// when the access kind must take the slow path), the host addend for that page and its
// physical page number (40 bits hold any MAXPHYADDR; packed so an entry stays 32 bytes and
// the fast path indexes the TLB with a shift).
struct TlbEntry {
  static constexpr uint64_t kNoPage = (uint64_t{1} << (kMaxPhysAddrBits - kPageShift)) - 1;
  uint64_t read_tag, write_tag;
  uintptr_t addend;
  uint64_t phys_page : kMaxPhysAddrBits - kPageShift;
  uint64_t global : 1;
};
static_assert(sizeof(TlbEntry) == 32);

class Cpu final : public CodeWriteObserver {
 public:
  Cpu(const CpuModel& model, PhysicalMemory& mem, PortIo& io);
  Cpu(const Cpu&) = delete;
  Cpu& operator=(const Cpu&) = delete;
  ~Cpu() override;

  CpuState s{};
  const CpuModel& model() const { return model_; }
  PhysicalMemory& memory() { return mem_; }
  PortIo& io() { return io_; }

  // Power-on / RESET state (SDM Vol. 3A, 9.1.1).
  void Reset();
  // Runs at most `max_instructions` instructions (blocks may end a little later).
  StopReason Run(uint64_t max_instructions);
  // Executes exactly one instruction (or delivers one pending event); for tests and tracing.
  StopReason Step();
  // Instructions retired so far; inside a handler, those of the running block before the
  // current instruction count too (the run loop itself advances the count once per block).
  uint64_t retired() const;
  // What Run's budget counts: retired instructions plus the work that retires none (delivered
  // events, REP iterations). Guest time under --clock instructions, so it advances during a
  // long REP or an exception storm too.
  uint64_t work_done() const { return retired() + unretired_work_; }

  // Inputs from the board.
  void set_interrupt_controller(InterruptController* pic) { pic_ = pic; }
  InterruptController* interrupt_controller() const { return pic_; }
  void SetIntr(bool level);
  void RaiseNmi();
  void SetA20(bool enabled);
  bool a20() const { return a20_mask_ == ~PhysAddr{0}; }
  // What the CPU drives onto the address bus: the model's width (MAXPHYADDR with PAE) and A20.
  PhysAddr physical_mask() const { return a20_mask_ & phys_width_mask_; }
  void RequestStop() { stop_requested_ = true; attention_ = true; }
  // Called on a triple fault; by default the CPU stops with kTripleFault.
  std::function<void()> on_triple_fault;
  // The FERR# output of the x87 (cpu/interp/x87_stack.cpp): called with the new level when an
  // unmasked x87 exception becomes pending (true) or is cleared (false) while CR0.NE = 0. The
  // PC board routes it to IRQ 13 (SDM Vol. 1, D.2).
  std::function<void(bool)> on_ferr;
  // Called before each instruction with its state (tracing); slows execution when set.
  std::function<void(const Cpu&, const DecodedInsn&)> on_trace;
  // Sees every exception and interrupt before delivery (debuggers, the differential fuzzer).
  // Returning true skips the delivery and stops the CPU (kStopRequested) with EIP at the faulting
  // instruction, or after it for traps and software interrupts.
  std::function<bool(uint8_t vector, uint32_t error_code, bool software)> intercept_event;
  // A board with a local APIC (P6 models) sets this: CPUID.1:EDX then reports the APIC (bit
  // 9), and writes to IA32_APIC_BASE are reported to the board with the new value.
  void set_local_apic(bool present) { local_apic_ = present; }
  bool local_apic() const { return local_apic_; }
  std::function<void(uint64_t apic_base)> on_apic_base_write;
  // What the time-stamp counter counts: a board sets its virtual time in nanoseconds (a 1 GHz
  // TSC that keeps pace with the PIT and the APIC timer, in HLT too, as on hardware); without
  // it the TSC counts retired instructions. CpuState::tsc is the offset from this value.
  std::function<uint64_t()> time_stamp_clock;
  uint64_t TimeStampBase() const { return time_stamp_clock ? time_stamp_clock() : retired(); }
  // The translator that turns hot blocks into host code (translator/), or none: every block is
  // interpreted. It must outlive the CPU's blocks (Reset or the CPU's end drops them).
  void set_translator(BlockTranslator* t);
  BlockTranslator* translator() const { return translator_; }
  const BlockCache& blocks() const { return blocks_; }
  // Runs of translated code and the instructions they retired.
  uint64_t translated_runs() const { return translated_runs_; }
  uint64_t translated_retired() const { return translated_retired_; }
  // --jit check: runs compared, and the report of the first difference (the CPU then stops
  // with kStopRequested), empty while none was found.
  uint64_t checked_runs() const { return checked_runs_; }
  const std::string& check_failure() const { return check_failure_; }
  // Where translated code finds what it touches, as byte offsets from the Cpu object: the
  // architectural state, the RIP faults report, the early-exit flag handlers set and the soft
  // TLB's supervisor and user banks.
  struct JitLayout {
    int32_t state, insn_eip, end_block, tlb[2];
    // What a translated loop checks before it runs its block again, as the dispatch loop does
    // between blocks: the retired count, Run's budget and the attention flag.
    int32_t retired, unretired_work, budget_end, attention;
    // The running block and its first RIP, which code entered by a chained jump sets.
    int32_t cur_block, cur_block_eip;
  };
  JitLayout jit_layout() const;
  // For translated code leaving through a branch whose target it does not know (RET, JMP and
  // CALL through a register or memory, LOOP): the entry of the translation that runs next,
  // found in the jump cache under the same checks as the dispatcher's (FindBlock,
  // RunTranslated), or nullptr to return to the dispatcher. The caller has counted its
  // instructions and checked Run's budget and the attention flag.
  const void* IndirectChainTarget();
  // Whether translations are run under --jit check (each run compared on its own, unchained).
  bool checking_translations() const { return check_translations_; }
  static constexpr int kTlbEntries = 256;
  // Logged once per name: an unimplemented instruction, register or MSR.
  void LogUnimplemented(const std::string& what);

  // ---- Interface for instruction semantics ----
  // Raises a fault: unwinds to the dispatcher (longjmp), which restores EIP to the start of the
  // instruction and delivers the exception. No object with a destructor may be live here.
  [[noreturn]] void Fault(uint8_t vector, uint32_t error_code = 0);
  // Delivers a software interrupt or a trap-like exception after the instruction completed.
  [[noreturn]] void SoftwareInterrupt(uint8_t vector);
  // Ends the current block after this instruction (mode change, code write, enabled IRQs).
  void EndBlock() { end_block_ = true; }
  uint64_t insn_eip() const { return insn_eip_; }
  // Makes later faults report `eip`: after a task switch's commit point they belong to the new
  // task (SDM Vol. 3A, 7.3, step 13).
  void set_insn_eip(uint64_t eip) { insn_eip_ = eip; }
  // An enabled interrupt, an NMI, a stop request or a data-breakpoint trap waits for the next
  // instruction boundary (a data breakpoint traps after the iteration; SDM Vol. 3A, 17.3.1.2).
  bool InterruptPending() const {
    return stop_requested_ || (nmi_pending_ && !nmi_blocked_) ||
           (intr_line_ && (s.eflags & flag::kIf)) || bp_.hits != 0;
  }
  // REP string iterations count toward Run's budget like retired instructions, so a slice ends
  // on time even inside one REP with ECX = FFFFFFFF, or in a loop of long REPs: a long REP
  // polls BudgetSpent() and stops at an iteration boundary, where it can resume (SDM Vol. 2B,
  // REP), when Run must return.
  void CountIterations(uint32_t n) { unretired_work_ += n; }
  bool BudgetSpent() const { return retired_ + unretired_work_ >= budget_end_; }

  // Flags: materialize the lazy arithmetic flags into EFLAGS.
  uint32_t GetFlags();
  // Writes EFLAGS bits under `mask` (the caller decides which bits this instruction may change).
  void SetFlags(uint32_t value, uint32_t mask);

  // Segment-relative memory accesses with limit/rights checks (#GP/#SS), paging (#PF). In
  // 64-bit mode the offset has 64 bits, only FS and GS add a base, and the address must be
  // canonical instead (SDM Vol. 3A, 3.3.7.1; #SS(0) through SS, else #GP(0)).
  template <typename T> T Read(uint8_t seg, uint64_t off);
  template <typename T> void Write(uint8_t seg, uint64_t off, T value);
  // Read with write-permission checks (read-modify-write operands).
  template <typename T> T ReadForWrite(uint8_t seg, uint64_t off);
  // Linear accesses with the current privilege (or supervisor for descriptor tables and TSS).
  template <typename T> T ReadLinear(uint64_t lin, bool supervisor = false);
  template <typename T> void WriteLinear(uint64_t lin, T value, bool supervisor = false);
  // Translates a linear address (faults with #PF as the access requires).
  // `global`, if given, is set to whether the mapping is global (paging on, G set).
  PhysAddr Translate(uint64_t lin, Access access, bool user, bool* global = nullptr);
  // Checks a segment access and returns the linear address.
  uint64_t LinearAddress(uint8_t seg, uint64_t off, uint32_t size, Access access);
  // 64-bit mode (EFER.LMA and CS.L): cached in the mode key.
  bool InCode64() const { return (mode_key_ & kCode64Key) != 0; }
  // `lin` + `n` as a linear address: 64 bits wide in 64-bit mode, wrapping at 4 GiB elsewhere
  // (the second page of a straddling access, the last byte of a range).
  uint64_t LinearPlus(uint64_t lin, uint64_t n) const {
    return InCode64() ? lin + n : WrapLinear(lin + n);
  }

  // Flushes the TLB (all, or non-global entries only) and the jump cache.
  void FlushTlb(bool keep_global = false);
  void InvalidatePage(uint64_t lin);
  // Recomputes what depends on CR0/CR4/CPL/EFLAGS.VM (TLB selection, mode key).
  void OnModeChange();
  // Re-derives the enabled breakpoints after a write to DR0-DR3, DR7 or CR4.DE (debug.cpp).
  void OnDebugRegistersChanged();

  // Exception and interrupt delivery, per mode (exceptions.cpp, protected-mode parts in
  // cpu/pm/interrupts.cpp).
  void DeliverInterrupt(uint8_t vector, bool has_error, uint32_t error_code, bool software);

  // Holds off maskable interrupts (and NMI) until one more instruction retired (STI, MOV SS).
  void InhibitInterruptsForOneInstruction() { irq_inhibit_until_ = retired_ + 2; }
  // IRET ends NMI blocking (SDM Vol. 3A, 6.7.1).
  void EndNmiBlocking() { nmi_blocked_ = false; }
  // Delivers an exception or interrupt now, with the double-fault bookkeeping.
  void DeliverEvent(uint8_t vector, bool has_error, uint32_t error_code, bool software);
  // Translates without side effects or faults (a read, or a fetch with Access::kExec, which
  // execute-disable pages refuse); false when not mapped.
  bool Probe(uint64_t lin, bool user, PhysAddr* phys, Access access = Access::kRead);
  struct PagingContext;

  // CodeWriteObserver: a write hit translated code.
  void OnCodeWrite(PhysAddr addr, uint32_t len) override;
  // The memory map changed under [addr, addr + len): drops the blocks translated from there and
  // every TLB entry (their host pointers may point at what answered before).
  void OnMapChange(PhysAddr addr, uint32_t len) override;

 private:
  friend class CpuTestAccess;
  PagingContext Paging() const;
  uint32_t ModeKey() const;
  Block* FindBlock();
  Block* FindBlockSlow(uint64_t lin, uint32_t mode_key);
  Block* BuildBlock(uint64_t lin, PhysAddr phys, uint32_t mode_key, bool single);
  // The linear address of code at `rip`: CS.base + EIP wrapped to 32 bits, or RIP itself in
  // 64-bit mode, where CS has no base (SDM Vol. 3A, 3.4.4).
  uint64_t CodeLinear(uint64_t rip) const {
    return M86_UNLIKELY(InCode64()) ? rip : WrapLinear(s.seg[kCs].base + rip);
  }
  bool CodeInLimit(uint64_t rip, uint32_t len) const;
  size_t FetchWindow(uint64_t eip, uint8_t* buf, bool* from_mmio);
  [[noreturn]] void RaiseFetchFault(uint64_t eip);
  void TrackCode(const Block* b);
  void ExecuteBlock(Block* b);
  // Runs `b` through its translation, translating it first once it is hot (translated_run.cpp);
  // false when it must run in the interpreter instead.
  bool RunTranslated(Block* b);
  void RunNative(Block* b);
  // --jit check: runs `b` in the interpreter, then from the same state natively, and stops the
  // run with a report at the first difference (translation_check.cpp).
  void RunChecked(Block* b);
  // Runs `b` once, interpreted or natively, catching a fault instead of delivering it: returns
  // 0, or the unwind's code with the partial count accounted (translation_check.cpp).
  int RunCaptured(Block* b, bool native);
  std::string MemoryDifference();
  // ExecuteBlock for callers outside dispatch.cpp.
  void InterpretBlock(Block* b);
  // Counts the instructions of the current block that completed before the one at insn_eip_.
  void AccountPartialBlock();
  void StepWithTrap();
  void DebugTrapAfterStep();
  // Debug registers (debug.cpp): the instruction-breakpoint check before an instruction runs
  // (true when it delivered #DB), the data-breakpoint check of the slow access paths, and the
  // delivery of a trap-class #DB with `dr6_bits` plus the data breakpoints hit.
  bool CheckInstructionBreakpoint();
  void CheckDataBreakpoint(uint64_t lin, uint32_t size, bool write);
  void DeliverDebugTrap(uint32_t dr6_bits);
  bool HandleAttention(StopReason* stop);
  void RecomputeAttention();
  void HandleFaultUnwind();
  TlbEntry* tlb() { return tlb_[s.cpl == 3 ? 1 : 0]; }
  template <typename T> T ReadLinearSlow(uint64_t lin, bool user);
  template <typename T> T ReadLinearForWrite(uint64_t lin);
  // The linear address of a 64-bit mode access of `size` bytes at `off` (memory_access.h).
  uint64_t Linear64(uint8_t seg, uint64_t off, uint32_t size);
  template <typename T> void WriteLinearSlow(uint64_t lin, T value, bool user);
  PhysAddr FillTlb(uint64_t lin, Access access, bool user);
  [[noreturn]] void SegmentFault(uint8_t seg, uint32_t error_code);
  uint64_t SegmentCheckSlow(uint8_t seg, uint32_t off, uint32_t size, Access access);

  const CpuModel& model_;
  PhysicalMemory& mem_;
  PortIo& io_;
  InterruptController* pic_ = nullptr;

  static constexpr int kTlbSize = kTlbEntries;
  TlbEntry tlb_[2][kTlbSize];  // [0] supervisor accesses, [1] user (CPL 3) accesses
  const uint8_t phys_addr_bits_;  // MAXPHYADDR of the model
  const bool page_1gb_;           // the model maps 1 GiB pages

  BlockCache blocks_;
  std::unique_ptr<Block> temp_block_;  // an uncacheable block being executed
  // Run's budget counts retired instructions plus work that retires none: delivered events and
  // REP iterations, so exception storms and long string instructions still return on time.
  uint64_t budget_end_ = ~uint64_t{0};
  uint64_t unretired_work_ = 0;
  // A jump-cache entry holds for the epoch it was made in: a TLB flush or INVLPG starts a new
  // epoch instead of clearing 4096 entries, which a guest switching CR3 at every system call
  // paid twice per call. Code on a global page keeps its entry across flushes that keep global
  // TLB entries (MOV CR3 with CR4.PGE, SDM Vol. 3A, 4.10.4.1): a kernel whose text is global
  // (Linux with page-table isolation and no PCID) does not lose its entries at each entry and
  // exit. A block's entry is cleared when the block is dropped (OnBlockRemoved), so an entry
  // never leads to a dropped block. One entry fills one cache line and holds everything an
  // indirect exit checks before it enters the block's translation (IndirectChainTarget).
  struct alignas(64) JumpCacheEntry {
    uint64_t lin = 0;
    uint64_t epoch = 0;  // 0: empty
    Block* block = nullptr;
    const void* chain_entry = nullptr;  // the block's translation's, once it has one
    uint64_t cs_base = 0;               // the CS that translation was specialized on
    uint32_t cs_lo = 0, cs_hi = 0;
    uint32_t mode_key = 0;
    uint32_t byte_len = 0;
  };
  static_assert(sizeof(JumpCacheEntry) == 64);
  static constexpr int kJumpCacheSize = 4096;
  static constexpr uint64_t kGlobalEpochs = uint64_t{1} << 63;  // global epochs have bit 63
  // Apart from the Cpu: its 256 KiB would push the fields after it away from the others.
  std::unique_ptr<JumpCacheEntry[]> jump_cache_{new JumpCacheEntry[kJumpCacheSize]};
  // The linear address of each slot's global entry (kNoGlobalEntry for the others), packed so
  // that INVLPG scans 32 KiB rather than the table: it drops the non-global entries by a new
  // epoch and the global ones of its page by this list.
  static constexpr uint64_t kNoGlobalEntry = ~uint64_t{0};
  std::unique_ptr<uint64_t[]> jump_global_lin_{new uint64_t[kJumpCacheSize]};
  uint64_t jump_epoch_ = 1;
  uint64_t jump_global_epoch_ = kGlobalEpochs | 1;
  void FlushJumpCache(bool keep_global = false) {
    ++jump_epoch_;
    if (!keep_global) ++jump_global_epoch_;
  }
  // INVLPG of the page (or large page) that `lin` & `page_mask` names.
  void FlushJumpCachePage(uint64_t lin, uint64_t page_mask);
  static size_t JumpCacheIndex(uint64_t lin) { return (lin ^ (lin >> 12)) & (kJumpCacheSize - 1); }
  JumpCacheEntry& JumpCacheSlot(uint64_t lin) { return jump_cache_[JumpCacheIndex(lin)]; }
  bool JumpCacheHolds(const JumpCacheEntry& j, uint64_t lin) const {
    return j.lin == lin && (j.epoch == jump_epoch_ || j.epoch == jump_global_epoch_) &&
           j.mode_key == mode_key_;
  }
  // Gives the jump-cache entry of `b`, if it has one, its translation `n`.
  void NoteTranslation(const Block* b, const NativeCode& n);
  void OnBlockRemoved(const Block* b);
  // The block the jump cache holds for linear address `lin` (that of s.rip) in the current
  // mode, or nullptr: made in this epoch and inside CS's limit (none in 64-bit mode, where the
  // block's bytes were canonical when it was built).
  Block* CachedBlock(uint64_t lin) {
    const JumpCacheEntry& j = JumpCacheSlot(lin);
    if (M86_LIKELY(JumpCacheHolds(j, lin) &&
                   (s.rip + j.byte_len - 1 <= s.seg[kCs].hi || InCode64())))
      return j.block;
    return nullptr;
  }

  std::jmp_buf fault_jmp_;
  bool in_run_ = false;
  uint8_t pending_vector_ = 0;
  uint32_t pending_error_ = 0;
  int delivery_depth_ = 0;          // nested faults while delivering: #DF, then triple fault
  uint8_t delivering_vector_ = 0;
  bool triple_fault_ = false;

  uint64_t insn_eip_ = 0;  // RIP of the instruction being executed
  Breakpoints bp_;
  static constexpr uint32_t kSingleInsnKey = 256;  // mode-key bit: one-instruction blocks
  static constexpr uint32_t kLongModeKey = 512;    // mode-key bits: EFER.LMA, 64-bit code
  static constexpr uint32_t kCode64Key = 1024;
  static_assert(kCode64Key < (1u << BlockCache::kModeKeyBits), "mode keys share block keys");
  uint32_t single_insn_key_ = 0;  // kSingleInsnKey while instruction breakpoints are enabled
  bool end_block_ = false;
  bool attention_ = false;
  bool intr_line_ = false;
  bool local_apic_ = false;
  bool nmi_pending_ = false;
  bool nmi_blocked_ = false;
  bool stop_requested_ = false;
  uint64_t retired_ = 0;
  uint32_t mode_key_ = 0;                // ModeKey(), recomputed whenever the mode may change
  const Block* cur_block_ = nullptr;     // the block being executed, for fault accounting
  uint64_t cur_block_eip_ = 0;           // RIP of its first instruction
  uint64_t irq_inhibit_until_ = 0;  // interrupts are held until `retired_` passes this (STI, MOV SS)
  std::vector<std::string> logged_;
  // Last, so the members the dispatch loop uses keep their offsets (the reg_loop benchmark
  // lost a quarter of its speed when these two moved them).
  PhysAddr a20_mask_ = ~PhysAddr{0};
  PhysAddr phys_width_mask_;  // the model's physical address bus
  BlockTranslator* translator_ = nullptr;
  bool check_translations_ = false;  // the translator's mode is JitMode::kCheck
  bool one_pass_ = false;  // --jit check's translated run: attention stays set, loops stop
  // The TLB entries filled since they were last emptied, so a flush empties those instead of
  // all 512 (TlbEntry slots as bank << 8 | index; tlb_listed_ marks the listed ones).
  uint16_t tlb_used_[2 * kTlbEntries];
  uint32_t tlb_used_count_ = 0;
  bool tlb_listed_[2][kTlbEntries] = {};
  void ClearTlb();
  PhysicalMemory::WriteJournal journal_;  // --jit check's record of RAM writes
  PhysicalMemory::WriteJournal check_journal_;  // the interpreted run's, while comparing
  std::vector<uint8_t> check_written_;           // the bytes it left, as check_journal_.old_bytes
  uint64_t checked_runs_ = 0;
  std::string check_failure_;
  uint64_t translated_runs_ = 0, translated_retired_ = 0;
  // retired_ when the running translation was entered: a chain of translations can run many
  // blocks, and a fault (or INT n) unwinds out of it with them counted in retired_.
  static constexpr uint64_t kNoNativeRun = ~uint64_t{0};
  uint64_t native_run_start_ = kNoNativeRun;
  void EndNativeRun();  // adds the instructions since then to translated_retired_
  // The translation the last translated run left and its chainable exit (1 + the number; 0:
  // none), for linking it to the next block when that one is translated too. Cleared whenever
  // blocks may have been freed.
  NativeCode* chain_from_ = nullptr;
  uint32_t chain_exit_ = 0;
};

}  // namespace m86

#include "cpu/memory_access.h"
