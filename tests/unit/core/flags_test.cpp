#include <catch2/catch.hpp>

#include "cpu/flags.h"

using namespace m86;

namespace {
uint32_t Flags(LazyOp op, int bits, uint32_t dst, uint32_t src, uint32_t res, uint32_t eflags = 0) {
  LazyFlags l{dst, src, res, op, static_cast<uint8_t>(bits)};
  return ComputeArithFlags(l, eflags) & flag::kArith;
}
}  // namespace

// Expected values follow SDM Vol. 1, Appendix A (EFLAGS cross-reference) and the ADD/SUB pages.
TEST_CASE("ADD flags at the signed and unsigned boundaries", "[flags]") {
  CHECK(Flags(LazyOp::kAdd, 8, 0x7F, 0x01, 0x80) == (flag::kOf | flag::kSf | flag::kAf));
  CHECK(Flags(LazyOp::kAdd, 8, 0xFF, 0x01, 0x00) == (flag::kCf | flag::kZf | flag::kAf | flag::kPf));
  CHECK(Flags(LazyOp::kAdd, 16, 0x8000, 0x8000, 0x0000) ==
        (flag::kCf | flag::kOf | flag::kZf | flag::kPf));
  CHECK(Flags(LazyOp::kAdd, 32, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFE) ==
        (flag::kCf | flag::kSf | flag::kAf));
}

TEST_CASE("ADC uses the carry-in held in EFLAGS", "[flags]") {
  // 0xFF + 0x00 + CF=1 = 0x100: carry out although the result equals the destination + 1.
  CHECK((Flags(LazyOp::kAdc, 8, 0xFF, 0x00, 0x00, flag::kCf) & flag::kCf) != 0);
  // 0x01 + 0xFF + 1 = 0x101 -> 0x01: carry, result equals dst.
  CHECK((Flags(LazyOp::kAdc, 8, 0x01, 0xFF, 0x01, flag::kCf) & flag::kCf) != 0);
  CHECK((Flags(LazyOp::kAdc, 8, 0x01, 0xFF, 0x00, 0) & flag::kCf) != 0);
  CHECK((Flags(LazyOp::kAdc, 8, 0x01, 0x01, 0x02, 0) & flag::kCf) == 0);
}

TEST_CASE("SUB and SBB borrows", "[flags]") {
  CHECK(Flags(LazyOp::kSub, 8, 0x00, 0x01, 0xFF) == (flag::kCf | flag::kSf | flag::kAf | flag::kPf));
  CHECK(Flags(LazyOp::kSub, 8, 0x80, 0x01, 0x7F) == (flag::kOf | flag::kAf));
  CHECK(Flags(LazyOp::kSub, 16, 0x1234, 0x1234, 0) == (flag::kZf | flag::kPf));
  // SBB with borrow-in: 5 - 5 - 1 borrows.
  CHECK((Flags(LazyOp::kSbb, 8, 0x05, 0x05, 0xFF, flag::kCf) & flag::kCf) != 0);
  CHECK((Flags(LazyOp::kSbb, 8, 0x05, 0xFF, 0x05, flag::kCf) & flag::kCf) != 0);
}

TEST_CASE("INC and DEC keep CF", "[flags]") {
  CHECK(Flags(LazyOp::kInc, 8, 0x7F, 1, 0x80, flag::kCf) == (flag::kCf | flag::kOf | flag::kSf | flag::kAf));
  CHECK(Flags(LazyOp::kDec, 8, 0x80, 1, 0x7F, 0) == (flag::kOf | flag::kAf));
  CHECK(Flags(LazyOp::kDec, 32, 1, 1, 0, flag::kCf) == (flag::kCf | flag::kZf | flag::kPf));
}

TEST_CASE("Conditions read the lazy flags", "[flags]") {
  CpuState s{};
  s.lazy = LazyFlags{5, 7, static_cast<uint32_t>(5 - 7), LazyOp::kSub, 32};  // CMP 5, 7
  CHECK(EvaluateCondition(s, 0x2));   // JB
  CHECK(EvaluateCondition(s, 0xC));   // JL
  CHECK(!EvaluateCondition(s, 0x4));  // JE
  CHECK(EvaluateCondition(s, 0x6));   // JBE
  CHECK(!EvaluateCondition(s, 0xF));  // JG
  s.lazy = LazyFlags{0x80000000u, 1, 0x7FFFFFFFu, LazyOp::kSub, 32};  // INT_MIN - 1 overflows
  CHECK(EvaluateCondition(s, 0x0));   // JO
  CHECK(EvaluateCondition(s, 0xC));   // JL: SF != OF
}
