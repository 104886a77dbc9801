// UD2, RSM, WAIT, the x87 escapes without an x87, BOUND (SDM Vol. 2).
#include <catch2/catch.hpp>

#include "system_machine.h"

using namespace m86;
using m86::test::SystemMachine;
namespace t = m86::test;

namespace {

void RunPm(SystemMachine& m, std::initializer_list<uint8_t> code, uint32_t eax = 0) {
  m.Code(code);
  m.StartProtected();
  m.cpu.s.gpr[kEax] = eax;
  m.RunToHalt();
}

}  // namespace

TEST_CASE("UD2 and RSM are #UD", "[system][misc]") {
  SystemMachine m;
  RunPm(m, {0x0F, 0x0B});
  CHECK(m.HaltedVector() == kVecUd);
  CHECK(m.Stack(0) == t::kCodeBase);
  RunPm(m, {0x0F, 0xAA});
  CHECK(m.HaltedVector() == kVecUd);
}

TEST_CASE("WAIT is #NM only with CR0.MP and CR0.TS", "[system][misc]") {
  SystemMachine m;
  m.cpu.s.cr0 |= cr0::kTs;
  RunPm(m, {0x9B, 0xF4});
  CHECK(m.HaltedVector() == -1);
  m.cpu.s.cr0 |= cr0::kMp;
  RunPm(m, {0x9B, 0xF4});
  CHECK(m.HaltedVector() == kVecNm);
}

TEST_CASE("x87 escapes: #NM with CR0.EM or TS, a no-op without a coprocessor", "[system][misc]") {
  // fld dword [8000h]; mov ebx, 1; hlt
  const std::initializer_list<uint8_t> code = {0xD9, 0x05, 0x00, 0x80, 0x00, 0x00, 0xBB, 0x01,
                                               0x00, 0x00, 0x00, 0xF4};
  SystemMachine i386("80386");
  RunPm(i386, code);
  CHECK(i386.HaltedVector() == -1);
  CHECK(i386.cpu.s.gpr[kEbx] == 1);
  i386.cpu.s.cr0 |= cr0::kEm;
  RunPm(i386, code);
  CHECK(i386.HaltedVector() == kVecNm);
  SystemMachine p6;
  p6.cpu.s.cr0 |= cr0::kTs;
  RunPm(p6, code);
  CHECK(p6.HaltedVector() == kVecNm);
  SystemMachine i8086("8086");
  // fld dword [8000h]; mov bx, 1; hlt
  i8086.Code({0xD9, 0x06, 0x00, 0x80, 0xBB, 0x01, 0x00, 0xF4});
  i8086.StartReal(0, t::kCodeBase);
  i8086.RunToHalt();
  CHECK((i8086.cpu.s.gpr[kEbx] & 0xFFFF) == 1);
}

TEST_CASE("BOUND raises #BR outside the signed bounds", "[system][misc]") {
  SystemMachine m;
  m.Write32(t::kDataBase, static_cast<uint32_t>(-5));
  m.Write32(t::kDataBase + 4, 10);
  // bound eax, [8000h]; mov ebx, 1; hlt
  const std::initializer_list<uint8_t> code = {0x62, 0x05, 0x00, 0x80, 0x00, 0x00, 0xBB, 0x01,
                                               0x00, 0x00, 0x00, 0xF4};
  for (int32_t index : {-5, 0, 10}) {
    INFO(index);
    RunPm(m, code, static_cast<uint32_t>(index));
    CHECK(m.HaltedVector() == -1);
  }
  for (int32_t index : {-6, 11}) {
    INFO(index);
    RunPm(m, code, static_cast<uint32_t>(index));
    CHECK(m.HaltedVector() == kVecBr);
    CHECK(m.Stack(0) == t::kCodeBase);
  }
  // 16-bit form in real mode on the 80286: bound ax, [8000h]; mov bx, 1; hlt
  SystemMachine i286("80286");
  i286.Write32(t::kDataBase, 0x0010FFFE);  // lower -2, upper 16
  i286.Code({0x62, 0x06, 0x00, 0x80, 0xBB, 0x01, 0x00, 0xF4});
  i286.StartRealAt();
  i286.cpu.s.gpr[kEax] = 17;
  i286.RunToHalt();
  CHECK(i286.HaltedVector() == kVecBr);
}
