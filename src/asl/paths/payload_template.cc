// Payload templates: compile to a tree of static values and dynamic leaves (ordered as AWS
// orders them); evaluate by building the output in that order.

#include "asl/paths/payload_template.h"

#include <unordered_set>
#include <vector>

#include "asl/paths/java_compat.h"

namespace sfn::asl {
namespace paths {

struct TemplateNode {
  enum class Kind { kStatic, kObject, kArray, kPath, kIntrinsic } kind = Kind::kStatic;
  json::Value value;                                          // kStatic
  std::vector<std::pair<std::string, TemplateNode>> members;  // kObject (stripped keys)
  std::vector<TemplateNode> elements;                         // kArray
  std::string field;                                          // kPath/kIntrinsic: key with ".$"
  JsonPath path;                                              // kPath
  IntrinsicCall call;                                         // kIntrinsic
};

}  // namespace paths

namespace {

using paths::TemplateNode;

bool EndsWithDollar(std::string_view key) { return key.size() > 2 && key.ends_with(".$"); }

bool HasDynamic(const json::Value& v) {
  if (v.is_object()) {
    for (const auto& kv : v.get_object()) {
      if (EndsWithDollar(kv.key()) || HasDynamic(kv.value())) return true;
    }
  } else if (v.is_array()) {
    for (const json::Value& e : v.get_array()) {
      if (HasDynamic(e)) return true;
    }
  }
  return false;
}

std::string Location(std::string_view field, const std::string& pointer) {
  return "/" + std::string(field) + pointer;
}

bool IsDynamic(const TemplateNode& n) {
  return n.kind == TemplateNode::Kind::kPath || n.kind == TemplateNode::Kind::kIntrinsic;
}

// AWS builds a template's result as the static fields in template order followed by the ".$"
// fields in java.util.HashMap order of their names (recorded: a Parameters object of 13 "$$"
// fields, ItemSelector {"original_input.$", ..., "constant_value"}). Fixed at compile time.
void OrderLikeAws(std::vector<std::pair<std::string, TemplateNode>>& members) {
  std::vector<std::string_view> dynamic;
  for (const auto& m : members) {
    if (IsDynamic(m.second)) dynamic.push_back(m.first);
  }
  if (dynamic.empty()) return;
  paths::SortInJavaHashMapOrder(dynamic, paths::JavaHashMapPutCapacity(dynamic.size()));
  std::vector<size_t> order;  // indexes into `members`
  order.reserve(members.size());
  for (size_t i = 0; i < members.size(); ++i) {
    if (!IsDynamic(members[i].second)) order.push_back(i);
  }
  for (std::string_view name : dynamic) {
    for (size_t i = 0; i < members.size(); ++i) {
      if (IsDynamic(members[i].second) && members[i].first == name) order.push_back(i);
    }
  }
  std::vector<std::pair<std::string, TemplateNode>> ordered;
  ordered.reserve(members.size());
  for (size_t i : order) ordered.push_back(std::move(members[i]));
  members = std::move(ordered);
}

Status CompileDynamic(std::string_view key, const json::Value& v, std::string_view field,
                      const std::string& pointer, TemplateNode& out) {
  auto invalid = [&] {
    return Status::InvalidArgument("The value for the field '" + std::string(key) +
                                   "' must be a valid JSONPath or a valid intrinsic function "
                                   "call at " +
                                   Location(field, pointer));
  };
  if (!v.is_string()) return invalid();
  std::string_view text(v.get_string());
  out.field = std::string(key);
  if (!text.empty() && text[0] == '$') {
    auto p = JsonPath::Compile(text);
    if (!p.ok()) return invalid();
    out.kind = TemplateNode::Kind::kPath;
    out.path = std::move(p).value();
    return Status::Ok();
  }
  if (!IntrinsicCall::LooksLikeCall(text)) return invalid();
  auto c = IntrinsicCall::Compile(text);
  if (!c.ok()) return invalid();
  out.kind = TemplateNode::Kind::kIntrinsic;
  out.call = std::move(c).value();
  return Status::Ok();
}

Status CompileNode(const json::Value& v, std::string_view field, const std::string& pointer,
                   TemplateNode& out) {
  if (!HasDynamic(v)) {
    out.kind = TemplateNode::Kind::kStatic;
    out.value = v;
    return Status::Ok();
  }
  if (v.is_array()) {
    out.kind = TemplateNode::Kind::kArray;
    const json::Array& a = v.get_array();
    out.elements.resize(a.size());
    for (size_t i = 0; i < a.size(); ++i) {
      SFN_TRY(CompileNode(a[i], field, pointer + "/" + std::to_string(i), out.elements[i]));
    }
    return Status::Ok();
  }
  out.kind = TemplateNode::Kind::kObject;
  std::unordered_set<std::string_view> seen;
  for (const auto& kv : v.get_object()) {
    std::string_view key = kv.key();
    bool dynamic = EndsWithDollar(key);
    std::string name(dynamic ? key.substr(0, key.size() - 2) : key);
    out.members.emplace_back(name, TemplateNode());
    TemplateNode& child = out.members.back().second;
    if (dynamic) {
      SFN_TRY(CompileDynamic(key, kv.value(), field, pointer, child));
    } else {
      SFN_TRY(CompileNode(kv.value(), field, pointer + "/" + name, child));
    }
  }
  for (const auto& m : out.members) {
    if (!seen.insert(m.first).second) {
      return Status::InvalidArgument("The field '" + m.first + "' is defined more than once at " +
                                     Location(field, pointer));
    }
  }
  OrderLikeAws(out.members);
  return Status::Ok();
}

Outcome<json::Value> EvalNode(const TemplateNode& n, const PathScope& scope) {
  switch (n.kind) {
    case TemplateNode::Kind::kStatic:
      return n.value;
    case TemplateNode::Kind::kPath: {
      if (const json::Value* found = n.path.Find(scope)) return *found;
      std::optional<json::Value> v = n.path.Evaluate(scope);
      if (!v) return PathNotFoundFailure(n.path, n.field, scope);
      return std::move(*v);
    }
    case TemplateNode::Kind::kIntrinsic:
      return n.call.Evaluate(scope, n.field);
    case TemplateNode::Kind::kArray: {
      json::Array out;
      out.reserve(n.elements.size());
      for (const TemplateNode& e : n.elements) {
        Outcome<json::Value> v = EvalNode(e, scope);
        if (!v.ok()) return std::move(v).failure();
        out.push_back(std::move(v).value());
      }
      return json::Value(std::move(out));
    }
    case TemplateNode::Kind::kObject: {
      json::Object out;
      out.reserve(n.members.size());
      for (const auto& [name, child] : n.members) {
        Outcome<json::Value> v = EvalNode(child, scope);
        if (!v.ok()) return std::move(v).failure();
        out.emplace(name, std::move(v).value());
      }
      return json::Value(std::move(out));
    }
  }
  return json::Value();
}

}  // namespace

Failure PathNotFoundFailure(const JsonPath& path, std::string_view field, const PathScope& scope) {
  std::string cause = "The JSONPath '" + path.text() + "' specified for the field '" +
                      std::string(field) + "' could not be found in the input '";
  if (scope.input != nullptr) json::SerializeTo(*scope.input, cause);
  cause += "'";
  return Failure{errors::kRuntime, std::move(cause)};
}

PayloadTemplate::PayloadTemplate() : root_(std::make_shared<const TemplateNode>()) {}

Result<PayloadTemplate> PayloadTemplate::Compile(const json::Value& tmpl, std::string_view field) {
  auto root = std::make_shared<TemplateNode>();
  SFN_TRY(CompileNode(tmpl, field, "", *root));
  PayloadTemplate t;
  t.root_ = std::move(root);
  return t;
}

Outcome<json::Value> PayloadTemplate::Evaluate(const PathScope& scope) const {
  return EvalNode(*root_, scope);
}

bool PayloadTemplate::IsStatic() const { return root_->kind == TemplateNode::Kind::kStatic; }

Result<DynamicValue> DynamicValue::Compile(std::string_view text) {
  DynamicValue d;
  if (!text.empty() && text[0] == '$') {
    SFN_ASSIGN_OR_RETURN(JsonPath p, JsonPath::CompileReference(text));
    d.impl_ = std::move(p);
    return d;
  }
  if (!IntrinsicCall::LooksLikeCall(text)) {
    return Status::InvalidArgument("'" + std::string(text) +
                                   "' is neither a valid Reference Path nor a valid intrinsic "
                                   "function call");
  }
  SFN_ASSIGN_OR_RETURN(IntrinsicCall c, IntrinsicCall::Compile(text));
  d.impl_ = std::move(c);
  return d;
}

Outcome<json::Value> DynamicValue::Evaluate(const PathScope& scope, std::string_view field) const {
  if (const JsonPath* p = std::get_if<JsonPath>(&impl_)) {
    std::optional<json::Value> v = p->Evaluate(scope);
    if (!v) return PathNotFoundFailure(*p, field, scope);
    return std::move(*v);
  }
  return std::get<IntrinsicCall>(impl_).Evaluate(scope, field);
}

const std::string& DynamicValue::text() const {
  if (const JsonPath* p = std::get_if<JsonPath>(&impl_)) return p->text();
  return std::get<IntrinsicCall>(impl_).text();
}

}  // namespace sfn::asl
