// JSONata-mode fields. Until the JSONata engine (src/asl/jsonata) is wired in, values without
// "{% %}" expressions are literals and expressions are rejected at load with a clear message.
#include "asl/model/jsonata_bridge.h"

namespace sfn::asl {
namespace {

bool ContainsJsonata(const json::Value& v) {
  if (IsJsonataString(v)) return true;
  if (v.is_array()) {
    for (const auto& e : v.get_array())
      if (ContainsJsonata(e)) return true;
  } else if (v.is_object()) {
    for (const auto& kv : v.get_object())
      if (ContainsJsonata(kv.value())) return true;
  }
  return false;
}

}  // namespace

bool IsJsonataString(const json::Value& v) {
  if (!v.is_string()) return false;
  const auto& s = v.get_string();
  return s.size() >= 4 && s.starts_with("{%") && s.ends_with("%}");
}

Result<std::unique_ptr<ValueExpr>> CompileJsonataValue(const json::Value& v, std::string field) {
  if (!ContainsJsonata(v)) return MakeLiteralExpr(v);
  return Status::InvalidArgument("JSONata expressions in field '" + field +
                                 "' are not supported by this build yet");
}

}  // namespace sfn::asl

namespace sfn::asl {
std::function<std::optional<std::string>(std::string_view)> JsonataSyntaxHook() {
  return nullptr;  // no JSONata engine wired yet: syntax is checked at load
}
}  // namespace sfn::asl
