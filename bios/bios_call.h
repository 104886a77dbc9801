// One call into the built-in BIOS, as its C++ service sees it: the caller's registers, the
// FLAGS image that IRET will restore, and guest memory addressed as segment:offset.
//
// The ROM's interrupt entry points are `out kBiosTrapPort, al` followed by a service id byte
// and IRET (bios/rom/bios.asm). The trap runs the service inside that OUT instruction; by then
// EIP already points at the id byte, and the service may change any register (docs/ARCHITECTURE.md,
// "Built-in BIOS").
#pragma once
#include <cstdint>
#include <span>

#include "cpu/cpu.h"

namespace m86 {

constexpr uint16_t kBiosTrapPort = 0xEF;

class BiosCall {
 public:
  explicit BiosCall(Cpu& cpu) : cpu_(cpu) {}
  Cpu& cpu() { return cpu_; }

  // General registers, by their 8-, 16- and 32-bit names.
  uint8_t al() const { return Low(kEax); }
  uint8_t ah() const { return High(kEax); }
  uint8_t bl() const { return Low(kEbx); }
  uint8_t bh() const { return High(kEbx); }
  uint8_t cl() const { return Low(kEcx); }
  uint8_t ch() const { return High(kEcx); }
  uint8_t dl() const { return Low(kEdx); }
  uint8_t dh() const { return High(kEdx); }
  uint16_t ax() const { return Word(kEax); }
  uint16_t bx() const { return Word(kEbx); }
  uint16_t cx() const { return Word(kEcx); }
  uint16_t dx() const { return Word(kEdx); }
  uint16_t si() const { return Word(kEsi); }
  uint16_t di() const { return Word(kEdi); }
  uint16_t bp() const { return Word(kEbp); }
  uint32_t eax() const { return cpu_.s.gpr[kEax]; }
  uint32_t ebx() const { return cpu_.s.gpr[kEbx]; }
  uint32_t ecx() const { return cpu_.s.gpr[kEcx]; }
  uint32_t edx() const { return cpu_.s.gpr[kEdx]; }
  uint32_t edi() const { return cpu_.s.gpr[kEdi]; }
  uint16_t es() const { return cpu_.s.seg[kEs].selector; }
  uint16_t ds() const { return cpu_.s.seg[kDs].selector; }

  void set_al(uint8_t v) { SetLow(kEax, v); }
  void set_ah(uint8_t v) { SetHigh(kEax, v); }
  void set_bl(uint8_t v) { SetLow(kEbx, v); }
  void set_bh(uint8_t v) { SetHigh(kEbx, v); }
  void set_cl(uint8_t v) { SetLow(kEcx, v); }
  void set_ch(uint8_t v) { SetHigh(kEcx, v); }
  void set_dl(uint8_t v) { SetLow(kEdx, v); }
  void set_dh(uint8_t v) { SetHigh(kEdx, v); }
  void set_ax(uint16_t v) { SetWord(kEax, v); }
  void set_bx(uint16_t v) { SetWord(kEbx, v); }
  void set_cx(uint16_t v) { SetWord(kEcx, v); }
  void set_dx(uint16_t v) { SetWord(kEdx, v); }
  void set_si(uint16_t v) { SetWord(kEsi, v); }
  void set_di(uint16_t v) { SetWord(kEdi, v); }
  void set_bp(uint16_t v) { SetWord(kEbp, v); }
  void set_eax(uint32_t v) { cpu_.s.gpr[kEax] = v; }
  void set_ebx(uint32_t v) { cpu_.s.gpr[kEbx] = v; }
  void set_ecx(uint32_t v) { cpu_.s.gpr[kEcx] = v; }
  void set_edx(uint32_t v) { cpu_.s.gpr[kEdx] = v; }
  // Loads a segment register as real or virtual-8086 mode does (base = selector * 16).
  void set_es(uint16_t v) { LoadSegment(kEs, v); }
  void set_ds(uint16_t v) { LoadSegment(kDs, v); }

  // Result flags: written into the FLAGS image on the stack, which the stub's IRET restores,
  // so the caller's IF and TF survive (a real BIOS returns them with RETF 2).
  void SetCarry(bool on) { SetReturnFlag(flag::kCf, on); }
  void SetZero(bool on) { SetReturnFlag(flag::kZf, on); }
  // The usual error return: AH = status, CF set (CF clear and AH = 0 on success).
  void Fail(uint8_t status) { set_ah(status); SetCarry(true); }
  void Succeed() { set_ah(0); SetCarry(false); }

  // A blocking service (INT 16h AH=00h, INT 15h AH=86h...) asks to be called again after the
  // next interrupt: the stub runs STI; HLT and repeats the trap.
  void RetryAfterInterrupt();
  // A short wait (a UART's next character time, well under a timer tick): the trap runs again
  // at once, with interrupts enabled, until the service is satisfied.
  void RetryPolling();

  // Guest memory at segment:offset (the offset wraps at 64 KiB), translated through paging in
  // virtual-8086 mode. Accesses to unmapped pages read as 0xFF and are dropped; they never fault.
  uint8_t Read8(uint16_t seg, uint16_t off);
  uint16_t Read16(uint16_t seg, uint16_t off);
  uint32_t Read32(uint16_t seg, uint16_t off);
  void Write8(uint16_t seg, uint16_t off, uint8_t v);
  void Write16(uint16_t seg, uint16_t off, uint16_t v);
  void Write32(uint16_t seg, uint16_t off, uint32_t v);
  void ReadBlock(uint16_t seg, uint16_t off, std::span<uint8_t> out);
  void WriteBlock(uint16_t seg, uint16_t off, std::span<const uint8_t> data);

 private:
  uint8_t Low(int r) const { return static_cast<uint8_t>(cpu_.s.gpr[r]); }
  uint8_t High(int r) const { return static_cast<uint8_t>(cpu_.s.gpr[r] >> 8); }
  uint16_t Word(int r) const { return static_cast<uint16_t>(cpu_.s.gpr[r]); }
  void SetLow(int r, uint8_t v) { cpu_.s.gpr[r] = (cpu_.s.gpr[r] & ~uint64_t{0xFF}) | v; }
  void SetHigh(int r, uint8_t v) { cpu_.s.gpr[r] = (cpu_.s.gpr[r] & ~uint64_t{0xFF00}) | (uint64_t{v} << 8); }
  void SetWord(int r, uint16_t v) { cpu_.s.gpr[r] = (cpu_.s.gpr[r] & ~uint64_t{0xFFFF}) | v; }
  void LoadSegment(int seg, uint16_t selector);
  void SetReturnFlag(uint32_t mask, bool on);
  // The physical address of seg:off, or nullopt-like false when the page is not present.
  bool Physical(uint16_t seg, uint16_t off, PhysAddr* phys);

  Cpu& cpu_;
};

}  // namespace m86
