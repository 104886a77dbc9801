#include "devices/time/scheduler.h"

#include <algorithm>

namespace m86 {

Scheduler::EventId Scheduler::ScheduleAt(uint64_t at, Callback cb) {
  const EventId id = next_id_++;
  queue_.push(Event{std::max(at, now_), id});
  callbacks_.emplace_back(id, std::move(cb));
  return id;
}

Scheduler::Callback* Scheduler::Find(EventId id) {
  for (auto& [eid, cb] : callbacks_)
    if (eid == id) return &cb;
  return nullptr;
}

void Scheduler::Cancel(EventId id) {
  auto it = std::find_if(callbacks_.begin(), callbacks_.end(),
                         [id](const auto& p) { return p.first == id; });
  if (it != callbacks_.end()) callbacks_.erase(it);
}

uint64_t Scheduler::NextDeadline() {
  // Drop cancelled events from the top so the deadline is a live one.
  while (!queue_.empty() && !Find(queue_.top().id)) queue_.pop();
  return queue_.empty() ? kNever : queue_.top().at;
}

void Scheduler::AdvanceTo(uint64_t t) {
  // A callback that does timed port I/O asks to advance again: the outer call already runs
  // every due event in order, so the inner one only must not start a second, nested loop
  // (a flood of such events would otherwise recurse once per event).
  if (advancing_) return;
  advancing_ = true;
  while (NextDeadline() <= t) {
    const Event e = queue_.top();
    queue_.pop();
    auto it = std::find_if(callbacks_.begin(), callbacks_.end(),
                           [&e](const auto& p) { return p.first == e.id; });
    Callback cb = std::move(it->second);
    callbacks_.erase(it);
    now_ = std::max(now_, e.at);
    cb();
  }
  now_ = std::max(now_, t);
  advancing_ = false;
}

}  // namespace m86
