// JSONata evaluator core: paths, steps, tuple streams, predicates, operators, grouping, sorting.
#include "asl/jsonata/eval.h"

#include <cmath>
#include <unordered_map>

namespace sfn::jsonata::internal {

void Frame::Bind(std::string_view name, Value v) {
  for (auto& [k, val] : vars) {
    if (k == name) {
      val = std::move(v);
      return;
    }
  }
  vars.emplace_back(std::string(name), std::move(v));
}

const Value* Frame::Lookup(std::string_view name) const {
  for (const Frame* f = this; f; f = f->parent.get()) {
    for (const auto& [k, v] : f->vars) {
      if (k == name) return &v;
    }
  }
  return nullptr;
}

namespace {
thread_local FrameCollector* current_collector = nullptr;
}  // namespace

FrameCollector::FrameCollector() : prev_(current_collector) { current_collector = this; }

FrameCollector::~FrameCollector() {
  current_collector = prev_;
  for (auto& w : frames_) {
    if (FramePtr f = w.lock()) {
      std::vector<std::pair<std::string, Value>> vars;
      vars.swap(f->vars);  // destroyed after the frame no longer refers to them
      f->parent.reset();
    }
  }
}

FramePtr NewFrame(FramePtr parent) {
  auto f = std::make_shared<Frame>();
  f->parent = std::move(parent);
  if (current_collector) current_collector->Add(f);
  return f;
}

FramePtr FrameFromTuple(const FramePtr& env, const Value& tuple) {
  auto f = NewFrame(env);
  f->vars = tuple.obj().entries;
  return f;
}

Value MakeFunctionValue(std::shared_ptr<Function> f) { return Value::MakeFunction(std::move(f)); }

bool Truthy(const Value& v) {
  switch (v.type()) {
    case Type::kUndefined:
    case Type::kNull:
      return false;
    case Type::kBool:
      return v.boolean();
    case Type::kNumber:
      return v.number() != 0;
    case Type::kString:
      return !v.str().empty();
    case Type::kArray: {
      const auto& items = v.arr().items;
      if (items.size() == 1) return Truthy(items[0]);
      for (const auto& e : items) {
        if (Truthy(e)) return true;
      }
      return false;
    }
    case Type::kObject:
      return v.obj().size() > 0;
    case Type::kFunction:
      return false;
  }
  return false;
}

Value AppendValues(const Value& a, const Value& b) {
  if (a.undefined()) return b;
  if (b.undefined()) return a;
  std::vector<Value> out;
  if (a.is_array()) {
    out = a.arr().items;
  } else {
    out.push_back(a);
  }
  if (b.is_array()) {
    out.insert(out.end(), b.arr().items.begin(), b.arr().items.end());
  } else {
    out.push_back(b);
  }
  return NewArray(std::move(out));
}

int64_t Evaluator::now_ms() {
  if (now_ms_ < 0) {
    now_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
  }
  return now_ms_;
}

Evaluator::Evaluator(bool sfn, Limits limits) : sfn_(sfn), limits_(limits) {
  if (limits_.time_limit_ms > 0) start_ = std::chrono::steady_clock::now();
  if (limits_.max_depth <= 0) limits_.max_depth = 10000;
  if (limits_.max_stack_bytes == 0) limits_.max_stack_bytes = 4u << 20;
  char probe = 0;
  stack_base_ = reinterpret_cast<uintptr_t>(&probe);
}

void Evaluator::CheckLimits() {
  if (limits_.time_limit_ms > 0 && (++ticks_ & 255) == 0) {
    auto el = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_);
    if (el.count() > limits_.time_limit_ms) Throw("U1001");
  }
}

