// A live progress line for the Map Runs of an execution, on a terminal only (stderr is a TTY):
// items done, failed, rate and ETA, refreshed twice a second on the engine loop.
#pragma once

#include <map>
#include <string>

#include "distributed/maprun/map_run_registry.h"
#include "engine/event_loop.h"

namespace sfn::cli {

class MapRunProgress {
 public:
  MapRunProgress(engine::EventLoop& loop, const distributed::MapRunRegistry& registry,
                 std::string execution_arn);
  // Starts refreshing if stderr is a terminal and the loop runs on the real clock.
  void Start();
  // Stops refreshing and ends the line.
  void Stop();

 private:
  void Tick();

  engine::EventLoop& loop_;
  const distributed::MapRunRegistry& registry_;
  std::string execution_arn_;
  bool active_ = false;
  bool printed_ = false;
  engine::EventLoop::TimerId timer_ = 0;
  struct Sample {
    SystemTime at;
    std::uint64_t done = 0;
    double rate = 0;
  };
  std::map<std::string, Sample> last_;
};

}  // namespace sfn::cli
