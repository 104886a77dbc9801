// arith-host-probe: a 32-bit helper that runs one instruction on the host CPU for many random
// register inputs and prints inputs and outputs, the oracle of host_oracle_test.cpp.
//
//   arith-host-probe HEXBYTES COUNT SEED
//
// The instruction (HEXBYTES, 32-bit code) runs inside a small stub with EAX, EDX, ECX and the
// status flags loaded from the inputs; it may use only those registers. Each output line is
//   eax edx ecx flags -> eax' edx' ecx' flags'      (hex; flags masked to the status flags)
// or "... -> DE" when the instruction raised a divide error (SIGFPE).
#include <sys/mman.h>

#include <csetjmp>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

namespace {

struct State {
  uint32_t eax, edx, ecx, eflags;
};

constexpr uint32_t kStatusFlags = 0x8D5;  // OF SF ZF AF PF CF

sigjmp_buf g_fault;

void OnFpe(int) { siglongjmp(g_fault, 1); }

// Runs the stub on `s`; false when the instruction raised a divide error.
bool RunOne(void (*stub)(State*), State* s) {
  if (sigsetjmp(g_fault, 1) != 0) return false;
  stub(s);
  return true;
}

// Operand values biased toward the edges where flag rules differ.
uint32_t PickValue(std::mt19937& rng) {
  const uint32_t r = rng();
  switch (rng() % 8) {
    case 0:
      return r & 0xFF;
    case 1:
      return r & 0xFFFF;
    case 2:
      return 0;
    case 3:
      return 0xFFFFFFFFu - (r & 3);
    case 4:
      return 0x80000000u ^ (r & 0xFF);
    case 5:
      return (r & 0xFF) * 0x01010101u;
    default:
      return r;
  }
}

}  // namespace

int main(int argc, char** argv) {
  static_assert(sizeof(void*) == 4, "build with -m32");
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s HEXBYTES COUNT SEED\n", argv[0]);
    return 2;
  }
  std::vector<uint8_t> insn;
  for (const char* p = argv[1]; p[0] && p[1]; p += 2) {
    char byte[3] = {p[0], p[1], 0};
    insn.push_back(static_cast<uint8_t>(std::strtoul(byte, nullptr, 16)));
  }
  const long count = std::strtol(argv[2], nullptr, 10);
  std::mt19937 rng(static_cast<uint32_t>(std::strtoul(argv[3], nullptr, 10)));

  // cdecl void stub(State*): save EBX ESI EDI EBP; ESI = the State; load flags, EAX EDX ECX;
  // the instruction; store flags and registers back; restore; RET.
  static const uint8_t kHead[] = {0x53, 0x56, 0x57, 0x55, 0x8B, 0x74, 0x24, 0x14, 0xFF, 0x76,
                                  0x0C, 0x9D, 0x8B, 0x06, 0x8B, 0x56, 0x04, 0x8B, 0x4E, 0x08};
  static const uint8_t kTail[] = {0x9C, 0x8F, 0x46, 0x0C, 0x89, 0x06, 0x89, 0x56, 0x04,
                                  0x89, 0x4E, 0x08, 0x5D, 0x5F, 0x5E, 0x5B, 0xC3};
  void* page =
      mmap(nullptr, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED) return 1;
  uint8_t* code = static_cast<uint8_t*>(page);
  size_t len = 0;
  std::memcpy(code + len, kHead, sizeof kHead);
  len += sizeof kHead;
  std::memcpy(code + len, insn.data(), insn.size());
  len += insn.size();
  std::memcpy(code + len, kTail, sizeof kTail);
  auto stub = reinterpret_cast<void (*)(State*)>(page);

  struct sigaction sa {};
  sa.sa_handler = OnFpe;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_NODEFER;
  sigaction(SIGFPE, &sa, nullptr);

  for (long i = 0; i < count; ++i) {
    State in{PickValue(rng), PickValue(rng), PickValue(rng), (rng() & kStatusFlags) | 0x202};
    // Counts in CL: mostly small, sometimes any byte.
    if (rng() % 2) in.ecx = (in.ecx & ~0xFFu) | (rng() % 3 ? rng() % 40 : rng() & 0xFF);
    std::printf("%08x %08x %08x %03x -> ", in.eax, in.edx, in.ecx, in.eflags & kStatusFlags);
    State s = in;
    if (RunOne(stub, &s))
      std::printf("%08x %08x %08x %03x\n", s.eax, s.edx, s.ecx, s.eflags & kStatusFlags);
    else
      std::printf("DE\n");
  }
  return 0;
}
