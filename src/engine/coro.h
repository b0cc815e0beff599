// Minimal C++20 coroutine types for the interpreter: a lazy Task<T> awaited by its parent, and
// Spawn() for detached roots. A child that completes without suspending returns to its parent
// without growing the stack, so a million-iteration loop of synchronous states is safe even
// without tail calls (e.g. -O0 sanitizer builds).
#pragma once

#include <coroutine>
#include <cstdlib>
#include <exception>
#include <optional>
#include <utility>

namespace sfn::engine {

namespace detail {

enum class Phase { kCreated, kRunning, kParentWaiting, kFinished };

struct PromiseBase {
  std::coroutine_handle<> continuation;
  Phase phase = Phase::kCreated;

  std::suspend_always initial_suspend() noexcept { return {}; }
  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    template <typename P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
      auto& p = h.promise();
      if (p.phase == Phase::kParentWaiting) return p.continuation;
      p.phase = Phase::kFinished;  // parent is still inside await_suspend: it continues itself
      return std::noop_coroutine();
    }
    void await_resume() noexcept {}
  };
  FinalAwaiter final_suspend() noexcept { return {}; }
  [[noreturn]] void unhandled_exception() noexcept { std::terminate(); }
};

}  // namespace detail

// A lazily started coroutine producing T. Move-only; owns its frame.
template <typename T>
class [[nodiscard]] Task {
 public:
  struct promise_type : detail::PromiseBase {
    std::optional<T> value;
    Task get_return_object() { return Task(Handle::from_promise(*this)); }
    template <typename U>
    void return_value(U&& v) {
      value.emplace(std::forward<U>(v));
    }
  };
  using Handle = std::coroutine_handle<promise_type>;

  Task(Task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  Task& operator=(Task&& o) noexcept {
    if (this != &o) {
      if (h_) h_.destroy();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() {
    if (h_) h_.destroy();
  }

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> parent) {
    auto& p = h_.promise();
    p.continuation = parent;
    p.phase = detail::Phase::kRunning;
    h_.resume();
    if (p.phase == detail::Phase::kFinished) return false;  // completed synchronously
    p.phase = detail::Phase::kParentWaiting;
    return true;
  }
  T await_resume() { return std::move(*h_.promise().value); }

 private:
  explicit Task(Handle h) : h_(h) {}
  Handle h_;
};

template <>
class [[nodiscard]] Task<void> {
 public:
  struct promise_type : detail::PromiseBase {
    Task get_return_object() { return Task(Handle::from_promise(*this)); }
    void return_void() {}
  };
  using Handle = std::coroutine_handle<promise_type>;

  Task(Task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() {
    if (h_) h_.destroy();
  }
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> parent) {
    auto& p = h_.promise();
    p.continuation = parent;
    p.phase = detail::Phase::kRunning;
    h_.resume();
    if (p.phase == detail::Phase::kFinished) return false;
    p.phase = detail::Phase::kParentWaiting;
    return true;
  }
  void await_resume() {}

 private:
  explicit Task(Handle h) : h_(h) {}
  Handle h_;
};

// Fire-and-forget root coroutine; its frame frees itself when done.
struct Detached {
  struct promise_type {
    Detached get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    [[noreturn]] void unhandled_exception() noexcept { std::terminate(); }
  };
};

// Starts `task` now (runs until its first suspension) and detaches it.
inline Detached Spawn(Task<void> task) { co_await std::move(task); }

}  // namespace sfn::engine
