// CLI adapter for /work/shared/conformance/jsonata/run_cases.py: reads one JSON case per stdin
// line and answers one envelope line per case ({"result":..} | {"undefined":true} | {"error":..}).
#include <iostream>
#include <string>

#include "asl/jsonata/jsonata.h"

namespace {

std::string Answer(const std::string& line) {
  using sfn::json::Value;
  auto parsed = sfn::json::Parse(line);
  if (!parsed.ok()) {
    // Lone surrogates cannot be held in UTF-8 JSON: pass them to JSONata as \uXXXX escapes.
    std::string fixed;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line.compare(i, 3, "\\ud") == 0 || line.compare(i, 3, "\\uD") == 0) fixed += '\\';
      fixed += line[i];
    }
    parsed = sfn::json::Parse(fixed);
  }
  if (!parsed.ok()) return R"({"error":{"code":"X0000","message":"bad case line"}})";
  const auto& c = parsed->as_object();
  std::string expr = c.contains("expr") ? std::string(c.at("expr").as_string()) : "";
  sfn::jsonata::Bindings bindings;
  if (auto* b = c.if_contains("bindings"); b && b->is_object()) {
    for (const auto& kv : b->as_object()) bindings.Set(std::string(kv.key()), kv.value());
  }
  sfn::jsonata::EvalOptions opts;
  if (auto* d = c.if_contains("depth"); d && sfn::json::IsNumber(*d)) {
    opts.max_depth = static_cast<int>(sfn::json::AsDouble(*d));
  }
  if (auto* t = c.if_contains("timelimit"); t && sfn::json::IsNumber(*t)) {
    opts.time_limit_ms = sfn::json::AsDouble(*t);
  }
  const Value* input = c.if_contains("data");
  auto out = sfn::jsonata::EvaluateOnce(expr, input, bindings, opts);
  Value env;
  if (auto* err = std::get_if<sfn::jsonata::Error>(&out)) {
    sfn::json::Object e;
    e["code"] = sfn::json::String(err->code);
    e["message"] = sfn::json::String(err->message);
    if (!err->token.empty()) e["token"] = sfn::json::String(err->token);
    sfn::json::Object o;
    o["error"] = std::move(e);
    env = std::move(o);
  } else {
    const auto& r = std::get<std::optional<Value>>(out);
    sfn::json::Object o;
    if (r) {
      o["result"] = *r;
    } else {
      o["undefined"] = true;
    }
    env = std::move(o);
  }
  return sfn::json::Serialize(env);
}

}  // namespace

int main() {
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    std::cout << Answer(line) << "\n" << std::flush;
  }
  return 0;
}
