// Task resources: the interface the interpreter uses to run Task states, plus the two built-in
// implementations: MockConfigFile mocks (AWS Step Functions Local format) and local functions
// (Lambda function names served by long-lived local worker processes).
//
// Local function wire protocol (JSON Lines over the worker's stdin/stdout):
//   - OpenSFN starts `/bin/sh -c COMMAND` lazily, up to `max_workers` per function, and reuses it
//     for many events. The environment carries SFN_FUNCTION_NAME and AWS_LAMBDA_FUNCTION_NAME.
//   - OpenSFN writes one compact JSON event per line to the worker's stdin; the worker writes
//     exactly one line per event to stdout, in order: the function's result as JSON. OpenSFN may
//     write further events before earlier ones are answered (FunctionSpec::pipeline_depth).
//   - An error is a result line that is a JSON object with string members "errorType" and
//     "errorMessage" (optionally "stackTrace": [strings]), like a Lambda runtime error document.
//   - Anything the worker writes to stderr is forwarded to OpenSFN's stderr, prefixed
//     "[<function>] ". Workers must log to stderr, never to stdout.
//   - A worker that exits, crashes or writes a line that is not JSON while an event is in flight
//     fails that invocation with Lambda.Unknown and is replaced on demand.
//   - Closing stdin asks the worker to exit.
// tools/sfn_function.py implements the protocol for Python handlers `def handler(event, context)`.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "asl/failure.h"
#include "common/status.h"
#include "json/json.h"

namespace sfn::integrations {

// One invocation of a Task state's resource.
struct TaskRequest {
  std::string resource;    // Task "Resource" as written, e.g. arn:aws:states:::lambda:invoke
                           // or arn:aws:lambda:us-east-1:123456789012:function:Foo
  json::Value parameters;  // effective task input (after InputPath/Parameters)
  std::string state_name;
  std::string state_machine_name;  // for MockConfig StateMachines lookup
  std::string execution_arn;
  std::string execution_name;
  int invocation_index = 0;  // 0-based count of resource invocations by this state in this
                             // execution so far (retries count) — MockConfig response index
  std::string task_token;    // set for .waitForTaskToken
  std::string region = "us-east-1";
  std::string account = "123456789012";
};

// Receives the task result (the value ResultSelector/ResultPath then see) or a Failure whose
// `error` Retry/Catch match.
using TaskDone = std::function<void(asl::Outcome<json::Value>)>;

// Starts task invocations. Thread-safe. `done` is called exactly once, possibly on another
// thread, possibly before Invoke returns. Never blocks the caller on I/O.
class TaskInvoker {
 public:
  virtual ~TaskInvoker() = default;
  virtual void Invoke(TaskRequest request, TaskDone done) = 0;
  // Whether this invoker can serve `resource` at all (for clear "unknown resource" errors at
  // load time). `state_name` lets mocks answer per state.
  virtual bool CanServe(std::string_view resource, std::string_view state_machine_name,
                        std::string_view state_name) const = 0;
  // Stops workers; pending invocations complete with a Failure.
  virtual void Shutdown() {}
  // For .waitForTaskToken resources: whether the outcome passed to `done` is the task's final
  // result (true for mocks, like Step Functions Local: the mocked response completes the task
  // without a SendTaskSuccess), or only reports that the invocation was made (false: the engine
  // waits for SendTaskSuccess/SendTaskFailure, but a Failure outcome still fails the task).
  virtual bool ResultCompletesCallback(std::string_view /*resource*/,
                                       std::string_view /*state_machine_name*/,
                                       std::string_view /*state_name*/) const {
    return false;
  }
};

// Tries each invoker in order (mock first, then local functions): a request goes to the first
// invoker whose CanServe() accepts it. A request no invoker accepts fails with States.Runtime and
// a message naming the state and resource. Shutdown() shuts down every invoker;
// ResultCompletesCallback() answers for the invoker that would serve the request.
std::unique_ptr<TaskInvoker> MakeChain(std::vector<std::unique_ptr<TaskInvoker>> invokers);

// ---------------------------------------------------------------------------------------------
// MockConfigFile (AWS Step Functions Local format, users.md §6.1)
//
// Test case selection by state machine name + test case name; per-state mocked response names;
// responses keyed "0", "1-3"... by TaskRequest::invocation_index with Return (result JSON) or
// Throw {Error, Cause}. Return is passed through unchanged as the task result: for lambda:invoke
// it is the whole API result ({"StatusCode":200,"Payload":...}), for a bare Lambda ARN the
// function's return value. For .waitForTaskToken resources the mocked response completes the
// task (ResultCompletesCallback() is true). Invoke() calls `done` before returning.
//
// Load-time errors (kInvalidArgument): the config is not an object of the documented shape, no
// state machine has `test_case`, a selected test case names a missing MockedResponses entry, or a
// referenced entry has a key that is not "<n>" or "<n>-<m>" (n <= m). Run-time failures
// (States.Runtime, like Step Functions Local): no response covers the invocation index, a
// response has both or neither of Return and Throw, or Throw lacks a string Error.
// ---------------------------------------------------------------------------------------------
Result<std::unique_ptr<TaskInvoker>> MakeMockInvoker(const json::Value& mock_config,
                                                     std::string test_case);
// Reads and parses the file at `path`, then MakeMockInvoker().
Result<std::unique_ptr<TaskInvoker>> LoadMockInvoker(const std::string& path,
                                                     std::string test_case);
// Whether `mock_config` defines `test_case` for `state_machine_name` (for StartExecution
// "<arn>#<TestCase>" validation). Returns kNotFound with the known test cases otherwise.
Status CheckMockTestCase(const json::Value& mock_config, std::string_view state_machine_name,
                         std::string_view test_case);

// ---------------------------------------------------------------------------------------------
// Local functions: Lambda function name -> local command, served by long-lived workers.
//
// Resources served: arn:aws:states:::lambda:invoke (and .waitForTaskToken), whose
// Parameters.FunctionName is a name, name:alias, partial ARN (123456789012:function:name) or full
// ARN (arn:aws:lambda:<region>:<account>:function:<name>[:qualifier]), with the event in
// Parameters.Payload ({} when absent); and bare ARNs arn:aws:lambda:...:function:<name>, whose
// event is the whole `parameters`. lambda:invoke yields the Lambda Invoke API result
// {"ExecutedVersion","Payload","SdkHttpMetadata","SdkResponseMetadata","StatusCode"}; a bare ARN
// yields the function's result. A function error fails with error = errorType and cause = the
// Lambda error document {"errorMessage","errorType","requestId","stackTrace"} as JSON text.
// An unregistered function fails with Lambda.ResourceNotFoundException. For .waitForTaskToken,
// `done` reports the invocation only (ResultCompletesCallback() is false).
// ---------------------------------------------------------------------------------------------
struct FunctionSpec {
  std::string name;     // Lambda function name (an ARN is reduced to its name)
  std::string command;  // run as /bin/sh -c COMMAND
  int max_workers = 4;  // upper bound on concurrent worker processes for this function
  // Events written ahead to one busy worker, which answers them in order. Used only when all
  // max_workers workers are busy. Events queued behind a crash are re-queued, unless the worker
  // never answered anything (broken at start-up): then its whole batch fails.
  int pipeline_depth = 8;
};

// Counters of a local-function invoker, for tests and metrics.
struct LocalFunctionStats {
  uint64_t workers_spawned = 0;   // processes started so far (all functions)
  uint64_t workers_crashed = 0;   // workers that died or broke the protocol
  uint64_t invocations_done = 0;  // invocations completed (success or failure)
};

// A TaskInvoker for local functions. One reactor thread per invoker does all pipe I/O, whatever
// the number of queued invocations; `done` callbacks run on that thread and must not block.
// Thread-safe. The destructor calls Shutdown(); never destroy the invoker from a `done` callback.
class LocalFunctionInvoker : public TaskInvoker {
 public:
  // Fails with kInvalidArgument on an empty or duplicate name, empty command or max_workers < 1.
  static Result<std::unique_ptr<LocalFunctionInvoker>> Create(std::vector<FunctionSpec> specs);
  ~LocalFunctionInvoker() override;