namespace {
struct DepthGuard {
  int& d;
  explicit DepthGuard(int& depth) : d(depth) { ++d; }
  ~DepthGuard() { --d; }
};

bool IsArrayOfNumbers(const Value& v) {
  if (!v.is_array()) return false;
  for (const auto& e : v.arr().items) {
    if (!e.is_number()) return false;
  }
  return true;
}

Value LookupField(const Value& input, const std::string& key) {
  if (input.is_array()) {
    std::vector<Value> out;
    for (const auto& item : input.arr().items) {
      Value r = LookupField(item, key);
      if (r.defined()) {
        if (r.is_array()) {
          out.insert(out.end(), r.arr().items.begin(), r.arr().items.end());
        } else {
          out.push_back(std::move(r));
        }
      }
    }
    return NewSequence(std::move(out));
  }
  if (input.is_object()) {
    const Value* v = input.obj().Get(key);
    if (v) return *v;
  }
  return Value();
}

void Flatten(const Value& v, std::vector<Value>& out) {
  if (v.is_array()) {
    for (const auto& e : v.arr().items) Flatten(e, out);
  } else {
    out.push_back(v);
  }
}

Value Wildcard(const Value& in) {
  Value input = in;
  if (input.is_array() && input.arr().outer_wrapper && !input.arr().items.empty()) {
    input = input.arr().items[0];
  }
  std::vector<Value> out;
  if (input.is_array()) {
    for (const auto& v : input.arr().items) {
      if (v.is_array()) {
        Flatten(v, out);
      } else {
        out.push_back(v);
      }
    }
  } else if (input.is_object()) {
    for (const auto& [k, v] : input.obj().entries) {
      if (v.is_array()) {
        Flatten(v, out);
      } else {
        out.push_back(v);
      }
    }
  }
  return NewSequence(std::move(out));
}

void Descend(const Value& v, std::vector<Value>& out) {
  if (v.is_array()) {
    for (const auto& e : v.arr().items) Descend(e, out);
    return;
  }
  out.push_back(v);
  if (v.is_object()) {
    for (const auto& [k, e] : v.obj().entries) Descend(e, out);
  }
}

void CheckNumeric(const Value& v, const char* code, const std::string& op) {
  if (v.defined() && !v.is_number()) Throw(code, v, op);
  if (v.is_number() && !std::isfinite(v.number())) Throw("D1001", v);
}

}  // namespace

Value Evaluator::Eval(const Node* n, const Value& input, const FramePtr& env) {
  DepthGuard guard(depth_);
  if (depth_ > limits_.max_depth) Throw("U1001");
  if ((depth_ & 15) == 0) {
    char probe = 0;
    uintptr_t here = reinterpret_cast<uintptr_t>(&probe);
    uintptr_t used = here > stack_base_ ? here - stack_base_ : stack_base_ - here;
    if (used > limits_.max_stack_bytes) Throw("U1001");
  }
  CheckLimits();
  Value r;
  switch (n->type) {
    case NodeType::kPath:
      r = EvalPath(n, input, env);
      break;
    case NodeType::kBinary:
      r = EvalBinary(n, input, env);
      break;
    case NodeType::kUnary:
      r = EvalUnary(n, input, env);
      break;
    case NodeType::kName:
      r = LookupField(input, n->value);
      break;
    case NodeType::kString:
    case NodeType::kNumber:
    case NodeType::kValue:
      r = n->literal;
      break;
    case NodeType::kWildcard:
      r = Wildcard(input);
      break;
    case NodeType::kDescendant: {
      if (input.defined()) {
        std::vector<Value> out;
        Descend(input, out);
        r = out.size() == 1 ? out[0] : NewSequence(std::move(out));
      }
      break;
    }
    case NodeType::kParent: {
      const Value* v = env->Lookup(n->slot->label);
      if (v) r = *v;
      break;
    }
    case NodeType::kCondition: {
      Value c = Eval(n->cond.get(), input, env);
      if (Truthy(c)) {
        r = Eval(n->then.get(), input, env);
      } else if (n->otherwise) {
        r = Eval(n->otherwise.get(), input, env);
      }
      break;
    }
    case NodeType::kBlock: {
      auto frame = NewFrame(env);
      for (const auto& e : n->items) r = Eval(e.get(), input, frame);
      break;
    }
    case NodeType::kBind: {
      r = Eval(n->rhs.get(), input, env);
      env->Bind(n->lhs->value, r);
      break;
    }
    case NodeType::kRegex: {
      auto f = std::make_shared<Function>();
      f->kind = Function::kRegex;
      f->regex = n->regex;
      r = MakeFunctionValue(std::move(f));
      break;
    }
    case NodeType::kFunction:
      r = EvalFunctionCall(n, input, env, nullptr);
      break;
    case NodeType::kVariable:
      r = EvalVariable(n, input, env);
      break;
    case NodeType::kLambda: {
      auto f = std::make_shared<Function>();
      f->kind = n->thunk ? Function::kThunk : Function::kLambda;
      f->node = n;
      f->params = n->params;
      f->signature = n->signature;
      f->input = input;
      f->env = env;
      r = MakeFunctionValue(std::move(f));
      break;
    }
    case NodeType::kPartial:
      r = EvalPartial(n, input, env);
      break;
    case NodeType::kApply:
      r = EvalApply(n, input, env);
      break;
    case NodeType::kTransform: {
      auto f = std::make_shared<Function>();
      f->kind = Function::kTransform;
      f->node = n;
      f->env = env;
      r = MakeFunctionValue(std::move(f));
      break;
    }
    case NodeType::kSort:
    case NodeType::kPlaceholder:
    case NodeType::kOperator:
      break;
  }
  for (const auto& p : n->predicate) r = EvalFilter(p.expr.get(), r, env);
  if (n->type != NodeType::kPath && n->group) r = EvalGroup(n->group.get(), r, env);
  if (r.is_array() && r.arr().sequence && !r.arr().tuple_stream) {
    Array& a = r.arr();
    if (n->keep_array) a.keep_singleton = true;
    if (a.items.empty()) {
      r = Value();
    } else if (a.items.size() == 1 && !a.keep_singleton) {
      Value only = a.items[0];
      r = std::move(only);
    }
  }
  return r;
}

