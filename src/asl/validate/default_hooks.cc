// Adapters from the parser libraries' Result<T> to SyntaxHooks' optional messages.
#include "asl/validate/default_hooks.h"

#include <string>

#include "asl/jsonata/jsonata.h"
#include "asl/paths/intrinsics.h"
#include "asl/paths/jsonpath.h"

namespace sfn::asl {
namespace {

template <typename T>
std::optional<std::string> MessageOf(const Result<T>& r) {
  if (r.ok()) return std::nullopt;
  return r.status().message();
}

// "S0202: Expected \"]\", got \",\" (position 4)" -> "Expected \"]\", got \",\"".
std::string StripJsonataDecorations(std::string m) {
  if (m.size() > 7 && m[0] == 'S' && m[5] == ':' && m[6] == ' ') m.erase(0, 7);
  size_t pos = m.rfind(" (position ");
  if (pos != std::string::npos && m.back() == ')') m.erase(pos);
  return m;
}

}  // namespace

SyntaxHooks DefaultSyntaxHooks() {
  SyntaxHooks h;
  h.json_path = [](std::string_view t) { return MessageOf(JsonPath::Compile(t)); };
  h.reference_path = [](std::string_view t) { return MessageOf(JsonPath::CompileReference(t)); };
  h.intrinsic = [](std::string_view t) { return MessageOf(IntrinsicCall::Compile(t)); };
  h.jsonata = [](std::string_view body) -> std::optional<std::string> {
    auto r = jsonata::Expression::Compile(body);
    if (r.ok()) return std::nullopt;
    return StripJsonataDecorations(r.status().message());
  };
  return h;
}

ValidateOptions DefaultValidateOptions(StateMachineType type) {
  ValidateOptions o;
  o.type = type;
  o.hooks = DefaultSyntaxHooks();
  return o;
}

}  // namespace sfn::asl
