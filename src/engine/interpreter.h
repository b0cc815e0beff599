// The ASL interpreter: runs a Program (States block) as a coroutine on the engine's event loop,
// recording history events exactly as AWS does. Spec: Amazon States Language, "States".
#pragma once

#include "asl/failure.h"
#include "asl/model/state_machine.h"
#include "engine/coro.h"
#include "engine/execution.h"

namespace sfn::engine {

// Outcome of running a States block: its final output, or a failure. `cancelled` marks a run
// stopped because a sibling failed or the execution was stopped/timed out.
struct ProgramResult {
  bool ok = false;
  bool cancelled = false;
  json::Value output;
  asl::Failure failure;
};

// Runs `program` from StartAt with `input` in `frame`.
Task<ProgramResult> RunProgram(const asl::Program& program, json::Value input, Frame frame);

}  // namespace sfn::engine