Value Evaluator::EvalVariable(const Node* n, const Value& input, const FramePtr& env) {
  if (n->value.empty()) {
    if (input.is_array() && input.arr().outer_wrapper && !input.arr().items.empty()) {
      return input.arr().items[0];
    }
    return input;
  }
  if (const Value* v = env->Lookup(n->value)) return *v;
  if (const Builtin* b = FindBuiltin(n->value, sfn_)) return MakeFunctionValue(b->value);
  return Value();
}

Value Evaluator::EvalPath(const Node* n, const Value& input, const FramePtr& env) {
  // The input sequence; a lone (non-array) input is viewed in place and materialised as a
  // sequence only when a step needs it as a value.
  Value input_seq;
  std::span<const Value> items;
  if (input.is_array() && n->items[0]->type != NodeType::kVariable) {
    input_seq = input;
    items = std::span<const Value>(input.arr().items);
  } else {
    items = std::span<const Value>(&input, 1);
  }
  auto seq_value = [&]() -> const Value& {
    if (input_seq.undefined())
      input_seq = NewSequence(std::vector<Value>(items.begin(), items.end()));
    return input_seq;
  };
  Value result;
  bool tuple_stream = false;
  Value tuples;
  size_t count = n->items.size();
  for (size_t i = 0; i < count; ++i) {
    const Node* step = n->items[i].get();
    if (step->tuple) tuple_stream = true;
    if (i == 0 && step->cons_array) {
      result = Eval(step, seq_value(), env);
    } else if (tuple_stream) {
      tuples = EvalTupleStep(step, seq_value(), tuples, env);
    } else if (step->type == NodeType::kSort) {
      result = EvalStep(step, seq_value(), env, i == count - 1);
    } else {
      result = EvalStepItems(step, items, env, i == count - 1);
    }
    if (!tuple_stream &&
        (result.undefined() || (result.is_array() && result.arr().items.empty()))) {
      break;
    }
    if (!step->has_focus) {
      input_seq = result;
      if (result.is_array()) {
        items = std::span<const Value>(input_seq.arr().items);
      } else if (result.undefined()) {
        items = {};
      } else {
        items = std::span<const Value>(&input_seq, 1);
      }
    }
  }
  if (tuple_stream) {
    if (n->tuple) {
      result = tuples;
    } else {
      std::vector<Value> out;
      if (tuples.is_array()) {
        for (const auto& t : tuples.arr().items) {
          const Value* at = t.obj().Get("@");
          out.push_back(at ? *at : Value());
        }
      }
      result = NewSequence(std::move(out));
    }
  }
  if (n->keep_singleton_array) {
    if (result.is_array() && result.arr().cons && !result.arr().sequence) {
      result = NewSequence({result});
    }
    if (result.is_array()) {
      result.arr().keep_singleton = true;
    }
  }
  if (n->group) result = EvalGroup(n->group.get(), tuple_stream ? tuples : result, env);
  return result;
}

