// ASL intrinsic functions (JSONPath query language): the 18 States.* functions and their call
// syntax, compiled once and evaluated many times.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "asl/failure.h"
#include "asl/paths/jsonpath.h"
#include "common/status.h"
#include "json/json.h"

namespace sfn::asl {

namespace intrinsics {
struct Call;  // Compiled call tree (intrinsics_ast.h).
}  // namespace intrinsics

// A compiled intrinsic function call such as "States.Format('{} x', $.a, States.UUID())".
// Immutable and thread-safe; cheap to copy.
//
// Supported: States.Format, StringToJson, JsonToString, Array, ArrayPartition, ArrayContains,
// ArrayRange, ArrayGetItem, ArrayLength, ArrayUnique, Base64Encode, Base64Decode, Hash,
// JsonMerge, MathRandom, MathAdd, StringSplit, UUID. Arguments: 'strings' (escapes \' \{ \}
// \\), numbers, null, true, false, Paths ($, $$, $name) and nested calls (nesting <= 10).
class IntrinsicCall {
 public:
  // True when `text` has the shape of an intrinsic call (starts with "States.").
  static bool LooksLikeCall(std::string_view text);
  // Parses and checks `text` (known function, argument count). kInvalidArgument otherwise.
  static Result<IntrinsicCall> Compile(std::string_view text);

  // Evaluates the call. Failures: States.IntrinsicFailure for bad argument values (causes as
  // AWS words them), States.Runtime when a Path argument matches nothing (cause names `field`,
  // e.g. "The JSONPath '$.x' specified for the field 'k.$' could not be found in the input
  // '<input>'").
  Outcome<json::Value> Evaluate(const PathScope& scope, std::string_view field) const;

  // The source text.
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::shared_ptr<const intrinsics::Call> call_;
};

}  // namespace sfn::asl
