// --jit check: every run of a translated block is preceded by an interpreted run of the same
// block from the same state. The interpreter's effects are undone (RAM from the write journal,
// the registers from a copy), the translation runs, and both outcomes are compared: how the run
// ended (a fault, its vector and RIP), the instructions retired, every register with EFLAGS as
// the guest reads it, and every byte either run wrote. A difference stops the CPU with a report
// naming the block and the first difference. Blocks that reach devices (port I/O, MMIO, MSRs and
// CR8 of the APIC, the x87's FERR# line) cannot run twice; they run translated, unchecked, and
// a run that reached MMIO or wrote to code keeps the interpreter's result.
#include <cstring>
#include <cinttypes>
#include <cstdio>
#include <unordered_map>

#include "cpu/cpu.h"
#include "cpu/flags.h"
#include "cpu/state_digest.h"
#include "cpu/state_fields.h"

namespace m86 {
namespace {

bool ReachesDevices(const Block& b) {
  for (const BlockInsn& bi : b.insns) {
    switch (bi.d.op) {
      case Op::IN_ALIb: case Op::IN_eAXIb: case Op::OUT_IbAL: case Op::OUT_IbeAX:
      case Op::IN_ALDX: case Op::IN_eAXDX: case Op::OUT_DXAL: case Op::OUT_DXeAX:
      case Op::INS_b: case Op::INS_v: case Op::OUTS_b: case Op::OUTS_v:
      case Op::WRMSR: case Op::RDMSR: case Op::MOV_CdRd: case Op::MOV_RdCd:
      case Op::FPU_ESC: case Op::WAIT:
        return true;
      default: break;
    }
  }
  return false;
}

// How one run ended, and the state it left.
struct Outcome {
  int how;  // 0: ran to its end; else the unwind code (a fault or a software interrupt)
  uint8_t vector;
  uint32_t error;
  uint64_t fault_rip;
  uint64_t retired, work;
  CpuState state;
};

template <typename T> uint64_t DigestOf(const T& v) {
  StateDigest d;
  d(v);
  return d.value();
}

// EFLAGS as the guest reads it in place of the lazy record, and after a fault one RIP for both
// (delivery sets it): what the comparison sees.
void Canonicalize(Outcome& o, uint64_t rip_after_fault) {
  o.state.eflags = GuestEflags(o.state);
  o.state.lazy = LazyFlags{0, 0, 0, LazyOp::kNone, 0};
  if (o.how == 1) o.state.rip = rip_after_fault;
}

// The first difference between the two outcomes (canonicalized), or "".
std::string FirstDifference(const Outcome& a, const Outcome& b) {
  // The common case first: equal bytes (the register names and digests below are for reports;
  // bytes that differ only in padding get there and report nothing).
  if (a.how == b.how && a.retired == b.retired && a.work == b.work &&
      (a.how != 1 || (a.vector == b.vector && a.error == b.error &&
                      a.fault_rip == b.fault_rip)) &&
      std::memcmp(&a.state, &b.state, sizeof a.state) == 0)
    return "";
  char line[160];
  const auto differs = [&](const char* what, uint64_t x, uint64_t y) {
    if (x == y) return false;
    std::snprintf(line, sizeof line, "%s: interpreter %" PRIX64 ", translated %" PRIX64, what, x, y);
    return true;
  };
  if (differs("how the run ended (0: completed)", static_cast<uint64_t>(a.how),
              static_cast<uint64_t>(b.how)))
    return line;
  if (a.how == 1 && (differs("exception vector", a.vector, b.vector) ||
                     differs("error code", a.error, b.error) ||
                     differs("faulting RIP", a.fault_rip, b.fault_rip)))
    return line;
  if (differs("instructions retired", a.retired, b.retired) ||
      differs("REP iterations and events", a.work, b.work))
    return line;
  static constexpr const char* kGprNames[] = {"RAX", "RCX", "RDX", "RBX", "RSP", "RBP",
                                              "RSI", "RDI", "R8",  "R9",  "R10", "R11",
                                              "R12", "R13", "R14", "R15"};
  for (int r = 0; r < kGprCount; ++r)
    if (differs(kGprNames[r], a.state.gpr[r], b.state.gpr[r])) return line;
  if (differs("RIP", a.state.rip, b.state.rip) || differs("EFLAGS", a.state.eflags, b.state.eflags))
    return line;
  static constexpr const char* kSegNames[] = {"ES", "CS", "SS", "DS", "FS", "GS"};
  for (int i = 0; i < 6; ++i)
    if (differs(kSegNames[i], DigestOf(a.state.seg[i]), DigestOf(b.state.seg[i]))) return line;
  if (differs("CR0", a.state.cr0, b.state.cr0) || differs("CR2", a.state.cr2, b.state.cr2) ||
      differs("CR3", a.state.cr3, b.state.cr3) || differs("CR4", a.state.cr4, b.state.cr4) ||
      differs("x87 and MMX state (digest)", DigestOf(a.state.fpu), DigestOf(b.state.fpu)) ||
      differs("SSE state (digest)", DigestOf(a.state.sse), DigestOf(b.state.sse)))
    return line;
  // Everything else at once.
  if (differs("other state (digest)", DigestOf(a.state), DigestOf(b.state))) return line;
  return "";
}

}  // namespace

int Cpu::RunCaptured(Block* b, bool native) {
  std::jmp_buf outer;
  std::memcpy(&outer, &fault_jmp_, sizeof outer);
  const int how = setjmp(fault_jmp_);
  if (how == 0) {
    if (native)
      RunNative(b);
    else
      InterpretBlock(b);
  } else {
    AccountPartialBlock();
    end_block_ = false;
  }
  std::memcpy(&fault_jmp_, &outer, sizeof outer);
  return how;
}

void Cpu::RunChecked(Block* b) {
  if (ReachesDevices(*b) || !check_failure_.empty()) {
    RunNative(b);
    return;
  }
  const CpuState before = s;
  const uint64_t retired0 = retired_, work0 = unretired_work_, inhibit0 = irq_inhibit_until_;
  const uint8_t hits0 = bp_.hits;
  const bool nmi_blocked0 = nmi_blocked_;
  const auto capture = [&](int how) {
    return Outcome{how, pending_vector_, pending_error_, insn_eip_, retired_, unretired_work_, s};
  };
  journal_.Clear();
  const uint64_t removed0 = blocks_.removals();
  Outcome interpreted = capture(RunCaptured(b, false));
  if (journal_.device_accesses || blocks_.removals() != removed0) {
    // MMIO answered, and a second run would repeat the device's side effects; or the block
    // wrote to code, whose invalidation cannot be undone. Keep this run.
    journal_.Clear();
    if (interpreted.how) std::longjmp(fault_jmp_, interpreted.how);
    return;
  }
  // What the interpreter left in the bytes it wrote, then memory and registers as before.
  std::swap(journal_, check_journal_);
  check_written_.resize(check_journal_.old_bytes.size());
  for (const PhysicalMemory::JournalEntry& e : check_journal_.entries)
    mem_.ReadBytes(e.addr, {check_written_.data() + e.old_at, e.len});
  mem_.Undo(check_journal_);
  // A page walk's accessed and dirty bits are not undone, and the TLB entries it filled stay; but
  // when the run also wrote memory, a page-table entry may be back as it was before the walk
  // saw it: the translated run must then walk again.
  if (check_journal_.walk_writes && !check_journal_.entries.empty()) FlushTlb();
  journal_.Clear();
  s = before;
  retired_ = retired0, unretired_work_ = work0, irq_inhibit_until_ = inhibit0;
  bp_.hits = hits0;
  nmi_blocked_ = nmi_blocked0;
  // A translated loop then stops after one pass, as the interpreter's run did: attention
  // stays set through handlers that recompute it (SetFlags, mode changes).
  one_pass_ = true;
  RecomputeAttention();
  Outcome translated = capture(RunCaptured(b, true));
  one_pass_ = false;
  RecomputeAttention();
  ++checked_runs_;
  Canonicalize(interpreted, before.rip);
  Canonicalize(translated, before.rip);
  std::string diff = FirstDifference(interpreted, translated);
  if (diff.empty()) diff = MemoryDifference();
  journal_.Clear();
  if (!diff.empty()) {
    char head[200];
    std::snprintf(head, sizeof head,
                  "jit check: the block at %04X:%" PRIX64 " (physical %" PRIX64 ", %zu instructions:",
                  before.seg[kCs].selector, before.rip, static_cast<uint64_t>(b->phys),
                  b->insns.size());
    check_failure_ = head;
    for (const BlockInsn& bi : b->insns) check_failure_ += std::string(" ") + OpName(bi.d.op);
    check_failure_ += ") differs translated; " + diff;
    RequestStop();
  }
  if (translated.how) std::longjmp(fault_jmp_, translated.how);
}

// The bytes either run wrote: the translated run's are in memory now (journal_), the
// interpreter's were recorded (check_journal_, check_written_); where only the translated run
// wrote, the original, which its journal kept, is what the interpreter left.
std::string Cpu::MemoryDifference() {
  const auto report = [](PhysAddr addr, uint8_t want, uint8_t got) {
    char line[128];
    std::snprintf(line, sizeof line,
                  "memory at physical %" PRIX64 ": interpreter %02X, translated %02X",
                  static_cast<uint64_t>(addr), want, got);
    return std::string(line);
  };
  const auto& a = check_journal_.entries;
  const auto& b = journal_.entries;
  bool same_writes = a.size() == b.size();
  for (size_t i = 0; same_writes && i < a.size(); ++i)
    same_writes = a[i].addr == b[i].addr && a[i].len == b[i].len;
  if (same_writes) {
    // The usual case: the same stores in the same order; compare what each left.
    for (const PhysicalMemory::JournalEntry& e : a)
      for (uint32_t i = 0; i < e.len; ++i) {
        const auto got = static_cast<uint8_t>(mem_.Read(e.addr + i, 1));
        if (got != check_written_[e.old_at + i]) return report(e.addr + i, check_written_[e.old_at + i], got);
      }
    return "";
  }
  std::unordered_map<PhysAddr, uint8_t> want;
  for (const PhysicalMemory::JournalEntry& e : b)
    for (uint32_t i = 0; i < e.len; ++i) want.try_emplace(e.addr + i, journal_.old_bytes[e.old_at + i]);
  for (const PhysicalMemory::JournalEntry& e : a)
    for (uint32_t i = 0; i < e.len; ++i) want[e.addr + i] = check_written_[e.old_at + i];
  for (const auto& [addr, value] : want) {
    const auto got = static_cast<uint8_t>(mem_.Read(addr, 1));
    if (got != value) return report(addr, value, got);
  }
  return "";
}

}  // namespace m86
