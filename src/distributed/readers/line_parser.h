// Internal: a reusable exact JSON parser for JSONL lines. Same results as json::Parse (exact
// doubles, integers kept), but the parser and its stacks are reused from line to line.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "json/json.h"

namespace sfn::distributed::internal {

class LineParser {
 public:
  LineParser();
  ~LineParser();
  LineParser(const LineParser&) = delete;
  LineParser& operator=(const LineParser&) = delete;

  // Parses one complete JSON document; on error returns kInvalidArgument with the column.
  Result<json::Value> Parse(std::string_view text);

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace sfn::distributed::internal
