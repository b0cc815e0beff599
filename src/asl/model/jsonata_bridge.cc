// JSONata-mode fields: "{% expr %}" strings at any depth of a JSON value, compiled once. Each
// evaluation binds $states ({input, context, result, errorOutput}) and the workflow variables the
// expressions mention. Failures are States.QueryEvaluationError with AWS's causes.
#include "asl/model/jsonata_bridge.h"

#include <set>

#include "asl/jsonata/jsonata.h"

namespace sfn::asl {
namespace {

struct Node {
  enum class Kind { kStatic, kExpr, kObject, kArray };
  Kind kind = Kind::kStatic;
  json::Value value;
  std::shared_ptr<jsonata::Expression> expr;
  std::string body;   // expression text between {% and %}, trimmed
  std::string field;  // "Output", "Arguments/FunctionName", ...
  std::vector<std::pair<std::string, Node>> members;
  std::vector<Node> elements;
};

std::string Trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string_view Body(const json::Value& v) {
  const auto& s = v.get_string();
  return std::string_view(s.data(), s.size()).substr(2, s.size() - 4);
}

// Names after '$' that may be workflow variables (identifiers; "states" excluded).
void ScanVariables(std::string_view text, std::set<std::string>& out) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\'' || text[i] == '"') {  // skip string literals
      char q = text[i];
      for (++i; i < text.size() && text[i] != q; ++i)
        if (text[i] == '\\') ++i;
      continue;
    }
    if (text[i] != '$') continue;
    std::size_t j = i + 1;
    while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) ||
                               text[j] == '_' || static_cast<unsigned char>(text[j]) >= 0x80))
      ++j;
    if (j > i + 1) {
      std::string name(text.substr(i + 1, j - i - 1));
      if (name != "states") out.insert(std::move(name));
    }
    i = j - 1;
  }
}

Status CompileNode(const json::Value& v, const std::string& field, Node& out,
                   std::set<std::string>& vars) {
  if (IsJsonataString(v)) {
    out.kind = Node::Kind::kExpr;
    out.body = Trim(Body(v));
    out.field = field;
    auto e = jsonata::Expression::Compile(Body(v));
    if (!e.ok()) {
      return Status::InvalidArgument("The JSONata expression '" + out.body +
                                     "' specified for the field '" + field +
                                     "' is invalid: " + e.status().message());
    }
    out.expr = std::make_shared<jsonata::Expression>(std::move(e).value());
    ScanVariables(out.body, vars);
    return Status::Ok();
  }
  if (v.is_object()) {
    out.kind = Node::Kind::kObject;
    for (const auto& kv : v.get_object()) {
      out.members.emplace_back(std::string(kv.key()), Node());
      SFN_TRY(CompileNode(kv.value(), field + "/" + std::string(kv.key()),
                          out.members.back().second, vars));
    }
    bool all_static = true;
    for (const auto& m : out.members)
      all_static = all_static && m.second.kind == Node::Kind::kStatic;
    if (all_static) {
      out.kind = Node::Kind::kStatic;
      out.value = v;
      out.members.clear();
    }
    return Status::Ok();
  }
  if (v.is_array()) {
    out.kind = Node::Kind::kArray;
    bool all_static = true;
    for (const auto& e : v.get_array()) {
      out.elements.emplace_back();
      SFN_TRY(CompileNode(e, field, out.elements.back(), vars));
      all_static = all_static && out.elements.back().kind == Node::Kind::kStatic;
    }
    if (all_static) {
      out.kind = Node::Kind::kStatic;
      out.value = v;
      out.elements.clear();
    }
    return Status::Ok();
  }
  out.kind = Node::Kind::kStatic;
  out.value = v;
  return Status::Ok();
}

Failure QueryError(const Node& n, const std::string& what) {
  return Failure{
      errors::kQueryEvaluationError,
      "The JSONata expression '" + n.body + "' specified for the field '" + n.field + "' " + what};
}

Outcome<json::Value> EvalNode(const Node& n, const json::Value* input, const jsonata::Bindings& b,
                              const jsonata::EvalOptions& opts) {
  switch (n.kind) {
    case Node::Kind::kStatic:
      return n.value;
    case Node::Kind::kExpr: {
      auto r = n.expr->Evaluate(input, b, opts);
      if (auto* err = std::get_if<jsonata::Error>(&r)) {
        if (err->code == "S_FUNCTION_RESULT")
          return QueryError(n, "returned an unsupported result type.");
        return QueryError(n,
                          "threw an error during evaluation. " + err->code + ": " + err->message);
      }
      auto& v = std::get<std::optional<json::Value>>(r);
      if (!v) return QueryError(n, "returned nothing (undefined).");
      return std::move(*v);
    }
    case Node::Kind::kObject: {
      json::Object o;
      o.reserve(n.members.size());
      for (const auto& [k, child] : n.members) {
        auto r = EvalNode(child, input, b, opts);
        if (!r.ok()) return std::move(r).failure();
        o.emplace(k, std::move(r).value());
      }
      return json::Value(std::move(o));
    }
    case Node::Kind::kArray: {
      json::Array a;
      a.reserve(n.elements.size());
      for (const auto& e : n.elements) {
        auto r = EvalNode(e, input, b, opts);
        if (!r.ok()) return std::move(r).failure();
        a.push_back(std::move(r).value());
      }
      return json::Value(std::move(a));
    }
  }
  return json::Value();
}

class JsonataExpr final : public ValueExpr {
 public:
  JsonataExpr(Node root, std::set<std::string> vars)
      : root_(std::move(root)), vars_(std::move(vars)) {
    if (root_.kind == Node::Kind::kExpr) text_ = root_.body;
  }

  Outcome<json::Value> Evaluate(const EvalEnv& env) const override {
    if (root_.kind == Node::Kind::kStatic) return root_.value;
    jsonata::Bindings b;
    json::Object states;
    if (env.scope.input) states["input"] = *env.scope.input;
    if (env.scope.context) states["context"] = *env.scope.context;
    if (env.result) states["result"] = *env.result;
    if (env.error_output) states["errorOutput"] = *env.error_output;
    b.Set("states", json::Value(std::move(states)));
    if (env.scope.variables) {
      for (const auto& name : vars_)
        if (const json::Value* v = env.scope.variables->Find(name)) b.Set(name, *v);
    }
    jsonata::EvalOptions opts;
    opts.step_functions = true;
    return EvalNode(root_, nullptr, b, opts);
  }
  bool IsConstant() const override { return root_.kind == Node::Kind::kStatic; }
  const std::string* ExpressionText() const override { return text_.empty() ? nullptr : &text_; }

 private:
  Node root_;
  std::set<std::string> vars_;
  std::string text_;
};

}  // namespace

bool IsJsonataString(const json::Value& v) {
  if (!v.is_string()) return false;
  const auto& s = v.get_string();
  return s.size() >= 4 && s.starts_with("{%") && s.ends_with("%}");
}

Result<std::unique_ptr<ValueExpr>> CompileJsonataValue(const json::Value& v, std::string field) {
  Node root;
  std::set<std::string> vars;
  SFN_TRY(CompileNode(v, field, root, vars));
  return std::unique_ptr<ValueExpr>(
      std::make_unique<JsonataExpr>(std::move(root), std::move(vars)));
}

std::function<std::optional<std::string>(std::string_view)> JsonataSyntaxHook() {
  return [](std::string_view body) -> std::optional<std::string> {
    auto e = jsonata::Expression::Compile(body);
    if (e.ok()) return std::nullopt;
    return e.status().message();
  };
}

}  // namespace sfn::asl
