// Differential test of the arithmetic families against the host CPU: arith-host-probe (a 32-bit
// helper) runs each instruction natively on random EAX EDX ECX and flags; the emulator, as a
// pentiumpro in real mode, runs the same instruction (with the operand-size prefix toggled) on
// the same inputs. Registers, #DE and the flags the SDM defines must agree; the flags it leaves
// undefined are compared in a separate, may-fail test (the emulator follows the x86-64 host the
// differential fuzzer runs on, an AMD Zen; an Intel host differs in some of them).
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "test_machine.h"

#if defined(M86_ARITH_HOST_PROBE)

using namespace m86;
using m86::test::TestMachine;

namespace {

constexpr uint32_t kStatus = 0x8D5;  // OF SF ZF AF PF CF
constexpr uint32_t kO = 0x800, kS = 0x80, kZ = 0x40, kA = 0x10, kP = 0x04, kC = 0x01;

struct Sample {
  uint32_t eax, edx, ecx, flags;
};
struct Outcome {
  bool divide_error;
  Sample s;
};

// What the SDM leaves undefined for one input: status flags, and whether the result is too.
struct Undefined {
  uint32_t flags;
  bool result;
};
using UndefinedFn = Undefined (*)(const Sample& in);

struct OracleOp {
  std::string name;
  std::vector<uint8_t> code32;  // as the host runs it, 32-bit code
  UndefinedFn undefined;
};

Undefined None(const Sample&) { return {0, false}; }
Undefined MulFlags(const Sample&) { return {kS | kZ | kA | kP, false}; }
Undefined AllFlags(const Sample&) { return {kStatus, false}; }
Undefined BtFlags(const Sample&) { return {kO | kS | kA | kP, false}; }
Undefined BsfFlags(const Sample&) { return {kC | kO | kS | kA | kP, false}; }
Undefined DaaFlags(const Sample&) { return {kO, false}; }
Undefined AaaFlags(const Sample&) { return {kO | kS | kZ | kP, false}; }
Undefined AamFlags(const Sample&) { return {kO | kA | kC, false}; }

// Group 2 by CL (SDM Vol. 2B, SAL/SAR/SHL/SHR and RCL/RCR/ROL/ROR, "Flags Affected"): AF and,
// unless the masked count is 1, OF are undefined; CF too when a shift's count reaches the width.
template <int kWidth, bool kRotate>
Undefined ShiftFlags(const Sample& in) {
  const uint32_t count = in.ecx & 0x1F;
  if (count == 0) return {0, false};
  uint32_t u = (kRotate ? 0 : kA) | (count == 1 ? 0 : kO);
  if (!kRotate && count >= kWidth) u |= kC;
  return {u, false};
}
template <int kWidth, bool kRotate, int kCount>
Undefined FixedShiftFlags(const Sample& in) {
  Sample s = in;
  s.ecx = kCount;
  return ShiftFlags<kWidth, kRotate>(s);
}
// SHLD/SHRD: AF undefined, OF unless the count is 1; counts above the width undefine all.
template <int kWidth, int kCount>
Undefined DoubleShiftFlags(const Sample& in) {
  const uint32_t count = (kCount < 0 ? in.ecx : kCount) & 0x1F;
  if (count == 0) return {0, false};
  if (count > kWidth) return {kStatus, true};
  return {kA | (count == 1 ? 0 : kO), false};
}

std::vector<uint8_t> Bytes(std::initializer_list<uint8_t> b) { return b; }

std::vector<OracleOp> Ops() {
  std::vector<OracleOp> ops = {
      {"mul r8", Bytes({0xF6, 0xE2}), MulFlags},
      {"mul r16", Bytes({0x66, 0xF7, 0xE1}), MulFlags},
      {"mul r32", Bytes({0xF7, 0xE1}), MulFlags},
      {"imul r8", Bytes({0xF6, 0xEA}), MulFlags},
      {"imul r16", Bytes({0x66, 0xF7, 0xE9}), MulFlags},
      {"imul r32", Bytes({0xF7, 0xE9}), MulFlags},
      {"imul r16,r16", Bytes({0x66, 0x0F, 0xAF, 0xD1}), MulFlags},
      {"imul r32,r32", Bytes({0x0F, 0xAF, 0xD1}), MulFlags},
      {"imul r32,r32,imm32", Bytes({0x69, 0xD1, 0x78, 0x56, 0x34, 0x12}), MulFlags},
      {"imul r16,r16,imm8", Bytes({0x66, 0x6B, 0xD1, 0xF9}), MulFlags},
      {"div r8", Bytes({0xF6, 0xF2}), AllFlags},
      {"div r16", Bytes({0x66, 0xF7, 0xF1}), AllFlags},
      {"div r32", Bytes({0xF7, 0xF1}), AllFlags},
      {"idiv r8", Bytes({0xF6, 0xFA}), AllFlags},
      {"idiv r16", Bytes({0x66, 0xF7, 0xF9}), AllFlags},
      {"idiv r32", Bytes({0xF7, 0xF9}), AllFlags},
      {"shld r32,cl", Bytes({0x0F, 0xA5, 0xD0}), DoubleShiftFlags<32, -1>},
      {"shrd r32,cl", Bytes({0x0F, 0xAD, 0xD0}), DoubleShiftFlags<32, -1>},
      {"shld r16,cl", Bytes({0x66, 0x0F, 0xA5, 0xD0}), DoubleShiftFlags<16, -1>},
      {"shrd r16,cl", Bytes({0x66, 0x0F, 0xAD, 0xD0}), DoubleShiftFlags<16, -1>},
      {"shld r32,1", Bytes({0x0F, 0xA4, 0xD0, 0x01}), DoubleShiftFlags<32, 1>},
      {"shrd r16,20", Bytes({0x66, 0x0F, 0xAC, 0xD0, 20}), DoubleShiftFlags<16, 20>},
      {"shld r16,16", Bytes({0x66, 0x0F, 0xA4, 0xD0, 16}), DoubleShiftFlags<16, 16>},
      {"bt r32,r32", Bytes({0x0F, 0xA3, 0xCA}), BtFlags},
      {"bts r32,r32", Bytes({0x0F, 0xAB, 0xCA}), BtFlags},
      {"btr r16,r16", Bytes({0x66, 0x0F, 0xB3, 0xCA}), BtFlags},
      {"btc r32,r32", Bytes({0x0F, 0xBB, 0xCA}), BtFlags},
      {"bt r32,37", Bytes({0x0F, 0xBA, 0xE2, 37}), BtFlags},
      {"bts r16,21", Bytes({0x66, 0x0F, 0xBA, 0xEA, 21}), BtFlags},
      {"btr r32,3", Bytes({0x0F, 0xBA, 0xF2, 3}), BtFlags},
      {"btc r32,31", Bytes({0x0F, 0xBA, 0xFA, 31}), BtFlags},
      {"bsf r32", Bytes({0x0F, 0xBC, 0xD1}), BsfFlags},
      {"bsr r32", Bytes({0x0F, 0xBD, 0xD1}), BsfFlags},
      {"bsf r16", Bytes({0x66, 0x0F, 0xBC, 0xD1}), BsfFlags},
      {"bsr r16", Bytes({0x66, 0x0F, 0xBD, 0xD1}), BsfFlags},
      {"daa", Bytes({0x27}), DaaFlags},
      {"das", Bytes({0x2F}), DaaFlags},
      {"aaa", Bytes({0x37}), AaaFlags},
      {"aas", Bytes({0x3F}), AaaFlags},
      {"aam 10", Bytes({0xD4, 0x0A}), AamFlags},
      {"aam 7", Bytes({0xD4, 0x07}), AamFlags},
      {"aam 0", Bytes({0xD4, 0x00}), AamFlags},
      {"aad 10", Bytes({0xD5, 0x0A}), AamFlags},
      {"aad 255", Bytes({0xD5, 0xFF}), AamFlags},
      {"salc", Bytes({0xD6}), None},
  };
  // Group 2 (ROL ROR RCL RCR SHL SHR /6 SAR) on AL, AX, EAX by 1, CL and an immediate.
  static const char* const kNames[8] = {"rol", "ror", "rcl", "rcr", "shl", "shr", "sal6", "sar"};
  static const UndefinedFn kByCl[3][2] = {{ShiftFlags<8, false>, ShiftFlags<8, true>},
                                          {ShiftFlags<16, false>, ShiftFlags<16, true>},
                                          {ShiftFlags<32, false>, ShiftFlags<32, true>}};
  static const UndefinedFn kByOne[3][2] = {
      {FixedShiftFlags<8, false, 1>, FixedShiftFlags<8, true, 1>},
      {FixedShiftFlags<16, false, 1>, FixedShiftFlags<16, true, 1>},
      {FixedShiftFlags<32, false, 1>, FixedShiftFlags<32, true, 1>}};
  static const UndefinedFn kByImm[3][2] = {
      {FixedShiftFlags<8, false, 13>, FixedShiftFlags<8, true, 13>},
      {FixedShiftFlags<16, false, 13>, FixedShiftFlags<16, true, 13>},
      {FixedShiftFlags<32, false, 13>, FixedShiftFlags<32, true, 13>}};
  for (int size = 0; size < 3; ++size) {
    const char* width = size == 0 ? " r8" : size == 1 ? " r16" : " r32";
    for (uint8_t op = 0; op < 8; ++op) {
      const bool rotate = op < 4;
      const uint8_t modrm = static_cast<uint8_t>(0xC0 | (op << 3));
      auto form = [&](uint8_t opcode, const char* how, UndefinedFn fn, bool imm) {
        std::vector<uint8_t> b;
        if (size == 1) b.push_back(0x66);
        b.push_back(static_cast<uint8_t>(opcode + (size != 0)));
        b.push_back(modrm);
        if (imm) b.push_back(13);
        ops.push_back({std::string(kNames[op]) + width + how, b, fn});
      };
      form(0xD0, ",1", kByOne[size][rotate], false);
      form(0xD2, ",cl", kByCl[size][rotate], false);
      form(0xC0, ",13", kByImm[size][rotate], true);
    }
  }
  return ops;
}

// Runs the probe and parses "eax edx ecx flags -> eax edx ecx flags" / "... -> DE" lines.
bool RunProbe(const std::vector<uint8_t>& code, int count, uint32_t seed,
              std::vector<std::pair<Sample, Outcome>>* out) {
  std::string cmd = M86_ARITH_HOST_PROBE;
  char part[32];
  cmd.push_back(' ');
  for (uint8_t b : code) {
    std::snprintf(part, sizeof part, "%02x", b);
    cmd.append(part);
  }
  std::snprintf(part, sizeof part, " %d %u", count, seed);
  cmd.append(part);
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return false;
  char line[160];
  while (std::fgets(line, sizeof line, p)) {
    Sample in{}, res{};
    char tail[8] = {};
    if (std::sscanf(line, "%x %x %x %x -> %7s", &in.eax, &in.edx, &in.ecx, &in.flags, tail) != 5)
      continue;
    if (std::string(tail) == "DE") {
      out->push_back({in, {true, {}}});
    } else if (std::sscanf(line, "%*x %*x %*x %*x -> %x %x %x %x", &res.eax, &res.edx, &res.ecx,
                           &res.flags) == 4) {
      out->push_back({in, {false, res}});
    }
  }
  return pclose(p) == 0;
}

constexpr uint32_t kCode = 0x1000, kHandler = 0x3000;

// The pentiumpro in real mode: 32-bit code becomes 16-bit code by toggling the 66 prefix.
class Emulator {
 public:
  explicit Emulator(const std::vector<uint8_t>& code32) {
    std::vector<uint8_t> code = code32;
    if (!code.empty() && code[0] == 0x66)
      code.erase(code.begin());
    else
      code.insert(code.begin(), 0x66);
    code.push_back(0xF4);  // HLT
    for (size_t i = 0; i < code.size(); ++i)
      m_.mem.Write(kCode + static_cast<uint32_t>(i), 1, code[i]);
    end_ = kCode + static_cast<uint32_t>(code.size());
    m_.mem.Write(0, 2, kHandler);  // #DE -> a HLT at 0000:3000
    m_.mem.Write(2, 2, 0);
    m_.mem.Write(kHandler, 1, 0xF4);
  }

