// Choice state rules: JSONata Condition rules, JSONPath data-test and And/Or/Not rules.
#include <string>

#include "asl/validate/checker.h"

namespace sfn::asl::validate_internal {
namespace {

enum class Operand { kString, kNumber, kBool, kPath };

struct Operator {
  std::string_view name;
  Operand operand;
};

constexpr Operator kOperators[] = {
    {"StringEquals", Operand::kString},
    {"StringEqualsPath", Operand::kPath},
    {"StringLessThan", Operand::kString},
    {"StringLessThanPath", Operand::kPath},
    {"StringGreaterThan", Operand::kString},
    {"StringGreaterThanPath", Operand::kPath},
    {"StringLessThanEquals", Operand::kString},
    {"StringLessThanEqualsPath", Operand::kPath},
    {"StringGreaterThanEquals", Operand::kString},
    {"StringGreaterThanEqualsPath", Operand::kPath},
    {"StringMatches", Operand::kString},
    {"NumericEquals", Operand::kNumber},
    {"NumericEqualsPath", Operand::kPath},
    {"NumericLessThan", Operand::kNumber},
    {"NumericLessThanPath", Operand::kPath},
    {"NumericGreaterThan", Operand::kNumber},
    {"NumericGreaterThanPath", Operand::kPath},
    {"NumericLessThanEquals", Operand::kNumber},
    {"NumericLessThanEqualsPath", Operand::kPath},
    {"NumericGreaterThanEquals", Operand::kNumber},
    {"NumericGreaterThanEqualsPath", Operand::kPath},
    {"BooleanEquals", Operand::kBool},
    {"BooleanEqualsPath", Operand::kPath},
    {"TimestampEquals", Operand::kString},
    {"TimestampEqualsPath", Operand::kPath},
    {"TimestampLessThan", Operand::kString},
    {"TimestampLessThanPath", Operand::kPath},
    {"TimestampGreaterThan", Operand::kString},
    {"TimestampGreaterThanPath", Operand::kPath},
    {"TimestampLessThanEquals", Operand::kString},
    {"TimestampLessThanEqualsPath", Operand::kPath},
    {"TimestampGreaterThanEquals", Operand::kString},
    {"TimestampGreaterThanEqualsPath", Operand::kPath},
    {"IsNull", Operand::kBool},
    {"IsPresent", Operand::kBool},
    {"IsNumeric", Operand::kBool},
    {"IsString", Operand::kBool},
    {"IsBoolean", Operand::kBool},
    {"IsTimestamp", Operand::kBool},
};

const Operator* FindOperator(std::string_view name) {
  for (const Operator& op : kOperators) {
    if (op.name == name) return &op;
  }
  return nullptr;
}

// Variable and ...Path operands.
void CheckRulePath(Checker& c, std::string_view path, const std::string& loc) {
  if (!path.starts_with("$")) {
    c.Schema("Value is not a Reference Path: Reference path didn't start with '$'", loc);
  } else if (PathError(c, path, false)) {
    c.Schema("Value must be a valid JSONPath.", loc);
  }
}

void CheckOperand(Checker& c, const Operator& op, const json::Value& v, const std::string& loc) {
  switch (op.operand) {
    case Operand::kString:
      if (ExpectString(c, v, loc)) WarnIfLooksLikePath(c, v, loc);
      break;
    case Operand::kNumber:
      if (!json::IsNumber(v)) c.Schema("Expected value of type [NUMBER]", loc);
      break;
    case Operand::kBool:
      ExpectBool(c, v, loc);
      break;
    case Operand::kPath:
      if (ExpectString(c, v, loc)) CheckRulePath(c, v.get_string(), loc);
      break;
  }
}

void CheckJsonPathRule(Checker& c, const json::Value& v, const std::string& loc, bool top,
                       const std::unordered_set<std::string>& siblings) {
  if (!ExpectObject(c, v, loc)) return;
  const json::Object& r = v.get_object();
  int selectors = 0, comparators = 0;
  for (const auto& kv : r) {
    std::string_view key = kv.key();
    bool selector =
        key == "And" || key == "Or" || key == "Not" || key == "Variable" || key == "Condition";
    selectors += selector ? 1 : 0;
    if (FindOperator(key)) {
      ++comparators;
      continue;
    }
    if ((selector && key != "Condition") || key == "Comment") continue;
    if (top && (key == "Next" || key == "Assign")) continue;
    if (key == "Condition" || key == "Output") {
      c.Schema("The QueryLanguage is set to 'JSONPath', but field '" + std::string(key) +
                   "' is only supported for the 'JSONata' QueryLanguage",
               loc);
      continue;
    }
    c.Schema("Field '" + std::string(key) + "' is not supported", loc);
  }
  if (top) RequireFields(c, r, loc, {"Next"});
  if (selectors != 1) {
    c.Schema(
        "The object must have only one of the following fields, [And, Or, Not, Variable, "
        "Condition]",
        loc);
  }
  if (r.contains("Variable") && comparators != 1) {
    std::string names;
    for (const Operator& op : kOperators) {
      names += names.empty() ? "" : ", ";
      names += op.name;
    }
    c.Schema("There should only be one of the following fields: [" + names + "]", loc);
  }
  for (const auto& kv : r) {
    std::string key(kv.key());
    std::string kl = loc + "/" + key;
    if (key == "And" || key == "Or") {
      if (!ExpectArray(c, kv.value(), kl)) continue;
      const auto& subs = kv.value().get_array();
      if (subs.empty()) c.Schema("Value cannot be empty", kl);
      for (size_t i = 0; i < subs.size(); ++i) {
        CheckJsonPathRule(c, subs[i], kl + "[" + std::to_string(i) + "]", false, siblings);
      }
    } else if (key == "Not") {
      CheckJsonPathRule(c, kv.value(), kl, false, siblings);
    } else if (const Operator* op = FindOperator(key)) {
      CheckOperand(c, *op, kv.value(), kl);
    } else if (key == "Variable") {
      if (ExpectString(c, kv.value(), kl)) CheckRulePath(c, kv.value().get_string(), kl);
    } else if (key == "Assign" && top) {
      CheckAssign(c, kv.value(), kl, false);
    } else if (key == "Next" && top) {
      CheckTarget(c, kv.value(), kl, siblings);
    }
  }
}

void CheckJsonataRule(Checker& c, const json::Value& v, const std::string& loc,
                      const std::unordered_set<std::string>& siblings) {
  if (!ExpectObject(c, v, loc)) return;
  const json::Object& r = v.get_object();
  for (const auto& kv : r) {
    std::string_view key = kv.key();
    if (key == "Variable" || FindOperator(key) || key == "And" || key == "Or" || key == "Not") {
      c.Schema("The QueryLanguage is set to 'JSONata', but field '" + std::string(key) +
                   "' is only supported for the 'JSONPath' QueryLanguage",
               loc);
    } else if (key != "Condition" && key != "Next" && key != "Assign" && key != "Output" &&
               key != "Comment") {
      c.Schema("Field '" + std::string(key) + "' is not supported", loc);
    }
  }
  RequireFields(c, r, loc, {"Condition", "Next"});
  if (const json::Value* cond = Get(r, "Condition")) {
    if (!cond->is_bool() && !IsJsonata(*cond)) {
      c.Schema("Expected value of type [BOOLEAN]", loc + "/Condition");
    }
    CheckJsonataStrings(c, *cond, loc + "/Condition");
  }
  if (const json::Value* a = Get(r, "Assign")) CheckAssign(c, *a, loc + "/Assign", true);
  if (const json::Value* o = Get(r, "Output")) CheckJsonataStrings(c, *o, loc + "/Output");
  if (const json::Value* n = Get(r, "Next")) CheckTarget(c, *n, loc + "/Next", siblings);
}

}  // namespace

void CheckChoiceState(Checker& c, const json::Object& s, const std::string& loc, bool jsonata,
                      const std::unordered_set<std::string>& siblings) {
  if (const json::Value* choices = Get(s, "Choices")) {
    std::string cl = loc + "/Choices";
    if (ExpectArray(c, *choices, cl)) {
      const auto& rules = choices->get_array();
      if (rules.empty()) c.Schema("Value cannot be empty", cl);
      for (size_t i = 0; i < rules.size(); ++i) {
        std::string rl = cl + "[" + std::to_string(i) + "]";
        if (jsonata) {
          CheckJsonataRule(c, rules[i], rl, siblings);
        } else {
          CheckJsonPathRule(c, rules[i], rl, true, siblings);
        }
      }
    }
  }
  if (const json::Value* d = Get(s, "Default")) CheckTarget(c, *d, loc + "/Default", siblings);
}

}  // namespace sfn::asl::validate_internal
