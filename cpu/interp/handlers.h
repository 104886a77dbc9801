// The interpreter's handler table: one handler per operation and operand size (16, 32, 64).
// Each instruction family registers its handlers from its own file.
#pragma once
#include <cstddef>

#include "cpu/block.h"
#include "cpu/decoder.h"

namespace m86 {

// Picks a faster handler for one decoded form of an operation (a register operand, a known
// ALU operation or condition), or nullptr for the general one.
using Refiner = Handler (*)(const DecodedInsn& d);

// An operation whose 64-bit operand size (64-bit mode) is not implemented: a logged error and
// #UD, like an unregistered operation.
void Unimplemented64(Cpu& cpu, const DecodedInsn& d);

struct HandlerTable {
  Handler fn[static_cast<size_t>(Op::kCount)][3];
  Refiner refine[static_cast<size_t>(Op::kCount)] = {};
  void Set(Op op, Handler h16, Handler h32, Handler h64) {
    fn[static_cast<size_t>(op)][0] = h16;
    fn[static_cast<size_t>(op)][1] = h32;
    fn[static_cast<size_t>(op)][2] = h64;
  }
  void Set(Op op, Handler h16, Handler h32) { Set(op, h16, h32, &Unimplemented64); }
  // One handler for every operand size (it has none, or reads the size from the DecodedInsn).
  void Set(Op op, Handler all) { Set(op, all, all, all); }
  void SetRefiner(Op op, Refiner r) { refine[static_cast<size_t>(op)] = r; }
  // The handler a block uses for `d`.
  Handler Resolve(const DecodedInsn& d) const {
    const size_t i = static_cast<size_t>(d.op);
    // The refiners pick among 16- and 32-bit forms only.
    if (refine[i] && !d.o64())
      if (Handler h = refine[i](d)) return h;
    return fn[i][d.o64() ? 2 : d.o32() ? 1 : 0];
  }
};

// Registers a handler template instantiated for 16- and 32-bit operands; with SIZED64 for
// 64-bit ones too.
#define M86_SET_SIZED(table, op, fn) (table).Set(Op::op, &fn<uint16_t>, &fn<uint32_t>)
#define M86_SET_SIZED64(table, op, fn) \
  (table).Set(Op::op, &fn<uint16_t>, &fn<uint32_t>, &fn<uint64_t>)

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
void RegisterMmxHandlers(HandlerTable& t);
void RegisterSseHandlers(HandlerTable& t);
// The x87 (interp/x87_dispatch.cpp); registered last, it replaces system.cpp's WAIT and FPU_ESC.
void RegisterX87Handlers(HandlerTable& t);

}  // namespace m86
