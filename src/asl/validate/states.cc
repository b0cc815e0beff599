// Per-state rules: fields each state type accepts, query-language rules, Next/End, and the
// Task, Pass, Wait, Succeed, Fail and Parallel specifics.
#include <string>
#include <unordered_set>

#include "asl/validate/checker.h"

namespace sfn::asl::validate_internal {
namespace {

constexpr int64_t kMaxSeconds = 99999999;

// Fields valid only in JSONPath states, in the order AWS-compatible diagnostics list them.
constexpr std::string_view kJsonPathOnly[] = {"InputPath",
                                              "OutputPath",
                                              "ResultPath",
                                              "ResultSelector",
                                              "Parameters",
                                              "Result",
                                              "ItemsPath",
                                              "MaxConcurrencyPath",
                                              "ErrorPath",
                                              "CausePath",
                                              "SecondsPath",
                                              "TimestampPath",
                                              "TimeoutSecondsPath",
                                              "HeartbeatSecondsPath",
                                              "ToleratedFailureCountPath",
                                              "ToleratedFailurePercentagePath"};
constexpr std::string_view kJsonataOnly[] = {"Output", "Arguments", "Items"};

std::initializer_list<std::string_view> AllowedFields(std::string_view type) {
  static const std::initializer_list<std::string_view> kPass = {
      "Type",       "Comment",    "QueryLanguage", "Next",   "End",    "InputPath",
      "OutputPath", "ResultPath", "Parameters",    "Result", "Assign", "Output"};
  static const std::initializer_list<std::string_view> kTask = {"Type",
                                                                "Comment",
                                                                "QueryLanguage",
                                                                "Resource",
                                                                "Next",
                                                                "End",
                                                                "InputPath",
                                                                "OutputPath",
                                                                "ResultPath",
                                                                "Parameters",
                                                                "ResultSelector",
                                                                "Retry",
                                                                "Catch",
                                                                "TimeoutSeconds",
                                                                "TimeoutSecondsPath",
                                                                "HeartbeatSeconds",
                                                                "HeartbeatSecondsPath",
                                                                "Credentials",
                                                                "Assign",
                                                                "Output",
                                                                "Arguments"};
  static const std::initializer_list<std::string_view> kChoice = {
      "Type",      "Comment",    "QueryLanguage", "Choices", "Default",
      "InputPath", "OutputPath", "Assign",        "Output"};
  static const std::initializer_list<std::string_view> kWait = {
      "Type",       "Comment",     "QueryLanguage", "Next",          "End",
      "Seconds",    "SecondsPath", "Timestamp",     "TimestampPath", "InputPath",
      "OutputPath", "Assign",      "Output"};
  static const std::initializer_list<std::string_view> kSucceed = {
      "Type", "Comment", "QueryLanguage", "InputPath", "OutputPath", "Output"};
  static const std::initializer_list<std::string_view> kFail = {
      "Type", "Comment", "QueryLanguage", "Error", "ErrorPath", "Cause", "CausePath"};
  static const std::initializer_list<std::string_view> kParallel = {
      "Type",      "Comment",    "QueryLanguage", "Branches",   "Next",           "End",
      "InputPath", "OutputPath", "ResultPath",    "Parameters", "ResultSelector", "Retry",
      "Catch",     "Assign",     "Output",        "Arguments"};
  static const std::initializer_list<std::string_view> kMap = {"Type",
                                                               "Comment",
                                                               "QueryLanguage",
                                                               "ItemProcessor",
                                                               "Iterator",
                                                               "ItemsPath",
                                                               "Items",
                                                               "ItemSelector",
                                                               "Parameters",
                                                               "MaxConcurrency",
                                                               "MaxConcurrencyPath",
                                                               "ItemReader",
                                                               "ItemBatcher",
                                                               "ResultWriter",
                                                               "ToleratedFailurePercentage",
                                                               "ToleratedFailurePercentagePath",
                                                               "ToleratedFailureCount",
                                                               "ToleratedFailureCountPath",
                                                               "Label",
                                                               "Next",
                                                               "End",
                                                               "InputPath",
                                                               "OutputPath",
                                                               "ResultPath",
                                                               "ResultSelector",
                                                               "Retry",
                                                               "Catch",
                                                               "Assign",
                                                               "Output"};
  if (type == "Pass") return kPass;
  if (type == "Task") return kTask;
  if (type == "Choice") return kChoice;
  if (type == "Wait") return kWait;
  if (type == "Succeed") return kSucceed;
  if (type == "Fail") return kFail;
  if (type == "Parallel") return kParallel;
  return kMap;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

bool IsArn(std::string_view s) {
  if (!s.starts_with("arn:")) return false;
  int colons = 0;
  for (char ch : s) colons += ch == ':' ? 1 : 0;
  size_t partition_end = s.find(':', 4);
  size_t service_end = s.find(':', partition_end + 1);
  return colons >= 5 && partition_end > 4 && service_end > partition_end + 1 &&
         s.find_first_of(" \t\r\n") == std::string_view::npos;
}

// Optimized integrations ("arn:<partition>:states:::<service>:<api>") that never offer the
// .sync / .waitForTaskToken pattern; .sync:2 exists only for states:startExecution.
bool IntegrationPatternUnsupported(std::string_view r) {
  size_t p = r.find(":states:::");
  if (p == std::string_view::npos) return false;
  std::string_view rest = r.substr(p + 10);
  std::string_view service = rest.substr(0, rest.find(':'));
  auto in = [&](std::initializer_list<std::string_view> set) {
    for (std::string_view s : set) {
      if (s == service) return true;
    }
    return false;
  };
  bool sync = rest.ends_with(".sync") || rest.ends_with(".sync:2");
  if (rest.ends_with(".sync:2") && service != "states") return true;
  if (sync && in({"lambda", "sns", "sqs", "dynamodb", "events", "apigateway", "aws-sdk"})) {
    return true;
  }
  return rest.ends_with(".waitForTaskToken") &&
         in({"athena", "batch", "codebuild", "elasticmapreduce", "emr-containers", "emr-serverless",
             "glue", "databrew", "mediaconvert", "sagemaker", "dynamodb"});
}

void CheckResource(Checker& c, const json::Value& v, const std::string& loc) {
  if (!ExpectString(c, v, loc)) return;
  std::string_view r = v.get_string();
  if (!IsArn(r)) {
    c.Schema("Value is not a valid resource ARN", loc);
    return;
  }
  if (IntegrationPatternUnsupported(r)) {
    c.Schema("The resource provided " + std::string(r) + " is not recognized", loc);
    return;
  }
  if (!c.express()) return;
  if (r.find(":activity:") != std::string_view::npos) {
    c.Schema("Express state machine does not support Activity ARN", loc);
  } else if (r.ends_with(".sync") || r.find(".sync:") != std::string_view::npos) {
    c.Schema("Express state machine does not support '.sync' service integration", loc);
  } else if (r.ends_with(".waitForTaskToken")) {
    c.Schema("Express state machine does not support '.waitForTaskToken' service integration", loc);
  }
}

// `X` literal (seconds) vs `XPath`: mutually exclusive, literal in [1, 99999999].
void CheckTimer(Checker& c, const json::Object& s, const std::string& loc, std::string_view field,
                bool jsonata) {
  std::string path_field = std::string(field) + "Path";
  Exclusive(c, s, loc, {field, path_field});
  if (const json::Value* v = Get(s, field)) {
    ExpectInt(c, *v, loc + "/" + std::string(field), 1, kMaxSeconds, jsonata);
  }
  if (!jsonata) CheckPathField(c, s, path_field, loc, true, false);
}

void CheckTask(Checker& c, const json::Object& s, const std::string& loc, bool jsonata) {
  if (const json::Value* r = Get(s, "Resource")) CheckResource(c, *r, loc + "/Resource");
  CheckTimer(c, s, loc, "TimeoutSeconds", jsonata);
  CheckTimer(c, s, loc, "HeartbeatSeconds", jsonata);
  const json::Value* t = Get(s, "TimeoutSeconds");
  const json::Value* h = Get(s, "HeartbeatSeconds");
  if (t && h && json::IsNumber(*t) && json::IsNumber(*h) &&
      json::AsDouble(*h) >= json::AsDouble(*t)) {
    c.Schema("HeartbeatSeconds must be less than TimeoutSeconds", loc + "/HeartbeatSeconds");
  }
  if (const json::Value* cred = Get(s, "Credentials")) {
    std::string cl = loc + "/Credentials";
    if (jsonata && IsJsonata(*cred)) {
      CheckJsonataStrings(c, *cred, cl);
    } else if (ExpectObject(c, *cred, cl)) {
      const json::Object& co = cred->get_object();
      if (!co.contains("RoleArn") && !(!jsonata && co.contains("RoleArn.$"))) {
        c.Schema("The field 'RoleArn' is required but was missing", cl);
      }
      if (jsonata) {
        CheckJsonataStrings(c, *cred, cl);
      } else {
        CheckPayloadTemplate(c, *cred, cl);
      }
    }
  }
}

void CheckWait(Checker& c, const json::Object& s, const std::string& loc, bool jsonata) {
  static const std::initializer_list<std::string_view> kModes = {"SecondsPath", "Seconds",
                                                                 "TimestampPath", "Timestamp"};
  int present = 0;
  for (std::string_view f : kModes) present += s.contains(f) ? 1 : 0;
  if (present == 0) {
    c.Schema("This object should have only one of the following fields: " + Bracketed(kModes), loc);
  } else if (present > 1) {
    c.Schema("There should only be one of the following fields: " + Bracketed(kModes), loc);
  }
  if (const json::Value* v = Get(s, "Seconds")) {
    ExpectInt(c, *v, loc + "/Seconds", 0, kMaxSeconds, jsonata);
  }
  if (const json::Value* v = Get(s, "Timestamp")) {
    std::string tl = loc + "/Timestamp";
    if (jsonata && IsJsonata(*v)) {
      CheckJsonataStrings(c, *v, tl);
    } else if (ExpectString(c, *v, tl) && !IsRfc3339(v->get_string())) {
      c.Schema("String does not match RFC3339 timestamp", tl);
    }
  }
  if (!jsonata) {
    CheckPathField(c, s, "SecondsPath", loc, true, false);
    CheckPathField(c, s, "TimestampPath", loc, true, false);
  }
}

void CheckFailPath(Checker& c, const json::Object& s, std::string_view field,
                   const std::string& loc) {
  const json::Value* v = Get(s, field);
  if (!v) return;
  std::string fl = loc + "/" + std::string(field);
  if (!ExpectString(c, *v, fl)) return;
  std::string_view text = v->get_string();
  bool ok = text.starts_with("$") ? !PathError(c, text, true) : !IntrinsicError(c, text);
  if (!ok) {
    c.Schema("The value for the field '" + std::string(field) +
                 "' must be a valid JSONPath or a valid intrinsic function call",
             fl);
  }
}

void CheckFail(Checker& c, const json::Object& s, const std::string& loc, bool jsonata) {
  Exclusive(c, s, loc, {"Error", "ErrorPath"});
  Exclusive(c, s, loc, {"Cause", "CausePath"});
  for (std::string_view f : {"Error", "Cause"}) {
    const json::Value* v = Get(s, f);
    if (v && ExpectString(c, *v, loc + "/" + std::string(f))) {
      if (jsonata) {
        CheckJsonataStrings(c, *v, loc + "/" + std::string(f));
      } else {
        WarnIfLooksLikePath(c, *v, loc + "/" + std::string(f));
      }
    }
  }
  if (!jsonata) {
    CheckFailPath(c, s, "ErrorPath", loc);
    CheckFailPath(c, s, "CausePath", loc);
  }
}

void CheckParallel(Checker& c, const json::Object& s, const std::string& loc) {
  const json::Value* b = Get(s, "Branches");
  if (!b || !ExpectArray(c, *b, loc + "/Branches")) return;
  const auto& branches = b->get_array();
  if (branches.empty()) c.Schema("Value cannot be empty", loc + "/Branches");
  for (size_t i = 0; i < branches.size(); ++i) {
    std::string bl = loc + "/Branches[" + std::to_string(i) + "]";
    if (!ExpectObject(c, branches[i], bl)) continue;
    RejectUnknownFields(c, branches[i].get_object(), bl, {"StartAt", "States", "Comment"});
    CheckStatesBlock(c, branches[i].get_object(), bl, false);
  }
}

// Fields every state family shares: paths, templates, Assign/Output/Arguments, Retry/Catch.
void CheckCommonFields(Checker& c, const json::Object& s, const std::string& loc,
                       std::string_view type, bool jsonata,
                       const std::unordered_set<std::string>& siblings) {
  if (const json::Value* v = Get(s, "Comment")) ExpectString(c, *v, loc + "/Comment");
  if (!jsonata) {
    CheckPathField(c, s, "InputPath", loc, false, true);
    CheckPathField(c, s, "OutputPath", loc, false, true);
    CheckPathField(c, s, "ResultPath", loc, true, true);
    bool map_params = type == "Map";  // Map's Parameters is checked with ItemSelector
    if (const json::Value* v = Get(s, "Parameters"); v && !map_params) {
      CheckPayloadTemplate(c, *v, loc + "/Parameters");
    }
    if (const json::Value* v = Get(s, "ResultSelector")) {
      CheckPayloadTemplate(c, *v, loc + "/ResultSelector");
    }
  } else {
    for (std::string_view f : {"Output", "Arguments"}) {
      if (const json::Value* v = Get(s, f)) CheckJsonataStrings(c, *v, loc + "/" + std::string(f));
    }
  }
  if (const json::Value* v = Get(s, "Assign")) CheckAssign(c, *v, loc + "/Assign", jsonata);
  if (const json::Value* v = Get(s, "Retry")) CheckRetry(c, *v, loc + "/Retry");
  if (const json::Value* v = Get(s, "Catch")) CheckCatch(c, *v, loc + "/Catch", jsonata, siblings);
}

void CheckNextEnd(Checker& c, const json::Object& s, const std::string& loc,
                  const std::unordered_set<std::string>& siblings) {
  const json::Value* next = Get(s, "Next");
  const json::Value* end = Get(s, "End");
  if (end) ExpectBool(c, *end, loc + "/End");
  bool ends = end && end->is_bool() && end->get_bool();
  if (next && ends) {
    c.Schema("There should only be one of the following fields: [Next, End]", loc);
  } else if (!next && !ends) {
    c.Schema("This object should have only one of the following fields: [Next, End]", loc);
  }
  if (next) CheckTarget(c, *next, loc + "/Next", siblings);
}

void CheckQueryLanguageField(Checker& c, const json::Value& v, const std::string& loc) {
  if (!v.is_string()) {
    c.Schema("Expected value of type [STRING]", loc);
  } else if (v.get_string() != "JSONPath" && v.get_string() != "JSONata") {
    c.Schema("Value should be one of the following: [JSONPath, JSONata]", loc);
  }
}

}  // namespace

void CheckState(Checker& c, const std::string& name, const json::Value& state,
                const std::string& loc, const std::unordered_set<std::string>& siblings) {
  if (Utf8Length(name) > 80) {
    c.Error("INVALID_STATE_NAME", "State name '" + name + "' is longer than 80 characters", loc);
  }
  if (!c.state_names.insert(name).second) {
    c.Error("DUPLICATE_STATE_NAME", "Duplicate State name: " + name, loc);
  }
  if (!ExpectObject(c, state, loc)) return;
  const json::Object& s = state.get_object();
  if (!RequireFields(c, s, loc, {"Type"})) return;
  const json::Value& type_v = s.at("Type");
  static constexpr std::string_view kTypes[] = {"Task", "Wait",   "Pass",     "Succeed",
                                                "Fail", "Choice", "Parallel", "Map"};
  bool known_type = false;
  for (std::string_view t : kTypes)
    known_type = known_type || (type_v.is_string() && type_v.get_string() == t);
  if (!known_type) {
    c.Schema(
        "The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, "
        "Choice, Parallel, Map]",
        loc + "/Type");
    return;
  }
  std::string_view type = s.at("Type").get_string();

  // Query language: exactly "JSONPath" selects JSONPath, any other value JSONata.
  const json::Value* ql = Get(s, "QueryLanguage");
  bool jsonata = ql ? !(ql->is_string() && ql->get_string() == "JSONPath") : c.machine_jsonata;
  bool downgraded = ql && c.machine_jsonata && !jsonata;
  if (downgraded) {
    c.Schema("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
             loc);
  }
  RejectUnknownFields(c, s, loc, AllowedFields(type));
  if (!downgraded) {
    std::initializer_list<std::string_view> allowed = AllowedFields(type);
    auto report = [&](std::string_view field) {
      bool known = false;
      for (std::string_view a : allowed) known = known || a == field;
      if (!known || !s.contains(field)) return;
      c.Schema(std::string("The QueryLanguage is set to '") + (jsonata ? "JSONata" : "JSONPath") +
                   "', but field '" + std::string(field) + "' is only supported for the '" +
                   (jsonata ? "JSONPath" : "JSONata") + "' QueryLanguage",
               loc);
    };
    if (jsonata) {
      for (std::string_view f : kJsonPathOnly) report(f);
    } else {
      for (std::string_view f : kJsonataOnly) report(f);
    }
  }
  if (ql) CheckQueryLanguageField(c, *ql, loc + "/QueryLanguage");

  if (type == "Task") RequireFields(c, s, loc, {"Resource"});
  if (type == "Parallel") RequireFields(c, s, loc, {"Branches"});
  if (type == "Choice") RequireFields(c, s, loc, {"Choices"});
  bool flows =
      type == "Task" || type == "Pass" || type == "Wait" || type == "Parallel" || type == "Map";
  if (flows) CheckNextEnd(c, s, loc, siblings);
  CheckCommonFields(c, s, loc, type, jsonata, siblings);

  if (type == "Task") {
    CheckTask(c, s, loc, jsonata);
  } else if (type == "Pass") {
    const json::Value* r = Get(s, "Result");
    if (r && r->is_object()) {
      for (const auto& kv : r->get_object()) {
        if (kv.key().ends_with(".$")) {
          c.Warning("PASS_RESULT_IS_STATIC",
                    "The field '" + std::string(kv.key()) +
                        "' in the Result of a Pass state is not evaluated as a path",
                    loc + "/Result");
        }
      }
    }
  } else if (type == "Wait") {
    CheckWait(c, s, loc, jsonata);
  } else if (type == "Fail") {
    CheckFail(c, s, loc, jsonata);
  } else if (type == "Choice") {
    CheckChoiceState(c, s, loc, jsonata, siblings);
  } else if (type == "Parallel") {
    CheckParallel(c, s, loc);
  } else if (type == "Map") {
    CheckMapState(c, s, loc, jsonata);
  }
}

}  // namespace sfn::asl::validate_internal
