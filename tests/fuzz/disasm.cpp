// Capstone wrapper (one handle for the process; the fuzzer is single-threaded).
#include "disasm.h"

#include <capstone/capstone.h>

namespace m86::fuzz {
namespace {

csh Open(cs_mode mode) {
  csh h = 0;
  if (cs_open(CS_ARCH_X86, mode, &h) != CS_ERR_OK) h = 0;
  return h;
}

csh Handle(bool mode64) {
  static const csh handle32 = Open(CS_MODE_32);
  static const csh handle64 = Open(CS_MODE_64);
  return mode64 ? handle64 : handle32;
}

bool DisassembleOne(const uint8_t* bytes, size_t len, uint32_t address, bool mode64,
                    std::string* mnemonic, std::string* operands, size_t* length = nullptr) {
  const csh h = Handle(mode64);
  if (h == 0) return false;
  cs_insn* insn = nullptr;
  const size_t n = cs_disasm(h, bytes, len, address, 1, &insn);
  if (n == 0) return false;
  *mnemonic = insn[0].mnemonic;
  *operands = insn[0].op_str;
  if (length) *length = insn[0].size;
  cs_free(insn, n);
  return true;
}

}  // namespace

std::string Disassemble(const uint8_t* bytes, size_t len, uint32_t address, bool mode64) {
  std::string mnemonic, operands;
  if (!DisassembleOne(bytes, len, address, mode64, &mnemonic, &operands)) return "(bad)";
  return operands.empty() ? mnemonic : mnemonic + " " + operands;
}

size_t DecodedLength(const uint8_t* bytes, size_t len, uint32_t address, bool mode64) {
  std::string mnemonic, operands;
  size_t length = 0;
  return DisassembleOne(bytes, len, address, mode64, &mnemonic, &operands, &length) ? length : 0;
}

std::string Mnemonic(const uint8_t* bytes, size_t len, uint32_t address, bool mode64) {
  std::string mnemonic, operands;
  if (!DisassembleOne(bytes, len, address, mode64, &mnemonic, &operands)) return "(bad)";
  return mnemonic;
}

}  // namespace m86::fuzz
