// Task state (ASL spec "Task State"): resource invocation through the TaskInvoker, with
// TimeoutSeconds, Retry and Catch, recording Task* (or legacy LambdaFunction*) events.
#include "engine/awaitables.h"
#include "engine/engine.h"
#include "engine/state_run.h"

namespace sfn::engine {
namespace {

using asl::Failure;
using asl::Outcome;

struct ResourceInfo {
  bool legacy_lambda = false;  // arn:aws:lambda:...:function:NAME
  std::string type;            // "lambda", "states", "aws-sdk:s3", ...
  std::string name;            // "invoke", "startExecution.sync:2", ...
};

// arn:<partition>:states:::<service>:<api>[.<pattern>] -> {service, api}; aws-sdk:<svc>:<api>.
ResourceInfo ParseResource(const std::string& r) {
  ResourceInfo ri;
  if (r.find(":lambda:") != std::string::npos && r.find(":function:") != std::string::npos) {
    ri.legacy_lambda = true;
    ri.type = "lambda";
    ri.name = r;
    return ri;
  }
  std::string_view rest(r);
  auto pos = rest.find(":states:::");
  if (pos == std::string_view::npos) {
    ri.type = "unknown";
    ri.name = r;
    return ri;
  }
  rest.remove_prefix(pos + 10);
  if (rest.rfind("aws-sdk:", 0) == 0) {
    auto p2 = rest.find(':', 8);
    ri.type = std::string(rest.substr(0, p2));
    ri.name = p2 == std::string_view::npos ? "" : std::string(rest.substr(p2 + 1));
    return ri;
  }
  auto colon = rest.find(':');
  ri.type = std::string(rest.substr(0, colon));
  ri.name = colon == std::string_view::npos ? "" : std::string(rest.substr(colon + 1));
  return ri;
}

// Evaluates TimeoutSeconds / HeartbeatSeconds (literal, Path or JSONata). 0 = none.
Outcome<double> Seconds(StateRun& run, const asl::FieldSpec& f, const json::Value& in,
                        const char* path_field) {
  if (f.literal) return json::AsDouble(*f.literal);
  if (f.path) {
    auto v = f.path->Evaluate(run.Scope(&in));
    if (!v || !json::IsNumber(*v) || !json::IsIntegral(*v) || json::AsDouble(*v) <= 0)
      return run.Runtime(std::string("The ") + path_field + " field refers to value \"" +
                         (v ? (v->is_string() ? std::string(v->get_string()) : json::Serialize(*v))
                            : std::string("null")) +
                         "\" which is not a valid positive integer: " + f.path->text());
    return json::AsDouble(*v);
  }
  if (f.expr) {
    auto v = f.expr->Evaluate(run.Env(&in));
    if (!v.ok()) return run.Prefixed(std::move(v).failure());
    if (!json::IsNumber(v.value()))
      return run.Runtime("TimeoutSeconds must be a number", asl::errors::kQueryEvaluationError);
    return json::AsDouble(v.value());
  }
  return 0.0;
}

struct InvokeResult {
  bool cancelled = false;
  bool timed_out = false;
  Outcome<json::Value> outcome = json::Value();
};

Task<InvokeResult> Invoke(StateRun& run, integrations::TaskRequest req, double timeout_s) {
  Engine& engine = *run.ex().engine;
  InvokeResult ir;
  auto* invoker = engine.options().invoker;
  if (!invoker) {
    ir.outcome = Failure{asl::errors::kRuntime,
                         "No task resource is configured for '" + req.resource +
                             "'. Give a local function (--function NAME=COMMAND) or a mock "
                             "configuration (--mock-config FILE --test-case NAME)."};
    co_return ir;
  }
  auto slot = std::make_shared<ExternalResult<Outcome<json::Value>>>(engine.loop());
  slot->Begin();
  std::uint64_t timer = 0;
  bool timed_out = false;
  if (timeout_s > 0) {
    double scaled = timeout_s * std::max(engine.options().wait_time_scale, 1e-9);
    timer = engine.loop().AddTimer(
        engine.loop().Now() + std::chrono::microseconds(static_cast<long long>(scaled * 1e6)),
        [slot, &timed_out] {
          timed_out = true;
          slot->Abandon();
        });
  }
  CancelScope* scope = run.frame().cancel;
  int cancel_id = scope->OnCancel([slot] { slot->Abandon(); });
  invoker->Invoke(std::move(req), [slot](Outcome<json::Value> o) { slot->Complete(std::move(o)); });
  std::optional<Outcome<json::Value>> got = co_await slot->Wait();
  scope->Remove(cancel_id);
  if (timer) engine.loop().CancelTimer(timer);
  if (got) {
    ir.outcome = std::move(*got);
  } else if (timed_out) {
    ir.timed_out = true;
    ir.outcome = Failure{asl::errors::kTimeout, ""};
  } else {
    ir.cancelled = true;
  }
  co_return ir;
}

}  // namespace

Task<StateOutcome> RunTaskState(StateRun& run) {
  const asl::State& s = run.state();
  Execution& ex = run.ex();
  const ResourceInfo ri = ParseResource(s.resource);
  auto effective = run.EffectiveInput();
  if (!effective.ok()) co_return StateOutcome::Fail(std::move(effective).failure());
  json::Value in = std::move(effective).value();
  auto timeout = Seconds(run, s.timeout_seconds, in, "TimeoutSecondsPath");
  if (!timeout.ok()) co_return StateOutcome::Fail(std::move(timeout).failure());
  auto heartbeat = Seconds(run, s.heartbeat_seconds, in, "HeartbeatSecondsPath");
  if (!heartbeat.ok()) co_return StateOutcome::Fail(std::move(heartbeat).failure());
  const bool history = ex.history.enabled();
  const std::string& region = ex.engine->options().region;

  while (true) {
    // Parameters see $$.State.RetryCount of this attempt.
    json::Value params = in;
    if (s.parameters) {
      asl::PathScope scope;
      scope.input = &in;
      scope.context = s.uses_context ? run.Context(run.retry_count()) : nullptr;
      scope.variables = run.frame().vars;
      auto p = s.parameters->Evaluate(scope);
      if (!p.ok()) co_return StateOutcome::Fail(run.Prefixed(std::move(p).failure()));
      params = std::move(p).value();
    } else if (run.jsonata()) {
      auto p = run.WorkInput();
      if (!p.ok()) co_return StateOutcome::Fail(std::move(p).failure());
      params = std::move(p).value();
    }
    if (ri.legacy_lambda) {
      json::Object d;
      if (history) {
        d["resource"] = s.resource;
        d["input"] = json::Serialize(params);
        d["inputDetails"] = json::Object{{"truncated", false}};
        if (timeout.value() > 0) d["timeoutInSeconds"] = static_cast<std::int64_t>(timeout.value());
      }
      run.Emit("LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", std::move(d));
      run.Emit("LambdaFunctionStarted", "", {});
    } else {
      json::Object d;
      if (history) {
        d["resourceType"] = ri.type;
        d["resource"] = ri.name;
        d["region"] = region;
        d["parameters"] = json::Serialize(params);
        if (timeout.value() > 0) d["timeoutInSeconds"] = static_cast<std::int64_t>(timeout.value());
        if (heartbeat.value() > 0)
          d["heartbeatInSeconds"] = static_cast<std::int64_t>(heartbeat.value());
      }
      run.Emit("TaskScheduled", "taskScheduledEventDetails", std::move(d));
      json::Object st;
      if (history) {
        st["resourceType"] = ri.type;
        st["resource"] = ri.name;
      }
      run.Emit("TaskStarted", "taskStartedEventDetails", std::move(st));
    }
    integrations::TaskRequest req;
    req.resource = s.resource;
    req.parameters = std::move(params);
    req.state_name = s.name;
    req.state_machine_name = ex.state_machine_name;
    req.execution_arn = ex.arn;
    req.execution_name = ex.name;
    req.invocation_index = ex.invocations[&s]++;
    req.region = region;
    req.account = ex.engine->options().account;
    InvokeResult ir = co_await Invoke(run, std::move(req), timeout.value());
    if (ir.cancelled) co_return StateOutcome::Cancelled();
    if (ir.outcome.ok()) {
      json::Value result = std::move(ir.outcome).value();
      if (auto f = run.CheckOutputSize(result)) {
        ir.outcome = Failure{asl::errors::kDataLimitExceeded,
                             "The state/task '" + s.resource +
                                 "' returned a result with a size exceeding the maximum number of "
                                 "bytes service limit."};
      } else {
        json::Object d;
        if (history) {
          if (!ri.legacy_lambda) {
            d["resourceType"] = ri.type;
            d["resource"] = ri.name;
          }
          d["output"] = json::Serialize(result);
          d["outputDetails"] = json::Object{{"truncated", false}};
        }
        if (ri.legacy_lambda)
          run.Emit("LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails", std::move(d));
        else
          run.Emit("TaskSucceeded", "taskSucceededEventDetails", std::move(d));
        co_return run.FinishWithResult(std::move(result), s.next, s.end);
      }
    }
    Failure f = std::move(ir.outcome).failure();
    {
      json::Object d;
      if (history) {
        if (!ri.legacy_lambda) {
          d["resourceType"] = ri.type;
          d["resource"] = ri.name;
        }
        d["error"] = f.error;
        d["cause"] = f.cause;
      }
      if (ri.legacy_lambda)
        run.Emit(ir.timed_out ? "LambdaFunctionTimedOut" : "LambdaFunctionFailed",
                 ir.timed_out ? "lambdaFunctionTimedOutEventDetails"
                              : "lambdaFunctionFailedEventDetails",
                 std::move(d));
      else
        run.Emit(ir.timed_out ? "TaskTimedOut" : "TaskFailed",
                 ir.timed_out ? "taskTimedOutEventDetails" : "taskFailedEventDetails",
                 std::move(d));
    }
    if (f.error == asl::errors::kRuntime) co_return StateOutcome::Fail(std::move(f));
    if (auto delay = run.NextRetryDelay(f)) {
      if (!co_await SleepSeconds(run.frame(), *delay)) co_return StateOutcome::Cancelled();
      continue;
    }
    if (auto caught = run.Catch(f)) co_return std::move(*caught);
    co_return StateOutcome::Fail(std::move(f));
  }
}

}  // namespace sfn::engine
