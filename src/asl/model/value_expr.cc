#include "asl/model/value_expr.h"

namespace sfn::asl {
namespace {

class LiteralExpr final : public ValueExpr {
 public:
  explicit LiteralExpr(json::Value v) : v_(std::move(v)) {}
  Outcome<json::Value> Evaluate(const EvalEnv&) const override { return v_; }
  bool IsConstant() const override { return true; }

 private:
  json::Value v_;
};

class PathExpr final : public ValueExpr {
 public:
  PathExpr(JsonPath p, std::string field) : path_(std::move(p)), field_(std::move(field)) {}
  Outcome<json::Value> Evaluate(const EvalEnv& env) const override {
    auto v = path_.Evaluate(env.scope);
    if (v) return std::move(*v);
    std::string input = env.scope.input ? json::Serialize(*env.scope.input) : "null";
    return Failure{errors::kRuntime, "The JSONPath '" + path_.text() +
                                         "' specified for the field '" + field_ +
                                         "' could not be found in the input '" + input + "'"};
  }

 private:
  JsonPath path_;
  std::string field_;
};

}  // namespace

std::unique_ptr<ValueExpr> MakeLiteralExpr(json::Value v) {
  return std::make_unique<LiteralExpr>(std::move(v));
}

std::unique_ptr<ValueExpr> MakePathExpr(JsonPath path, std::string field) {
  return std::make_unique<PathExpr>(std::move(path), std::move(field));
}

}  // namespace sfn::asl
