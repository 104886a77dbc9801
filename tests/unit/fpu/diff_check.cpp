#include "diff_check.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "cpu/le_bytes.h"
#include "emulated_x87.h"

namespace m86::fpu::test {

const OpSpec kOps[kOpCount] = {
    {HostOp::kAdd, "fadd", Kind::kBinary, 12, true},
    {HostOp::kSub, "fsub", Kind::kBinary, 8, true},
    {HostOp::kSubr, "fsubr", Kind::kBinary, 4, true},
    {HostOp::kMul, "fmul", Kind::kBinary, 12, true},
    {HostOp::kDiv, "fdiv", Kind::kBinary, 10, true},
    {HostOp::kDivr, "fdivr", Kind::kBinary, 4, true},
    {HostOp::kSqrt, "fsqrt", Kind::kUnary, 8, true},
    {HostOp::kRndint, "frndint", Kind::kUnary, 6, true},
    {HostOp::kScale, "fscale", Kind::kBinary, 8, true},
    {HostOp::kXtract, "fxtract", Kind::kUnary, 4, true},
    {HostOp::kPrem, "fprem", Kind::kBinary, 8, true},
    {HostOp::kPrem1, "fprem1", Kind::kBinary, 8, true},
    {HostOp::kCom, "fcom", Kind::kBinary, 4, true},
    {HostOp::kUcom, "fucom", Kind::kBinary, 4, true},
    {HostOp::kLd32, "fld m32", Kind::kLoad, 4, true},
    {HostOp::kLd64, "fld m64", Kind::kLoad, 4, true},
    {HostOp::kIld16, "fild m16", Kind::kLoad, 1, false},
    {HostOp::kIld32, "fild m32", Kind::kLoad, 1, false},
    {HostOp::kIld64, "fild m64", Kind::kLoad, 2, false},
    {HostOp::kBld, "fbld", Kind::kLoad, 3, false},
    {HostOp::kSt32, "fstp m32", Kind::kStore, 8, true},
    {HostOp::kSt64, "fstp m64", Kind::kStore, 8, true},
    {HostOp::kIst16, "fistp m16", Kind::kStore, 4, true},
    {HostOp::kIst32, "fistp m32", Kind::kStore, 4, true},
    {HostOp::kIst64, "fistp m64", Kind::kStore, 4, true},
    {HostOp::kBstp, "fbstp", Kind::kStore, 5, true},
    {HostOp::kLdConst, "fld const", Kind::kConst, 1, false},
    {HostOp::kAddM32, "fadd m32", Kind::kMemSource, 3, true},
    {HostOp::kSubM32, "fsub m32", Kind::kMemSource, 1, true},
    {HostOp::kSubrM32, "fsubr m32", Kind::kMemSource, 2, true},
    {HostOp::kMulM32, "fmul m32", Kind::kMemSource, 2, true},
    {HostOp::kDivM32, "fdiv m32", Kind::kMemSource, 2, true},
    {HostOp::kDivrM32, "fdivr m32", Kind::kMemSource, 2, true},
    {HostOp::kComM32, "fcom m32", Kind::kMemSource, 2, true},
    {HostOp::kAddM64, "fadd m64", Kind::kMemSource, 3, true},
    {HostOp::kSubM64, "fsub m64", Kind::kMemSource, 1, true},
    {HostOp::kSubrM64, "fsubr m64", Kind::kMemSource, 2, true},
    {HostOp::kMulM64, "fmul m64", Kind::kMemSource, 2, true},
    {HostOp::kDivM64, "fdiv m64", Kind::kMemSource, 2, true},
    {HostOp::kDivrM64, "fdivr m64", Kind::kMemSource, 2, true},
    {HostOp::kComM64, "fcom m64", Kind::kMemSource, 2, true},
};

const OpSpec& FindOp(HostOp op) {
  for (int k = 0; k < kOpCount; ++k) {
    if (kOps[k].op == op) return kOps[k];
  }
  return kOps[0];
}

namespace {

// Cases where the reference host (an AMD Zen) departs from the Intel SDM, which the arithmetic
// follows; they run but are not compared.
bool Excluded(HostOp op, uint16_t cw, const uint8_t mem[10]) {
  // FLD m32/m64 of a denormal with DE unmasked: the SDM (Vol. 1, 8.5.2) leaves TOP and the
  // stack unchanged; the AMD host pushes the loaded value anyway.
  if (op == HostOp::kLd32 || op == HostOp::kLd64) {
    const uint64_t v =
        op == HostOp::kLd32 ? m86::LoadLe<uint32_t>(mem) : m86::LoadLe<uint64_t>(mem);
    bool denormal = op == HostOp::kLd32 ? (v & 0x7F800000) == 0 && (v & 0x7FFFFF) != 0
                                        : (v & 0x7FF0000000000000ull) == 0 &&
                                              (v & 0xFFFFFFFFFFFFFull) != 0;
    if (denormal && !(cw & 0x02)) return true;
  }
  return false;
}

void Print(const char* what, const Float80& x) {
  std::printf(" %s=%04X:%016" PRIX64, what, x.sign_exp, x.mant);
}

// Compares one case; prints the first mismatches of each op.
bool Agrees(const OpSpec& spec, const Float80& a, const Float80& b, const uint8_t mem[10],
            const HostState& h, const Emulated& e) {
  if ((h.sw & e.sw_compared) != (e.sw & e.sw_compared)) return false;
  switch (spec.kind) {
    case Kind::kBinary:
    case Kind::kUnary:
    case Kind::kMemSource:
      if (e.results == 0) return true;
      if (e.suppress) return h.st[0] == a && (spec.kind != Kind::kBinary || h.st[1] == b);
      if (!(h.st[0] == e.st0)) return false;
      return e.results < 2 || h.st[1] == e.st1;
    case Kind::kLoad:
    case Kind::kConst:
      if (e.suppress) return h.tw == 0xFFFF;
      return h.st[0] == e.st0;
    case Kind::kStore:
      if (e.suppress) return std::memcmp(h.mem, mem, 10) == 0;
      return std::memcmp(h.mem, e.mem, e.mem_bytes) == 0;
  }
  return false;
}

void Report(const OpSpec& spec, const Float80& a, const Float80& b, uint16_t cw,
            const uint8_t mem[10], const HostState& h, const Emulated& e) {
  std::printf("MISMATCH %s cw=%04X", spec.name, cw);
  if (spec.kind == Kind::kLoad || spec.kind == Kind::kConst || spec.kind == Kind::kMemSource) {
    std::printf(" mem=");
    for (int i = 9; i >= 0; --i) std::printf("%02X", mem[i]);
  }
  if (spec.kind != Kind::kLoad && spec.kind != Kind::kConst) {
    Print("a", a);
    if (spec.kind == Kind::kBinary) Print("b", b);
  }
  std::printf("\n   host sw=%04X", h.sw & (e.sw_compared | 0x80));
  if (spec.kind == Kind::kStore) {
    std::printf(" mem=");
    for (int i = e.mem_bytes - 1; i >= 0; --i) std::printf("%02X", h.mem[i]);
  } else {
    Print("st0", h.st[0]);
    Print("st1", h.st[1]);
  }
  std::printf("\n   emu  sw=%04X%s", e.sw & e.sw_compared, e.suppress ? " (suppressed)" : "");
  if (spec.kind == Kind::kStore) {
    std::printf(" mem=");
    for (int i = e.mem_bytes - 1; i >= 0; --i) std::printf("%02X", e.mem[i]);
  } else {
    Print("st0", e.st0);
    Print("st1", e.st1);
  }
  std::printf("\n");
}

}  // namespace

Outcome RunCase(const OpSpec& spec, const Float80& a, const Float80& b, uint16_t cw,
                const uint8_t mem[10], bool report, HostState* host) {
  HostRun(spec.op, a, b, cw, mem, host);
  if (Excluded(spec.op, cw, mem)) return Outcome::kExcluded;
  Emulated e = EmulateRun(spec.op, a, b, cw, mem);
  if (Agrees(spec, a, b, mem, *host, e)) return Outcome::kMatched;
  if (report) Report(spec, a, b, cw, mem, *host, e);
  return Outcome::kMismatched;
}

}  // namespace m86::fpu::test
