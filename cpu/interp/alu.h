// The eight classic ALU operations with lazy flags, shared by every instruction form.
#pragma once
#include "cpu/interp/operands.h"

namespace m86 {

enum AluOp { kAluAdd, kAluOr, kAluAdc, kAluSbb, kAluAnd, kAluSub, kAluXor, kAluCmp };

// Computes `dst op src`, records the flags, and returns the result (CMP's result is discarded
// by the caller).
template <typename T>
inline T Alu(Cpu& c, int op, T dst, T src) {
  T res;
  switch (op) {
    case kAluAdd:
      res = static_cast<T>(dst + src);
      SetLazy(c.s, LazyOp::kAdd, kBits<T>, dst, src, res);
      return res;
    case kAluOr:
      res = dst | src;
      SetLazy(c.s, LazyOp::kLogic, kBits<T>, dst, src, res);
      return res;
    case kAluAdc: {
      const uint32_t cf = MaterializeCarry(c.s);
      res = static_cast<T>(dst + src + cf);
      SetLazy(c.s, LazyOp::kAdc, kBits<T>, dst, src, res);
      return res;
    }
    case kAluSbb: {
      const uint32_t cf = MaterializeCarry(c.s);
      res = static_cast<T>(dst - src - cf);
      SetLazy(c.s, LazyOp::kSbb, kBits<T>, dst, src, res);
      return res;
    }
    case kAluAnd:
      res = dst & src;
      SetLazy(c.s, LazyOp::kLogic, kBits<T>, dst, src, res);
      return res;
    case kAluXor:
      res = dst ^ src;
      SetLazy(c.s, LazyOp::kLogic, kBits<T>, dst, src, res);
      return res;
    default:  // SUB, CMP
      res = static_cast<T>(dst - src);
      SetLazy(c.s, LazyOp::kSub, kBits<T>, dst, src, res);
      return res;
  }
}

}  // namespace m86
