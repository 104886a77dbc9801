// x87 stack management and exception delivery: FFREE, FFREEP, FINCSTP, FDECSTP, FNOP, WAIT,
// undefined escapes, the checks that precede every x87 instruction and the pending-exception
// bookkeeping (SDM Vol. 1, 8.1.3, 8.5 and 8.7; Vol. 3A, 2.5 Table 2-2 and 22.18.6).
#include "cpu/interp/x87_core.h"
#include "cpu/interp/x87_handlers.h"

namespace m86::x87 {

// CR0.EM or CR0.TS: #NM on every escape (SDM Vol. 3A, 2.5, Table 2-2). Without a coprocessor
// (an 80386 with --fpu none and EM = 0) the processor finds no one to run the escape: morph86
// executes it as a no-op, which is what the coprocessor-detection sequence Intel documents
// (FNINIT; FNSTSW to a word preset nonzero; no FPU when its low byte is not 0, Intel AP-485)
// relies on. Systems without a coprocessor are expected to set EM.
bool Unavailable(Cpu& c) {
  if (c.s.cr0 & (cr0::kEm | cr0::kTs)) c.Fault(kVecNm);
  c.LogUnimplemented("x87 escape without a coprocessor and CR0.EM = 0 (executed as a no-op)");
  return false;
}

// ES and B summarize the unmasked exceptions among the flags (B mirrors ES on the 387 and
// later; SDM Vol. 1, 8.1.3). Because they are derived, unmasking a raised flag with FLDCW,
// FLDENV or FRSTOR makes the exception pending, as the SDM describes for those instructions.
// FERR# follows ES while CR0.NE = 0: on the P6 family and the 386 it is asserted when the
// instruction that raised the exception completes (SDM Vol. 3A, 22.18.6.7); the block ends
// so the board's IRQ 13 can be taken at the next instruction boundary.
void UpdatePending(Cpu& c) {
  X87State& f = c.s.fpu;
  const bool pending = (f.sw & ~f.cw & x87sw::kFlags) != 0;
  f.sw = pending ? static_cast<uint16_t>(f.sw | x87sw::kEs | x87sw::kB)
                 : static_cast<uint16_t>(f.sw & ~(x87sw::kEs | x87sw::kB));
  const bool ferr = pending && !(c.s.cr0 & cr0::kNe);
  if (ferr != f.ferr) {
    f.ferr = ferr;
    if (c.on_ferr) c.on_ferr(ferr);
    c.EndBlock();
  }
}

// A pending unmasked exception before a waiting instruction: #MF with CR0.NE = 1 (SDM Vol. 1,
// 8.7.1). With NE = 0 the hardware freezes until the FERR# interrupt has run or IGNNE# is
// asserted (SDM Vol. 1, D.2.1); morph86 does not freeze: the IRQ 13 that FERR# raises is
// taken right after the faulting instruction when interrupts are enabled, and otherwise the
// instruction proceeds as under IGNNE#, so a guest cannot hang the emulator here.
void DeliverPending(Cpu& c) {
  if (c.s.cr0 & cr0::kNe) c.Fault(kVecMf);
  UpdatePending(c);
}

void PrepareWrite(Cpu& c, uint64_t lin, uint32_t size) {
  const uint32_t pages = ((lin & (kPageSize - 1)) + size - 1) >> kPageShift;
  if (pages == 0) return;  // one page: the first write faults before anything is written
  const bool user = c.s.cpl == 3;
  uint64_t page = PageBase(lin);
  for (uint32_t i = 0; i <= pages; ++i, page += kPageSize) c.Translate(page, Access::kWrite, user);
}

void ReadBytes(Cpu& c, uint64_t lin, uint8_t* out, uint32_t size) {
  uint32_t i = 0;
  for (; i + 4 <= size; i += 4) {
    const uint32_t v = c.ReadLinear<uint32_t>(lin + i);
    for (int b = 0; b < 4; ++b) out[i + b] = static_cast<uint8_t>(v >> (8 * b));
  }
  for (; i < size; ++i) out[i] = c.ReadLinear<uint8_t>(lin + i);
}

void WriteBytes(Cpu& c, uint64_t lin, const uint8_t* in, uint32_t size) {
  uint32_t i = 0;
  for (; i + 4 <= size; i += 4)
    c.WriteLinear<uint32_t>(
        lin + i, in[i] | (in[i + 1] << 8) | (in[i + 2] << 16) | (uint32_t{in[i + 3]} << 24));
  for (; i < size; ++i) c.WriteLinear<uint8_t>(lin + i, in[i]);
}

// Undefined escape forms: #NM first (SDM Vol. 3A, 22.18.6.6: undefined x87 opcodes raise #NM
// under EM or TS and do not check for pending exceptions), then #UD.
void Undefined(Cpu& c, const DecodedInsn&) {
  if (!BeginNoWait(c)) return;
  c.Fault(kVecUd);
}

// WAIT/FWAIT: #NM only when MP and TS are both set (SDM Vol. 3A, 2.5, Table 2-2), then the
// pending-exception check every waiting instruction makes.
void Wait(Cpu& c, const DecodedInsn&) {
  if ((c.s.cr0 & (cr0::kMp | cr0::kTs)) == (cr0::kMp | cr0::kTs)) c.Fault(kVecNm);
  if (c.model().has_fpu && (c.s.fpu.sw & x87sw::kEs)) DeliverPending(c);
}

// FNOP: a waiting non-control instruction; it updates the pointers and nothing else.
void Fnop(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  RecordPointers(c, d);
}

void FnopNoWait(Cpu& c, const DecodedInsn&) { (void)BeginNoWait(c); }

// FFREE ST(i): tags the register empty; TOP and the contents stay.
void Ffree(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  RecordPointers(c, d);
  SetPhysEmpty(c.s.fpu, Phys(c.s.fpu, StIndex(d)));
}

// FFREEP ST(i) (undocumented, DF C0+i): FFREE, then a pop.
void Ffreep(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  RecordPointers(c, d);
  SetPhysEmpty(c.s.fpu, Phys(c.s.fpu, StIndex(d)));
  Pop(c.s.fpu);
}

// FINCSTP/FDECSTP: TOP +/- 1 without touching tags or contents; C1 = 0.
void Fincstp(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  RecordPointers(c, d);
  SetTop(c.s.fpu, Top(c.s.fpu) + 1);
  SetC1(c.s.fpu, false);
}

void Fdecstp(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  RecordPointers(c, d);
  SetTop(c.s.fpu, Top(c.s.fpu) - 1);
  SetC1(c.s.fpu, false);
}

}  // namespace m86::x87