Value Evaluator::EvalStep(const Node* step, const Value& input_seq, const FramePtr& env,
                          bool last) {
  if (step->type == NodeType::kSort) {
    Value r = EvalSort(step, input_seq, env);
    if (!step->stages.empty()) r = EvalStages(step->stages, r, env);
    return r;
  }
  return EvalStepItems(step, std::span<const Value>(input_seq.arr().items), env, last);
}

Value Evaluator::EvalStepItems(const Node* step, std::span<const Value> items, const FramePtr& env,
                               bool last) {
  std::vector<Value> out;
  out.reserve(items.size());
  Value first;
  size_t defined = 0;
  for (const auto& item : items) {
    Value res = Eval(step, item, env);
    for (const auto& st : step->stages) res = EvalFilter(st.expr.get(), res, env);
    if (res.undefined()) continue;
    if (++defined == 1 && last) first = res;
    if (!res.is_array() || res.arr().cons) {
      out.push_back(std::move(res));
    } else {
      const auto& sub = res.arr().items;
      out.insert(out.end(), sub.begin(), sub.end());
    }
  }
  if (last && defined == 1 && first.is_array() && !first.arr().sequence) return first;
  return NewSequence(std::move(out));
}

Value Evaluator::EvalStages(const std::vector<Stage>& stages, Value input, const FramePtr& env) {
  Value result = std::move(input);
  for (const auto& st : stages) {
    if (st.is_index) {
      if (result.is_array()) {
        auto& items = result.arr().items;
        for (size_t i = 0; i < items.size(); ++i) {
          items[i].obj().Set(st.var, Value::Number(static_cast<double>(i)));
        }
      }
    } else {
      result = EvalFilter(st.expr.get(), result, env);
    }
  }
  return result;
}

static Value NewTuple(const Value* base) {
  auto o = std::make_shared<Object>();
  if (base) o->entries = base->obj().entries;
  return Value::MakeObject(std::move(o));
}

Value Evaluator::EvalTupleStep(const Node* step, const Value& input_seq, Value tuples,
                               const FramePtr& env) {
  if (step->type == NodeType::kSort) {
    Value result;
    if (tuples.defined()) {
      result = EvalSort(step, tuples, env);
    } else {
      Value sorted = EvalSort(step, input_seq, env);
      auto a = std::make_shared<Array>();
      a->sequence = true;
      a->tuple_stream = true;
      if (sorted.is_array()) {
        const auto& items = sorted.arr().items;
        for (size_t i = 0; i < items.size(); ++i) {
          Value t = NewTuple(nullptr);
          t.obj().Set("@", items[i]);
          if (step->has_index) t.obj().Set(step->index, Value::Number(static_cast<double>(i)));
          a->items.push_back(std::move(t));
        }
      }
      result = Value::MakeArray(std::move(a));
    }
    if (!step->stages.empty()) result = EvalStages(step->stages, result, env);
    return result;
  }
  auto out = std::make_shared<Array>();
  out->sequence = true;
  out->tuple_stream = true;
  if (tuples.undefined()) {
    auto a = std::make_shared<Array>();
    if (input_seq.is_array()) {
      for (const auto& item : input_seq.arr().items) {
        Value t = NewTuple(nullptr);
        t.obj().Set("@", item);
        a->items.push_back(std::move(t));
      }
    }
    tuples = Value::MakeArray(std::move(a));
  }
  for (const auto& tuple : tuples.arr().items) {
    FramePtr step_env = FrameFromTuple(env, tuple);
    const Value* at = tuple.obj().Get("@");
    Value ctx = at ? *at : Value();
    Value res = Eval(step, ctx, step_env);
    if (res.undefined()) continue;
    std::vector<Value> single;
    const std::vector<Value>* list;
    bool res_tuples = res.is_array() && res.arr().tuple_stream;
    if (res.is_array()) {
      list = &res.arr().items;
    } else {
      single.push_back(res);
      list = &single;
    }
    for (size_t bb = 0; bb < list->size(); ++bb) {
      Value t = NewTuple(&tuple);
      if (res_tuples) {
        for (const auto& [k, v] : (*list)[bb].obj().entries) t.obj().Set(k, v);
      } else {
        if (step->has_focus) {
          t.obj().Set(step->focus, (*list)[bb]);
          t.obj().Set("@", ctx);
        } else {
          t.obj().Set("@", (*list)[bb]);
        }
        if (step->has_index) t.obj().Set(step->index, Value::Number(static_cast<double>(bb)));
        if (step->ancestor) t.obj().Set(step->ancestor->label, ctx);
      }
      out->items.push_back(std::move(t));
    }
  }
  Value result = Value::MakeArray(std::move(out));
  if (!step->stages.empty()) result = EvalStages(step->stages, result, env);
  return result;
}

