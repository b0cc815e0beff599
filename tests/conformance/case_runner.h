// Runs one recorded AWS case in-process (virtual clock) and compares the result.
#pragma once

#include <string>

#include "json/json.h"

namespace sfn::conformance {

struct Verdict {
  enum class Kind { kPass, kFail, kSkip };
  Kind kind = Kind::kFail;
  std::string detail;  // why it failed / was skipped
};

// `c` is a whole case file (see README.md). Runs kinds execution, definition_invalid,
// input_invalid and validate.
Verdict RunCase(const json::Value& c);

}  // namespace sfn::conformance
