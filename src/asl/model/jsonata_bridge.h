// Bridge from the model to the JSONata engine: compiles JSONata-mode field values ("{% expr %}"
// strings at any depth of a JSON value) into ValueExprs.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "asl/model/value_expr.h"
#include "common/status.h"
#include "json/json.h"

namespace sfn::asl {

// True for a string that starts with "{%" and ends with "%}".
bool IsJsonataString(const json::Value& v);

// Compiles a JSONata-mode field: a "{% %}" string, or any JSON value whose nested strings may be
// expressions (objects/arrays are templates). `field` names it in causes ("Arguments").
Result<std::unique_ptr<ValueExpr>> CompileJsonataValue(const json::Value& v, std::string field);

}  // namespace sfn::asl

namespace sfn::asl {
// Syntax check for the validator: returns an error message for an invalid JSONata body.
std::function<std::optional<std::string>(std::string_view)> JsonataSyntaxHook();
}  // namespace sfn::asl