Value Evaluator::EvalFilter(const Node* pred, const Value& input, const FramePtr& env) {
  auto out = std::make_shared<Array>();
  out->sequence = true;
  bool tuples = input.is_array() && input.arr().tuple_stream;
  out->tuple_stream = tuples;
  std::span<const Value> items_span = input.is_array() ? std::span<const Value>(input.arr().items)
                                                       : std::span<const Value>(&input, 1);
  const std::span<const Value>* items = &items_span;
  int64_t len = static_cast<int64_t>(items->size());
  if (pred->type == NodeType::kNumber) {
    int64_t idx = static_cast<int64_t>(std::floor(pred->num));
    if (idx < 0) idx += len;
    if (idx >= 0 && idx < len) {
      const Value& item = (*items)[idx];
      if (item.is_array()) return item;
      if (item.defined()) out->items.push_back(item);
    }
    return Value::MakeArray(std::move(out));
  }
  for (int64_t i = 0; i < len; ++i) {
    const Value& item = (*items)[i];
    Value res;
    if (tuples) {
      const Value* at = item.obj().Get("@");
      res = Eval(pred, at ? *at : Value(), FrameFromTuple(env, item));
    } else {
      res = Eval(pred, item, env);
    }
    if (res.is_number()) res = NewArray({res});
    if (IsArrayOfNumbers(res)) {
      for (const auto& r : res.arr().items) {
        int64_t ii = static_cast<int64_t>(std::floor(r.number()));
        if (ii < 0) ii += len;
        if (ii == i) out->items.push_back(item);
      }
    } else if (Truthy(res)) {
      out->items.push_back(item);
    }
  }
  return Value::MakeArray(std::move(out));
}

