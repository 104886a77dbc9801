// The x86-64 backend: asmjit's assembler and runtime (executable memory) around BlockEmitter.
#include <asmjit/x86.h>

#include <cstdio>
#include <cstring>

#include "translator/backend.h"
#include "translator/x64/block_emitter.h"

namespace m86 {
namespace {

// Collects what the assembler reports instead of emitting wrong code: a block with any
// error is not translated (it stays interpreted).
class ErrorCollector final : public asmjit::ErrorHandler {
 public:
  void handleError(asmjit::Error, const char* message, asmjit::BaseEmitter*) override {
    if (!failed) std::fprintf(stderr, "morph86: jit: assembler error: %s\n", message);
    failed = true;
  }
  bool failed = false;
};

class X64Backend;

class X64Code final : public NativeCode {
 public:
  X64Code(asmjit::JitRuntime& rt, size_t& live) : rt_(rt), live_(live) {}
  ~X64Code() override {
    Unlink();
    rt_.release(reinterpret_cast<void*>(entry));
    live_ -= code_bytes;
  }
  // Where each chainable exit's jmp rel32 sits and where its return to the dispatcher is.
  struct ExitSite {
    uint8_t* jump;
    const uint8_t* stub;
  };
  std::vector<ExitSite> sites;

 protected:
  bool PatchExit(uint32_t exit, const void* target) override {
    const ExitSite& site = sites[exit];
    const auto* to = static_cast<const uint8_t*>(target ? target : site.stub);
    // The code memory of two translations can lie more than 2 GiB apart (the allocator maps
    // new chunks anywhere): such an exit stays a return to the dispatcher.
    const std::ptrdiff_t distance = to - (site.jump + 5);
    if (distance != static_cast<int32_t>(distance)) return false;
    const auto rel = static_cast<int32_t>(distance);
    asmjit::VirtMem::ProtectJitReadWriteScope writable(site.jump, 5);
    std::memcpy(site.jump + 1, &rel, 4);  // E9 rel32
    return true;
  }

 private:
  asmjit::JitRuntime& rt_;
  size_t& live_;
};

class X64Backend final : public Backend {
 public:
  std::unique_ptr<NativeCode> Compile(Cpu& cpu, const Block& b, JitCategorySet disabled) override {
    asmjit::CodeHolder code;
    code.init(rt_.environment());
    ErrorCollector errors;
    code.setErrorHandler(&errors);
    x64::x86::Assembler a(&code);
    x64::BlockEmitter emitter(a, cpu, b, disabled);
    const int inline_count = emitter.EmitBlock();
    if (errors.failed) return nullptr;
    void* fn = nullptr;
    if (rt_.add(&fn, &code) != asmjit::kErrorOk) return nullptr;
    auto native = std::make_unique<X64Code>(rt_, live_);
    native->entry = reinterpret_cast<NativeCode::Entry>(fn);
    native->rip = cpu.s.rip;
    native->cs_base = cpu.InCode64() ? 0 : cpu.s.seg[kCs].base;
    native->cs_lo = cpu.s.seg[kCs].lo;
    native->cs_hi = cpu.s.seg[kCs].hi;
    native->mode_key = b.mode_key;
    auto* base = static_cast<uint8_t*>(fn);
    native->chain_entry = base + code.labelOffset(emitter.chain_entry);
    for (const x64::BlockEmitter::ChainSite& s : emitter.chain_sites()) {
      native->exits.push_back({s.target, nullptr});
      native->sites.push_back({base + code.labelOffset(s.jump), base + code.labelOffset(s.stub)});
    }
    native->code_bytes = code.codeSize();
    live_ += native->code_bytes;
    inline_ += static_cast<uint64_t>(inline_count);
    handler_ += b.insns.size() - static_cast<uint64_t>(inline_count);
    return native;
  }
  size_t live_code_bytes() const override { return live_; }
  uint64_t inline_instructions() const override { return inline_; }
  uint64_t handler_instructions() const override { return handler_; }

 private:
  asmjit::JitRuntime rt_;
  size_t live_ = 0;
  uint64_t inline_ = 0, handler_ = 0;
};

}  // namespace

std::unique_ptr<Backend> MakeHostBackend() { return std::make_unique<X64Backend>(); }

}  // namespace m86
