// The x87 decode table: maps each escape form (opcode D8-DF with its ModRM byte) to its
// handler through the rows of x87_table.inc. The refiner does the lookup when a block is
// built, so running an x87 instruction costs one indirect call like any other.
#include "cpu/interp/x87_core.h"
#include "cpu/interp/x87_handlers.h"

namespace m86 {
namespace x87 {
namespace {

struct EscapeTable {
  Handler mem[8][8];   // [opcode - D8][ModRM.reg]
  Handler reg[8][64];  // [opcode - D8][ModRM & 3F], mod == 3
};

EscapeTable BuildTable() {
  EscapeTable t;
  for (auto& row : t.mem)
    for (Handler& h : row) h = &Undefined;
  for (auto& row : t.reg)
    for (Handler& h : row) h = &Undefined;
#define X87_MEM(opcode, r, name) t.mem[(opcode)-0xD8][r] = &name;
#define X87_REG(opcode, first, last, name) \
  for (int m = (first); m <= (last); ++m) t.reg[(opcode)-0xD8][m & 0x3F] = &name;
#include "cpu/interp/x87_table.inc"
#undef X87_MEM
#undef X87_REG
  return t;
}

const EscapeTable& Table() {
  static const EscapeTable table = BuildTable();
  return table;
}

Handler Lookup(const DecodedInsn& d) {
  const int op = d.opcode & 7;
  return d.mem() ? Table().mem[op][d.reg()] : Table().reg[op][d.modrm & 0x3F];
}

Handler Refine(const DecodedInsn& d) { return Lookup(d); }

// The general FPU_ESC handler, for callers that do not refine (the same lookup at run time).
void Escape(Cpu& c, const DecodedInsn& d) { Lookup(d)(c, d); }

}  // namespace
}  // namespace x87

void RegisterX87Handlers(HandlerTable& t) {
  (void)x87::Table();
  t.Set(Op::FPU_ESC, &x87::Escape);
  t.SetRefiner(Op::FPU_ESC, &x87::Refine);
  t.Set(Op::WAIT, &x87::Wait);
  t.Set(Op::FXSAVE, &x87::Fxsave);
  t.Set(Op::FXRSTOR, &x87::Fxrstor);
}

}  // namespace m86
