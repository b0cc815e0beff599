// JSONata lexer and Pratt parser producing the raw syntax tree (see process.cc for the
// post-processing pass).
#include "asl/jsonata/parser.h"

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "asl/jsonata/signature.h"
#include "common/utf8.h"

namespace sfn::jsonata::internal {

NodePtr ProcessAst(NodePtr raw, Program& prog);  // process.cc

namespace {

enum class Tok { kOp, kString, kNumber, kName, kVariable, kValue, kRegex, kEnd };

struct Token {
  Tok kind = Tok::kEnd;
  std::string value;
  double num = 0;
  int position = 0;
  std::shared_ptr<Regex> regex;
};

int BindingPower(const Token& t) {
  if (t.kind != Tok::kOp) return 0;
  static const std::pair<const char*, int> kOps[] = {
      {".", 75},  {"[", 80},  {"]", 0},   {"{", 70},  {"}", 0},    {"(", 80},  {")", 0},
      {",", 0},   {"@", 80},  {"#", 80},  {";", 80},  {":", 80},   {"?", 20},  {"+", 50},
      {"-", 50},  {"*", 60},  {"/", 60},  {"%", 60},  {"|", 20},   {"=", 40},  {"<", 40},
      {">", 40},  {"^", 40},  {"**", 60}, {"..", 20}, {":=", 10},  {"!=", 40}, {"<=", 40},
      {">=", 40}, {"~>", 40}, {"?:", 40}, {"??", 40}, {"and", 30}, {"or", 25}, {"in", 40},
      {"&", 50},  {"!", 0},
  };
  for (const auto& [op, bp] : kOps) {
    if (t.value == op) {
      // ';', ':' and '|' only terminate expressions here.
      if (t.value == ";" || t.value == ":" || t.value == "|") return 0;
      return bp;
    }
  }
  return 0;
}

bool IsOpChar(char c) { return std::strchr(".[]{}(),@#;:?+-*/%|=<>^&!~", c) != nullptr; }

class Parser {
 public:
  Parser(std::string_view src, Program& prog) : src_(src), prog_(prog) {}

  NodePtr ParseAll() {
    Advance(false);
    NodePtr n = Expression(0);
    if (tok_.kind != Tok::kEnd) Fail("S0201", tok_.value, tok_.position);
    return n;
  }

 private:
  [[noreturn]] void Fail(const std::string& code, const std::string& token, int pos) {
    JError e;
    e.code = code;
    e.token = token;
    e.position = pos;
    throw e;
  }

  void SkipSpaceAndComments() {
    for (;;) {
      while (pos_ < src_.size() && std::strchr(" \t\n\r\v", src_[pos_]) && src_[pos_] != 0) pos_++;
      if (pos_ + 1 < src_.size() && src_[pos_] == '/' && src_[pos_ + 1] == '*') {
        size_t end = src_.find("*/", pos_ + 2);
        if (end == std::string_view::npos) Fail("S0106", "", static_cast<int>(pos_));
        pos_ = end + 2;
        continue;
      }
      return;
    }
  }

