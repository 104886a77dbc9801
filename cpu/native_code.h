// What the CPU core knows of the translator (translator/): a block's host code and the
// interface that makes it. The core stays free of any backend; a board attaches a translator
// with Cpu::set_translator, and without one every block runs in the interpreter.
#pragma once
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace m86 {

class Cpu;
struct Block;

// Host code for one block. It runs the block from its first instruction and returns how many
// instructions completed: all of them, or fewer when a handler ended the block early (the
// interpreter stops after such an instruction too). A fault unwinds through it to the
// dispatcher like one raised by an interpreted instruction.
//
// Chaining: an exit to a constant target that cannot change its meaning while the code lives
// (the same linear page as the block's start, or any address while paging is off: neither a
// TLB flush nor a remapping can move it) ends in a jump the dispatcher patches, once the
// target has a translation, into a jump straight into the target's code; until then it
// returns with its exit number. Links are undone when either side is invalidated (Unlink).
struct NativeCode {
  // Returns the instructions completed in its low 32 bits and, in the high 32 bits, 1 + the
  // chainable exit it left through (0: none).
  using Entry = uint64_t (*)(Cpu* cpu);
  virtual ~NativeCode() = default;
  Entry entry = nullptr;
  // What the code was specialized on: the RIP it starts at (a block is keyed by its physical
  // address, so the same bytes can be reached through another CS:IP), CS's base and, outside
  // 64-bit mode, the CS limits its branch targets were checked against; and the mode key.
  uint64_t rip = 0, cs_base = 0;
  uint32_t cs_lo = 0, cs_hi = 0;
  uint32_t mode_key = 0;
  size_t code_bytes = 0;
  const void* chain_entry = nullptr;  // where a chained jump enters

  struct ChainExit {
    uint64_t target_rip;
    NativeCode* linked = nullptr;  // the translation it jumps to, once patched
  };
  std::vector<ChainExit> exits;
  std::vector<std::pair<NativeCode*, uint32_t>> incoming;  // (source, exit) jumping here

  // Whether `to` may be entered straight from exit `exit` (same specialization).
  bool CanChain(uint32_t exit, const NativeCode& to) const {
    return exit < exits.size() && !exits[exit].linked && exits[exit].target_rip == to.rip &&
           to.mode_key == mode_key && to.cs_base == cs_base && to.cs_lo == cs_lo &&
           to.cs_hi == cs_hi;
  }
  void Link(uint32_t exit, NativeCode& to);
  // Undoes every link from and to this code (translated_run.cpp).
  void Unlink();

 protected:
  // Points exit `exit`'s jump at `target`, or back at its return to the dispatcher (nullptr,
  // which always works); false when the jump cannot reach `target`.
  virtual bool PatchExit(uint32_t exit, const void* target) = 0;
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
