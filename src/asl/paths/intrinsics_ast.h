// Internal: the compiled form of an intrinsic function call, its parser and the function table.
// Not part of the public API; use intrinsics.h.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "asl/failure.h"
#include "asl/paths/jsonpath.h"
#include "common/status.h"
#include "json/json.h"

namespace sfn::asl::intrinsics {

enum class Fn {
  kFormat,
  kStringToJson,
  kJsonToString,
  kArray,
  kArrayPartition,
  kArrayContains,
  kArrayRange,
  kArrayGetItem,
  kArrayLength,
  kArrayUnique,
  kBase64Encode,
  kBase64Decode,
  kHash,
  kJsonMerge,
  kMathRandom,
  kMathAdd,
  kStringSplit,
  kUuid,
};

struct Call;

struct Arg {
  enum class Kind { kLiteral, kPath, kCall } kind = Kind::kLiteral;
  json::Value literal;
  // String literals: the text split at unescaped "{}" (a States.Format template).
  std::vector<std::string> format_parts;
  JsonPath path;
  std::shared_ptr<const Call> call;
};

struct Call {
  Fn fn = Fn::kArray;
  std::string name;  // "States.Format"
  std::vector<Arg> args;
};

// Parses a whole call expression. kInvalidArgument on syntax errors, unknown functions or a
// wrong number of arguments.
Result<std::shared_ptr<const Call>> ParseCall(std::string_view text);

// A resolved argument: points into the scope's documents or owns a computed value.
struct ArgValue {
  const json::Value* ptr = nullptr;
  json::Value owned;
  const Arg* source = nullptr;
  const json::Value& get() const { return ptr != nullptr ? *ptr : owned; }
};

// Runs function `call.fn` on resolved arguments.
Outcome<json::Value> Apply(const Call& call, const std::vector<ArgValue>& args);

}  // namespace sfn::asl::intrinsics
