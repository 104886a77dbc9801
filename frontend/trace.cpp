#include "frontend/trace.h"

#include <capstone/capstone.h>

namespace m86 {

Tracer::Tracer(std::FILE* out) : out_(out) {
  csh h16 = 0, h32 = 0;
  cs_open(CS_ARCH_X86, CS_MODE_16, &h16);
  cs_open(CS_ARCH_X86, CS_MODE_32, &h32);
  handle16_ = h16;
  handle32_ = h32;
}

Tracer::~Tracer() {
  csh h16 = handle16_, h32 = handle32_;
  if (h16) cs_close(&h16);
  if (h32) cs_close(&h32);
}

void Tracer::Trace(Cpu& cpu, const DecodedInsn& d) {
  const CpuState& s = cpu.s;
  const bool code32 = s.seg[kCs].attr & seg_attr::kBig;
  const uint32_t eip = cpu.insn_eip();
  uint8_t bytes[16] = {};
  for (uint32_t i = 0; i < d.len; ++i) {
    uint32_t phys;
    const uint32_t off = code32 ? eip + i : ((eip + i) & 0xFFFF);
    if (cpu.Probe(WrapLinear(s.seg[kCs].base + off), s.cpl == 3, &phys))
      bytes[i] = static_cast<uint8_t>(cpu.memory().Read(phys, 1));
  }
  cs_insn* insn = nullptr;
  const size_t n = cs_disasm(code32 ? handle32_ : handle16_, bytes, d.len, eip, 1, &insn);
  std::fprintf(out_, "%04X:%08X  %-32s", s.seg[kCs].selector, eip,
               n ? (std::string(insn[0].mnemonic) + " " + insn[0].op_str).c_str() : "(bad)");
  if (n) cs_free(insn, n);
  std::fprintf(out_,
               " EAX=%08X EBX=%08X ECX=%08X EDX=%08X ESI=%08X EDI=%08X EBP=%08X ESP=%08X "
               "EFL=%08X DS=%04X ES=%04X SS=%04X\n",
               Reg32(s, kEax), Reg32(s, kEbx), Reg32(s, kEcx), Reg32(s, kEdx), Reg32(s, kEsi),
               Reg32(s, kEdi), Reg32(s, kEbp), Reg32(s, kEsp), cpu.GetFlags(), s.seg[kDs].selector, s.seg[kEs].selector,
               s.seg[kSs].selector);
}

}  // namespace m86
