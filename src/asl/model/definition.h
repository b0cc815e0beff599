// Loading a definition the way CreateStateMachine does: validate (every diagnostic, AWS codes and
// messages) with JSONPath/intrinsic/JSONata syntax checks wired in, then compile the model.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "asl/model/state_machine.h"
#include "asl/validate/validate.h"

namespace sfn::asl {

// Validation options whose syntax hooks use the real JSONPath, intrinsic and JSONata compilers.
ValidateOptions MakeValidateOptions(StateMachineType type);

struct LoadedDefinition {
  std::shared_ptr<const StateMachine> machine;  // null when rejected
  std::vector<Diagnostic> diagnostics;          // errors and warnings
  std::string error_message;                    // InvalidDefinition message when rejected
};

// Validates and compiles `text`. Never fails for bad input: rejection is reported in the result.
LoadedDefinition LoadDefinition(std::string_view text, StateMachineType type);

}  // namespace sfn::asl
