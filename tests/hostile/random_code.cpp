#include "random_code.h"

#include <algorithm>

namespace m86::hostile {
namespace {

// Opcode starts worth more than their share of uniform bytes; random bytes follow each.
const std::vector<uint8_t> kSystemOpcodes[] = {
    {0x0F, 0x00},  // SLDT STR LLDT LTR VERR VERW
    {0x0F, 0x01},  // SGDT SIDT LGDT LIDT SMSW LMSW INVLPG
    {0x0F, 0x20}, {0x0F, 0x22},  // MOV from/to CRn
    {0x0F, 0x21}, {0x0F, 0x23},  // MOV from/to DRn
    {0x0F, 0x30}, {0x0F, 0x32},  // WRMSR RDMSR
    {0x0F, 0x34}, {0x0F, 0x35},  // SYSENTER SYSEXIT
    {0x0F, 0x02}, {0x0F, 0x03},  // LAR LSL
    {0x0F, 0x06}, {0x0F, 0xA2},  // CLTS CPUID
    {0xCF}, {0x66, 0xCF},        // IRET IRETD
    {0xCA}, {0xCB},              // RETF
    {0xEA}, {0x9A}, {0xFF},      // far JMP/CALL (FF /3, /5)
    {0xCD}, {0xCC}, {0xCE},      // INT n, INT3, INTO
    {0x8E}, {0x17}, {0x1F}, {0x07},  // MOV Sreg, POP SS/DS/ES
    {0xC4}, {0xC5}, {0x0F, 0xB2},    // LES LDS LSS
    {0xE4}, {0xE6}, {0xEC}, {0xEE}, {0xF3, 0x6C}, {0xF3, 0x6E},  // I/O
    {0xF3, 0xA5}, {0xF3, 0xAB}, {0xF3, 0xAC},  // REP MOVS STOS LODS
    {0x9D}, {0xFA}, {0xFB}, {0xF4},  // POPF CLI STI HLT
    {0x0F, 0x0B}, {0x63},            // UD2 ARPL
    {0x62}, {0xC8},                  // BOUND ENTER
};

}  // namespace

void AppendRandomBytes(Rng& rng, size_t n, std::vector<uint8_t>* out) {
  for (size_t i = 0; i < n; ++i) out->push_back(static_cast<uint8_t>(rng.Next()));
}

void AppendRandomCode(Rng& rng, size_t n, std::vector<uint8_t>* out) {
  const size_t end = out->size() + n;
  while (out->size() < end) {
    if (rng.Percent(20)) {
      const std::vector<uint8_t>& op = rng.Pick(kSystemOpcodes);
      for (uint8_t b : op)
        if (out->size() < end) out->push_back(b);
    }
    const size_t tail = std::min<size_t>(end - out->size(), 1 + rng.Below(6));
    AppendRandomBytes(rng, tail, out);
  }
}

}  // namespace m86::hostile
