// Shared helpers for the JSONata function library implementations.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "asl/jsonata/eval.h"

namespace sfn::jsonata::internal {

// UTF-8 <-> code points (JSONata string functions count code points).
std::u32string ToU32(std::string_view s);
std::string FromU32(std::u32string_view s);
size_t Utf16Length(std::string_view s);
// fn.string semantics (without undefined): strings as-is, others JSON.stringify'ed.
void AppendStringValue(const Value& v, std::string& out);
std::string ToStr(const Value& v, bool pretty = false);
// Calls `fn` with as many of (a, b, c) as its arity accepts.
Value CallHof(Evaluator& ev, const Value& fn, const Value& a, const Value& b, const Value& c,
              const Value& input);
inline const Value& Arg(const std::vector<Value>& args, size_t i) {
  static const Value kUndef;
  return i < args.size() ? args[i] : kUndef;
}
// Items of an array value, or the value as a single item (empty for undefined).
std::vector<Value> ItemsOf(const Value& v);
// All regex matches of `re` in `s` (throws D1004 for repeated empty matches).
struct MatchInfo {
  size_t start, end;  // byte offsets
  std::string match;
  std::vector<std::pair<bool, std::string>> groups;
};
std::vector<MatchInfo> AllMatches(Evaluator& ev, const Value& matcher, const std::string& s,
                                  int64_t limit, const Value& input);
Value MatchObject(const MatchInfo& m, const std::string& subject);

// $round (banker's rounding with optional precision) and $formatNumber.
Value RoundHalfEven(Evaluator& ev, std::vector<Value>& args, const Value& input);
Value FormatNumber(Evaluator& ev, std::vector<Value>& args, const Value& input);

// Library tables, one per source file.
struct BuiltinTable {
  const Builtin* begin;
  size_t size;
};
BuiltinTable StringBuiltins();
BuiltinTable CoreBuiltins();
BuiltinTable FormatBuiltins();
BuiltinTable DateBuiltins();
BuiltinTable SfnBuiltins();

}  // namespace sfn::jsonata::internal
