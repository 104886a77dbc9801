// morph86-fuzz-native and morph86-fuzz-native64: the child processes of the
// differential fuzzers, one built with -m32 (32-bit sequences), one for
// x86-64 (64-bit sequences).
//
// Usage: morph86-fuzz-native[64] [--timeout-ms N] [--no-seccomp]
//
// Maps the code and data pages of native_case.h at their fixed addresses,
// writes one FuzzHello to stdout, then reads case records (FuzzCase, or
// FuzzCase64 in the 64-bit child) from stdin and answers each with one result
// record on stdout until EOF. Diagnostics go to stderr. Built (static when
// possible) by tests/fuzz/CMake.
#if !(defined(__i386__) || defined(__x86_64__)) || !defined(__linux__)
#error "native_child.cpp must be compiled for x86 Linux (-m32 or x86-64)"
#endif

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "native_case.h"
#include "native_case64.h"
#include "native_child_common.h"
#include "native_child_exec.h"

namespace m86::fuzz {
namespace {

constexpr uint32_t kDefaultTimeoutMs = 100;

#if defined(__x86_64__)
using ChildCase = FuzzCase64;
using ChildResult = FuzzResult64;
constexpr uint32_t kChildMagic = kFuzzHelloMagic64;
constexpr uint32_t kChildAuditArch = AUDIT_ARCH_X86_64;
#else
using ChildCase = FuzzCase;
using ChildResult = FuzzResult;
constexpr uint32_t kChildMagic = kFuzzHelloMagic;
constexpr uint32_t kChildAuditArch = AUDIT_ARCH_I386;
#endif

struct ChildOptions {
  uint32_t timeout_ms = kDefaultTimeoutMs;
  bool seccomp = true;
};

bool ParseOptions(int argc, char** argv, ChildOptions* options) {
  for (int i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--timeout-ms") == 0 && i + 1 < argc) {
      char* end = nullptr;
      const unsigned long value = strtoul(argv[++i], &end, 10);
      if (*end != '\0' || value == 0 || value > 3600000) return false;
      options->timeout_ms = static_cast<uint32_t>(value);
    } else if (strcmp(argv[i], "--no-seccomp") == 0) {
      options->seccomp = false;
    } else {
      return false;
    }
  }
  return true;
}

// Maps [addr, addr + size) exactly there, refusing to replace an existing
// mapping: silently clobbering part of the child would be far worse.
bool MapFixed(uint32_t addr, uint32_t size, int prot, const char* what) {
  void* want = reinterpret_cast<void*>(static_cast<uintptr_t>(addr));
  void* got = mmap(want, size, prot,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (got == MAP_FAILED) {
    fprintf(stderr,
            "morph86-fuzz-native: cannot map %s at 0x%08x: %s "
            "(address range already in use?)\n",
            what, addr, strerror(errno));
    return false;
  }
  if (got != want) {
    // Kernels before 4.17 treat MAP_FIXED_NOREPLACE as a mere hint.
    munmap(got, size);
    fprintf(stderr,
            "morph86-fuzz-native: kernel placed %s at %p instead of 0x%08x\n",
            what, got, addr);
    return false;
  }
  return true;
}

// Code and data page, each between two PROT_NONE guard pages so that
// accesses just beyond them fault instead of hitting some later mapping.
bool MapRegions() {
  return MapFixed(kFuzzCodeAddr - kFuzzPageSize, kFuzzPageSize, PROT_NONE,
                  "code guard") &&
         MapFixed(kFuzzCodeAddr, kFuzzPageSize, PROT_READ | PROT_EXEC,
                  "code page") &&
         MapFixed(kFuzzCodeAddr + kFuzzPageSize, kFuzzPageSize, PROT_NONE,
                  "code guard") &&
         MapFixed(kFuzzDataAddr - kFuzzPageSize, kFuzzPageSize, PROT_NONE,
                  "data guard") &&
         MapFixed(kFuzzDataAddr, kFuzzDataSize, PROT_READ | PROT_WRITE,
                  "data page") &&
         MapFixed(kFuzzDataAddr + kFuzzDataSize, kFuzzPageSize, PROT_NONE,
                  "data guard");
}

// A sequence containing INT 80h (or SYSCALL, which AMD CPUs honour in
// compatibility mode) would otherwise run an arbitrary system call with
// random registers: write to our protocol socket, unmap the pages, exit...
// This filter turns every system call made from the code page into SIGSYS,
// reported as kOtherSignal. The child's own calls come from elsewhere, with
// the child's own ABI: a call with the other one (INT 80h from 64-bit code)
// is trapped wherever it comes from.
// Not covered: SYSENTER, whose recorded IP is the vDSO's, not the caller's.
bool InstallSeccomp() {
  constexpr uint32_t kIpLow = offsetof(seccomp_data, instruction_pointer);
  sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kChildAuditArch, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
      // High half of the 64-bit instruction_pointer (little-endian): the
      // code page lies below 4 GiB, so a call from above it is the child's.
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, kIpLow + 4),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 4),
      // Low half.
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, kIpLow),
      BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, kFuzzCodeAddr, 0, 2),
      BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, kFuzzCodeAddr + kFuzzPageSize, 1,
               0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  sock_fprog program{};
  program.len = static_cast<unsigned short>(sizeof(filter) / sizeof(filter[0]));
  program.filter = filter;
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
      prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) != 0) {
    fprintf(stderr,
            "morph86-fuzz-native: warning: seccomp unavailable (%s); system "
            "calls made by sequences are not blocked\n",
            strerror(errno));
    return false;
  }
  return true;
}

