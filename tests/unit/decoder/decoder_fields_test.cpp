// DecodedInsn fields: ModRM/SIB resolution, default segments, immediates, prefixes and the
// 15-byte limit (SDM Vol. 2A, chapter 2).
#include <catch2/catch.hpp>
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "cpu/decoder.h"
#include "cpu/model.h"
#include "cpu/state.h"

namespace m86 {
namespace {

DecodedInsn DecodeBytes(std::initializer_list<uint8_t> bytes, bool code32,
                        const char* model = "pentiumpro") {
  const std::vector<uint8_t> v(bytes);
  DecodedInsn d;
  REQUIRE(Decode(**ModelByName(model), code32 ? CodeMode::k32 : CodeMode::k16, v.data(), v.size(), &d) == DecodeStatus::kOk);
  return d;
}

TEST_CASE("16-bit ModRM addressing", "[decoder]") {
  SECTION("[bp+si+disp8] defaults to SS") {
    const DecodedInsn d = DecodeBytes({0x8B, 0x42, 0x10}, false);  // mov ax, [bp+si+0x10]
    CHECK(d.op == Op::MOV_GvEv);
    CHECK(d.len == 3);
    CHECK(d.mem());
    CHECK(d.base == kEbp);
    CHECK(d.index == kEsi);
    CHECK(d.scale == 0);
    CHECK(d.disp == 0x10);
    CHECK(d.seg == kSs);
    CHECK(d.reg() == kEax);
    CHECK_FALSE(d.o32());
    CHECK_FALSE(d.a32());
  }
  SECTION("[bp+disp8] sign-extends the displacement") {
    const DecodedInsn d = DecodeBytes({0x8B, 0x46, 0xFE}, false);  // mov ax, [bp-2]
    CHECK(d.base == kEbp);
    CHECK(d.index == kNoReg);
    CHECK(d.disp == 0xFFFFFFFEu);
    CHECK(d.seg == kSs);
  }
  SECTION("mod 00 rm 110 is a 16-bit absolute offset in DS") {
    const DecodedInsn d = DecodeBytes({0x8B, 0x1E, 0x34, 0x12}, false);  // mov bx, [0x1234]
    CHECK(d.len == 4);
    CHECK(d.base == kNoReg);
    CHECK(d.index == kNoReg);
    CHECK(d.disp == 0x1234);
    CHECK(d.seg == kDs);
    CHECK(d.reg() == kEbx);
  }
  SECTION("[bx+di+disp16]") {
    const DecodedInsn d = DecodeBytes({0x8B, 0x81, 0x00, 0x80}, false);  // mov ax, [bx+di+0x8000]
    CHECK(d.len == 4);
    CHECK(d.base == kEbx);
    CHECK(d.index == kEdi);
    CHECK((d.disp & 0xFFFF) == 0x8000);
    CHECK(d.seg == kDs);
  }
  SECTION("[bp+di] with a segment override") {
    const DecodedInsn d = DecodeBytes({0x26, 0x8B, 0x03}, false);  // mov ax, es:[bp+di]
    CHECK(d.len == 3);
    CHECK(d.base == kEbp);
    CHECK(d.index == kEdi);
    CHECK(d.seg == kEs);
    CHECK((d.flags & insn_flag::kSegOverride) != 0);
  }
  SECTION("register operand") {
    const DecodedInsn d = DecodeBytes({0x8B, 0xC3}, false);  // mov ax, bx
    CHECK(d.len == 2);
    CHECK_FALSE(d.mem());
    CHECK(d.rm() == kEbx);
  }
}

TEST_CASE("32-bit ModRM and SIB addressing", "[decoder]") {
  SECTION("[esp+disp8] defaults to SS") {
    const DecodedInsn d = DecodeBytes({0x8B, 0x44, 0x24, 0x08}, true);  // mov eax, [esp+8]
    CHECK(d.len == 4);
    CHECK(d.base == kEsp);
    CHECK(d.index == kNoReg);
    CHECK(d.disp == 8);
    CHECK(d.seg == kSs);
    CHECK(d.o32());
    CHECK(d.a32());
  }
  SECTION("[ebp+disp8] defaults to SS") {
    const DecodedInsn d = DecodeBytes({0x8B, 0x45, 0x00}, true);  // mov eax, [ebp+0]
    CHECK(d.base == kEbp);
    CHECK(d.seg == kSs);
  }
  SECTION("SIB without base: index*scale+disp32 in DS") {
    // mov eax, [ecx*4+0x1000]
    const DecodedInsn d = DecodeBytes({0x8B, 0x04, 0x8D, 0x00, 0x10, 0x00, 0x00}, true);
    CHECK(d.len == 7);
    CHECK(d.base == kNoReg);
    CHECK(d.index == kEcx);
    CHECK(d.scale == 2);
    CHECK(d.disp == 0x1000);
    CHECK(d.seg == kDs);
  }
  SECTION("SIB with EBP base and disp8") {
    const DecodedInsn d = DecodeBytes({0x8B, 0x44, 0xCD, 0xF0}, true);  // [ebp+ecx*8-16]
    CHECK(d.base == kEbp);
    CHECK(d.index == kEcx);
    CHECK(d.scale == 3);
    CHECK(d.disp == 0xFFFFFFF0u);
    CHECK(d.seg == kSs);
  }
  SECTION("SIB index 100 means no index") {
    const DecodedInsn d = DecodeBytes({0x8B, 0x04, 0x63}, true);  // mov eax, [ebx] (scale ignored)
    CHECK(d.len == 3);
    CHECK(d.base == kEbx);
    CHECK(d.index == kNoReg);
    CHECK(d.seg == kDs);
  }
  SECTION("mod 00 rm 101 is disp32 without base") {
    const DecodedInsn d = DecodeBytes({0x89, 0x05, 0x78, 0x56, 0x34, 0x12}, true);
    CHECK(d.len == 6);
    CHECK(d.base == kNoReg);
    CHECK(d.index == kNoReg);
    CHECK(d.disp == 0x12345678u);
    CHECK(d.seg == kDs);
  }
  SECTION("a segment override beats the SS default") {
    const DecodedInsn d = DecodeBytes({0x64, 0x8B, 0x04, 0x24}, true);  // mov eax, fs:[esp]
    CHECK(d.base == kEsp);
    CHECK(d.seg == kFs);
  }
  SECTION("67 selects 32-bit addressing in 16-bit code") {
    const DecodedInsn d = DecodeBytes({0x67, 0x8B, 0x44, 0x24, 0x08}, false);
    CHECK(d.len == 5);
    CHECK(d.a32());
    CHECK_FALSE(d.o32());
    CHECK(d.base == kEsp);
    CHECK(d.seg == kSs);
  }
  SECTION("67 selects 16-bit addressing in 32-bit code") {
    const DecodedInsn d = DecodeBytes({0x67, 0x8B, 0x46, 0x02}, true);  // mov eax, [bp+2]
    CHECK(d.len == 4);
    CHECK_FALSE(d.a32());
    CHECK(d.base == kEbp);
    CHECK(d.seg == kSs);
  }
}

TEST_CASE("Immediates", "[decoder]") {
  SECTION("operand-size immediates follow 66") {
    CHECK(DecodeBytes({0xB8, 0x34, 0x12}, false).imm == 0x1234);
    const DecodedInsn d = DecodeBytes({0x66, 0xB8, 0x78, 0x56, 0x34, 0x12}, false);
    CHECK(d.len == 6);
    CHECK(d.o32());
    CHECK(d.imm == 0x12345678u);
    CHECK(DecodeBytes({0x66, 0xB8, 0x34, 0x12}, true).len == 4);
  }
  SECTION("ModRM displacement then immediate") {
    // mov dword [ebx+0x10], 0xAABBCCDD
    const DecodedInsn d = DecodeBytes({0xC7, 0x43, 0x10, 0xDD, 0xCC, 0xBB, 0xAA}, true);
    CHECK(d.len == 7);
    CHECK(d.disp == 0x10);
    CHECK(d.imm == 0xAABBCCDDu);
  }
  SECTION("sign-extended imm8 forms keep the byte") {
    const DecodedInsn d = DecodeBytes({0x83, 0xC0, 0xFF}, true);  // add eax, -1
    CHECK(d.len == 3);
    CHECK((d.imm & 0xFF) == 0xFF);
  }
  SECTION("ENTER has an imm16 and an imm8") {
    const DecodedInsn d = DecodeBytes({0xC8, 0x34, 0x12, 0x05}, false);
    CHECK(d.op == Op::ENTER);
    CHECK(d.len == 4);
    CHECK(d.imm == 0x1234);
    CHECK(d.imm2 == 5);
  }
  SECTION("far pointers: offset in imm, selector in imm2") {
    const DecodedInsn d16 = DecodeBytes({0xEA, 0x78, 0x56, 0x34, 0x12}, false);
    CHECK(d16.op == Op::JMPF_Ap);
    CHECK(d16.len == 5);
    CHECK(d16.imm == 0x5678);
    CHECK(d16.imm2 == 0x1234);
    const DecodedInsn d32 = DecodeBytes({0x9A, 0x78, 0x56, 0x34, 0x12, 0xCD, 0xAB}, true);
    CHECK(d32.op == Op::CALLF_Ap);
    CHECK(d32.len == 7);
    CHECK(d32.imm == 0x12345678u);
    CHECK(d32.imm2 == 0xABCD);
    const DecodedInsn d66 = DecodeBytes({0x66, 0xEA, 0x78, 0x56, 0x34, 0x12}, true);
    CHECK(d66.len == 6);
    CHECK(d66.imm == 0x5678);
    CHECK(d66.imm2 == 0x1234);
  }
  SECTION("relative targets are sign-extended") {
    CHECK(DecodeBytes({0xEB, 0xFE}, true).imm == 0xFFFFFFFEu);
    CHECK(DecodeBytes({0xE9, 0xFD, 0xFF}, false).imm == 0xFFFFFFFDu);
    const DecodedInsn d = DecodeBytes({0x0F, 0x85, 0x00, 0x01, 0x00, 0x00}, true);
    CHECK(d.op == Op::JCC_Jz);
    CHECK(d.len == 6);
    CHECK(d.imm == 0x100);
    CHECK(d.opcode == 0x85);
  }
  SECTION("moffs follows the address size") {
    CHECK(DecodeBytes({0xA1, 0x34, 0x12}, false).imm == 0x1234);
    const DecodedInsn d = DecodeBytes({0x67, 0xA1, 0x78, 0x56, 0x34, 0x12}, false);
    CHECK(d.len == 6);
    CHECK(d.imm == 0x12345678u);
    CHECK(DecodeBytes({0x66, 0xA1, 0x78, 0x56, 0x34, 0x12}, true).len == 6);  // 66 leaves it
  }
}

TEST_CASE("Prefixes", "[decoder]") {
  SECTION("the last repeat prefix wins") {
    CHECK((DecodeBytes({0xF3, 0xF2, 0xA6}, false).flags & (insn_flag::kRep | insn_flag::kRepne)) ==
          insn_flag::kRepne);
    CHECK((DecodeBytes({0xF2, 0xF3, 0xA6}, false).flags & (insn_flag::kRep | insn_flag::kRepne)) ==
          insn_flag::kRep);
  }
  SECTION("the last segment override wins") {
    const DecodedInsn d = DecodeBytes({0x26, 0x2E, 0x8B, 0x07}, false);
    CHECK(d.len == 4);
    CHECK(d.seg == kCs);
  }
  SECTION("string instructions default to DS and keep an override") {
    CHECK(DecodeBytes({0xA4}, false).seg == kDs);
    CHECK(DecodeBytes({0x65, 0xF3, 0xA5}, true).seg == kGs);
  }
  SECTION("repeated 66 and 67 do not toggle back") {
    const DecodedInsn d = DecodeBytes({0x66, 0x66, 0x67, 0x67, 0x90}, false);
    CHECK(d.len == 5);
    CHECK(d.o32());
    CHECK(d.a32());
  }
  SECTION("LOCK on a memory destination is kept, elsewhere #UD") {
    const DecodedInsn ok = DecodeBytes({0xF0, 0x01, 0x07}, true);  // lock add [edi], eax
    CHECK(ok.op == Op::ALU_EvGv);
    CHECK((ok.flags & insn_flag::kLock) != 0);
    CHECK(DecodeBytes({0xF0, 0x01, 0xC7}, true).op == Op::UNDEFINED);
    CHECK(DecodeBytes({0xF0, 0x90}, true).op == Op::UNDEFINED);
    // Group 1 /7 is CMP: not lockable, unlike the other seven operations.
    CHECK(DecodeBytes({0xF0, 0x80, 0x30, 0x01}, true).op == Op::GRP1_EbIb);
    CHECK(DecodeBytes({0xF0, 0x80, 0x38, 0x01}, true).op == Op::UNDEFINED);
    CHECK(DecodeBytes({0xF0, 0x83, 0x38, 0x01}, true).op == Op::UNDEFINED);
  }
  SECTION("0F map and prefixes before it") {
    const DecodedInsn d = DecodeBytes({0x66, 0x0F, 0xB6, 0xC1}, true);  // movzx ax, cl
    CHECK(d.op == Op::MOVZX_GvEb);
    CHECK(d.len == 4);
    CHECK_FALSE(d.o32());
  }
  SECTION("MOV to and from control registers ignores mod") {
    const DecodedInsn d = DecodeBytes({0x0F, 0x20, 0x00}, true);
    CHECK(d.op == Op::MOV_RdCd);
    CHECK(d.len == 3);
    CHECK_FALSE(d.mem());
  }
}

TEST_CASE("Instruction length limit", "[decoder]") {
  const CpuModel& model = **ModelByName("pentiumpro");
  std::vector<uint8_t> bytes(14, 0x26);
  bytes.push_back(0x90);
  DecodedInsn d;
  SECTION("15 bytes decode") {
    REQUIRE(Decode(model, CodeMode::k32, bytes.data(), bytes.size(), &d) == DecodeStatus::kOk);
    CHECK(d.op == Op::NOP);
    CHECK(d.len == 15);
  }
  SECTION("16 bytes are TOO_LONG") {
    bytes.insert(bytes.begin(), 0x3E);
    REQUIRE(Decode(model, CodeMode::k32, bytes.data(), bytes.size(), &d) == DecodeStatus::kOk);
    CHECK(d.op == Op::TOO_LONG);
    CHECK(d.len == 15);
  }
  SECTION("only prefixes in the first 15 bytes are TOO_LONG") {
    std::vector<uint8_t> prefixes(15, 0x66);
    REQUIRE(Decode(model, CodeMode::k32, prefixes.data(), prefixes.size(), &d) == DecodeStatus::kOk);
    CHECK(d.op == Op::TOO_LONG);
  }
  SECTION("a long instruction over the limit") {
    // 5 prefixes + add dword [eax+ecx*1+disp32], imm32 (11 bytes) = 16 bytes.
    std::vector<uint8_t> insn = {0x26, 0x26, 0x26, 0x26, 0xF0, 0x81, 0x84, 0x08,
                                 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};
    REQUIRE(Decode(model, CodeMode::k32, insn.data(), insn.size(), &d) == DecodeStatus::kOk);
    CHECK(d.op == Op::TOO_LONG);
    insn.erase(insn.begin());
    REQUIRE(Decode(model, CodeMode::k32, insn.data(), insn.size(), &d) == DecodeStatus::kOk);
    CHECK(d.op == Op::GRP1_EvIz);
    CHECK(d.len == 15);
  }
  SECTION("truncated input asks for more bytes") {
    const uint8_t partial[] = {0x66, 0xB8, 0x01};
    CHECK(Decode(model, CodeMode::k16, partial, sizeof partial, &d) == DecodeStatus::kNeedMoreBytes);
    CHECK(Decode(model, CodeMode::k16, partial, 1, &d) == DecodeStatus::kNeedMoreBytes);
  }
}

TEST_CASE("Model-dependent decoding", "[decoder]") {
  SECTION("8086: 60-6F alias the conditional jumps") {
    const DecodedInsn d = DecodeBytes({0x64, 0x10}, false, "8086");
    CHECK(d.op == Op::JCC_Jb);
    CHECK(d.len == 2);
  }
  SECTION("80286 knows no 66/67 prefixes") {
    CHECK(DecodeBytes({0x66, 0x90}, false, "80286").op != Op::NOP);
  }
  SECTION("the multi-byte NOP arrived with the P6 family") {
    const DecodedInsn d = DecodeBytes({0x0F, 0x1F, 0x44, 0x00, 0x00}, true);
    CHECK(d.op == Op::NOP);
    CHECK(d.len == 5);
    CHECK(DecodeBytes({0x0F, 0x1F, 0x00}, true, "pentium").op == Op::UNDEFINED);
  }
  SECTION("0F 18-0F 1F are hint NOPs on the P6 family, ENDBR32 among them") {
    const DecodedInsn endbr32 = DecodeBytes({0xF3, 0x0F, 0x1E, 0xFB}, true, "pentium2");
    CHECK(endbr32.op == Op::NOP);
    CHECK(endbr32.len == 4);
    for (uint8_t opcode = 0x18; opcode <= 0x1F; ++opcode) {
      const DecodedInsn d = DecodeBytes({0x0F, opcode, 0x7C, 0x24, 0x08}, true, "pentiumpro");
      CHECK(d.op == Op::NOP);
      CHECK(d.len == 5);  // ModRM, SIB and disp8 decoded, never accessed
      CHECK(DecodeBytes({0x0F, opcode, 0xC0}, true, "pentium-mmx").op == Op::UNDEFINED);
    }
  }
  SECTION("the 80386 has no CMOV") {
    CHECK(DecodeBytes({0x0F, 0x44, 0xC1}, true, "80386").op == Op::UNDEFINED);
    CHECK(DecodeBytes({0x0F, 0x44, 0xC1}, true).op == Op::CMOV);
  }
}

}  // namespace
}  // namespace m86
