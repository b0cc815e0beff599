#include "engine/event_loop.h"

#include <unordered_map>

namespace sfn::engine {

EventLoop::EventLoop(Clock& clock, TimeMode mode) : clock_(clock), mode_(mode) {}

SystemTime EventLoop::Now() const { return clock_.Now() + virtual_offset_; }

void EventLoop::Post(std::function<void()> fn) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    posted_.push_back(std::move(fn));
  }
  cv_.notify_one();
}

EventLoop::TimerId EventLoop::AddTimer(SystemTime when, std::function<void()> fn) {
  TimerId id = next_timer_++;
  timers_.push(Timer{when, id});
  timer_fns_.emplace(id, std::move(fn));
  return id;
}

void EventLoop::CancelTimer(TimerId id) { timer_fns_.erase(id); }

// One step: drains posted work into ready_, runs ready work, fires due timers, or waits.
// Returns false if there is nothing left that could ever make progress.
bool EventLoop::RunOnce(bool block, SystemTime hard_deadline) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& f : posted_) ready_.push_back(std::move(f));
    posted_.clear();
  }
  if (!ready_.empty()) {
    auto fn = std::move(ready_.front());
    ready_.pop_front();
    fn();
    return true;
  }
  // Drop cancelled timers at the top.
  while (!timers_.empty() && !timer_fns_.count(timers_.top().id)) timers_.pop();
  SystemTime now = Now();
  if (!timers_.empty() && timers_.top().when <= now) {
    Timer t = timers_.top();
    timers_.pop();
    auto it = timer_fns_.find(t.id);
    auto fn = std::move(it->second);
    timer_fns_.erase(it);
    fn();
    return true;
  }
  if (timers_.empty() && externals_ == 0) {
    std::lock_guard<std::mutex> lock(mu_);
    return !posted_.empty();
  }
  if (mode_ == TimeMode::kVirtual && externals_ == 0 && !timers_.empty()) {
    virtual_offset_ += timers_.top().when - now;  // jump to the next deadline
    return true;
  }
  if (!block) return true;
  std::unique_lock<std::mutex> lock(mu_);
  SystemTime wake = timers_.empty() ? hard_deadline : std::min(timers_.top().when, hard_deadline);
  auto wait = wake - now;
  if (wait > std::chrono::microseconds(0) && posted_.empty()) {
    cv_.wait_for(lock, std::min<std::chrono::microseconds>(
                           wait, std::chrono::microseconds(std::chrono::seconds(1))));
  }
  return true;
}

void EventLoop::RunReady() {
  while (true) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (auto& f : posted_) ready_.push_back(std::move(f));
      posted_.clear();
    }
    if (ready_.empty()) return;
    auto fn = std::move(ready_.front());
    ready_.pop_front();
    fn();
  }
}

bool EventLoop::RunUntil(const std::function<bool()>& done) {
  return RunUntilOrDeadline(done, SystemTime::max());
}

bool EventLoop::RunUntilOrDeadline(const std::function<bool()>& done, SystemTime deadline) {
  while (!done()) {
    if (clock_.Now() >= deadline) return false;
    if (!RunOnce(true, deadline)) return done();
  }
  return true;
}

}  // namespace sfn::engine
