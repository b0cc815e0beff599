// Cancellation scopes: a tree of flags with callbacks, used to stop sibling branches, Map
// iterations and whole executions (timeouts, StopExecution). Loop thread only.
#pragma once

#include <functional>
#include <memory>
#include <vector>

namespace sfn::engine {

class CancelScope {
 public:
  CancelScope() = default;
  explicit CancelScope(CancelScope* parent) : parent_(parent) {
    if (parent_) parent_->children_.push_back(this);
  }
  ~CancelScope() {
    if (parent_) std::erase(parent_->children_, this);
  }
  CancelScope(const CancelScope&) = delete;
  CancelScope& operator=(const CancelScope&) = delete;

  bool cancelled() const { return cancelled_; }
  // Cancels this scope and all descendants; runs their callbacks once.
  void Cancel() {
    if (cancelled_) return;
    cancelled_ = true;
    auto cbs = std::move(callbacks_);
    callbacks_.clear();
    for (auto& [id, cb] : cbs) cb();
    auto kids = children_;
    for (auto* c : kids) c->Cancel();
  }
  // Registers `cb` to run on cancellation; returns an id for Remove(). If already cancelled the
  // callback is not registered (callers check cancelled() first).
  int OnCancel(std::function<void()> cb) {
    int id = next_id_++;
    callbacks_.emplace_back(id, std::move(cb));
    return id;
  }
  void Remove(int id) {
    std::erase_if(callbacks_, [id](const auto& p) { return p.first == id; });
  }

 private:
  CancelScope* parent_ = nullptr;
  std::vector<CancelScope*> children_;
  std::vector<std::pair<int, std::function<void()>>> callbacks_;
  int next_id_ = 1;
  bool cancelled_ = false;
};

}  // namespace sfn::engine
