// Expression syntax: JSONPath paths, intrinsic calls, payload templates, JSONata strings and
// Assign blocks. Built-in checks are structural; ValidateOptions::hooks refine them.
#include <cctype>
#include <string>
#include <unordered_set>

#include "asl/validate/checker.h"

namespace sfn::asl::validate_internal {
namespace {

bool IsIdentStart(unsigned char ch) { return std::isalpha(ch) || ch == '_' || ch >= 0x80; }
bool IsIdentChar(unsigned char ch) { return std::isalnum(ch) || ch == '_' || ch >= 0x80; }

// Balanced brackets/parentheses with quoted strings; `reference` forbids the multi-node forms.
std::optional<std::string> BuiltinPathError(std::string_view p, bool reference) {
  if (p.empty() || p[0] != '$') return "must start with '$'";
  size_t i = 1;
  if (i < p.size() && p[i] == '$') {
    ++i;
  } else if (i < p.size() && IsIdentStart(static_cast<unsigned char>(p[i]))) {
    while (i < p.size() && IsIdentChar(static_cast<unsigned char>(p[i]))) ++i;  // $variable
  }
  int depth = 0;
  char quote = 0;
  for (; i < p.size(); ++i) {
    char ch = p[i];
    if (quote) {
      if (ch == '\\') {
        ++i;
      } else if (ch == quote) {
        quote = 0;
      }
      continue;
    }
    switch (ch) {
      case '\'':
      case '"':
        if (depth == 0) return "unexpected quote";
        quote = ch;
        break;
      case '[':
      case '(':
        ++depth;
        break;
      case ']':
      case ')':
        if (--depth < 0) return "unbalanced brackets";
        break;
      case '.':
        if (depth == 0 && i + 1 == p.size()) return "path must not end with '.'";
        if (reference && depth == 0 && i + 1 < p.size() && p[i + 1] == '.') {
          return "deep scan is not allowed in a reference path";
        }
        break;
      case '\\':
        ++i;  // escaped character in a name
        break;
      case '@':
      case ',':
      case ':':
      case '?':
      case '*':
        if (reference) return "reference paths must identify a single node";
        break;
      default:
        if (depth == 0 && std::isspace(static_cast<unsigned char>(ch))) {
          return "unexpected whitespace";
        }
        break;
    }
  }
  if (quote || depth != 0) return "unbalanced brackets";
  return std::nullopt;
}

const std::unordered_set<std::string_view>& IntrinsicNames() {
  static const std::unordered_set<std::string_view> kNames = {
      "Format",        "StringToJson", "JsonToString", "Array",       "ArrayPartition",
      "ArrayContains", "ArrayRange",   "ArrayGetItem", "ArrayLength", "ArrayUnique",
      "Base64Encode",  "Base64Decode", "Hash",         "JsonMerge",   "MathRandom",
      "MathAdd",       "StringSplit",  "UUID"};
  return kNames;
}

// Recursive-descent recogniser for "States.Name(arg, ...)".
class IntrinsicParser {
 public:
  IntrinsicParser(const Checker& c, std::string_view s) : c_(c), s_(s) {}
  std::optional<std::string> Run() {
    if (!Call()) return error_;
    Skip();
    if (pos_ != s_.size()) return Fail("unexpected text after the call");
    return std::nullopt;
  }

