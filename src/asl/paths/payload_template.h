// ASL payload templates (Parameters, ResultSelector, ItemSelector, BatchInput, JSONPath Assign,
// ItemReader/ResultWriter Parameters) and single dynamic values (Fail ErrorPath/CausePath),
// compiled once and evaluated per state execution.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "asl/failure.h"
#include "asl/paths/intrinsics.h"
#include "asl/paths/jsonpath.h"
#include "common/status.h"
#include "json/json.h"

namespace sfn::asl {

namespace paths {
struct TemplateNode;  // Compiled template tree (payload_template.cc).
}  // namespace paths

// A compiled payload template: object keys ending ".$" are evaluated and the suffix stripped;
// "$..." is a Path on scope.input, "$$..." a Path on scope.context, "$name..." a variable, and
// anything else must be an intrinsic call States.X(...). Templates apply at any depth,
// including inside arrays. Static parts are pre-built once. Immutable, thread-safe, cheap to
// copy.
class PayloadTemplate {
 public:
  PayloadTemplate();

  // Compiles any JSON value as a template. `field` names it in messages ("Parameters").
  // kInvalidArgument for a ".$" value that is not a string, an invalid path or intrinsic
  // (message as AWS words it: "The value for the field 'x.$' must be a valid JSONPath or a
  // valid intrinsic function call at /Parameters"), or a key defined twice after stripping.
  static Result<PayloadTemplate> Compile(const json::Value& tmpl, std::string_view field);

  // Builds the payload. Failures: States.Runtime "The JSONPath '$.x' specified for the field
  // 'value.$' could not be found in the input '<compact input JSON>'" for a definite path that
  // matches nothing; States.IntrinsicFailure from intrinsic functions.
  Outcome<json::Value> Evaluate(const PathScope& scope) const;

  // True when the template has no ".$" keys (Evaluate returns a copy of it).
  bool IsStatic() const;

 private:
  std::shared_ptr<const paths::TemplateNode> root_;
};

// A single dynamic value: a Reference Path ($, $$ or $name root) or an intrinsic call. Used by
// Fail ErrorPath/CausePath. Immutable, thread-safe, cheap to copy.
class DynamicValue {
 public:
  // kInvalidArgument when `text` is neither a valid Reference Path nor a valid intrinsic call.
  static Result<DynamicValue> Compile(std::string_view text);

  // The value. Failures as PayloadTemplate's, with `field` naming the field ("CausePath").
  Outcome<json::Value> Evaluate(const PathScope& scope, std::string_view field) const;

  // The source text.
  const std::string& text() const;

 private:
  std::variant<JsonPath, IntrinsicCall> impl_;
};

// The States.Runtime failure for a path that matched nothing in a payload template or dynamic
// value: "The JSONPath '<path>' specified for the field '<field>' could not be found in the
// input '<compact input>'".
Failure PathNotFoundFailure(const JsonPath& path, std::string_view field, const PathScope& scope);

}  // namespace sfn::asl
