// The few x86 instructions the hostile guests are made of, encoded by hand: real-mode set-up
// code that loads tables and enters protected mode, port I/O and BIOS calls with chosen
// registers. Addresses are those the code will run at (`origin` is the first byte's).
#ifndef M86_TESTS_HOSTILE_X86_EMITTER_H_
#define M86_TESTS_HOSTILE_X86_EMITTER_H_

#include <cstdint>
#include <vector>

namespace m86::hostile {

// Register numbers as ModRM and the B8+r forms encode them.
enum Reg : uint8_t { kAx = 0, kCx = 1, kDx = 2, kBx = 3, kSp = 4, kBp = 5, kSi = 6, kDi = 7 };
enum Sreg : uint8_t { kEs = 0, kCs = 1, kSs = 2, kDs = 3, kFs = 4, kGs = 5 };

class Emitter {
 public:
  // `code32`: the default operand and address size of the code being written.
  Emitter(uint32_t origin, bool code32) : origin_(origin), code32_(code32) {}

  uint32_t here() const { return origin_ + static_cast<uint32_t>(bytes_.size()); }
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  void set_code32(bool code32) { code32_ = code32; }

  void Byte(uint8_t b) { bytes_.push_back(b); }
  void Word(uint16_t w);
  void Dword(uint32_t d);
  void Raw(const std::vector<uint8_t>& bytes);

  void MovImm16(Reg r, uint16_t v);  // 16-bit register
  void MovImm32(Reg r, uint32_t v);  // 32-bit register
  void MovImm8(Reg r, uint8_t v);    // AL, CL, DL, BL (r < 4)
  void MovSregFromAx(Sreg s);
  void PushImm32PopFlags(uint32_t eflags);  // EFLAGS from an immediate
  void OutDx(int size);                     // OUT DX, AL/AX/EAX
  void InDx(int size);                      // IN AL/AX/EAX, DX
  void RepOutsInsDx(bool out, int size);    // REP OUTS/INS with DX
  void Int(uint8_t vector);
  void RepMovsw();
  // LGDT/LIDT [CS:disp16] with a 32-bit base (real-mode code).
  void LoadTableRegister(bool idt, uint16_t disp);
  void MovCrFromEax(int cr);
  void MovEaxFromCr(int cr);
  void OrEaxImm32(uint32_t v);
  void Ltr(Reg selector_in);  // LTR r16
  void FarJump(uint16_t selector, uint32_t offset, bool offset32);
  void JumpTo(uint32_t target);  // a near relative jump (rel8 when it fits)

 private:
  void OperandSize32();  // the 66h prefix when the code's default is 16-bit
  void OperandSize16();  // the 66h prefix when the code's default is 32-bit

  uint32_t origin_;
  bool code32_;
  std::vector<uint8_t> bytes_;
};

}  // namespace m86::hostile

#endif  // M86_TESTS_HOSTILE_X86_EMITTER_H_
