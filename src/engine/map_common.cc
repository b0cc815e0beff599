#include "engine/map_common.h"

#include <cmath>
#include <cstdlib>

namespace sfn::engine {
namespace {

using asl::Failure;
using asl::Outcome;

std::string Shown(const json::Value& v) {
  return v.is_string() ? std::string(v.get_string()) : json::Serialize(v);
}

// Evaluates a numeric Map field. Literal numbers pass through; a *Path value may be a number or a
// numeric string ("2" from a variable is accepted on AWS). `integer` selects the integer rules.
Outcome<std::optional<double>> NumericField(StateRun& run, const asl::FieldSpec& f,
                                            const json::Value& effective, const char* path_field,
                                            bool integer) {
  if (f.literal) {
    if (f.literal->is_null()) return std::optional<double>();
    return std::optional<double>(json::AsDouble(*f.literal));
  }
  if (f.path) {
    auto v = f.path->Evaluate(run.Scope(&effective));
    const char* kind = integer ? "integer" : "float";
    auto bad = [&](const std::string& shown) {
      return run.Runtime(std::string("The ") + path_field + " field refers to value \"" + shown +
                         "\" which is not a valid " + kind + ": " + f.path->text());
    };
    if (!v) return bad("null");
    if (json::IsNumber(*v)) {
      if (integer && !json::IsIntegral(*v)) return bad(Shown(*v));
      return std::optional<double>(json::AsDouble(*v));
    }
    if (v->is_string()) {
      std::string s(v->get_string());
      char* end = nullptr;
      double d = std::strtod(s.c_str(), &end);
      bool whole = !s.empty() && end && *end == '\0';
      if (!whole || (integer && std::floor(d) != d)) return bad(s);
      return std::optional<double>(d);
    }
    return bad(Shown(*v));
  }
  if (f.expr) {
    auto v = f.expr->Evaluate(run.Env(&effective));
    if (!v.ok()) return run.Prefixed(std::move(v).failure());
    if (!json::IsNumber(v.value()))
      return run.Runtime(std::string("The field '") + path_field +
                             "' must be a number, but was: " + json::Serialize(v.value()),
                         asl::errors::kQueryEvaluationError);
    return std::optional<double>(json::AsDouble(v.value()));
  }
  return std::optional<double>();
}

}  // namespace

Outcome<MapItems> ResolveMapItems(StateRun& run, const json::Value& effective) {
  const asl::MapSpec& m = *run.state().map;
  MapItems items;
  json::Value selected;
  if (m.items) {
    auto v = m.items->Evaluate(run.JsonataEnv());
    if (!v.ok()) return run.Prefixed(std::move(v).failure());
    selected = std::move(v).value();
    if (!selected.is_array()) {
      // JSONata Items must produce an array (recorded AWS causes).
      const std::string* text = m.items->ExpressionText();
      std::string expr = text ? *text : json::Serialize(selected);
      return run.Runtime("The JSONata expression '" + expr +
                             "' specified for the field 'Items' returned an unexpected result "
                             "type. Expected 'array', but was '" +
                             json::TypeName(selected) + "' for value: " + json::Serialize(selected),
                         asl::errors::kQueryEvaluationError);
    }
  } else if (m.items_path) {
    auto v = m.items_path->Evaluate(run.Scope(&effective));
    if (!v)
      return run.Runtime("Invalid path '" + m.items_path->text() +
                         "' : " + m.items_path->NotFoundMessage(run.Scope(&effective)));
    selected = std::move(*v);
  } else {
    selected = effective;
  }
  if (selected.is_array()) {
    items.values = std::move(selected.get_array());
    return items;
  }
  if (selected.is_object()) {
    items.from_object = true;
    for (auto& kv : selected.get_object()) {
      items.keys.emplace_back(kv.key());
      items.values.push_back(std::move(kv.value()));
    }
    return items;
  }
  if (run.jsonata())
    return run.Runtime("Map state input must be an array but was: " + json::Serialize(selected),
                       asl::errors::kQueryEvaluationError);
  std::string path = m.items_path ? m.items_path->text() : "$";
  return run.Runtime("Reference path \"" + path + "\" must point to array.");
}

Outcome<json::Value> MapIterationInput(StateRun& run, const json::Value& effective,
                                       const MapItems& items, std::size_t index,
                                       const std::string& source) {
  const asl::MapSpec& m = *run.state().map;
  const json::Value& value = items.values[index];
  if (!m.item_selector && !m.item_selector_expr) {
    if (!items.from_object) return value;
    json::Object kv;
    kv["Key"] = items.keys[index];
    kv["Value"] = value;
    return json::Value(std::move(kv));
  }
  // Context with $$.Map.Item for the selector.
  json::Object ctx = run.Context()->get_object();
  json::Object item;
  if (items.from_object) item["Key"] = items.keys[index];
  item["Index"] = static_cast<std::int64_t>(index);
  item["Value"] = value;
  if (!source.empty()) item["Source"] = source;
  ctx["Map"] = json::Object{{"Item", std::move(item)}};
  json::Value context(std::move(ctx));
  asl::PathScope scope;
  scope.input = &effective;
  scope.context = &context;
  scope.variables = run.frame().vars;
  if (m.item_selector) {
    auto r = m.item_selector->Evaluate(scope);
    if (!r.ok()) return run.Prefixed(std::move(r).failure());
    return std::move(r).value();
  }
  asl::EvalEnv env;
  env.scope = scope;
  auto r = m.item_selector_expr->Evaluate(env);
  if (!r.ok()) return run.Prefixed(std::move(r).failure());
  return std::move(r).value();
}

Outcome<long long> MapMaxConcurrency(StateRun& run, const json::Value& effective) {
  auto v =
      NumericField(run, run.state().map->max_concurrency, effective, "MaxConcurrencyPath", true);
  if (!v.ok()) return std::move(v).failure();
  if (!v.value()) return 0LL;
  if (*v.value() < 0) return run.Runtime("MaxConcurrency cannot be negative.");
  return static_cast<long long>(*v.value());
}

Outcome<double> MapToleratedPercentage(StateRun& run, const json::Value& effective) {
  auto v = NumericField(run, run.state().map->tolerated_failure_percentage, effective,
                        "ToleratedFailurePercentagePath", false);
  if (!v.ok()) return std::move(v).failure();
  if (!v.value()) return 0.0;
  if (*v.value() < 0 || *v.value() > 100)
    return run.Runtime("ToleratedFailurePercentage must be between 0 and 100.");
  return *v.value();
}

Outcome<long long> MapToleratedCount(StateRun& run, const json::Value& effective) {
  auto v = NumericField(run, run.state().map->tolerated_failure_count, effective,
                        "ToleratedFailureCountPath", true);
  if (!v.ok()) return std::move(v).failure();
  if (!v.value()) return 0LL;
  if (*v.value() < 0) return run.Runtime("ToleratedFailureCount cannot be negative.");
  return static_cast<long long>(*v.value());
}

}  // namespace sfn::engine
