// One counter of the Intel 8254 (8254 datasheet, "Operation"): its output and count as a
// function of input clock ticks, so that nothing runs per tick. Time is in ticks of the
// 1.193182 MHz clock since power-on; the Pit device converts virtual nanoseconds to ticks.
#pragma once
#include <cstdint>

namespace m86 {

// A stretch of counting started by loading `n` into the counting element at `start`.
struct PitSegment {
  uint64_t start = 0;      // tick at which the CE holds n
  uint32_t n = 0;          // 1..65536 (binary) or 1..10000 (BCD)
  bool start_low = false;  // mode 3 only: begins with the low half-cycle
  bool done = false;       // modes 0/4: the terminal count was already reached earlier
};

struct PitCounterState {
  uint8_t mode = 0;        // 0-5
  uint8_t rw = 3;          // 1 = LSB, 2 = MSB, 3 = LSB then MSB
  bool bcd = false;
  bool gate = true;
  uint16_t cr = 0;         // count register as written (raw, BCD if bcd)
  bool cr_lsb_written = false;   // RW=3: the LSB is in, the MSB is next
  bool read_msb_next = false;    // RW=3: the next live/latched read returns the MSB
  bool count_latched = false;
  uint16_t latch = 0;
  bool status_latched = false;
  uint8_t status = 0;
  bool null_count = false;
  uint64_t null_until = 0;  // the tick at which the last written count reaches the CE
  bool active = false;      // a segment is counting
  PitSegment seg;
  bool pending = false;     // modes 2/3: a new count taking over at `pending_at`
  uint64_t pending_at = 0;
  PitSegment next;
  uint32_t hold = 0;        // the CE while not counting
  bool idle_out = true;     // OUT while not counting
  bool paused_done = false; // modes 0/4: the terminal count passed before GATE went low
  bool armed = false;       // a count has been written since the control word
  bool out_before = true;   // OUT between a load and its segment start
};

namespace pit_counter {

// Brings pending changes (a new count reaching the CE) up to tick `k`.
void Sync(PitCounterState& s, uint64_t k);
// OUT and the CE (binary, 0..65535 / 0..9999) at tick k >= the last Sync.
bool Out(const PitCounterState& s, uint64_t k);
uint32_t Count(const PitCounterState& s, uint64_t k);
// The first tick after `k` at which OUT changes, or ~0 when it never will on its own.
uint64_t NextEdge(const PitCounterState& s, uint64_t k);
// Control word with RW != 0 for this counter (mode, rw, bcd already decoded).
void SetMode(PitCounterState& s, uint8_t mode, uint8_t rw, bool bcd);
// A write to the counter's data port at tick k.
void WriteData(PitCounterState& s, uint64_t k, uint8_t value);
// A read of the counter's data port at tick k.
uint8_t ReadData(PitCounterState& s, uint64_t k);
// Counter latch command / read-back latching at tick k.
void LatchCount(PitCounterState& s, uint64_t k);
void LatchStatus(PitCounterState& s, uint64_t k);
void SetGate(PitCounterState& s, uint64_t k, bool gate);

}  // namespace pit_counter
}  // namespace m86
