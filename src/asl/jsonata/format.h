// Integer picture formatting shared by $formatInteger/$parseInteger and the date/time functions
// (XPath F&O 3.1 format-integer semantics as implemented by JSONata).
#pragma once

#include <string>
#include <vector>

namespace sfn::jsonata::internal {

struct IntFormat {
  enum Primary { kDecimal, kLetters, kRoman, kWords, kSequence } primary = kDecimal;
  enum Case { kLower, kUpper, kTitle } tcase = kLower;
  bool ordinal = false;
  char32_t zero = U'0';
  int mandatory = 0;
  int optional = 0;
  bool regular = false;
  std::vector<std::pair<int, std::u32string>> separators;  // (position, character)
  std::string token;
};

// Analyses an integer picture such as "#,##0", "w;o", "A"; throws JError D3131 on mixed digits.
IntFormat AnalyseIntPicture(const std::u32string& picture);
// Formats `value` (floored) with the format; throws D3130 for unsupported sequences.
std::string FormatIntegerWith(double value, const IntFormat& f);
// Words for a number ("one hundred and five", ordinal "fifth"), in title case.
std::string NumberToWords(double value, bool ordinal);
// Parses text per the format; returns false when it cannot be parsed.
bool ParseIntegerWith(const std::string& text, const IntFormat& f, double& out);
// Regex alternation of all number words (for parsing).
std::string WordsAlternatives();
// Decimal digit family zero for a code point, or 0 if not a decimal digit.
char32_t DigitZero(char32_t c);

}  // namespace sfn::jsonata::internal
