#include "translator/jit.h"

#include <cstdio>

#include "cpu/cpu.h"

namespace m86 {

std::unique_ptr<Jit> Jit::Create(const JitOptions& options) {
  std::unique_ptr<Backend> backend = MakeHostBackend();
  if (!backend) return nullptr;
  return std::unique_ptr<Jit>(new Jit(options, std::move(backend)));
}

bool HostHasJitBackend() { return MakeHostBackend() != nullptr; }

std::unique_ptr<NativeCode> Jit::Translate(Cpu& cpu, const Block& b) {
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<NativeCode> code = backend_->Compile(cpu, b, options_.disabled);
  translate_time_ += std::chrono::steady_clock::now() - start;
  if (code)
    ++translations_;
  else
    ++refused_;
  return code;
}

bool Jit::CacheFull() const {
  return backend_->live_code_bytes() >= size_t{options_.cache_mb} << 20;
}

std::string Jit::StatsReport(const Cpu& cpu) const {
  const uint64_t retired = cpu.retired();
  const double share = retired ? 100.0 * static_cast<double>(cpu.translated_retired()) /
                                     static_cast<double>(retired)
                               : 0.0;
  const uint64_t inl = backend_->inline_instructions(), calls = backend_->handler_instructions();
  char buf[768];
  std::snprintf(
      buf, sizeof buf,
      "jit: %llu translations (%llu refused), %llu runs, %llu invalidated, %llu cache flushes\n"
      "jit: %.3f s translating, %zu KiB of host code live\n"
      "jit: %llu of %llu guest instructions ran translated (%.1f%%); %llu runs checked\n"
      "jit: translated instructions %.1f%% inline, %.1f%% through their handler\n",
      static_cast<unsigned long long>(translations_), static_cast<unsigned long long>(refused_),
      static_cast<unsigned long long>(cpu.translated_runs()),
      static_cast<unsigned long long>(cpu.blocks().translations_invalidated()),
      static_cast<unsigned long long>(flushes_),
      std::chrono::duration<double>(translate_time_).count(), backend_->live_code_bytes() >> 10,
      static_cast<unsigned long long>(cpu.translated_retired()),
      static_cast<unsigned long long>(retired), share,
      static_cast<unsigned long long>(cpu.checked_runs()),
      inl + calls ? 100.0 * static_cast<double>(inl) / static_cast<double>(inl + calls) : 0.0,
      inl + calls ? 100.0 * static_cast<double>(calls) / static_cast<double>(inl + calls) : 0.0);
  return buf;
}

}  // namespace m86
