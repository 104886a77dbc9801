// The fields of the CPU's state structs, listed once for visitors (cpu/state_digest.h): every
// field that is state, none that is derived from others (Segment::lo/hi/readable/writable are
// recomputed at load time). Keep each list in step with its struct.
#pragma once
#include "cpu/flags.h"
#include "cpu/state.h"

namespace m86 {

template <typename V> void VisitFields(V& v, const fpu::Float80& f) {
  v(f.mant);
  v(f.sign_exp);
}

template <typename V> void VisitFields(V& v, const Segment& s) {
  v(s.selector);
  v(s.base);
  v(s.limit);
  v(s.attr);
}

template <typename V> void VisitFields(V& v, const TableRegister& t) {
  v(t.base);
  v(t.limit);
}

template <typename V> void VisitFields(V& v, const LazyFlags& l) {
  v(l.dst);
  v(l.src);
  v(l.res);
  v(l.op);
  v(l.bits);
}

template <typename V> void VisitFields(V& v, const MsrState& m) {
  v(m.mtrr_def_type);
  v(m.mtrr_var);
  v(m.mtrr_fix);
  v(m.mcg_status);
  v(m.mcg_ctl);
  v(m.mc_ctl);
  v(m.p5_cesr);
  v(m.p5_ctr);
  v(m.perf_ctr);
  v(m.perf_evtsel);
  v(m.debugctl);
  v(m.bios_sign);
  v(m.misc_enable);
}

template <typename V> void VisitFields(V& v, const X87State& f) {
  v(f.r);
  v(f.cw);
  v(f.sw);
  v(f.tw);
  v(f.fip);
  v(f.fdp);
  v(f.fcs);
  v(f.fds);
  v(f.fop);
  v(f.ferr);
}

template <typename V> void VisitFields(V& v, const Xmm& x) { v(x.q); }

template <typename V> void VisitFields(V& v, const SseState& e) {
  v(e.xmm);
  v(e.mxcsr);
}

template <typename V> void VisitFields(V& v, const CpuState& s) {
  v(s.gpr);
  v(s.rip);
  // EFLAGS as the guest reads it: the lazy record (cpu/flags.h) is how the arithmetic flags are
  // kept, and translated code may keep them differently from the interpreter at the same point.
  v(GuestEflags(s));
  v(s.seg);
  v(s.gdtr);
  v(s.idtr);
  v(s.ldtr);
  v(s.tr);
  v(s.cr0);
  v(s.cr2);
  v(s.cr3);
  v(s.cr4);
  v(s.cr8);
  v(s.dr);
  v(s.tsc);
  v(s.sysenter_cs);
  v(s.sysenter_esp);
  v(s.sysenter_eip);
  v(s.apic_base);
  v(s.efer);
  v(s.star);
  v(s.lstar);
  v(s.cstar);
  v(s.sfmask);
  v(s.kernel_gs_base);
  v(s.tsc_aux);
  v(s.msr);
  v(s.cpl);
  v(s.halted);
  v(s.fpu);
  v(s.sse);
}

}  // namespace m86
