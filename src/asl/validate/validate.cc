// Entry points: definition parsing and top-level fields, the CreateStateMachine message and the
// ValidateStateMachineDefinition response body.
#include "asl/validate/validate.h"

#include <string>

#include "asl/validate/checker.h"

namespace sfn::asl {
namespace vi = validate_internal;

namespace {

void CheckTopLevel(vi::Checker& c, const json::Object& def) {
  vi::RejectUnknownFields(
      c, def, "/", {"States", "StartAt", "Comment", "Version", "TimeoutSeconds", "QueryLanguage"});
  if (const json::Value* ql = vi::Get(def, "QueryLanguage")) {
    if (!ql->is_string()) {
      c.Schema("Expected value of type [STRING]", "/QueryLanguage");
    } else if (ql->get_string() != "JSONPath" && ql->get_string() != "JSONata") {
      c.Schema("Value should be one of the following: [JSONPath, JSONata]", "/QueryLanguage");
    }
    c.machine_jsonata = !(ql->is_string() && ql->get_string() == "JSONPath");
  }
  if (const json::Value* v = vi::Get(def, "Comment")) vi::ExpectString(c, *v, "/Comment");
  if (const json::Value* v = vi::Get(def, "Version")) vi::ExpectEnum(c, *v, "/Version", {"1.0"});
  if (const json::Value* v = vi::Get(def, "TimeoutSeconds")) {
    vi::ExpectInt(c, *v, "/TimeoutSeconds", 0, 99999999, false);
  }
  vi::CheckStatesBlock(c, def, "", true);
}

}  // namespace

std::vector<Diagnostic> ValidateDefinition(std::string_view definition_text,
                                           const ValidateOptions& options) {
  std::vector<Diagnostic> out;
  vi::Checker c(options, &out);
  if (definition_text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    c.Schema("Definition must be a valid JSON object", "");
    return out;
  }
  Result<json::Value> parsed = json::Parse(definition_text);
  if (!parsed.ok()) {
    // The parser bounds nesting depth; a definition that deep is reported as AWS's nesting error.
    if (parsed.status().message().find("too deep") != std::string::npos) {
      c.Error("TOO_DEEPLY_NESTED", "The states are too deeply nested", "");
      return out;
    }
    c.Error("INVALID_JSON_DESCRIPTION", parsed.status().message(), "");
    return out;
  }
  if (!parsed->is_object()) {
    c.Schema("Definition must be a valid JSON object", "");
    return out;
  }
  CheckTopLevel(c, parsed->get_object());
  return out;
}

bool HasErrors(const std::vector<Diagnostic>& diags) {
  for (const Diagnostic& d : diags) {
    if (d.severity == Severity::kError) return true;
  }
  return false;
}

std::string FormatInvalidDefinition(const std::vector<Diagnostic>& errors,
                                    std::string_view definition_text) {
  for (const Diagnostic& d : errors) {
    if (d.severity == Severity::kError && d.code == "INVALID_LABEL_NAME") {
      return "Error=ValueError Args=[" + vi::PyRepr(d.message) + "] in definition '" +
             std::string(definition_text) + "'.";
    }
  }
  std::string out = "Invalid State Machine Definition: '";
  bool first = true;
  for (const Diagnostic& d : errors) {
    if (d.severity != Severity::kError) continue;
    if (!first) out += ", ";
    first = false;
    out += d.code + ": " + d.message + " at " + (d.location.empty() ? "null" : d.location);
  }
  return out + "'";
}

json::Value ValidationResponse(const std::vector<Diagnostic>& diags, int max_results,
                               std::optional<Severity> min_severity) {
  // AWS's `severity` parameter defaults to ERROR: only errors are listed unless WARNING is asked.
  Severity floor = min_severity.value_or(Severity::kError);
  size_t cap = max_results <= 0 ? 100 : static_cast<size_t>(max_results);
  json::Array list;
  bool truncated = false;
  for (const Diagnostic& d : diags) {
    if (floor == Severity::kError && d.severity != Severity::kError) continue;
    if (list.size() == cap) {
      truncated = true;
      break;
    }
    json::Object o;
    o["severity"] = d.severity == Severity::kError ? "ERROR" : "WARNING";
    o["code"] = d.code;
    o["message"] = d.message;
    if (!d.location.empty()) o["location"] = d.location;
    list.push_back(std::move(o));
  }
  json::Object body;
  body["result"] = HasErrors(diags) ? "FAIL" : "OK";
  body["diagnostics"] = std::move(list);
  body["truncated"] = truncated;
  return body;
}

}  // namespace sfn::asl
