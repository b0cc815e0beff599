// Awaitables bridging the event loop and coroutines: timed sleep (cancellable) and completion of
// an operation that finishes on another thread.
#pragma once

#include <coroutine>
#include <memory>
#include <optional>
#include <utility>

#include "engine/cancel.h"
#include "engine/event_loop.h"

namespace sfn::engine {

enum class WakeReason { kTimer, kCancelled };

// co_await SleepUntil(loop, when, scope): resumes at `when` or when `scope` is cancelled.
class SleepUntil {
 public:
  SleepUntil(EventLoop& loop, SystemTime when, CancelScope* scope)
      : loop_(loop), when_(when), scope_(scope) {}
  bool await_ready() const { return (scope_ && scope_->cancelled()); }
  void await_suspend(std::coroutine_handle<> h) {
    handle_ = h;
    timer_ = loop_.AddTimer(when_, [this] {
      if (scope_) scope_->Remove(cancel_id_);
      reason_ = WakeReason::kTimer;
      handle_.resume();
    });
    if (scope_) {
      cancel_id_ = scope_->OnCancel([this] {
        loop_.CancelTimer(timer_);
        reason_ = WakeReason::kCancelled;
        loop_.Post([h = handle_] { h.resume(); });
      });
    }
  }
  WakeReason await_resume() const {
    return (scope_ && scope_->cancelled() && reason_ != WakeReason::kTimer) ? WakeReason::kCancelled
                                                                            : reason_;
  }

 private:
  EventLoop& loop_;
  SystemTime when_;
  CancelScope* scope_;
  std::coroutine_handle<> handle_;
  EventLoop::TimerId timer_ = 0;
  int cancel_id_ = 0;
  WakeReason reason_ = WakeReason::kCancelled;
};

// Shared slot for a result delivered from any thread. The coroutine awaits it; the producer
// calls Complete(). If the waiter was cancelled first, a late Complete() is ignored safely.
template <typename T>
class ExternalResult : public std::enable_shared_from_this<ExternalResult<T>> {
 public:
  explicit ExternalResult(EventLoop& loop) : loop_(loop) {}
  // Any thread. Delivers the value and resumes the waiter on the loop thread.
  void Complete(T value) {
    auto self = this->shared_from_this();
    loop_.Post([self, v = std::move(value)]() mutable {
      if (self->done_) return;
      self->done_ = true;
      self->loop_.EndExternal();
      self->value_.emplace(std::move(v));
      if (self->waiter_) self->waiter_.resume();
    });
  }
  // Loop thread: gives up waiting (cancellation). The waiter resumes with nullopt.
  void Abandon() {
    if (done_) return;
    done_ = true;
    loop_.EndExternal();
    if (waiter_) loop_.Post([self = this->shared_from_this()] { self->waiter_.resume(); });
  }
  void Begin() { loop_.BeginExternal(); }

  struct Awaiter {
    std::shared_ptr<ExternalResult> r;
    bool await_ready() const { return r->done_; }
    void await_suspend(std::coroutine_handle<> h) { r->waiter_ = h; }
    std::optional<T> await_resume() { return std::move(r->value_); }
  };
  Awaiter Wait() { return Awaiter{this->shared_from_this()}; }

 private:
  EventLoop& loop_;
  bool done_ = false;
  std::optional<T> value_;
  std::coroutine_handle<> waiter_;
};

}  // namespace sfn::engine

namespace sfn::engine {

// Counts running children; co_await Wait() resumes (via the loop) when all have finished.
class JoinCounter {
 public:
  explicit JoinCounter(EventLoop& loop) : loop_(loop) {}
  void Add() { ++pending_; }
  void Done() {
    if (--pending_ == 0 && waiter_) {
      auto w = std::exchange(waiter_, {});
      loop_.Post([w] { w.resume(); });
    }
  }
  int pending() const { return pending_; }
  struct Awaiter {
    JoinCounter* j;
    bool await_ready() const { return j->pending_ == 0; }
    void await_suspend(std::coroutine_handle<> h) { j->waiter_ = h; }
    void await_resume() {}
  };
  Awaiter Wait() { return Awaiter{this}; }

 private:
  EventLoop& loop_;
  int pending_ = 0;
  std::coroutine_handle<> waiter_;
};

}  // namespace sfn::engine
