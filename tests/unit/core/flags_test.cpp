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

// 64-bit operands (SDM Vol. 1, 3.4.3.1): the sign is bit 63 and the carry leaves bit 63; bits
// 32-63 take part in ZF.
TEST_CASE("64-bit ADD, SUB and INC flags", "[flags]") {
  const auto flags64 = [](LazyOp op, uint64_t dst, uint64_t src, uint64_t res, uint32_t ef = 0) {
    return ComputeArithFlags(LazyFlags{dst, src, res, op, 64}, ef) & flag::kArith;
  };
  // 0x7FFF..FF + 1: signed overflow into bit 63, no carry; the low byte 0x00 has even parity.
  CHECK(flags64(LazyOp::kAdd, 0x7FFFFFFFFFFFFFFFull, 1, 0x8000000000000000ull) ==
        (flag::kOf | flag::kSf | flag::kAf | flag::kPf));
  // 0xFFFF..FF + 1 = 0 with a carry out of bit 63.
  CHECK(flags64(LazyOp::kAdd, ~0ull, 1, 0) == (flag::kCf | flag::kZf | flag::kAf | flag::kPf));
  // A result zero in its low 32 bits only is not zero.
  CHECK(flags64(LazyOp::kAdd, 0xFFFFFFFFull, 1, 0x100000000ull) == (flag::kAf | flag::kPf));
  CHECK(flags64(LazyOp::kSub, 0, 1, ~0ull) == (flag::kCf | flag::kSf | flag::kAf | flag::kPf));
  // The low byte 0xFF has eight ones: PF set.
  CHECK(flags64(LazyOp::kSub, 0x8000000000000000ull, 1, 0x7FFFFFFFFFFFFFFFull) ==
        (flag::kOf | flag::kAf | flag::kPf));
  CHECK(flags64(LazyOp::kInc, 0x7FFFFFFFFFFFFFFFull, 1, 0x8000000000000000ull, flag::kCf) ==
        (flag::kCf | flag::kOf | flag::kSf | flag::kAf | flag::kPf));
  CHECK(flags64(LazyOp::kDec, 0x8000000000000000ull, 1, 0x7FFFFFFFFFFFFFFFull) ==
        (flag::kOf | flag::kAf | flag::kPf));
  CHECK((flags64(LazyOp::kAdc, ~0ull, 0, ~0ull + 1, flag::kCf) & flag::kCf) != 0);
  CHECK((flags64(LazyOp::kSbb, 5, 5, ~0ull, flag::kCf) & flag::kCf) != 0);
}

TEST_CASE("Conditions read 64-bit lazy flags", "[flags]") {
  CpuState s{};
  // CMP 0x100000000, 1: above and greater; a 32-bit view would see 0 - 1.
  s.lazy = LazyFlags{0x100000000ull, 1, 0xFFFFFFFFull, LazyOp::kSub, 64};
  CHECK(!EvaluateCondition(s, 0x2));  // JB
  CHECK(EvaluateCondition(s, 0x7));   // JA
  CHECK(EvaluateCondition(s, 0xF));   // JG
  CHECK(!EvaluateCondition(s, 0x8));  // JS
  // CMP INT64_MIN, 1 overflows: JO and JL (SF != OF) taken.
  s.lazy = LazyFlags{0x8000000000000000ull, 1, 0x7FFFFFFFFFFFFFFFull, LazyOp::kSub, 64};
  CHECK(EvaluateCondition(s, 0x0));
  CHECK(EvaluateCondition(s, 0xC));
  CHECK(EvaluateCondition(s, 0x2) == false);
  // TEST of a value with only bit 63 set: not zero, sign set.
  s.lazy = LazyFlags{0x8000000000000000ull, 0, 0x8000000000000000ull, LazyOp::kLogic, 64};
  CHECK(!EvaluateCondition(s, 0x4));
  CHECK(EvaluateCondition(s, 0x8));
}
