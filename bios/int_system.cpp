// The system services: INT 05h, 08h (timer tick), 11h, 12h, 15h, 18h, 19h and 1Ah (IBM PC AT
// Technical Reference; IBM PS/2 and PC BIOS Interface Technical Reference; ACPI 1.0 for E820h).
#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>

#include "bios/bda.h"
#include "bios/bios.h"
#include "bios/cmos.h"
#include "bios/eltorito.h"
#include "bios/memory_map.h"

namespace m86 {
namespace {

constexpr uint32_t kTicksPerDay = 0x1800B0;  // 1193182 / 65536 * 86400
constexpr uint32_t kSmap = 0x534D4150;        // 'SMAP'

std::string Hex(unsigned v, int digits) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*Xh", digits, v);
  return buf;
}

// The usable RAM above 1 MiB that the address map reports (bios/memory_map.h): INT 15h AH=88h
// and E801h must not offer the firmware tables at its top.
uint32_t ExtendedKb(Bios& bios) {
  const uint32_t top = UsableRamTop(bios.cpu().model(), bios.config().ram_bytes);
  return top > 0x100000 ? (top - 0x100000) / 1024 : 0;
}

// Prints through the video service's teletype, as the BIOS's own messages are.
void Print(Bios& bios, BiosCall& call, const std::string& text) {
  const uint32_t saved_ax = call.eax(), saved_bx = call.ebx();
  for (char c : text) {
    call.set_ax(static_cast<uint16_t>(0x0E00 | static_cast<uint8_t>(c)));
    call.set_bx(0x0007);
    Int10Video(bios, call);
  }
  call.set_eax(saved_ax);
  call.set_ebx(saved_bx);
}

// E820h: the address map (bios/memory_map.h).
void E820(Bios& bios, BiosCall& call) {
  MapEntry map[kMaxMapEntries];
  const int n =
      AddressMap(bios.cpu().model(), bios.config().ram_bytes, map, bios.config().high_ram_bytes);
  const uint32_t index = call.ebx();
  if (call.edx() != kSmap || index >= static_cast<uint32_t>(n) || call.ecx() < 20) {
    call.Fail(0x86);
    return;
  }
  const MapEntry& e = map[index];
  const uint16_t es = call.es(), di = call.di();
  call.Write32(es, di, static_cast<uint32_t>(e.base));
  call.Write32(es, static_cast<uint16_t>(di + 4), static_cast<uint32_t>(e.base >> 32));
  call.Write32(es, static_cast<uint16_t>(di + 8), static_cast<uint32_t>(e.length));
  call.Write32(es, static_cast<uint16_t>(di + 12), static_cast<uint32_t>(e.length >> 32));
  call.Write32(es, static_cast<uint16_t>(di + 16), e.type);
  call.set_eax(kSmap);
  call.set_ecx(20);
  call.set_ebx(index + 1 < static_cast<uint32_t>(n) ? index + 1 : 0);
  call.SetCarry(false);
}

// AH=87h: copies CX words between the 24-bit (32-bit on the 386) bases of the descriptors at
// ES:SI+10h and ES:SI+18h, with the A20 line on, as the AT BIOS does through protected mode.
void BlockMove(Bios& bios, BiosCall& call) {
  const uint16_t es = call.es(), si = call.si();
  auto base = [&](uint16_t desc) {
    return (call.Read32(es, static_cast<uint16_t>(desc + 2)) & 0xFFFFFF) |
           (uint32_t{call.Read8(es, static_cast<uint16_t>(desc + 7))} << 24);
  };
  const uint32_t src = base(static_cast<uint16_t>(si + 0x10));
  const uint32_t dst = base(static_cast<uint16_t>(si + 0x18));
  const uint32_t bytes = uint32_t{call.cx()} * 2;
  if (call.cx() > 0x8000) {
    call.Fail(0x01);
    return;
  }
  uint8_t chunk[4096];
  for (uint32_t done = 0; done < bytes;) {
    const uint32_t n = std::min<uint32_t>(sizeof chunk, bytes - done);
    bios.memory().ReadBytes(src + done, std::span<uint8_t>(chunk, n));
    bios.memory().WriteBytes(dst + done, std::span<const uint8_t>(chunk, n));
    done += n;
  }
  call.Succeed();
}

// AH=86h: waits CX:DX microseconds. While more than a timer tick remains, the stub halts
// between checks (other interrupts run, the host idles); the last stretch is polled, so the
// wait ends close to its deadline as on the AT, which counted refresh cycles.
void Wait(Bios& bios, BiosCall& call) {
  constexpr uint64_t kTickNs = 54'925'439;  // 65536 / 1193182 Hz
  const uint64_t now = bios.scheduler().now();
  if (!bios.state.waiting) {
    const uint64_t us = (uint64_t{call.cx()} << 16) | call.dx();
    bios.state.waiting = true;
    bios.state.wait_deadline_ns = now + us * 1000;
  }
  if (now < bios.state.wait_deadline_ns) {
    if (bios.state.wait_deadline_ns - now > kTickNs) {
      call.RetryAfterInterrupt();
    } else {
      call.RetryPolling();
    }
    return;
  }
  bios.state.waiting = false;
  call.Succeed();
}

void A20Service(Bios& bios, BiosCall& call) {
  switch (call.al()) {
    case 0x00:
    case 0x01:
      if (bios.set_a20) bios.set_a20(call.al() == 0x01);
      call.Succeed();
      return;
    case 0x02:
      call.set_al(bios.a20_enabled && bios.a20_enabled() ? 1 : 0);
      call.Succeed();
      return;
    case 0x03:
      call.set_bx(0x0003);  // through the keyboard controller and port 92h
      call.Succeed();
      return;
    default:
      bios.LogUnimplemented("INT 15h AX=24" + Hex(call.al(), 2));
      call.Fail(0x86);
  }
}

}  // namespace

