// The host-code generator behind the translator: one per host architecture (x64/ today; an
// AArch64 one can follow through the same interface). Everything above it (tiering, the
// cache bound, statistics, check mode) is shared.
#pragma once
#include <cstddef>
#include <memory>

#include "cpu/native_code.h"
#include "translator/categories.h"

namespace m86 {

class Cpu;
struct Block;

class Backend {
 public:
  virtual ~Backend() = default;
  // Host code for `b`, specialized on the CPU's current RIP, CS limits, CPL and code size;
  // categories in `disabled` call the interpreter's handlers. nullptr when the code memory
  // cannot be had.
  virtual std::unique_ptr<NativeCode> Compile(Cpu& cpu, const Block& b,
                                              JitCategorySet disabled) = 0;
  // Bytes of host code currently live (freed with their NativeCode).
  virtual size_t live_code_bytes() const = 0;
  // Guest instructions of the translations made so far that were emitted inline, and those
  // that call their handler.
  virtual uint64_t inline_instructions() const = 0;
  virtual uint64_t handler_instructions() const = 0;
};

// The backend for the host this binary runs on, or nullptr where there is none.
std::unique_ptr<Backend> MakeHostBackend();

}  // namespace m86
