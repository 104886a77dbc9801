// Protected-mode transfers of control and event delivery (SDM Vol. 3A, chapters 5-7).
// Real-mode and V86 paths live beside their callers; these are the protected-mode halves,
// implemented in cpu/pm/ (one file per concern).
#pragma once
#include <cstdint>

namespace m86 {

class Cpu;

// Delivers an interrupt or exception through the IDT in protected or V86 mode (SDM Vol. 3A,
// 6.12): interrupt, trap and task gates, privilege changes, V86 exits; in IA-32e mode through
// 64-bit gates (6.14).
void DeliverInterruptProtected(Cpu& c, uint8_t vector, bool has_error, uint32_t error_code,
                               bool software);
// Far JMP/CALL to selector:offset (SDM Vol. 2A, JMP and CALL): code segments, call gates,
// task gates and TSS descriptors; in IA-32e mode 64-bit call gates. `size` is the operand size
// in bytes (2, 4, or 8 with REX.W in 64-bit mode).
void FarJumpProtected(Cpu& c, uint16_t selector, uint64_t offset, uint32_t size);
void FarCallProtected(Cpu& c, uint16_t selector, uint64_t offset, uint32_t size);
// Far RET with `pop_bytes` extra (SDM Vol. 2B, RET), including returns to an outer level;
// `size` as above.
void FarReturnProtected(Cpu& c, uint32_t size, uint16_t pop_bytes);
// IRET/IRETD in protected mode: nested-task return, returns to outer levels and to V86 mode.
void InterruptReturnProtected(Cpu& c, bool o32);
// IRET, IRETD and IRETQ (`size` 2, 4 or 8 bytes) in IA-32e mode.
void InterruptReturnLong(Cpu& c, uint32_t size);
// IRET in V86 mode (IOPL 3; otherwise #GP).
void InterruptReturnV86(Cpu& c, bool o32);

}  // namespace m86
