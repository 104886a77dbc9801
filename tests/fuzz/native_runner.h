// Parent-side driver of the native children: morph86-fuzz-native runs
// FuzzCase records (32-bit code) on the host CPU and returns FuzzResult
// records, morph86-fuzz-native64 does the same with FuzzCase64 / FuzzResult64.
#ifndef M86_TESTS_FUZZ_NATIVE_RUNNER_H_
#define M86_TESTS_FUZZ_NATIVE_RUNNER_H_

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "native_case.h"
#include "native_case64.h"

namespace m86::fuzz {

// Which child, and so which records, a runner speaks.
enum class NativeMode { k32, k64 };

struct NativeRunnerOptions {
  NativeMode mode = NativeMode::k32;
  // User CPU time one sequence may take before the child reports kTimeout.
  uint32_t cpu_timeout_ms = 100;
  // Wall-clock limit for any single exchange with the child (start-up
  // handshake, sending a case, receiving its result). Hitting it means the
  // child is wedged: it is killed and the case reported as kHarnessError.
  uint32_t io_timeout_ms = 10000;
  // Trap system calls made by sequences (see native_child.cpp).
  bool seccomp = true;
};

// Owns one child process, started in the constructor and restarted on
// demand if it dies. Not thread-safe: use one runner per thread.
class NativeRunner {
 public:
  // The child binary: $MORPH86_FUZZ_NATIVE_CHILD if set, else the path CMake
  // baked in (M86_FUZZ_NATIVE_CHILD_PATH), else "morph86-fuzz-native".
  static std::string DefaultChildPath();
  // The 64-bit child: $MORPH86_FUZZ_NATIVE64_CHILD, else the path CMake baked
  // in (M86_FUZZ_NATIVE64_CHILD_PATH), else "morph86-fuzz-native64".
  static std::string DefaultChildPath64();
  // True on an x86 host where child_path starts, handshakes and runs an
  // empty sequence correctly.
  static bool Available(const std::string& child_path);
  static bool Available() { return Available(DefaultChildPath()); }
  // The same for the 64-bit child (x86-64 hosts only).
  static bool Available64(const std::string& child_path);
  static bool Available64() { return Available64(DefaultChildPath64()); }

  explicit NativeRunner(std::string child_path,
                        NativeRunnerOptions options = NativeRunnerOptions());
  ~NativeRunner();
  NativeRunner(const NativeRunner&) = delete;
  NativeRunner& operator=(const NativeRunner&) = delete;

  // Never throws (beyond std::bad_alloc); every wait is bounded by
  // io_timeout_ms, so a call returns within a few multiples of it.
  // Returns outcome kHarnessError (see LastError()) if the case is malformed
  // or the child died / stalled while running it; the next Run starts a new
  // child. A child that died between cases is restarted transparently.
  // Run needs a runner of mode k32, Run64 one of mode k64.
  FuzzResult Run(const FuzzCase& fuzz_case);
  FuzzResult64 Run64(const FuzzCase64& fuzz_case);

  bool IsRunning() const { return pid_ > 0; }
  pid_t ChildPid() const { return pid_; }
  // Number of child processes started so far (1 after a clean start).
  uint32_t StartCount() const { return start_count_; }
  const std::string& LastError() const { return last_error_; }

 private:
  bool Start();
  // Kills (SIGKILL) and reaps the child if there is one; closes the socket.
  void Stop();
  // Reaps the child if it has exited on its own; returns true if it did.
  bool ReapIfExited();
  bool Send(const void* buffer, size_t size);
  bool Receive(void* buffer, size_t size);
  template <typename Result>
  Result Fail(std::string message);
  template <typename Result, typename Case>
  Result Exchange(const Case& fuzz_case, NativeMode mode);

  std::string child_path_;
  NativeRunnerOptions options_;
  pid_t pid_ = -1;
  int socket_ = -1;
  uint32_t start_count_ = 0;
  bool peer_reset_ = false;  // Last Receive saw ECONNRESET before any byte.
  std::string last_error_;
};

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_NATIVE_RUNNER_H_
