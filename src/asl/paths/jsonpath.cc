// JsonPath compilation entry points, root resolution and ResultPath application.

#include "asl/paths/jsonpath.h"

#include "asl/paths/jsonpath_ast.h"

namespace sfn::asl {

using paths::Segment;
using paths::SegmentKind;
using Steps = std::vector<paths::Segment>;

JsonPath::JsonPath() : steps_(std::make_shared<const Steps>()) {}

Result<JsonPath> JsonPath::Compile(std::string_view text) { return CompileImpl(text, false); }

Result<JsonPath> JsonPath::CompileReference(std::string_view text) {
  return CompileImpl(text, true);
}

Result<JsonPath> JsonPath::CompileImpl(std::string_view text, bool reference) {
  JsonPath p;
  p.text_ = std::string(text);
  if (text.empty() || text[0] != '$') {
    return Status::InvalidArgument("Invalid JSONPath '" + p.text_ + "': must start with '$'");
  }
  size_t pos = 1;
  if (text.size() > 1 && text[1] == '$') {
    p.root_ = PathRoot::kContext;
    pos = 2;
  } else if (text.size() > 1 && text[1] != '.' && text[1] != '[' && text[1] != ' ' &&
             text[1] != '\t' && text[1] != '\n' && text[1] != '\r') {
    p.root_ = PathRoot::kVariable;
    while (pos < text.size() && text[pos] != '.' && text[pos] != '[' && text[pos] != ' ' &&
           text[pos] != '\t' && text[pos] != '\n' && text[pos] != '\r') {
      ++pos;
    }
    p.variable_ = std::string(text.substr(1, pos - 1));
  }
  SFN_ASSIGN_OR_RETURN(Steps steps, paths::ParseSteps(text, pos, false));
  p.definite_ = paths::StepsAreDefinite(steps);
  if (reference) {
    for (const Segment& s : steps) {
      bool single = (s.kind == SegmentKind::kProperty && s.names.size() == 1) ||
                    (s.kind == SegmentKind::kIndex && s.indexes.size() == 1);
      if (!single) {
        return Status::InvalidArgument("Invalid Reference Path '" + p.text_ +
                                       "': must select a single node (no wildcard, filter, "
                                       "slice, union or '..')");
      }
    }
  }
  p.builds_value_ = p.definite_ && !steps.empty() && steps.back().names.size() > 1;
  p.steps_ = std::make_shared<const Steps>(std::move(steps));
  return p;
}

bool JsonPath::IsRootOnly() const { return steps_->empty(); }

const std::vector<paths::Segment>& JsonPath::steps() const { return *steps_; }

const json::Value* JsonPath::RootValue(const PathScope& scope) const {
  switch (root_) {
    case PathRoot::kInput:
      return scope.input;
    case PathRoot::kContext:
      return scope.context;
    case PathRoot::kVariable:
      return scope.variables == nullptr ? nullptr : scope.variables->Find(variable_);
  }
  return nullptr;
}

std::optional<json::Value> JsonPath::Evaluate(const PathScope& scope) const {
  const json::Value* root = RootValue(scope);
  if (root == nullptr) return std::nullopt;
  if (definite_) {
    json::Value built;
    const json::Value* v = paths::FindDefinite(*steps_, *root, &built, nullptr);
    if (v == nullptr) return std::nullopt;
    if (v == &built) return built;
    return *v;
  }
  json::Array out;
  paths::CollectMatches(*steps_, 0, *root, *root, out);
  return json::Value(std::move(out));
}

const json::Value* JsonPath::Find(const PathScope& scope) const {
  if (!definite_ || builds_value_) return nullptr;
  const json::Value* root = RootValue(scope);
  if (root == nullptr) return nullptr;
  return paths::FindDefinite(*steps_, *root, nullptr, nullptr);
}

std::string JsonPath::NotFoundMessage(const PathScope& scope) const {
  const json::Value* root = RootValue(scope);
  if (root == nullptr) {
    if (root_ == PathRoot::kVariable) return "Variable '" + variable_ + "' is not defined";
    return "No results for path: " + CanonicalText();
  }
  std::string why;
  json::Value built;
  if (definite_ && paths::FindDefinite(*steps_, *root, &built, &why) == nullptr) return why;
  return "No results for path: " + CanonicalText();
}

std::string JsonPath::RootRelativeText() const {
  switch (root_) {
    case PathRoot::kInput:
      return text_;
    case PathRoot::kContext:
      return text_.substr(1);
    case PathRoot::kVariable:
      return "$" + text_.substr(1 + variable_.size());
  }
  return text_;
}

std::string JsonPath::CanonicalText() const {
  std::string out = "$";
  paths::AppendCanonical(*steps_, out);
  return out;
}

namespace {

Failure ResultPathFailure(const JsonPath& path, const json::Value& input) {
  std::string cause = "Unable to apply ReferencePath " + path.text() + " to input ";
  json::SerializeTo(input, cause);
  return Failure{errors::kResultPathMatchFailure, std::move(cause)};
}

// True when every step can be followed or created (so a failure never leaves a half-built
// input behind).
bool CanHold(const Steps& steps, const json::Value& input) {
  const json::Value* cur = &input;
  for (size_t i = 0; i < steps.size(); ++i) {
    const Segment& s = steps[i];
    if (s.kind == SegmentKind::kProperty && s.names.size() == 1) {
      if (!cur->is_object()) return false;
      cur = cur->get_object().if_contains(s.names[0]);
      if (cur == nullptr) {  // the rest is created: only names allowed
        for (size_t j = i + 1; j < steps.size(); ++j) {
          if (steps[j].kind != SegmentKind::kProperty || steps[j].names.size() != 1) return false;
        }
        return true;
      }
    } else if (s.kind == SegmentKind::kIndex && s.indexes.size() == 1) {
      if (!cur->is_array()) return false;
      int64_t len = static_cast<int64_t>(cur->get_array().size());
      int64_t eff = s.indexes[0] < 0 ? len + s.indexes[0] : s.indexes[0];
      if (eff < 0 || eff >= len) return false;
      cur = &cur->get_array()[eff];
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

// ASL spec, "ResultPath": the result replaces the node the Reference Path selects in the raw
// input; intermediate objects are created when missing.
Outcome<json::Value> ApplyResultPath(const JsonPath* path, json::Value raw_input,
                                     json::Value result) {
  if (path == nullptr) return raw_input;
  if (path->root() != PathRoot::kInput) {
    return Failure{errors::kResultPathMatchFailure,
                   "ResultPath '" + path->text() + "' must refer to the state input ('$')"};
  }
  const Steps& steps = path->steps();
  if (steps.empty()) return result;
  if (!CanHold(steps, raw_input)) return ResultPathFailure(*path, raw_input);
  json::Value* cur = &raw_input;
  for (size_t i = 0; i < steps.size(); ++i) {
    const Segment& s = steps[i];
    bool leaf = i + 1 == steps.size();
    if (s.kind == SegmentKind::kProperty && s.names.size() == 1) {
      if (!cur->is_object()) return ResultPathFailure(*path, raw_input);
      json::Object& o = cur->get_object();
      if (leaf) {
        o[s.names[0]] = std::move(result);
        return raw_input;
      }
      json::Value* next = o.if_contains(s.names[0]);
      if (next == nullptr) next = &(o[s.names[0]] = json::Object());
      cur = next;
    } else if (s.kind == SegmentKind::kIndex && s.indexes.size() == 1) {
      if (!cur->is_array()) return ResultPathFailure(*path, raw_input);
      json::Array& a = cur->get_array();
      int64_t len = static_cast<int64_t>(a.size());
      int64_t eff = s.indexes[0] < 0 ? len + s.indexes[0] : s.indexes[0];
      if (eff < 0 || eff >= len) return ResultPathFailure(*path, raw_input);
      if (leaf) {
        a[eff] = std::move(result);
        return raw_input;
      }
      cur = &a[eff];
    } else {
      return ResultPathFailure(*path, raw_input);
    }
  }
  return raw_input;
}

}  // namespace sfn::asl
