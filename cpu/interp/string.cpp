// String instructions: MOVS, CMPS, STOS, LODS, SCAS, INS and OUTS, alone or with REP, REPE and
// REPNE (SDM Vol. 2B, the instructions of the same names and REP/REPE/REPZ/REPNE/REPNZ; Vol. 1,
// 7.3.9). The source is seg:(E)SI with an overridable segment (DS by default), the destination
// ES:(E)DI; the address size picks SI/DI/CX or ESI/EDI/ECX.
#include <algorithm>
#include <cstring>

#include "cpu/bulk_access.h"
#include "cpu/interp/alu.h"
#include "cpu/interp/handlers.h"
#include "cpu/interp/io_permission.h"
#include "cpu/interp/operands.h"
#include "cpu/le_bytes.h"

namespace m86 {
namespace {

// A REP instruction polls after this many iterations (ShouldYield): when an interrupt waits it
// stops with EIP at itself and resumes after the handler, with the registers of the iterations
// done (SDM Vol. 2B, REP: "service pending interrupts" between iterations).
constexpr uint32_t kRepPollInterval = 4096;
// Runs shorter than this go element by element: translating two pages costs more.
constexpr uint32_t kMinBulkRun = 4;

// What ends a repetition besides the count: REP, REPE/REPZ, REPNE/REPNZ.
enum class Until { kCount, kZfClear, kZfSet };

// SI, DI and CX as the address size sees them: with 16-bit addressing they wrap at 64 KiB and
// the upper halves of ESI/EDI/ECX stay untouched.
template <bool A32> inline uint32_t AddrReg(const Cpu& c, int r) {
  return A32 ? c.s.gpr[r] : (c.s.gpr[r] & 0xFFFF);
}
template <bool A32> inline void SetAddrReg(Cpu& c, int r, uint32_t v) {
  if constexpr (A32)
    c.s.gpr[r] = v;
  else
    SetReg<uint16_t>(c, r, static_cast<uint16_t>(v));
}
template <bool A32> inline void Advance(Cpu& c, int r, uint32_t delta) {
  SetAddrReg<A32>(c, r, c.s.gpr[r] + delta);
}

// The element step: forward with DF clear, backward with DF set.
template <typename T> inline uint32_t Delta(const Cpu& c) {
  return (c.s.eflags & flag::kDf) ? 0u - uint32_t{sizeof(T)} : uint32_t{sizeof(T)};
}

inline bool HasRep(const DecodedInsn& d) {
  return (d.flags & (insn_flag::kRep | insn_flag::kRepne)) != 0;
}

// Leaves the instruction unfinished at an iteration boundary: EIP points at it again, so the
// pending event is taken and the instruction resumes with the registers as they are. From the
// 80386 on, the EFLAGS image an event pushes there has RF set, so an instruction breakpoint on
// the instruction does not fire again when it resumes (SDM Vol. 3A, 17.3.1.1). The 8086 points
// at the last prefix instead (model.h): the one-byte opcode follows it, and a REP instruction
// has at least one prefix.
inline void YieldToEvents(Cpu& c, const DecodedInsn& d) {
  c.s.rip = c.insn_eip();
  if (c.model().rep_resumes_at_last_prefix) c.s.rip = (c.s.rip + d.len - 2) & 0xFFFF;
  if (c.model().gen >= kGen386) c.SetFlags(flag::kRf, flag::kRf);
  c.EndBlock();
}

// Whether a REP stops at this iteration boundary: for a pending event, or with 32-bit addressing
// when the run's budget is spent, so the run loop returns on time. A 16-bit count ends within
// 65,535 iterations, a small fraction of a second even from a slow port, and the 8086's resume
// at the last prefix, which only an interrupt exposes, stays tied to interrupts.
template <bool A32> inline bool ShouldYield(const Cpu& c) {
  return c.InterruptPending() || (A32 && c.BudgetSpent());
}

// The 80286 reports a segment-limit fault of a string element late: by then its microcode has
// advanced the index of the faulting access and of the accesses before it in the element and,
// under REP, counted CX down once for a read (not for CMPS's first read) and twice for a write.
// The SingleStepTests 80286 vectors pin this down; later processors fault precisely, with the
// registers of the iterations done (SDM Vol. 2B, REP).
constexpr int kAdvanceSi = 1, kAdvanceDi = 2;

inline bool LateStringFaults(const Cpu& c) { return c.model().gen == kGen286; }

// Before an 80286 element access at seg:off: when the segment checks will fail, applies the
// register changes the 80286 makes first (`advance`: kAdvanceSi/kAdvanceDi; `cx_steps` under
// REP), then raises the fault.
template <typename T, bool A32>
void CheckLateFault(Cpu& c, const DecodedInsn& d, uint8_t seg, uint32_t off, Access access,
                    int advance, uint32_t cx_steps, uint32_t delta) {
  const Segment& sg = c.s.seg[seg];
  const bool rights = access == Access::kWrite ? sg.writable : sg.readable;
  if (M86_LIKELY(rights && off >= sg.lo && uint64_t{off} + sizeof(T) - 1 <= sg.hi)) return;
  if (advance & kAdvanceSi) Advance<A32>(c, kEsi, delta);
  if (advance & kAdvanceDi) Advance<A32>(c, kEdi, delta);
  if (HasRep(d)) {
    const uint32_t count = AddrReg<A32>(c, kEcx);
    SetAddrReg<A32>(c, kEcx, count - std::min(count, cx_steps));
  }
  c.LinearAddress(seg, off, sizeof(T), access);  // raises the fault
}

// The count register of a REP: CX or ECX by the address size (LegacyCount), and in 64-bit mode
// RCX, or ECX with 67 (Count64 with A = uint64_t or uint32_t; a 32-bit write zero-extends).
// A 16-bit count never yields for the run's budget (ShouldYield).
template <bool A32> struct LegacyCount {
  using Type = uint32_t;
  static constexpr bool kWide = A32;
  static Type Get(const Cpu& c) { return AddrReg<A32>(c, kEcx); }
  static void Set(Cpu& c, Type v) { SetAddrReg<A32>(c, kEcx, v); }
};
template <typename A> struct Count64 {
  using Type = A;
  static constexpr bool kWide = true;
  static Type Get(const Cpu& c) { return static_cast<A>(c.s.gpr[kEcx]); }
  static void Set(Cpu& c, Type v) { c.s.gpr[kEcx] = v; }
};

// Runs `iteration` (which returns whether the compared elements were equal) while the count
// register is not zero. The count goes down after each iteration, so a fault leaves the
// registers of the iterations done and EIP at the instruction (SDM Vol. 2B, REP pseudo-code).
// With TF set the single-step trap comes after every iteration, which the SDM implies by the
// RF it pushes for traps after any iteration but the last (Vol. 3A, 17.3.1.1).
template <typename Count, Until kUntil, typename Iteration>
void Repeat(Cpu& c, const DecodedInsn& d, uint32_t poll_interval, Iteration iteration) {
  typename Count::Type count = Count::Get(c);
  const bool trap = (c.s.eflags & flag::kTf) != 0;
  if (trap) poll_interval = 1;
  uint32_t until_poll = poll_interval;
  while (count != 0) {
    const bool equal = iteration();
    Count::Set(c, --count);
    c.CountIterations(1);
    if constexpr (kUntil == Until::kZfClear) {
      if (!equal) return;
    } else if constexpr (kUntil == Until::kZfSet) {
      if (equal) return;
    }
    if (--until_poll == 0 && count != 0) {
      if (trap || ShouldYield<Count::kWide>(c)) return YieldToEvents(c, d);
      until_poll = poll_interval;
    }
  }
}

// How many whole T elements, from the one at `off` upwards (downwards with kDown), stay inside
// the segment's limits with the needed rights, inside one page and clear of the address-size
// wrap. 0 when the element at `off` itself does not: the element path handles (or faults on) it.
template <typename T, bool A32, bool kDown>
uint32_t ElementsInRun(const Segment& sg, uint32_t off, bool rights) {
  if (!rights || off < sg.lo || uint64_t{off} + sizeof(T) - 1 > sg.hi) return 0;
  const uint32_t in_page = (sg.base + off) & (kPageSize - 1);
  if (in_page > kPageSize - sizeof(T)) return 0;
  if (!A32 && off > 0x10000 - sizeof(T)) return 0;
  if constexpr (kDown) {
    return std::min(off - sg.lo, in_page) / sizeof(T) + 1;
  } else {
    const uint64_t end = std::min<uint64_t>(uint64_t{sg.hi} + 1, A32 ? (uint64_t{1} << 32) : 0x10000);
    return static_cast<uint32_t>(std::min<uint64_t>(end - off, kPageSize - in_page) / sizeof(T));
  }
}

// Copies n elements between host runs (`src`/`dst`: their lowest bytes) in the order the
// instruction takes them. memmove gives the same bytes unless the destination overlaps the
// source ahead of the direction of travel, where each element must see the ones stored before.
template <typename T, bool kDown>
void CopyRun(uint8_t* dst, const uint8_t* src, size_t bytes) {
  const bool element_order = kDown ? (dst < src && dst + bytes > src) : (dst > src && dst < src + bytes);
  if (!element_order) {
    std::memmove(dst, src, bytes);
    return;
  }
  for (size_t k = 0; k < bytes; k += sizeof(T)) {
    const size_t i = kDown ? bytes - sizeof(T) - k : k;
    T v;
    std::memcpy(&v, src + i, sizeof(T));
    std::memcpy(dst + i, &v, sizeof(T));
  }
}

// REP MOVS (kMove) or REP STOS: runs of elements that stay within one page on each side are
// done with host memory operations; everything else (segment and page boundaries, MMIO, ROM,
// pages holding translated code) goes element by element through `element`, which also raises
// the faults at the right iteration.
template <typename T, bool A32, bool kMove, bool kDown, typename Element>
void RepeatBulk(Cpu& c, const DecodedInsn& d, Element element) {
  uint32_t count = AddrReg<A32>(c, kEcx);
  uint32_t since_poll = 0;
  while (count != 0) {
    const Segment& es = c.s.seg[kEs];
    const uint32_t di = AddrReg<A32>(c, kEdi);
    uint32_t n = std::min(count, ElementsInRun<T, A32, kDown>(es, di, es.writable));
    const uint8_t* src = nullptr;
    uint8_t* dst = nullptr;
    uint32_t si = 0;
    if constexpr (kMove) {
      const Segment& ss = c.s.seg[d.seg];
      si = AddrReg<A32>(c, kEsi);
      n = std::min(n, ElementsInRun<T, A32, kDown>(ss, si, ss.readable));
      // The source is translated first: a single MOVS reads before it writes.
      if (n >= kMinBulkRun) src = HostPointerForRead(c, WrapLinear(ss.base + si));
      if (src) dst = HostPointerForWrite(c, WrapLinear(es.base + di));
    } else {
      if (n >= kMinBulkRun) dst = HostPointerForWrite(c, WrapLinear(es.base + di));
    }
    if (dst) {
      const uint32_t bytes = n * uint32_t{sizeof(T)};
      const uint32_t low = kDown ? bytes - uint32_t{sizeof(T)} : 0;  // first element to lowest
      if constexpr (kMove) {
        CopyRun<T, kDown>(dst - low, src - low, bytes);
        SetAddrReg<A32>(c, kEsi, kDown ? si - bytes : si + bytes);
      } else {
        const T v = GetReg<T>(c, kEax);
        if constexpr (sizeof(T) == 1) {
          std::memset(dst - low, v, bytes);
        } else {
          for (uint32_t i = 0; i < bytes; i += sizeof(T)) StoreLe(dst - low + i, v);
        }
      }
      SetAddrReg<A32>(c, kEdi, kDown ? di - bytes : di + bytes);
      count -= n;
      SetAddrReg<A32>(c, kEcx, count);
      c.CountIterations(n);
    } else {
      // One element straddling a boundary, or a run the host cannot touch directly.
      n = std::max(n, 1u);
      for (uint32_t i = 0; i < n; ++i) {
        element();
        SetAddrReg<A32>(c, kEcx, --count);
        c.CountIterations(1);
      }
    }
    since_poll += n;
    if (count != 0 && since_poll >= kRepPollInterval) {
      if (ShouldYield<A32>(c)) return YieldToEvents(c, d);
      since_poll = 0;
    }
  }
}

// REP MOVS/STOS: the bulk path in either direction; single-stepping goes element by element.
template <typename T, bool A32, bool kMove, typename Element>
void RepeatMoveOrStore(Cpu& c, const DecodedInsn& d, Element element) {
  if (c.s.eflags & flag::kTf)
    Repeat<LegacyCount<A32>, Until::kCount>(c, d, 1, element);
  else if (c.s.eflags & flag::kDf)
    RepeatBulk<T, A32, kMove, true>(c, d, element);
  else
    RepeatBulk<T, A32, kMove, false>(c, d, element);
}

template <typename T, bool A32> void MovsA(Cpu& c, const DecodedInsn& d) {
  const uint32_t delta = Delta<T>(c);
  const bool late = LateStringFaults(c);
  auto element = [&c, &d, delta, late] {
    const uint32_t si = AddrReg<A32>(c, kEsi), di = AddrReg<A32>(c, kEdi);
    if (late) {
      CheckLateFault<T, A32>(c, d, d.seg, si, Access::kRead, kAdvanceSi, 1, delta);
      CheckLateFault<T, A32>(c, d, kEs, di, Access::kWrite, kAdvanceSi | kAdvanceDi, 2, delta);
    }
    const T v = c.Read<T>(d.seg, si);
    c.Write<T>(kEs, di, v);
    Advance<A32>(c, kEsi, delta);
    Advance<A32>(c, kEdi, delta);
    return true;
  };
  if (HasRep(d))
    RepeatMoveOrStore<T, A32, true>(c, d, element);
  else
    element();
}

template <typename T, bool A32> void StosA(Cpu& c, const DecodedInsn& d) {
  const uint32_t delta = Delta<T>(c);
  const bool late = LateStringFaults(c);
  auto element = [&c, &d, delta, late] {
    const uint32_t di = AddrReg<A32>(c, kEdi);
    if (late) CheckLateFault<T, A32>(c, d, kEs, di, Access::kWrite, kAdvanceDi, 2, delta);
    c.Write<T>(kEs, di, GetReg<T>(c, kEax));
    Advance<A32>(c, kEdi, delta);
    return true;
  };
  if (HasRep(d))
    RepeatMoveOrStore<T, A32, false>(c, d, element);
  else
    element();
}

template <typename T, bool A32> void LodsA(Cpu& c, const DecodedInsn& d) {
  const uint32_t delta = Delta<T>(c);
  const bool late = LateStringFaults(c);
  auto element = [&c, &d, delta, late] {
    const uint32_t si = AddrReg<A32>(c, kEsi);
    if (late) CheckLateFault<T, A32>(c, d, d.seg, si, Access::kRead, kAdvanceSi, 1, delta);
    SetReg<T>(c, kEax, c.Read<T>(d.seg, si));
    Advance<A32>(c, kEsi, delta);
    return true;
  };
  if (!HasRep(d))
    element();
  else
    Repeat<LegacyCount<A32>, Until::kCount>(c, d, kRepPollInterval, element);
}

// CMPS and SCAS: F3 repeats while equal, F2 while not equal.
template <bool A32, typename Element>
void RepeatCompare(Cpu& c, const DecodedInsn& d, Element element) {
  if (d.flags & insn_flag::kRep)
    Repeat<LegacyCount<A32>, Until::kZfClear>(c, d, kRepPollInterval, element);
  else if (d.flags & insn_flag::kRepne)
    Repeat<LegacyCount<A32>, Until::kZfSet>(c, d, kRepPollInterval, element);
  else
    element();
}

// CMPS compares the source with the destination: flags of source - destination.
template <typename T, bool A32> void CmpsA(Cpu& c, const DecodedInsn& d) {
  const uint32_t delta = Delta<T>(c);
  const bool late = LateStringFaults(c);
  RepeatCompare<A32>(c, d, [&c, &d, delta, late] {
    const uint32_t si = AddrReg<A32>(c, kEsi), di = AddrReg<A32>(c, kEdi);
    if (late) {
      // The 80286 reads the destination first.
      CheckLateFault<T, A32>(c, d, kEs, di, Access::kRead, kAdvanceDi, 0, delta);
      CheckLateFault<T, A32>(c, d, d.seg, si, Access::kRead, kAdvanceSi | kAdvanceDi, 1, delta);
    }
    const T src = c.Read<T>(d.seg, si);
    const T dst = c.Read<T>(kEs, di);
    Alu<T>(c, kAluCmp, src, dst);
    Advance<A32>(c, kEsi, delta);
    Advance<A32>(c, kEdi, delta);
    return src == dst;
  });
}

// SCAS compares the accumulator with the destination.
template <typename T, bool A32> void ScasA(Cpu& c, const DecodedInsn& d) {
  const uint32_t delta = Delta<T>(c);
  const bool late = LateStringFaults(c);
  RepeatCompare<A32>(c, d, [&c, &d, delta, late] {
    const uint32_t di = AddrReg<A32>(c, kEdi);
    if (late) CheckLateFault<T, A32>(c, d, kEs, di, Access::kRead, kAdvanceDi, 1, delta);
    const T acc = GetReg<T>(c, kEax);
    const T dst = c.Read<T>(kEs, di);
    Alu<T>(c, kAluCmp, acc, dst);
    Advance<A32>(c, kEdi, delta);
    return acc == dst;
  });
}

// Checks that a T store at ES:off can complete, without storing: INS reads the port only
// when the store that follows cannot fault, so no input is lost to a #GP or #PF.
template <typename T> void CheckStore(Cpu& c, uint32_t off) {
  const uint32_t lin = c.LinearAddress(kEs, off, sizeof(T), Access::kWrite);
  const bool user = c.s.cpl == 3;
  c.Translate(lin, Access::kWrite, user);
  if ((lin & (kPageSize - 1)) > kPageSize - sizeof(T))
    c.Translate(lin + sizeof(T) - 1, Access::kWrite, user);
}

// INS and OUTS check the I/O permission first (SDM Vol. 2A, INS; Vol. 2B, OUTS); a REP form
// with a zero count runs no iteration and checks nothing. They poll for interrupts after
// every iteration: each port access may have made a device raise one.
template <typename T, bool A32> void InsA(Cpu& c, const DecodedInsn& d) {
  const uint16_t port = static_cast<uint16_t>(c.s.gpr[kEdx]);
  const uint32_t delta = Delta<T>(c);
  const bool late = LateStringFaults(c);
  auto element = [&c, &d, port, delta, late] {
    const uint32_t di = AddrReg<A32>(c, kEdi);
    if (late) CheckLateFault<T, A32>(c, d, kEs, di, Access::kWrite, kAdvanceDi, 2, delta);
    CheckStore<T>(c, di);
    const T v = static_cast<T>(c.io().In(port, sizeof(T)));
    c.Write<T>(kEs, di, v);
    Advance<A32>(c, kEdi, delta);
    return true;
  };
  if (HasRep(d) && AddrReg<A32>(c, kEcx) == 0) return;
  CheckIoPermission(c, port, sizeof(T));
  if (HasRep(d))
    Repeat<LegacyCount<A32>, Until::kCount>(c, d, 1, element);
  else
    element();
  c.EndBlock();
}

template <typename T, bool A32> void OutsA(Cpu& c, const DecodedInsn& d) {
  const uint16_t port = static_cast<uint16_t>(c.s.gpr[kEdx]);
  const uint32_t delta = Delta<T>(c);
  const bool late = LateStringFaults(c);
  auto element = [&c, &d, port, delta, late] {
    const uint32_t si = AddrReg<A32>(c, kEsi);
    if (late) CheckLateFault<T, A32>(c, d, d.seg, si, Access::kRead, kAdvanceSi, 1, delta);
    const T v = c.Read<T>(d.seg, si);
    c.io().Out(port, sizeof(T), v);
    Advance<A32>(c, kEsi, delta);
    return true;
  };
  if (HasRep(d) && AddrReg<A32>(c, kEcx) == 0) return;
  CheckIoPermission(c, port, sizeof(T));
  if (HasRep(d))
    Repeat<LegacyCount<A32>, Until::kCount>(c, d, 1, element);
  else
    element();
  c.EndBlock();
}

// 64-bit mode (SDM Vol. 1, 7.3.9.1 and Vol. 2B, REP): RSI, RDI and RCX with the 64-bit
// address size, ESI, EDI and ECX with 67 (their writes zero-extend like any 32-bit register
// write); no segment base but FS/GS overrides and no limits, so every element goes through
// Cpu::Read/Write. `A` is the address type, uint64_t or uint32_t.
template <typename A> inline A Reg64(const Cpu& c, int r) { return static_cast<A>(c.s.gpr[r]); }
template <typename A> inline void SetReg64(Cpu& c, int r, A v) { c.s.gpr[r] = v; }
template <typename T, typename A> inline void Step64(Cpu& c, int r) {
  const A delta = (c.s.eflags & flag::kDf) ? A(0) - A(sizeof(T)) : A(sizeof(T));
  SetReg64<A>(c, r, static_cast<A>(Reg64<A>(c, r) + delta));
}

// Runs one element, or the REP loop the prefixes ask for: F3 repeats while equal for CMPS and
// SCAS (kCompare), F2 while not equal.
template <typename A, bool kCompare, typename Element>
void Run64(Cpu& c, const DecodedInsn& d, uint32_t poll_interval, Element element) {
  if (!HasRep(d))
    element();
  else if (!kCompare)
    Repeat<Count64<A>, Until::kCount>(c, d, poll_interval, element);
  else if (d.flags & insn_flag::kRep)
    Repeat<Count64<A>, Until::kZfClear>(c, d, poll_interval, element);
  else
    Repeat<Count64<A>, Until::kZfSet>(c, d, poll_interval, element);
}

template <typename T, typename A> void Movs64(Cpu& c, const DecodedInsn& d) {
  Run64<A, false>(c, d, kRepPollInterval, [&c, &d] {
    c.Write<T>(kEs, Reg64<A>(c, kEdi), c.Read<T>(d.seg, Reg64<A>(c, kEsi)));
    Step64<T, A>(c, kEsi);
    Step64<T, A>(c, kEdi);
    return true;
  });
}
template <typename T, typename A> void Stos64(Cpu& c, const DecodedInsn& d) {
  Run64<A, false>(c, d, kRepPollInterval, [&c] {
    c.Write<T>(kEs, Reg64<A>(c, kEdi), GetReg<T>(c, kEax));
    Step64<T, A>(c, kEdi);
    return true;
  });
}
template <typename T, typename A> void Lods64(Cpu& c, const DecodedInsn& d) {
  Run64<A, false>(c, d, kRepPollInterval, [&c, &d] {
    SetReg<T>(c, kEax, c.Read<T>(d.seg, Reg64<A>(c, kEsi)));
    Step64<T, A>(c, kEsi);
    return true;
  });
}
template <typename T, typename A> void Cmps64(Cpu& c, const DecodedInsn& d) {
  Run64<A, true>(c, d, kRepPollInterval, [&c, &d] {
    const T src = c.Read<T>(d.seg, Reg64<A>(c, kEsi));
    const T dst = c.Read<T>(kEs, Reg64<A>(c, kEdi));
    Alu<T>(c, kAluCmp, src, dst);
    Step64<T, A>(c, kEsi);
    Step64<T, A>(c, kEdi);
    return src == dst;
  });
}
template <typename T, typename A> void Scas64(Cpu& c, const DecodedInsn& d) {
  Run64<A, true>(c, d, kRepPollInterval, [&c] {
    const T acc = GetReg<T>(c, kEax);
    const T dst = c.Read<T>(kEs, Reg64<A>(c, kEdi));
    Alu<T>(c, kAluCmp, acc, dst);
    Step64<T, A>(c, kEdi);
    return acc == dst;
  });
}
// INS and OUTS as above: the permission check first, no iteration for a zero count, a poll
// after every port access.
template <typename T, typename A> void Ins64(Cpu& c, const DecodedInsn& d) {
  const uint16_t port = static_cast<uint16_t>(c.s.gpr[kEdx]);
  if (HasRep(d) && Reg64<A>(c, kEcx) == 0) return;
  CheckIoPermission(c, port, sizeof(T));
  Run64<A, false>(c, d, 1, [&c, port] {
    const A di = Reg64<A>(c, kEdi);
    c.ReadForWrite<T>(kEs, di);  // no input is lost to a fault of the store
    c.Write<T>(kEs, di, static_cast<T>(c.io().In(port, sizeof(T))));
    Step64<T, A>(c, kEdi);
    return true;
  });
  c.EndBlock();
}
template <typename T, typename A> void Outs64(Cpu& c, const DecodedInsn& d) {
  const uint16_t port = static_cast<uint16_t>(c.s.gpr[kEdx]);
  if (HasRep(d) && Reg64<A>(c, kEcx) == 0) return;
  CheckIoPermission(c, port, sizeof(T));
  Run64<A, false>(c, d, 1, [&c, &d, port] {
    c.io().Out(port, sizeof(T), c.Read<T>(d.seg, Reg64<A>(c, kEsi)));
    Step64<T, A>(c, kEsi);
    return true;
  });
  c.EndBlock();
}

// Handlers: one per operand size, dispatching on the mode and the address size. 64-bit
// operands exist only in 64-bit mode.
#define M86_STRING_HANDLER(Name)                                  \
  template <typename T> void Name(Cpu& c, const DecodedInsn& d) { \
    if (M86_UNLIKELY(c.InCode64())) {                             \
      if (d.a64())                                                \
        Name##64<T, uint64_t>(c, d);                              \
      else                                                        \
        Name##64<T, uint32_t>(c, d);                              \
    } else if constexpr (sizeof(T) < 8) {                         \
      if (d.a32())                                                \
        Name##A<T, true>(c, d);                                   \
      else                                                        \
        Name##A<T, false>(c, d);                                  \
    }                                                             \
  }
M86_STRING_HANDLER(Movs)
M86_STRING_HANDLER(Cmps)
M86_STRING_HANDLER(Stos)
M86_STRING_HANDLER(Lods)
M86_STRING_HANDLER(Scas)
M86_STRING_HANDLER(Ins)
M86_STRING_HANDLER(Outs)
#undef M86_STRING_HANDLER

}  // namespace

void RegisterStringHandlers(HandlerTable& t) {
  t.Set(Op::MOVS_b, &Movs<uint8_t>);
  M86_SET_SIZED64(t, MOVS_v, Movs);
  t.Set(Op::CMPS_b, &Cmps<uint8_t>);
  M86_SET_SIZED64(t, CMPS_v, Cmps);
  t.Set(Op::STOS_b, &Stos<uint8_t>);
  M86_SET_SIZED64(t, STOS_v, Stos);
  t.Set(Op::LODS_b, &Lods<uint8_t>);
  M86_SET_SIZED64(t, LODS_v, Lods);
  t.Set(Op::SCAS_b, &Scas<uint8_t>);
  M86_SET_SIZED64(t, SCAS_v, Scas);
  t.Set(Op::INS_b, &Ins<uint8_t>);
  // INS and OUTS move at most 32 bits; REX.W does not widen them (SDM Vol. 2A, INS).
  t.Set(Op::INS_v, &Ins<uint16_t>, &Ins<uint32_t>, &Ins<uint32_t>);
  t.Set(Op::OUTS_b, &Outs<uint8_t>);
  t.Set(Op::OUTS_v, &Outs<uint16_t>, &Outs<uint32_t>, &Outs<uint32_t>);
}

}  // namespace m86
