// String instructions: the bulk REP path against an element-by-element model, precise faults
// in the middle of REP, interrupts and single-step traps between iterations, I/O strings.
#include <catch2/catch.hpp>
#include <cstring>
#include <random>
#include <vector>

#include "cpu/le_bytes.h"
#include "test_machine.h"

using namespace m86;
using m86::test::TestMachine;

namespace {

constexpr uint32_t kCode = 0x1000, kHandler = 0x3000;

// Points real-mode vector `v` at kHandler, where a HLT waits.
void HaltOnVector(TestMachine& m, uint8_t v) {
  m.mem.Write(v * 4u, 2, kHandler);
  m.mem.Write(v * 4u + 2, 2, 0);
  m.Poke(kHandler, {0xF4});
}

uint16_t Word(TestMachine& m, uint32_t addr) { return static_cast<uint16_t>(m.Peek(addr, 2)); }

// Element-by-element model of REP MOVS/STOS over a byte image based at `base`.
void ModelRep(std::vector<uint8_t>& img, uint32_t base, bool movs, int size, bool down,
              uint32_t& esi, uint32_t& edi, uint32_t& ecx, uint32_t eax) {
  const uint32_t step = down ? 0u - size : static_cast<uint32_t>(size);
  for (; ecx != 0; --ecx) {
    uint8_t v[4];
    if (movs)
      std::memcpy(v, &img[esi - base], size);
    else
      StoreLe(v, eax);  // the guest's byte order: AL, AX or EAX is the first `size` bytes
    std::memcpy(&img[edi - base], v, size);
    if (movs) esi += step;
    edi += step;
  }
}

}  // namespace

TEST_CASE("REP MOVS/STOS match element-by-element semantics", "[string]") {
  constexpr uint32_t kBase = 0x100000, kSize = 0x20000, kSeed = 0x5354;
  std::mt19937 rng(kSeed);
  auto pick = [&](uint32_t lo, uint32_t hi) {
    return std::uniform_int_distribution<uint32_t>(lo, hi)(rng);
  };
  TestMachine m;
  for (int trial = 0; trial < 400; ++trial) {
    const bool movs = pick(0, 1);
    const int size = 1 << pick(0, 2);
    const bool down = pick(0, 3) == 0;
    uint32_t ecx = pick(0, 7) == 0 ? pick(0, 4) : pick(0, 6000);
    const uint32_t span = ecx * size + 8;
    uint32_t esi = kBase + span + pick(0, kSize - 2 * span - 8);
    uint32_t edi;
    switch (pick(0, 3)) {
      case 0: edi = esi + pick(1, 9); break;  // overlapping forward copy
      case 1: edi = esi - pick(1, 9); break;
      default: edi = kBase + span + pick(0, kSize - 2 * span - 8); break;
    }
    const uint32_t eax = static_cast<uint32_t>(rng());
    std::vector<uint8_t> img(kSize);
    for (auto& b : img) b = static_cast<uint8_t>(rng());
    for (uint32_t i = 0; i < kSize; ++i) m.mem.Write(kBase + i, 1, img[i]);
    // Sometimes the destination page holds translated code: writes must take the slow path.
    if (pick(0, 4) == 0) m.mem.MarkCode(edi & ~(kPageSize - 1), 64);
    const uint8_t op = static_cast<uint8_t>((movs ? 0xA4 : 0xAA) + (size > 1 ? 1 : 0));
    if (size == 2)
      m.Poke(kCode, {0x66, 0xF3, op, 0xF4});
    else
      m.Poke(kCode, {0xF3, op, 0xF4});
    m.StartFlat32(kCode);
    m.cpu.s.halted = false;
    m.cpu.s.gpr[kEsi] = esi;
    m.cpu.s.gpr[kEdi] = edi;
    m.cpu.s.gpr[kEcx] = ecx;
    m.cpu.s.gpr[kEax] = eax;
    m.cpu.SetFlags(down ? flag::kDf : 0, flag::kDf);
    INFO("trial " << trial << " seed " << kSeed << (movs ? " movs" : " stos") << size << " down "
                  << down << " esi " << esi << " edi " << edi << " ecx " << ecx);
    REQUIRE(m.RunToHalt() == StopReason::kHaltedNoIntr);
    ModelRep(img, kBase, movs, size, down, esi, edi, ecx, eax);
    CHECK(m.cpu.s.gpr[kEsi] == esi);
    CHECK(m.cpu.s.gpr[kEdi] == edi);
    CHECK(m.cpu.s.gpr[kEcx] == 0);
    uint32_t first_diff = kSize;
    for (uint32_t i = 0; i < kSize && first_diff == kSize; ++i)
      if (m.mem.Read(kBase + i, 1) != img[i]) first_diff = i;
    CHECK(first_diff == kSize);
  }
}

