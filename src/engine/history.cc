#include "engine/history.h"

namespace sfn::engine {

std::int64_t History::Append(Tracker& tracker, SystemTime now, const char* type,
                             const char* details_key, json::Object details, bool side) {
  std::int64_t id = next_id_++;
  if (enabled_) {
    HistoryEvent e;
    e.id = id;
    e.previous_event_id = tracker.last;
    e.timestamp = now;
    e.type = type;
    e.details_key = details_key;
    e.details = std::move(details);
    events_.push_back(std::move(e));
  }
  if (!side) tracker.last = id;
  return id;
}

json::Array History::Render() const {
  json::Array out;
  out.reserve(events_.size());
  for (const auto& e : events_) {
    json::Object o;
    o["timestamp"] = ToEpochSeconds(e.timestamp);
    o["type"] = e.type;
    o["id"] = e.id;
    o["previousEventId"] = e.previous_event_id;
    if (e.details_key[0] != '\0') o[e.details_key] = e.details;
    out.push_back(std::move(o));
  }
  return out;
}

json::Object StateEnteredDetails(const std::string& name, const std::string& input_text) {
  json::Object d;
  d["name"] = name;
  d["input"] = input_text;
  d["inputDetails"] = json::Object{{"truncated", false}};
  return d;
}

json::Object StateExitedDetails(const std::string& name, const std::string& output_text) {
  json::Object d;
  d["name"] = name;
  d["output"] = output_text;
  d["outputDetails"] = json::Object{{"truncated", false}};
  return d;
}

}  // namespace sfn::engine