 private:
  std::optional<std::string> Fail(std::string m) {
    if (error_.empty()) error_ = std::move(m);
    return error_;
  }
  void Skip() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool Call() {
    if (s_.substr(pos_, 7) != "States.") return !Fail("expected 'States.'");
    pos_ += 7;
    size_t start = pos_;
    while (pos_ < s_.size() && std::isalnum(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    if (!IntrinsicNames().contains(s_.substr(start, pos_ - start))) {
      return !Fail("unknown intrinsic function");
    }
    if (++depth_ > 10) return !Fail("intrinsic functions nested too deeply");
    Skip();
    if (pos_ >= s_.size() || s_[pos_] != '(') return !Fail("expected '('");
    ++pos_;
    Skip();
    if (pos_ < s_.size() && s_[pos_] == ')') {
      ++pos_;
      --depth_;
      return true;
    }
    while (true) {
      Skip();
      if (!Arg()) return false;
      Skip();
      if (pos_ >= s_.size()) return !Fail("expected ')'");
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == ')') {
        ++pos_;
        --depth_;
        return true;
      }
      return !Fail("expected ',' or ')'");
    }
  }
  bool Arg() {
    if (pos_ >= s_.size()) return !Fail("expected an argument");
    char ch = s_[pos_];
    if (ch == '\'') return String();
    if (ch == '$') return Path();
    if (ch == '-' || std::isdigit(static_cast<unsigned char>(ch))) return Number();
    for (std::string_view word : {"null", "true", "false"}) {
      if (s_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        return true;
      }
    }
    if (s_.substr(pos_, 7) == "States.") return Call();
    return !Fail("invalid argument");
  }
  bool String() {
    for (++pos_; pos_ < s_.size(); ++pos_) {
      char ch = s_[pos_];
      if (ch == '\\') {
        if (pos_ + 1 >= s_.size()) break;
        char next = s_[pos_ + 1];
        if (next != '\'' && next != '{' && next != '}' && next != '\\') {
          return !Fail("invalid escape sequence");
        }
        ++pos_;
      } else if (ch == '\'') {
        ++pos_;
        return true;
      }
    }
    return !Fail("unterminated string literal");
  }
  bool Number() {
    size_t start = pos_;
    if (s_[pos_] == '-') ++pos_;
    while (pos_ < s_.size() &&
           (std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '.' ||
            s_[pos_] == 'e' || s_[pos_] == 'E' || s_[pos_] == '+' || s_[pos_] == '-')) {
      ++pos_;
    }
    return pos_ > start + (s_[start] == '-' ? 1 : 0) || !Fail("invalid number");
  }
  bool Path() {
    size_t start = pos_;
    int depth = 0;
    char quote = 0;
    for (; pos_ < s_.size(); ++pos_) {
      char ch = s_[pos_];
      if (quote) {
        if (ch == '\\') {
          ++pos_;
        } else if (ch == quote) {
          quote = 0;
        }
        continue;
      }
      if (depth > 0 && (ch == '\'' || ch == '"')) {
        quote = ch;
      } else if (ch == '[' || ch == '(') {
        ++depth;
      } else if ((ch == ']' || ch == ')') && depth > 0) {
        --depth;
      } else if (depth == 0 &&
                 (ch == ',' || ch == ')' || std::isspace(static_cast<unsigned char>(ch)))) {
        break;
      }
    }
    auto err = PathError(c_, s_.substr(start, pos_ - start), false);
    return !err || !Fail(*err);
  }

  const Checker& c_;
  std::string_view s_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::string error_;
};

// References AWS refuses in a JSONata expression: the whole-input root "$$", and
// $states.errorOutput outside a Catcher. String literals and comments are skipped.
void CheckJsonataReferences(Checker& c, std::string_view body, const std::string& loc) {
  size_t first = body.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && body.substr(first).starts_with("$$") &&
      (first + 2 == body.size() || !IsIdentChar(static_cast<unsigned char>(body[first + 2])))) {
    c.Error("UNSUPPORTED_JSONATA_EXPRESSION", "Reference to '$$' is not supported.", loc);
    return;
  }
  if (c.in_catcher) return;
  for (size_t i = 0; i < body.size(); ++i) {
    char ch = body[i];
    if (ch == '"' || ch == '\'' || ch == '`') {
      for (++i; i < body.size() && body[i] != ch; ++i) {
        if (body[i] == '\\') ++i;
      }
    } else if (ch == '/' && i + 1 < body.size() && body[i + 1] == '*') {
      size_t end = body.find("*/", i + 2);
      i = end == std::string_view::npos ? body.size() : end + 1;
    } else if (body.substr(i).starts_with("$states.errorOutput") &&
               (i == 0 || !IsIdentChar(static_cast<unsigned char>(body[i - 1])))) {
      size_t after = i + 19;
      if (after == body.size() || !IsIdentChar(static_cast<unsigned char>(body[after]))) {
        c.Error("UNSUPPORTED_JSONATA_EXPRESSION", "Field '$states.errorOutput' does not exist.",
                loc);
        return;
      }
    }
  }
}

std::string Child(const std::string& loc, std::string_view key) {
  return loc + "/" + std::string(key);
}

bool EndsWithDollar(std::string_view key) {
  return key.size() >= 2 && key.substr(key.size() - 2) == ".$";
}

bool LooksLikePathOrIntrinsic(std::string_view s) {
  return s == "$" || s.starts_with("$.") || s.starts_with("$[") || s.starts_with("$$") ||
         (s.starts_with("States.") && s.find('(') != std::string_view::npos);
}

// Checks one "key.$" value: a Path (`$...`) or an intrinsic call.
bool DynamicValueOk(const Checker& c, const json::Value& v) {
  if (!v.is_string()) return false;
  std::string_view s = v.get_string();
  if (s.starts_with("$")) return !PathError(c, s, false);
  return !IntrinsicError(c, s);
}

void WalkTemplate(Checker& c, const json::Value& v, const std::string& field_loc,
                  bool warn_no_dollar) {
  if (v.is_array()) {
    for (const auto& e : v.get_array()) WalkTemplate(c, e, field_loc, warn_no_dollar);
    return;
  }
  if (!v.is_object()) return;
  std::unordered_set<std::string_view> seen;
  for (const auto& kv : v.get_object()) {
    std::string_view key = kv.key();
    bool dynamic = EndsWithDollar(key);
    std::string_view bare = dynamic ? key.substr(0, key.size() - 2) : key;
    if (!seen.insert(bare).second) {
      c.Schema("Duplicate field '" + std::string(bare) + "'", field_loc);
    }
    if (dynamic) {
      if (!DynamicValueOk(c, kv.value())) {
        c.Schema("The value for the field '" + std::string(key) +
                     "' must be a valid JSONPath or a valid intrinsic function call",
                 field_loc);
      }
      continue;
    }
    if (warn_no_dollar && kv.value().is_string() &&
        LooksLikePathOrIntrinsic(kv.value().get_string())) {
      c.Warning("NO_DOLLAR",
                "The value for the field '" + std::string(key) +
                    "' looks like a JSONPath or an intrinsic function call, but the field name "
                    "does not end with '.$'",
                field_loc);
    }
    WalkTemplate(c, kv.value(), field_loc, warn_no_dollar);
  }
}

// Variable names: an identifier (non-ASCII accepted as letters) of at most 80 characters, not
// the reserved "states". Reports at `loc`.
void CheckVariableName(Checker& c, std::string_view name, const std::string& loc) {
  if (name == "states") {
    c.Error("RESERVED_VARIABLE_NAME", "Cannot assign to reserved variable '$states'.", loc);
    return;
  }
  size_t chars = 0;
  bool ok = !name.empty();
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char ch = static_cast<unsigned char>(name[i]);
    if ((ch & 0xC0) != 0x80) ++chars;
    if (i == 0 ? !IsIdentStart(ch) : !IsIdentChar(ch)) ok = false;
  }
  std::string prefix = "Invalid variable name '" + std::string(name) + "': ";
  if (!ok) {
    c.Error("INVALID_VARIABLE_NAME", prefix + "the variable name contains invalid characters.",
            loc);
  } else if (chars > 80) {
    c.Error("INVALID_VARIABLE_NAME", prefix + "the variable name exceeds 80 characters.", loc);
  }
}

}  // namespace

