// Intrinsic call syntax: parsing to a call tree, and evaluation of argument trees.

#include "asl/paths/intrinsics.h"

#include <cctype>

#include "asl/paths/intrinsics_ast.h"
#include "asl/paths/payload_template.h"

namespace sfn::asl {
namespace intrinsics {
namespace {

constexpr int kMaxNesting = 10;

struct FnInfo {
  const char* name;
  Fn fn;
  int min_args;
  int max_args;  // -1: unbounded
};

constexpr FnInfo kFunctions[] = {
    {"States.Format", Fn::kFormat, 1, -1},
    {"States.StringToJson", Fn::kStringToJson, 1, 1},
    {"States.JsonToString", Fn::kJsonToString, 1, 1},
    {"States.Array", Fn::kArray, 0, -1},
    {"States.ArrayPartition", Fn::kArrayPartition, 2, 2},
    {"States.ArrayContains", Fn::kArrayContains, 2, 2},
    {"States.ArrayRange", Fn::kArrayRange, 3, 3},
    {"States.ArrayGetItem", Fn::kArrayGetItem, 2, 2},
    {"States.ArrayLength", Fn::kArrayLength, 1, 1},
    {"States.ArrayUnique", Fn::kArrayUnique, 1, 1},
    {"States.Base64Encode", Fn::kBase64Encode, 1, 1},
    {"States.Base64Decode", Fn::kBase64Decode, 1, 1},
    {"States.Hash", Fn::kHash, 2, 2},
    {"States.JsonMerge", Fn::kJsonMerge, 3, 3},
    {"States.MathRandom", Fn::kMathRandom, 2, 3},
    {"States.MathAdd", Fn::kMathAdd, 2, 2},
    {"States.StringSplit", Fn::kStringSplit, 2, 2},
    {"States.UUID", Fn::kUuid, 0, 0},
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

class CallParser {
 public:
  explicit CallParser(std::string_view s) : s_(s) {}

  Result<std::shared_ptr<const Call>> Whole() {
    SFN_ASSIGN_OR_RETURN(auto call, ParseOne(1));
    SkipSpace();
    if (pos_ != s_.size()) return Error("unexpected text after the closing ')'");
    return call;
  }

 private:
  Status Error(const std::string& what) const {
    return Status::InvalidArgument("Invalid intrinsic function call '" + std::string(s_) +
                                   "': " + what + " at position " + std::to_string(pos_));
  }
  void SkipSpace() {
    while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
  }

  Result<std::shared_ptr<const Call>> ParseOne(int depth) {
    if (depth > kMaxNesting) return Error("intrinsic functions nest more than 10 deep");
    size_t b = pos_;
    while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) ||
                                s_[pos_] == '.' || s_[pos_] == '_')) {
      ++pos_;
    }
    std::string_view name = s_.substr(b, pos_ - b);
    const FnInfo* info = nullptr;
    for (const FnInfo& f : kFunctions) {
      if (name == f.name) info = &f;
    }
    if (info == nullptr) return Error("unknown function '" + std::string(name) + "'");
    SkipSpace();
    if (pos_ >= s_.size() || s_[pos_] != '(') return Error("expected '('");
    ++pos_;
    auto call = std::make_shared<Call>();
    call->fn = info->fn;
    call->name = info->name;
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == ')') {
      ++pos_;
    } else {
      while (true) {
        Arg arg;
        SFN_TRY(ParseArg(arg, depth));
        call->args.push_back(std::move(arg));
        SkipSpace();
        if (pos_ < s_.size() && s_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ < s_.size() && s_[pos_] == ')') {
          ++pos_;
          break;
        }
        return Error("expected ',' or ')'");
      }
    }
    int n = static_cast<int>(call->args.size());
    if (n < info->min_args || (info->max_args >= 0 && n > info->max_args)) {
      return Error(
          std::string(info->name) + " takes " + std::to_string(info->min_args) +
          (info->max_args == info->min_args
               ? ""
               : (info->max_args < 0 ? " or more" : " to " + std::to_string(info->max_args))) +
          " arguments, got " + std::to_string(n));
    }
    return std::shared_ptr<const Call>(std::move(call));
  }

