// Query-language-neutral scalar/structured fields (Wait Seconds, TimeoutSeconds, MaxConcurrency,
// Fail Error/Cause, Map Items/ItemSelector, ...). JSONPath forms are a literal, a Path or a payload
// template; JSONata forms are "{% %}" expressions. States call Evaluate() and never care which.
#pragma once

#include <memory>
#include <string>

#include "asl/failure.h"
#include "asl/paths/jsonpath.h"
#include "json/json.h"

namespace sfn::asl {

// Everything an expression may read. Borrowed pointers, valid during the call.
struct EvalEnv {
  PathScope scope;                            // $ / $$ / variables for JSONPath
  const json::Value* result = nullptr;        // $states.result (JSONata)
  const json::Value* error_output = nullptr;  // $states.errorOutput (JSONata)
};

class ValueExpr {
 public:
  virtual ~ValueExpr() = default;
  // Evaluates the field. `field` names it in failure causes (e.g. "SecondsPath").
  virtual Outcome<json::Value> Evaluate(const EvalEnv& env) const = 0;
  // True when Evaluate ignores its environment.
  virtual bool IsConstant() const { return false; }
  // For a single JSONata expression: its text between {% and %} (used in causes).
  virtual const std::string* ExpressionText() const { return nullptr; }
};

// A literal JSON value.
std::unique_ptr<ValueExpr> MakeLiteralExpr(json::Value v);
// A JSONPath Path evaluated against $ ($$, $var). A missing node fails with States.Runtime and
// the cause "The JSONPath '<path>' specified for the field '<field>' could not be found in the
// input '<input>'".
std::unique_ptr<ValueExpr> MakePathExpr(JsonPath path, std::string field);

}  // namespace sfn::asl
