// The interpreter's handler table: one handler per operation and operand size (16, 32).
// Each instruction family registers its handlers from its own file.
#pragma once
#include <cstddef>

#include "cpu/block.h"
#include "cpu/decoder.h"

namespace m86 {

struct HandlerTable {
  Handler fn[static_cast<size_t>(Op::kCount)][2];
  void Set(Op op, Handler h16, Handler h32) {
    fn[static_cast<size_t>(op)][0] = h16;
    fn[static_cast<size_t>(op)][1] = h32;
  }
  void Set(Op op, Handler both) { Set(op, both, both); }
};

// Registers a handler template instantiated for 16- and 32-bit operands.
#define M86_SET_SIZED(table, op, fn) (table).Set(Op::op, &fn<uint16_t>, &fn<uint32_t>)

const HandlerTable& GetHandlerTable();

// One registration function per family (interp/<family>.cpp).
void RegisterDataHandlers(HandlerTable& t);
void RegisterAluHandlers(HandlerTable& t);
void RegisterMulDivHandlers(HandlerTable& t);
void RegisterShiftHandlers(HandlerTable& t);
void RegisterBcdHandlers(HandlerTable& t);
void RegisterFlagHandlers(HandlerTable& t);
void RegisterStackHandlers(HandlerTable& t);
void RegisterControlHandlers(HandlerTable& t);
void RegisterFarControlHandlers(HandlerTable& t);
void RegisterStringHandlers(HandlerTable& t);
void RegisterIoHandlers(HandlerTable& t);
void RegisterBitHandlers(HandlerTable& t);
void RegisterSystemHandlers(HandlerTable& t);
void RegisterSegmentHandlers(HandlerTable& t);

}  // namespace m86
