#include "asl/model/choice.h"

#include <cmath>

#include "common/clock.h"

namespace sfn::asl {
namespace {

struct OpName {
  const char* name;
  ChoiceOp op;
};
constexpr OpName kOps[] = {
    {"StringEquals", ChoiceOp::kStringEquals},
    {"StringLessThan", ChoiceOp::kStringLessThan},
    {"StringGreaterThan", ChoiceOp::kStringGreaterThan},
    {"StringLessThanEquals", ChoiceOp::kStringLessThanEquals},
    {"StringGreaterThanEquals", ChoiceOp::kStringGreaterThanEquals},
    {"StringMatches", ChoiceOp::kStringMatches},
    {"NumericEquals", ChoiceOp::kNumericEquals},
    {"NumericLessThan", ChoiceOp::kNumericLessThan},
    {"NumericGreaterThan", ChoiceOp::kNumericGreaterThan},
    {"NumericLessThanEquals", ChoiceOp::kNumericLessThanEquals},
    {"NumericGreaterThanEquals", ChoiceOp::kNumericGreaterThanEquals},
    {"BooleanEquals", ChoiceOp::kBooleanEquals},
    {"TimestampEquals", ChoiceOp::kTimestampEquals},
    {"TimestampLessThan", ChoiceOp::kTimestampLessThan},
    {"TimestampGreaterThan", ChoiceOp::kTimestampGreaterThan},
    {"TimestampLessThanEquals", ChoiceOp::kTimestampLessThanEquals},
    {"TimestampGreaterThanEquals", ChoiceOp::kTimestampGreaterThanEquals},
    {"IsNull", ChoiceOp::kIsNull},
    {"IsPresent", ChoiceOp::kIsPresent},
    {"IsNumeric", ChoiceOp::kIsNumeric},
    {"IsString", ChoiceOp::kIsString},
    {"IsBoolean", ChoiceOp::kIsBoolean},
    {"IsTimestamp", ChoiceOp::kIsTimestamp},
};

bool IsTypeTest(ChoiceOp op) { return op >= ChoiceOp::kIsNull; }

// -1, 0, 1 comparison result applied to the operator's relation.
bool Relation(ChoiceOp op, int cmp) {
  switch (op) {
    case ChoiceOp::kStringEquals:
    case ChoiceOp::kNumericEquals:
    case ChoiceOp::kTimestampEquals:
      return cmp == 0;
    case ChoiceOp::kStringLessThan:
    case ChoiceOp::kNumericLessThan:
    case ChoiceOp::kTimestampLessThan:
      return cmp < 0;
    case ChoiceOp::kStringGreaterThan:
    case ChoiceOp::kNumericGreaterThan:
    case ChoiceOp::kTimestampGreaterThan:
      return cmp > 0;
    case ChoiceOp::kStringLessThanEquals:
    case ChoiceOp::kNumericLessThanEquals:
    case ChoiceOp::kTimestampLessThanEquals:
      return cmp <= 0;
    case ChoiceOp::kStringGreaterThanEquals:
    case ChoiceOp::kNumericGreaterThanEquals:
    case ChoiceOp::kTimestampGreaterThanEquals:
      return cmp >= 0;
    default:
      return false;
  }
}

std::string_view Str(const json::Value& v) {
  const auto& s = v.get_string();
  return {s.data(), s.size()};
}

bool Compare(ChoiceOp op, const json::Value& a, const json::Value& b) {
  switch (op) {
    case ChoiceOp::kStringMatches:
      return a.is_string() && b.is_string() && StringMatchesPattern(Str(a), Str(b));
    case ChoiceOp::kBooleanEquals:
      return a.is_bool() && b.is_bool() && a.get_bool() == b.get_bool();
    case ChoiceOp::kStringEquals:
    case ChoiceOp::kStringLessThan:
    case ChoiceOp::kStringGreaterThan:
    case ChoiceOp::kStringLessThanEquals:
    case ChoiceOp::kStringGreaterThanEquals: {
      if (!a.is_string() || !b.is_string()) return false;
      int c = Str(a).compare(Str(b));
      return Relation(op, c < 0 ? -1 : (c > 0 ? 1 : 0));
    }
    case ChoiceOp::kNumericEquals:
    case ChoiceOp::kNumericLessThan:
    case ChoiceOp::kNumericGreaterThan:
    case ChoiceOp::kNumericLessThanEquals:
    case ChoiceOp::kNumericGreaterThanEquals: {
      if (!json::IsNumber(a) || !json::IsNumber(b)) return false;
      int c;
      if (a.is_int64() && b.is_int64()) {
        c = a.get_int64() < b.get_int64() ? -1 : (a.get_int64() > b.get_int64() ? 1 : 0);
      } else {
        double x = json::AsDouble(a), y = json::AsDouble(b);
        c = x < y ? -1 : (x > y ? 1 : 0);
      }
      return Relation(op, c);
    }
    case ChoiceOp::kTimestampEquals:
    case ChoiceOp::kTimestampLessThan:
    case ChoiceOp::kTimestampGreaterThan:
    case ChoiceOp::kTimestampLessThanEquals:
    case ChoiceOp::kTimestampGreaterThanEquals: {
      if (!a.is_string() || !b.is_string()) return false;
      auto x = ParseRfc3339(Str(a));
      auto y = ParseRfc3339(Str(b));
      if (!x || !y) return false;
      return Relation(op, *x < *y ? -1 : (*x > *y ? 1 : 0));
    }
    default:
      return false;
  }
}

bool TypeTest(ChoiceOp op, const json::Value* v, bool expected) {
  bool r = false;
  switch (op) {
    case ChoiceOp::kIsPresent:
      r = v != nullptr;
      break;
    case ChoiceOp::kIsNull:
      r = v && v->is_null();
      break;
    case ChoiceOp::kIsNumeric:
      r = v && json::IsNumber(*v);
      break;
    case ChoiceOp::kIsString:
      r = v && v->is_string();
      break;
    case ChoiceOp::kIsBoolean:
      r = v && v->is_bool();
      break;
    case ChoiceOp::kIsTimestamp:
      r = v && v->is_string() && ParseRfc3339(Str(*v)).has_value();
      break;
    default:
      break;
  }
  return r == expected;
}

Result<JsonPath> CompileVariable(const json::Value& v, const char* field) {
  if (!v.is_string()) return Status::InvalidArgument(std::string(field) + " must be a string");
  return JsonPath::Compile(Str(v));
}

}  // namespace

std::optional<ChoiceOp> ParseChoiceOp(std::string_view field, bool* is_path) {
  *is_path = false;
  std::string_view base = field;
  if (base.size() > 4 && base.substr(base.size() - 4) == "Path") {
    base.remove_suffix(4);
    *is_path = true;
  }
  for (const auto& o : kOps) {
    if (base == o.name) {
      if (*is_path && (IsTypeTest(o.op) || o.op == ChoiceOp::kStringMatches)) return std::nullopt;
      return o.op;
    }
  }
  return std::nullopt;
}

bool StringMatchesPattern(std::string_view value, std::string_view pattern) {
  // Tokenise the pattern into literal chars and wildcards, then match with backtracking on '*'.
  std::vector<int> pat;  // -1 = wildcard, else byte
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      pat.push_back(static_cast<unsigned char>(pattern[++i]));
    } else if (c == '*') {
      pat.push_back(-1);
    } else {
      pat.push_back(static_cast<unsigned char>(c));
    }
  }
  std::size_t v = 0, p = 0, star = std::string_view::npos, mark = 0;
  while (v < value.size()) {
    if (p < pat.size() && pat[p] != -1 && pat[p] == static_cast<unsigned char>(value[v])) {
      ++v;
      ++p;
    } else if (p < pat.size() && pat[p] == -1) {
      star = p++;
      mark = v;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      v = ++mark;
    } else {
      return false;
    }
  }
  while (p < pat.size() && pat[p] == -1) ++p;
  return p == pat.size();
}

