// The state loop and the states that never suspend: Pass, Choice, Succeed, Fail.
#include "engine/interpreter.h"

#include "engine/engine.h"
#include "engine/state_run.h"

namespace sfn::engine {
namespace {

using asl::Failure;
using asl::StateType;

bool Suspends(StateType t) {
  return t == StateType::kTask || t == StateType::kWait || t == StateType::kParallel ||
         t == StateType::kMap;
}

Task<StateOutcome> RunSuspending(StateRun& run) {
  switch (run.state().type) {
    case StateType::kTask:
      co_return co_await RunTaskState(run);
    case StateType::kWait:
      co_return co_await RunWaitState(run);
    case StateType::kParallel:
      co_return co_await RunParallelState(run);
    case StateType::kMap:
      co_return co_await RunMapState(run);
    default:
      co_return StateOutcome::Fail(Failure{asl::errors::kRuntime, "unreachable"});
  }
}

StateOutcome RunImmediate(StateRun& run) {
  switch (run.state().type) {
    case StateType::kPass:
      return RunPassState(run);
    case StateType::kChoice:
      return RunChoiceState(run);
    case StateType::kSucceed:
      return RunSucceedState(run);
    case StateType::kFail:
      return RunFailState(run);
    default:
      return StateOutcome::Fail(Failure{asl::errors::kRuntime, "unreachable"});
  }
}

// Fail ErrorPath/CausePath or literal Error/Cause.
asl::Outcome<std::optional<std::string>> FailField(StateRun& run, const asl::FieldSpec& f,
                                                   const char* path_field) {
  if (f.literal) {
    if (f.literal->is_string())
      return std::optional<std::string>(std::string(f.literal->get_string()));
    return std::optional<std::string>(json::Serialize(*f.literal));
  }
  const json::Value& in = run.raw_input();
  if (f.dynamic) {
    auto v = f.dynamic->Evaluate(run.Scope(&in), path_field);
    if (!v.ok()) return run.Prefixed(std::move(v).failure());
    if (v.value().is_string())
      return std::optional<std::string>(std::string(v.value().get_string()));
    return std::optional<std::string>(json::Serialize(v.value()));
  }
  if (f.expr) {
    auto v = f.expr->Evaluate(run.JsonataEnv());
    if (!v.ok()) return run.Prefixed(std::move(v).failure());
    if (v.value().is_string())
      return std::optional<std::string>(std::string(v.value().get_string()));
    return std::optional<std::string>(json::Serialize(v.value()));
  }
  return std::optional<std::string>();
}

}  // namespace

StateOutcome RunPassState(StateRun& run) {
  const asl::State& s = run.state();
  if (run.jsonata()) return run.FinishPassThrough(run.raw_input(), s.next, s.end);
  auto effective = run.EffectiveInput();
  if (!effective.ok()) return StateOutcome::Fail(std::move(effective).failure());
  json::Value result;
  if (s.result) {
    result = *s.result;
  } else {
    auto p = run.ApplyParameters(std::move(effective).value());
    if (!p.ok()) return StateOutcome::Fail(std::move(p).failure());
    result = std::move(p).value();
  }
  return run.FinishWithResult(std::move(result), s.next, s.end);
}

StateOutcome RunChoiceState(StateRun& run) {
  const asl::State& s = run.state();
  auto effective = run.EffectiveInput();
  if (!effective.ok()) return StateOutcome::Fail(std::move(effective).failure());
  const json::Value& in = effective.value();
  asl::EvalEnv env = run.jsonata() ? run.JsonataEnv() : run.Env(&in);
  const asl::ChoiceRule* matched = nullptr;
  for (const auto& rule : s.choices) {
    auto r = asl::EvaluateChoiceRule(rule, env);
    if (!r.ok()) return StateOutcome::Fail(run.Prefixed(std::move(r).failure()));
    if (r.value()) {
      matched = &rule;
      break;
    }
  }
  if (matched) return run.FinishPassThrough(in, matched->next, false, matched);
  if (s.default_next.empty())
    return StateOutcome::Fail(Failure{asl::errors::kNoChoiceMatched, "No Matches!"});
  return run.FinishPassThrough(in, s.default_next, false);
}

StateOutcome RunSucceedState(StateRun& run) {
  auto effective = run.EffectiveInput();
  if (!effective.ok()) return StateOutcome::Fail(std::move(effective).failure());
  return run.FinishPassThrough(effective.value(), "", true);
}

StateOutcome RunFailState(StateRun& run) {
  const asl::State& s = run.state();
  auto error = FailField(run, s.error, "ErrorPath");
  if (!error.ok()) return StateOutcome::Fail(std::move(error).failure());
  auto cause = FailField(run, s.cause, "CausePath");
  if (!cause.ok()) return StateOutcome::Fail(std::move(cause).failure());
  Failure f;
  f.error = error.value().value_or("");
  f.cause = cause.value().value_or("");
  return StateOutcome::Fail(std::move(f));
}

Task<ProgramResult> RunProgram(const asl::Program& program, json::Value input, Frame frame) {
  const asl::State* state = program.Find(program.start_at);
  json::Value data = std::move(input);
  ProgramResult result;
  while (true) {
    if (frame.cancel->cancelled()) {
      result.cancelled = true;
      co_return result;
    }
    if (frame.ex->engine->options().enforce_limits && frame.ex->type == ExecutionType::kStandard &&
        frame.ex->history.size() >= 25000) {
      result.failure = Failure{asl::errors::kRuntime,
                               "The execution reached the maximum number of history events "
                               "(25000). Run it with limits lifted or split the work."};
      co_return result;
    }
    StateRun run(*state, frame, std::move(data));
    run.Enter();
    // Note: no co_await inside ?: (GCC 12 miscompiles temporaries of that form).
    StateOutcome out;
    if (Suspends(state->type)) {
      out = co_await RunSuspending(run);
    } else {
      out = RunImmediate(run);
    }
    switch (out.kind) {
      case StateOutcome::Kind::kFailed:
        result.failure = std::move(out.failure);
        co_return result;
      case StateOutcome::Kind::kCancelled:
        result.cancelled = true;
        co_return result;
      case StateOutcome::Kind::kEnd:
        result.ok = true;
        result.output = std::move(out.output);
        co_return result;
      case StateOutcome::Kind::kNext:
        state = program.Find(out.next);
        data = std::move(out.output);
        if (!state) {
          result.failure = Failure{asl::errors::kRuntime, "Missing transition target: " + out.next};
          co_return result;
        }
        break;
    }
  }
}

}  // namespace sfn::engine
