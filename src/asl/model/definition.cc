#include "asl/model/definition.h"

#include "asl/model/jsonata_bridge.h"
#include "asl/paths/payload_template.h"

namespace sfn::asl {

ValidateOptions MakeValidateOptions(StateMachineType type) {
  ValidateOptions o;
  o.type = type;
  o.hooks.json_path = [](std::string_view t) -> std::optional<std::string> {
    auto r = JsonPath::Compile(t);
    if (r.ok()) return std::nullopt;
    return r.status().message();
  };
  o.hooks.reference_path = [](std::string_view t) -> std::optional<std::string> {
    auto r = JsonPath::CompileReference(t);
    if (r.ok()) return std::nullopt;
    return r.status().message();
  };
  o.hooks.intrinsic = [](std::string_view t) -> std::optional<std::string> {
    auto r = DynamicValue::Compile(t);
    if (r.ok()) return std::nullopt;
    return r.status().message();
  };
  o.hooks.jsonata = JsonataSyntaxHook();
  return o;
}

LoadedDefinition LoadDefinition(std::string_view text, StateMachineType type) {
  LoadedDefinition out;
  out.diagnostics = ValidateDefinition(text, MakeValidateOptions(type));
  if (HasErrors(out.diagnostics)) {
    std::vector<Diagnostic> errors;
    for (const auto& d : out.diagnostics)
      if (d.severity == Severity::kError) errors.push_back(d);
    out.error_message = FormatInvalidDefinition(errors, text);
    return out;
  }
  auto parsed = json::Parse(text);
  if (!parsed.ok()) {
    out.error_message = "Invalid State Machine Definition: '" + parsed.status().message() + "'";
    return out;
  }
  auto built = BuildStateMachine(*parsed);
  if (!built.ok()) {
    out.error_message =
        "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: " + built.status().message() +
        "'";
    return out;
  }
  out.machine = std::move(built).value();
  return out;
}

}  // namespace sfn::asl
