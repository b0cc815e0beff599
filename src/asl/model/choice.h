// Choice rules (Amazon States Language spec, "Choice State"): boolean expressions (And/Or/Not),
// data-test expressions (Variable + one comparison operator) and JSONata Conditions.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asl/failure.h"
#include "asl/model/value_expr.h"
#include "asl/paths/jsonpath.h"
#include "asl/paths/payload_template.h"
#include "json/json.h"

namespace sfn::asl {

enum class ChoiceOp {
  kStringEquals,
  kStringLessThan,
  kStringGreaterThan,
  kStringLessThanEquals,
  kStringGreaterThanEquals,
  kStringMatches,
  kNumericEquals,
  kNumericLessThan,
  kNumericGreaterThan,
  kNumericLessThanEquals,
  kNumericGreaterThanEquals,
  kBooleanEquals,
  kTimestampEquals,
  kTimestampLessThan,
  kTimestampGreaterThan,
  kTimestampLessThanEquals,
  kTimestampGreaterThanEquals,
  kIsNull,
  kIsPresent,
  kIsNumeric,
  kIsString,
  kIsBoolean,
  kIsTimestamp,
};

// Maps an operator field name ("NumericLessThanEqualsPath" etc.) to the operator; `is_path` is set
// for the ...Path variants. Returns nullopt for unknown names.
std::optional<ChoiceOp> ParseChoiceOp(std::string_view field, bool* is_path);

struct ChoiceRule {
  enum class Kind { kAnd, kOr, kNot, kTest, kCondition };
  Kind kind = Kind::kTest;
  std::vector<ChoiceRule> children;  // And/Or operands; Not has exactly one
  // Data test.
  std::optional<JsonPath> variable;
  ChoiceOp op = ChoiceOp::kStringEquals;
  json::Value operand;                   // literal operand
  std::optional<JsonPath> operand_path;  // ...Path operand
  // JSONata Condition.
  std::unique_ptr<ValueExpr> condition;
  // Top-level rules only.
  std::string next;
  std::optional<PayloadTemplate> assign;
  std::unique_ptr<ValueExpr> assign_expr;
  std::unique_ptr<ValueExpr> output;
};

// Compiles one rule from its JSON. `top_level` rules carry Next/Assign/Output.
Result<ChoiceRule> CompileChoiceRule(const json::Value& rule, bool top_level, bool jsonata);

// Evaluates a rule against the Choice state's effective input. Type mismatches compare false;
// a missing Variable is false for IsPresent and a States.Runtime failure otherwise.
Outcome<bool> EvaluateChoiceRule(const ChoiceRule& rule, const EvalEnv& env);

// StringMatches: '*' matches any run of characters; "\*" and "\\" are literal.
bool StringMatchesPattern(std::string_view value, std::string_view pattern);

}  // namespace sfn::asl
