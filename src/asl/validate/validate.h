// Static validation of Amazon States Language definitions: the checks CreateStateMachine and
// ValidateStateMachineDefinition run before a state machine exists. Pure functions, no I/O.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.h"

namespace sfn::asl {

enum class Severity { kError, kWarning };

// One problem found in a definition. `code` is AWS's diagnostic code (SCHEMA_VALIDATION_FAILED,
// MISSING_TRANSITION_TARGET, ...); `location` is AWS's location string such as
// "/States/Foo/Next" or "/States/P/Branches[0]/States/B" ("" when AWS reports none).
struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;
  std::string message;
  std::string location;
};

enum class StateMachineType { kStandard, kExpress };

// Optional syntax checkers for expressions the validator cannot parse by itself. Each returns
// std::nullopt when `text` is valid, else the parser's message. Unset hooks fall back to the
// validator's built-in structural checks.
struct SyntaxHooks {
  // A JSONPath Path ("$.a[*]", "$$.Execution", "$var.x").
  std::function<std::optional<std::string>(std::string_view)> json_path;
  // A Reference Path (single node, no filters/wildcards).
  std::function<std::optional<std::string>(std::string_view)> reference_path;
  // An intrinsic function call ("States.Format('{}', $.a)").
  std::function<std::optional<std::string>(std::string_view)> intrinsic;
  // A JSONata expression body (the text between "{%" and "%}").
  std::function<std::optional<std::string>(std::string_view)> jsonata;
};

// Validation settings. For the project's JSONPath/intrinsic/JSONata parsers use
// DefaultValidateOptions() from asl/validate/default_hooks.h (target sfn_validate_default).
struct ValidateOptions {
  StateMachineType type = StateMachineType::kStandard;  // EXPRESS forbids .sync, callbacks, ...
  SyntaxHooks hooks;
};

// Validates a definition text. Reports every problem found, in document order (per state: its
// own fields, then its transitions, then nested states; reachability after each States block;
// MISSING_END_STATE last). Never fails: an unparsable text yields a diagnostic. Thread-safe.
std::vector<Diagnostic> ValidateDefinition(std::string_view definition_text,
                                           const ValidateOptions& options);

// True when `diags` holds at least one error (warnings do not make a definition invalid).
bool HasErrors(const std::vector<Diagnostic>& diags);

// The InvalidDefinition message CreateStateMachine returns for these diagnostics (warnings are
// skipped): "Invalid State Machine Definition: '<CODE>: <message> at <location>, <CODE>: ...'"
// with "null" for a missing location. A Map Label error instead yields AWS's
// "Error=ValueError Args=[...] in definition '<definition_text>'." form.
std::string FormatInvalidDefinition(const std::vector<Diagnostic>& errors,
                                    std::string_view definition_text = {});

// ValidateStateMachineDefinition response body: {"result":"OK"|"FAIL","diagnostics":[{"severity",
// "code","message","location"?}],"truncated":bool}. "result" is FAIL when any error exists.
// `min_severity` is AWS's `severity` parameter: kError (the default when nullopt) lists errors
// only, kWarning lists both. At most `max_results` entries (<= 0 means 100); "truncated" tells
// whether more were left out. "location" is omitted when a diagnostic has none.
json::Value ValidationResponse(const std::vector<Diagnostic>& diags, int max_results = 100,
                               std::optional<Severity> min_severity = std::nullopt);

}  // namespace sfn::asl
