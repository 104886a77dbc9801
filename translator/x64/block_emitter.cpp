#include "translator/x64/block_emitter.h"

#include <cstddef>

#include "cpu/canonical.h"
#include "translator/helpers.h"

namespace m86::x64 {
namespace {

using asmjit::Imm;
using asmjit::Label;

constexpr size_t kRipOffset = offsetof(CpuState, rip);
constexpr size_t kLazyOffset = offsetof(CpuState, lazy);

// What an instruction does to the lazy flags when it has no memory operand (so it cannot
// fault): the basis of dropping a flag record that a later instruction overwrites before
// anything reads it (DESIGN.md, "Flags").
enum class FlagUse { kNone, kOverwrite, kOther };

FlagUse RegisterFormFlagUse(const DecodedInsn& d) {
  if (d.mem()) return FlagUse::kOther;
  switch (d.op) {
    case Op::MOV_EbGb: case Op::MOV_EvGv: case Op::MOV_GbEb: case Op::MOV_GvEv:
    case Op::MOV_ZbIb: case Op::MOV_ZvIv: case Op::MOV_EbIb: case Op::MOV_EvIz:
    case Op::MOVZX_GvEb: case Op::MOVZX_GvEw: case Op::MOVSX_GvEb: case Op::MOVSX_GvEw:
    case Op::NOP: case Op::XCHG_EbGb: case Op::XCHG_EvGv: case Op::XCHG_ZveAX:
      return FlagUse::kNone;
    case Op::ALU_EbGb: case Op::ALU_EvGv: case Op::ALU_GbEb: case Op::ALU_GvEv:
    case Op::ALU_ALIb: case Op::ALU_eAXIz: {
      const int op = (d.opcode >> 3) & 7;
      return op == 2 || op == 3 ? FlagUse::kOther : FlagUse::kOverwrite;  // ADC, SBB read CF
    }
    case Op::GRP1_EbIb: case Op::GRP1_EvIz: case Op::GRP1_EvIb:
      return d.ext() == 2 || d.ext() == 3 ? FlagUse::kOther : FlagUse::kOverwrite;
    case Op::TEST_EbGb: case Op::TEST_EvGv: case Op::TEST_ALIb: case Op::TEST_eAXIz:
    case Op::TEST_EbIb: case Op::TEST_EvIz:
      return FlagUse::kOverwrite;
    default:
      return FlagUse::kOther;
  }
}

// Whether instruction i's flag record is dead: the next instructions up to one that overwrites
// every flag neither read flags nor can fault. LEA never faults either (no access).
bool FlagsDeadAfter(const std::vector<BlockInsn>& insns, size_t i) {
  for (size_t j = i + 1; j < insns.size(); ++j) {
    const DecodedInsn& d = insns[j].d;
    if (d.op == Op::LEA) continue;
    switch (RegisterFormFlagUse(d)) {
      case FlagUse::kNone: continue;
      case FlagUse::kOverwrite: return true;
      case FlagUse::kOther: return false;
    }
  }
  return false;  // live out of the block
}

// Whether the inline code of `d` leaves the host flags alone. The register-form instructions
// that neither touch the guest's flags nor fault are moves, whose emitters use only MOV, MOVZX
// and MOVSX (memory operands probe the TLB with compares).
bool KeepsHostFlags(const DecodedInsn& d) { return RegisterFormFlagUse(d) == FlagUse::kNone; }


}  // namespace

BlockEmitter::BlockEmitter(x86::Assembler& as, Cpu& cpu, const Block& b, JitCategorySet disabled)
    : a(as),
      cpu_(cpu),
      b_(b),
      layout_(cpu.jit_layout()),
      disabled_(disabled),
      code64_(cpu.InCode64()),
      stack32_((cpu.s.seg[kSs].attr & seg_attr::kBig) != 0),
      user_(cpu.s.cpl == 3),
      ip_mask_(b.ip_mask),
      entry_rip_(cpu.s.rip),
      cs_base_(cpu.InCode64() ? 0 : cpu.s.seg[kCs].base),
      paging_((cpu.s.cr0 & cr0::kPg) != 0),
      cs_lo_(cpu.s.seg[kCs].lo),
      cs_hi_(cpu.s.seg[kCs].hi) {}

x86::Mem BlockEmitter::State(size_t offset, uint32_t size) const {
  return x86::Mem(x86::rbx, layout_.state + static_cast<int32_t>(offset), size);
}

x86::Mem BlockEmitter::Gpr(int r, uint32_t size) const {
  size_t off = offsetof(CpuState, gpr);
  if (size == 1 && (r & ~3) == 4)
    off += 8 * (r - 4) + 1;  // AH CH DH BH: bits 8-15 of registers 0-3
  else
    off += 8 * (r & 15);
  return State(off, size);
}

x86::Gp BlockEmitter::Sized(const x86::Gp& r, uint32_t size) {
  switch (size) {
    case 1: return r.r8();
    case 2: return r.r16();
    case 4: return r.r32();
    default: return r.r64();
  }
}

void BlockEmitter::LoadGpr(const x86::Gp& dst, int r, uint32_t size) {
  if (size <= 2)
    a.movzx(dst.r32(), Gpr(r, size));
  else
    a.mov(Sized(dst, size), Gpr(r, size));
}

void BlockEmitter::StoreGpr(int r, uint32_t size, const x86::Gp& src) {
  // A 32-bit register write clears bits 63:32 (SDM Vol. 1, 3.4.1.1).
  a.mov(Gpr(r, size == 4 ? 8 : size), Sized(src, size == 4 ? 8 : size));
}

void BlockEmitter::EffectiveAddress(const InsnSite& site) {
  const DecodedInsn& d = site.d;
  const int32_t disp = static_cast<int32_t>(d.disp);
  if (d.wide & (insn_wide::kA64 | insn_wide::kRipRel)) {
    // 64-bit mode (operands.h EffectiveAddress64): RIP-relative from the next RIP.
    if (d.rip_relative())
      a.mov(x86::r12, Imm(static_cast<int64_t>(site.next + static_cast<int64_t>(disp))));
    else if (d.base != kNoReg)
      a.mov(x86::r12, Gpr(d.base, 8));
    else
      a.xor_(x86::r12d, x86::r12d);
    if (d.index != kNoReg) {
      a.mov(x86::rax, Gpr(d.index, 8));
      a.lea(x86::r12, x86::ptr(x86::r12, x86::rax, d.scale, d.rip_relative() ? 0 : disp));
    } else if (!d.rip_relative() && disp) {
      a.lea(x86::r12, x86::ptr(x86::r12, disp));
    }
    if (!d.a64()) a.mov(x86::r12d, x86::r12d);
    return;
  }
  // 16- and 32-bit addressing: the sum is taken in 32 bits, then cut to 16 with a16.
  if (d.base != kNoReg)
    a.mov(x86::r12d, Gpr(d.base, 4));
  else
    a.xor_(x86::r12d, x86::r12d);
  if (d.index != kNoReg) {
    a.mov(x86::eax, Gpr(d.index, 4));
    a.lea(x86::r12d, x86::ptr(x86::r12, x86::rax, d.scale, disp));
  } else if (disp) {
    a.lea(x86::r12d, x86::ptr(x86::r12, disp));
  }
  if (!d.a32()) a.movzx(x86::r12d, x86::r12w);
}

void BlockEmitter::Probe(uint8_t seg, uint32_t size, bool write, const Label& slow) {
  const size_t sg = offsetof(CpuState, seg) + sizeof(Segment) * seg;
  if (code64_) {
    // No limits or rights in 64-bit mode; FS and GS add their base (memory_access.h
    // Linear64). A non-canonical address never matches a TLB tag, so it takes the slow path,
    // which raises the fault.
    a.mov(x86::r13, x86::r12);
    if (seg >= kFs) a.add(x86::r13, State(sg + offsetof(Segment, base), 8));
  } else {
    // The segment window of Cpu::Read/Write: rights, then lo <= off and off + size - 1 <= hi.
    a.cmp(State(sg + (write ? offsetof(Segment, writable) : offsetof(Segment, readable)), 1),
          0);
    a.je(slow);
    a.cmp(x86::r12d, State(sg + offsetof(Segment, lo), 4));
    a.jb(slow);
    a.lea(x86::rax, x86::ptr(x86::r12, static_cast<int32_t>(size - 1)));
    a.mov(x86::ecx, State(sg + offsetof(Segment, hi), 4));
    a.cmp(x86::rax, x86::rcx);
    a.ja(slow);
    a.mov(x86::r13, State(sg + offsetof(Segment, base), 8));
    a.add(x86::r13, x86::r12);
    a.mov(x86::r13d, x86::r13d);  // linear addresses wrap at 4 GiB
  }
  // The TLB entry of the page: its tag equals the page of the access's last byte only when the
  // access stays inside that page (an access that crosses takes the slow path).
  a.lea(x86::rax, x86::ptr(x86::r13, static_cast<int32_t>(size - 1)));
  a.and_(x86::rax, Imm(-static_cast<int64_t>(kPageSize)));
  a.mov(x86::rcx, x86::r13);
  a.shr(x86::rcx, kPageShift);
  a.and_(x86::ecx, Cpu::kTlbEntries - 1);
  a.shl(x86::ecx, 5);
  static_assert(sizeof(TlbEntry) == 32);
  const int32_t bank = layout_.tlb[user_ ? 1 : 0];
  a.cmp(x86::rax, x86::ptr(x86::rbx, x86::rcx, 0,
                           bank + static_cast<int32_t>(write ? offsetof(TlbEntry, write_tag)
                                                             : offsetof(TlbEntry, read_tag))));
  a.jne(slow);
  a.add(x86::r13, x86::ptr(x86::rbx, x86::rcx, 0,
                           bank + static_cast<int32_t>(offsetof(TlbEntry, addend))));
}

namespace {
const void* LoadHelper(uint32_t size, bool for_write) {
  switch (size) {
    case 1: return for_write ? reinterpret_cast<const void*>(&jit_helper::LoadForWrite8)
                             : reinterpret_cast<const void*>(&jit_helper::Load8);
    case 2: return for_write ? reinterpret_cast<const void*>(&jit_helper::LoadForWrite16)
                             : reinterpret_cast<const void*>(&jit_helper::Load16);
    case 4: return for_write ? reinterpret_cast<const void*>(&jit_helper::LoadForWrite32)
                             : reinterpret_cast<const void*>(&jit_helper::Load32);
    default: return for_write ? reinterpret_cast<const void*>(&jit_helper::LoadForWrite64)
                              : reinterpret_cast<const void*>(&jit_helper::Load64);
  }
}
const void* StoreHelper(uint32_t size) {
  switch (size) {
    case 1: return reinterpret_cast<const void*>(&jit_helper::Store8);
    case 2: return reinterpret_cast<const void*>(&jit_helper::Store16);
    case 4: return reinterpret_cast<const void*>(&jit_helper::Store32);
    default: return reinterpret_cast<const void*>(&jit_helper::Store64);
  }
}
}  // namespace

void BlockEmitter::Load(const InsnSite& site, uint8_t seg, uint32_t size, bool for_write) {
  const Label slow = a.newLabel(), done = a.newLabel();
  Probe(seg, size, for_write, slow);
  if (size <= 2)
    a.movzx(x86::eax, x86::Mem(x86::r13, 0, size));
  else
    a.mov(Sized(x86::rax, size), x86::Mem(x86::r13, 0, size));
  a.bind(done);
  const InsnSite s = site;
  Defer([this, s, seg, size, for_write, slow, done] {
    a.bind(slow);
    SetFaultRip(s);
    a.mov(x86::esi, seg);
    a.mov(x86::rdx, x86::r12);
    CallHelper(LoadHelper(size, for_write));
    a.xor_(x86::r13d, x86::r13d);
    a.jmp(done);
  });
}

void BlockEmitter::Store(const InsnSite& site, uint8_t seg, uint32_t size) {
  const Label slow = a.newLabel(), done = a.newLabel();
  Probe(seg, size, true, slow);
  a.mov(x86::Mem(x86::r13, 0, size), Sized(x86::r14, size));
  a.bind(done);
  const InsnSite s = site;
  Defer([this, s, seg, size, slow, done] {
    a.bind(slow);
    SetFaultRip(s);
    a.mov(x86::esi, seg);
    a.mov(x86::rdx, x86::r12);
    a.mov(x86::rcx, x86::r14);
    CallHelper(StoreHelper(size));
    a.jmp(done);
  });
}

void BlockEmitter::StoreBack(const InsnSite& site, uint8_t seg, uint32_t size) {
  // The host flags are the instruction's result flags here and survive this: the test for the
  // slow path is JRCXZ (which reads no flags), and the slow path saves them around its call.
  // The store is the instruction's last step, so the slow path may leave the block at once
  // when it hit translated code (the load's slow path already set the fault RIP).
  const Label slow = a.newLabel(), near_slow = a.newLabel(), done = a.newLabel();
  a.mov(x86::rcx, x86::r13);
  a.jecxz(x86::rcx, near_slow);
  a.mov(x86::Mem(x86::r13, 0, size), Sized(x86::r14, size));
  a.jmp(done);
  a.bind(near_slow);
  a.jmp(slow);
  a.bind(done);
  const uint64_t next = site.next;
  const int count = site.index + 1;
  const bool last = site.last;
  Defer([this, seg, size, slow, done, next, count, last] {
    const Label stop = a.newLabel();
    a.bind(slow);
    a.pushfq();
    a.sub(x86::rsp, 8);  // keeps calls 16-byte aligned
    a.mov(x86::esi, seg);
    a.mov(x86::rdx, x86::r12);
    a.mov(x86::rcx, x86::r14);
    a.mov(x86::rdi, x86::rbx);
    a.mov(x86::rax, Imm(reinterpret_cast<uint64_t>(StoreHelper(size))));
    a.call(x86::rax);
    if (!last) {
      a.cmp(x86::byte_ptr(x86::rbx, layout_.end_block), 0);
      a.jne(stop);
    }
    a.add(x86::rsp, 8);
    a.popfq();
    a.jmp(done);
    if (!last) {
      a.bind(stop);
      a.add(x86::rsp, 16);
      SetRip(next);
      a.jmp(exits_[count]);
    }
  });
}

void BlockEmitter::ExitIfEndBlock(const InsnSite& site) {
  if (site.last) return;  // the block ends here anyway
  const Label stop = a.newLabel();
  a.cmp(x86::byte_ptr(x86::rbx, layout_.end_block), 0);
  a.jne(stop);
  host_flags_from = -1;
  const uint64_t next = site.next;
  const int done = site.index + 1;
  Defer([this, stop, next, done] {
    a.bind(stop);
    SetRip(next);
    a.jmp(exits_[done]);
  });
}

void BlockEmitter::RecordLazy(LazyOp op, uint32_t size) {
  a.mov(State(kLazyOffset + offsetof(LazyFlags, dst), 8), x86::rcx);
  a.mov(State(kLazyOffset + offsetof(LazyFlags, src), 8), x86::rdx);
  a.mov(State(kLazyOffset + offsetof(LazyFlags, res), 8), x86::rax);
  static_assert(offsetof(LazyFlags, bits) == offsetof(LazyFlags, op) + 1);
  a.mov(State(kLazyOffset + offsetof(LazyFlags, op), 2),
        Imm(static_cast<uint16_t>(static_cast<unsigned>(op) | (size * 8) << 8)));
}

void BlockEmitter::SetRip(uint64_t rip) {
  if (rip <= 0x7FFFFFFF) {
    a.mov(State(kRipOffset, 8), Imm(static_cast<int64_t>(rip)));
  } else {
    a.mov(x86::rax, Imm(static_cast<int64_t>(rip)));
    a.mov(State(kRipOffset, 8), x86::rax);
  }
}

void BlockEmitter::SetFaultRip(const InsnSite& site) {
  const x86::Mem slot(x86::rbx, layout_.insn_eip, 8);
  if (site.rip <= 0x7FFFFFFF) {
    a.mov(slot, Imm(static_cast<int64_t>(site.rip)));
  } else {
    a.mov(x86::rax, Imm(static_cast<int64_t>(site.rip)));
    a.mov(slot, x86::rax);
  }
}

void BlockEmitter::CallHelper(const void* fn) {
  a.mov(x86::rdi, x86::rbx);
  a.mov(x86::rax, Imm(reinterpret_cast<uint64_t>(fn)));
  a.call(x86::rax);
  host_flags_from = -1;
}

void BlockEmitter::CountAndCheck(int count, const Label& leave) {
  a.add(x86::qword_ptr(x86::rbx, layout_.retired), count);
  a.mov(x86::rax, x86::qword_ptr(x86::rbx, layout_.retired));
  a.add(x86::rax, x86::qword_ptr(x86::rbx, layout_.unretired_work));
  a.cmp(x86::rax, x86::qword_ptr(x86::rbx, layout_.budget_end));
  a.jae(leave);
  a.cmp(x86::byte_ptr(x86::rbx, layout_.attention), 0);
  a.jne(leave);
}

void BlockEmitter::EmitLoopBack(const InsnSite& site) {
  const Label leave = a.newLabel();
  CountAndCheck(site.index + 1, leave);
  a.jmp(body_);
  a.bind(leave);
  SetRip(entry_rip_);
  a.jmp(exits_[0]);  // this pass is counted already
}

void BlockEmitter::EmitExitTo(uint64_t target, int count) {
  const auto linear = [this](uint64_t rip) { return code64_ ? rip : WrapLinear(cs_base_ + rip); };
  // Same linear page as the block's start (its physical page then follows from this block's),
  // or no paging: no TLB flush or remapping can change where the target is.
  const bool chainable =
      !paging_ || (linear(target) >> kPageShift) == (linear(entry_rip_) >> kPageShift);
  if (!chainable) {
    // Another page under paging: a patched jump could outlive the mapping, so the jump cache,
    // which a TLB flush empties, finds the target.
    SetRip(target);
    EmitIndirectExit(count);
    return;
  }
  ChainSite site{target, a.newLabel(), a.newLabel()};
  CountAndCheck(count, site.stub);
  a.bind(site.jump);
  a.long_().jmp(site.stub);  // rel32: patched to the target's chain entry (X64Code)
  const uint64_t result = uint64_t{chain_sites_.size() + 1} << 32;  // this pass is counted
  Defer([this, site, result] {
    a.bind(site.stub);
    SetRip(site.target);
    a.mov(x86::rax, asmjit::Imm(static_cast<int64_t>(result)));
    a.jmp(epilogue_);
  });
  chain_sites_.push_back(site);
}

void BlockEmitter::EmitIndirectExit(int count) {
  if (cpu_.checking_translations()) {  // check mode compares each run on its own
    a.jmp(exits_[count]);
    return;
  }
  const Label leave = a.newLabel();
  CountAndCheck(count, leave);
  a.mov(x86::rdi, x86::rbx);
  a.mov(x86::rax, Imm(reinterpret_cast<uint64_t>(&jit_helper::IndirectChainTarget)));
  a.call(x86::rax);
  a.test(x86::rax, x86::rax);
  a.jz(leave);
  a.jmp(x86::rax);
  a.bind(leave);
  a.jmp(exits_[0]);  // counted already
}

void BlockEmitter::EmitHandlerFallback(const InsnSite& site, const Label& at) {
  const BlockInsn& bi = b_.insns[static_cast<size_t>(site.index)];
  const InsnSite s = site;
  Defer([this, &bi, s, at] {
    a.bind(at);
    CallHandler(bi, s);
    a.jmp(exits_[s.index + 1]);
  });
}

void BlockEmitter::CallHandler(const BlockInsn& bi, const InsnSite& site) {
  // What the interpreter's loop does around a handler (dispatch.cpp ExecuteBlock): the fault
  // RIP is the instruction's, s.rip already the next one's.
  SetFaultRip(site);
  SetRip(site.next);
  a.mov(x86::rsi, Imm(reinterpret_cast<uint64_t>(&bi.d)));
  CallHelper(reinterpret_cast<const void*>(bi.fn));
}

void BlockEmitter::CheckNearTarget(const Label& bad) {
  if (code64_) {
    // Canonical: bits 63:47 equal (cpu/canonical.h).
    a.mov(x86::rcx, x86::rax);
    a.shl(x86::rcx, 16);
    a.sar(x86::rcx, 16);
    a.cmp(x86::rcx, x86::rax);
    a.jne(bad);
  } else if (!cpu_.model().segment_offset_wraps) {
    a.cmp(x86::eax, Imm(cs_lo_));
    a.jb(bad);
    a.cmp(x86::eax, Imm(cs_hi_));
    a.ja(bad);
  }
}

bool BlockEmitter::TargetInCs(uint64_t target) const {
  if (code64_) return IsCanonical(target);
  return cpu_.model().segment_offset_wraps || (target >= cs_lo_ && target <= cs_hi_);
}

void BlockEmitter::EmitPrologue() {
  // Five pushes leave rsp 16-byte aligned for calls (SysV ABI: rsp + 8 is aligned at entry).
  a.push(x86::rbx);
  a.push(x86::r12);
  a.push(x86::r13);
  a.push(x86::r14);
  a.push(x86::r15);
  a.mov(x86::rbx, x86::rdi);
}

void BlockEmitter::EmitEpilogue() {
  a.bind(epilogue_);
  a.pop(x86::r15);
  a.pop(x86::r14);
  a.pop(x86::r13);
  a.pop(x86::r12);
  a.pop(x86::rbx);
  a.ret();
}

void BlockEmitter::EmitHandlerCall(const BlockInsn& bi, const InsnSite& site) {
  CallHandler(bi, site);
  last_lazy_op = LazyOp::kNone;  // the handler may have recorded anything
  if (!site.last) {
    a.cmp(x86::byte_ptr(x86::rbx, layout_.end_block), 0);
    a.jne(exits_[site.index + 1]);
  }
}

bool BlockEmitter::EmitInline(const InsnSite& site) {
  const DecodedInsn& d = site.d;
  if (d.mem() && !mem_inline()) return false;
  if (d.flags & insn_flag::kLock) return false;  // the handlers keep LOCK's checks
  return EmitMove(*this, site) || EmitAlu(*this, site) || EmitStack(*this, site) ||
         EmitBranch(*this, site) || EmitCond(*this, site) || EmitShift(*this, site) ||
         EmitMul(*this, site);
}

int BlockEmitter::EmitBlock() {
  const size_t n = b_.insns.size();
  epilogue_ = a.newLabel();
  for (size_t k = 0; k <= n; ++k) exits_.push_back(a.newLabel());
  EmitPrologue();
  // A chained jump enters here: the running block changes (fault accounting).
  chain_entry = a.newLabel();
  a.bind(chain_entry);
  a.mov(x86::rax, Imm(reinterpret_cast<uint64_t>(&b_)));
  a.mov(x86::qword_ptr(x86::rbx, layout_.cur_block), x86::rax);
  a.mov(x86::rax, Imm(static_cast<int64_t>(entry_rip_)));
  a.mov(x86::qword_ptr(x86::rbx, layout_.cur_block_eip), x86::rax);
  body_ = a.newLabel();
  a.bind(body_);
  int inline_count = 0;
  uint64_t rip = cpu_.s.rip;
  bool rip_current = false;  // whether s.rip holds the RIP after the last instruction
  bool handler_last = false;  // the last instruction ran through its handler
  for (size_t i = 0; i < n; ++i) {
    const BlockInsn& bi = b_.insns[i];
    const uint64_t next = (rip + bi.d.len) & ip_mask_;
    const InsnSite site{bi.d, static_cast<int>(i), rip, next, i + 1 == n,
                        FlagsDeadAfter(b_.insns, i)};
    if (EmitInline(site)) {
      ++inline_count;
      // A register move between a flag producer and its reader (CMP; MOV; SBB or Jcc) leaves
      // the host flags as they were.
      if (host_flags_from >= 0 && host_flags_from == site.index - 1 && KeepsHostFlags(bi.d))
        host_flags_from = site.index;
      // Inline branches leave the block themselves; a block that ends at an inline instruction
      // for its length or at a page's end goes on at the next.
      if (site.last && !(bi.d.flags & insn_flag::kEndsBlock) && TargetInCs(next)) {
        EmitExitTo(next, static_cast<int>(n));
        rip_current = true;
      } else {
        rip_current = site.last && (bi.d.flags & insn_flag::kEndsBlock);
      }
    } else {
      EmitHandlerCall(bi, site);
      rip_current = true;
      handler_last = site.last;
    }
    rip = next;
  }
  if (!rip_current) SetRip(rip);
  if (handler_last) {
    // Whatever the handler changed, Cpu::IndirectChainTarget checks the target against the
    // state as the dispatcher would: mode key, CS, validity; events were checked before it.
    EmitIndirectExit(static_cast<int>(n));
  } else {
    a.mov(x86::eax, static_cast<uint32_t>(n));
    a.jmp(epilogue_);
  }
  for (size_t k = 0; k < n; ++k) {
    a.bind(exits_[k]);
    a.mov(x86::eax, static_cast<uint32_t>(k));
    a.jmp(epilogue_);
  }
  a.bind(exits_[n]);
  a.mov(x86::eax, static_cast<uint32_t>(n));
  EmitEpilogue();
  // Slow paths may add more deferred code while being emitted: loop by index.
  for (size_t k = 0; k < deferred_.size(); ++k) deferred_[k]();
  return inline_count;
}

}  // namespace m86::x64
