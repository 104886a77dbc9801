// Little-endian loads and stores: the one place where guest bytes (RAM, ROM, video memory,
// disk sectors, file formats) become host integers and back. The x86 is little-endian, so the
// byte at the lowest address is the least significant one whatever the host's order.
// On little-endian hosts these are plain memcpy (one load or store, zero cost); on big-endian
// ones (s390x) the value is byte-swapped on the way.
#pragma once
#include <bit>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace m86 {

template <typename T>
constexpr T ByteSwap(T v) {
  static_assert(std::is_integral_v<T>, "ByteSwap takes integers");
  using U = std::make_unsigned_t<T>;
  const U u = static_cast<U>(v);
  if constexpr (sizeof(T) == 1) return v;
  else if constexpr (sizeof(T) == 2) return static_cast<T>(__builtin_bswap16(u));
  else if constexpr (sizeof(T) == 4) return static_cast<T>(__builtin_bswap32(u));
  else {
    static_assert(sizeof(T) == 8, "1, 2, 4 or 8 bytes");
    return static_cast<T>(__builtin_bswap64(u));
  }
}

// Host order <-> little-endian order (the identity on little-endian hosts).
template <typename T>
constexpr T HostToLe(T v) {
  if constexpr (std::endian::native == std::endian::little) return v;
  else return ByteSwap(v);
}

template <typename T>
inline T LoadLe(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return HostToLe(v);
}

template <typename T>
inline void StoreLe(uint8_t* p, T v) {
  v = HostToLe(v);
  std::memcpy(p, &v, sizeof(T));
}

// Accesses whose width is known only at run time (bus cycles of physical memory or a device:
// 1 to 4 bytes), in the low bits of a uint32_t.
inline uint32_t LoadLeSized(const uint8_t* p, int size) {
  switch (size) {
    case 1: return *p;
    case 2: return LoadLe<uint16_t>(p);
    case 4: return LoadLe<uint32_t>(p);
    default: {
      uint32_t v = 0;
      for (int i = 0; i < size; ++i) v |= uint32_t{p[i]} << (8 * i);
      return v;
    }
  }
}

inline void StoreLeSized(uint8_t* p, int size, uint32_t v) {
  switch (size) {
    case 1: *p = static_cast<uint8_t>(v); break;
    case 2: StoreLe(p, static_cast<uint16_t>(v)); break;
    case 4: StoreLe(p, v); break;
    default:
      for (int i = 0; i < size; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
      break;
  }
}

}  // namespace m86
