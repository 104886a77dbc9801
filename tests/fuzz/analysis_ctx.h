// Internal to the analysis (analysis_step.cpp, analysis_string.cpp): the abstract execution
// context of one instruction, with register, address, memory and stack helpers.
#ifndef M86_TESTS_FUZZ_ANALYSIS_CTX_H_
#define M86_TESTS_FUZZ_ANALYSIS_CTX_H_

#include <optional>

#include "analysis.h"

namespace m86::fuzz::detail {

using Val = std::optional<uint32_t>;

inline uint32_t Mask(int size) { return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1; }
inline uint32_t SignExtend(uint32_t v, int size) {
  if (size == 1) return static_cast<uint32_t>(static_cast<int8_t>(v));
  if (size == 2) return static_cast<uint32_t>(static_cast<int16_t>(v));
  return v;
}

struct Ctx {
  const GenInsn& g;
  AbsState& st;
  StepOut out;

  void Raise(Verdict v, const char* why) { out.Raise(v, why); }
  void Reject(const char* why) { Raise(Verdict::kReject, why); }

  // Registers by operand size; byte registers 4-7 are AH CH DH BH (SDM Vol. 2A, Table 2-2).
  Val Reg(int r, int size) const {
    if (size == 1) {
      const Val v = st.Get(r & 3);
      if (!v) return std::nullopt;
      return r < 4 ? (*v & 0xFF) : ((*v >> 8) & 0xFF);
    }
    const Val v = st.Get(r);
    if (!v) return std::nullopt;
    return *v & Mask(size);
  }
  void SetReg(int r, int size, Val v) {
    const int full = size == 1 ? (r & 3) : r;
    if (size == 4) {
      st.Set(full, v);
      return;
    }
    const Val old = st.Get(full);
    if (!old || !v) {
      st.Set(full, std::nullopt);
      return;
    }
    const int shift = (size == 1 && r >= 4) ? 8 : 0;
    const uint32_t mask = Mask(size) << shift;
    st.Set(full, (*old & ~mask) | ((*v << shift) & mask));
  }

  // Effective address of the ModRM memory operand (SDM Vol. 2A, 2.1.5).
  Val Address() const {
    const MemRef& m = g.m;
    if (m.a16) {
      if (m.abs16) return EffectiveDisp(m) & 0xFFFF;
      static constexpr uint8_t kBase16[8] = {kEbx, kEbx, kEbp, kEbp, kEsi, kEdi, kEbp, kEbx};
      static constexpr uint8_t kIndex16[8] = {kEsi, kEdi, kEsi, kEdi, kNoReg, kNoReg,
                                              kNoReg, kNoReg};
      uint32_t sum = EffectiveDisp(m);
      for (uint8_t r : {kBase16[m.rm16], kIndex16[m.rm16]}) {
        if (r == kNoReg) continue;
        const Val v = st.Get(r);
        if (!v) return std::nullopt;
        sum += *v;
      }
      return sum & 0xFFFF;
    }
    uint32_t sum = EffectiveDisp(m);
    if (m.base != kNoReg) {
      const Val v = st.Get(m.base);
      if (!v) return std::nullopt;
      sum += *v;
    }
    if (m.index != kNoReg) {
      const Val v = st.Get(m.index);
      if (!v) return std::nullopt;
      sum += *v << m.scale;
    }
    return sum;
  }
  uint8_t DefaultSegment() const {
    const MemRef& m = g.m;
    if (m.a16) return (!m.abs16 && (m.rm16 == 2 || m.rm16 == 3 || m.rm16 == 6)) ? kSs : kDs;
    return (m.base == kEsp || m.base == kEbp) ? kSs : kDs;
  }

  void Access(Val addr, uint32_t size, bool write, uint8_t seg) {
    if (seg == kFs || seg == kGs) return Reject("FS/GS: host TLS segments");
    // A CS-relative write is #GP(0) before any paging check (SDM Vol. 3A, 5.5: code segments
    // are never writable).
    if (seg == kCs && write) return Raise(Verdict::kFaults, "write through CS");
    if (!addr) return Reject("address not known");
    const Verdict v = ClassifyRange(*addr, size, write);
    Raise(v, v == Verdict::kReject ? "access outside the data page" : "faulting access");
  }
  uint8_t MemSeg() const { return g.seg != kNoSeg ? g.seg : DefaultSegment(); }
  void MemAccess(uint32_t size, bool write) { Access(Address(), size, write, MemSeg()); }

  // The r/m operand: register value, or a memory access (whose value is unknown).
  Val ReadE(int size) {
    if (!g.mem) return Reg(g.rm, size);
    MemAccess(size, false);
    return std::nullopt;
  }
  void WriteE(int size, Val v) {
    if (!g.mem) return SetReg(g.rm, size, v);
    MemAccess(size, true);
  }

  void Push(int size) {
    const Val esp = st.Get(kEsp);
    if (!esp) return Reject("ESP not known");
    Access(*esp - size, size, true, kSs);
    st.Set(kEsp, *esp - size);
  }
  void Pop(int size) {
    const Val esp = st.Get(kEsp);
    if (!esp) return Reject("ESP not known");
    Access(*esp, size, false, kSs);
    st.Set(kEsp, *esp + size);
  }
  void Branch(bool conditional) {
    out.branch = true;
    out.taken = st;
    out.falls_through = conditional;
  }
};

// REP/plain string operations and ENTER (analysis_string.cpp). StringOp stores the REP count
// (when it has one) in *count for the flag rules.
void StringOp(Ctx& c, std::optional<uint32_t>* count);
void Enter(Ctx& c);

}  // namespace m86::fuzz::detail

#endif  // M86_TESTS_FUZZ_ANALYSIS_CTX_H_
