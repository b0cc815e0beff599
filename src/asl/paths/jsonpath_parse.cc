// Parser for JSONPath steps and filter expressions (Jayway syntax as accepted by Step Functions).

#include <cctype>
#include <charconv>
#include <cstring>

#include "asl/paths/jsonpath_ast.h"
#include "common/utf8.h"

namespace sfn::asl::paths {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

using sfn::AppendUtf8;

Segment Seg(SegmentKind kind) {
  Segment s;
  s.kind = kind;
  return s;
}

class Parser {
 public:
  Parser(std::string_view text, size_t pos) : s_(text), pos_(pos) {}
  size_t pos() const { return pos_; }

  Result<Steps> Steps_(bool in_filter) {
    Steps steps;
    while (true) {
      size_t save = pos_;
      SkipSpace();
      if (AtEnd()) break;
      char c = s_[pos_];
      if (c == '.') {
        bool scan = pos_ + 1 < s_.size() && s_[pos_ + 1] == '.';
        pos_ += scan ? 2 : 1;
        if (scan) steps.push_back(Seg(SegmentKind::kScan));
        if (!AtEnd() && s_[pos_] == '[' && scan) {
          SFN_TRY(Bracket(steps));
        } else if (!AtEnd() && s_[pos_] == '*') {
          ++pos_;
          steps.push_back(Seg(SegmentKind::kWildcard));
        } else {
          std::string name;
          SFN_TRY(DotName(in_filter, name));
          Segment seg;
          seg.names.push_back(std::move(name));
          steps.push_back(std::move(seg));
        }
      } else if (c == '[') {
        SFN_TRY(Bracket(steps));
      } else if (in_filter) {
        pos_ = save;
        break;
      } else {
        return Error("unexpected character '" + std::string(1, c) + "'");
      }
    }
    if (!steps.empty() && steps.back().kind == SegmentKind::kScan) {
      return Error("a deep scan '..' must be followed by a name, '*' or a bracket");
    }
    return steps;
  }

