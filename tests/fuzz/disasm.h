// Capstone disassembly of guest code for reproducers.
#ifndef M86_TESTS_FUZZ_DISASM_H_
#define M86_TESTS_FUZZ_DISASM_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace m86::fuzz {

// "mnemonic operands" of the 32-bit (mode64: 64-bit mode) instruction at `bytes`, or "(bad)".
std::string Disassemble(const uint8_t* bytes, size_t len, uint32_t address, bool mode64 = false);
// The length Capstone decodes at `bytes`, or 0 for an invalid instruction.
size_t DecodedLength(const uint8_t* bytes, size_t len, uint32_t address, bool mode64 = false);
// Just the mnemonic (with any prefix names Capstone prints, e.g. "rep movsb").
std::string Mnemonic(const uint8_t* bytes, size_t len, uint32_t address, bool mode64 = false);

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_DISASM_H_
