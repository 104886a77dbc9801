#include <catch2/catch.hpp>
#include <algorithm>
#include <vector>

#include "devices/time/scheduler.h"

using m86::Scheduler;

TEST_CASE("Scheduler runs due events in deadline order and honours cancellation", "[scheduler]") {
  Scheduler s;
  std::vector<int> order;
  s.ScheduleAt(300, [&] { order.push_back(3); });
  const auto cancelled = s.ScheduleAt(200, [&] { order.push_back(99); });
  s.ScheduleAt(100, [&] { order.push_back(1); });
  s.ScheduleAt(100, [&] { order.push_back(2); });  // same deadline: scheduling order
  s.Cancel(cancelled);
  CHECK(s.NextDeadline() == 100);
  s.AdvanceTo(250);
  CHECK(order == std::vector<int>{1, 2});
  CHECK(s.now() == 250);
  CHECK(s.NextDeadline() == 300);
  s.AdvanceTo(1000);
  CHECK(order == std::vector<int>{1, 2, 3});
  CHECK(s.NextDeadline() == Scheduler::kNever);
}

TEST_CASE("A callback may schedule a periodic successor", "[scheduler]") {
  Scheduler s;
  int ticks = 0;
  std::function<void()> tick = [&] {
    ++ticks;
    s.ScheduleIn(10, tick);
  };
  s.ScheduleAt(10, tick);
  s.AdvanceTo(95);
  CHECK(ticks == 9);  // at 10, 20, ..., 90
  CHECK(s.NextDeadline() == 100);
}

TEST_CASE("A callback that advances time again does not nest a second loop", "[scheduler]") {
  // Device callbacks do timed port I/O, which advances the scheduler: with many due events
  // each one used to recurse into the next (a guest printing BELs in a loop).
  m86::Scheduler s;
  std::vector<int> order;
  int depth = 0, max_depth = 0;
  for (int i = 0; i < 10000; ++i) {
    s.ScheduleAt(100, [&, i] {  // all due at once
      max_depth = std::max(max_depth, ++depth);
      order.push_back(i);
      s.AdvanceTo(s.now());
      --depth;
    });
  }
  s.AdvanceTo(1'000'000);
  CHECK(max_depth == 1);
  REQUIRE(order.size() == 10000);
  CHECK(std::is_sorted(order.begin(), order.end()));
  CHECK(s.now() == 1'000'000);
}
