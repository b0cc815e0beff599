// JSONata abstract syntax tree (after the parser's post-processing pass) and the internal
// error type thrown inside the engine (never across the public API).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "asl/jsonata/value.h"

namespace sfn::jsonata::internal {

// Error raised during compilation or evaluation; caught at the API boundary.
struct JError {
  std::string code;
  std::string message;
  int position = -1;
  std::string token;
  Value value;
  Value value2;
  int index = 0;
  bool custom = false;  // `message` is final (e.g. $error); else rendered from the template
};
[[noreturn]] void Throw(const std::string& code, const Value& value = Value(),
                        const std::string& token = "");
// The message for an error: `message` when custom, else the code's template filled in.
std::string ErrorMessage(const JError& e);

enum class NodeType : uint8_t {
  kPath,
  kBinary,
  kUnary,  // value: "-", "[" (array constructor), "{" (object constructor)
  kName,
  kString,
  kNumber,
  kValue,  // true / false / null
  kWildcard,
  kDescendant,
  kParent,
  kCondition,
  kBlock,
  kBind,
  kRegex,
  kFunction,
  kPartial,
  kVariable,
  kLambda,
  kApply,
  kTransform,
  kSort,
  kPlaceholder,  // '?' argument of a partial application
  kOperator,     // raw parser only
};

struct Node;
using NodePtr = std::unique_ptr<Node>;

// An ancestor slot for the parent operator '%'.
struct Slot {
  std::string label;
  int level = 1;
  int index = 0;
};

struct Stage {
  bool is_index = false;  // else filter
  NodePtr expr;           // filter expression
  std::string var;        // index variable name
};

struct SortTerm {
  NodePtr expr;
  bool descending = false;
};

struct Signature;
struct Regex;

struct Node {
  NodeType type;
  int position = 0;
  std::string value;  // operator, name, string literal, variable name
  double num = 0;
  Value literal;  // kValue/kString/kNumber literal

  NodePtr lhs, rhs;            // binary, bind, apply
  std::vector<NodePtr> items;  // path steps, block expressions, array items, call arguments
  std::vector<std::pair<NodePtr, NodePtr>> pairs;  // object constructor / group
  NodePtr procedure;                               // function call / partial
  NodePtr body;                                    // lambda body (thunk: the function call node)
  NodePtr cond, then, otherwise;                   // condition
  NodePtr pattern, update, del;                    // transform
  std::vector<std::string> params;                 // lambda parameter names
  std::shared_ptr<Signature> signature;
  std::shared_ptr<Regex> regex;
  std::vector<SortTerm> terms;

  // Path / step annotations.
  std::vector<Stage> stages;     // step stages (within a path)
  std::vector<Stage> predicate;  // predicates on a non-path expression
  std::unique_ptr<Node> group;   // group-by object expression (type kUnary "{")
  bool keep_array = false;
  bool keep_singleton_array = false;
  bool cons_array = false;
  bool tuple = false;
  bool thunk = false;
  bool has_focus = false;
  bool has_index = false;
  std::string focus;
  std::string index;
  Slot* ancestor = nullptr;
  Slot* slot = nullptr;  // kParent
  std::vector<Slot*> seeking_parent;
  bool has_seeking_parent = false;
};

}  // namespace sfn::jsonata::internal
