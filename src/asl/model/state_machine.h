// The compiled state machine: every field parsed and every expression compiled once, at load.
// Immutable after Build(); shared by all executions of a definition (thread-safe to read).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "asl/model/choice.h"
#include "asl/model/value_expr.h"
#include "asl/paths/jsonpath.h"
#include "asl/paths/payload_template.h"
#include "json/json.h"

namespace sfn::asl {

enum class StateType { kPass, kTask, kChoice, kWait, kSucceed, kFail, kParallel, kMap };
const char* StateTypeName(StateType t);  // "Pass", "Task", ...

enum class QueryLanguage { kJsonPath, kJsonata };

// A field given as a literal (X), a Reference Path or intrinsic (XPath), or a JSONata
// expression. At most one is set; none = field absent.
struct FieldSpec {
  std::optional<json::Value> literal;
  std::optional<JsonPath> path;
  std::optional<DynamicValue> dynamic;  // Fail ErrorPath/CausePath (Path or intrinsic)
  std::unique_ptr<ValueExpr> expr;      // JSONata
  bool present() const { return literal || path || dynamic || expr; }
};

// InputPath/OutputPath/ResultPath: absent (default "$"), explicit null, or a path.
struct PathField {
  enum class Mode { kDefault, kNull, kPath };
  Mode mode = Mode::kDefault;
  std::optional<JsonPath> path;
};

struct Retrier {
  std::vector<std::string> error_equals;
  double interval_seconds = 1;
  long long max_attempts = 3;
  double backoff_rate = 2.0;
  std::optional<double> max_delay_seconds;
  bool jitter_full = false;
};

struct Catcher {
  std::vector<std::string> error_equals;
  std::string next;
  PathField result_path;                   // JSONPath
  std::optional<PayloadTemplate> assign;   // JSONPath Assign
  std::unique_ptr<ValueExpr> output;       // JSONata Output
  std::unique_ptr<ValueExpr> assign_expr;  // JSONata Assign (object of expressions)
};

struct State;
struct StateMachine;

// A States block: the top level, a Parallel branch or a Map ItemProcessor.
struct Program {
  std::string start_at;
  std::vector<std::unique_ptr<State>> states;  // in definition order
  std::unordered_map<std::string, State*> by_name;
  const State* Find(const std::string& name) const {
    auto it = by_name.find(name);
    return it == by_name.end() ? nullptr : it->second;
  }
};

// Map-specific fields (inline and distributed).
struct MapSpec {
  bool distributed = false;
  std::string execution_type;          // STANDARD | EXPRESS for distributed
  std::unique_ptr<Program> processor;  // inline Map: the iteration program
  // Distributed Map: the child state machine (ItemProcessor as a whole machine; executions of it
  // get ARNs under "<name>/<label>"). Share it with std::shared_ptr's aliasing constructor.
  std::unique_ptr<StateMachine> child_machine;
  std::optional<JsonPath> items_path;             // JSONPath ItemsPath
  std::unique_ptr<ValueExpr> items;               // JSONata Items
  std::optional<PayloadTemplate> item_selector;   // JSONPath ItemSelector / Parameters
  std::unique_ptr<ValueExpr> item_selector_expr;  // JSONata ItemSelector
  FieldSpec max_concurrency;                      // MaxConcurrency / MaxConcurrencyPath
  FieldSpec tolerated_failure_percentage;         // ToleratedFailurePercentage(Path)
  FieldSpec tolerated_failure_count;              // ToleratedFailureCount(Path)
  std::optional<std::string> label;
  json::Value item_reader;    // raw ItemReader (interpreted by the distributed module)
  json::Value item_batcher;   // raw ItemBatcher
  json::Value result_writer;  // raw ResultWriter
  bool has_item_reader = false, has_item_batcher = false, has_result_writer = false;
};

struct State {
  std::string name;
  StateType type = StateType::kPass;
  QueryLanguage query_language = QueryLanguage::kJsonPath;
  std::string next;  // empty when End or terminal
  bool end = false;
  bool uses_context = false;  // some expression of this state reads $$ / $states.context
  json::Value raw;            // the state's definition JSON

  // JSONPath pipeline.
  PathField input_path, output_path, result_path;
  std::optional<PayloadTemplate> parameters;
  std::optional<PayloadTemplate> result_selector;
  std::optional<PayloadTemplate> assign;  // JSONPath Assign
  // JSONata pipeline.
  std::unique_ptr<ValueExpr> arguments;
  std::unique_ptr<ValueExpr> output;
  std::unique_ptr<ValueExpr> assign_expr;

  // Pass.
  std::optional<json::Value> result;
  // Task.
  std::string resource;
  FieldSpec timeout_seconds;    // TimeoutSeconds / TimeoutSecondsPath
  FieldSpec heartbeat_seconds;  // HeartbeatSeconds / HeartbeatSecondsPath
  std::optional<json::Value> credentials;
  // Choice.
  std::vector<ChoiceRule> choices;
  std::string default_next;
  // Wait.
  FieldSpec seconds;    // Seconds / SecondsPath
  FieldSpec timestamp;  // Timestamp / TimestampPath
  // Fail.
  FieldSpec error;  // Error / ErrorPath (Path or intrinsic)
  FieldSpec cause;  // Cause / CausePath
  // Parallel.
  std::vector<std::unique_ptr<Program>> branches;
  // Map.
  std::unique_ptr<MapSpec> map;
  // Retry/Catch (Task, Parallel, Map).
  std::vector<Retrier> retry;
  std::vector<Catcher> catchers;
};

struct StateMachine {
  std::string comment;
  QueryLanguage query_language = QueryLanguage::kJsonPath;
  std::optional<long long> timeout_seconds;
  Program program;
  json::Value raw;
  bool uses_distributed_map = false;
};

// Builds the compiled model from a definition already accepted by the validator. Returns
// kInvalidArgument with a location for anything it cannot compile (defence in depth).
Result<std::shared_ptr<const StateMachine>> BuildStateMachine(const json::Value& definition);

}  // namespace sfn::asl
