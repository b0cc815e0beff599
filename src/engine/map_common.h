// Internal: pieces shared by inline and Distributed Map: item resolution (ItemsPath / Items),
// ItemSelector, MaxConcurrency and tolerance evaluation with AWS's exact causes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/state_run.h"

namespace sfn::engine {

// The items of a Map: an array, or the key/value pairs of an object.
struct MapItems {
  json::Array values;
  std::vector<std::string> keys;  // non-empty when iterating an object
  bool from_object = false;
};

// ItemsPath (JSONPath) or Items (JSONata) applied to the effective input.
asl::Outcome<MapItems> ResolveMapItems(StateRun& run, const json::Value& effective);

// Input of iteration `index`: ItemSelector/Parameters with $$.Map.Item, else the item itself
// ({"Key","Value"} for object items).
asl::Outcome<json::Value> MapIterationInput(StateRun& run, const json::Value& effective,
                                            const MapItems& items, std::size_t index,
                                            const std::string& source);

// MaxConcurrency(Path): 0 = unlimited.
asl::Outcome<long long> MapMaxConcurrency(StateRun& run, const json::Value& effective);
// ToleratedFailurePercentage(Path) (0-100) and ToleratedFailureCount(Path) (>= 0).
asl::Outcome<double> MapToleratedPercentage(StateRun& run, const json::Value& effective);
asl::Outcome<long long> MapToleratedCount(StateRun& run, const json::Value& effective);

}  // namespace sfn::engine
