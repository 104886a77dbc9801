// The MMX side effects on the x87 state and the MMX exceptions: TOP and the tag word, the
// exponent field of written registers, EMMS, CR0.EM / CR0.TS, a pending x87 exception, models
// without MMX, invalid encodings, prefixes, and faulting memory operands (SDM Vol. 3A, 12.1-12.5;
// Vol. 2, the MMX pages' exception lists).
#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "mmx_machine.h"

namespace m86::test {
namespace {

constexpr uint16_t kSwC3 = 1u << 14, kSwPe = 1u << 5, kSwIe = 1u << 0, kSwEs = 1u << 7;

void FillX87(MmxMachine& m) {
  for (int i = 0; i < 8; ++i)
    m.SetMm(i, uint64_t{0x1111111111111111} * (i + 1), static_cast<uint16_t>(0x4000 + i));
  m.cpu.s.fpu.sw = static_cast<uint16_t>((5u << 11) | kSwC3 | kSwPe | kSwIe);
  m.cpu.s.fpu.tw = 0x5A5A;
  m.cpu.s.fpu.cw = 0x0272;
  m.cpu.s.fpu.fip = 0x12345678;
  m.cpu.s.fpu.fop = 0x0123;
}

TEST_CASE("MMX writes set TOP 0, all tags valid and the written register's exponent", "[mmx]") {
  MmxMachine m;
  FillX87(m);
  REQUIRE(m.Exec({0x0F, 0xFC, 0xD1}) == -1);  // paddb mm2, mm1
  CHECK(m.Top() == 0);
  CHECK(m.cpu.s.fpu.tw == 0);
  // The other status bits, the control word and the pointers are untouched (Vol. 3A, 12.2).
  CHECK((m.cpu.s.fpu.sw & ~(7u << 11)) == (kSwC3 | kSwPe | kSwIe));
  CHECK(m.cpu.s.fpu.cw == 0x0272);
  CHECK(m.cpu.s.fpu.fip == 0x12345678);
  CHECK(m.cpu.s.fpu.fop == 0x0123);
  CHECK(m.SignExp(2) == 0xFFFF);
  CHECK(m.Mm(2) == 0x5555555555555555);
  for (int i = 0; i < 8; ++i)
    if (i != 2) CHECK(m.SignExp(i) == 0x4000 + i);
}

TEST_CASE("MMX reads leave the registers' exponents but still reset TOP and the tags", "[mmx]") {
  MmxMachine m;
  FillX87(m);
  REQUIRE(m.Exec({0x0F, 0x7E, 0xD8}) == -1);  // movd eax, mm3
  CHECK(m.cpu.s.gpr[kEax] == 0x44444444);
  CHECK(m.Top() == 0);
  CHECK(m.cpu.s.fpu.tw == 0);
  for (int i = 0; i < 8; ++i) CHECK(m.SignExp(i) == 0x4000 + i);

  FillX87(m);
  std::vector<uint8_t> code = {0x0F, 0x7F, 0x25};  // movq [kMmxData], mm4
  for (uint8_t x : Disp32(kMmxData)) code.push_back(x);
  m.Place(kMmxCode, code);
  REQUIRE(m.RunAt(kMmxCode) == -1);
  CHECK(m.Read64(kMmxData) == 0x5555555555555555);
  CHECK(m.Top() == 0);
  CHECK(m.cpu.s.fpu.tw == 0);
  for (int i = 0; i < 8; ++i) CHECK(m.SignExp(i) == 0x4000 + i);
}

TEST_CASE("EMMS empties every tag, sets TOP 0 and keeps the registers", "[mmx]") {
  MmxMachine m;
  FillX87(m);
  REQUIRE(m.Exec({0x0F, 0xEF, 0xC0, 0x0F, 0x77}) == -1);  // pxor mm0, mm0; emms
  CHECK(m.cpu.s.fpu.tw == 0xFFFF);
  CHECK(m.Top() == 0);
  CHECK(m.Mm(0) == 0);
  CHECK(m.SignExp(0) == 0xFFFF);
  CHECK(m.Mm(1) == 0x2222222222222222);
  CHECK(m.SignExp(1) == 0x4001);
  CHECK((m.cpu.s.fpu.sw & ~(7u << 11)) == (kSwC3 | kSwPe | kSwIe));
}

// A representative of each handler shape: binary, low unpack, shift by immediate, MOVD both
// ways, MOVQ both ways, EMMS.
const std::vector<std::vector<uint8_t>> kSamples = {
    {0x0F, 0xFC, 0xC1}, {0x0F, 0x60, 0xC1}, {0x0F, 0x71, 0xD0, 0x03}, {0x0F, 0x6E, 0xC0},
    {0x0F, 0x7E, 0xC0}, {0x0F, 0x6F, 0xC1}, {0x0F, 0x7F, 0xC1},       {0x0F, 0x77},
    {0x0F, 0xE2, 0xC1}, {0x0F, 0xF5, 0xC1}, {0x0F, 0x63, 0xC1},
};

// Runs `code` and checks it raised `vector` with nothing changed.
void ExpectFaultWithoutEffect(MmxMachine& m, const std::vector<uint8_t>& code, int vector) {
  FillX87(m);
  m.cpu.s.gpr[kEax] = 0xCAFEF00D;
  const X87State before = m.cpu.s.fpu;
  m.Place(kMmxCode, code);
  CHECK(m.RunAt(kMmxCode) == vector);
  CHECK(m.cpu.s.rip == kMmxCode);
  CHECK(m.cpu.s.gpr[kEax] == 0xCAFEF00D);
  CHECK(m.cpu.s.fpu.sw == before.sw);
  CHECK(m.cpu.s.fpu.tw == before.tw);
  for (int i = 0; i < 8; ++i) CHECK(m.cpu.s.fpu.r[i] == before.r[i]);
}

TEST_CASE("CR0.EM gives #UD, CR0.TS gives #NM, EM wins over TS", "[mmx]") {
  MmxMachine m;
  for (const auto& code : kSamples) {
    m.cpu.s.cr0 |= cr0::kEm;
    ExpectFaultWithoutEffect(m, code, kVecUd);
    m.cpu.s.cr0 |= cr0::kTs;
    ExpectFaultWithoutEffect(m, code, kVecUd);
    m.cpu.s.cr0 &= ~cr0::kEm;
    ExpectFaultWithoutEffect(m, code, kVecNm);
    m.cpu.s.cr0 |= cr0::kMp;  // MP does not matter for MMX (Vol. 3A, Table 12-1)
    ExpectFaultWithoutEffect(m, code, kVecNm);
    m.cpu.s.cr0 &= ~(cr0::kTs | cr0::kMp);
  }
}

TEST_CASE("A pending unmasked x87 exception is #MF before an MMX instruction", "[mmx]") {
  MmxMachine m;
  m.cpu.s.cr0 |= cr0::kNe;
  for (const auto& code : kSamples) {
    FillX87(m);
    m.cpu.s.fpu.sw |= kSwEs;
    const X87State before = m.cpu.s.fpu;
    m.Place(kMmxCode, code);
    CHECK(m.RunAt(kMmxCode) == kVecMf);
    CHECK(m.cpu.s.fpu.sw == before.sw);
    CHECK(m.cpu.s.fpu.tw == before.tw);
  }
  // #NM comes before #MF.
  m.cpu.s.fpu.sw |= kSwEs;
  m.cpu.s.cr0 |= cr0::kTs;
  CHECK(m.Exec({0x0F, 0xFC, 0xC1}) == kVecNm);
}

TEST_CASE("With CR0.NE = 0 a pending x87 exception drives FERR# and the MMX instruction runs",
          "[mmx]") {
  MmxMachine m;
  int ferr_changes = 0;
  m.cpu.on_ferr = [&](bool) { ++ferr_changes; };
  FillX87(m);  // IE raised and unmasked (control word 0272h)
  m.cpu.s.fpu.sw |= kSwEs;
  REQUIRE(m.Exec({0x0F, 0xFC, 0xD1}) == -1);  // paddb mm2, mm1
  CHECK(m.Mm(2) == 0x5555555555555555);
  CHECK(m.cpu.s.fpu.ferr);
  CHECK(ferr_changes == 1);
  CHECK((m.cpu.s.fpu.sw & kSwEs) != 0);
  CHECK(m.Top() == 0);
}

TEST_CASE("Models without MMX raise #UD", "[mmx]") {
  for (const char* model : {"80486", "pentium", "pentiumpro"}) {
    INFO(model);
    MmxMachine m(model);
    for (const auto& code : kSamples) ExpectFaultWithoutEffect(m, code, kVecUd);
  }
  MmxMachine mmx("pentium-mmx");
  mmx.SetMm(0, 1);
  mmx.SetMm(1, 2);
  REQUIRE(mmx.Exec({0x0F, 0xFE, 0xC1}) == -1);  // paddd mm0, mm1
  CHECK(mmx.Mm(0) == 3);
}

TEST_CASE("Invalid MMX encodings raise #UD", "[mmx]") {
  MmxMachine m;
  // LOCK is #UD with every MMX instruction (P6-era Vol. 1, Table 8-3).
  ExpectFaultWithoutEffect(m, {0xF0, 0x0F, 0xFC, 0xC1}, kVecUd);
  std::vector<uint8_t> locked_mem = {0xF0, 0x0F, 0xFC, 0x05};
  for (uint8_t x : Disp32(kMmxData)) locked_mem.push_back(x);
  ExpectFaultWithoutEffect(m, locked_mem, kVecUd);
  // The shift groups: memory operands and the unused ModRM.reg values.
  ExpectFaultWithoutEffect(m, {0x0F, 0x71, 0x10, 0x01}, kVecUd);  // psrlw [eax], 1
  ExpectFaultWithoutEffect(m, {0x0F, 0x73, 0x30, 0x01}, kVecUd);  // psllq [eax], 1
  for (int reg : {0, 1, 3, 5, 7})
    ExpectFaultWithoutEffect(m, {0x0F, 0x71, static_cast<uint8_t>(0xC0 | (reg << 3)), 1}, kVecUd);
  for (int reg : {0, 1, 3, 4, 5, 7})
    ExpectFaultWithoutEffect(m, {0x0F, 0x73, static_cast<uint8_t>(0xC0 | (reg << 3)), 1}, kVecUd);
  // Opcodes of the MMX range that the Pentium II leaves undefined (SSE and SSE2 later).
  for (uint8_t op : {0x6C, 0x6D, 0x70, 0x78, 0x7C, 0xD4, 0xD6, 0xD7, 0xDA, 0xE0, 0xE4, 0xE7, 0xF4,
                     0xF6, 0xF7, 0xFB, 0xFF})
    ExpectFaultWithoutEffect(m, {0x0F, op, 0xC1, 0x00}, kVecUd);
}

TEST_CASE("66, F2 and F3 prefixes are ignored by MMX instructions", "[mmx]") {
  MmxMachine m;
  m.SetMm(0, 0x00000000000000FF);
  m.SetMm(1, 0x0000000000000001);
  REQUIRE(m.Exec({0x66, 0x0F, 0xFC, 0xC1}) == -1);  // paddb: no XMM form on this model
  CHECK(m.Mm(0) == 0);
  m.cpu.s.gpr[kEbx] = 0x89ABCDEF;
  REQUIRE(m.Exec({0x66, 0x0F, 0x6E, 0xC3}) == -1);  // movd mm0, ebx: still 32 bits
  CHECK(m.Mm(0) == 0x89ABCDEF);
  REQUIRE(m.Exec({0xF3, 0x0F, 0x6F, 0xC8}) == -1);  // movq mm1, mm0
  CHECK(m.Mm(1) == 0x89ABCDEF);
  REQUIRE(m.Exec({0xF2, 0x0F, 0x7E, 0xCA}) == -1);  // movd edx, mm1
  CHECK(m.cpu.s.gpr[kEdx] == 0x89ABCDEF);
}

TEST_CASE("Faulting MMX memory operands change nothing", "[mmx]") {
  MmxMachine m;
  // Segment limit: a quadword at DS:limit-3 is #GP; the store writes no byte.
  Segment& ds = m.cpu.s.seg[kDs];
  ds.limit = kMmxData + 3;
  ds.attr = static_cast<uint16_t>(0x93 | seg_attr::kBig);
  RefreshSegmentChecks(m.cpu, ds);
  std::vector<uint8_t> store = {0x0F, 0x7F, 0x05};  // movq [kMmxData], mm0
  for (uint8_t x : Disp32(kMmxData)) store.push_back(x);
  m.Write64(kMmxData, 0x0123456789ABCDEF);
  ExpectFaultWithoutEffect(m, store, kVecGp);
  CHECK(m.Read64(kMmxData) == 0x0123456789ABCDEF);
  std::vector<uint8_t> load = {0x0F, 0xFD, 0x05};  // paddw mm0, [kMmxData]
  for (uint8_t x : Disp32(kMmxData)) load.push_back(x);
  ExpectFaultWithoutEffect(m, load, kVecGp);
}

TEST_CASE("A quadword store straddling a not-present page writes nothing", "[mmx]") {
  MmxMachine m;
  // Identity-map the first 4 MiB with 4 KiB pages, leaving page 0x21000 not present.
  constexpr uint32_t kPd = 0x80000, kPt = 0x81000;
  m.mem.Write(kPd, 4, kPt | 3);
  for (uint32_t i = 0; i < 1024; ++i) m.mem.Write(kPt + 4 * i, 4, i == 0x21 ? 0 : (i << 12) | 3);
  m.cpu.s.cr3 = kPd;
  m.cpu.s.cr0 |= cr0::kPg;
  m.cpu.OnModeChange();
  m.cpu.FlushTlb();
  m.Write64(0x20FF8, 0x0123456789ABCDEF);
  std::vector<uint8_t> store = {0x0F, 0x7F, 0x05};  // movq [0x20FFC], mm0
  for (uint8_t x : Disp32(0x20FFC)) store.push_back(x);
  ExpectFaultWithoutEffect(m, store, kVecPf);
  CHECK(m.cpu.s.cr2 == 0x21000);
  CHECK(m.Read64(0x20FF8) == 0x0123456789ABCDEF);
  std::vector<uint8_t> load = {0x0F, 0x6F, 0x05};  // movq mm0, [0x20FFC]
  for (uint8_t x : Disp32(0x20FFC)) load.push_back(x);
  ExpectFaultWithoutEffect(m, load, kVecPf);
  // Within the present page the same code works.
  std::vector<uint8_t> ok = {0x0F, 0x7F, 0x05};
  for (uint8_t x : Disp32(0x20FF8)) ok.push_back(x);
  FillX87(m);
  m.Place(kMmxCode, ok);
  REQUIRE(m.RunAt(kMmxCode) == -1);
  CHECK(m.Read64(0x20FF8) == 0x1111111111111111);
}

}  // namespace
}  // namespace m86::test
