// Parent side of the native execution protocol; see native_runner.h.
#include "native_runner.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

extern char** environ;

namespace m86::fuzz {
namespace {

using Clock = std::chrono::steady_clock;

// Milliseconds left until deadline, clamped to [0, INT_MAX-ish] for poll().
int RemainingMs(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - Clock::now());
  if (left.count() <= 0) return 0;
  return left.count() > 1000000000 ? 1000000000 : static_cast<int>(left.count());
}

// Waits until fd is ready for `events`; false on timeout, error or hang-up
// without readable data.
bool WaitFor(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    pollfd entry{fd, events, 0};
    const int n = poll(&entry, 1, RemainingMs(deadline));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    // POLLHUP with pending data still lets recv() drain it; recv() then
    // reports EOF, which the callers treat as failure.
    return (entry.revents & (events | POLLHUP)) != 0;
  }
}

std::string DescribeStatus(int status) {
  if (WIFEXITED(status)) {
    return "child exited with status " + std::to_string(WEXITSTATUS(status));
  }
  if (WIFSIGNALED(status)) {
    return "child killed by signal " + std::to_string(WTERMSIG(status));
  }
  return "child stopped";
}

}  // namespace

std::string NativeRunner::DefaultChildPath() {
  if (const char* env = std::getenv("MORPH86_FUZZ_NATIVE_CHILD");
      env != nullptr && *env != '\0') {
    return env;
  }
#ifdef M86_FUZZ_NATIVE_CHILD_PATH
  return M86_FUZZ_NATIVE_CHILD_PATH;
#else
  return "morph86-fuzz-native";
#endif
}

std::string NativeRunner::DefaultChildPath64() {
  if (const char* env = std::getenv("MORPH86_FUZZ_NATIVE64_CHILD");
      env != nullptr && *env != '\0') {
    return env;
  }
#ifdef M86_FUZZ_NATIVE64_CHILD_PATH
  return M86_FUZZ_NATIVE64_CHILD_PATH;
#else
  return "morph86-fuzz-native64";
#endif
}

bool NativeRunner::Available64(const std::string& child_path) {
#if defined(__x86_64__)
  if (access(child_path.c_str(), X_OK) != 0) return false;
  NativeRunnerOptions options;
  options.mode = NativeMode::k64;
  NativeRunner runner(child_path, options);
  if (!runner.IsRunning()) return false;
  // An empty sequence must come back unchanged, upper halves included.
  auto probe = std::make_unique<FuzzCase64>();
  for (int r = 0; r < 16; ++r) probe->init.gpr[r] = 0x0123456789ABCDEFull * (r + 1);
  probe->init.gpr[4] = kFuzzDataAddr + 2048;  // RSP
  probe->init.rflags = kFlagCf | kFlagZf;
  probe->sse.xmm[15][1] = 0xFEDCBA9876543210ull;
  probe->sse.mxcsr = kFuzzMxcsrDefault;
  const FuzzResult64 result = runner.Run64(*probe);
  return result.outcome == FuzzOutcome::kCompleted &&
         std::memcmp(result.regs.gpr, probe->init.gpr, sizeof(probe->init.gpr)) == 0 &&
         (result.regs.rflags & kFuzzInputFlags) == (kFlagCf | kFlagZf) &&
         result.sse.xmm[15][1] == probe->sse.xmm[15][1] && result.rip == kFuzzCodeAddr;
#else
  (void)child_path;
  return false;
#endif
}

bool NativeRunner::Available(const std::string& child_path) {
#if defined(__x86_64__) || defined(__i386__)
  if (access(child_path.c_str(), X_OK) != 0) return false;
  NativeRunner runner(child_path);
  if (!runner.IsRunning()) return false;
  // An empty sequence must come back unchanged: proves the trampoline works
  // on this host (e.g. the kernel really runs 32-bit code).
  FuzzCase probe{};
  probe.init = {1, 2, 3, 4, kFuzzDataAddr + 2048, 6, 7, 8, kFlagCf | kFlagZf};
  const FuzzResult result = runner.Run(probe);
  return result.outcome == FuzzOutcome::kCompleted &&
         result.regs.eax == 1 && result.regs.edi == 8 &&
         result.regs.esp == probe.init.esp &&
         (result.regs.eflags & kFuzzInputFlags) == (kFlagCf | kFlagZf) &&
         result.eip == kFuzzCodeAddr;
#else
  (void)child_path;
  return false;
#endif
}

NativeRunner::NativeRunner(std::string child_path, NativeRunnerOptions options)
    : child_path_(std::move(child_path)), options_(options) {
  Start();
}

NativeRunner::~NativeRunner() { Stop(); }