TEST_CASE("A fault in the middle of REP keeps the iterations done", "[string]") {
  SECTION("pentiumpro: precise, EIP at the instruction") {
    TestMachine m;
    HaltOnVector(m, kVecGp);
    m.Poke(kCode, {0x26, 0xF3, 0xA5, 0xF4});  // rep movsw es:... (source ES:SI)
    m.StartReal(0, kCode);
    LoadSegmentRealMode(m.cpu, kEs, 0x2000);
    m.cpu.s.gpr[kEsi] = 0xABCDFFF9;  // 16-bit addressing: only SI counts and changes
    m.cpu.s.gpr[kEdi] = 0x100;
    m.cpu.s.gpr[kEcx] = 10;
    m.RunToHalt();
    CHECK(m.cpu.s.rip == kHandler + 1);
    CHECK(m.cpu.s.gpr[kEcx] == 7);  // three words moved, the fourth at SI=FFFF faults
    CHECK(m.cpu.s.gpr[kEsi] == 0xABCDFFFF);
    CHECK(m.cpu.s.gpr[kEdi] == 0x106);
    const uint32_t sp = m.cpu.s.gpr[kEsp] & 0xFFFF;
    CHECK(Word(m, sp) == kCode);  // the pushed IP restarts the whole instruction
  }
  SECTION("80286: the faulting element's index and CX have moved on") {
    TestMachine m("80286");
    HaltOnVector(m, kVecGp);
    m.Poke(kCode, {0xF3, 0xA5, 0xF4});
    m.StartReal(0, kCode);
    m.cpu.s.gpr[kEsi] = 0xFFF9;
    m.cpu.s.gpr[kEdi] = 0x100;
    m.cpu.s.gpr[kEcx] = 10;
    m.RunToHalt();
    CHECK(m.cpu.s.rip == kHandler + 1);
    CHECK(m.cpu.s.gpr[kEcx] == 6);
    CHECK(m.cpu.s.gpr[kEsi] == 0x0001);
    CHECK(m.cpu.s.gpr[kEdi] == 0x106);
  }
}

TEST_CASE("REP CMPS/SCAS stop on the condition, REP with count 0 does nothing", "[string]") {
  TestMachine m;
  m.Poke(0x5000, {'a', 'b', 'c', 'd'});
  m.Poke(0x6000, {'a', 'b', 'x', 'd'});
  SECTION("REPE CMPSB") {
    m.Poke(kCode, {0xF3, 0xA6, 0xF4});
    m.StartReal(0, kCode);
    m.cpu.s.gpr[kEsi] = 0x5000;
    m.cpu.s.gpr[kEdi] = 0x6000;
    m.cpu.s.gpr[kEcx] = 4;
    m.RunToHalt();
    CHECK(m.cpu.s.gpr[kEcx] == 1);
    CHECK(m.cpu.s.gpr[kEsi] == 0x5003);
    CHECK(m.cpu.s.gpr[kEdi] == 0x6003);
    CHECK((m.cpu.GetFlags() & flag::kZf) == 0);
    CHECK((m.cpu.GetFlags() & flag::kCf) == flag::kCf);  // 'c' < 'x'
  }
  SECTION("REPNE SCASB") {
    m.Poke(kCode, {0xF2, 0xAE, 0xF4});
    m.StartReal(0, kCode);
    m.cpu.s.gpr[kEax] = 'x';
    m.cpu.s.gpr[kEdi] = 0x6000;
    m.cpu.s.gpr[kEcx] = 100;
    m.RunToHalt();
    CHECK(m.cpu.s.gpr[kEcx] == 97);
    CHECK(m.cpu.s.gpr[kEdi] == 0x6003);
    CHECK((m.cpu.GetFlags() & flag::kZf) == flag::kZf);
  }
  SECTION("count 0") {
    m.Poke(kCode, {0xF3, 0xA6, 0xF3, 0xA4, 0xF3, 0x6E, 0xF4});
    m.StartReal(0, kCode);
    m.cpu.SetFlags(flag::kZf, flag::kArith);
    m.cpu.s.gpr[kEsi] = 0x5000;
    m.cpu.s.gpr[kEdi] = 0x6000;
    m.cpu.s.gpr[kEcx] = 0xFFFF0000;  // CX is 0 with 16-bit addressing
    m.RunToHalt();
    CHECK(m.cpu.s.gpr[kEsi] == 0x5000);
    CHECK(m.cpu.s.gpr[kEdi] == 0x6000);
    CHECK((m.cpu.GetFlags() & flag::kArith) == flag::kZf);
    CHECK(m.io.writes.empty());
  }
}