std::optional<std::string> PathError(const Checker& c, std::string_view text, bool reference) {
  const auto& hook = reference ? c.options().hooks.reference_path : c.options().hooks.json_path;
  if (hook) return hook(text);
  return BuiltinPathError(text, reference);
}

std::optional<std::string> IntrinsicError(const Checker& c, std::string_view text) {
  if (c.options().hooks.intrinsic) return c.options().hooks.intrinsic(text);
  return IntrinsicParser(c, text).Run();
}

void WarnIfLooksLikePath(Checker& c, const json::Value& v, const std::string& loc) {
  if (!v.is_string()) return;
  std::string_view s = v.get_string();
  if (s == "$" || s.starts_with("$.") || s.starts_with("$[") || s.starts_with("$$.")) {
    c.Warning("NO_PATH", "Field value looks like a path, but field name does not end with 'Path'",
              loc);
  }
}

bool IsRfc3339(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS(.fraction)?(Z|+HH:MM|-HH:MM)
  auto digits = [&](size_t at, size_t n) {
    if (at + n > s.size()) return false;
    for (size_t i = at; i < at + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    }
    return true;
  };
  if (!digits(0, 4) || s.size() < 20 || s[4] != '-' || !digits(5, 2) || s[7] != '-' ||
      !digits(8, 2) || s[10] != 'T' || !digits(11, 2) || s[13] != ':' || !digits(14, 2) ||
      s[16] != ':' || !digits(17, 2)) {
    return false;
  }
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    size_t start = ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == start) return false;
  }
  if (i < s.size() && s[i] == 'Z') return i + 1 == s.size();
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    return i + 6 == s.size() && digits(i + 1, 2) && s[i + 3] == ':' && digits(i + 4, 2);
  }
  return false;
}

