// SyntaxHooks backed by the project's JSONPath, intrinsic and JSONata parsers (target
// sfn_validate_default, built when sfn_paths and sfn_jsonata exist).
#pragma once

#include "asl/validate/validate.h"

namespace sfn::asl {

// Hooks that compile paths with asl::JsonPath, intrinsic calls with asl::IntrinsicCall and
// JSONata bodies with jsonata::Expression. JSONata messages drop the "S0xxx: " code prefix and
// the "(position N)" suffix, as AWS's INVALID_JSONATA_EXPRESSION messages do.
SyntaxHooks DefaultSyntaxHooks();

// ValidateOptions for `type` with DefaultSyntaxHooks() installed.
ValidateOptions DefaultValidateOptions(StateMachineType type = StateMachineType::kStandard);

}  // namespace sfn::asl