TEST_CASE("16-bit string addressing wraps SI/DI and keeps the upper halves", "[string]") {
  TestMachine m;
  m.Poke(0x0000, {0x11, 0x22});
  m.Poke(0xFFFF, {0x33});
  m.Poke(kCode, {0xF3, 0xA4, 0xF4});  // rep movsb
  m.StartReal(0, kCode);
  m.cpu.s.gpr[kEsi] = 0x1234FFFF;
  m.cpu.s.gpr[kEdi] = 0x5000;
  m.cpu.s.gpr[kEcx] = 3;
  m.RunToHalt();
  CHECK(m.Peek(0x5000, 1) == 0x33);
  CHECK(m.Peek(0x5001, 2) == 0x2211);
  CHECK(m.cpu.s.gpr[kEsi] == 0x12340002);
  CHECK(m.cpu.s.gpr[kEdi] == 0x5003);
}

TEST_CASE("OUTS and INS go through the port bus in order", "[string]") {
  TestMachine m;
  m.Poke(0x5000, {1, 2, 3});
  m.Poke(kCode, {0xF3, 0x6E, 0xB9, 0x02, 0x00, 0xF3, 0x6D, 0xF4});  // rep outsb; mov cx,2; rep insw
  m.StartReal(0, kCode);
  m.cpu.s.gpr[kEdx] = 0x80;
  m.cpu.s.gpr[kEsi] = 0x5000;
  m.cpu.s.gpr[kEdi] = 0x6000;
  m.cpu.s.gpr[kEcx] = 3;
  m.RunToHalt();
  REQUIRE(m.io.writes.size() == 3);
  CHECK(m.io.writes[2] == std::make_pair<uint16_t, uint32_t>(0x80, 3));
  CHECK(m.io.reads.size() == 2);
  CHECK(m.Peek(0x6000, 4) == 0xFFFFFFFFu);
  CHECK(m.cpu.s.gpr[kEdi] == 0x6004);
}

namespace {

// A device window that raises the interrupt line at its first write.
class IrqOnWrite final : public MmioHandler, public InterruptController {
 public:
  explicit IrqOnWrite(Cpu& cpu) : cpu_(cpu) {}
  uint32_t MmioRead(uint32_t, int) override { return 0; }
  void MmioWrite(uint32_t, int, uint32_t) override {
    if (writes++ == 0) cpu_.SetIntr(true);
  }
  uint8_t Acknowledge() override {
    writes_at_ack = writes;
    cpu_.SetIntr(false);
    return 0x20;
  }
  int writes = 0, writes_at_ack = -1;

 private:
  Cpu& cpu_;
};

}  // namespace

TEST_CASE("A long REP is interrupted between iterations and resumes", "[string]") {
  TestMachine m;
  IrqOnWrite dev(m.cpu);
  m.mem.MapMmio(0xA0000, 0x10000, &dev);
  m.cpu.set_interrupt_controller(&dev);
  m.mem.Write(0x20 * 4, 2, kHandler);
  m.mem.Write(0x20 * 4 + 2, 2, 0);
  m.Poke(kHandler, {0x83, 0x06, 0x00, 0x40, 0x01, 0xCF});  // add word [0x4000], 1; iret
  m.Poke(kCode, {0xF3, 0xA4, 0xF4});                        // rep movsb
  m.StartReal(0, kCode);
  LoadSegmentRealMode(m.cpu, kEs, 0xA000);
  m.cpu.SetFlags(flag::kIf, flag::kIf);
  m.cpu.s.gpr[kEsi] = 0x5000;
  m.cpu.s.gpr[kEdi] = 0;
  m.cpu.s.gpr[kEcx] = 10000;
  m.RunToHalt();
  CHECK(dev.writes == 10000);
  CHECK(dev.writes_at_ack == 4096);  // the first poll after the line went up
  CHECK(Word(m, 0x4000) == 1);
  CHECK((m.cpu.s.gpr[kEcx] & 0xFFFF) == 0);
  CHECK((m.cpu.s.gpr[kEdi] & 0xFFFF) == 10000);
}

TEST_CASE("With TF set, REP traps after every iteration", "[string]") {
  TestMachine m;
  HaltOnVector(m, kVecDb);
  m.Poke(kCode, {0xF3, 0xAA, 0xF4});  // rep stosb
  m.StartReal(0, kCode);
  m.cpu.s.gpr[kEdi] = 0x6000;
  m.cpu.s.gpr[kEcx] = 5;
  m.cpu.SetFlags(flag::kTf, flag::kTf);
  m.cpu.Step();
  CHECK(m.cpu.s.rip == kHandler);
  CHECK(m.cpu.s.gpr[kEcx] == 4);
  CHECK(m.cpu.s.gpr[kEdi] == 0x6001);
  CHECK(Word(m, m.cpu.s.gpr[kEsp] & 0xFFFF) == kCode);
}

