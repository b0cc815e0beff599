// Single-threaded event loop: ready queue, timer heap and a thread-safe post queue. Executions,
// branches and iterations are coroutines resumed by this loop; nothing blocks it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <queue>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/clock.h"

namespace sfn::engine {

// How timers relate to the wall clock.
enum class TimeMode {
  kReal,     // timers fire at their wall-clock deadline
  kVirtual,  // when nothing else can run, time jumps to the next timer (tests, instant waits)
};

// Thread-compatible except Post(), Run*() which are documented below.
class EventLoop {
 public:
  using TimerId = std::uint64_t;

  EventLoop(Clock& clock, TimeMode mode);
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Current time: the wall clock plus any virtual advance.
  SystemTime Now() const;
  TimeMode mode() const { return mode_; }

  // Queues `fn` to run on the loop thread. Thread-safe; wakes the loop.
  void Post(std::function<void()> fn);
  // Loop thread only: runs `fn` at or after `when`. Returns an id for CancelTimer.
  TimerId AddTimer(SystemTime when, std::function<void()> fn);
  // Loop thread only: cancels a pending timer; no-op if it already fired.
  void CancelTimer(TimerId id);

  // External operations in flight (task invocations on other threads). While any is pending,
  // virtual time does not jump. Loop thread only.
  void BeginExternal() { ++externals_; }
  void EndExternal() { --externals_; }

  // Runs until `done()` returns true (checked after each callback). Returns false if the loop
  // ran out of work (nothing ready, no timers, no externals) before `done()` became true.
  bool RunUntil(const std::function<bool()>& done);
  // Runs every callback that is ready or posted now (and whatever they post in turn), without
  // waiting and without firing timers. Used to unwind cancelled coroutines at shutdown.
  void RunReady();
  // Runs until `deadline` (wall clock) or done(); returns done().
  bool RunUntilOrDeadline(const std::function<bool()>& done, SystemTime deadline);

 private:
  struct Timer {
    SystemTime when;
    TimerId id;
    bool operator>(const Timer& o) const { return when != o.when ? when > o.when : id > o.id; }
  };
  bool RunOnce(bool block, SystemTime hard_deadline);

  Clock& clock_;
  TimeMode mode_;
  std::chrono::microseconds virtual_offset_{0};
  std::deque<std::function<void()>> ready_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
  std::unordered_map<TimerId, std::function<void()>> timer_fns_;
  TimerId next_timer_ = 1;
  int externals_ = 0;

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::function<void()>> posted_;  // guarded by mu_
};

}  // namespace sfn::engine
