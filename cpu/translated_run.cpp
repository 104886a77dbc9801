// Tiering between the interpreter and translated code (DESIGN.md, "The hot path", 5): a block
// runs interpreted until it has run `threshold` times, then through host code made by the
// attached translator.
#include "cpu/cpu.h"

namespace m86 {

void NativeCode::Link(uint32_t exit, NativeCode& to) {
  if (!PatchExit(exit, to.chain_entry)) return;
  exits[exit].linked = &to;
  to.incoming.emplace_back(this, exit);
}

void NativeCode::Unlink() {
  for (auto& [from, exit] : incoming) {
    from->PatchExit(exit, nullptr);
    from->exits[exit].linked = nullptr;
  }
  incoming.clear();
  for (uint32_t i = 0; i < exits.size(); ++i) {
    NativeCode* to = exits[i].linked;
    if (!to) continue;
    auto& in = to->incoming;
    for (size_t k = 0; k < in.size(); ++k)
      if (in[k].first == this && in[k].second == i) {
        in.erase(in.begin() + static_cast<std::ptrdiff_t>(k));
        break;
      }
    PatchExit(i, nullptr);
    exits[i].linked = nullptr;
  }
}

Cpu::JitLayout Cpu::jit_layout() const {
  const auto at = [this](const void* member) {
    return static_cast<int32_t>(static_cast<const char*>(member) -
                                reinterpret_cast<const char*>(this));
  };
  return JitLayout{at(&s),           at(&insn_eip_),
                   at(&end_block_),   {at(&tlb_[0][0]), at(&tlb_[1][0])},
                   at(&retired_),     at(&unretired_work_),
                   at(&budget_end_),  at(&attention_),
                   at(&cur_block_),   at(&cur_block_eip_)};
}

void Cpu::set_translator(BlockTranslator* t) {
  translator_ = t;
  check_translations_ = t && t->mode() == JitMode::kCheck;
  // Check mode repeats runs of blocks, which needs every write journaled: no direct write
  // mappings may remain in the TLB.
  if (check_translations_) {
    mem_.set_journal(&journal_);
    FlushTlb();
  }
}

// Runs the block's host code. The dispatcher's fault path finds the partial count the same way
// as for the interpreter: from cur_block_ and the insn_eip_ the code stores before anything
// that can fault.
// A translated loop adds each completed pass to retired_ itself (so faults and handlers see the
// count), and returns the instructions of its last pass.
void Cpu::RunNative(Block* b) {
  cur_block_ = b;
  cur_block_eip_ = s.rip;
  native_run_start_ = retired_;
  const uint64_t result = b->native->entry(this);
  end_block_ = false;
  // Chained code ran on in other blocks: the exit is the last one's.
  chain_from_ = cur_block_->native.get();
  chain_exit_ = static_cast<uint32_t>(result >> 32);
  cur_block_ = nullptr;
  retired_ += static_cast<uint32_t>(result);
  ++translated_runs_;
  EndNativeRun();
}

void Cpu::EndNativeRun() {
  if (native_run_start_ == kNoNativeRun) return;
  translated_retired_ += retired_ - native_run_start_;
  native_run_start_ = kNoNativeRun;
}

// What the dispatcher would do after RunNative returned at this point: the caller has counted
// the instructions and checked the budget and attention_. An end_block_ here was set by the
// block's last handler (a mode change, a write to code); it ended that block, which has ended,
// and everything it can change is checked below, as RunTranslated checks it.
const void* Cpu::IndirectChainTarget() {
  end_block_ = false;
  const uint64_t lin = CodeLinear(s.rip);
  const JumpCacheEntry& j = JumpCacheSlot(lin);
  if (!JumpCacheHolds(j, lin) || !j.chain_entry) return nullptr;
  // The same linear address and CS base: the same RIP as the translation's. The same limits:
  // the block is inside them, as it was when it was found.
  if (!InCode64()) {
    const Segment& cs = s.seg[kCs];
    if (cs.base != j.cs_base || cs.lo != j.cs_lo || cs.hi != j.cs_hi) return nullptr;
  }
  if (M86_UNLIKELY(static_cast<bool>(on_trace))) return nullptr;
  return j.chain_entry;
}

bool Cpu::RunTranslated(Block* b) {
  const NativeCode* n = b->native.get();
  if (M86_UNLIKELY(!n)) {
    // Blocks built for one run (MMIO code, single steps) and those of the one-instruction mode
    // key (TF, instruction breakpoints) stay interpreted.
    if (b->untranslatable || !b->cacheable || b == temp_block_.get() ||
        (b->mode_key & kSingleInsnKey) || on_trace)
      return false;
    if (b->runs < translator_->threshold()) {
      ++b->runs;
      return false;
    }
    if (translator_->CacheFull()) {
      // Every translation goes; the blocks are freed at the next FindBlockSlow, when no host
      // code of theirs is running any more.
      blocks_.Clear();
      FlushJumpCache();
      translator_->OnCacheFlushed();
      return false;
    }
    b->native = translator_->Translate(*this, *b);
    n = b->native.get();
    if (!n) {
      b->untranslatable = true;
      return false;
    }
    NoteTranslation(b, *n);
  }
  // A pending EndBlock from outside any block (a device's write to code, an interrupt shadow)
  // makes the interpreter stop after one instruction; translated code would run on.
  if (M86_UNLIKELY(n->rip != s.rip || on_trace || end_block_)) return false;
  if (!InCode64() && (s.seg[kCs].lo != n->cs_lo || s.seg[kCs].hi != n->cs_hi ||
                      s.seg[kCs].base != n->cs_base))
    return false;
  if (check_translations_) {
    RunChecked(b);
    return true;
  }
  if (chain_exit_ && chain_from_->CanChain(chain_exit_ - 1, *b->native))
    chain_from_->Link(chain_exit_ - 1, *b->native);
  RunNative(b);
  return true;
}

}  // namespace m86
