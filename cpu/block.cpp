#include "cpu/block.h"

#include <algorithm>

#include "cpu/phys_memory.h"

namespace m86 {

void BlockCache::Insert(std::unique_ptr<Block> b) {
  if (Block* old = Find(b->phys, b->mode_key, b->lin)) Remove(old);
  std::unique_ptr<Block>& head = map_[Key(b->phys, b->mode_key)];
  int aliases = 0;
  Block* oldest = nullptr;
  for (Block* a = head.get(); a; a = a->next_alias.get()) {
    ++aliases;
    oldest = a;
  }
  // The oldest of kMaxAliases leaves the others under the key, and references into an
  // unordered_map survive rehashing: `head` stays valid.
  if (aliases >= kMaxAliases) Remove(oldest);
  by_page_[b->phys >> kPageShift].push_back(b.get());
  if (b->phys_second != Block::kNoPage) by_page_[b->phys_second].push_back(b.get());
  b->next_alias = std::move(head);
  head = std::move(b);
}

void BlockCache::Remove(Block* b) {
  if (b->valid && b->native) ++translations_invalidated_;
  if (b->native) b->native->Unlink();
  if (on_remove_) on_remove_(b);
  ++removals_;
  b->valid = false;
  auto it = map_.find(Key(b->phys, b->mode_key));
  if (it != map_.end()) {
    std::unique_ptr<Block>* slot = &it->second;
    while (*slot && slot->get() != b) slot = &(*slot)->next_alias;
    if (*slot) {
      std::unique_ptr<Block> dead = std::move(*slot);
      *slot = std::move(dead->next_alias);
      graveyard_.push_back(std::move(dead));
      if (!it->second) map_.erase(it);
    }
  }
  for (const uint64_t page : {b->phys >> kPageShift, b->phys_second}) {
    auto p = by_page_.find(page);
    if (p == by_page_.end()) continue;
    auto& v = p->second;
    v.erase(std::remove(v.begin(), v.end(), b), v.end());
    if (v.empty()) by_page_.erase(p);
  }
}

static bool Overlaps(const Block* b, PhysAddr addr, uint32_t len) {
  const PhysAddr lo = addr, hi = addr + len;
  const PhysAddr first_end =
      std::min<PhysAddr>(b->phys + b->byte_len, ((b->phys >> kPageShift) + 1) << kPageShift);
  if (lo < first_end && hi > b->phys) return true;
  if (b->phys_second == Block::kNoPage) return false;
  // The straddling instruction's tail: at most 15 bytes at the start of the second page.
  const PhysAddr second = b->phys_second << kPageShift;
  return lo < second + 16 && hi > second;
}

int BlockCache::InvalidateRange(PhysAddr addr, uint32_t len) {
  auto it = by_page_.find(addr >> kPageShift);
  if (it == by_page_.end()) return 0;
  std::vector<Block*> hit;
  for (Block* b : it->second)
    if (Overlaps(b, addr, len)) hit.push_back(b);
  for (Block* b : hit) Remove(b);
  return static_cast<int>(hit.size());
}

void BlockCache::Clear() {
  for (auto& [key, head] : map_) {
    for (Block* b = head.get(); b; b = b->next_alias.get()) {
      if (b->native) {
        ++translations_invalidated_;
        b->native->Unlink();
      }
      b->valid = false;
    }
    graveyard_.push_back(std::move(head));  // its aliases go with it
  }
  map_.clear();
  by_page_.clear();
}

}  // namespace m86
