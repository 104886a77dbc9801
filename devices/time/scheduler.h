// Virtual time for devices (DESIGN.md, "Events and time"): callbacks scheduled on a clock that
// the machine advances, from retired instructions in deterministic mode or from the host clock.
#pragma once
#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

namespace m86 {

class Scheduler {
 public:
  using Callback = std::function<void()>;
  using EventId = uint64_t;
  static constexpr uint64_t kNever = ~uint64_t{0};

  // Current virtual time in nanoseconds.
  uint64_t now() const { return now_; }
  // Runs `cb` once virtual time reaches `at` (nanoseconds). Returns an id for Cancel.
  EventId ScheduleAt(uint64_t at, Callback cb);
  EventId ScheduleIn(uint64_t delay, Callback cb) { return ScheduleAt(now_ + delay, std::move(cb)); }
  void Cancel(EventId id);
  // The earliest pending deadline, or kNever.
  uint64_t NextDeadline();
  // Moves time forward to `t` (never backwards), running every callback due by then in
  // deadline order; a callback may schedule further events, which run if due.
  void AdvanceTo(uint64_t t);

 private:
  struct Event {
    uint64_t at;
    EventId id;
    bool operator>(const Event& o) const { return at != o.at ? at > o.at : id > o.id; }
  };
  uint64_t now_ = 0;
  bool advancing_ = false;  // inside AdvanceTo: nested calls return at once
  EventId next_id_ = 1;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> queue_;
  std::vector<std::pair<EventId, Callback>> callbacks_;  // live events, unordered
  Callback* Find(EventId id);
};

}  // namespace m86
