// Internal: the dispatcher of one Map Run. Pulls items (only as concurrency permits free up),
// applies ItemSelector and ItemBatcher, starts child executions, accounts their results
// (registry counters, tolerance, ResultWriter export or in-order result array) and aborts the
// rest when the run fails or the parent is cancelled. Loop thread only.
#pragma once

#include <coroutine>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "distributed/maprun/map_config.h"
#include "distributed/maprun/map_run_registry.h"
#include "distributed/maprun/result_writer.h"
#include "engine/coro.h"
#include "engine/engine.h"
#include "engine/state_run.h"

namespace sfn::distributed {

struct MapRunParams {
  std::shared_ptr<const asl::StateMachine> child_machine;
  std::string child_sm_name, child_sm_arn, map_run_arn, label;
  engine::ExecutionType type = engine::ExecutionType::kStandard;
  long long max_concurrency = 10000;
  double tolerated_percentage = 0;
  long long tolerated_count = 0;
  bool percentage_set = false, count_set = false;
  std::string source;  // $$.Map.Item.Source
  long long max_items = 0;
  BatchPlan batch;
  WriterPlan writer;
  std::optional<std::uint64_t> total_items;    // known up front (state input)
  std::function<std::uint64_t()> count_items;  // counting pass (ItemReader), if needed
  std::size_t yield_every = 256;
};

// How a Map Run ended.
struct MapRunEnd {
  enum class Kind { kSucceeded, kFailed, kAborted };
  Kind kind = Kind::kSucceeded;
  json::Value result;
  asl::Failure failure;
};

class MapRun {
 public:
  MapRun(engine::StateRun& run, const json::Value& effective, MapRunParams params,
         std::unique_ptr<ItemSource> source, std::shared_ptr<MapRunRecord> record,
         std::unique_ptr<ResultExporter> exporter);
  ~MapRun();
  MapRun(const MapRun&) = delete;
  MapRun& operator=(const MapRun&) = delete;

  // Runs to completion (all children finished or aborted).
  engine::Task<MapRunEnd> Execute();

 private:
  struct Slot {
    std::shared_ptr<engine::Execution> ex;
    std::uint64_t child_index = 0;
    std::uint32_t items = 0;
    bool active = false;
  };
  struct Wake {
    std::coroutine_handle<> waiter;
    bool pending = false;
  };
  struct WakeAwaiter;
  struct YieldAwaiter;

  // Next child input (one item, or a batch); false at the end. Failures end the run.
  asl::Outcome<bool> NextChildInput(json::Value& input, std::uint32_t& items);
  asl::Outcome<bool> PullSelected(json::Value& out);
  asl::Outcome<json::Value> Select(json::Value item, std::optional<std::string_view> key);
  asl::Outcome<bool> StartChild(json::Value input, std::uint32_t items);
  void OnChildDone(std::uint32_t slot, engine::Execution& ex);
  bool ThresholdExceeded();
  void Notify();
  void AbortRunning();
  void WritePending();
  void Fail(asl::Failure f);
  void ApplyUpdates();
  std::uint64_t TotalItems();
  long long Limit() const;

  engine::StateRun& run_;
  const json::Value& effective_;
  engine::Engine& engine_;
  MapRunParams p_;
  std::unique_ptr<ItemSource> source_;
  std::shared_ptr<MapRunRecord> record_;
  std::unique_ptr<ResultExporter> exporter_;
  // The $$ object for ItemSelector, with Map.Item filled per item.
  json::Value context_;
  std::uint64_t items_read_ = 0, child_count_ = 0;
  std::optional<json::Value> carry_;  // item held back by the batch byte limit
  std::size_t carry_bytes_ = 0;
  bool source_done_ = false;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  long long running_ = 0;
  std::uint64_t failed_items_ = 0;
  std::optional<std::uint64_t> total_items_;
  std::vector<json::Value> results_;
  bool stop_ = false, cancelled_ = false, update_pending_ = false;
  std::optional<asl::Failure> failure_;
  Wake wake_;
  int cancel_id_ = 0;
  std::shared_ptr<bool> alive_;
  std::string scratch_;
  std::uint64_t name_seed_ = 0;  // child names: UUIDs from SplitMix64(seed + n)
};

}  // namespace sfn::distributed
