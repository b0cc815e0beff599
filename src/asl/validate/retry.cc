// Retry and Catch blocks: retrier ranges, ErrorEquals rules (States.ALL alone and last, only
// predefined States.* names) and catcher transitions.
#include <string>

#include "asl/validate/checker.h"

namespace sfn::asl::validate_internal {
namespace {

bool IsPredefinedError(std::string_view name) {
  static constexpr std::string_view kNames[] = {"States.ALL",
                                                "States.HeartbeatTimeout",
                                                "States.Timeout",
                                                "States.TaskFailed",
                                                "States.Permissions",
                                                "States.ResultPathMatchFailure",
                                                "States.ParameterPathFailure",
                                                "States.QueryEvaluationError",
                                                "States.BranchFailed",
                                                "States.NoChoiceMatched",
                                                "States.IntrinsicFailure",
                                                "States.ExceedToleratedFailureThreshold",
                                                "States.ItemReaderFailed",
                                                "States.ResultWriterFailed",
                                                "States.Runtime",
                                                "States.DataLimitExceeded"};
  for (std::string_view n : kNames) {
    if (n == name) return true;
  }
  return name.starts_with("States.Http.");
}

// Checks ErrorEquals; returns true when it contains States.ALL.
bool CheckErrorEquals(Checker& c, const json::Object& o, const std::string& loc) {
  const json::Value* v = Get(o, "ErrorEquals");
  if (!v) return false;
  std::string el = loc + "/ErrorEquals";
  if (!ExpectArray(c, *v, el)) return false;
  const auto& names = v->get_array();
  if (names.empty()) c.Schema("Value cannot be empty", el);
  bool has_all = false;
  for (size_t i = 0; i < names.size(); ++i) {
    std::string il = el + "[" + std::to_string(i) + "]";
    if (!ExpectString(c, names[i], il)) continue;
    std::string_view name = names[i].get_string();
    if (name == "States.ALL") has_all = true;
    if (name.starts_with("States.") && !IsPredefinedError(name)) {
      c.Schema("Value is not a valid States error name: " + std::string(name), il);
    }
  }
  if (has_all && names.size() > 1) {
    c.Schema("'States.ALL' must appear alone in 'ErrorEquals'", el);
  }
  return has_all;
}

void CheckAllIsLast(Checker& c, const std::vector<bool>& has_all, const std::string& loc,
                    std::string_view what) {
  for (size_t i = 0; i + 1 < has_all.size(); ++i) {
    if (has_all[i]) {
      c.Schema("'States.ALL' must appear in the last " + std::string(what),
               loc + "[" + std::to_string(i) + "]/ErrorEquals");
    }
  }
}

}  // namespace

void CheckRetry(Checker& c, const json::Value& v, const std::string& loc) {
  if (!ExpectArray(c, v, loc)) return;
  const auto& retriers = v.get_array();
  std::vector<bool> has_all;
  for (size_t i = 0; i < retriers.size(); ++i) {
    std::string rl = loc + "[" + std::to_string(i) + "]";
    has_all.push_back(false);
    if (!ExpectObject(c, retriers[i], rl)) continue;
    const json::Object& r = retriers[i].get_object();
    RejectUnknownFields(c, r, rl,
                        {"ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate",
                         "MaxDelaySeconds", "JitterStrategy", "Comment"});
    RequireFields(c, r, rl, {"ErrorEquals"});
    has_all.back() = CheckErrorEquals(c, r, rl);
    if (const json::Value* f = Get(r, "IntervalSeconds")) {
      ExpectInt(c, *f, rl + "/IntervalSeconds", 0, 99999999, false);
    }
    if (const json::Value* f = Get(r, "MaxAttempts")) {
      ExpectInt(c, *f, rl + "/MaxAttempts", 0, 99999999, false);
    }
    if (const json::Value* f = Get(r, "BackoffRate")) {
      ExpectNumber(c, *f, rl + "/BackoffRate", 1.0, 1e300, false);
    }
    if (const json::Value* f = Get(r, "MaxDelaySeconds")) {
      ExpectInt(c, *f, rl + "/MaxDelaySeconds", 1, 31622400, false);
    }
    if (const json::Value* f = Get(r, "JitterStrategy")) {
      ExpectEnum(c, *f, rl + "/JitterStrategy", {"FULL", "NONE"});
    }
    if (const json::Value* f = Get(r, "Comment")) ExpectString(c, *f, rl + "/Comment");
  }
  CheckAllIsLast(c, has_all, loc, "Retrier");
}

void CheckCatch(Checker& c, const json::Value& v, const std::string& loc, bool jsonata,
                const std::unordered_set<std::string>& siblings) {
  if (!ExpectArray(c, v, loc)) return;
  const auto& catchers = v.get_array();
  std::vector<bool> has_all;
  for (size_t i = 0; i < catchers.size(); ++i) {
    std::string cl = loc + "[" + std::to_string(i) + "]";
    has_all.push_back(false);
    if (!ExpectObject(c, catchers[i], cl)) continue;
    const json::Object& k = catchers[i].get_object();
    RejectUnknownFields(c, k, cl,
                        {"ErrorEquals", "Next", "ResultPath", "Output", "Assign", "Comment"});
    RequireFields(c, k, cl, {"ErrorEquals", "Next"});
    has_all.back() = CheckErrorEquals(c, k, cl);
    if (jsonata && k.contains("ResultPath")) {
      c.Schema(
          "The QueryLanguage is set to 'JSONata', but field 'ResultPath' is only supported "
          "for the 'JSONPath' QueryLanguage",
          cl);
    }
    if (!jsonata && k.contains("Output")) {
      c.Schema(
          "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported "
          "for the 'JSONata' QueryLanguage",
          cl);
    }
    if (!jsonata) CheckPathField(c, k, "ResultPath", cl, true, true);
    if (jsonata) {
      c.in_catcher = true;
      if (const json::Value* o = Get(k, "Output")) CheckJsonataStrings(c, *o, cl + "/Output");
    }
    c.in_catcher = true;
    if (const json::Value* a = Get(k, "Assign")) CheckAssign(c, *a, cl + "/Assign", jsonata);
    c.in_catcher = false;
    if (const json::Value* n = Get(k, "Next")) CheckTarget(c, *n, cl + "/Next", siblings);
  }
  CheckAllIsLast(c, has_all, loc, "Catcher");
}

}  // namespace sfn::asl::validate_internal