  void Lex(bool infix) {
    SkipSpaceAndComments();
    tok_ = Token();
    tok_.position = static_cast<int>(pos_);
    if (pos_ >= src_.size()) {
      tok_.kind = Tok::kEnd;
      tok_.value = "(end)";
      return;
    }
    char c = src_[pos_];
    if (!infix && c == '/') {
      pos_++;
      ScanRegex();
      return;
    }
    static const char* kTwo[] = {"..", ":=", "!=", ">=", "<=", "**", "~>", "?:", "??"};
    if (pos_ + 1 < src_.size()) {
      for (const char* op : kTwo) {
        if (src_[pos_] == op[0] && src_[pos_ + 1] == op[1]) {
          tok_.kind = Tok::kOp;
          tok_.value = op;
          pos_ += 2;
          return;
        }
      }
    }
    if (IsOpChar(c) && c != '~') {
      if (c == '!') Fail("S0204", "!", static_cast<int>(pos_));
      tok_.kind = Tok::kOp;
      tok_.value = std::string(1, c);
      pos_++;
      return;
    }
    if (c == '"' || c == '\'') {
      ScanString(c);
      return;
    }
    if (c >= '0' && c <= '9') {
      size_t start = pos_;
      if (c == '0') {
        pos_++;
      } else {
        while (pos_ < src_.size() && std::isdigit(static_cast<unsigned char>(src_[pos_]))) pos_++;
      }
      if (pos_ + 1 < src_.size() && src_[pos_] == '.' &&
          std::isdigit(static_cast<unsigned char>(src_[pos_ + 1]))) {
        pos_++;
        while (pos_ < src_.size() && std::isdigit(static_cast<unsigned char>(src_[pos_]))) pos_++;
      }
      if (pos_ < src_.size() && (src_[pos_] == 'e' || src_[pos_] == 'E')) {
        size_t save = pos_;
        pos_++;
        if (pos_ < src_.size() && (src_[pos_] == '+' || src_[pos_] == '-')) pos_++;
        if (pos_ < src_.size() && std::isdigit(static_cast<unsigned char>(src_[pos_]))) {
          while (pos_ < src_.size() && std::isdigit(static_cast<unsigned char>(src_[pos_]))) {
            pos_++;
          }
        } else {
          pos_ = save;
        }
      }
      std::string text(src_.substr(start, pos_ - start));
      double d = std::strtod(text.c_str(), nullptr);
      if (!std::isfinite(d)) Fail("S0102", text, static_cast<int>(start));
      tok_.kind = Tok::kNumber;
      tok_.num = d;
      tok_.value = text;
      return;
    }
    if (c == '`') {
      size_t end = src_.find('`', pos_ + 1);
      if (end == std::string_view::npos) Fail("S0105", "", static_cast<int>(pos_));
      tok_.kind = Tok::kName;
      tok_.value = std::string(src_.substr(pos_ + 1, end - pos_ - 1));
      pos_ = end + 1;
      return;
    }
    size_t start = pos_;
    while (pos_ < src_.size()) {
      char ch = src_[pos_];
      if (std::strchr(" \t\n\r\v", ch) && ch != 0) break;
      if (IsOpChar(ch) && !(ch == '~' && (pos_ + 1 >= src_.size() || src_[pos_ + 1] != '>'))) {
        break;
      }
      pos_++;
    }
    std::string name(src_.substr(start, pos_ - start));
    if (name[0] == '$') {
      tok_.kind = Tok::kVariable;
      tok_.value = name.substr(1);
    } else if (name == "and" || name == "or" || name == "in") {
      tok_.kind = Tok::kOp;
      tok_.value = name;
    } else if (name == "true" || name == "false" || name == "null") {
      tok_.kind = Tok::kValue;
      tok_.value = name;
    } else {
      tok_.kind = Tok::kName;
      tok_.value = name;
    }
  }

  static void AppendUtf8(uint32_t cp, std::string& out) { sfn::AppendUtf8(cp, out); }

  uint32_t Hex4(size_t at) {
    if (at + 4 > src_.size()) Fail("S0104", "", static_cast<int>(at));
    uint32_t v = 0;
    for (size_t i = at; i < at + 4; ++i) {
      char h = src_[i];
      v <<= 4;
      if (h >= '0' && h <= '9') {
        v |= h - '0';
      } else if (h >= 'a' && h <= 'f') {
        v |= h - 'a' + 10;
      } else if (h >= 'A' && h <= 'F') {
        v |= h - 'A' + 10;
      } else {
        Fail("S0104", "", static_cast<int>(at));
      }
    }
    return v;
  }

