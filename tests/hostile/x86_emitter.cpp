#include "x86_emitter.h"

namespace m86::hostile {

void Emitter::Word(uint16_t w) {
  Byte(static_cast<uint8_t>(w));
  Byte(static_cast<uint8_t>(w >> 8));
}

void Emitter::Dword(uint32_t d) {
  Word(static_cast<uint16_t>(d));
  Word(static_cast<uint16_t>(d >> 16));
}

void Emitter::Raw(const std::vector<uint8_t>& bytes) {
  bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
}

void Emitter::OperandSize32() {
  if (!code32_) Byte(0x66);
}

void Emitter::OperandSize16() {
  if (code32_) Byte(0x66);
}

void Emitter::MovImm16(Reg r, uint16_t v) {
  OperandSize16();
  Byte(0xB8 + r);
  Word(v);
}

void Emitter::MovImm32(Reg r, uint32_t v) {
  OperandSize32();
  Byte(0xB8 + r);
  Dword(v);
}

void Emitter::MovImm8(Reg r, uint8_t v) {
  Byte(0xB0 + (r & 3));
  Byte(v);
}

void Emitter::MovSregFromAx(Sreg s) {
  Byte(0x8E);
  Byte(static_cast<uint8_t>(0xC0 | (s << 3)));
}

void Emitter::PushImm32PopFlags(uint32_t eflags) {
  OperandSize32();
  Byte(0x68);
  Dword(eflags);
  OperandSize32();
  Byte(0x9D);
}

void Emitter::OutDx(int size) {
  if (size == 1) return Byte(0xEE);
  size == 4 ? OperandSize32() : OperandSize16();
  Byte(0xEF);
}

void Emitter::InDx(int size) {
  if (size == 1) return Byte(0xEC);
  size == 4 ? OperandSize32() : OperandSize16();
  Byte(0xED);
}

void Emitter::RepOutsInsDx(bool out, int size) {
  if (size != 1) size == 4 ? OperandSize32() : OperandSize16();
  Byte(0xF3);
  Byte(static_cast<uint8_t>((out ? 0x6E : 0x6C) + (size == 1 ? 0 : 1)));
}

void Emitter::Int(uint8_t vector) {
  Byte(0xCD);
  Byte(vector);
}

void Emitter::RepMovsw() {
  OperandSize16();
  Byte(0xF3);
  Byte(0xA5);
}

void Emitter::LoadTableRegister(bool idt, uint16_t disp) {
  Byte(0x66);  // a 32-bit base in 16-bit code
  Byte(0x2E);  // CS:
  Byte(0x0F);
  Byte(0x01);
  Byte(idt ? 0x1E : 0x16);  // /3 or /2 with [disp16]
  Word(disp);
}

void Emitter::MovCrFromEax(int cr) {
  Byte(0x0F);
  Byte(0x22);
  Byte(static_cast<uint8_t>(0xC0 | (cr << 3)));
}

void Emitter::MovEaxFromCr(int cr) {
  Byte(0x0F);
  Byte(0x20);
  Byte(static_cast<uint8_t>(0xC0 | (cr << 3)));
}

void Emitter::OrEaxImm32(uint32_t v) {
  OperandSize32();
  Byte(0x0D);
  Dword(v);
}

void Emitter::Ltr(Reg selector_in) {
  Byte(0x0F);
  Byte(0x00);
  Byte(static_cast<uint8_t>(0xD8 | selector_in));  // /3
}

void Emitter::FarJump(uint16_t selector, uint32_t offset, bool offset32) {
  if (offset32 != code32_) Byte(0x66);
  Byte(0xEA);
  if (offset32)
    Dword(offset);
  else
    Word(static_cast<uint16_t>(offset));
  Word(selector);
}

void Emitter::JumpTo(uint32_t target) {
  const int64_t rel8 = int64_t{target} - (int64_t{here()} + 2);
  if (rel8 >= -128 && rel8 <= 127) {
    Byte(0xEB);
    Byte(static_cast<uint8_t>(rel8));
    return;
  }
  const int length = code32_ ? 5 : 3;
  Byte(0xE9);
  const uint32_t rel = target - (here() + length - 1);
  if (code32_)
    Dword(rel);
  else
    Word(static_cast<uint16_t>(rel));
}

}  // namespace m86::hostile
