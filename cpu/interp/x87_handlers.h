// The x87 handlers named by the rows of x87_table.inc, defined across the x87_*.cpp family
// files (SDM Vol. 2, the instructions of the same names).
#pragma once
#include "cpu/cpu.h"
#include "cpu/decoder.h"

namespace m86::x87 {

#define X87_MEM(opcode, reg, name) void name(Cpu& c, const DecodedInsn& d);
#define X87_REG(opcode, first, last, name) void name(Cpu& c, const DecodedInsn& d);
#include "cpu/interp/x87_table.inc"
#undef X87_MEM
#undef X87_REG

// Undefined escape forms: #UD after the #NM checks (x87_stack.cpp).
void Undefined(Cpu& c, const DecodedInsn& d);
// WAIT/FWAIT (x87_stack.cpp).
void Wait(Cpu& c, const DecodedInsn& d);
// FXSAVE/FXRSTOR, 0F AE /0 and /1 (x87_fxsave.cpp).
void Fxsave(Cpu& c, const DecodedInsn& d);
void Fxrstor(Cpu& c, const DecodedInsn& d);

}  // namespace m86::x87
