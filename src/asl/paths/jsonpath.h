// JSONPath for the Amazon States Language (JSONPath query language): compiled Paths and
// Reference Paths with Jayway semantics, evaluated on the state input, the context object ($$)
// or a workflow variable ($name), plus ResultPath application.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asl/failure.h"
#include "common/status.h"
#include "json/json.h"

namespace sfn::asl {

namespace paths {
struct Segment;  // Compiled path step (jsonpath_ast.h).
}  // namespace paths

// Resolves workflow variables for "$name" paths. Implemented by the engine.
class VariableResolver {
 public:
  virtual ~VariableResolver() = default;
  // The current value of variable `name`, or nullptr if it is unset.
  virtual const json::Value* Find(std::string_view name) const = 0;
};

// What "$", "$$" and "$name" refer to during one evaluation. Borrowed pointers.
struct PathScope {
  const json::Value* input = nullptr;           // "$"
  const json::Value* context = nullptr;         // "$$" (context object); may be null
  const VariableResolver* variables = nullptr;  // may be null
};

enum class PathRoot { kInput, kContext, kVariable };

// A compiled JSONPath. Immutable and thread-safe after Compile; cheap to copy (the steps are
// shared). Evaluation does no parsing and builds no strings.
class JsonPath {
 public:
  JsonPath();

  // Compiles an ASL Path: Jayway-style JSONPath with a "$", "$$" or "$name" root and the steps
  // .name, ['name'], ["name"], ['a','b'], [n], [-n], [a,b], [start:end:step], [*], .*, ..name,
  // ..*, ..[n] and filters [?(<expr>)] (==, !=, <, <=, >, >=, =~ /re/i, in, nin, subsetof,
  // anyof, noneof, contains, size, empty, &&, ||, !, existence). A backslash in a dot-name
  // escapes the next character. Returns kInvalidArgument describing the first syntax error.
  static Result<JsonPath> Compile(std::string_view text);
  // Compiles a Reference Path: like Compile, but only steps that select a single node (.name,
  // ['name'], [n]); anything else gives kInvalidArgument.
  static Result<JsonPath> CompileReference(std::string_view text);

  // The source text as given to Compile.
  const std::string& text() const { return text_; }
  PathRoot root() const { return root_; }
  // For PathRoot::kVariable: the variable name without '$'. Empty otherwise.
  const std::string& variable_name() const { return variable_; }
  // True when the path has no wildcard, filter, slice, index union or deep scan, so it selects
  // at most one node.
  bool IsDefinite() const { return definite_; }
  // True for the path "$" (or "$$", "$name") with no steps.
  bool IsRootOnly() const;

  // Definite path: the selected node, or std::nullopt when nothing matched (see
  // NotFoundMessage). Indefinite path: an array of all matches in document order (Jayway
  // semantics; possibly empty, never nullopt unless the root itself is unavailable).
  std::optional<json::Value> Evaluate(const PathScope& scope) const;
  // Definite paths only: a pointer to the selected node inside the scope's documents, without
  // copying; nullptr when nothing matched, when the path is indefinite, or when the result is
  // a new value (a ['a','b'] leaf builds an object): use Evaluate then.
  const json::Value* Find(const PathScope& scope) const;
  // Jayway's description of why evaluation found nothing, e.g. "No results for path:
  // $['NoSuchInputPath']" or "Missing property in path $['no']". Builds strings; call only on
  // the failure path.
  std::string NotFoundMessage(const PathScope& scope) const;

  // The source text as evaluated against its root document: "$$.Execution.Input" gives
  // "$.Execution.Input", "$var.a" gives "$.a" (AWS quotes paths this way, e.g. 'Reference path
  // "$.Execution.Input" must point to array.' for ItemsPath "$$.Execution.Input").
  std::string RootRelativeText() const;
  // The Jayway rendering of the compiled path ("$['a'][0][*]").
  std::string CanonicalText() const;
  // The compiled steps (see jsonpath_ast.h); for this module's helpers.
  const std::vector<paths::Segment>& steps() const;

 private:
  using Steps = std::vector<paths::Segment>;
  static Result<JsonPath> CompileImpl(std::string_view text, bool reference);
  const json::Value* RootValue(const PathScope& scope) const;

  std::string text_;
  PathRoot root_ = PathRoot::kInput;
  std::string variable_;
  bool definite_ = true;
  bool builds_value_ = false;  // a multi-name leaf: the result is a new object
  std::shared_ptr<const Steps> steps_;
};

// Applies a ResultPath (a Reference Path on the input root; never "$$" or a variable): returns
// `raw_input` with `result` placed at the path, creating intermediate objects as needed.
// `path == nullptr` means "ResultPath": null and returns `raw_input` unchanged; "$" returns
// `result`. Fails with States.ResultPathMatchFailure when the input cannot hold the result
// (e.g. a step goes through a string, or an index is out of range).
Outcome<json::Value> ApplyResultPath(const JsonPath* path, json::Value raw_input,
                                     json::Value result);

}  // namespace sfn::asl
