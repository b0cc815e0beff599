// Internal: shared machinery for running one visit of a state (context object, data pipeline,
// history of Entered/Exited, failure causes, Retry/Catch selection). Not a public header.
#pragma once

#include <string>

#include "asl/failure.h"
#include "asl/model/state_machine.h"
#include "engine/coro.h"
#include "engine/execution.h"

namespace sfn::engine {

struct StateOutcome {
  enum class Kind { kNext, kEnd, kFailed, kCancelled };
  Kind kind = Kind::kNext;
  std::string next;
  json::Value output;
  asl::Failure failure;

  static StateOutcome Fail(asl::Failure f) {
    StateOutcome o;
    o.kind = Kind::kFailed;
    o.failure = std::move(f);
    return o;
  }
  static StateOutcome Cancelled() {
    StateOutcome o;
    o.kind = Kind::kCancelled;
    return o;
  }
};

// One visit of one state.
class StateRun {
 public:
  StateRun(const asl::State& state, Frame frame, json::Value raw_input);

  const asl::State& state() const { return state_; }
  Frame& frame() { return frame_; }
  Execution& ex() const { return *frame_.ex; }
  const json::Value& raw_input() const { return raw_input_; }
  std::int64_t entered_id() const { return entered_id_; }

  // Emits <Type>StateEntered. Must be called first.
  void Enter();
  // Appends an event on this thread.
  std::int64_t Emit(const char* type, const char* details_key, json::Object details,
                    bool side = false);

  // Context object for this state visit ($$). Built on first use.
  const json::Value* Context(int retry_count = -1, const std::string* task_token = nullptr);
  asl::PathScope Scope(const json::Value* input);
  asl::EvalEnv Env(const json::Value* input);
  // JSONata environment: $states.input = raw input, plus result / errorOutput when given.
  asl::EvalEnv JsonataEnv(const json::Value* result = nullptr,
                          const json::Value* error_output = nullptr);
  // Evaluates a JSONata Assign object expression into pending variables.
  asl::Outcome<json::Object> EvaluateAssignExpr(const asl::ValueExpr* assign,
                                                const json::Value* result,
                                                const json::Value* error_output);

  // "An error occurred while executing the state '<name>' (entered at the event id #<n>). <d>"
  asl::Failure Runtime(std::string detail, const char* error = asl::errors::kRuntime) const;
  // Adds the state prefix to failures produced by expression evaluation (States.Runtime,
  // States.QueryEvaluationError, States.IntrinsicFailure) that lack it.
  asl::Failure Prefixed(asl::Failure f) const;

  // JSONPath pipeline pieces (spec "Input and Output Processing").
  asl::Outcome<json::Value> ApplyInputPath(const json::Value& raw);
  asl::Outcome<json::Value> ApplyParameters(json::Value effective);
  asl::Outcome<json::Value> ApplyResultSelector(json::Value result);
  asl::Outcome<json::Value> ApplyResultPath(const asl::PathField& rp, json::Value result);
  asl::Outcome<json::Value> ApplyOutputPath(json::Value output);
  // Evaluates the state's Assign against `assign_input` (JSONPath $) into pending variables.
  asl::Outcome<json::Object> EvaluateAssign(const std::optional<asl::PayloadTemplate>& assign,
                                            const json::Value& assign_input);
  // Commits pending variables and emits <Type>StateExited with `output`; returns the outcome
  // transitioning to `next` (or End).
  StateOutcome Exit(json::Value output, const std::string& next, bool end,
                    const json::Object* assigned = nullptr);
  // Checks payload limits on `output` (262,144 bytes) when limits are on.
  std::optional<asl::Failure> CheckOutputSize(const json::Value& output) const;

  // ---- Query-language-neutral pipeline (states use only these) ----
  // Input for the work of Task/Parallel: JSONPath InputPath+Parameters, JSONata Arguments.
  asl::Outcome<json::Value> WorkInput();
  // Effective input of Choice/Wait/Map/Succeed/Pass: JSONPath InputPath, JSONata the raw input.
  asl::Outcome<json::Value> EffectiveInput();
  // Finishes a state that produced `result` (Task, Map, Parallel, Pass): JSONPath
  // ResultSelector, Assign ($ = result), ResultPath, OutputPath; JSONata Assign and Output
  // ($states.result), Output defaulting to the result.
  StateOutcome FinishWithResult(json::Value result, const std::string& next, bool end);
  // Finishes a state that passes its input on (Choice, Wait, Succeed; JSONata Pass): JSONPath
  // Assign ($ = effective input) and OutputPath; JSONata Assign and Output (default: input).
  // `rule` supplies a matching Choice rule's Assign/Output.
  StateOutcome FinishPassThrough(const json::Value& effective, const std::string& next, bool end,
                                 const asl::ChoiceRule* rule = nullptr);

  // Retry/Catch handling for Task/Parallel/Map. Returns the delay before the next attempt, or
  // nullopt when no retrier applies (then call Catch()).
  std::optional<double> NextRetryDelay(const asl::Failure& f);
  // If a catcher matches: emits <Type>StateExited with the Catch output and returns the outcome;
  // else nullopt.
  std::optional<StateOutcome> Catch(const asl::Failure& f);

  int retry_count() const { return total_retries_; }
  bool jsonata() const { return state_.query_language == asl::QueryLanguage::kJsonata; }

 private:
  const asl::State& state_;
  Frame frame_;
  json::Value raw_input_;
  std::int64_t entered_id_ = 0;
  SystemTime entered_time_;
  std::optional<json::Value> context_;
  std::vector<long long> retry_attempts_;
  int total_retries_ = 0;
};

// True when `error` is matched by an ErrorEquals list (States.ALL, States.TaskFailed wildcards).
bool ErrorMatches(const std::vector<std::string>& error_equals, const std::string& error);

// State implementations (one file each).
Task<StateOutcome> RunTaskState(StateRun& run);
Task<StateOutcome> RunWaitState(StateRun& run);
Task<StateOutcome> RunParallelState(StateRun& run);
Task<StateOutcome> RunMapState(StateRun& run);
StateOutcome RunPassState(StateRun& run);
StateOutcome RunChoiceState(StateRun& run);
StateOutcome RunSucceedState(StateRun& run);
StateOutcome RunFailState(StateRun& run);

// Sleeps `seconds` (scaled by the engine's wait time scale); false if cancelled.
Task<bool> SleepSeconds(Frame& frame, double seconds);

}  // namespace sfn::engine
