// One Intel 8259A programmable interrupt controller (8259A datasheet): the register state and
// the priority logic, shared by the master and the slave of the PC's cascaded pair.
#pragma once
#include <cstdint>

namespace m86 {

// Everything one 8259A holds, as plain data (for save states).
struct PicChipState {
  uint8_t irr = 0;             // interrupt request register
  uint8_t isr = 0;             // in-service register
  uint8_t imr = 0;             // interrupt mask register (OCW1)
  uint8_t lines = 0;           // current level of the IR0-7 inputs
  uint8_t level_mask = 0;      // inputs sensed by level (ICW1 LTIM or ELCR), others by edge
  uint8_t vector_base = 0;     // ICW2 bits 7:3
  uint8_t icw3 = 0;            // master: inputs with a slave; slave: its id
  uint8_t init_step = 0;       // 0 = operational, else the ICW number expected next
  uint8_t lowest_priority = 7; // IR with the lowest priority (rotation moves it)
  bool ltim = false;           // ICW1: level-triggered mode for all inputs
  bool single = false;         // ICW1 SNGL: no cascade
  bool icw4_needed = false;    // ICW1 IC4
  bool auto_eoi = false;       // ICW4 AEOI
  bool sfnm = false;           // ICW4 special fully nested mode
  bool rotate_on_aeoi = false; // OCW2 R=1 SL=0 EOI=0
  bool special_mask = false;   // OCW3 SMM
  bool poll = false;           // OCW3 P: the next read is a poll
  bool read_isr = false;       // OCW3 RIS: reads return ISR rather than IRR
};

namespace pic8259 {

// Drives input `ir` (0-7) of a chip to `level` and updates IRR by the sense mode.
void SetLine(PicChipState& s, int ir, bool level);
// The input the chip would acknowledge now, or -1 (datasheet "Priority resolver").
// `is_master` enables the special fully nested exception for cascade inputs.
int Highest(const PicChipState& s, bool is_master);
// The INTA effects for input `ir`: IRR cleared (edge inputs), ISR set unless AEOI.
void Accept(PicChipState& s, int ir);
// A write to the command port (A0=0): ICW1, OCW2 or OCW3. Returns false for an unsupported
// command, naming it in `what`.
bool WriteCommand(PicChipState& s, uint8_t value, const char** what);
// A write to the data port (A0=1): ICW2-4 during initialisation, else OCW1.
bool WriteData(PicChipState& s, uint8_t value, const char** what);
// A read of the command port when no poll is pending: IRR or ISR (OCW3 RR/RIS).
uint8_t ReadStatus(const PicChipState& s);

}  // namespace pic8259
}  // namespace m86
