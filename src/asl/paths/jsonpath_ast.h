// Internal: the compiled form of a JSONPath (steps and filter expressions), its parser and its
// Jayway-style evaluator. Not part of the public API; use jsonpath.h.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "json/json.h"

namespace sfn::asl::paths {

struct FilterExpr;

enum class SegmentKind { kProperty, kIndex, kSlice, kWildcard, kScan, kFilter };

// One step of a path. kScan ("..") is always followed by the step it searches for.
struct Segment {
  SegmentKind kind = SegmentKind::kProperty;
  std::vector<std::string> names;            // kProperty: one name, or several for ['a','b']
  std::vector<int64_t> indexes;              // kIndex: one index, or several for [0,2]
  std::optional<int64_t> start;              // kSlice
  std::optional<int64_t> end;                // kSlice
  int64_t step = 1;                          // kSlice
  std::shared_ptr<const FilterExpr> filter;  // kFilter
};

using Steps = std::vector<Segment>;

// A path used inside a filter: relative to the current item ("@") or the document root ("$").
struct FilterPath {
  bool from_root = false;
  bool definite = true;
  Steps steps;
};

enum class CompareOp {
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kRegex,
  kIn,
  kNin,
  kContains,
  kSubsetOf,
  kAnyOf,
  kNoneOf,
  kSize,
  kEmpty,
};

struct Operand {
  enum class Kind { kLiteral, kPath, kRegex } kind = Kind::kLiteral;
  json::Value literal;
  FilterPath path;
  std::shared_ptr<const std::regex> regex;
};

struct FilterExpr {
  enum class Kind { kAnd, kOr, kNot, kExists, kCompare } kind = Kind::kExists;
  std::vector<std::unique_ptr<FilterExpr>> children;  // kAnd/kOr: 2, kNot: 1
  Operand lhs;                                        // kExists, kCompare
  Operand rhs;                                        // kCompare
  CompareOp op = CompareOp::kEq;
};

// Parses the steps of a path starting at `pos` (just after the root) until the end of `text`
// or, when `in_filter`, until a character that cannot continue a path. Advances `pos`.
Result<Steps> ParseSteps(std::string_view text, size_t& pos, bool in_filter);

// True when the steps select at most one node.
bool StepsAreDefinite(const Steps& steps);

// Appends every node that `steps[i..]` selects from `node` to `out` (Jayway semantics for
// indefinite paths: mismatches are skipped silently). `root` is what "$" means in filters.
void CollectMatches(const Steps& steps, size_t i, const json::Value& node, const json::Value& root,
                    json::Array& out);

// Follows definite `steps` from `node`. Returns the node, or nullptr when nothing matched. A
// multi-name leaf builds its object into `*built` (and returns `built`); `built` may be null,
// in which case such a path returns nullptr. When `why` is non-null a Jayway-style message is
// stored there on failure.
const json::Value* FindDefinite(const Steps& steps, const json::Value& node, json::Value* built,
                                std::string* why);

// The Jayway rendering of steps, appended to `out` ("['a'][0]").
void AppendCanonical(const Steps& steps, std::string& out);

// Java's toString of a Jackson-mapped value: strings raw, maps "{a=1, b=x}", lists "[1, 2]".
void AppendJavaString(const json::Value& v, std::string& out);

}  // namespace sfn::asl::paths
