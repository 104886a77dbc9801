// Capstone wrapper (one handle for the process; the fuzzer is single-threaded).
#include "disasm.h"

#include <capstone/capstone.h>

namespace m86::fuzz {
namespace {

csh Handle() {
  static csh handle = [] {
    csh h = 0;
    if (cs_open(CS_ARCH_X86, CS_MODE_32, &h) != CS_ERR_OK) h = 0;
    return h;
  }();
  return handle;
}

bool DisassembleOne(const uint8_t* bytes, size_t len, uint32_t address, std::string* mnemonic,
                    std::string* operands) {
  const csh h = Handle();
  if (h == 0) return false;
  cs_insn* insn = nullptr;
  const size_t n = cs_disasm(h, bytes, len, address, 1, &insn);
  if (n == 0) return false;
  *mnemonic = insn[0].mnemonic;
  *operands = insn[0].op_str;
  cs_free(insn, n);
  return true;
}

}  // namespace

std::string Disassemble(const uint8_t* bytes, size_t len, uint32_t address) {
  std::string mnemonic, operands;
  if (!DisassembleOne(bytes, len, address, &mnemonic, &operands)) return "(bad)";
  return operands.empty() ? mnemonic : mnemonic + " " + operands;
}

std::string Mnemonic(const uint8_t* bytes, size_t len, uint32_t address) {
  std::string mnemonic, operands;
  if (!DisassembleOne(bytes, len, address, &mnemonic, &operands)) return "(bad)";
  return mnemonic;
}

}  // namespace m86::fuzz
