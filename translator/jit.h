// The translator (DESIGN.md, "The hot path", 5): tiering options, the code-cache bound and the
// statistics around a host backend. A board attaches it to its CPU with Cpu::set_translator.
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "cpu/native_code.h"
#include "translator/backend.h"
#include "translator/categories.h"

namespace m86 {

struct JitOptions {
  JitMode mode = JitMode::kOn;
  uint32_t threshold = 2;           // interpreted runs before a block is translated
  JitCategorySet disabled = 0;      // categories sent back to the interpreter
  uint32_t cache_mb = 64;           // bound of the translated code memory
};

class Jit final : public BlockTranslator {
 public:
  // nullptr when this host has no backend (the CPU then interprets everything).
  static std::unique_ptr<Jit> Create(const JitOptions& options);

  uint32_t threshold() const override { return options_.threshold; }
  JitMode mode() const override { return options_.mode; }
  std::unique_ptr<NativeCode> Translate(Cpu& cpu, const Block& b) override;
  bool CacheFull() const override;
  void OnCacheFlushed() override { ++flushes_; }

  // The --jit-stats report: translations made, run, invalidated, the time spent translating
  // and the share of guest instructions that ran translated.
  std::string StatsReport(const Cpu& cpu) const;

 private:
  Jit(const JitOptions& options, std::unique_ptr<Backend> backend)
      : options_(options), backend_(std::move(backend)) {}
  JitOptions options_;
  std::unique_ptr<Backend> backend_;
  uint64_t translations_ = 0, refused_ = 0, flushes_ = 0;
  std::chrono::nanoseconds translate_time_{0};
};

// Whether this build has a backend for the host it runs on (--jit's default).
bool HostHasJitBackend();

}  // namespace m86
