#include "devices/pit/pit_counter.h"

namespace m86::pit_counter {
namespace {

constexpr uint64_t kNever = ~uint64_t{0};

uint32_t Modulus(const PitCounterState& s) { return s.bcd ? 10000 : 65536; }

// The initial count as a number of clocks: 0 stands for the maximum (datasheet "Counter").
uint32_t InitialCount(const PitCounterState& s) {
  uint32_t v = s.cr;
  if (s.bcd)
    v = ((s.cr >> 12) & 0xF) * 1000 + ((s.cr >> 8) & 0xF) * 100 + ((s.cr >> 4) & 0xF) * 10 +
        (s.cr & 0xF);
  return v == 0 ? Modulus(s) : v;
}

uint16_t ToRaw(const PitCounterState& s, uint32_t v) {
  if (!s.bcd) return static_cast<uint16_t>(v);
  return static_cast<uint16_t>((v / 1000 % 10) << 12 | (v / 100 % 10) << 8 | (v / 10 % 10) << 4 |
                               (v % 10));
}

uint32_t Half(uint32_t n) { return (n + 1) / 2; }  // mode 3: the high half is the longer one

// Mode 3 position within the period, counting the high half first.
uint32_t SquarePos(const PitSegment& seg, uint64_t e) {
  return static_cast<uint32_t>((e + (seg.start_low ? Half(seg.n) : 0)) % seg.n);
}

bool SegOut(uint8_t mode, const PitSegment& seg, uint64_t k) {
  const uint64_t e = k - seg.start;
  switch (mode) {
    case 0:
    case 1:  // low from the load until the terminal count (datasheet modes 0 and 1)
      return seg.done || e >= seg.n;
    case 4:
    case 5:  // one clock low at the terminal count (modes 4 and 5)
      return seg.done || e != seg.n;
    case 2:  // one clock low at the end of every period (mode 2)
      return e % seg.n != seg.n - 1;
    default:  // mode 3: high for ceil(n/2) clocks, low for floor(n/2)
      return SquarePos(seg, e) < Half(seg.n);
  }
}

uint32_t SegCount(uint8_t mode, const PitSegment& seg, uint64_t k, uint32_t m) {
  const uint64_t e = k - seg.start;
  switch (mode) {
    case 2:
      return static_cast<uint32_t>((seg.n - e % seg.n) % m);
    case 3: {
      // The CE is loaded with n rounded down to even and counts down by two (datasheet mode 3).
      const uint32_t p = SquarePos(seg, e);
      const uint32_t h = Half(seg.n);
      const uint32_t q = p < h ? p : p - h;
      return ((seg.n & ~1u) - 2 * q) % m;
    }
    default:  // the CE wraps after the terminal count and keeps counting
      return static_cast<uint32_t>((seg.n + m - e % m) % m);
  }
}

uint64_t SegNextEdge(uint8_t mode, const PitSegment& seg, uint64_t k) {
  const uint64_t e = k - seg.start;
  switch (mode) {
    case 0:
    case 1:
      return seg.done || e >= seg.n ? kNever : seg.start + seg.n;
    case 4:
    case 5:
      if (seg.done || e > seg.n) return kNever;
      return e < seg.n ? seg.start + seg.n : seg.start + seg.n + 1;
    case 2: {
      if (seg.n == 1) return kNever;
      const uint64_t p = e % seg.n;
      return p < seg.n - 1 ? k + (seg.n - 1 - p) : k + 1;
    }
    default: {
      if (seg.n == 1) return kNever;
      const uint32_t p = SquarePos(seg, e);
      const uint32_t h = Half(seg.n);
      return p < h ? k + (h - p) : k + (seg.n - p);
    }
  }
}

const PitSegment& Current(const PitCounterState& s, uint64_t k) {
  return s.pending && k >= s.pending_at ? s.next : s.seg;
}

void Start(PitCounterState& s, uint64_t k, uint32_t n, bool done) {
  s.out_before = Out(s, k);
  s.active = true;
  s.pending = false;
  s.seg = PitSegment{k + 1, n, false, done};  // the CE loads on the next clock
}

// A complete count has been written (datasheet "Write Operations").
void CountWritten(PitCounterState& s, uint64_t k) {
  const uint32_t n = InitialCount(s);
  s.null_count = true;
  s.null_until = kNever;
  s.armed = true;
  switch (s.mode) {
    case 0:
    case 4:
      // A new count restarts the counter on the next clock; mode 0 drives OUT low at once.
      if (s.mode == 0) s.idle_out = false;
      if (s.gate) {
        if (s.mode == 0) s.active = false;
        Start(s, k, n, false);
        if (s.mode == 0) s.out_before = false;
      } else {
        s.active = false;
        s.hold = n % Modulus(s);
        s.paused_done = false;
      }
      s.null_until = k + 1;
      break;
    case 1:
    case 5:
      break;  // waits for a GATE trigger
    default: {
      if (!s.gate) break;  // loaded by the next rising GATE edge
      if (!s.active) {
        Start(s, k, n, false);
        s.null_until = k + 1;
        break;
      }
      const PitSegment cur = Current(s, k);
      if (k < cur.start) {
        s.seg = PitSegment{cur.start, n, false, false};
        s.pending = false;
        s.null_until = cur.start;
        break;
      }
      // Modes 2 and 3: a new count takes effect at the next reload (mode 2: end of the
      // period; mode 3: end of the current half-cycle), the current one is not disturbed.
      s.seg = cur;
      const uint64_t e = k - cur.start;
      PitSegment nxt{0, n, false, false};
      if (s.mode == 2) {
        nxt.start = cur.start + (e / cur.n + 1) * cur.n;
      } else {
        const uint32_t p = SquarePos(cur, e);
        const uint32_t h = Half(cur.n);
        nxt.start = p < h ? k + (h - p) : k + (cur.n - p);
        nxt.start_low = p < h;
      }
      s.pending = true;
      s.pending_at = nxt.start;
      s.next = nxt;
      s.null_until = nxt.start;
      break;
    }
  }
}

}  // namespace

void Sync(PitCounterState& s, uint64_t k) {
  if (s.pending && k >= s.pending_at) {
    s.seg = s.next;
    s.pending = false;
  }
  if (s.null_count && k >= s.null_until) s.null_count = false;
}

bool Out(const PitCounterState& s, uint64_t k) {
  if (!s.active) return s.idle_out;
  const PitSegment& seg = Current(s, k);
  return k < seg.start ? s.out_before : SegOut(s.mode, seg, k);
}

uint32_t Count(const PitCounterState& s, uint64_t k) {
  if (!s.active) return s.hold;
  const PitSegment& seg = Current(s, k);
  return k < seg.start ? s.hold : SegCount(s.mode, seg, k, Modulus(s));
}

uint64_t NextEdge(const PitCounterState& s, uint64_t k) {
  if (!s.active) return kNever;
  const PitSegment& cur = Current(s, k);
  uint64_t edge;
  if (k < cur.start)
    edge = s.out_before != SegOut(s.mode, cur, cur.start) ? cur.start
                                                          : SegNextEdge(s.mode, cur, cur.start);
  else
    edge = SegNextEdge(s.mode, cur, k);
  if (s.pending && k < s.pending_at && edge >= s.pending_at) {
    edge = SegOut(s.mode, s.next, s.pending_at) != Out(s, k)
               ? s.pending_at
               : SegNextEdge(s.mode, s.next, s.pending_at);
  }
  return edge;
}

void SetMode(PitCounterState& s, uint8_t mode, uint8_t rw, bool bcd) {
  // A control word resets the counter's logic and sets OUT to its initial state: low for
  // mode 0, high for the others (datasheet "Mode Definitions").
  s.mode = mode;
  s.rw = rw;
  s.bcd = bcd;
  s.active = false;
  s.pending = false;
  s.armed = false;
  s.idle_out = mode != 0;
  s.cr_lsb_written = false;
  s.read_msb_next = false;
  s.count_latched = false;
  s.status_latched = false;
  s.null_count = true;
  s.null_until = kNever;
}

void WriteData(PitCounterState& s, uint64_t k, uint8_t value) {
  Sync(s, k);
  switch (s.rw) {
    case 1:
      s.cr = value;
      break;
    case 2:
      s.cr = static_cast<uint16_t>(value << 8);
      break;
    default:
      if (!s.cr_lsb_written) {
        s.cr = static_cast<uint16_t>((s.cr & 0xFF00) | value);
        s.cr_lsb_written = true;
        if (s.mode == 0) {
          // Mode 0: writing the first byte stops the count and drives OUT low.
          s.hold = Count(s, k);
          s.active = false;
          s.idle_out = false;
          s.armed = false;
        }
        return;
      }
      s.cr = static_cast<uint16_t>((s.cr & 0x00FF) | value << 8);
      s.cr_lsb_written = false;
      break;
  }
  CountWritten(s, k);
}

uint8_t ReadData(PitCounterState& s, uint64_t k) {
  Sync(s, k);
  if (s.status_latched) {
    s.status_latched = false;
    return s.status;
  }
  const uint16_t v = s.count_latched ? s.latch : ToRaw(s, Count(s, k));
  uint8_t byte;
  bool finished = true;
  if (s.rw == 1) {
    byte = static_cast<uint8_t>(v);
  } else if (s.rw == 2) {
    byte = static_cast<uint8_t>(v >> 8);
  } else {
    byte = static_cast<uint8_t>(s.read_msb_next ? v >> 8 : v);
    finished = s.read_msb_next;
    s.read_msb_next = !s.read_msb_next;
  }
  if (finished) s.count_latched = false;  // the latch holds until fully read
  return byte;
}

void LatchCount(PitCounterState& s, uint64_t k) {
  if (s.count_latched) return;  // later latches are ignored until the first is read
  Sync(s, k);
  s.latch = ToRaw(s, Count(s, k));
  s.count_latched = true;
}

void LatchStatus(PitCounterState& s, uint64_t k) {
  if (s.status_latched) return;
  Sync(s, k);
  // Read-back status byte: OUTPUT, NULL COUNT, RW1 RW0, M2 M1 M0, BCD.
  s.status = static_cast<uint8_t>((Out(s, k) ? 0x80 : 0) | (s.null_count ? 0x40 : 0) |
                                  s.rw << 4 | s.mode << 1 | (s.bcd ? 1 : 0));
  s.status_latched = true;
}

void SetGate(PitCounterState& s, uint64_t k, bool gate) {
  Sync(s, k);
  if (gate == s.gate) return;
  s.gate = gate;
  switch (s.mode) {
    case 0:
    case 4:
      // GATE low suspends counting; high resumes it (modes 0 and 4).
      if (!gate && s.active) {
        const bool out = Out(s, k);
        if (k < s.seg.start) {
          s.hold = s.seg.n % Modulus(s);
          s.paused_done = false;
        } else {
          s.hold = Count(s, k);
          s.paused_done = s.seg.done || k - s.seg.start > s.seg.n || (s.mode == 0 && out);
        }
        s.active = false;
        s.idle_out = out;
      } else if (gate && s.armed) {
        Start(s, k, s.hold == 0 ? Modulus(s) : s.hold, s.paused_done);
      }
      break;
    case 1:
    case 5:
      // A rising GATE (re)triggers: the CE reloads on the next clock (modes 1 and 5).
      if (gate && s.armed) {
        Start(s, k, InitialCount(s), false);
        s.null_until = k + 1;
      }
      break;
    default:
      // Modes 2 and 3: GATE low stops counting and forces OUT high; a rising GATE reloads.
      if (!gate) {
        if (s.active) s.hold = Count(s, k);
        s.active = false;
        s.pending = false;
        s.idle_out = true;
      } else if (s.armed) {
        s.active = false;
        Start(s, k, InitialCount(s), false);
        s.null_until = k + 1;
      }
      break;
  }
}

}  // namespace m86::pit_counter
