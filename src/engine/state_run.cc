#include "engine/state_run.h"

#include <cmath>

#include "engine/awaitables.h"
#include "engine/engine.h"

namespace sfn::engine {
namespace {

using asl::Failure;
using asl::Outcome;
using asl::PathField;

constexpr std::size_t kMaxPayloadBytes = 262144;

std::string TypeEvent(asl::StateType t, const char* suffix) {
  return std::string(asl::StateTypeName(t)) + suffix;
}

// Interned event type names ("PassStateEntered" ...), stable for the program's lifetime.
const char* Interned(const std::string& s) {
  static std::unordered_map<std::string, std::unique_ptr<std::string>> table;
  auto it = table.find(s);
  if (it == table.end()) it = table.emplace(s, std::make_unique<std::string>(s)).first;
  return it->second->c_str();
}

// Size of the serialised form, stopping early once past `limit`.
std::size_t SizeUpTo(const json::Value& v, std::size_t limit) {
  switch (v.kind()) {
    case json::Kind::string:
      return v.get_string().size() + 2;
    case json::Kind::array: {
      std::size_t n = 2;
      for (const auto& e : v.get_array()) {
        n += SizeUpTo(e, limit) + 1;
        if (n > limit) return n;
      }
      return n;
    }
    case json::Kind::object: {
      std::size_t n = 2;
      for (const auto& kv : v.get_object()) {
        n += kv.key().size() + 4 + SizeUpTo(kv.value(), limit);
        if (n > limit) return n;
      }
      return n;
    }
    default:
      return 8;
  }
}

}  // namespace

bool ErrorMatches(const std::vector<std::string>& error_equals, const std::string& error) {
  for (const auto& e : error_equals) {
    if (e == error) return true;
    if (error == asl::errors::kRuntime) continue;  // never retried nor caught
    if (e == asl::errors::kAll) return true;
    // States.TaskFailed matches any error except States.Timeout (ASL spec, "Error Names").
    if (e == asl::errors::kTaskFailed && error != asl::errors::kTimeout) return true;
  }
  return false;
}

StateRun::StateRun(const asl::State& state, Frame frame, json::Value raw_input)
    : state_(state), frame_(frame), raw_input_(std::move(raw_input)) {}

void StateRun::Enter() {
  entered_time_ = ex().engine->loop().Now();
  json::Object d;
  if (ex().history.enabled()) d = StateEnteredDetails(state_.name, json::Serialize(raw_input_));
  entered_id_ = Emit(Interned(TypeEvent(state_.type, "StateEntered")), "stateEnteredEventDetails",
                     std::move(d));
}

std::int64_t StateRun::Emit(const char* type, const char* details_key, json::Object details,
                            bool side) {
  return ex().history.Append(*frame_.tracker, ex().engine->loop().Now(), type, details_key,
                             std::move(details), side);
}

const json::Value* StateRun::Context(int retry_count, const std::string* task_token) {
  if (context_ && retry_count < 0 && !task_token) return &*context_;
  Execution& e = ex();
  if (!e.context_base) {
    json::Object exec;
    exec["Id"] = e.arn;
    exec["Input"] = e.input;
    exec["StartTime"] = FormatIso8601(e.start_time);
    exec["Name"] = e.name;
    exec["RoleArn"] = e.role_arn;
    if (!e.sync) exec["RedriveCount"] = 0;  // absent for StartSyncExecution
    json::Object sm;
    sm["Id"] = e.state_machine_arn;
    sm["Name"] = e.state_machine_name;
    json::Object base;
    base["Execution"] = std::move(exec);
    base["StateMachine"] = std::move(sm);
    e.context_base = json::Value(std::move(base));
  }
  json::Object ctx = e.context_base->get_object();
  json::Object st;
  st["Name"] = state_.name;
  st["EnteredTime"] = FormatIso8601(entered_time_);
  if (retry_count >= 0) st["RetryCount"] = retry_count;
  ctx["State"] = std::move(st);
  if (task_token) ctx["Task"] = json::Object{{"Token", *task_token}};
  context_ = json::Value(std::move(ctx));
  return &*context_;
}

asl::PathScope StateRun::Scope(const json::Value* input) {
  asl::PathScope s;
  s.input = input;
  s.context = state_.uses_context ? Context() : nullptr;
  s.variables = frame_.vars;
  return s;
}

asl::EvalEnv StateRun::Env(const json::Value* input) {
  asl::EvalEnv env;
  env.scope = Scope(input);
  return env;
}

asl::EvalEnv StateRun::JsonataEnv(const json::Value* result, const json::Value* error_output) {
  asl::EvalEnv env;
  env.scope = Scope(&raw_input_);
  env.result = result;
  env.error_output = error_output;
  return env;
}

Outcome<json::Object> StateRun::EvaluateAssignExpr(const asl::ValueExpr* assign,
                                                   const json::Value* result,
                                                   const json::Value* error_output) {
  if (!assign) return json::Object();
  auto r = assign->Evaluate(JsonataEnv(result, error_output));
  if (!r.ok()) return Prefixed(std::move(r).failure());
  if (!r.value().is_object()) return json::Object();
  return std::move(r.value().get_object());
}

Outcome<json::Value> StateRun::WorkInput() {
  if (jsonata()) {
    if (!state_.arguments) return raw_input_;
    auto r = state_.arguments->Evaluate(JsonataEnv());
    if (!r.ok()) return Prefixed(std::move(r).failure());
    return std::move(r).value();
  }
  auto effective = ApplyInputPath(raw_input_);
  if (!effective.ok()) return std::move(effective).failure();
  return ApplyParameters(std::move(effective).value());
}

Outcome<json::Value> StateRun::EffectiveInput() {
  if (jsonata()) return raw_input_;
  return ApplyInputPath(raw_input_);
}

StateOutcome StateRun::FinishWithResult(json::Value result, const std::string& next, bool end) {
  if (jsonata()) {
    auto assigned = EvaluateAssignExpr(state_.assign_expr.get(), &result, nullptr);
    if (!assigned.ok()) return StateOutcome::Fail(std::move(assigned).failure());
    json::Value out = std::move(result);
    if (state_.output) {
      auto o = state_.output->Evaluate(JsonataEnv(&out));
      if (!o.ok()) return StateOutcome::Fail(Prefixed(std::move(o).failure()));
      out = std::move(o).value();
    }
    return Exit(std::move(out), next, end, &assigned.value());
  }
  auto selected = ApplyResultSelector(std::move(result));
  if (!selected.ok()) return StateOutcome::Fail(std::move(selected).failure());
  auto assigned = EvaluateAssign(state_.assign, selected.value());
  if (!assigned.ok()) return StateOutcome::Fail(std::move(assigned).failure());
  auto out = ApplyResultPath(state_.result_path, std::move(selected).value());
  if (!out.ok()) return StateOutcome::Fail(std::move(out).failure());
  auto final_out = ApplyOutputPath(std::move(out).value());
  if (!final_out.ok()) return StateOutcome::Fail(std::move(final_out).failure());
  return Exit(std::move(final_out).value(), next, end, &assigned.value());
}

StateOutcome StateRun::FinishPassThrough(const json::Value& effective, const std::string& next,
                                         bool end, const asl::ChoiceRule* rule) {
  if (jsonata()) {
    const asl::ValueExpr* assign = state_.assign_expr.get();
    const asl::ValueExpr* output = state_.output.get();
    if (rule) {
      assign = rule->assign_expr.get();
      output = rule->output.get();
    }
    auto assigned = EvaluateAssignExpr(assign, nullptr, nullptr);
    if (!assigned.ok()) return StateOutcome::Fail(std::move(assigned).failure());
    json::Value out = raw_input_;
    if (output) {
      auto o = output->Evaluate(JsonataEnv());
      if (!o.ok()) return StateOutcome::Fail(Prefixed(std::move(o).failure()));
      out = std::move(o).value();
    }
    return Exit(std::move(out), next, end, &assigned.value());
  }
  const std::optional<asl::PayloadTemplate>* assign = &state_.assign;
  if (rule) assign = &rule->assign;  // a matching rule's Assign replaces the state's
  auto assigned = EvaluateAssign(*assign, effective);
  if (!assigned.ok()) return StateOutcome::Fail(std::move(assigned).failure());
  auto out = ApplyOutputPath(effective);
  if (!out.ok()) return StateOutcome::Fail(std::move(out).failure());
  return Exit(std::move(out).value(), next, end, &assigned.value());
}

Failure StateRun::Runtime(std::string detail, const char* error) const {
  return Failure{error, "An error occurred while executing the state '" + state_.name +
                            "' (entered at the event id #" + std::to_string(entered_id_) + "). " +
                            detail};
}

Failure StateRun::Prefixed(Failure f) const {
  bool ours = f.error == asl::errors::kRuntime || f.error == asl::errors::kQueryEvaluationError ||
              f.error == asl::errors::kIntrinsicFailure;
  if (!ours || f.cause.rfind("An error occurred while executing the state", 0) == 0) return f;
  return Runtime(std::move(f.cause), f.error.c_str());
}

Outcome<json::Value> StateRun::ApplyInputPath(const json::Value& raw) {
  const PathField& ip = state_.input_path;
  if (ip.mode == PathField::Mode::kDefault) return raw;
  if (ip.mode == PathField::Mode::kNull) return json::Value(json::Object());
  auto scope = Scope(&raw);
  auto v = ip.path->Evaluate(scope);
  if (!v)
    return Runtime("Invalid path '" + ip.path->text() + "' : " + ip.path->NotFoundMessage(scope));
  return std::move(*v);
}

Outcome<json::Value> StateRun::ApplyParameters(json::Value effective) {
  if (!state_.parameters) return effective;
  auto r = state_.parameters->Evaluate(Scope(&effective));
  if (!r.ok()) return Prefixed(std::move(r).failure());
  return std::move(r).value();
}

Outcome<json::Value> StateRun::ApplyResultSelector(json::Value result) {
  if (!state_.result_selector) return result;
  auto r = state_.result_selector->Evaluate(Scope(&result));
  if (!r.ok()) return Prefixed(std::move(r).failure());
  return std::move(r).value();
}

Outcome<json::Value> StateRun::ApplyResultPath(const PathField& rp, json::Value result) {
  if (rp.mode == PathField::Mode::kDefault) return result;
  if (rp.mode == PathField::Mode::kNull) return raw_input_;
  auto r = asl::ApplyResultPath(&*rp.path, raw_input_, std::move(result));
  if (!r.ok()) return Prefixed(std::move(r).failure());
  return std::move(r).value();
}

Outcome<json::Value> StateRun::ApplyOutputPath(json::Value output) {
  const PathField& op = state_.output_path;
  if (op.mode == PathField::Mode::kDefault) return output;
  if (op.mode == PathField::Mode::kNull) return json::Value(json::Object());
  auto scope = Scope(&output);
  auto v = op.path->Evaluate(scope);
  if (!v)
    return Runtime("Invalid path '" + op.path->text() + "' : " + op.path->NotFoundMessage(scope));
  return std::move(*v);
}

Outcome<json::Object> StateRun::EvaluateAssign(const std::optional<asl::PayloadTemplate>& assign,
                                               const json::Value& assign_input) {
  if (!assign) return json::Object();
  auto r = assign->Evaluate(Scope(&assign_input));
  if (!r.ok()) return Prefixed(std::move(r).failure());
  if (!r.value().is_object()) return json::Object();
  return std::move(r.value().get_object());
}

std::optional<Failure> StateRun::CheckOutputSize(const json::Value& output) const {
  if (!ex().engine->options().enforce_limits) return std::nullopt;
  if (SizeUpTo(output, kMaxPayloadBytes) <= kMaxPayloadBytes) return std::nullopt;
  if (json::Serialize(output).size() <= kMaxPayloadBytes) return std::nullopt;
  return Failure{asl::errors::kDataLimitExceeded,
                 "The state/task '" + state_.name +
                     "' returned a result with a size exceeding the maximum number of bytes "
                     "service limit."};
}

StateOutcome StateRun::Exit(json::Value output, const std::string& next, bool end,
                            const json::Object* assigned) {
  if (auto f = CheckOutputSize(output)) return StateOutcome::Fail(std::move(*f));
  json::Object d;
  if (ex().history.enabled()) {
    d = StateExitedDetails(state_.name, json::Serialize(output));
    if (assigned && !assigned->empty()) {
      json::Object av;
      for (const auto& kv : *assigned) av[kv.key()] = json::Serialize(kv.value());
      d["assignedVariables"] = std::move(av);
      d["assignedVariablesDetails"] = json::Object{{"truncated", false}};
    }
  }
  if (assigned) {
    for (const auto& kv : *assigned) frame_.vars->Set(std::string(kv.key()), kv.value());
  }
  Emit(Interned(TypeEvent(state_.type, "StateExited")), "stateExitedEventDetails", std::move(d));
  StateOutcome o;
  o.kind = end ? StateOutcome::Kind::kEnd : StateOutcome::Kind::kNext;
  o.next = next;
  o.output = std::move(output);
  return o;
}

std::optional<double> StateRun::NextRetryDelay(const Failure& f) {
  if (retry_attempts_.size() != state_.retry.size()) retry_attempts_.assign(state_.retry.size(), 0);
  for (std::size_t i = 0; i < state_.retry.size(); ++i) {
    const asl::Retrier& r = state_.retry[i];
    if (!ErrorMatches(r.error_equals, f.error)) continue;
    long long& n = retry_attempts_[i];
    if (n >= r.max_attempts) return std::nullopt;
    // Delay = IntervalSeconds * BackoffRate^(attempt-1), capped by MaxDelaySeconds, then FULL
    // jitter draws uniformly from [0, delay] ("Retrying after an error", Retrier fields).
    double delay = r.interval_seconds * std::pow(r.backoff_rate, static_cast<double>(n));
    if (r.max_delay_seconds) delay = std::min(delay, *r.max_delay_seconds);
    if (r.jitter_full) delay *= ex().engine->Random01();
    ++n;
    ++total_retries_;
    return delay;
  }
  return std::nullopt;
}

std::optional<StateOutcome> StateRun::Catch(const Failure& f) {
  for (const asl::Catcher& c : state_.catchers) {
    if (!ErrorMatches(c.error_equals, f.error)) continue;
    json::Object eo;
    eo["Error"] = f.error;
    eo["Cause"] = f.cause;
    json::Value error_output(std::move(eo));
    if (jsonata()) {
      auto assigned = EvaluateAssignExpr(c.assign_expr.get(), nullptr, &error_output);
      if (!assigned.ok()) return StateOutcome::Fail(std::move(assigned).failure());
      json::Value out = error_output;
      if (c.output) {
        auto o = c.output->Evaluate(JsonataEnv(nullptr, &error_output));
        if (!o.ok()) return StateOutcome::Fail(Prefixed(std::move(o).failure()));
        out = std::move(o).value();
      }
      return Exit(std::move(out), c.next, false, &assigned.value());
    }
    auto assigned = EvaluateAssign(c.assign, error_output);
    if (!assigned.ok()) return StateOutcome::Fail(std::move(assigned).failure());
    auto out = ApplyResultPath(c.result_path, error_output);
    if (!out.ok()) return StateOutcome::Fail(std::move(out).failure());
    return Exit(std::move(out).value(), c.next, false, &assigned.value());
  }
  return std::nullopt;
}

Task<bool> SleepSeconds(Frame& frame, double seconds) {
  Engine& engine = *frame.ex->engine;
  double scaled = seconds * engine.options().wait_time_scale;
  if (scaled <= 0) co_return !frame.cancel->cancelled();
  auto when = engine.loop().Now() + std::chrono::microseconds(static_cast<long long>(scaled * 1e6));
  WakeReason r = co_await SleepUntil(engine.loop(), when, frame.cancel);
  co_return r == WakeReason::kTimer;
}

}  // namespace sfn::engine