  Outcome Run(const Sample& in) {
    m_.StartReal(0, kCode);
    m_.cpu.s.halted = false;
    m_.cpu.s.gpr[kEax] = in.eax;
    m_.cpu.s.gpr[kEdx] = in.edx;
    m_.cpu.s.gpr[kEcx] = in.ecx;
    m_.cpu.SetFlags(in.flags | 0x2, ~0u);
    m_.RunToHalt(10);
    const uint32_t eip = m_.cpu.s.rip;  // just past the HLT that stopped it
    ran_to_end_ = eip == end_ || eip == kHandler + 1;
    return {
        eip == kHandler + 1,
        {Reg32(m_.cpu.s, kEax), Reg32(m_.cpu.s, kEdx), Reg32(m_.cpu.s, kEcx), m_.cpu.GetFlags() & kStatus}};
  }
  bool ran_to_end() const { return ran_to_end_; }

 private:
  TestMachine m_{"pentiumpro", 1u << 20};
  uint32_t end_ = 0;
  bool ran_to_end_ = false;
};

std::string Describe(const Sample& s) {
  char buf[80];
  std::snprintf(buf, sizeof buf, "eax=%08x edx=%08x ecx=%08x flags=%03x", s.eax, s.edx, s.ecx,
                s.flags);
  return buf;
}

// Compares every op on `count` samples; `undefined_too` also compares what the SDM leaves open.
void CompareWithHost(bool undefined_too, int count) {
  uint32_t seed = 1;
  for (const OracleOp& op : Ops()) {
    std::vector<std::pair<Sample, Outcome>> samples;
    REQUIRE(RunProbe(op.code32, count, seed++, &samples));
    REQUIRE(samples.size() == static_cast<size_t>(count));
    Emulator emu(op.code32);
    int mismatches = 0;
    std::string first;
    for (const auto& [in, host] : samples) {
      const Outcome mine = emu.Run(in);
      const Undefined u = op.undefined(in);
      const uint32_t flag_mask = undefined_too ? kStatus : kStatus & ~u.flags;
      bool same = emu.ran_to_end() && mine.divide_error == host.divide_error;
      if (same && !host.divide_error) {
        if (undefined_too || !u.result)
          same = mine.s.eax == host.s.eax && mine.s.edx == host.s.edx && mine.s.ecx == host.s.ecx;
        same = same && ((mine.s.flags ^ host.s.flags) & flag_mask) == 0;
      }
      if (!same && mismatches++ == 0) {
        first = "in " + Describe(in) + " host " +
                (host.divide_error ? std::string("#DE") : Describe(host.s)) + " emulator " +
                (mine.divide_error ? std::string("#DE") : Describe(mine.s));
      }
    }
    INFO(op.name << ": " << mismatches << " of " << count << " differ; first: " << first);
    CHECK(mismatches == 0);
  }
}

}  // namespace

TEST_CASE("Arithmetic results and defined flags match the host CPU", "[arith][host]") {
  CompareWithHost(false, 1500);
}

TEST_CASE("Arithmetic undefined flags match this host CPU", "[arith][host][!mayfail]") {
  CompareWithHost(true, 1500);
}

#else

TEST_CASE("Arithmetic host oracle", "[arith][host][.]") {
  WARN("arith-host-probe not built (needs an x86 Linux host with a -m32 toolchain): skipped");
}

#endif