Value Evaluator::EvalBinary(const Node* n, const Value& input, const FramePtr& env) {
  const std::string& op = n->value;
  Value lhs = Eval(n->lhs.get(), input, env);
  if (op == "and") {
    if (!Truthy(lhs)) return Value::Bool(false);
    return Value::Bool(Truthy(Eval(n->rhs.get(), input, env)));
  }
  if (op == "or") {
    if (Truthy(lhs)) return Value::Bool(true);
    return Value::Bool(Truthy(Eval(n->rhs.get(), input, env)));
  }
  if (op == "?:") {
    if (Truthy(lhs)) return lhs;
    return Eval(n->rhs.get(), input, env);
  }
  if (op == "??") {
    if (lhs.defined()) return lhs;
    return Eval(n->rhs.get(), input, env);
  }
  Value rhs = Eval(n->rhs.get(), input, env);
  char c = op[0];
  if (op.size() == 1 && (c == '+' || c == '-' || c == '*' || c == '/' || c == '%')) {
    CheckNumeric(lhs, "T2001", op);
    CheckNumeric(rhs, "T2002", op);
    if (lhs.undefined() || rhs.undefined()) return Value();
    double a = lhs.number(), b = rhs.number(), r = 0;
    switch (c) {
      case '+':
        r = a + b;
        break;
      case '-':
        r = a - b;
        break;
      case '*':
        r = a * b;
        break;
      case '/':
        r = a / b;
        break;
      default:
        r = std::fmod(a, b);
    }
    return Value::Number(r);
  }
  if (op == "=" || op == "!=") {
    if (lhs.undefined() || rhs.undefined()) return Value::Bool(false);
    bool eq = DeepEqual(lhs, rhs);
    return Value::Bool(op == "=" ? eq : !eq);
  }
  if (op == "<" || op == "<=" || op == ">" || op == ">=") {
    bool lc = lhs.undefined() || lhs.is_string() || lhs.is_number();
    bool rc = rhs.undefined() || rhs.is_string() || rhs.is_number();
    if (!lc || !rc) Throw("T2010", !(lhs.is_string() || lhs.is_number()) ? lhs : rhs, op);
    if (lhs.undefined() || rhs.undefined()) return Value();
    if (lhs.type() != rhs.type()) {
      JError e;
      e.code = "T2009";
      e.value = lhs;
      e.value2 = rhs;
      e.token = op;
      throw e;
    }
    int cmp;
    if (lhs.is_number()) {
      cmp = lhs.number() < rhs.number() ? -1 : (lhs.number() > rhs.number() ? 1 : 0);
    } else {
      cmp = lhs.str().compare(rhs.str());
      cmp = cmp < 0 ? -1 : (cmp > 0 ? 1 : 0);
    }
    if (op == "<") return Value::Bool(cmp < 0);
    if (op == "<=") return Value::Bool(cmp <= 0);
    if (op == ">") return Value::Bool(cmp > 0);
    return Value::Bool(cmp >= 0);
  }
  if (op == "&") {
    std::string s;
    extern void AppendStringValue(const Value& v, std::string& out);
    if (lhs.defined()) AppendStringValue(lhs, s);
    if (rhs.defined()) AppendStringValue(rhs, s);
    return Value::String(std::move(s));
  }
  if (op == "..") {
    auto is_int = [](const Value& v) {
      return v.is_number() && v.number() == std::floor(v.number());
    };
    if (lhs.defined() && !is_int(lhs)) Throw("T2003", lhs);
    if (rhs.defined() && !is_int(rhs)) Throw("T2004", rhs);
    if (lhs.undefined() || rhs.undefined()) return Value();
    double a = lhs.number(), b = rhs.number();
    if (a > b) return Value();
    if (b - a + 1 > 1e7) Throw("D2014", Value::Number(b - a + 1));
    std::vector<Value> out;
    out.reserve(static_cast<size_t>(b - a + 1));
    for (double x = a; x <= b; x += 1) out.push_back(Value::Number(x));
    return NewSequence(std::move(out));
  }
  if (op == "in") {
    if (lhs.undefined() || rhs.undefined()) return Value::Bool(false);
    if (rhs.is_array()) {
      for (const auto& e : rhs.arr().items) {
        if (e.type() == lhs.type() && !e.is_array() && !e.is_object() && DeepEqual(e, lhs)) {
          return Value::Bool(true);
        }
      }
      return Value::Bool(false);
    }
    return Value::Bool(rhs.type() == lhs.type() && !rhs.is_array() && !rhs.is_object() &&
                       DeepEqual(rhs, lhs));
  }
  Throw("S0204", Value(), op);
}

Value Evaluator::EvalUnary(const Node* n, const Value& input, const FramePtr& env) {
  if (n->value == "-") {
    Value v = Eval(n->lhs.get(), input, env);
    if (v.undefined()) return v;
    if (!v.is_number()) Throw("D1002", v, "-");
    return Value::Number(-v.number());
  }
  if (n->value == "[") {
    auto a = std::make_shared<Array>();
    for (const auto& item : n->items) {
      Value v = Eval(item.get(), input, env);
      if (v.undefined()) continue;
      if (item->type == NodeType::kUnary && item->value == "[") {
        a->items.push_back(std::move(v));
      } else if (v.is_array()) {
        const auto& sub = v.arr().items;
        a->items.insert(a->items.end(), sub.begin(), sub.end());
      } else {
        a->items.push_back(std::move(v));
      }
    }
    a->cons = n->cons_array;
    return Value::MakeArray(std::move(a));
  }
  return EvalGroup(n, input, env);
}

}  // namespace sfn::jsonata::internal
