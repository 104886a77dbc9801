#include "translator/helpers.h"

#include "cpu/cpu.h"
#include "cpu/flags.h"

namespace m86::jit_helper {

uint64_t Load8(Cpu* c, uint32_t seg, uint64_t off) { return c->Read<uint8_t>(seg, off); }
uint64_t Load16(Cpu* c, uint32_t seg, uint64_t off) { return c->Read<uint16_t>(seg, off); }
uint64_t Load32(Cpu* c, uint32_t seg, uint64_t off) { return c->Read<uint32_t>(seg, off); }
uint64_t Load64(Cpu* c, uint32_t seg, uint64_t off) { return c->Read<uint64_t>(seg, off); }
uint64_t LoadForWrite8(Cpu* c, uint32_t seg, uint64_t off) {
  return c->ReadForWrite<uint8_t>(seg, off);
}
uint64_t LoadForWrite16(Cpu* c, uint32_t seg, uint64_t off) {
  return c->ReadForWrite<uint16_t>(seg, off);
}
uint64_t LoadForWrite32(Cpu* c, uint32_t seg, uint64_t off) {
  return c->ReadForWrite<uint32_t>(seg, off);
}
uint64_t LoadForWrite64(Cpu* c, uint32_t seg, uint64_t off) {
  return c->ReadForWrite<uint64_t>(seg, off);
}
void Store8(Cpu* c, uint32_t seg, uint64_t off, uint64_t v) {
  c->Write<uint8_t>(seg, off, static_cast<uint8_t>(v));
}
void Store16(Cpu* c, uint32_t seg, uint64_t off, uint64_t v) {
  c->Write<uint16_t>(seg, off, static_cast<uint16_t>(v));
}
void Store32(Cpu* c, uint32_t seg, uint64_t off, uint64_t v) {
  c->Write<uint32_t>(seg, off, static_cast<uint32_t>(v));
}
void Store64(Cpu* c, uint32_t seg, uint64_t off, uint64_t v) { c->Write<uint64_t>(seg, off, v); }

const void* IndirectChainTarget(Cpu* c) { return c->IndirectChainTarget(); }

uint32_t Condition(const CpuState* s, uint32_t cc) {
  return EvaluateCondition(*s, static_cast<uint8_t>(cc)) ? 1 : 0;
}

void MaterializeCarry(CpuState* s) { m86::MaterializeCarry(*s); }

}  // namespace m86::jit_helper