  Status ParseArg(Arg& arg, int depth) {
    SkipSpace();
    if (pos_ >= s_.size()) return Error("expected an argument");
    char c = s_[pos_];
    if (c == '\'') return StringLiteral(arg);
    if (c == '$') return PathArg(arg);
    if (s_.substr(pos_, 7) == "States.") {
      arg.kind = Arg::Kind::kCall;
      SFN_ASSIGN_OR_RETURN(arg.call, ParseOne(depth + 1));
      return Status::Ok();
    }
    size_t b = pos_;
    while (pos_ < s_.size() && s_[pos_] != ',' && s_[pos_] != ')' && !IsSpace(s_[pos_])) ++pos_;
    auto v = json::Parse(s_.substr(b, pos_ - b));
    if (pos_ == b || !v.ok() || v->is_object() || v->is_array() || v->is_string()) {
      pos_ = b;
      return Error("expected a string, number, boolean, null, path or function call");
    }
    arg.literal = std::move(v).value();
    return Status::Ok();
  }

  Status StringLiteral(Arg& arg) {
    ++pos_;
    std::string value;
    std::string part;
    while (true) {
      if (pos_ >= s_.size()) return Error("unterminated string");
      char c = s_[pos_++];
      if (c == '\'') break;
      if (c == '\\') {
        if (pos_ >= s_.size()) return Error("unterminated escape");
        char e = s_[pos_++];
        if (e != '\'' && e != '{' && e != '}' && e != '\\') {
          return Error(std::string("invalid escape '\\") + e + "'");
        }
        value += e;
        part += e;
        continue;
      }
      if (c == '{' && pos_ < s_.size() && s_[pos_] == '}') {
        ++pos_;
        value += "{}";
        arg.format_parts.push_back(std::move(part));
        part.clear();
        continue;
      }
      value += c;
      part += c;
    }
    arg.format_parts.push_back(std::move(part));
    arg.literal = json::String(value);
    return Status::Ok();
  }

  Status PathArg(Arg& arg) {
    size_t b = pos_;
    int depth = 0;
    char quote = 0;
    for (; pos_ < s_.size(); ++pos_) {
      char c = s_[pos_];
      if (quote != 0) {
        if (c == '\\') {
          ++pos_;
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '[' || c == '(') {
        ++depth;
      } else if (c == ']' || (c == ')' && depth > 0)) {
        --depth;
      } else if (depth == 0 && (c == ',' || c == ')')) {
        break;
      }
    }
    size_t e = pos_;
    while (e > b && IsSpace(s_[e - 1])) --e;
    SFN_ASSIGN_OR_RETURN(arg.path, JsonPath::Compile(s_.substr(b, e - b)));
    arg.kind = Arg::Kind::kPath;
    return Status::Ok();
  }

  std::string_view s_;
  size_t pos_ = 0;
};

Outcome<json::Value> EvalCall(const Call& call, const PathScope& scope, std::string_view field);

// Resolves one argument; paths point into the scope where possible.
Outcome<bool> Resolve(const Arg& arg, const PathScope& scope, std::string_view field,
                      ArgValue& out) {
  out.source = &arg;
  switch (arg.kind) {
    case Arg::Kind::kLiteral:
      out.ptr = &arg.literal;
      return true;
    case Arg::Kind::kPath: {
      out.ptr = arg.path.Find(scope);
      if (out.ptr != nullptr) return true;
      std::optional<json::Value> v = arg.path.Evaluate(scope);
      if (v) {
        out.owned = std::move(*v);
        return true;
      }
      return PathNotFoundFailure(arg.path, field, scope);
    }
    case Arg::Kind::kCall: {
      Outcome<json::Value> v = EvalCall(*arg.call, scope, field);
      if (!v.ok()) return std::move(v).failure();
      out.owned = std::move(v).value();
      return true;
    }
  }
  return true;
}

Outcome<json::Value> EvalCall(const Call& call, const PathScope& scope, std::string_view field) {
  std::vector<ArgValue> args(call.args.size());
  for (size_t i = 0; i < call.args.size(); ++i) {
    Outcome<bool> r = Resolve(call.args[i], scope, field, args[i]);
    if (!r.ok()) return std::move(r).failure();
  }
  return Apply(call, args);
}

}  // namespace

Result<std::shared_ptr<const Call>> ParseCall(std::string_view text) {
  return CallParser(text).Whole();
}

}  // namespace intrinsics

bool IntrinsicCall::LooksLikeCall(std::string_view text) { return text.substr(0, 7) == "States."; }

Result<IntrinsicCall> IntrinsicCall::Compile(std::string_view text) {
  IntrinsicCall c;
  c.text_ = std::string(text);
  SFN_ASSIGN_OR_RETURN(c.call_, intrinsics::ParseCall(text));
  return c;
}

Outcome<json::Value> IntrinsicCall::Evaluate(const PathScope& scope, std::string_view field) const {
  return intrinsics::EvalCall(*call_, scope, field);
}

}  // namespace sfn::asl