void Int05PrintScreen(Bios& bios, BiosCall&) {
  bios.LogUnimplemented("INT 05h (print screen): the board has no printer");
}

void Int08Timer(Bios& bios, BiosCall&) {
  uint32_t ticks = bios.Peek32(bda::kTicks) + 1;
  if (ticks >= kTicksPerDay) {
    ticks = 0;
    bios.Poke8(bda::kMidnight, 1);
  }
  bios.Poke32(bda::kTicks, ticks);
  // The diskette motor turns off when its countdown ends (IBM PC AT TR, "Timer Interrupt").
  const uint8_t motor_ticks = bios.Peek8(bda::kFloppyMotorTicks);
  if (motor_ticks > 0) {
    bios.Poke8(bda::kFloppyMotorTicks, static_cast<uint8_t>(motor_ticks - 1));
    if (motor_ticks == 1) {
      bios.Poke8(bda::kFloppyMotor, bios.Peek8(bda::kFloppyMotor) & 0xF0);
      bios.io().Out(0x3F2, 1, 0x0C);
    }
  }
}

void Int11Equipment(Bios& bios, BiosCall& call) { call.set_ax(bios.Peek16(bda::kEquipment)); }

void Int12MemorySize(Bios& bios, BiosCall& call) { call.set_ax(bios.Peek16(bda::kMemoryKb)); }

