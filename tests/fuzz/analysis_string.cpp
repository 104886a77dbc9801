// Abstract semantics of the string operations and ENTER (SDM Vol. 2, "Operation" sections).
#include "analysis_ctx.h"

namespace m86::fuzz::detail {

void StringOp(Ctx& c, std::optional<uint32_t>* count_out) {
  const GenInsn& g = c.g;
  const bool a16 = g.p67;
  const int size = OperandSize(g);
  const Op op = g.op;
  const bool reads_src = op == Op::MOVS_b || op == Op::MOVS_v || op == Op::CMPS_b ||
                         op == Op::CMPS_v || op == Op::LODS_b || op == Op::LODS_v;
  const bool uses_dst = op != Op::LODS_b && op != Op::LODS_v;
  const bool writes_dst = op == Op::MOVS_b || op == Op::MOVS_v || op == Op::STOS_b ||
                          op == Op::STOS_v;
  const bool compares = op == Op::CMPS_b || op == Op::CMPS_v || op == Op::SCAS_b ||
                        op == Op::SCAS_v;
  const int addr_size = a16 ? 2 : 4;
  uint32_t n = 1;
  if (g.rep) {
    const Val cx = c.Reg(kEcx, addr_size);
    if (!cx) return c.Reject("REP count not known");
    if (*cx > 64) return c.Reject("REP count too large");
    n = *cx;
    *count_out = n;
  }
  if (n == 0) return;
  if (c.st.df < 0) return c.Reject("DF not known");
  const int32_t step = c.st.df ? -size : size;
  const Val si = c.Reg(kEsi, addr_size), di = c.Reg(kEdi, addr_size);
  if ((reads_src && !si) || (uses_dst && !di)) return c.Reject("string pointer not known");
  const uint32_t wrap = a16 ? 0xFFFF : 0xFFFFFFFF;
  const uint8_t src_seg = g.seg != kNoSeg ? g.seg : uint8_t{kDs};
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t delta = static_cast<uint32_t>(step) * i;
    const Verdict before = c.out.verdict;
    if (reads_src) c.Access((*si + delta) & wrap, size, false, src_seg);
    const Verdict after_src = c.out.verdict;
    if (uses_dst) c.Access((*di + delta) & wrap, size, writes_dst, kEs);
    // CMPS reads both operands; which one the CPU reads first is not architectural, so when
    // both fault the reported address would depend on the implementation.
    if (reads_src && uses_dst && !writes_dst && before < Verdict::kFaults &&
        after_src == Verdict::kFaults &&
        ClassifyRange((*di + delta) & wrap, size, false) == Verdict::kFaults) {
      c.Reject("CMPS with both operands faulting");
    }
    if (c.out.verdict >= Verdict::kFaults) break;  // later iterations never run
  }
  const uint32_t total = static_cast<uint32_t>(step) * n;
  const bool may_stop_early = compares && g.rep && n > 1;
  if (reads_src) c.SetReg(kEsi, addr_size, may_stop_early ? Val() : Val((*si + total) & wrap));
  if (uses_dst) c.SetReg(kEdi, addr_size, may_stop_early ? Val() : Val((*di + total) & wrap));
  if (g.rep) c.SetReg(kEcx, addr_size, may_stop_early ? Val() : Val(0));
  if (op == Op::LODS_b || op == Op::LODS_v) c.SetReg(kEax, size, std::nullopt);
}

void Enter(Ctx& c) {
  const uint32_t size = c.g.imm & 0xFFFF;
  const int level = static_cast<int>(c.g.imm2 & 0x1F);
  const Val esp = c.st.Get(kEsp), ebp = c.st.Get(kEbp);
  if (!esp) return c.Reject("ESP not known");
  // SDM Vol. 2A, ENTER: push EBP, copy level-1 frame pointers from the old frame, push the
  // new frame pointer, then allocate `size` bytes.
  c.Push(4);
  const uint32_t frame = *esp - 4;
  for (int i = 1; i < level; ++i) {
    if (!ebp) return c.Reject("ENTER level > 1 with EBP not known");
    c.Access(*ebp - 4 * i, 4, false, kSs);
    c.Push(4);
  }
  if (level > 0) c.Push(4);
  c.st.Set(kEbp, frame);
  c.st.Set(kEsp, *c.st.Get(kEsp) - size);
}

}  // namespace m86::fuzz::detail