TEST_CASE("The 8086 resumes an interrupted string instruction at its last prefix", "[string]") {
  // iAPX 86/88 User's Manual: after an interrupt between iterations only the prefix right
  // before the opcode is seen again, so ES: REP MOVSB loses the override and REP ES: MOVSB
  // the repetition. The single-step trap shows the return address. Later models return to
  // the first prefix.
  struct Case {
    const char* model;
    std::vector<uint8_t> code;
    uint16_t resume_ip;
  };
  const Case c = GENERATE(Case{"8086", {0x26, 0xF3, 0xA4, 0xF4}, kCode + 1},
                          Case{"8086", {0xF3, 0x26, 0xA4, 0xF4}, kCode + 1},
                          Case{"8086", {0x26, 0x2E, 0xF3, 0xA4, 0xF4}, kCode + 2},
                          Case{"80286", {0x26, 0xF3, 0xA4, 0xF4}, kCode});
  TestMachine m(c.model, 1 << 20);
  HaltOnVector(m, kVecDb);
  for (size_t i = 0; i < c.code.size(); ++i) m.mem.Write(kCode + static_cast<uint32_t>(i), 1, c.code[i]);
  m.StartReal(0, kCode);
  m.cpu.s.gpr[kEsi] = 0x5000;
  m.cpu.s.gpr[kEdi] = 0x6000;
  m.cpu.s.gpr[kEcx] = 5;
  m.cpu.SetFlags(flag::kTf, flag::kTf);
  m.cpu.Step();
  CHECK(m.cpu.s.rip == kHandler);
  CHECK(m.cpu.s.gpr[kEcx] == 4);
  CHECK(Word(m, m.cpu.s.gpr[kEsp] & 0xFFFF) == c.resume_ip);
}

TEST_CASE("A page fault in the middle of a bulk REP MOVSD is precise", "[string][paging]") {
  constexpr uint32_t kGdt = 0x800, kIdt = 0x900, kDir = 0x10000, kTable = 0x11000;
  constexpr uint32_t kMissing = 0x201000;
  const bool write_fault = GENERATE(true, false);
  TestMachine m;
  m.StartFlat32(kCode);
  // Flat code (0x08) and data (0x10) descriptors; IDT entry 14: interrupt gate to kHandler.
  m.mem.Write(kGdt + 8, 4, 0x0000FFFF);
  m.mem.Write(kGdt + 12, 4, 0x00CF9B00);
  m.mem.Write(kGdt + 16, 4, 0x0000FFFF);
  m.mem.Write(kGdt + 20, 4, 0x00CF9300);
  m.mem.Write(kIdt + 14 * 8, 4, (0x08u << 16) | kHandler);
  m.mem.Write(kIdt + 14 * 8 + 4, 4, 0x8E00);
  m.cpu.s.gdtr = TableRegister{kGdt, 0x17};
  m.cpu.s.idtr = TableRegister{kIdt, 0x7F};
  // Identity map of the first 4 MiB without the page at kMissing.
  m.mem.Write(kDir, 4, kTable | 3);
  for (uint32_t i = 0; i < 1024; ++i)
    m.mem.Write(kTable + 4 * i, 4, (i << 12) == kMissing ? 0 : ((i << 12) | 3));
  m.cpu.s.cr3 = kDir;
  m.cpu.s.cr0 |= cr0::kPg;
  m.cpu.FlushTlb();
  m.Poke(kHandler, {0xF4});
  m.Poke(kCode, {0xF3, 0xA5, 0xF4});  // rep movsd
  // The side that runs into the missing page starts at 0x200F00, the other at 0x100000.
  const uint32_t src = write_fault ? 0x100000 : 0x200F00;
  const uint32_t dst = write_fault ? 0x200F00 : 0x100000;
  for (uint32_t i = 0; i < 0x100; ++i) m.mem.Write(src + i, 1, i);
  m.cpu.s.gpr[kEsi] = src;
  m.cpu.s.gpr[kEdi] = dst;
  m.cpu.s.gpr[kEcx] = 0x100;
  m.RunToHalt();
  CHECK(m.cpu.s.rip == kHandler + 1);
  CHECK(m.cpu.s.cr2 == kMissing);
  CHECK(m.cpu.s.gpr[kEcx] == 0x100 - 0x40);  // 64 dwords fit before the missing page
  const uint32_t esp = m.cpu.s.gpr[kEsp];
  CHECK(m.Peek(esp, 4) == (write_fault ? 2u : 0u));  // #PF error code: W/R, not present
  CHECK(m.Peek(esp + 4, 4) == kCode);
  CHECK(m.cpu.s.gpr[kEsi] == src + 0x100);
  CHECK(m.cpu.s.gpr[kEdi] == dst + 0x100);
  CHECK(m.Peek(dst + 0xFC, 4) == 0xFFFEFDFCu);  // the last dword before the fault arrived
}
