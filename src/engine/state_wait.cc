// Wait state (ASL spec "Wait State"): Seconds, SecondsPath, Timestamp, TimestampPath, or a
// JSONata expression; delays are scaled by the engine's wait time scale.
#include <cmath>

#include "engine/engine.h"
#include "engine/state_run.h"

namespace sfn::engine {
namespace {

using asl::Failure;

constexpr double kMaxDelaySeconds = 2147483647.0;  // 2^31-1 s ("Wait state delay is too long.")

std::string Shown(const json::Value& v) {
  return v.is_string() ? std::string(v.get_string()) : json::Serialize(v);
}

// Seconds to wait, or a failure with AWS's cause.
asl::Outcome<double> WaitSeconds(StateRun& run, const json::Value& in) {
  const asl::State& s = run.state();
  SystemTime now = run.ex().engine->loop().Now();
  auto until = [&](SystemTime t) -> double {
    return std::chrono::duration<double>(t - now).count();
  };
  if (s.seconds.literal) return json::AsDouble(*s.seconds.literal);
  if (s.seconds.path) {
    const asl::JsonPath& p = *s.seconds.path;
    auto v = p.Evaluate(run.Scope(&in));
    if (!v)
      return run.Runtime("The SecondsPath parameter does not reference an input value: " +
                         p.text());
    if (!json::IsNumber(*v) || !json::IsIntegral(*v))
      return run.Runtime("The SecondsPath parameter cannot be parsed as a long value: " + p.text() +
                         " == " + Shown(*v));
    double d = json::AsDouble(*v);
    if (d < 0)
      return run.Runtime("The SecondsPath parameter references a negative value: " + p.text() +
                         " == " + Shown(*v));
    return d;
  }
  if (s.timestamp.literal) {
    std::string text = Shown(*s.timestamp.literal);
    auto t = ParseRfc3339(text);
    if (!t)
      return run.Runtime(
          "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format "
          "string: " +
          text);
    return until(*t);
  }
  if (s.timestamp.path) {
    const asl::JsonPath& p = *s.timestamp.path;
    auto v = p.Evaluate(run.Scope(&in));
    std::optional<SystemTime> t;
    if (v && v->is_string()) t = ParseRfc3339(std::string(v->get_string()));
    if (!t)
      return run.Runtime(
          "The TimestampPath parameter does not reference a valid ISO-8601 extended offset "
          "date-time format string: " +
          p.text() + " == " + (v ? Shown(*v) : std::string("null")));
    return until(*t);
  }
  if (s.seconds.expr) {
    auto v = s.seconds.expr->Evaluate(run.Env(&in));
    if (!v.ok()) return run.Prefixed(std::move(v).failure());
    if (!json::IsNumber(v.value()) || !json::IsIntegral(v.value()) || json::AsDouble(v.value()) < 0)
      return run.Runtime("The Seconds field must be a non-negative integer, but was: " +
                             json::Serialize(v.value()),
                         asl::errors::kQueryEvaluationError);
    return json::AsDouble(v.value());
  }
  if (s.timestamp.expr) {
    auto v = s.timestamp.expr->Evaluate(run.Env(&in));
    if (!v.ok()) return run.Prefixed(std::move(v).failure());
    std::optional<SystemTime> t;
    if (v.value().is_string()) t = ParseRfc3339(std::string(v.value().get_string()));
    if (!t)
      return run.Runtime(
          "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format "
          "string: " +
              Shown(v.value()),
          asl::errors::kQueryEvaluationError);
    return until(*t);
  }
  return 0.0;
}

}  // namespace

Task<StateOutcome> RunWaitState(StateRun& run) {
  const asl::State& s = run.state();
  auto effective = run.EffectiveInput();
  if (!effective.ok()) co_return StateOutcome::Fail(std::move(effective).failure());
  json::Value in = std::move(effective).value();
  auto secs = WaitSeconds(run, in);
  if (!secs.ok()) co_return StateOutcome::Fail(std::move(secs).failure());
  double delay = std::max(0.0, secs.value());
  if (delay > kMaxDelaySeconds)
    co_return StateOutcome::Fail(run.Runtime("Wait state delay is too long."));
  if (delay > 0) {
    bool finished = co_await SleepSeconds(run.frame(), delay);
    if (!finished) co_return StateOutcome::Cancelled();
  }
  co_return run.FinishPassThrough(in, s.next, s.end);
}

}  // namespace sfn::engine