 private:
  bool AtEnd() const { return pos_ >= s_.size(); }
  void SkipSpace() {
    while (!AtEnd() && IsSpace(s_[pos_])) ++pos_;
  }
  Status Error(const std::string& what) const {
    return Status::InvalidArgument("Invalid JSONPath '" + std::string(s_) + "': " + what +
                                   " at position " + std::to_string(pos_));
  }
  bool Consume(char c) {
    SkipSpace();
    if (!AtEnd() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  Status DotName(bool in_filter, std::string& name) {
    static constexpr const char* kFilterStops = ")=!<>&|,~";
    while (!AtEnd()) {
      char c = s_[pos_];
      if (c == '.' || c == '[' || IsSpace(c)) break;
      if (in_filter && std::strchr(kFilterStops, c) != nullptr) break;
      if (c == '(' || c == ']' || c == '\'' || c == '"') {
        return Error("unexpected character '" + std::string(1, c) + "' in a name");
      }
      if (c == '\\' && pos_ + 1 < s_.size()) ++pos_;  // ASL: "\x" is the literal character
      name += s_[pos_++];
    }
    if (name.empty()) return Error("expected a name");
    return Status::Ok();
  }

  Status Quoted(std::string& out) {
    char q = s_[pos_++];
    while (true) {
      if (AtEnd()) return Error("unterminated string");
      char c = s_[pos_++];
      if (c == q) return Status::Ok();
      if (c != '\\') {
        out += c;
        continue;
      }
      if (AtEnd()) return Error("unterminated escape");
      char e = s_[pos_++];
      switch (e) {
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          uint32_t cp = 0;
          SFN_TRY(Hex4(cp));
          if (cp >= 0xD800 && cp < 0xDC00 && pos_ + 1 < s_.size() && s_[pos_] == '\\' &&
              s_[pos_ + 1] == 'u') {
            pos_ += 2;
            uint32_t lo = 0;
            SFN_TRY(Hex4(lo));
            if (lo >= 0xDC00 && lo < 0xE000) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else {
              AppendUtf8(cp, out);
              cp = lo;
            }
          }
          AppendUtf8(cp, out);
          break;
        }
        default:
          out += e;  // \' \" \\ \/ and any other escaped character
      }
    }
  }

  Status Hex4(uint32_t& cp) {
    if (pos_ + 4 > s_.size()) return Error("bad \\u escape");
    auto r = std::from_chars(s_.data() + pos_, s_.data() + pos_ + 4, cp, 16);
    if (r.ptr != s_.data() + pos_ + 4) return Error("bad \\u escape");
    pos_ += 4;
    return Status::Ok();
  }

  Status Int(int64_t& v) {
    SkipSpace();
    size_t b = pos_;
    if (!AtEnd() && s_[pos_] == '-') ++pos_;
    while (!AtEnd() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
    auto r = std::from_chars(s_.data() + b, s_.data() + pos_, v);
    if (r.ec != std::errc() || r.ptr != s_.data() + pos_) {
      pos_ = b;
      return Error("expected an integer");
    }
    return Status::Ok();
  }

  bool PeekInt() {
    SkipSpace();
    return !AtEnd() && ((s_[pos_] >= '0' && s_[pos_] <= '9') || s_[pos_] == '-');
  }

  Status Bracket(Steps& steps) {
    ++pos_;  // '['
    SkipSpace();
    if (AtEnd()) return Error("unterminated '['");
    char c = s_[pos_];
    Segment seg;
    if (c == '\'' || c == '"') {
      do {
        SkipSpace();
        if (AtEnd() || (s_[pos_] != '\'' && s_[pos_] != '"'))
          return Error("expected a quoted name");
        std::string name;
        SFN_TRY(Quoted(name));
        seg.names.push_back(std::move(name));
      } while (Consume(','));
    } else if (c == '*') {
      ++pos_;
      seg.kind = SegmentKind::kWildcard;
    } else if (c == '?') {
      ++pos_;
      seg.kind = SegmentKind::kFilter;
      SFN_ASSIGN_OR_RETURN(auto expr, Or());
      seg.filter = std::move(expr);
    } else {
      SFN_TRY(IndexOrSlice(seg));
    }
    if (!Consume(']')) return Error("expected ']'");
    steps.push_back(std::move(seg));
    return Status::Ok();
  }

  Status IndexOrSlice(Segment& seg) {
    std::optional<int64_t> first;
    if (PeekInt()) {
      int64_t v = 0;
      SFN_TRY(Int(v));
      first = v;
    }
    SkipSpace();
    if (!AtEnd() && s_[pos_] == ':') {
      ++pos_;
      seg.kind = SegmentKind::kSlice;
      seg.start = first;
      if (PeekInt()) {
        int64_t v = 0;
        SFN_TRY(Int(v));
        seg.end = v;
      }
      if (Consume(':') && PeekInt()) {
        SFN_TRY(Int(seg.step));
        if (seg.step == 0) return Error("slice step must not be 0");
      }
      return Status::Ok();
    }
    if (!first) return Error("expected a name, index, slice, '*' or filter");
    seg.kind = SegmentKind::kIndex;
    seg.indexes.push_back(*first);
    while (Consume(',')) {
      int64_t v = 0;
      SFN_TRY(Int(v));
      seg.indexes.push_back(v);
    }
    return Status::Ok();
  }

  // ---- filter expressions ----
  using ExprPtr = std::unique_ptr<FilterExpr>;

  static ExprPtr Binary(FilterExpr::Kind kind, ExprPtr a, ExprPtr b) {
    auto e = std::make_unique<FilterExpr>();
    e->kind = kind;
    e->children.push_back(std::move(a));
    e->children.push_back(std::move(b));
    return e;
  }

  bool ConsumeWord(const char* w) {
    SkipSpace();
    size_t n = std::strlen(w);
    if (s_.substr(pos_, n) == w) {
      pos_ += n;
      return true;
    }
    return false;
  }

  Result<ExprPtr> Or() {
    SFN_ASSIGN_OR_RETURN(ExprPtr left, And());
    while (ConsumeWord("||")) {
      SFN_ASSIGN_OR_RETURN(ExprPtr right, And());
      left = Binary(FilterExpr::Kind::kOr, std::move(left), std::move(right));
    }
    return left;
  }

  Result<ExprPtr> And() {
    SFN_ASSIGN_OR_RETURN(ExprPtr left, Unary());
    while (ConsumeWord("&&")) {
      SFN_ASSIGN_OR_RETURN(ExprPtr right, Unary());
      left = Binary(FilterExpr::Kind::kAnd, std::move(left), std::move(right));
    }
    return left;
  }

  Result<ExprPtr> Unary() {
    // Bounds recursion on hostile input ("((((..." or "!!!!...", nested filters).
    if (++depth_ > kMaxDepth) return Error("filter nested too deeply");
    struct Leave {
      int& d;
      ~Leave() { --d; }
    } leave{depth_};
    SkipSpace();
    if (!AtEnd() && s_[pos_] == '!' && (pos_ + 1 >= s_.size() || s_[pos_ + 1] != '=')) {
      ++pos_;
      SFN_ASSIGN_OR_RETURN(ExprPtr inner, Unary());
      auto e = std::make_unique<FilterExpr>();
      e->kind = FilterExpr::Kind::kNot;
      e->children.push_back(std::move(inner));
      return e;
    }
    if (Consume('(')) {
      SFN_ASSIGN_OR_RETURN(ExprPtr inner, Or());
      if (!Consume(')')) return Error("expected ')' in filter");
      return inner;
    }
    return Relation();
  }

  Result<ExprPtr> Relation() {
    auto e = std::make_unique<FilterExpr>();
    SFN_TRY(ParseOperand(e->lhs));
    std::optional<CompareOp> op = ParseOperator();
    if (!op) {
      if (e->lhs.kind != Operand::Kind::kPath) return Error("expected a comparison operator");
      e->kind = FilterExpr::Kind::kExists;
      return e;
    }
    e->kind = FilterExpr::Kind::kCompare;
    e->op = *op;
    SFN_TRY(ParseOperand(e->rhs));
    return e;
  }

  std::optional<CompareOp> ParseOperator() {
    SkipSpace();
    struct Sym {
      const char* text;
      CompareOp op;
    };
    static constexpr Sym kSyms[] = {
        {"===", CompareOp::kEq},   {"!==", CompareOp::kNe}, {"==", CompareOp::kEq},
        {"!=", CompareOp::kNe},    {"<=", CompareOp::kLe},  {">=", CompareOp::kGe},
        {"=~", CompareOp::kRegex}, {"<", CompareOp::kLt},   {">", CompareOp::kGt},
    };
    for (const Sym& sym : kSyms) {
      if (ConsumeWord(sym.text)) return sym.op;
    }
    size_t b = pos_;
    while (!AtEnd() && std::isalpha(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    std::string word(s_.substr(b, pos_ - b));
    for (char& ch : word) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    static constexpr Sym kWords[] = {
        {"in", CompareOp::kIn},
        {"nin", CompareOp::kNin},
        {"contains", CompareOp::kContains},
        {"subsetof", CompareOp::kSubsetOf},
        {"anyof", CompareOp::kAnyOf},
        {"noneof", CompareOp::kNoneOf},
        {"size", CompareOp::kSize},
        {"empty", CompareOp::kEmpty},
    };
    for (const Sym& sym : kWords) {
      if (word == sym.text) return sym.op;
    }
    pos_ = b;
    return std::nullopt;
  }

  Status ParseOperand(Operand& out) {
    SkipSpace();
    if (AtEnd()) return Error("expected an operand in filter");
    char c = s_[pos_];
    if (c == '@' || c == '$') {
      ++pos_;
      out.kind = Operand::Kind::kPath;
      out.path.from_root = c == '$';
      SFN_ASSIGN_OR_RETURN(out.path.steps, Steps_(true));
      out.path.definite = StepsAreDefinite(out.path.steps);
      return Status::Ok();
    }
    if (c == '\'' || c == '"') {
      std::string str;
      SFN_TRY(Quoted(str));
      out.literal = json::String(str);
      return Status::Ok();
    }
    if (c == '/') return Regex(out);
    if (c == '[' || c == '{') return JsonLiteral(out);
    size_t b = pos_;
    while (!AtEnd() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '-' ||
                        s_[pos_] == '+' || s_[pos_] == '.')) {
      ++pos_;
    }
    auto parsed = json::Parse(s_.substr(b, pos_ - b));
    if (pos_ == b || !parsed.ok() || parsed->is_object() || parsed->is_array()) {
      pos_ = b;
      return Error("expected a path, string, number, true, false, null or literal in filter");
    }
    out.literal = std::move(parsed).value();
    return Status::Ok();
  }

  Status Regex(Operand& out) {
    ++pos_;
    std::string pattern;
    while (!AtEnd() && s_[pos_] != '/') {
      if (s_[pos_] == '\\' && pos_ + 1 < s_.size()) pattern += s_[pos_++];
      pattern += s_[pos_++];
    }
    if (AtEnd()) return Error("unterminated regular expression");
    ++pos_;
    auto flags = std::regex::ECMAScript;
    while (!AtEnd() && std::isalpha(static_cast<unsigned char>(s_[pos_]))) {
      if (s_[pos_] == 'i') flags |= std::regex::icase;
      ++pos_;
    }
    try {
      out.regex = std::make_shared<const std::regex>(pattern, flags);
    } catch (const std::regex_error&) {
      return Error("invalid regular expression");
    }
    out.kind = Operand::Kind::kRegex;
    return Status::Ok();
  }

  // A JSON array/object literal; single-quoted strings are accepted (Jayway).
  Status JsonLiteral(Operand& out) {
    std::string json;
    int depth = 0;
    while (!AtEnd()) {
      char c = s_[pos_];
      if (c == '\'' || c == '"') {
        std::string str;
        SFN_TRY(Quoted(str));
        json::AppendQuoted(str, json);
        continue;
      }
      ++pos_;
      json += c;
      if (c == '[' || c == '{') ++depth;
      if ((c == ']' || c == '}') && --depth == 0) break;
    }
    auto parsed = json::Parse(json);
    if (!parsed.ok()) return Error("invalid JSON literal in filter");
    out.literal = std::move(parsed).value();
    return Status::Ok();
  }

  static constexpr int kMaxDepth = 64;
  std::string_view s_;
  size_t pos_;
  int depth_ = 0;
};

}  // namespace

Result<Steps> ParseSteps(std::string_view text, size_t& pos, bool in_filter) {
  Parser p(text, pos);
  auto steps = p.Steps_(in_filter);
  pos = p.pos();
  return steps;
}

bool StepsAreDefinite(const Steps& steps) {
  for (const Segment& s : steps) {
    if (s.kind == SegmentKind::kIndex && s.indexes.size() == 1) continue;
    if (s.kind == SegmentKind::kProperty) continue;
    return false;
  }
  return true;
}

void AppendCanonical(const Steps& steps, std::string& out) {
  for (const Segment& s : steps) {
    switch (s.kind) {
      case SegmentKind::kProperty:
        out += '[';
        for (size_t i = 0; i < s.names.size(); ++i) {
          if (i > 0) out += ", ";
          out += '\'';
          out += s.names[i];
          out += '\'';
        }
        out += ']';
        break;
      case SegmentKind::kIndex:
        out += '[';
        for (size_t i = 0; i < s.indexes.size(); ++i) {
          if (i > 0) out += ",";
          out += std::to_string(s.indexes[i]);
        }
        out += ']';
        break;
      case SegmentKind::kSlice:
        out += '[';
        if (s.start) out += std::to_string(*s.start);
        out += ':';
        if (s.end) out += std::to_string(*s.end);
        out += ']';
        break;
      case SegmentKind::kWildcard:
        out += "[*]";
        break;
      case SegmentKind::kScan:
        out += "..";
        break;
      case SegmentKind::kFilter:
        out += "[?]";
        break;
    }
  }
}

}  // namespace sfn::asl::paths