void CheckPathField(Checker& c, const json::Object& o, std::string_view field,
                    const std::string& state_loc, bool reference, bool nullable) {
  const json::Value* v = Get(o, field);
  if (!v || (nullable && v->is_null())) return;
  std::string loc = Child(state_loc, field);
  if (!ExpectString(c, *v, loc)) return;
  std::string_view s = v->get_string();
  if (!s.starts_with("$") || PathError(c, s, false)) {
    c.Schema("Value must be a valid JSONPath.", loc);
    return;
  }
  bool bad = reference && PathError(c, s, true).has_value();
  if (field == "ResultPath" && s.size() > 1 && s[1] != '.' && s[1] != '[') {
    bad = true;  // ResultPath cannot target the context object or a variable
  }
  if (bad) c.Schema("Value is not a Reference Path", loc);
}

void CheckPayloadTemplate(Checker& c, const json::Value& v, const std::string& loc) {
  if (!v.is_object()) {
    ExpectObject(c, v, loc);
    return;
  }
  WalkTemplate(c, v, loc, true);
}

void CheckJsonataStrings(Checker& c, const json::Value& v, const std::string& loc) {
  if (v.is_array()) {
    const auto& a = v.get_array();
    for (size_t i = 0; i < a.size(); ++i) {
      CheckJsonataStrings(c, a[i], loc + "[" + std::to_string(i) + "]");
    }
    return;
  }
  if (v.is_object()) {
    for (const auto& kv : v.get_object()) CheckJsonataStrings(c, kv.value(), Child(loc, kv.key()));
    return;
  }
  if (v.is_string() && v.get_string().starts_with("{%") && !IsJsonata(v)) {
    c.Schema("JSONata string must start with {% and end with %}", loc);
    return;
  }
  if (!IsJsonata(v)) return;
  std::string_view body = JsonataBody(v.get_string());
  std::optional<std::string> err;
  if (c.options().hooks.jsonata) {
    err = c.options().hooks.jsonata(body);
  } else if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    err = "Unexpected end of expression";
  }
  if (err) {
    c.Error("INVALID_JSONATA_EXPRESSION", *err, loc);
    return;
  }
  CheckJsonataReferences(c, body, loc);
}

void CheckAssign(Checker& c, const json::Value& v, const std::string& loc, bool jsonata) {
  if (!ExpectObject(c, v, loc)) return;
  for (const auto& kv : v.get_object()) {
    std::string_view key = kv.key();
    std::string_view name = !jsonata && EndsWithDollar(key) ? key.substr(0, key.size() - 2) : key;
    CheckVariableName(c, name, loc);
  }
  if (jsonata) {
    CheckJsonataStrings(c, v, loc);
  } else {
    WalkTemplate(c, v, loc, false);
  }
}

}  // namespace sfn::asl::validate_internal