  void Invoke(TaskRequest request, TaskDone done) override;
  bool CanServe(std::string_view resource, std::string_view state_machine_name,
                std::string_view state_name) const override;
  void Shutdown() override;
  LocalFunctionStats stats() const;

  class Impl;

 private:
  explicit LocalFunctionInvoker(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

Result<std::unique_ptr<TaskInvoker>> MakeLocalFunctionInvoker(std::vector<FunctionSpec> specs);

// Parses "NAME=COMMAND" (CLI --function), optionally "NAME=COMMAND" with NAME "name@N" to set
// max_workers N. Fails with kInvalidArgument on a missing "=", empty name or empty command.
Result<FunctionSpec> ParseFunctionFlag(std::string_view flag);
// Reads a functions file: JSON {"Name": "command"} or {"Name": {"command": "...", "workers": N}}.
Result<std::vector<FunctionSpec>> LoadFunctionsFile(const std::string& path);

// ---------------------------------------------------------------------------------------------
// Lambda helpers (shared by the local invoker; exposed for the engine and tests).
// ---------------------------------------------------------------------------------------------
inline constexpr std::string_view kLambdaInvokeResource = "arn:aws:states:::lambda:invoke";

// A Lambda function reference split into parts. Empty region/account mean "not given".
struct LambdaFunctionRef {
  std::string name;
  std::string qualifier;  // version or alias, empty for $LATEST
  std::string region;
  std::string account;
};
// Parses a FunctionName value or a bare Lambda ARN resource. Fails with kInvalidArgument.
Result<LambdaFunctionRef> ParseLambdaFunctionRef(std::string_view function_name);
// Whether `resource` is arn:aws:states:::lambda:invoke or its .waitForTaskToken variant (any
// partition).
bool IsLambdaInvokeResource(std::string_view resource);
// Whether `resource` is a bare Lambda function ARN (arn:<partition>:lambda:...:function:...).
bool IsLambdaFunctionArn(std::string_view resource);
// A random RFC 4122 version-4 UUID in lower-case hex. Thread-safe.
std::string NewRequestId();
// The lambda:invoke API result for `payload`. `payload_bytes` is the function's raw response
// length (the Content-Length header). `executed_version` is "$LATEST" or a version number.
json::Value MakeLambdaInvokeResult(json::Value payload, size_t payload_bytes,
                                   std::string_view request_id,
                                   std::string_view executed_version = "$LATEST");

}  // namespace sfn::integrations
