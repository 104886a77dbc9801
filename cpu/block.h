// Decoded blocks and the cache that holds them (DESIGN.md, "Blocks").
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include "cpu/decoder.h"
#include "cpu/native_code.h"
#include "cpu/phys_addr.h"

namespace m86 {

class Cpu;
using Handler = void (*)(Cpu&, const DecodedInsn&);

struct BlockInsn {
  Handler fn;
  DecodedInsn d;
};

// A straight run of decoded instructions. Keyed by the physical address of its first byte, the
// mode key and the linear address it was built at; it never spans two pages except for one
// instruction that straddles a boundary.
struct Block {
  static constexpr uint64_t kNoPage = ~uint64_t{0};
  PhysAddr phys = 0;         // physical address of the first byte
  uint64_t phys_second = 0;  // physical page of a straddling instruction's tail, or kNoPage
  uint64_t lin = 0;          // linear address it was built at (jump cache slot)
  uint32_t mode_key = 0;
  uint32_t byte_len = 0;     // bytes covered from `phys`
  uint64_t ip_mask = ~0u;    // 16-bit code wraps IP at 64 KiB, 32-bit code at 4 GiB
  bool valid = true;
  bool cacheable = true;     // false for code fetched from MMIO
  bool untranslatable = false;  // the translator declined it: stays interpreted
  uint32_t runs = 0;         // interpreted runs, counted toward the translation threshold
  std::vector<BlockInsn> insns;
  std::unique_ptr<NativeCode> native;  // its translation, once made
  // The same bytes in the same mode built at another linear address: a shared library or the
  // vDSO mapped at a different place in each process. Each alias has its own translation,
  // specialized on its own RIP.
  std::unique_ptr<Block> next_alias;
};

class BlockCache {
 public:
  // A physical address has at most 52 bits (kMaxPhysAddrBits), which leaves 12 for the mode key.
  static constexpr int kModeKeyBits = 64 - kMaxPhysAddrBits;
  // At most this many aliases of one physical address and mode are kept; a new one replaces
  // the oldest.
  static constexpr int kMaxAliases = 8;
  Block* Find(PhysAddr phys, uint32_t mode_key, uint64_t lin) const {
    auto it = map_.find(Key(phys, mode_key));
    if (it == map_.end()) return nullptr;
    for (Block* b = it->second.get(); b; b = b->next_alias.get())
      if (b->lin == lin) return b;
    return nullptr;
  }
  void Insert(std::unique_ptr<Block> b);  // replaces a block with the same key
  // Called for each block dropped by Insert or InvalidateRange (not by Clear), before it goes
  // to the graveyard.
  void set_on_remove(std::function<void(const Block*)> fn) { on_remove_ = std::move(fn); }
  // Marks every block overlapping [addr, addr+len) invalid and removes it from lookup. Returns
  // the number invalidated.
  int InvalidateRange(PhysAddr addr, uint32_t len);
  void Clear();
  // Frees invalidated blocks; only when no pointer to them remains (jump cache flushed).
  void CollectGarbage() { graveyard_.clear(); }
  size_t graveyard_size() const { return graveyard_.size(); }
  size_t size() const { return map_.size(); }
  // Translations dropped because the code under them changed or the cache was cleared.
  uint64_t translations_invalidated() const { return translations_invalidated_; }
  // Blocks dropped so far, translated or not.
  uint64_t removals() const { return removals_; }
  const std::vector<Block*>* BlocksOnPage(uint64_t page) const {
    auto it = by_page_.find(page);
    return it == by_page_.end() ? nullptr : &it->second;
  }

 private:
  static uint64_t Key(PhysAddr phys, uint32_t mode) {
    return (uint64_t{mode} << kMaxPhysAddrBits) | phys;
  }
  void Remove(Block* b);
  // Owns the live blocks: each entry heads its chain of aliases, newest first.
  std::unordered_map<uint64_t, std::unique_ptr<Block>> map_;
  std::unordered_map<uint64_t, std::vector<Block*>> by_page_;  // physical page -> blocks
  std::vector<std::unique_ptr<Block>> graveyard_;
  std::function<void(const Block*)> on_remove_;
  uint64_t translations_invalidated_ = 0;
  uint64_t removals_ = 0;
};

}  // namespace m86
