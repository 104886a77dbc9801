// The general-register instructions of SSE4.2 and ABM: POPCNT (F3 0F B8) and CRC32 (F2 0F 38
// F0/F1) (SDM Vol. 2B, POPCNT; Vol. 2A, CRC32). Neither touches SSE state, so CR0 and CR4 are
// not checked; the decoder gates them on their CPUID bits.
#include <bit>
#include <cstdint>

#include "cpu/interp/sse.h"

namespace m86::sse {
namespace {

// POPCNT r, r/m: the count of set bits; ZF when the source is zero, CF OF SF AF PF cleared.
template <typename T>
void Popcnt(Cpu& c, const DecodedInsn& d) {
  const T v = ReadRm<T>(c, d);
  SetReg<T>(c, d.reg(), static_cast<T>(std::popcount(v)));
  SetArithFlags(c, v == 0 ? flag::kZf : 0);
}

// CRC32 r32, r/m (r64 with REX.W: the same 32-bit accumulator, zero-extended; 8 source bytes
// with F2 REX.W 0F 38 F1): the accumulator in the destination advanced over the source's bytes, low
// byte first, with the bit-reflected Castagnoli polynomial 11EDC6F41h (82F63B78h reflected)
// and no inversion before or after (SDM Vol. 2A, CRC32: the BIT_REFLECT formulation).
uint32_t Crc32c(uint32_t crc, uint64_t data, int bytes) {
  constexpr uint32_t kReflectedPoly = 0x82F63B78u;
  for (int i = 0; i < bytes; ++i) {
    crc ^= (data >> (8 * i)) & 0xFF;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (kReflectedPoly & (0u - (crc & 1)));
  }
  return crc;
}
template <typename T>
void Crc32(Cpu& c, const DecodedInsn& d) {
  const T v = ReadRm<T>(c, d);
  SetReg<uint32_t>(c, d.reg(), Crc32c(GetReg<uint32_t>(c, d.reg()), v, sizeof(T)));
}

}  // namespace

void RegisterSse42ScalarHandlers(HandlerTable& t) {
  M86_SET_SIZED64(t, POPCNT, Popcnt);
  t.Set(Op::CRC32_Eb, &Crc32<uint8_t>);
  M86_SET_SIZED64(t, CRC32_Ev, Crc32);
}

}  // namespace m86::sse
