// Helpers shared by the protected-mode transfers in cpu/pm/: selector and descriptor checks,
// stacks that are built before they become SS:ESP, CPL changes and task switches.
#pragma once
#include <cstdint>

#include "cpu/cpu.h"
#include "cpu/descriptors.h"

namespace m86::pm {

// Every EFLAGS bit an IRET or a task switch may load (SDM Vol. 1, 3.4.3).
constexpr uint32_t kAllFlags = flag::kArith | flag::kTf | flag::kIf | flag::kDf |
                               flag::kIopl | flag::kNt | flag::kRf | flag::kVm | flag::kAc |
                               flag::kVif | flag::kVip | flag::kId;

// The EFLAGS bits this model has, for loads of a whole image (task switch, IRET to V86).
uint32_t ModelFlagsMask(const Cpu& c);

inline uint8_t Rpl(uint16_t sel) { return sel & 3; }
inline bool IsNullSelector(uint16_t sel) { return (sel & 0xFFFC) == 0; }
// The error code naming a selector (SDM Vol. 3A, 6.13): index and TI, plus EXT.
inline uint32_t SelectorError(uint16_t sel, uint32_t ext) { return (sel & 0xFFFCu) | ext; }

inline bool IsCode(const Descriptor& d) { return !d.is_system() && (d.type() & 8); }
inline bool IsData(const Descriptor& d) { return !d.is_system() && !(d.type() & 8); }
inline bool IsConforming(const Descriptor& d) { return IsCode(d) && (d.type() & 4); }
inline bool IsReadableCode(const Descriptor& d) { return IsCode(d) && (d.type() & 2); }
inline bool IsWritableData(const Descriptor& d) { return IsData(d) && (d.type() & 2); }
inline bool IsTss(uint8_t type) {
  return type == sys_type::kTss16 || type == sys_type::kTss16Busy || type == sys_type::kTss32 ||
         type == sys_type::kTss32Busy;
}
inline bool Is32BitTss(uint8_t type) { return type == sys_type::kTss32 || type == sys_type::kTss32Busy; }
// Whether a system descriptor type exists on this model: the 80286 has only the 16-bit types
// (types 0-7); types 0, 8, 10 and 13 are reserved everywhere (SDM Vol. 3A, Table 3-2).
bool SystemTypeExists(const Cpu& c, uint8_t type);

// Reads the descriptor of a non-null selector; a selector beyond its table's limit faults with
// `vector` and the selector's error code.
Descriptor FetchDescriptor(Cpu& c, uint16_t sel, uint8_t vector, uint32_t ext);

// Changes CPL (TLB bank, mode key).
void SetCpl(Cpu& c, uint8_t cpl);
// Loads CS from a checked code descriptor with RPL = `cpl` and makes `cpl` the CPL.
void LoadCs(Cpu& c, uint16_t sel, const Descriptor& d, uint8_t cpl);
// Marks a data segment register unusable with `sel` (a null selector, or after a failed load).
void LoadNullSegment(Cpu& c, SegReg reg, uint16_t sel);
// After a return to an outer level: data segment registers this CPL may not use become null
// (SDM Vol. 2B, RET and IRET: ES, FS, GS and DS with DPL < CPL that are not conforming code).
void NullInaccessibleDataSegments(Cpu& c);

// A stack built before it becomes SS:ESP. Pushes check the limit of `seg` and write with the
// privilege of `cpl`; the CPU's registers stay as they are until the caller commits.
struct StackBuilder {
  Segment seg;
  uint32_t esp;
  uint8_t cpl;
  uint8_t fault_vector;  // #SS with `fault_error` when a push leaves the segment
  uint32_t fault_error;
  bool big() const { return seg.attr & seg_attr::kBig; }
  template <typename T> void Push(Cpu& c, T value);
  void PushSized(Cpu& c, bool o32, uint32_t value) {
    if (o32) Push<uint32_t>(c, value); else Push<uint16_t>(c, static_cast<uint16_t>(value));
  }
  // Makes this stack SS:ESP (a 16-bit stack changes only SP).
  void Commit(Cpu& c) const;
};
// The current stack as a StackBuilder (same-privilege transfers); faults are #SS(`error`).
StackBuilder CurrentStack(Cpu& c, uint32_t error);

// The inner stack's SS:ESP for privilege `dpl` from the current TSS (SDM Vol. 3A, 6.12.1 and
// 5.8.5), then the checks of the new SS (which gets its accessed bit); returns a builder for
// the new stack at CPL `dpl`.
StackBuilder InnerStackFromTss(Cpu& c, uint8_t dpl, uint32_t ext);

// Whether a code descriptor makes 64-bit code: in IA-32e mode with L set. L with D is reserved
// there and faults with #GP(selector) (SDM Vol. 3A, 5.2.1); outside IA-32e mode L is ignored.
// A 64-bit code segment has no limit to check the target against (SDM Vol. 3A, 3.4.4).
bool Is64BitCode(Cpu& c, uint16_t sel, const Descriptor& d);

// Checks the CS selector popped by RET or IRET (SDM Vol. 2B, RET: the return code segment)
// and sets its accessed bit.
Descriptor CheckReturnCs(Cpu& c, uint16_t sel);
// Checks the SS selector popped by a return to privilege `rpl` (SDM Vol. 2B, RET) and sets its
// accessed bit.
Descriptor CheckOuterSs(Cpu& c, uint16_t sel, uint8_t rpl);
// Loads SS from a checked descriptor.
void LoadSs(Cpu& c, uint16_t sel, const Descriptor& d);
// Stores a popped stack pointer in ESP, or only in SP for a 16-bit stack.
void SetStackPointer(Cpu& c, uint32_t value);

// IA-32e mode (cpu/pm/long_mode_stack.cpp). An 8-byte value at a linear address, read or written
// as two dwords with supervisor privilege unless `user`; a non-canonical address is #SS(`error`).
uint64_t ReadQword(Cpu& c, uint64_t lin, bool user, uint32_t error);
void WriteQword(Cpu& c, uint64_t lin, uint64_t value, bool user, uint32_t error);
// SS with a null selector (RPL `sel & 3`) in 64-bit mode, where the processor ignores SS's
// attributes (SDM Vol. 3A, 3.4.4 and 6.14.4): the cache keeps a flat, writable stack segment.
void LoadNullStack64(Cpu& c, uint16_t sel);
// IA-32e mode's gate types reuse the 32-bit numbers (SDM Vol. 3A, Table 3-2).
constexpr uint8_t kIntGate64 = sys_type::kIntGate32, kTrapGate64 = sys_type::kTrapGate32,
                  kCallGate64 = sys_type::kCallGate32;
// RSPn or ISTn from the 64-bit TSS at byte `offset`: RSPn at 4 + 8n, ISTn at 36 + 8(n - 1)
// (SDM Vol. 3A, Figure 7-11); beyond TR's limit it is #TS(TR selector + `ext`).
uint64_t TssStackPointer(Cpu& c, uint32_t offset, uint32_t ext);
// Writes CS and RIP of a far CALL from 64-bit code (or through a 64-bit call gate) at RSP with
// `size`-byte slots (2, 4 or 8); the writes are done before the caller commits RSP - 2 * size.
void WriteFarReturn64(Cpu& c, uint64_t rsp, uint32_t size, uint16_t cs, uint64_t rip);
// JMP or CALL through a 64-bit call gate in IA-32e mode (cpu/pm/call_gate_long.cpp).
void ThroughCallGate64(Cpu& c, bool call, uint16_t gate_sel, const Descriptor& gate);
// Interrupt and exception delivery in IA-32e mode (cpu/pm/interrupts_long.cpp).
void DeliverInterruptLong(Cpu& c, uint8_t vector, bool has_error, uint32_t error_code,
                          bool software);

// What started a task switch (SDM Vol. 3A, Table 7-2: busy flag, NT and the back-link).
enum class TaskSource { kJmp, kCall, kInterrupt, kIret };
// Switches to the task whose TSS descriptor is `desc` (SDM Vol. 3A, 7.3), after the caller
// did its checks of the source (gate and TSS privileges, busy flag, presence). For an
// exception, `error_code` (when not null) is pushed on the new task's stack. `ext` goes into
// the error codes of faults the switch raises.
void TaskSwitch(Cpu& c, uint16_t sel, Descriptor desc, TaskSource source, uint32_t ext,
                const uint32_t* error_code);

template <typename T>
void StackBuilder::Push(Cpu& c, T value) {
  const uint32_t next = esp - sizeof(T);
  const uint32_t off = big() ? next : (next & 0xFFFF);
  if (!seg.writable || off < seg.lo || uint64_t{off} + sizeof(T) - 1 > seg.hi)
    c.Fault(fault_vector, fault_error);
  // Inner stacks are supervisor accesses; a CPL 3 stack is only ever the current one.
  c.WriteLinear<T>(WrapLinear(seg.base + off), value, cpl != 3);
  esp = big() ? next : ((esp & 0xFFFF0000u) | off);
}

}  // namespace m86::pm
