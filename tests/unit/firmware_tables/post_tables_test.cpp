// What POST leaves on a wired PC: the anchors where the specifications search, checksums in
// guest memory, the E820 reservations, and the chipset programmed to match the tables.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "bios/acpi/pc_tables.h"
#include "bios/acpi/table_bytes.h"
#include "frontend/pc_machine.h"

namespace m86 {
namespace {

using firmware::Get16;
using firmware::Get32;

struct Posted {
  explicit Posted(const char* model, uint32_t ram = 32u << 20) : machine(**ModelByName(model), Config(ram)) {
    machine.bios().log_sink = [](const std::string&) {};
    BiosCall post(machine.board().cpu());
    BiosPost(machine.bios(), post);
  }
  static PcMachineConfig Config(uint32_t ram) {
    PcMachineConfig config;
    config.board.ram_bytes = ram;
    config.board.clock = ClockMode::kInstructions;
    config.board.rtc_host_time = false;
    return config;
  }
  std::vector<uint8_t> Read(uint32_t addr, uint32_t length) {
    std::vector<uint8_t> out(length);
    machine.board().memory().ReadBytes(addr, out);
    return out;
  }
  // The first 16-byte aligned `signature` in [begin, end), or 0.
  uint32_t Find(std::string_view signature, uint32_t begin, uint32_t end) {
    for (uint32_t a = begin; a < end; a += 16) {
      const std::vector<uint8_t> b = Read(a, static_cast<uint32_t>(signature.size()));
      if (std::string_view(reinterpret_cast<const char*>(b.data()), b.size()) == signature) return a;
    }
    return 0;
  }
  struct E820Entry {
    uint64_t base, length;
    uint32_t type;
  };
  std::vector<E820Entry> E820() {
    std::vector<E820Entry> map;
    BiosCall call(machine.board().cpu());
    uint32_t next = 0;
    do {
      call.set_eax(0xE820);
      call.set_edx(0x534D4150);
      call.set_ebx(next);
      call.set_ecx(20);
      call.set_es(0x0700);
      call.set_di(0);
      Int15System(machine.bios(), call);
      if (call.eax() != 0x534D4150) break;
      const std::vector<uint8_t> e = Read(0x7000, 20);
      map.push_back({Get32(e, 0) | uint64_t{Get32(e, 4)} << 32, Get32(e, 8) | uint64_t{Get32(e, 12)} << 32,
                     Get32(e, 16)});
      next = call.ebx();
    } while (next != 0 && map.size() < 32);
    return map;
  }
  PcMachine machine;
};

uint32_t TypeAt(const std::vector<Posted::E820Entry>& map, uint32_t addr) {
  for (const auto& e : map) {
    if (addr >= e.base && addr < e.base + e.length) return e.type;
  }
  return 0;
}

TEST_CASE("POST places the RSDP where ACPI looks and the tables in reserved memory", "[acpi][post]") {
  Posted p("pentiumpro");
  // ACPI 6.4, 5.2.5.1: the EBDA's first KiB, then E0000h-FFFFFh, on 16-byte boundaries.
  const uint32_t ebda = uint32_t{Get16(p.Read(0x40E, 2), 0)} << 4;
  uint32_t rsdp = p.Find("RSD PTR ", ebda, ebda + 1024);
  if (!rsdp) rsdp = p.Find("RSD PTR ", 0xE0000, 0x100000);
  REQUIRE(rsdp != 0);
  CHECK(firmware::ByteSum(p.Read(rsdp, 20)) == 0);
  const uint32_t rsdt = Get32(p.Read(rsdp, 20), 16);
  const auto map = p.E820();
  CHECK(TypeAt(map, rsdt) == 3);

  const std::vector<uint8_t> rsdt_bytes = p.Read(rsdt, Get32(p.Read(rsdt, 8), 4));
  CHECK(firmware::ByteSum(rsdt_bytes) == 0);
  std::vector<std::string> signatures;
  uint32_t fadt = 0;
  for (size_t at = 36; at + 4 <= rsdt_bytes.size(); at += 4) {
    const uint32_t table = Get32(rsdt_bytes, at);
    const std::vector<uint8_t> header = p.Read(table, 36);
    const std::vector<uint8_t> whole = p.Read(table, Get32(header, 4));
    CHECK(firmware::ByteSum(whole) == 0);
    CHECK(TypeAt(map, table) == 3);
    signatures.emplace_back(header.begin(), header.begin() + 4);
    if (signatures.back() == "FACP") fadt = table;
  }
  CHECK(signatures == std::vector<std::string>{"FACP", "APIC"});
  REQUIRE(fadt != 0);
  const std::vector<uint8_t> f = p.Read(fadt, 116);
  const uint32_t facs = Get32(f, 36), dsdt = Get32(f, 40);
  CHECK(TypeAt(map, facs) == 4);
  CHECK(facs % 64 == 0);
  CHECK(TypeAt(map, dsdt) == 3);
  CHECK(firmware::ByteSum(p.Read(dsdt, Get32(p.Read(dsdt, 8), 4))) == 0);

  // The PM block where the FADT says, in ACPI mode (SCI_EN), its timer counting.
  PortIo& io = p.machine.board().io_bus();
  CHECK((io.In(static_cast<uint16_t>(Get32(f, 64)), 2) & 1) == 1);
  CHECK(p.machine.board().pm().pm_state().mapped_base == Get32(f, 56));
  // PIRQA-D routed to 10, 10, 11, 11; those and the SCI level-triggered.
  for (int i = 0; i < 4; ++i) CHECK(p.machine.board().isa_bridge().PirqIrq(i) == (i < 2 ? 10 : 11));
  CHECK((io.In(0x4D1, 1) & 0x0E) == 0x0E);
  // The I/O APIC answers with the MADT's ID.
  p.machine.board().memory().Write(0xFEC00000, 4, 0);
  CHECK(p.machine.board().memory().Read(0xFEC00010, 4) >> 24 == firmware::kIoApicId);
}

TEST_CASE("E820 and the older size calls leave the tables' area out of usable RAM", "[post]") {
  Posted p("pentiumpro", 32u << 20);
  const auto map = p.E820();
  uint64_t usable_top = 0;
  for (const auto& e : map) {
    if (e.type == 1 && e.base >= 0x100000) usable_top = e.base + e.length;
  }
  CHECK(usable_top == (32u << 20) - 64 * 1024);
  CHECK(TypeAt(map, (32u << 20) - 1) == 4);
  CHECK(TypeAt(map, (32u << 20) - 64 * 1024) == 3);
  BiosCall call(p.machine.board().cpu());
  call.set_eax(0xE801);
  Int15System(p.machine.bios(), call);
  CHECK(uint64_t{call.ax()} * 1024 + 0x100000 + uint64_t{call.bx()} * 65536 <= usable_top);
  call.set_eax(0x8800);
  Int15System(p.machine.bios(), call);
  CHECK(uint64_t{call.ax()} * 1024 + 0x100000 <= usable_top);
}

TEST_CASE("POST puts the MP, SMBIOS and $PIR anchors in the F segment", "[mp][smbios][pir][post]") {
  Posted p("pentiumpro");
  const uint32_t mp = p.Find("_MP_", 0xF0000, 0x100000);
  REQUIRE(mp != 0);
  CHECK(firmware::ByteSum(p.Read(mp, 16)) == 0);
  const uint32_t config = Get32(p.Read(mp, 16), 4);
  CHECK(TypeAt(p.E820(), config) == 2);
  CHECK(firmware::ByteSum(p.Read(config, Get16(p.Read(config, 8), 4))) == 0);

  const uint32_t sm = p.Find("_SM_", 0xF0000, 0x100000);
  REQUIRE(sm != 0);
  const std::vector<uint8_t> ep = p.Read(sm, 31);
  CHECK(firmware::ByteSum(ep) == 0);
  CHECK(TypeAt(p.E820(), Get32(ep, 0x18)) == 2);
  CHECK(p.Read(Get32(ep, 0x18), 1)[0] == 0);  // type 0 first

  const uint32_t pir = p.Find("$PIR", 0xF0000, 0x100000);
  REQUIRE(pir != 0);
  CHECK(firmware::ByteSum(p.Read(pir, Get16(p.Read(pir, 8), 6))) == 0);
}

TEST_CASE("Without an APIC there is no MADT and no MP table; an 8086 gets no tables", "[post]") {
  Posted pentium("pentium");
  CHECK(pentium.Find("_MP_", 0xF0000, 0x100000) == 0);
  const uint32_t rsdp = pentium.Find("RSD PTR ", 0xE0000, 0x100000);
  REQUIRE(rsdp != 0);
  const uint32_t rsdt = Get32(pentium.Read(rsdp, 20), 16);
  CHECK(Get32(pentium.Read(rsdt, 8), 4) == 36 + 4);  // the FADT alone

  Posted old("8086", 1u << 20);
  CHECK(old.Find("RSD PTR ", 0xE0000, 0x100000) == 0);
  for (const auto& e : old.E820()) CHECK(e.type <= 2);
}

TEST_CASE("INT 1Ah AX=B10Eh returns the routing entries", "[pir]") {
  Posted p("pentiumpro");
  BiosCall call(p.machine.board().cpu());
  // RouteBuffer at 0700:0000: size, then the far pointer to 0800:0000.
  auto ask = [&](uint16_t size) {
    p.machine.board().memory().Write(0x7000, 2, size);
    p.machine.board().memory().Write(0x7002, 2, 0x0000);
    p.machine.board().memory().Write(0x7004, 2, 0x0800);
    call.set_eax(0xB10E);
    call.set_ebx(0);
    call.set_es(0x0700);
    call.set_di(0);
    Int1ATime(p.machine.bios(), call);
  };
  const uint16_t needed = 31 * 16;
  ask(16);
  CHECK(call.ah() == 0x89);
  CHECK(p.machine.board().memory().Read(0x7000, 2) == needed);
  ask(needed);
  CHECK(call.ah() == 0);
  CHECK(call.bx() == firmware::kPciExclusiveIrqs);
  const std::vector<uint8_t> entries = firmware::BuildPirqEntries();
  CHECK(p.Read(0x8000, needed) == entries);
}

TEST_CASE("The \\_S5 sleep type written to PM1a control powers the PC off", "[acpi][post]") {
  Posted p("pentiumpro");
  bool off = false;
  p.machine.board().on_power_off = [&off] { off = true; };
  // SLP_TYP 0 (\_S5's first value) with SLP_EN (bit 13).
  p.machine.board().io_bus().Out(firmware::kPmBase + 4, 2, 0x2000 | 1);
  CHECK(off);
}

}  // namespace
}  // namespace m86