bool NativeRunner::Start() {
  Stop();
  // A socket rather than pipes: send(MSG_NOSIGNAL) cannot raise SIGPIPE in
  // the host process if the child has died.
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    last_error_ = std::string("socketpair: ") + std::strerror(errno);
    return false;
  }
  // dup2(fd, fd) would keep FD_CLOEXEC, so never hand the child fd 0..2.
  if (fds[1] <= STDERR_FILENO) {
    const int moved = fcntl(fds[1], F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
    close(fds[1]);
    fds[1] = moved;
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  // The child relies on its fault signals being deliverable and handled:
  // start it with an empty mask and default dispositions whatever ours are.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t signals;
  sigemptyset(&signals);
  posix_spawnattr_setsigmask(&attr, &signals);
  sigfillset(&signals);
  posix_spawnattr_setsigdefault(&attr, &signals);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  const std::string timeout = std::to_string(options_.cpu_timeout_ms);
  std::vector<char*> argv{const_cast<char*>(child_path_.c_str()),
                          const_cast<char*>("--timeout-ms"),
                          const_cast<char*>(timeout.c_str())};
  if (!options_.seccomp) argv.push_back(const_cast<char*>("--no-seccomp"));
  argv.push_back(nullptr);

  pid_t pid = -1;
  const int spawn_error = fds[1] < 0 ? EBADF
                                     : posix_spawn(&pid, child_path_.c_str(),
                                                   &actions, &attr, argv.data(),
                                                   environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  if (fds[1] >= 0) close(fds[1]);
  if (spawn_error != 0) {
    close(fds[0]);
    last_error_ = "cannot start " + child_path_ + ": " + std::strerror(spawn_error);
    return false;
  }
  pid_ = pid;
  socket_ = fds[0];
  ++start_count_;

  FuzzHello hello{};
  if (!Receive(&hello, sizeof(hello))) {
    const std::string why = last_error_;
    Stop();
    last_error_ = "no handshake from " + child_path_ + " (" + why + ")";
    return false;
  }
  const bool wide = options_.mode == NativeMode::k64;
  if (hello.magic != (wide ? kFuzzHelloMagic64 : kFuzzHelloMagic) ||
      hello.version != kFuzzProtocolVersion ||
      hello.case_size != (wide ? sizeof(FuzzCase64) : sizeof(FuzzCase)) ||
      hello.result_size != (wide ? sizeof(FuzzResult64) : sizeof(FuzzResult))) {
    Stop();
    last_error_ = "protocol mismatch with " + child_path_ + " (stale binary?)";
    return false;
  }
  return true;
}

void NativeRunner::Stop() {
  if (socket_ >= 0) {
    close(socket_);
    socket_ = -1;
  }
  if (pid_ > 0) {
    // Only ever our own child, addressed by pid.
    kill(pid_, SIGKILL);
    while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }
}

bool NativeRunner::ReapIfExited() {
  if (pid_ <= 0) return false;
  int status = 0;
  const pid_t reaped = waitpid(pid_, &status, WNOHANG);
  if (reaped != pid_) return false;
  last_error_ = DescribeStatus(status);
  pid_ = -1;
  Stop();  // Closes the socket.
  return true;
}

bool NativeRunner::Send(const void* buffer, size_t size) {
  const auto deadline =
      Clock::now() + std::chrono::milliseconds(options_.io_timeout_ms);
  const auto* bytes = static_cast<const uint8_t*>(buffer);
  size_t done = 0;
  while (done < size) {
    if (!WaitFor(socket_, POLLOUT, deadline)) {
      last_error_ = "timed out or hung up sending to child";
      return false;
    }
    const ssize_t n =
        send(socket_, bytes + done, size - done, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      last_error_ = std::string("send to child: ") + std::strerror(errno);
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

bool NativeRunner::Receive(void* buffer, size_t size) {
  const auto deadline =
      Clock::now() + std::chrono::milliseconds(options_.io_timeout_ms);
  auto* bytes = static_cast<uint8_t*>(buffer);
  size_t done = 0;
  while (done < size) {
    if (!WaitFor(socket_, POLLIN, deadline)) {
      last_error_ = "timed out waiting for child";
      return false;
    }
    const ssize_t n = recv(socket_, bytes + done, size - done, MSG_DONTWAIT);
    if (n < 0 && errno == ECONNRESET && done == 0) peer_reset_ = true;
    if (n == 0) {
      last_error_ = "child closed the connection";
      return false;
    }
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      last_error_ = std::string("recv from child: ") + std::strerror(errno);
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

template <typename Result>
Result NativeRunner::Fail(std::string message) {
  last_error_ = std::move(message);
  Result result{};
  result.outcome = FuzzOutcome::kHarnessError;
  return result;
}

FuzzResult NativeRunner::Run(const FuzzCase& fuzz_case) {
  return Exchange<FuzzResult>(fuzz_case, NativeMode::k32);
}

FuzzResult64 NativeRunner::Run64(const FuzzCase64& fuzz_case) {
  return Exchange<FuzzResult64>(fuzz_case, NativeMode::k64);
}

template <typename Result, typename Case>
Result NativeRunner::Exchange(const Case& fuzz_case, NativeMode mode) {
  if (mode != options_.mode) return Fail<Result>("case of the other width for this child");
  if (fuzz_case.code_len > kFuzzMaxCode) {
    return Fail<Result>("code_len " + std::to_string(fuzz_case.code_len) +
                        " exceeds kFuzzMaxCode");
  }
  ReapIfExited();
  // Results are ~4.5 KiB: on the heap while they are received.
  auto result = std::make_unique<Result>();
  // A retry is safe only when the case provably never ran: it could not be
  // sent, or the child died with it still unread in its socket (Linux then
  // resets the connection instead of signalling a clean EOF).
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!IsRunning() && !Start()) return Fail<Result>("cannot start child: " + last_error_);
    peer_reset_ = false;
    if (!Send(&fuzz_case, sizeof(fuzz_case))) {
      Stop();
      continue;
    }
    if (Receive(result.get(), sizeof(Result))) {
      if (static_cast<uint32_t>(result->outcome) >
          static_cast<uint32_t>(FuzzOutcome::kHarnessError)) {
        Stop();
        return Fail<Result>("child sent an invalid outcome");
      }
      return *result;
    }
    std::string why = last_error_;
    if (ReapIfExited()) why += "; " + last_error_;
    Stop();  // Wedged or dead: start afresh.
    if (!peer_reset_) return Fail<Result>("no result for case: " + why);
  }
  return Fail<Result>("child died twice before reading the case: " + last_error_);
}

}  // namespace m86::fuzz
