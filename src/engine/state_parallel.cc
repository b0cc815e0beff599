// Parallel state (ASL spec "Parallel State"): branches run concurrently on the loop, each with its
// own variable scope; the first failure stops the others.
#include "engine/awaitables.h"
#include "engine/engine.h"
#include "engine/interpreter.h"
#include "engine/state_run.h"

namespace sfn::engine {
namespace {

using asl::Failure;

struct BranchSlot {
  Tracker tracker;
  std::unique_ptr<VariableScope> vars;
  ProgramResult result;
};

Task<void> RunBranch(const asl::Program& program, json::Value input, Frame frame, BranchSlot& slot,
                     CancelScope& group, JoinCounter& join) {
  slot.result = co_await RunProgram(program, std::move(input), frame);
  if (!slot.result.ok && !slot.result.cancelled) group.Cancel();
  join.Done();
}

}  // namespace

Task<StateOutcome> RunParallelState(StateRun& run) {
  const asl::State& s = run.state();
  Frame& frame = run.frame();
  auto params = run.WorkInput();
  if (!params.ok()) co_return StateOutcome::Fail(std::move(params).failure());
  json::Value in = std::move(params).value();

  while (true) {
    std::int64_t started = run.Emit("ParallelStateStarted", "", {});
    CancelScope group(frame.cancel);
    JoinCounter join(run.ex().engine->loop());
    std::vector<BranchSlot> slots(s.branches.size());
    for (std::size_t i = 0; i < s.branches.size(); ++i) {
      BranchSlot& slot = slots[i];
      slot.tracker.last = started;
      slot.vars = std::make_unique<VariableScope>(frame.vars);
      Frame bf{frame.ex, &slot.tracker, slot.vars.get(), &group};
      join.Add();
      Spawn(RunBranch(*s.branches[i], in, bf, slot, group, join));
    }
    co_await join.Wait();
    for (const auto& slot : slots)
      frame.tracker->last = std::max(frame.tracker->last, slot.tracker.last);
    if (frame.cancel->cancelled()) {
      run.Emit("ParallelStateAborted", "", {});
      co_return StateOutcome::Cancelled();
    }
    const Failure* failure = nullptr;
    for (const auto& slot : slots) {
      if (!slot.result.ok && !slot.result.cancelled) {
        failure = &slot.result.failure;
        break;
      }
    }
    if (!failure) {
      json::Array results;
      results.reserve(slots.size());
      for (auto& slot : slots) results.push_back(std::move(slot.result.output));
      run.Emit("ParallelStateSucceeded", "", {}, /*side=*/true);
      co_return run.FinishWithResult(json::Value(std::move(results)), s.next, s.end);
    }
    Failure f = *failure;
    run.Emit("ParallelStateFailed", "", {});
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
