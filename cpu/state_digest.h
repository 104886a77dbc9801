// A digest of machine state that every host computes alike: values enter it as fixed-width
// little-endian bytes, whatever the host's byte order, padding or type sizes, so the same guest
// run gives the same digest on x86-64, AArch64, RISC-V and s390x. It is a check of equality
// (cross-host and repeat runs), not a cryptographic hash: 64-bit FNV-1a.
//
// State structs list their fields once, in a VisitFields overload next to the others of their
// library (cpu/state_fields.h, devices/state_fields.h); the digest is one visitor, a save state
// can be another. A field left out of its list is a field the digest does not see.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace m86 {

class StateDigest {
 public:
  void Bytes(const uint8_t* p, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      h_ ^= p[i];
      h_ *= kPrime;
    }
  }
  // Integers, enums and bools: sizeof(T) bytes, least significant first.
  template <typename T>
    requires(std::is_integral_v<T> || std::is_enum_v<T>)
  void operator()(T v) {
    if constexpr (std::is_enum_v<T>) {
      (*this)(static_cast<std::underlying_type_t<T>>(v));
    } else if constexpr (std::is_same_v<T, bool>) {
      (*this)(static_cast<uint8_t>(v));
    } else {
      auto u = static_cast<std::make_unsigned_t<T>>(v);
      for (size_t i = 0; i < sizeof(T); ++i) {
        h_ ^= static_cast<uint8_t>(u);
        h_ *= kPrime;
        u = static_cast<decltype(u)>(u >> 4 >> 4);  // two steps: no shift by uint8_t's width
      }
    }
  }
  // Arrays element by element; structs through their VisitFields overload (found by ADL).
  template <typename T, size_t N> void operator()(const T (&a)[N]) {
    for (const T& e : a) (*this)(e);
  }
  template <typename T, size_t N> void operator()(const std::array<T, N>& a) {
    for (const T& e : a) (*this)(e);
  }
  template <typename T>
    requires std::is_class_v<T>
  void operator()(const T& s) {
    VisitFields(*this, s);
  }

  uint64_t value() const { return h_; }

 private:
  static constexpr uint64_t kPrime = 0x100000001B3ull;
  uint64_t h_ = 0xCBF29CE484222325ull;
};

}  // namespace m86