void Int15System(Bios& bios, BiosCall& call) {
  switch (call.ah()) {
    case 0x24: A20Service(bios, call); return;
    case 0x4F: call.SetCarry(true); return;  // keyboard intercept: keep the scancode
    case 0x85: call.Succeed(); return;       // SysReq hook
    case 0x86: Wait(bios, call); return;
    case 0x87: BlockMove(bios, call); return;
    case 0x88: {
      const uint32_t kb = ExtendedKb(bios);
      call.set_ax(static_cast<uint16_t>(kb > 0xFFFF ? 0xFFFF : kb));
      call.SetCarry(false);
      return;
    }
    case 0x90:
    case 0x91: call.Succeed(); return;  // device busy / interrupt complete hooks
    case 0xC0:
      call.set_es(rom::kSegment);
      call.set_bx(rom::kConfigTable);
      call.Succeed();
      return;
    case 0xC1:
      call.set_es(bios.Peek16(bda::kEbdaSegment));
      call.SetCarry(false);
      return;
    case 0xC2: Int15Mouse(bios, call); return;
    case 0x53:
      // APM (Advanced Power Management BIOS Interface 1.2): this BIOS offers ACPI and no APM,
      // and AH=86h with CF is the "APM not present" answer to the installation check (AL=00h)
      // and every other function. Linux asks at every boot.
      call.Fail(0x86);
      return;
    case 0xE9:
      if (call.al() == 0x80) {
        // E980h: Intel SpeedStep (IST) support, only on mobile processors; none here.
        call.Fail(0x86);
        return;
      }
      break;
    case 0xEC:
      if (call.al() == 0x00 && call.bl() >= 1 && call.bl() <= 3) {
        // EC00h: the OS names the mode it will run in (BL 1 legacy, 2 long, 3 both; AMD64
        // BIOS and Kernel Developer's Guide). Linux's amd64 setup code calls it at every
        // boot; this BIOS tunes nothing per mode, so the hint is acknowledged.
        call.Succeed();
        return;
      }
      break;
    case 0xE8:
      if (call.al() == 0x01) {  // E801h: KiB from 1 to 16 MiB, 64 KiB blocks above 16 MiB
        const uint32_t kb = ExtendedKb(bios);
        const uint16_t low = static_cast<uint16_t>(kb > 0x3C00 ? 0x3C00 : kb);
        const uint32_t high = kb > 0x3C00 ? (kb - 0x3C00) / 64 : 0;
        call.set_ax(low);
        call.set_cx(low);
        call.set_bx(static_cast<uint16_t>(high > 0xFFFF ? 0xFFFF : high));
        call.set_dx(call.bx());
        call.SetCarry(false);
        return;
      }
      if (call.al() == 0x20) {
        E820(bios, call);
        return;
      }
      break;
    default: break;
  }
  bios.LogUnimplemented("INT 15h AX=" + Hex(call.ax(), 4));
  call.Fail(0x86);
}

void Int18NoBoot(Bios& bios, BiosCall& call) {
  const std::string message = "No bootable device: insert a boot disk and press a key.";
  if (bios.log_sink) {
    bios.log_sink("bios: " + message);
  } else {
    std::fprintf(stderr, "bios: %s\n", message.c_str());
  }
  Print(bios, call, message + "\r\n");
}

void Int19Boot(Bios& bios, BiosCall& call) {
  // A kernel from the command line: placed in RAM afresh at each boot; the ROM enters it
  // (bios/rom/bios.asm, int19_handler) as DirectBootEntry says.
  if (const DirectBoot* boot = bios.direct_boot) {
    const DirectBootEntry entry = boot->Load(bios.memory(), bios.cpu().model(), bios.config().ram_bytes);
    if (entry.kind == DirectBootEntry::Kind::kRealMode) {
      call.set_eax(2);
      call.set_bx(entry.data_segment);
      call.set_cx(entry.code_segment);
      call.set_dx(entry.stack_pointer);
    } else {
      if (bios.set_a20) bios.set_a20(true);  // the multiboot state: A20 enabled
      call.set_eax(3);
      call.set_ebx(entry.ebx);
      call.set_ecx(entry.entry);
      call.set_edx(entry.eax);
    }
    return;
  }
  // Tries the drives in --boot order; a hard disk's boot sector must end in 55 AA, a
  // diskette's need not (the AT BIOS only checked that the read worked). A CD boots by El
  // Torito: its image is entered at load segment:0000 (AX=4, BX = the segment) with DL = E0h.
  uint8_t sector[kSectorSize];
  for (char letter : bios.config().boot_order) {
    if (letter == 'd') {
      if (const std::optional<uint16_t> segment = eltorito::LoadBootImage(bios)) {
        call.set_dl(eltorito::kCdDrive);
        call.set_bx(*segment);
        call.set_ax(4);
        return;
      }
      continue;
    }
    DiskImage* disk = letter == 'a' ? bios.floppy(0) : letter == 'b' ? bios.floppy(1)
                    : letter == 'c' ? bios.hard_disk(0) : nullptr;
    if (!disk || !disk->ReadSectors(0, sector)) continue;
    const bool hard = letter == 'c';
    if (hard && (sector[510] != 0x55 || sector[511] != 0xAA)) continue;
    bios.memory().WriteBytes(0x7C00, sector);
    call.set_dl(letter == 'a' ? 0x00 : letter == 'b' ? 0x01 : 0x80);
    call.set_ax(0);
    return;
  }
  call.set_ax(1);
}

