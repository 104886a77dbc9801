#include "bios/bda.h"
#include "bios/keyboard_common.h"

namespace m86::kbd {
namespace {

constexpr uint16_t kDefaultStart = 0x1E, kDefaultEnd = 0x3E;

}  // namespace

KeyBuffer::KeyBuffer(Bios& bios) : bios_(bios) {
  start_ = bios.Peek16(bda::kKbdBufStart);
  end_ = bios.Peek16(bda::kKbdBufEnd);
  // A program may move the buffer within segment 0040h; bounds that cannot describe a buffer
  // of at least two words (never set, or overwritten) fall back to the AT default.
  if (start_ >= end_ || end_ - start_ < 6 || ((end_ - start_) & 1) || end_ > 0xFFFE) {
    start_ = kDefaultStart;
    end_ = kDefaultEnd;
  }
}

uint16_t KeyBuffer::Next(uint16_t offset) const {
  const uint16_t next = static_cast<uint16_t>(offset + 2);
  return next >= end_ ? start_ : next;
}

bool KeyBuffer::Empty() { return bios_.Peek16(bda::kKbdHead) == bios_.Peek16(bda::kKbdTail); }

uint16_t KeyBuffer::Peek() { return bios_.Peek16(bda::kBase + bios_.Peek16(bda::kKbdHead)); }

uint16_t KeyBuffer::Pop() {
  const uint16_t head = bios_.Peek16(bda::kKbdHead);
  const uint16_t key = bios_.Peek16(bda::kBase + head);
  bios_.Poke16(bda::kKbdHead, Next(head));
  return key;
}

bool KeyBuffer::Push(uint16_t key) {
  const uint16_t tail = bios_.Peek16(bda::kKbdTail);
  const uint16_t next = Next(tail);
  if (next == bios_.Peek16(bda::kKbdHead)) return false;
  bios_.Poke16(bda::kBase + tail, key);
  bios_.Poke16(bda::kKbdTail, next);
  return true;
}

void KeyBuffer::Flush() { bios_.Poke16(bda::kKbdHead, bios_.Peek16(bda::kKbdTail)); }

}  // namespace m86::kbd