  void ScanString(char quote) {
    size_t start = pos_;
    pos_++;
    std::string out;
    while (pos_ < src_.size()) {
      char ch = src_[pos_];
      if (ch == '\\') {
        pos_++;
        if (pos_ >= src_.size()) break;
        char e = src_[pos_];
        switch (e) {
          case '"':
          case '\\':
          case '/':
          case '\'':
            out += e;
            break;
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
            uint32_t cp = Hex4(pos_ + 1);
            pos_ += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && pos_ + 6 < src_.size() + 1 &&
                src_.substr(pos_ + 1, 2) == "\\u") {
              uint32_t lo = Hex4(pos_ + 3);
              if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                pos_ += 6;
              }
            }
            AppendUtf8(cp, out);
            break;
          }
          default:
            Fail("S0103", std::string(1, e), static_cast<int>(pos_));
        }
        pos_++;
      } else if (ch == quote) {
        pos_++;
        tok_.kind = Tok::kString;
        tok_.value = std::move(out);
        return;
      } else {
        out += ch;
        pos_++;
      }
    }
    Fail("S0101", "", static_cast<int>(start));
  }

  void ScanRegex() {
    size_t start = pos_;
    int depth = 0;
    while (pos_ < src_.size()) {
      char ch = src_[pos_];
      if (ch == '/' && depth == 0) {
        size_t bs = 0;
        while (pos_ >= bs + 1 && src_[pos_ - bs - 1] == '\\') bs++;
        if (bs % 2 == 0) {
          std::string pattern(src_.substr(start, pos_ - start));
          if (pattern.empty()) Fail("S0301", "", static_cast<int>(start));
          pos_++;
          size_t fstart = pos_;
          while (pos_ < src_.size() && (src_[pos_] == 'i' || src_[pos_] == 'm')) pos_++;
          std::string flags(src_.substr(fstart, pos_ - fstart));
          tok_.kind = Tok::kRegex;
          tok_.value = pattern;
          tok_.regex = CompileRegex(pattern, flags);
          return;
        }
      }
      bool escaped = pos_ > 0 && src_[pos_ - 1] == '\\';
      if ((ch == '(' || ch == '[' || ch == '{') && !escaped) depth++;
      if ((ch == ')' || ch == ']' || ch == '}') && !escaped) depth--;
      pos_++;
    }
    Fail("S0302", "", static_cast<int>(start));
  }

  // Consumes the current token (checking it is `id` if given) and lexes the next one.
  void Advance(bool infix, const char* id = nullptr) {
    if (id && !(tok_.kind == Tok::kOp && tok_.value == id)) {
      if (tok_.kind == Tok::kEnd) Fail("S0203", id, tok_.position);
      JError e;
      e.code = "S0202";
      e.token = tok_.value;
      e.position = tok_.position;
      e.value = Value::String(id);
      throw e;
    }
    Lex(infix);
  }

  bool IsOp(const char* v) const { return tok_.kind == Tok::kOp && tok_.value == v; }

  NodePtr Make(NodeType t, const Token& tk) {
    auto n = std::make_unique<Node>();
    n->type = t;
    n->position = tk.position;
    n->value = tk.value;
    return n;
  }

  NodePtr Expression(int rbp) {
    Token t = tok_;
    Advance(true);
    NodePtr left = Nud(t);
    while (rbp < BindingPower(tok_)) {
      t = tok_;
      Advance(false);
      left = Led(t, std::move(left));
    }
    return left;
  }

  NodePtr Nud(const Token& t) {
    switch (t.kind) {
      case Tok::kEnd:
        Fail("S0207", "", t.position);
      case Tok::kName:
        return Make(NodeType::kName, t);
      case Tok::kVariable:
        return Make(NodeType::kVariable, t);
      case Tok::kString: {
        auto n = Make(NodeType::kString, t);
        n->literal = Value::String(t.value);
        return n;
      }
      case Tok::kNumber: {
        auto n = Make(NodeType::kNumber, t);
        n->num = t.num;
        n->literal = Value::Number(t.num);
        return n;
      }
      case Tok::kValue: {
        auto n = Make(NodeType::kValue, t);
        n->literal = t.value == "null" ? Value::Null() : Value::Bool(t.value == "true");
        return n;
      }
      case Tok::kRegex: {
        auto n = Make(NodeType::kRegex, t);
        n->regex = t.regex;
        return n;
      }
      case Tok::kOp:
        break;
    }
    const std::string& op = t.value;
    if (op == "and" || op == "or" || op == "in") return Make(NodeType::kName, t);
    if (op == "-") {
      auto n = Make(NodeType::kUnary, t);
      n->lhs = Expression(70);
      return n;
    }
    if (op == "*") return Make(NodeType::kWildcard, t);
    if (op == "**") return Make(NodeType::kDescendant, t);
    if (op == "%") return Make(NodeType::kParent, t);
    if (op == "(") {
      auto n = Make(NodeType::kBlock, t);
      while (!IsOp(")")) {
        n->items.push_back(Expression(0));
        if (!IsOp(";")) break;
        Advance(false, ";");
      }
      Advance(true, ")");
      return n;
    }
    if (op == "[") {
      auto n = Make(NodeType::kUnary, t);
      if (!IsOp("]")) {
        for (;;) {
          n->items.push_back(Expression(0));
          if (!IsOp(",")) break;
          Advance(false, ",");
        }
      }
      Advance(true, "]");
      return n;
    }
    if (op == "{") {
      auto n = Make(NodeType::kUnary, t);
      ParsePairs(*n);
      return n;
    }
    if (op == "|") {
      auto n = Make(NodeType::kTransform, t);
      n->pattern = Expression(0);
      Advance(false, "|");
      n->update = Expression(0);
      if (IsOp(",")) {
        Advance(false, ",");
        n->del = Expression(0);
      }
      Advance(true, "|");
      return n;
    }
    Fail("S0211", op, t.position);
  }

  void ParsePairs(Node& n) {
    if (!IsOp("}")) {
      for (;;) {
        NodePtr k = Expression(0);
        Advance(false, ":");
        NodePtr v = Expression(0);
        n.pairs.emplace_back(std::move(k), std::move(v));
        if (!IsOp(",")) break;
        Advance(false, ",");
      }
    }
    Advance(true, "}");
  }

  NodePtr Led(const Token& t, NodePtr left) {
    const std::string& op = t.value;
    int bp = BindingPower(t);
    if (op == "(") return Call(t, std::move(left));
    if (op == "[") {
      if (IsOp("]")) {
        Node* step = left.get();
        while (step && step->type == NodeType::kBinary && step->value == "[")
          step = step->lhs.get();
        step->keep_array = true;
        Advance(true, "]");
        return left;
      }
      auto n = Make(NodeType::kBinary, t);
      n->lhs = std::move(left);
      n->rhs = Expression(0);
      Advance(true, "]");
      return n;
    }
    if (op == "{") {
      auto n = Make(NodeType::kBinary, t);
      n->lhs = std::move(left);
      ParsePairs(*n);
      return n;
    }
    if (op == ":=") {
      if (left->type != NodeType::kVariable) Fail("S0212", left->value, left->position);
      auto n = Make(NodeType::kBind, t);
      n->lhs = std::move(left);
      n->rhs = Expression(bp - 1);
      return n;
    }
    if (op == "@" || op == "#") {
      auto n = Make(NodeType::kBinary, t);
      n->lhs = std::move(left);
      n->rhs = Expression(bp);
      if (n->rhs->type != NodeType::kVariable) Fail("S0214", op, n->rhs->position);
      return n;
    }
    if (op == "?") {
      auto n = Make(NodeType::kCondition, t);
      n->cond = std::move(left);
      n->then = Expression(0);
      if (IsOp(":")) {
        Advance(false, ":");
        n->otherwise = Expression(0);
      }
      return n;
    }
    if (op == "?:") {
      auto n = Make(NodeType::kBinary, t);
      n->lhs = std::move(left);
      n->rhs = Expression(0);
      return n;
    }
    if (op == "??") {
      auto n = Make(NodeType::kBinary, t);
      n->lhs = std::move(left);
      n->rhs = Expression(0);
      return n;
    }
    if (op == "^") {
      auto n = Make(NodeType::kSort, t);
      n->lhs = std::move(left);
      Advance(false, "(");
      for (;;) {
        SortTerm term;
        if (IsOp("<")) {
          Advance(false);
        } else if (IsOp(">")) {
          term.descending = true;
          Advance(false);
        }
        term.expr = Expression(0);
        n->terms.push_back(std::move(term));
        if (!IsOp(",")) break;
        Advance(false, ",");
      }
      Advance(true, ")");
      return n;
    }
    auto n = Make(NodeType::kBinary, t);
    n->lhs = std::move(left);
    n->rhs = Expression(bp);
    return n;
  }

  NodePtr Call(const Token& t, NodePtr left) {
    auto n = Make(NodeType::kFunction, t);
    n->value = "(";
    bool partial = false;
    if (!IsOp(")")) {
      for (;;) {
        if (IsOp("?")) {
          n->items.push_back(Make(NodeType::kPlaceholder, tok_));
          partial = true;
          Advance(true, "?");
        } else {
          n->items.push_back(Expression(0));
        }
        if (!IsOp(",")) break;
        Advance(false, ",");
      }
    }
    Advance(true, ")");
    if (left->type == NodeType::kName && (left->value == "function" || left->value == "λ")) {
      auto lam = Make(NodeType::kLambda, t);
      for (auto& a : n->items) {
        if (a->type != NodeType::kVariable) Fail("S0208", a->value, a->position);
        lam->params.push_back(a->value);
      }
      if (IsOp("<")) {
        // Raw scan of the signature text up to the matching '>'.
        size_t start = static_cast<size_t>(tok_.position);
        int depth = 0;
        size_t p = start;
        for (; p < src_.size(); ++p) {
          if (src_[p] == '<') depth++;
          if (src_[p] == '>' && --depth == 0) break;
        }
        if (p >= src_.size()) Fail("S0401", "", tok_.position);
        lam->signature = ParseSignature(src_.substr(start, p - start + 1));
        pos_ = p + 1;
        Lex(false);
      }
      Advance(false, "{");
      lam->body = Expression(0);
      Advance(true, "}");
      return lam;
    }
    if (partial) n->type = NodeType::kPartial;
    n->procedure = std::move(left);
    return n;
  }

  std::string_view src_;
  Program& prog_;
  size_t pos_ = 0;
  Token tok_;
};

}  // namespace

std::unique_ptr<Program> ParseProgram(std::string_view text) {
  auto prog = std::make_unique<Program>();
  Parser p(text, *prog);
  NodePtr raw = p.ParseAll();
  prog->root = ProcessAst(std::move(raw), *prog);
  if (!prog->root->seeking_parent.empty() || prog->root->type == NodeType::kParent) {
    JError e;
    e.code = "S0217";
    e.token = "parent";
    throw e;
  }
  return prog;
}

}  // namespace sfn::jsonata::internal
