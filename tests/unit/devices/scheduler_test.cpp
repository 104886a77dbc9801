#include <catch2/catch.hpp>
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
