// Function signatures (<s-n?:s>) and JavaScript-like regular expressions (PCRE2).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "asl/jsonata/value.h"

namespace sfn::jsonata::internal {

struct SigParam {
  std::string symbols;  // accepted type symbols, e.g. "sm"; 'a' types also accept scalars
  char type = 'x';      // the declared type character ('(' for choices)
  char quant = 0;       // 0, '?', '+'
  bool context = false;
  std::string subtype;  // a<s>: "s"
};

struct Signature {
  std::vector<SigParam> params;
  std::string text;
};

// Parses a signature such as "<s-n?:s>"; throws JError S0401/S0402 on bad syntax.
std::shared_ptr<Signature> ParseSignature(std::string_view text);
// Validates and coerces `args` (context substituted for '-' params); throws T0410/T0411/T0412.
std::vector<Value> ValidateArgs(const Signature& sig, const std::vector<Value>& args,
                                const Value& context);

struct RegexImpl;
struct Regex {
  std::string pattern;
  std::string flags;
  std::shared_ptr<RegexImpl> impl;
};
struct RegexMatch {
  size_t start = 0, end = 0;                         // byte offsets
  std::vector<std::pair<bool, std::string>> groups;  // (matched, text) for groups 1..n
  std::string match;
};
// Compiles a JS regex; throws JError on failure.
std::shared_ptr<Regex> CompileRegex(const std::string& pattern, const std::string& flags);
// Finds the first match at or after byte offset `from`.
bool RegexSearch(const Regex& re, const std::string& subject, size_t from, RegexMatch& m);

}  // namespace sfn::jsonata::internal
