// JSONata evaluator internals: environments, function values and the Evaluator.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "asl/jsonata/ast.h"
#include "asl/jsonata/signature.h"

namespace sfn::jsonata::internal {

struct Frame;
using FramePtr = std::shared_ptr<Frame>;

// A scope of variable bindings.
struct Frame {
  FramePtr parent;
  std::vector<std::pair<std::string, Value>> vars;
  void Bind(std::string_view name, Value v);
  const Value* Lookup(std::string_view name) const;
};

// Creates a frame registered with the evaluation running on this thread (see FrameCollector).
FramePtr NewFrame(FramePtr parent = nullptr);

// Collects the frames created on this thread while it lives; on destruction clears the bindings of
// those still alive. A closure keeps its defining frame alive and may itself be bound in that
// frame, a reference cycle; since no function outlives an evaluation (results are converted to
// JSON), breaking the bindings at the end of Expression::Evaluate frees every frame. Nestable.
class FrameCollector {
 public:
  FrameCollector();
  ~FrameCollector();
  FrameCollector(const FrameCollector&) = delete;
  FrameCollector& operator=(const FrameCollector&) = delete;
  void Add(const FramePtr& f) { frames_.push_back(f); }

 private:
  std::vector<std::weak_ptr<Frame>> frames_;
  FrameCollector* prev_;
};

class Evaluator;
using NativeFn = Value (*)(Evaluator& ev, std::vector<Value>& args, const Value& input);

struct Builtin {
  const char* name;
  const char* sig;
  NativeFn fn;
  int arity;
  std::shared_ptr<Signature> signature = nullptr;
  std::shared_ptr<Function> value = nullptr;  // the function value (set by the registry)
};

// Looks up a library function (nullptr if unknown). `sfn` selects the Step Functions flavour.
const Builtin* FindBuiltin(std::string_view name, bool sfn);

struct Function {
  enum Kind { kLambda, kNative, kPartialNative, kRegex, kTransform, kChain, kThunk, kRegexNext };
  Kind kind = kLambda;
  const Node* node = nullptr;  // lambda / transform / thunk (function-call node)
  std::vector<std::string> params;
  std::shared_ptr<Signature> signature;
  Value input;
  FramePtr env;
  const Builtin* builtin = nullptr;
  std::vector<Value> bound;  // partial: undefined-with-hole markers in `holes`
  std::vector<bool> holes;
  Value f, g;  // partial target / chain
  std::shared_ptr<Regex> regex;
  std::string subject;
  size_t offset = 0;
};

Value MakeFunctionValue(std::shared_ptr<Function> f);
int FunctionArity(const Value& f);

struct Limits {
  int max_depth = 0;           // 0 = default (10000)
  size_t max_stack_bytes = 0;  // 0 = default (4 MiB of native stack)
  double time_limit_ms = 0;    // 0 = none
};

class Evaluator {
 public:
  Evaluator(bool sfn, Limits limits);

  Value Eval(const Node* n, const Value& input, const FramePtr& env);
  // Applies a function value to arguments (validating its signature).
  Value Apply(const Value& fn, std::vector<Value> args, const Value& input, const FramePtr& env);

  bool sfn() const { return sfn_; }
  int64_t now_ms();
  std::mt19937_64& rng() {
    if (!rng_) rng_ = std::make_unique<std::mt19937_64>(std::random_device{}());
    return *rng_;
  }
  FramePtr root_env;
  std::vector<std::shared_ptr<void>> keep_alive;  // programs compiled by $eval

 private:
  Value EvalPath(const Node* n, const Value& input, const FramePtr& env);
  Value EvalStep(const Node* step, const Value& input_seq, const FramePtr& env, bool last);
  Value EvalStepItems(const Node* step, std::span<const Value> items, const FramePtr& env,
                      bool last);
  Value EvalTupleStep(const Node* step, const Value& input_seq, Value tuples, const FramePtr& env);
  Value EvalStages(const std::vector<Stage>& stages, Value input, const FramePtr& env);
  Value EvalFilter(const Node* pred, const Value& input, const FramePtr& env);
  Value EvalBinary(const Node* n, const Value& input, const FramePtr& env);
  Value EvalUnary(const Node* n, const Value& input, const FramePtr& env);
  Value EvalGroup(const Node* n, const Value& input, const FramePtr& env);
  Value EvalSort(const Node* n, const Value& input, const FramePtr& env);
  Value EvalFunctionCall(const Node* n, const Value& input, const FramePtr& env,
                         const Value* apply_to);
  Value EvalPartial(const Node* n, const Value& input, const FramePtr& env);
  Value EvalApply(const Node* n, const Value& input, const FramePtr& env);
  Value EvalVariable(const Node* n, const Value& input, const FramePtr& env);
  Value ApplyInner(const Value& fn, std::vector<Value> args, const Value& input,
                   const FramePtr& env);
  Value RunTransform(const Function& f, const Value& obj);
  void CheckLimits();

  bool sfn_;
  Limits limits_;
  int depth_ = 0;
  uintptr_t stack_base_ = 0;
  uint32_t ticks_ = 0;
  std::chrono::steady_clock::time_point start_;
  int64_t now_ms_ = -1;
  std::unique_ptr<std::mt19937_64> rng_;
};

FramePtr FrameFromTuple(const FramePtr& env, const Value& tuple);

// JSONata truthiness ($boolean); undefined -> false.
bool Truthy(const Value& v);
// Appends arrays/values as $append does.
Value AppendValues(const Value& a, const Value& b);
// Sorts with a "swap" predicate (merge sort, stable).
template <typename Swap>
std::vector<Value> MergeSort(std::vector<Value> v, Swap&& swap);

template <typename Swap>
std::vector<Value> MergeSort(std::vector<Value> v, Swap&& swap) {
  if (v.size() <= 1) return v;
  size_t mid = v.size() / 2;
  std::vector<Value> l(v.begin(), v.begin() + mid), r(v.begin() + mid, v.end());
  l = MergeSort(std::move(l), swap);
  r = MergeSort(std::move(r), swap);
  std::vector<Value> out;
  out.reserve(v.size());
  size_t i = 0, j = 0;
  while (i < l.size() && j < r.size()) {
    if (swap(l[i], r[j])) {
      out.push_back(r[j++]);
    } else {
      out.push_back(l[i++]);
    }
  }
  while (i < l.size()) out.push_back(l[i++]);
  while (j < r.size()) out.push_back(r[j++]);
  return out;
}

}  // namespace sfn::jsonata::internal
