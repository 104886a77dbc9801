// The interpreter's dispatch loop: find or build the block at CS:EIP, run its handlers, handle
// events at block boundaries (DESIGN.md, "The hot path").
#include <cassert>

#include "cpu/cpu.h"
#include "cpu/interp/handlers.h"

namespace m86 {
namespace {

constexpr size_t kMaxBlockInsns = 64;
constexpr size_t kFetchWindow = 16;

}  // namespace

// Whether the `len` bytes at `rip` are inside CS: its limit outside 64-bit mode, canonical
// addresses in it.
bool Cpu::CodeInLimit(uint64_t rip, uint32_t len) const {
  if (M86_UNLIKELY(InCode64())) return IsCanonical(rip) && IsCanonical(rip + len - 1);
  const Segment& cs = s.seg[kCs];
  return rip >= cs.lo && rip + len - 1 <= cs.hi;
}

// Reads instruction bytes at CS:EIP without faulting: stops at the CS limit or at a page that
// cannot be translated. Sets *straddle_page to the second page's physical number when used.
size_t Cpu::FetchWindow(uint64_t eip, uint8_t* buf, bool* from_mmio) {
  const Segment& cs = s.seg[kCs];
  const bool user = s.cpl == 3;
  const bool wrap16 = model_.segment_offset_wraps;
  const bool code64 = InCode64();
  uint64_t cached_page = ~uint64_t{0};
  const uint8_t* host = nullptr;
  uint64_t phys_page = 0;
  size_t n = 0;
  for (; n < kFetchWindow; ++n) {
    uint64_t lin;
    if (code64) {
      lin = eip + n;
      if (!IsCanonical(lin)) break;
    } else {
      uint32_t off = static_cast<uint32_t>(eip) + static_cast<uint32_t>(n);
      if (wrap16) off &= 0xFFFF;
      if (off < cs.lo || off > cs.hi || (!wrap16 && off < eip)) break;
      lin = WrapLinear(cs.base + off);
    }
    if ((lin >> kPageShift) != cached_page) {
      PhysAddr phys;
      if (!Probe(lin, user, &phys, Access::kExec)) break;
      cached_page = lin >> kPageShift;
      phys_page = phys >> kPageShift;
      host = mem_.PageForRead(phys_page);
      if (!host) *from_mmio = true;
    }
    const uint32_t in_page = lin & (kPageSize - 1);
    buf[n] = host ? host[in_page] : static_cast<uint8_t>(mem_.Read((phys_page << kPageShift) | in_page, 1));
  }
  return n;
}

Block* Cpu::BuildBlock(uint64_t lin, PhysAddr phys, uint32_t mode_key, bool single) {
  auto* b = new Block;
  b->phys = phys;
  b->phys_second = Block::kNoPage;
  b->lin = lin;
  b->mode_key = mode_key;
  const bool code32 = s.seg[kCs].attr & seg_attr::kBig;
  const CodeMode mode = InCode64() ? CodeMode::k64 : code32 ? CodeMode::k32 : CodeMode::k16;
  b->ip_mask = mode == CodeMode::k64 ? ~uint64_t{0} : code32 ? 0xFFFFFFFFu : 0xFFFFu;
  const HandlerTable& table = GetHandlerTable();
  uint64_t eip = s.rip & b->ip_mask;
  const uint64_t first_page = lin >> kPageShift;
  for (;;) {
    uint8_t buf[kFetchWindow];
    bool from_mmio = false;
    const size_t avail = FetchWindow(eip, buf, &from_mmio);
    BlockInsn bi;
    if (Decode(model_, mode, buf, avail, &bi.d) != DecodeStatus::kOk) {
      if (!b->insns.empty()) break;
      // The first instruction cannot be fetched: raise the fault its missing byte causes.
      delete b;
      RaiseFetchFault(eip + avail);
    }
    if (from_mmio) b->cacheable = false;
    bi.fn = table.Resolve(bi.d);
    b->insns.push_back(bi);
    const uint64_t insn_lin = CodeLinear(eip);
    const uint64_t last_lin = mode == CodeMode::k64 ? insn_lin + bi.d.len - 1
                                                     : WrapLinear(insn_lin + bi.d.len - 1);
    const uint64_t next_eip = (eip + bi.d.len) & b->ip_mask;
    b->byte_len += bi.d.len;
    if (next_eip != eip + bi.d.len) b->cacheable = false;  // IP wrapped within the segment
    if ((last_lin >> kPageShift) != first_page) {
      PhysAddr second;
      if (Probe(last_lin, s.cpl == 3, &second, Access::kExec))
        b->phys_second = second >> kPageShift;
      break;
    }
    eip = next_eip;
    if ((bi.d.flags & insn_flag::kEndsBlock) || single || b->insns.size() >= kMaxBlockInsns) break;
    if ((CodeLinear(eip) >> kPageShift) != first_page) break;
  }
  return b;
}

void Cpu::RaiseFetchFault(uint64_t eip) {
  if (InCode64()) {
    if (!IsCanonical(eip)) Fault(kVecGp, 0);
    Translate(eip, Access::kExec, s.cpl == 3);
    Fault(kVecGp, 0);
  }
  const Segment& cs = s.seg[kCs];
  uint32_t off = static_cast<uint32_t>(model_.segment_offset_wraps ? (eip & 0xFFFF) : eip);
  if (off < cs.lo || off > cs.hi) Fault(kVecGp, 0);
  Translate(WrapLinear(cs.base + off), Access::kExec, s.cpl == 3);
  // Translation succeeded after all (the page became valid): nothing to raise; the caller
  // retries at the next boundary.
  Fault(kVecGp, 0);
}

void Cpu::TrackCode(const Block* b) {
  auto mark = [&](PhysAddr addr, uint32_t len) {
    if (!mem_.MarkCode(addr, len)) return;
    // The page just became a code page: direct writes to it must now take the slow path.
    const uint64_t page = addr >> kPageShift;
    for (auto& bank : tlb_)
      for (TlbEntry& e : bank)
        if (e.phys_page == page) e.write_tag = 1;
  };
  const uint32_t first_len =
      std::min<uint32_t>(b->byte_len, kPageSize - (b->phys & (kPageSize - 1)));
  mark(b->phys, first_len);
  if (b->phys_second != Block::kNoPage) mark(b->phys_second << kPageShift, b->byte_len - first_len);
}

Block* Cpu::FindBlockSlow(uint64_t lin, uint32_t mode_key) {
  insn_eip_ = s.rip;
  if (blocks_.graveyard_size() != 0) {
    // No jump-cache entry leads to a dropped block (OnBlockRemoved, and Clear starts a new
    // epoch), and no translated code runs here: the last translation run is the only pointer
    // left.
    chain_exit_ = 0;
    blocks_.CollectGarbage();
  }
  if (!CodeInLimit(s.rip, 1)) Fault(kVecGp, 0);
  bool global = false;
  const PhysAddr phys = Translate(lin, Access::kExec, s.cpl == 3, &global);
  const bool single = (mode_key & kSingleInsnKey) != 0;
  Block* b = blocks_.Find(phys, mode_key, lin);
  if (b && b->phys_second != Block::kNoPage) {
    PhysAddr second;
    const uint64_t last_lin =
        InCode64() ? lin + b->byte_len - 1 : WrapLinear(lin + b->byte_len - 1);
    if (!Probe(last_lin, s.cpl == 3, &second, Access::kExec) ||
        (second >> kPageShift) != b->phys_second)
      b = nullptr;
  }
  if (b && !CodeInLimit(s.rip, b->byte_len)) b = nullptr;
  if (!b) {
    Block* built = BuildBlock(lin, phys, mode_key, single);
    if (!built->cacheable || (b = blocks_.Find(phys, mode_key, lin)) != nullptr) {
      temp_block_.reset(built);
      return built;
    }
    TrackCode(built);
    blocks_.Insert(std::unique_ptr<Block>(built));
    b = built;
  }
  JumpCacheEntry& j = JumpCacheSlot(lin);
  j = JumpCacheEntry{};
  j.lin = lin;
  // A block that reaches into a second page keeps its entry only while both mappings may.
  global = global && b->phys_second == Block::kNoPage;
  j.epoch = global ? jump_global_epoch_ : jump_epoch_;
  jump_global_lin_[JumpCacheIndex(lin)] = global ? lin : kNoGlobalEntry;
  j.block = b;
  j.mode_key = mode_key;
  j.byte_len = b->byte_len;
  if (b->native) NoteTranslation(b, *b->native);
  return b;
}

void Cpu::NoteTranslation(const Block* b, const NativeCode& n) {
  JumpCacheEntry& j = JumpCacheSlot(b->lin);
  if (j.block != b) return;
  j.chain_entry = n.chain_entry;
  j.cs_base = n.cs_base;
  j.cs_lo = n.cs_lo;
  j.cs_hi = n.cs_hi;
}

void Cpu::OnBlockRemoved(const Block* b) {
  JumpCacheEntry& j = JumpCacheSlot(b->lin);
  if (j.block == b) j = JumpCacheEntry{};
}

void Cpu::FlushJumpCachePage(uint64_t lin, uint64_t page_mask) {
  FlushJumpCache(/*keep_global=*/true);
  for (int i = 0; i < kJumpCacheSize; ++i) {
    if (jump_global_lin_[i] == kNoGlobalEntry || ((jump_global_lin_[i] ^ lin) & page_mask))
      continue;
    jump_cache_[i] = JumpCacheEntry{};
    jump_global_lin_[i] = kNoGlobalEntry;
  }
}

inline Block* Cpu::FindBlock() {
  const uint64_t lin = CodeLinear(s.rip);
  const uint32_t mode_key = mode_key_;
#ifdef M86_PARANOID
  assert(mode_key == ModeKey() && "a mode change did not call OnModeChange()");
#endif
  if (Block* b = CachedBlock(lin)) return b;
  return FindBlockSlow(lin, mode_key);
}

__attribute__((always_inline)) inline void Cpu::ExecuteBlock(Block* b) {
  const uint64_t ip_mask = b->ip_mask;
  const BlockInsn* const begin = b->insns.data();
  const BlockInsn* const end = begin + b->insns.size();
  cur_block_ = b;
  cur_block_eip_ = s.rip;
  const BlockInsn* p = begin;
  if (M86_UNLIKELY(static_cast<bool>(on_trace))) {
    do {
      insn_eip_ = s.rip;
      s.rip = (s.rip + p->d.len) & ip_mask;
      on_trace(*this, p->d);
      p->fn(*this, p->d);
      ++p;
    } while (p != end && !end_block_);
  } else {
    do {
      insn_eip_ = s.rip;
      s.rip = (s.rip + p->d.len) & ip_mask;
      p->fn(*this, p->d);
      ++p;
    } while (p != end && !end_block_);
  }
  end_block_ = false;
  cur_block_ = nullptr;
  retired_ += static_cast<uint64_t>(p - begin);
}

void Cpu::InterpretBlock(Block* b) { ExecuteBlock(b); }

uint64_t Cpu::retired() const {
  uint64_t n = retired_;
  if (!cur_block_) return n;
  uint64_t eip = cur_block_eip_;
  for (const BlockInsn& bi : cur_block_->insns) {
    if (eip == insn_eip_) break;
    eip = (eip + bi.d.len) & cur_block_->ip_mask;
    ++n;
  }
  return n;
}

void Cpu::AccountPartialBlock() {
  if (!cur_block_) return;
  uint64_t eip = cur_block_eip_;
  for (const BlockInsn& bi : cur_block_->insns) {
    if (eip == insn_eip_) break;
    eip = (eip + bi.d.len) & cur_block_->ip_mask;
    ++retired_;
  }
  cur_block_ = nullptr;
}

StopReason Cpu::Run(uint64_t max_instructions) {
  budget_end_ = retired_ + unretired_work_ + max_instructions;
  RecomputeAttention();  // state may have been set from outside since the last run
  if (setjmp(fault_jmp_) != 0) {
    AccountPartialBlock();
    EndNativeRun();
    end_block_ = false;
    if (pending_vector_ != 0xFF) HandleFaultUnwind();
    else ++retired_;  // a software interrupt completed its instruction
  }
  for (;;) {
    if (M86_UNLIKELY(attention_)) {
      StopReason reason;
      if (HandleAttention(&reason)) return reason;
      if (s.eflags & flag::kTf) {
        StepWithTrap();
        continue;
      }
      // Instruction breakpoints and EFLAGS.RF (debug.cpp); blocks hold one instruction then.
      if ((bp_.insn_mask || (s.eflags & flag::kRf)) && CheckInstructionBreakpoint()) continue;
    }
    if (retired_ + unretired_work_ >= budget_end_) return StopReason::kBudget;
    Block* b = FindBlock();
    // An event held off by STI or MOV SS is recognized after the next instruction (SDM Vol.
    // 3A, 6.8.3), so only that one runs before the next check: "STI; NOP; CLI" must let a
    // pending interrupt in between the two NOPs, as firmware idle loops expect.
    if (M86_UNLIKELY(attention_) && retired_ < irq_inhibit_until_) end_block_ = true;
    else if (translator_ && RunTranslated(b)) continue;
    ExecuteBlock(b);
  }
}

StopReason Cpu::Step() {
  // One whole instruction: a REP stops early only for an event, never for a budget.
  budget_end_ = ~uint64_t{0};
  RecomputeAttention();
  if (setjmp(fault_jmp_) != 0) {
    AccountPartialBlock();
    EndNativeRun();
    end_block_ = false;
    if (pending_vector_ != 0xFF) HandleFaultUnwind();
    else ++retired_;
    return StopReason::kBudget;
  }
  if (attention_) {
    StopReason reason;
    const uint64_t before = retired_;
    const uint64_t eip_before = s.rip;
    if (HandleAttention(&reason)) return reason;
    if (retired_ != before || s.rip != eip_before) return StopReason::kBudget;
  }
  StepWithTrap();
  return StopReason::kBudget;
}

void Cpu::StepWithTrap() {
  if ((bp_.insn_mask || (s.eflags & flag::kRf)) && CheckInstructionBreakpoint()) return;
  const bool trap = (s.eflags & flag::kTf) != 0;
  insn_eip_ = s.rip;
  const uint64_t lin = CodeLinear(s.rip);
  if (!CodeInLimit(s.rip, 1)) Fault(kVecGp, 0);
  const PhysAddr phys = Translate(lin, Access::kExec, s.cpl == 3);
  temp_block_.reset(BuildBlock(lin, phys, ModeKey(), true));
  // With a translator at threshold 0 even single steps run translated, so the per-instruction
  // conformance suites exercise the translated forms.
  if (translator_ && translator_->threshold() == 0 && !on_trace &&
      (temp_block_->native = translator_->Translate(*this, *temp_block_)) != nullptr) {
    if (check_translations_)
      RunChecked(temp_block_.get());
    else
      RunNative(temp_block_.get());
    chain_exit_ = 0;  // the temporary block's code is freed with it: no link from it
  } else {
    ExecuteBlock(temp_block_.get());
  }
  // MOV SS and POP SS hold the single-step trap off until after the next instruction (SDM
  // Vol. 3A, 6.8.3); that instruction's trap then reports both.
  const DecodedInsn& d = temp_block_->insns.front().d;
  const bool loaded_ss =
      (d.op == Op::MOV_SwEw && d.reg() == kSs) || (d.op == Op::POP_SEG && d.opcode == 0x17);
  if (trap && !loaded_ss) DebugTrapAfterStep();
}

}  // namespace m86
