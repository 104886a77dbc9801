#include "frontend/trace.h"

#include <capstone/capstone.h>

namespace m86 {

Tracer::Tracer(std::FILE* out) : out_(out) {
  csh h16 = 0, h32 = 0, h64 = 0;
  cs_open(CS_ARCH_X86, CS_MODE_16, &h16);
  cs_open(CS_ARCH_X86, CS_MODE_32, &h32);
  cs_open(CS_ARCH_X86, CS_MODE_64, &h64);
  handle16_ = h16;
  handle32_ = h32;
  handle64_ = h64;
}

Tracer::~Tracer() {
  for (size_t h : {handle16_, handle32_, handle64_}) {
    csh handle = h;
    if (handle) cs_close(&handle);
  }
}

void Tracer::Trace(Cpu& cpu, const DecodedInsn& d) {
  const CpuState& s = cpu.s;
  const bool code64 = cpu.InCode64();
  const bool code32 = s.seg[kCs].attr & seg_attr::kBig;
  const uint64_t eip = cpu.insn_eip();
  uint8_t bytes[16] = {};
  for (uint32_t i = 0; i < d.len; ++i) {
    PhysAddr phys;
    const uint64_t lin = code64 ? eip + i
                                : WrapLinear(s.seg[kCs].base +
                                             (code32 ? static_cast<uint32_t>(eip + i) : ((eip + i) & 0xFFFF)));
    if (cpu.Probe(lin, s.cpl == 3, &phys)) bytes[i] = static_cast<uint8_t>(cpu.memory().Read(phys, 1));
  }
  cs_insn* insn = nullptr;
  const size_t handle = code64 ? handle64_ : code32 ? handle32_ : handle16_;
  const size_t n = cs_disasm(handle, bytes, d.len, eip, 1, &insn);
  const std::string text = n ? std::string(insn[0].mnemonic) + " " + insn[0].op_str : "(bad)";
  if (n) cs_free(insn, n);
  if (code64) {
    std::fprintf(out_, "%04X:%016llX  %-40s", s.seg[kCs].selector,
                 static_cast<unsigned long long>(eip), text.c_str());
    static const char* const kNames[16] = {"RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI", "RDI",
                                           "R8",  "R9",  "R10", "R11", "R12", "R13", "R14", "R15"};
    for (int r = 0; r < 16; ++r)
      std::fprintf(out_, " %s=%016llX", kNames[r], static_cast<unsigned long long>(s.gpr[r]));
    std::fprintf(out_, " RFL=%08X\n", cpu.GetFlags());
    return;
  }
  std::fprintf(out_, "%04X:%08X  %-32s", s.seg[kCs].selector, static_cast<uint32_t>(eip),
               text.c_str());
  std::fprintf(out_,
               " EAX=%08X EBX=%08X ECX=%08X EDX=%08X ESI=%08X EDI=%08X EBP=%08X ESP=%08X "
               "EFL=%08X DS=%04X ES=%04X SS=%04X\n",
               Reg32(s, kEax), Reg32(s, kEbx), Reg32(s, kEcx), Reg32(s, kEdx), Reg32(s, kEsi),
               Reg32(s, kEdi), Reg32(s, kEbp), Reg32(s, kEsp), cpu.GetFlags(), s.seg[kDs].selector, s.seg[kEs].selector,
               s.seg[kSs].selector);
}

}  // namespace m86
