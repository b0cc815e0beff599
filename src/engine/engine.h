// The engine's public API: start executions of compiled state machines on one event loop and
// observe their results and histories. Loop-thread affinity: call from the loop thread (the CLI
// and tests drive the loop themselves with RunUntil*).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "asl/model/state_machine.h"
#include "common/clock.h"
#include "engine/event_loop.h"
#include "engine/execution.h"
#include "integrations/integrations.h"

namespace sfn::engine {

class MapRunner;  // Distributed Map (implemented by src/distributed)

struct EngineOptions {
  std::string partition = "aws";
  std::string region = "us-east-1";
  std::string account = "123456789012";
  std::string role_arn;  // default: arn:<partition>:iam::<account>:role/OpenSfnRole
  // Multiplies every Wait and Retry delay (WAIT_TIME_SCALE): 0 = instant.
  double wait_time_scale = 1.0;
  // AWS quotas: 256 KiB payloads, 25,000 history events. Off = lifted (self-hosted).
  bool enforce_limits = true;
  // Record history for EXPRESS executions too (AWS keeps none; a debug aid).
  bool express_history = false;
  integrations::TaskInvoker* invoker = nullptr;  // borrowed; may be null (then Tasks fail)
  MapRunner* map_runner = nullptr;               // borrowed; may be null (inline fallback)
};

struct StartRequest {
  std::shared_ptr<const asl::StateMachine> machine;
  std::string state_machine_name = "StateMachine";
  std::string state_machine_arn;  // default from name
  std::string name;               // default: a UUID
  std::string input_text = "{}";
  // Already-parsed input (skips parsing; input_text is then produced only when needed).
  std::optional<json::Value> input;
  ExecutionType type = ExecutionType::kStandard;
  // Started by StartSyncExecution (EXPRESS): its context object has no Execution.RedriveCount.
  bool sync = false;
  // Optional: called on the loop thread when the execution finishes.
  std::function<void(Execution&)> on_done;
  // For child executions of a Map Run.
  std::string map_run_arn;
  std::string label;
};

class Engine {
 public:
  Engine(EventLoop& loop, EngineOptions options);
  // Stops every execution still running and unwinds their coroutines (the loop must outlive the
  // engine; call from the loop thread).
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  EventLoop& loop() { return loop_; }
  const EngineOptions& options() const { return options_; }

  // Starts an execution (runs until its first suspension). The returned execution stays valid
  // while the Engine lives. Fails with kInvalidArgument on bad input JSON or names.
  Result<std::shared_ptr<Execution>> Start(StartRequest request);
  // Stops a running execution: status ABORTED with the given error/cause.
  void Stop(Execution& ex, std::string error, std::string cause);

  // ARN helpers.
  std::string StateMachineArn(const std::string& name) const;
  std::string ExecutionArn(const std::string& sm_name, const std::string& exec_name,
                           ExecutionType type);
  std::string NewUuid();
  double Random01();

 private:
  friend class ExecutionRunner;
  void Finish(Execution& ex, ExecutionStatus status, std::string output, std::string error,
              std::string cause);

  EventLoop& loop_;
  EngineOptions options_;
  std::mt19937_64 rng_;
  std::unordered_set<std::shared_ptr<Execution>> running_;
  std::unordered_map<const Execution*, std::function<void(Execution&)>> on_done_;
};

const char* TypeName(ExecutionType t);

}  // namespace sfn::engine
