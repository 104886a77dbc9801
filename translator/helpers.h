// What translated code calls when its inline fast path does not apply: guest memory through
// the full checks (segment limits and rights, page walks, MMIO, code writes), condition codes
// and the carry from the lazy flags. Plain functions with the host's C calling convention;
// faults unwind from inside them like from an interpreter handler.
#pragma once
#include <cstdint>

namespace m86 {

class Cpu;
struct CpuState;

namespace jit_helper {

// A load of 1, 2, 4 or 8 bytes, zero-extended; ForWrite checks write access first (the read
// of a read-modify-write operand).
uint64_t Load8(Cpu* c, uint32_t seg, uint64_t off);
uint64_t Load16(Cpu* c, uint32_t seg, uint64_t off);
uint64_t Load32(Cpu* c, uint32_t seg, uint64_t off);
uint64_t Load64(Cpu* c, uint32_t seg, uint64_t off);
uint64_t LoadForWrite8(Cpu* c, uint32_t seg, uint64_t off);
uint64_t LoadForWrite16(Cpu* c, uint32_t seg, uint64_t off);
uint64_t LoadForWrite32(Cpu* c, uint32_t seg, uint64_t off);
uint64_t LoadForWrite64(Cpu* c, uint32_t seg, uint64_t off);
void Store8(Cpu* c, uint32_t seg, uint64_t off, uint64_t v);
void Store16(Cpu* c, uint32_t seg, uint64_t off, uint64_t v);
void Store32(Cpu* c, uint32_t seg, uint64_t off, uint64_t v);
void Store64(Cpu* c, uint32_t seg, uint64_t off, uint64_t v);

// Cpu::IndirectChainTarget: the translation to go on at after an indirect branch, or nullptr.
const void* IndirectChainTarget(Cpu* c);

// Condition code `cc` (Jcc's low nibble) of the current flags: 1 or 0.
uint32_t Condition(const CpuState* s, uint32_t cc);
// Stores the current CF into EFLAGS (what INC and DEC keep; cpu/flags.h MaterializeCarry).
void MaterializeCarry(CpuState* s);

}  // namespace jit_helper
}  // namespace m86
