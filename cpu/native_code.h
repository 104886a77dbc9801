// What the CPU core knows of the translator (translator/): a block's host code and the
// interface that makes it. The core stays free of any backend; a board attaches a translator
// with Cpu::set_translator, and without one every block runs in the interpreter.
#pragma once
#include <cstdint>
#include <memory>

namespace m86 {

class Cpu;
struct Block;

// Host code for one block. It runs the block from its first instruction and returns how many
// instructions completed: all of them, or fewer when a handler ended the block early (the
// interpreter stops after such an instruction too). A fault unwinds through it to the
// dispatcher like one raised by an interpreted instruction.
struct NativeCode {
  using Entry = uint32_t (*)(Cpu* cpu);
  virtual ~NativeCode() = default;
  Entry entry = nullptr;
  // What the code was specialized on: the RIP it starts at (a block is keyed by its physical
  // address, so the same bytes can be reached through another CS:IP) and, outside 64-bit mode,
  // the CS limits its branch targets were checked against.
  uint64_t rip = 0;
  uint32_t cs_lo = 0, cs_hi = 0;
  size_t code_bytes = 0;
};

// How blocks run: interpreted only, translated past the threshold, or translated and checked
// against the interpreter block by block (--jit off|on|check).
enum class JitMode : uint8_t { kOff, kOn, kCheck };

class BlockTranslator {
 public:
  virtual ~BlockTranslator() = default;
  // Interpreted runs of a block before it is translated; 0 translates a block before it first
  // runs (single steps included), which conformance runs use to send everything translated.
  virtual uint32_t threshold() const = 0;
  virtual JitMode mode() const = 0;
  // Host code for `b`, specialized on the CPU's current RIP and CS, or nullptr when the block
  // stays interpreted (every instruction disabled, code memory exhausted).
  virtual std::unique_ptr<NativeCode> Translate(Cpu& cpu, const Block& b) = 0;
  // The translations' code memory reached its bound: the CPU drops every translation and calls
  // OnCacheFlushed once none of them can run any more.
  virtual bool CacheFull() const = 0;
  virtual void OnCacheFlushed() = 0;
};

}  // namespace m86
