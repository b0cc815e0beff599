// Execution history: AWS HistoryEvent records (type, id, previousEventId, timestamp, details) kept
// compactly and rendered to GetExecutionHistory's JSON shape on demand.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/clock.h"
#include "json/json.h"

namespace sfn::engine {

struct HistoryEvent {
  std::int64_t id = 0;
  std::int64_t previous_event_id = 0;
  SystemTime timestamp;
  const char* type = "";         // "PassStateEntered", ...
  const char* details_key = "";  // "stateEnteredEventDetails", "" for none
  json::Object details;
};

// The position of one thread of control (execution, branch, iteration) in the event chain.
struct Tracker {
  std::int64_t last = 0;
};

// Append-only event list of one execution. Loop thread only.
class History {
 public:
  explicit History(bool enabled) : enabled_(enabled) {}
  bool enabled() const { return enabled_; }
  std::int64_t size() const { return next_id_ - 1; }

  // Appends an event chained after tracker.last; advances the tracker unless `side` (events such
  // as MapIterationSucceeded or MapStateSucceeded that AWS chains without moving the thread on).
  // Returns the new event id (0 when history is disabled).
  std::int64_t Append(Tracker& tracker, SystemTime now, const char* type, const char* details_key,
                      json::Object details, bool side = false);

  const std::vector<HistoryEvent>& events() const { return events_; }
  // GetExecutionHistory-shaped array: [{timestamp, type, id, previousEventId, <x>EventDetails}].
  json::Array Render() const;

 private:
  bool enabled_;
  std::int64_t next_id_ = 1;
  std::vector<HistoryEvent> events_;
};

// Helpers for common details objects. Payload texts are JSON strings as in the API.
json::Object StateEnteredDetails(const std::string& name, const std::string& input_text);
json::Object StateExitedDetails(const std::string& name, const std::string& output_text);

}  // namespace sfn::engine
