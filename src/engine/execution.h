// One execution's runtime state and the per-thread frame (execution, branch, iteration) the
// interpreter passes down. Loop thread only.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "asl/failure.h"
#include "asl/model/state_machine.h"
#include "asl/paths/jsonpath.h"
#include "engine/cancel.h"
#include "engine/history.h"
#include "json/json.h"

namespace sfn::engine {

class Engine;

enum class ExecutionType { kStandard, kExpress };
enum class ExecutionStatus { kRunning, kSucceeded, kFailed, kTimedOut, kAborted };
const char* ExecutionStatusName(ExecutionStatus s);

// Workflow variables of one States block; reads fall back to enclosing scopes (spec "Variables").
class VariableScope final : public asl::VariableResolver {
 public:
  explicit VariableScope(const VariableScope* parent) : parent_(parent) {}
  const json::Value* Find(std::string_view name) const override;
  void Set(const std::string& name, json::Value v) { vars_[name] = std::move(v); }
  bool empty() const { return vars_.empty() && (!parent_ || parent_->empty()); }

 private:
  const VariableScope* parent_;
  std::unordered_map<std::string, json::Value> vars_;
};

// Everything about one execution. Owned by the Engine; referenced by its coroutines.
struct Execution {
  Engine* engine = nullptr;
  std::shared_ptr<const asl::StateMachine> machine;
  ExecutionType type = ExecutionType::kStandard;
  bool sync = false;  // StartSyncExecution
  std::string arn, name, state_machine_arn, state_machine_name, role_arn;
  std::string input_text;  // may be empty for EXPRESS children: use InputText()
  json::Value input;
  std::string InputText() const { return input_text.empty() ? json::Serialize(input) : input_text; }
  SystemTime start_time, stop_time;
  History history{true};
  Tracker root_tracker;
  CancelScope cancel;
  VariableScope variables{nullptr};
  // Result.
  ExecutionStatus status = ExecutionStatus::kRunning;
  std::string output_text, error, cause;
  bool done = false;
  // Per-state resource invocation counts (MockConfig response index).
  std::unordered_map<const asl::State*, int> invocations;
  // Distributed Map context: set for child executions of a Map Run.
  std::string map_run_arn;
  std::string label;
  // Timeout timer of the whole execution.
  std::uint64_t timeout_timer = 0;
  // Lazily built shared part of the context object ($$.Execution, $$.StateMachine).
  std::optional<json::Value> context_base;
};

// A thread of control: the top level, a Parallel branch or a Map iteration.
struct Frame {
  Execution* ex = nullptr;
  Tracker* tracker = nullptr;
  VariableScope* vars = nullptr;
  CancelScope* cancel = nullptr;
};

}  // namespace sfn::engine
