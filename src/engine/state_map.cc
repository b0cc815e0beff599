// Map state (ASL spec "Map State"). Inline mode runs iterations inside this execution with
// MapIteration* events; Distributed mode is delegated to the MapRunner (src/distributed).
#include "engine/awaitables.h"
#include "engine/engine.h"
#include "engine/interpreter.h"
#include "engine/map_common.h"
#include "engine/map_runner.h"
#include "engine/state_run.h"

namespace sfn::engine {
namespace {

using asl::Failure;

json::Object IterationDetails(const std::string& name, std::size_t index) {
  json::Object d;
  d["index"] = static_cast<std::int64_t>(index);
  d["name"] = name;
  return d;
}

struct InlineRun {
  StateRun& run;
  const asl::Program& processor;
  const json::Value& effective;
  const MapItems& items;
  std::size_t next = 0;
  std::vector<json::Value> results;
  CancelScope group;
  JoinCounter join;
  std::optional<Failure> failure;
  InlineRun(StateRun& r, const asl::Program& p, const json::Value& e, const MapItems& i)
      : run(r),
        processor(p),
        effective(e),
        items(i),
        results(i.values.size()),
        group(r.frame().cancel),
        join(r.ex().engine->loop()) {}
};

Task<void> Worker(InlineRun& m) {
  Frame& frame = m.run.frame();
  const std::string& name = m.run.state().name;
  const bool history = m.run.ex().history.enabled();
  while (m.next < m.items.values.size() && !m.group.cancelled()) {
    std::size_t i = m.next++;
    Tracker it;
    it.last = m.run.Emit("MapIterationStarted", "mapIterationStartedEventDetails",
                         history ? IterationDetails(name, i) : json::Object(), /*side=*/true);
    auto input = MapIterationInput(m.run, m.effective, m.items, i, "");
    if (!input.ok()) {
      if (!m.failure) m.failure = std::move(input).failure();
      m.group.Cancel();
      break;
    }
    VariableScope vars(frame.vars);
    Tracker* saved = &it;
    ProgramResult r = co_await RunProgram(m.processor, std::move(input).value(),
                                          Frame{frame.ex, saved, &vars, &m.group});
    frame.tracker->last = it.last;
    json::Object d = history ? IterationDetails(name, i) : json::Object();
    if (r.ok) {
      m.results[i] = std::move(r.output);
      m.run.Emit("MapIterationSucceeded", "mapIterationSucceededEventDetails", std::move(d), true);
    } else if (r.cancelled) {
      m.run.Emit("MapIterationAborted", "mapIterationAbortedEventDetails", std::move(d), true);
    } else {
      m.run.Emit("MapIterationFailed", "mapIterationFailedEventDetails", std::move(d), true);
      if (!m.failure) m.failure = std::move(r.failure);
      m.group.Cancel();
    }
  }
  m.join.Done();
}

// Runs all iterations once. Returns the results, a failure, or nullopt+cancelled.
Task<StateOutcome> RunInlineOnce(StateRun& run, const json::Value& effective, const MapItems& items,
                                 long long max_concurrency) {
  InlineRun m(run, *run.state().map->processor, effective, items);
  std::size_t n = items.values.size();
  std::size_t limit = max_concurrency > 0 ? static_cast<std::size_t>(max_concurrency) : n;
  std::size_t workers = 0;
  while (m.next < n && workers < limit && !m.group.cancelled()) {
    ++workers;
    m.join.Add();
    Spawn(Worker(m));
  }
  co_await m.join.Wait();
  if (run.frame().cancel->cancelled()) co_return StateOutcome::Cancelled();
  if (m.failure) co_return StateOutcome::Fail(std::move(*m.failure));
  json::Array out;
  out.reserve(n);
  for (auto& r : m.results) out.push_back(std::move(r));
  StateOutcome o;
  o.kind = StateOutcome::Kind::kEnd;
  o.output = json::Value(std::move(out));
  co_return o;
}

}  // namespace

Task<StateOutcome> RunMapState(StateRun& run) {
  const asl::State& s = run.state();
  Frame& frame = run.frame();
  auto effective_r = run.EffectiveInput();
  if (!effective_r.ok()) co_return StateOutcome::Fail(std::move(effective_r).failure());
  const json::Value effective = std::move(effective_r).value();
  const bool distributed = s.map->distributed;

  while (true) {
    StateOutcome attempt;
    if (distributed) {
      MapRunner* runner = run.ex().engine->options().map_runner;
      if (!runner) {
        co_return StateOutcome::Fail(
            run.Runtime("Distributed Map is not available in this engine configuration."));
      }
      attempt = co_await runner->Run(run, effective);
    } else {
      auto items = ResolveMapItems(run, effective);
      if (!items.ok()) co_return StateOutcome::Fail(std::move(items).failure());
      auto conc = MapMaxConcurrency(run, effective);
      if (!conc.ok()) co_return StateOutcome::Fail(std::move(conc).failure());
      json::Object d;
      d["length"] = static_cast<std::int64_t>(items.value().values.size());
      run.Emit("MapStateStarted", "mapStateStartedEventDetails", std::move(d));
      attempt = co_await RunInlineOnce(run, effective, items.value(), conc.value());
    }
    if (attempt.kind == StateOutcome::Kind::kCancelled) {
      run.Emit("MapStateAborted", "", {});
      co_return attempt;
    }
    if (attempt.kind != StateOutcome::Kind::kFailed) {
      run.Emit("MapStateSucceeded", "", {}, /*side=*/true);
      co_return run.FinishWithResult(std::move(attempt.output), s.next, s.end);
    }
    Failure f = std::move(attempt.failure);
    // Failures raised before MapStateStarted/MapRun (path validation) carry no MapStateFailed.
    run.Emit("MapStateFailed", "", {});
    if (f.error == asl::errors::kRuntime) co_return StateOutcome::Fail(std::move(f));
    if (auto delay = run.NextRetryDelay(f)) {
      if (!co_await SleepSeconds(frame, *delay)) co_return StateOutcome::Cancelled();
      continue;
    }
    if (auto caught = run.Catch(f)) co_return std::move(*caught);
    co_return StateOutcome::Fail(std::move(f));
  }
}

}  // namespace sfn::engine
