// SSE4.2 string comparison semantics (SDM Vol. 2B, 4.1). Elements are compared as 32-bit
// integers so one routine serves the four source formats; IntRes1/IntRes2 are bit masks with
// bit j for element j of xmm2/m128 (element i of both operands for "equal each").
#include "cpu/interp/sse_string_compare.h"

#include <bit>

#include "cpu/state.h"

namespace m86::sse {
namespace {

enum Aggregation : uint8_t { kEqualAny = 0, kRanges = 1, kEqualEach = 2, kEqualOrdered = 3 };

// Element i of `v` in the format imm8[1:0] selects (SDM 4.1.2).
int32_t Element(const Xmm& v, int i, uint8_t imm) {
  const bool is_signed = (imm & 2) != 0;
  if (WordElements(imm))
    return is_signed ? int32_t{static_cast<int16_t>(v.Get<uint16_t>(i))} : int32_t{v.Get<uint16_t>(i)};
  return is_signed ? int32_t{static_cast<int8_t>(v.Get<uint8_t>(i))} : int32_t{v.Get<uint8_t>(i)};
}

// BoolRes for element i of xmm1 and j of xmm2/m128 with Table 4-7's overrides for elements
// past either string's end: equal any and ranges never match there; equal each matches where
// both have ended; equal ordered matches wherever xmm1 (the substring) has ended.
bool Compare(int32_t a, bool a_valid, int32_t b, bool b_valid, Aggregation agg, bool upper_bound) {
  if (a_valid && b_valid) {
    if (agg == kRanges) return upper_bound ? b <= a : b >= a;
    return a == b;
  }
  switch (agg) {
    case kEqualEach: return !a_valid && !b_valid;
    case kEqualOrdered: return !a_valid;
    default: return false;
  }
}

}  // namespace

int ImplicitLength(const Xmm& v, uint8_t imm) {
  const int n = ElementCount(imm);
  for (int i = 0; i < n; ++i)
    if ((WordElements(imm) ? v.Get<uint16_t>(i) : v.Get<uint8_t>(i)) == 0) return i;
  return n;
}

int ExplicitLength(int64_t reg, uint8_t imm) {
  // The magnitude as unsigned, so the most negative value does not overflow.
  const uint64_t magnitude = reg < 0 ? 0 - static_cast<uint64_t>(reg) : static_cast<uint64_t>(reg);
  const uint64_t n = static_cast<uint64_t>(ElementCount(imm));
  return static_cast<int>(magnitude < n ? magnitude : n);
}

uint16_t StringCompare(const Xmm& a, int len_a, const Xmm& b, int len_b, uint8_t imm) {
  const int n = ElementCount(imm);
  const auto agg = static_cast<Aggregation>((imm >> 2) & 3);
  int32_t ea[16], eb[16];
  for (int i = 0; i < n; ++i) ea[i] = Element(a, i, imm), eb[i] = Element(b, i, imm);
  auto bool_res = [&](int i, int j, bool upper_bound) {
    return Compare(ea[i], i < len_a, eb[j], j < len_b, agg, upper_bound);
  };
  uint32_t int_res1 = 0;
  for (int j = 0; j < n; ++j) {
    bool match = false;
    switch (agg) {
      case kEqualAny:
        for (int i = 0; i < n && !match; ++i) match = bool_res(i, j, false);
        break;
      case kRanges:  // pairs (lower, upper) of xmm1 bound xmm2's element (SDM 4.1.4)
        for (int i = 0; i + 1 < n && !match; i += 2) match = bool_res(i, j, false) && bool_res(i + 1, j, true);
        break;
      case kEqualEach:
        match = bool_res(j, j, false);
        break;
      case kEqualOrdered:  // xmm1 occurs in xmm2/m128 starting at element j
        match = true;
        for (int i = 0; i + j < n && match; ++i) match = bool_res(i, i + j, false);
        break;
    }
    int_res1 |= uint32_t{match} << j;
  }
  // Polarity (SDM 4.1.5): imm8[4] negates; with imm8[5] too, only the valid elements of
  // xmm2/m128.
  const uint32_t all = (1u << n) - 1;
  uint32_t negate = 0;
  if (imm & 0x10) negate = (imm & 0x20) ? (1u << len_b) - 1 : all;
  return static_cast<uint16_t>((int_res1 ^ negate) & all);
}

uint32_t StringCompareIndex(uint16_t int_res2, uint8_t imm) {
  if (int_res2 == 0) return static_cast<uint32_t>(ElementCount(imm));
  return (imm & 0x40) ? 31 - static_cast<uint32_t>(std::countl_zero(uint32_t{int_res2}))
                      : static_cast<uint32_t>(std::countr_zero(int_res2));
}

Xmm StringCompareMask(uint16_t int_res2, uint8_t imm) {
  if (!(imm & 0x40)) return Xmm{{int_res2, 0}};
  Xmm mask{};
  for (int i = 0; i < ElementCount(imm); ++i) {
    if (!((int_res2 >> i) & 1)) continue;
    if (WordElements(imm)) mask.Set<uint16_t>(i, 0xFFFF);
    else mask.Set<uint8_t>(i, 0xFF);
  }
  return mask;
}

uint32_t StringCompareFlags(uint16_t int_res2, int len_a, int len_b, uint8_t imm) {
  const int n = ElementCount(imm);
  return (int_res2 ? flag::kCf : 0) | (len_b < n ? flag::kZf : 0) | (len_a < n ? flag::kSf : 0) |
         ((int_res2 & 1) ? flag::kOf : 0);
}

}  // namespace m86::sse
