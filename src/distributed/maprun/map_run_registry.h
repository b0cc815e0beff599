// Map Run resources (DescribeMapRun / ListMapRuns / UpdateMapRun): one record per Map Run with
// live item and execution counters. Thread-safe: the dispatcher updates records on the engine
// loop thread while API callers read or update them from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "json/json.h"

namespace sfn::distributed {

// DescribeMapRun itemCounts / executionCounts members.
struct MapRunCounts {
  std::uint64_t pending = 0, running = 0, succeeded = 0, failed = 0, timed_out = 0, aborted = 0,
                total = 0, results_written = 0;
  json::Object ToJson() const;
};

enum class MapRunStatus { kRunning, kSucceeded, kFailed, kAborted };
const char* MapRunStatusName(MapRunStatus s);

// Values accepted by UpdateMapRun; unset members stay unchanged.
struct MapRunUpdate {
  std::optional<long long> max_concurrency;
  std::optional<double> tolerated_failure_percentage;
  std::optional<long long> tolerated_failure_count;
};

// One Map Run. Fields are guarded by the record's mutex; use the accessors.
class MapRunRecord {
 public:
  MapRunRecord(std::string map_run_arn, std::string execution_arn, std::string state_machine_arn,
               SystemTime start, long long max_concurrency, double tolerated_percentage,
               long long tolerated_count);

  const std::string& arn() const { return arn_; }
  const std::string& execution_arn() const { return execution_arn_; }

  // Dispatcher side (engine loop thread). `items` = items of the child (batch size).
  // A child's worth of items read from the source (not yet started): pending += items.
  void AddDiscovered(std::uint64_t items);
  // Fixes the item total when known up front (state input, or a counting pass); pending then
  // covers every item not yet started.
  void SetItemTotal(std::uint64_t items);
  // A child started; `discovered` also counts it as read first (AddDiscovered), in one step.
  void OnStarted(std::uint64_t items, bool discovered = false);
  // A child finished (status SUCCEEDED, FAILED, TIMED_OUT, ABORTED); `result_written` also
  // counts its result as collected/exported (OnResultWritten), in one step.
  void OnFinished(std::uint64_t items, const char* execution_status, bool result_written = false);
  void OnResultWritten(std::uint64_t items);
  void Finish(MapRunStatus status, SystemTime stop);
  // Current tolerance settings (after UpdateMapRun).
  MapRunUpdate Settings() const;
  // Called (on any thread) after an accepted UpdateMapRun; the dispatcher posts itself a wake-up.
  void SetUpdateHook(std::function<void()> hook);

  MapRunStatus status() const;
  MapRunCounts item_counts() const;
  MapRunCounts execution_counts() const;
  // DescribeMapRun response shape (dates as epoch seconds).
  json::Object Describe() const;
  // ListMapRuns entry shape.
  json::Object ListEntry() const;
  // UpdateMapRun: kConflict "CANNOT_UPDATE_COMPLETED_MAP_RUN: ..." once the run has finished;
  // kInvalidArgument for out-of-range values.
  Status Update(const MapRunUpdate& u);

 private:
  mutable std::mutex mu_;
  std::string arn_, execution_arn_, state_machine_arn_;
  SystemTime start_, stop_{};
  MapRunStatus status_ = MapRunStatus::kRunning;
  long long max_concurrency_;
  double tolerated_percentage_;
  long long tolerated_count_;
  MapRunCounts items_, executions_;
  bool item_total_fixed_ = false;
  std::uint64_t items_started_ = 0;
  std::function<void()> update_hook_;
};

// All Map Runs of one engine. Thread-safe.
class MapRunRegistry {
 public:
  // Registers a new record (the ARN must be new).
  std::shared_ptr<MapRunRecord> Add(std::shared_ptr<MapRunRecord> record);
  // nullptr when unknown.
  std::shared_ptr<MapRunRecord> Find(const std::string& map_run_arn) const;
  // DescribeMapRun; kNotFound "ResourceNotFound: ..." for an unknown ARN.
  Result<json::Object> Describe(const std::string& map_run_arn) const;
  // ListMapRuns(executionArn): {"mapRuns": [...]} in start order.
  json::Object List(const std::string& execution_arn) const;
  // UpdateMapRun; takes effect on the running dispatcher (posted into its loop).
  Status Update(const std::string& map_run_arn, const MapRunUpdate& u);

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<MapRunRecord>> by_arn_;
  std::vector<std::shared_ptr<MapRunRecord>> ordered_;
};

}  // namespace sfn::distributed
