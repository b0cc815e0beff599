#include "distributed/maprun/map_run_registry.h"

#include <cstring>

namespace sfn::distributed {

json::Object MapRunCounts::ToJson() const {
  json::Object o;
  o["aborted"] = aborted;
  o["failed"] = failed;
  o["pending"] = pending;
  o["resultsWritten"] = results_written;
  o["running"] = running;
  o["succeeded"] = succeeded;
  o["timedOut"] = timed_out;
  o["total"] = total;
  return o;
}

const char* MapRunStatusName(MapRunStatus s) {
  switch (s) {
    case MapRunStatus::kRunning:
      return "RUNNING";
    case MapRunStatus::kSucceeded:
      return "SUCCEEDED";
    case MapRunStatus::kFailed:
      return "FAILED";
    case MapRunStatus::kAborted:
      return "ABORTED";
  }
  return "UNKNOWN";
}

MapRunRecord::MapRunRecord(std::string map_run_arn, std::string execution_arn,
                           std::string state_machine_arn, SystemTime start,
                           long long max_concurrency, double tolerated_percentage,
                           long long tolerated_count)
    : arn_(std::move(map_run_arn)),
      execution_arn_(std::move(execution_arn)),
      state_machine_arn_(std::move(state_machine_arn)),
      start_(start),
      max_concurrency_(max_concurrency),
      tolerated_percentage_(tolerated_percentage),
      tolerated_count_(tolerated_count) {}

void MapRunRecord::AddDiscovered(std::uint64_t items) {
  std::lock_guard lock(mu_);
  if (!item_total_fixed_) {
    items_.pending += items;
    items_.total += items;
  }
  executions_.pending += 1;
  executions_.total += 1;
}

void MapRunRecord::SetItemTotal(std::uint64_t items) {
  std::lock_guard lock(mu_);
  item_total_fixed_ = true;
  items_.total = items;
  items_.pending = items > items_started_ ? items - items_started_ : 0;
}

void MapRunRecord::OnStarted(std::uint64_t items, bool discovered) {
  std::lock_guard lock(mu_);
  if (discovered) {
    if (!item_total_fixed_) {
      items_.pending += items;
      items_.total += items;
    }
    executions_.pending += 1;
    executions_.total += 1;
  }
  items_started_ += items;
  items_.pending -= std::min(items_.pending, items);
  items_.running += items;
  if (executions_.pending) --executions_.pending;
  ++executions_.running;
}

void MapRunRecord::OnFinished(std::uint64_t items, const char* st, bool result_written) {
  std::lock_guard lock(mu_);
  if (result_written) {
    items_.results_written += items;
    executions_.results_written += 1;
  }
  items_.running -= std::min(items_.running, items);
  if (executions_.running) --executions_.running;
  auto bump = [&](std::uint64_t MapRunCounts::*m) {
    items_.*m += items;
    executions_.*m += 1;
  };
  if (std::strcmp(st, "SUCCEEDED") == 0) {
    bump(&MapRunCounts::succeeded);
  } else if (std::strcmp(st, "TIMED_OUT") == 0) {
    bump(&MapRunCounts::timed_out);
  } else if (std::strcmp(st, "ABORTED") == 0) {
    bump(&MapRunCounts::aborted);
  } else {
    bump(&MapRunCounts::failed);
  }
}

void MapRunRecord::OnResultWritten(std::uint64_t items) {
  std::lock_guard lock(mu_);
  items_.results_written += items;
  executions_.results_written += 1;
}

void MapRunRecord::Finish(MapRunStatus status, SystemTime stop) {
  std::lock_guard lock(mu_);
  status_ = status;
  stop_ = stop;
  update_hook_ = nullptr;
}

MapRunUpdate MapRunRecord::Settings() const {
  std::lock_guard lock(mu_);
  return MapRunUpdate{max_concurrency_, tolerated_percentage_, tolerated_count_};
}

void MapRunRecord::SetUpdateHook(std::function<void()> hook) {
  std::lock_guard lock(mu_);
  update_hook_ = std::move(hook);
}

MapRunStatus MapRunRecord::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

MapRunCounts MapRunRecord::item_counts() const {
  std::lock_guard lock(mu_);
  return items_;
}

MapRunCounts MapRunRecord::execution_counts() const {
  std::lock_guard lock(mu_);
  return executions_;
}

json::Object MapRunRecord::Describe() const {
  std::lock_guard lock(mu_);
  json::Object o;
  o["executionArn"] = execution_arn_;
  o["executionCounts"] = executions_.ToJson();
  o["itemCounts"] = items_.ToJson();
  o["mapRunArn"] = arn_;
  o["maxConcurrency"] = max_concurrency_;
  o["redriveCount"] = 0;
  o["startDate"] = ToEpochSeconds(start_);
  o["status"] = MapRunStatusName(status_);
  if (status_ != MapRunStatus::kRunning) o["stopDate"] = ToEpochSeconds(stop_);
  o["toleratedFailureCount"] = tolerated_count_;
  o["toleratedFailurePercentage"] = tolerated_percentage_;
  return o;
}

json::Object MapRunRecord::ListEntry() const {
  std::lock_guard lock(mu_);
  json::Object o;
  o["executionArn"] = execution_arn_;
  o["mapRunArn"] = arn_;
  o["startDate"] = ToEpochSeconds(start_);
  o["stateMachineArn"] = state_machine_arn_;
  if (status_ != MapRunStatus::kRunning) o["stopDate"] = ToEpochSeconds(stop_);
  return o;
}

Status MapRunRecord::Update(const MapRunUpdate& u) {
  std::function<void()> hook;
  {
    std::lock_guard lock(mu_);
    if (status_ != MapRunStatus::kRunning)
      return Status::Conflict("CANNOT_UPDATE_COMPLETED_MAP_RUN: Map Run " + arn_ +
                              " has completed and cannot be updated");
    if (u.max_concurrency && (*u.max_concurrency < 0 || *u.max_concurrency > 10000))
      return Status::InvalidArgument("maxConcurrency must be between 0 and 10000");
    if (u.tolerated_failure_percentage &&
        (*u.tolerated_failure_percentage < 0 || *u.tolerated_failure_percentage > 100))
      return Status::InvalidArgument("toleratedFailurePercentage must be between 0 and 100");
    if (u.tolerated_failure_count && *u.tolerated_failure_count < 0)
      return Status::InvalidArgument("toleratedFailureCount must be at least 0");
    if (u.max_concurrency) max_concurrency_ = *u.max_concurrency;
    if (u.tolerated_failure_percentage) tolerated_percentage_ = *u.tolerated_failure_percentage;
    if (u.tolerated_failure_count) tolerated_count_ = *u.tolerated_failure_count;
    hook = update_hook_;
  }
  if (hook) hook();
  return Status::Ok();
}

std::shared_ptr<MapRunRecord> MapRunRegistry::Add(std::shared_ptr<MapRunRecord> record) {
  std::lock_guard lock(mu_);
  by_arn_[record->arn()] = record;
  ordered_.push_back(record);
  return record;
}

std::shared_ptr<MapRunRecord> MapRunRegistry::Find(const std::string& map_run_arn) const {
  std::lock_guard lock(mu_);
  auto it = by_arn_.find(map_run_arn);
  return it == by_arn_.end() ? nullptr : it->second;
}

Result<json::Object> MapRunRegistry::Describe(const std::string& map_run_arn) const {
  auto r = Find(map_run_arn);
  if (!r) return Status::NotFound("ResourceNotFound: Map Run does not exist: " + map_run_arn);
  return r->Describe();
}

json::Object MapRunRegistry::List(const std::string& execution_arn) const {
  std::vector<std::shared_ptr<MapRunRecord>> runs;
  {
    std::lock_guard lock(mu_);
    for (const auto& r : ordered_)
      if (r->execution_arn() == execution_arn) runs.push_back(r);
  }
  json::Array a;
  for (const auto& r : runs) a.push_back(r->ListEntry());
  json::Object o;
  o["mapRuns"] = std::move(a);
  return o;
}

Status MapRunRegistry::Update(const std::string& map_run_arn, const MapRunUpdate& u) {
  auto r = Find(map_run_arn);
  if (!r) return Status::NotFound("ResourceNotFound: Map Run does not exist: " + map_run_arn);
  return r->Update(u);
}

}  // namespace sfn::distributed