Result<ChoiceRule> CompileChoiceRule(const json::Value& rule, bool top_level, bool jsonata) {
  if (!rule.is_object()) return Status::InvalidArgument("Choice rule must be an object");
  const auto& o = rule.as_object();
  ChoiceRule r;
  if (top_level) {
    if (auto* n = o.if_contains("Next"); n && n->is_string()) r.next = std::string(Str(*n));
  }
  if (jsonata) {
    r.kind = ChoiceRule::Kind::kCondition;
    return r;  // Condition/Assign/Output compiled by the JSONata wiring (builder).
  }
  for (const auto& kv : o) {
    std::string_view key(kv.key().data(), kv.key().size());
    if (key == "And" || key == "Or") {
      r.kind = key == "And" ? ChoiceRule::Kind::kAnd : ChoiceRule::Kind::kOr;
      if (!kv.value().is_array() || kv.value().as_array().empty())
        return Status::InvalidArgument(std::string(key) + " must be a non-empty array");
      for (const auto& c : kv.value().as_array()) {
        SFN_ASSIGN_OR_RETURN(auto child, CompileChoiceRule(c, false, false));
        r.children.push_back(std::move(child));
      }
      return r;
    }
    if (key == "Not") {
      r.kind = ChoiceRule::Kind::kNot;
      SFN_ASSIGN_OR_RETURN(auto child, CompileChoiceRule(kv.value(), false, false));
      r.children.push_back(std::move(child));
      return r;
    }
  }
  r.kind = ChoiceRule::Kind::kTest;
  const json::Value* var = o.if_contains("Variable");
  if (!var) return Status::InvalidArgument("Choice rule has no Variable");
  SFN_ASSIGN_OR_RETURN(r.variable, CompileVariable(*var, "Variable"));
  bool found = false;
  for (const auto& kv : o) {
    std::string_view key(kv.key().data(), kv.key().size());
    bool is_path = false;
    auto op = ParseChoiceOp(key, &is_path);
    if (!op) continue;
    found = true;
    r.op = *op;
    if (is_path) {
      SFN_ASSIGN_OR_RETURN(r.operand_path, CompileVariable(kv.value(), "operand"));
    } else {
      r.operand = kv.value();
    }
  }
  if (!found) return Status::InvalidArgument("Choice rule has no comparison operator");
  return r;
}