enum class ReadStatus { kOk, kEof, kError };

ReadStatus ReadAll(int fd, void* buffer, size_t size) {
  auto* bytes = static_cast<uint8_t*>(buffer);
  size_t done = 0;
  while (done < size) {
    const ssize_t n = read(fd, bytes + done, size - done);
    if (n == 0) return done == 0 ? ReadStatus::kEof : ReadStatus::kError;
    if (n < 0) {
      if (errno == EINTR) continue;
      return ReadStatus::kError;
    }
    done += static_cast<size_t>(n);
  }
  return ReadStatus::kOk;
}

bool WriteAll(int fd, const void* buffer, size_t size) {
  const auto* bytes = static_cast<const uint8_t*>(buffer);
  size_t done = 0;
  while (done < size) {
    const ssize_t n = write(fd, bytes + done, size - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

int ChildMain(int argc, char** argv) {
  ChildOptions options;
  if (!ParseOptions(argc, argv, &options)) {
    fprintf(stderr,
            "usage: morph86-fuzz-native [--timeout-ms N] [--no-seccomp]\n");
    return 2;
  }
  if (!MapRegions() || !InitExecutor(options.timeout_ms)) return 1;
  if (options.seccomp) InstallSeccomp();

  const FuzzHello hello{kChildMagic, kFuzzProtocolVersion, sizeof(ChildCase),
                        sizeof(ChildResult)};
  if (!WriteAll(STDOUT_FILENO, &hello, sizeof(hello))) return 1;

  // Static: ~8 KiB each, and the stack is better kept small and simple.
  static ChildCase fuzz_case;
  static ChildResult result;
  for (;;) {
    switch (ReadAll(STDIN_FILENO, &fuzz_case, sizeof(fuzz_case))) {
      case ReadStatus::kEof: return 0;
      case ReadStatus::kError:
        fprintf(stderr, "morph86-fuzz-native: truncated or failed read\n");
        return 1;
      case ReadStatus::kOk: break;
    }
    ExecuteCase(fuzz_case, &result);
    if (!WriteAll(STDOUT_FILENO, &result, sizeof(result))) return 1;
  }
}

}  // namespace
}  // namespace m86::fuzz

int main(int argc, char** argv) { return m86::fuzz::ChildMain(argc, argv); }
