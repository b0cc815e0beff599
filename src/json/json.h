// JSON layer: one value type (boost::json::value) with an exact parser and an AWS-faithful
// serialiser. Object key order is insertion order; integers stay integers.
#pragma once

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sfn::json {

using Value = boost::json::value;
using Object = boost::json::object;
using Array = boost::json::array;
using String = boost::json::string;
using Kind = boost::json::kind;

// Parses `text` as one JSON document. Doubles are parsed exactly (shortest round trip, unlike
// Boost 1.81's fast path); integers that fit int64/uint64 stay integers. Duplicate keys keep the
// last value. On error returns kInvalidArgument with the byte offset and what was expected.
Result<Value> Parse(std::string_view text);

// Where and why a parse failed.
struct ParseError {
  std::size_t offset = 0;  // byte offset of the error
  std::string reason;      // e.g. "syntax error"
};

// A reusable parser with Parse()'s semantics that keeps its buffers between documents (many small
// documents, e.g. JSON Lines). Not thread-safe; one per thread.
class Parser {
 public:
  Parser();
  ~Parser();
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
  // Parses one complete document. On error returns kInvalidArgument ("invalid JSON at offset N:
  // reason") and, when `error` is given, fills it.
  Result<Value> Parse(std::string_view text, ParseError* error = nullptr);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Serialises compactly the way Step Functions (Java/Jackson) prints JSON: no spaces, integers as
// integers, doubles as Java's Double.toString (1.0, 0.1, 1.0E21, 1.5E-7), non-ASCII kept as UTF-8,
// control characters escaped.
std::string Serialize(const Value& v);
void SerializeTo(const Value& v, std::string& out);
// Appends the JSON form of a string (with quotes and escapes).
void AppendQuoted(std::string_view s, std::string& out);
// Appends a double the way Java's Double.toString prints it.
void AppendDouble(double d, std::string& out);

// Deep equality where numbers compare by numeric value (1 == 1.0) and object key order is
// irrelevant.
bool Equal(const Value& a, const Value& b);

// Numeric value of a number-kind value (int64, uint64 or double) as double.
double AsDouble(const Value& v);
inline bool IsNumber(const Value& v) { return v.is_int64() || v.is_uint64() || v.is_double(); }
// True for int64/uint64, or a double with no fractional part.
bool IsIntegral(const Value& v);

// Name of the JSON type for messages: "string", "number", "boolean", "null", "object", "array".
const char* TypeName(const Value& v);

}  // namespace sfn::json
