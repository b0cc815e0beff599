// Comparison of engine results with cases recorded against AWS: snapshot placeholders (<...>),
// account ids, timestamps and per-case normalisation regexes act as wildcards (see
// tests/conformance/README.md).
#pragma once

#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "json/json.h"

namespace sfn::conformance {

class CaseMatcher {
 public:
  // `normalise` is the case's "normalise" object ({regex:[{pattern,replacement}], wildcards:[..]}).
  explicit CaseMatcher(const json::Value& normalise);

  // Returns nullopt when `actual` matches `expected`, else where and why it differs.
  std::optional<std::string> Match(const json::Value& expected, const json::Value& actual,
                                   const std::string& path = "$") const;
  bool StringMatches(const std::string& expected, const std::string& actual) const;
  // Loose comparison for causes: exact/wildcard, JSON-equal, equal ignoring whitespace, or
  // similarity >= 0.85.
  bool CauseMatches(const json::Value& expected, const std::string& actual) const;

 private:
  std::string Normalise(const std::string& s) const;
  bool IsToken(const std::string& s) const;

  std::vector<std::pair<std::regex, std::string>> regex_;
  std::vector<std::string> words_;
  std::regex token_re_;
};

}  // namespace sfn::conformance