void Int1ATime(Bios& bios, BiosCall& call) {
  switch (call.ah()) {
    case 0x00: {
      const uint32_t ticks = bios.Peek32(bda::kTicks);
      call.set_cx(static_cast<uint16_t>(ticks >> 16));
      call.set_dx(static_cast<uint16_t>(ticks));
      call.set_al(bios.Peek8(bda::kMidnight));
      bios.Poke8(bda::kMidnight, 0);
      return;
    }
    case 0x01:
      bios.Poke32(bda::kTicks, (uint32_t{call.cx()} << 16) | call.dx());
      bios.Poke8(bda::kMidnight, 0);
      return;
    case 0x02:  // RTC time in BCD (registers 4, 2, 0; DST bit from register B)
      call.set_ch(CmosRead(bios.io(), 0x04));
      call.set_cl(CmosRead(bios.io(), 0x02));
      call.set_dh(CmosRead(bios.io(), 0x00));
      call.set_dl(CmosRead(bios.io(), 0x0B) & 0x01);
      call.SetCarry(false);
      return;
    case 0x03:
      CmosWrite(bios.io(), 0x04, call.ch());
      CmosWrite(bios.io(), 0x02, call.cl());
      CmosWrite(bios.io(), 0x00, call.dh());
      CmosWrite(bios.io(), 0x0B, static_cast<uint8_t>((CmosRead(bios.io(), 0x0B) & 0xFE) | (call.dl() & 1)));
      call.SetCarry(false);
      return;
    case 0x04:  // date: century (CMOS 32h), year, month, day
      call.set_ch(CmosRead(bios.io(), 0x32));
      call.set_cl(CmosRead(bios.io(), 0x09));
      call.set_dh(CmosRead(bios.io(), 0x08));
      call.set_dl(CmosRead(bios.io(), 0x07));
      call.SetCarry(false);
      return;
    case 0x05:
      CmosWrite(bios.io(), 0x32, call.ch());
      CmosWrite(bios.io(), 0x09, call.cl());
      CmosWrite(bios.io(), 0x08, call.dh());
      CmosWrite(bios.io(), 0x07, call.dl());
      call.SetCarry(false);
      return;
    case 0x06:  // alarm: registers 5, 3, 1 and the alarm interrupt enable (register B bit 5)
      if (CmosRead(bios.io(), 0x0B) & 0x20) {
        call.SetCarry(true);  // already set
        return;
      }
      CmosWrite(bios.io(), 0x05, call.ch());
      CmosWrite(bios.io(), 0x03, call.cl());
      CmosWrite(bios.io(), 0x01, call.dh());
      CmosWrite(bios.io(), 0x0B, CmosRead(bios.io(), 0x0B) | 0x20);
      call.SetCarry(false);
      return;
    case 0x07:
      CmosWrite(bios.io(), 0x0B, CmosRead(bios.io(), 0x0B) & ~0x20);
      call.SetCarry(false);
      return;
    case 0xB1:
      Int1APciBios(bios, call);
      return;
    default:
      bios.LogUnimplemented("INT 1Ah AH=" + Hex(call.ah(), 2));
      call.SetCarry(true);
  }
}

}  // namespace m86