Outcome<bool> EvaluateChoiceRule(const ChoiceRule& rule, const EvalEnv& env) {
  switch (rule.kind) {
    case ChoiceRule::Kind::kAnd:
      for (const auto& c : rule.children) {
        auto r = EvaluateChoiceRule(c, env);
        if (!r.ok() || !r.value()) return r;
      }
      return true;
    case ChoiceRule::Kind::kOr:
      for (const auto& c : rule.children) {
        auto r = EvaluateChoiceRule(c, env);
        if (!r.ok() || r.value()) return r;
      }
      return false;
    case ChoiceRule::Kind::kNot: {
      auto r = EvaluateChoiceRule(rule.children[0], env);
      if (!r.ok()) return r;
      return !r.value();
    }
    case ChoiceRule::Kind::kCondition: {
      if (!rule.condition) return Failure{errors::kRuntime, "Choice rule has no Condition"};
      auto v = rule.condition->Evaluate(env);
      if (!v.ok()) return std::move(v).failure();
      if (!v.value().is_bool()) {
        return Failure{errors::kQueryEvaluationError,
                       "The Condition field must evaluate to a boolean value, but was: " +
                           json::Serialize(v.value())};
      }
      return v.value().get_bool();
    }
    case ChoiceRule::Kind::kTest:
      break;
  }
  std::optional<json::Value> value = rule.variable->Evaluate(env.scope);
  if (IsTypeTest(rule.op)) {
    bool expected = rule.operand.is_bool() ? rule.operand.get_bool() : true;
    return TypeTest(rule.op, value ? &*value : nullptr, expected);
  }
  if (!value) {
    return Failure{errors::kRuntime, "Invalid path '" + rule.variable->text() +
                                         "' : " + rule.variable->NotFoundMessage(env.scope)};
  }
  if (rule.operand_path) {
    std::optional<json::Value> other = rule.operand_path->Evaluate(env.scope);
    if (!other) {
      return Failure{errors::kRuntime, "Invalid path '" + rule.operand_path->text() +
                                           "' : " + rule.operand_path->NotFoundMessage(env.scope)};
    }
    return Compare(rule.op, *value, *other);
  }
  return Compare(rule.op, *value, rule.operand);
}

}  // namespace sfn::asl
