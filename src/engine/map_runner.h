// Distributed Map hook: the engine hands a DISTRIBUTED Map state visit to a MapRunner, which
// reads items (state input or ItemReader), runs child executions as a Map Run, and returns the
// Map's raw result (before ResultSelector/ResultPath/OutputPath). Implemented in src/distributed.
#pragma once

#include "engine/coro.h"
#include "engine/state_run.h"

namespace sfn::engine {

class MapRunner {
 public:
  virtual ~MapRunner() = default;
  // Runs one attempt of the Map state: emits MapStateStarted and MapRun* events on `run`.
  // Returns kEnd with the result, kFailed with the Map Run's failure, or kCancelled.
  virtual Task<StateOutcome> Run(StateRun& run, const json::Value& effective_input) = 0;
};

}  // namespace sfn::engine
