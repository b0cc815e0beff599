// Message formatting helpers shared by the rules.
#include <cstdio>
#include <string>

#include "asl/validate/checker.h"

namespace sfn::asl::validate_internal {

std::string PyRepr(std::string_view s) {
  bool has_single = s.find('\'') != std::string_view::npos;
  bool has_double = s.find('"') != std::string_view::npos;
  char quote = has_single && !has_double ? '"' : '\'';
  std::string out(1, quote);
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char ch = static_cast<unsigned char>(s[i]);
    char buf[8];
    if (ch == '\\' || ch == static_cast<unsigned char>(quote)) {
      out += '\\';
      out += static_cast<char>(ch);
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\r') {
      out += "\\r";
    } else if (ch == '\t') {
      out += "\\t";
    } else if (ch < 0x20 || ch == 0x7F) {
      std::snprintf(buf, sizeof(buf), "\\x%02x", ch);
      out += buf;
    } else if (ch == 0xC2 && i + 1 < s.size()) {
      // U+0080..U+00BF: Python prints the C1 controls, NBSP and soft hyphen escaped.
      unsigned char cp = static_cast<unsigned char>(s[i + 1]);
      if (cp <= 0xA0 || cp == 0xAD) {
        std::snprintf(buf, sizeof(buf), "\\x%02x", cp);
        out += buf;
      } else {
        out += s.substr(i, 2);
      }
      ++i;
    } else {
      out += static_cast<char>(ch);
    }
  }
  out += quote;
  return out;
}

}  // namespace sfn::asl::validate_internal
