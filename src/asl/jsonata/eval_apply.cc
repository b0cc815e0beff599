// JSONata evaluator: function calls, partial application, lambdas with tail calls, chaining,
// transforms, regex matchers; error messages.
#include <cmath>
#include <unordered_map>

#include "asl/jsonata/eval.h"

namespace sfn::jsonata::internal {

void AppendStringValue(const Value& v, std::string& out);
size_t Utf16Length(std::string_view s);

namespace {
const std::unordered_map<std::string, const char*>& Messages() {
  static const auto* m = new std::unordered_map<std::string, const char*>{
      {"S0101", "String literal must be terminated by a matching quote"},
      {"S0102", "Number out of range: {{token}}"},
      {"S0103", "Unsupported escape sequence: \\{{token}}"},
      {"S0104", "The escape sequence \\u must be followed by 4 hex digits"},
      {"S0105", "Quoted property name must be terminated with a backquote (`)"},
      {"S0106", "Comment has no closing tag"},
      {"S0201", "Syntax error: {{token}}"},
      {"S0202", "Expected {{value}}, got {{token}}"},
      {"S0203", "Expected {{value}} before end of expression"},
      {"S0204", "Unknown operator: {{token}}"},
      {"S0205", "Unexpected token: {{token}}"},
      {"S0207", "Unexpected end of expression"},
      {"S0208",
       "Parameter {{value}} of function definition must be a variable name (start with $)"},
      {"S0209", "A predicate cannot follow a grouping expression in a step"},
      {"S0210", "Each step can only have one grouping expression"},
      {"S0211", "The symbol {{token}} cannot be used as a unary operator"},
      {"S0212", "The left side of := must be a variable name (start with $)"},
      {"S0213", "The literal value {{value}} cannot be used as a step within a path expression"},
      {"S0214", "The right side of {{token}} must be a variable name (start with $)"},
      {"S0215", "A context variable binding must precede any predicates on a step"},
      {"S0216", "A context variable binding must precede the 'order-by' clause on a step"},
      {"S0217", "The object representing the 'parent' cannot be derived from this expression"},
      {"S0301", "Empty regular expressions are not allowed"},
      {"S0302", "No terminating / in regular expression"},
      {"S0401", "Type parameters can only be applied to functions and arrays"},
      {"S0402", "Choice groups containing parameterized types are not supported"},
      {"T0410", "Argument {{index}} of function {{token}} does not match function signature"},
      {"T0411",
       "Context value is not a compatible type with argument {{index}} of function {{token}}"},
      {"T0412", "Argument {{index}} of function {{token}} must be an array of {{type}}"},
      {"D1001", "Number out of range: {{value}}"},
      {"D1002", "Cannot negate a non-numeric value: {{value}}"},
      {"T1003", "Key in object structure must evaluate to a string; got: {{value}}"},
      {"D1004", "Regular expression matches zero length string"},
      {"T1005", "Attempted to invoke a non-function. Did you mean ${{{token}}}?"},
      {"T1006", "Attempted to invoke a non-function"},
      {"T1007", "Attempted to partially apply a non-function. Did you mean ${{{token}}}?"},
      {"T1008", "Attempted to partially apply a non-function"},
      {"D1009", "Multiple key definitions evaluate to same key: {{value}}"},
      {"T1010",
       "The matcher function argument passed to function {{token}} does not return the correct "
       "object structure"},
      {"T2001", "The left side of the {{token}} operator must evaluate to a number"},
      {"T2002", "The right side of the {{token}} operator must evaluate to a number"},
      {"T2003", "The left side of the range operator (..) must evaluate to an integer"},
      {"T2004", "The right side of the range operator (..) must evaluate to an integer"},
      {"T2006", "The right side of the function application operator ~> must be a function"},
      {"T2007", "Type mismatch when comparing values {{value}} and {{value2}} in order-by clause"},
      {"T2008",
       "The expressions within an order-by clause must evaluate to numeric or string values"},
      {"T2009",
       "The values {{value}} and {{value2}} either side of operator {{token}} must be of the same "
       "data type"},
      {"T2010",
       "The expressions either side of operator {{token}} must evaluate to numeric or string "
       "values"},
      {"T2011",
       "The insert/update clause of the transform expression must evaluate to an object: "
       "{{value}}"},
      {"T2012",
       "The delete clause of the transform expression must evaluate to a string or array of "
       "strings: {{value}}"},
      {"D2014",
       "The size of the sequence allocated by the range operator (..) must not exceed 1e7.  "
       "Attempted to allocate {{value}}."},
      {"D3001", "Attempting to invoke string function on Infinity or NaN"},
      {"D3010", "Second argument of replace function cannot be an empty string"},
      {"D3011", "Fourth argument of replace function must evaluate to a positive number"},
      {"D3012", "Attempted to replace a matched string with a non-string value"},
      {"D3020", "Third argument of split function must evaluate to a positive number"},
      {"D3030", "Unable to cast value to a number: {{value}}"},
      {"D3040", "Third argument of match function must evaluate to a positive number"},
      {"D3050",
       "The second argument of reduce function must be a function with at least two arguments"},
      {"D3060", "The sqrt function cannot be applied to a negative number: {{value}}"},
      {"D3061",
       "The power function has resulted in a value that cannot be represented as a JSON number"},
      {"D3070",
       "The single argument form of the sort function can only be applied to an array of "
       "strings or an array of numbers.  Use the second argument to specify a comparison "
       "function"},
      {"D3100",
       "The radix of the formatBase function must be between 2 and 36.  It was given "
       "{{value}}"},
      {"D3110",
       "The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given "
       "{{value}}"},
      {"D3138",
       "The $single() function expected exactly 1 matching result.  Instead it matched more."},
      {"D3139",
       "The $single() function expected exactly 1 matching result.  Instead it matched 0."},
      {"D3140", "Malformed URL passed to ${{{token}}}(): {{value}}"},
      {"U1001",
       "Stack overflow error: Check for non-terminating recursive function.  Consider "
       "rewriting as tail-recursive."},
  };
  return *m;
}

std::string Render(const Value& v) {
  std::string s;
  Stringify(v, false, 0, s);
  return s;
}
}  // namespace

std::string ErrorMessage(const JError& e) {
  if (e.custom) return e.message;
  auto it = Messages().find(e.code);
  if (it == Messages().end()) return e.message.empty() ? e.code : e.message;
  std::string tpl = it->second;
  auto field = [&](const std::string& name, bool raw) -> std::string {
    if (name == "token" || name == "functionName") {
      if (raw) return e.token;
      std::string q;
      Stringify(Value::String(e.token), false, 0, q);
      return q;
    }
    if (name == "index") return std::to_string(e.index);
    if (name == "message") return e.message;
    const Value& v = name == "value2" ? e.value2 : e.value;
    if (v.undefined()) return "undefined";
    if (raw && v.is_string()) return v.str();
    return Render(v);
  };
  std::string out;
  for (size_t i = 0; i < tpl.size(); ++i) {
    if (tpl.compare(i, 3, "{{{") == 0) {
      size_t end = tpl.find("}}}", i);
      out += field(tpl.substr(i + 3, end - i - 3), true);
      i = end + 2;
    } else if (tpl.compare(i, 2, "{{") == 0) {
      size_t end = tpl.find("}}", i);
      out += field(tpl.substr(i + 2, end - i - 2), false);
      i = end + 1;
    } else {
      out += tpl[i];
    }
  }
  return out;
}

void Throw(const std::string& code, const Value& value, const std::string& token) {
  JError e;
  e.code = code;
  e.value = value;
  e.token = token;
  throw e;
}

int FunctionArity(const Value& f) {
  if (!f.is_function()) return 0;
  const Function& fn = f.fn();
  switch (fn.kind) {
    case Function::kLambda:
      return static_cast<int>(fn.params.size());
    case Function::kNative:
      return fn.builtin->arity;
    case Function::kPartialNative: {
      int n = 0;
      for (bool h : fn.holes) n += h ? 1 : 0;
      return n;
    }
    default:
      return 1;
  }
}

Value Evaluator::EvalFunctionCall(const Node* n, const Value& input, const FramePtr& env,
                                  const Value* apply_to) {
  Value proc = Eval(n->procedure.get(), input, env);
  const Node* pn = n->procedure.get();
  std::string name = pn->type == NodeType::kPath ? pn->items[0]->value : pn->value;
  if (proc.undefined() && pn->type == NodeType::kPath &&
      (env->Lookup(name) || FindBuiltin(name, sfn_))) {
    Throw("T1005", Value(), name);
  }
  std::vector<Value> args;
  args.reserve(n->items.size() + 1);
  if (apply_to) args.push_back(*apply_to);
  for (const auto& a : n->items) args.push_back(Eval(a.get(), input, env));
  try {
    return Apply(proc, std::move(args), input, env);
  } catch (JError& e) {
    if (e.position < 0) e.position = n->position;
    if (e.token.empty()) e.token = name;
    throw;
  }
}

Value Evaluator::Apply(const Value& fn, std::vector<Value> args, const Value& input,
                       const FramePtr& env) {
  Value r = ApplyInner(fn, std::move(args), input, env);
  while (r.is_function() && r.fn().kind == Function::kThunk) {
    const Function& th = r.fn();
    const Node* call = th.node->body.get();
    Value next = Eval(call->procedure.get(), th.input, th.env);
    std::vector<Value> a;
    a.reserve(call->items.size());
    for (const auto& e : call->items) a.push_back(Eval(e.get(), th.input, th.env));
    Value keep = r;  // keep the thunk's frame alive while applying
    try {
      r = ApplyInner(next, std::move(a), input, env);
    } catch (JError& e) {
      if (e.token.empty() && call->procedure->type == NodeType::kVariable) {
        e.token = call->procedure->value;
      }
      throw;
    }
  }
  return r;
}

Value Evaluator::ApplyInner(const Value& fnv, std::vector<Value> args, const Value& input,
                            const FramePtr& env) {
  if (!fnv.is_function()) Throw("T1006", fnv);
  const Function& f = fnv.fn();
  if (f.signature) {
    try {
      args = ValidateArgs(*f.signature, args, input);
    } catch (JError& e) {
      if (e.token.empty() && f.kind == Function::kNative) e.token = f.builtin->name;
      throw;
    }
  }
  switch (f.kind) {
    case Function::kLambda:
    case Function::kThunk: {
      auto frame = NewFrame(f.env);
      for (size_t i = 0; i < f.params.size(); ++i) {
        frame->Bind(f.params[i], i < args.size() ? args[i] : Value());
      }
      const Node* body = f.node->body.get();
      return Eval(body, f.input, frame);
    }
    case Function::kNative:
      try {
        return f.builtin->fn(*this, args, input);
      } catch (JError& e) {
        if (e.token.empty()) e.token = f.builtin->name;
        throw;
      }
    case Function::kPartialNative: {
      std::vector<Value> full;
      size_t k = 0;
      for (size_t i = 0; i < f.bound.size(); ++i) {
        if (f.holes[i]) {
          full.push_back(k < args.size() ? args[k++] : Value());
        } else {
          full.push_back(f.bound[i]);
        }
      }
      return Apply(f.f, std::move(full), input, env);
    }
    case Function::kChain: {
      Value mid = Apply(f.f, std::move(args), input, env);
      return Apply(f.g, {mid}, input, env);
    }
    case Function::kTransform: {
      Value obj = args.empty() ? Value() : args[0];
      if (obj.defined() && !obj.is_object() && !obj.is_array()) Throw("T0410", obj);
      return RunTransform(f, obj);
    }
    case Function::kRegex:
    case Function::kRegexNext: {
      std::string subject;
      size_t from = 0;
      if (f.kind == Function::kRegex) {
        if (args.empty() || !args[0].is_string()) return Value();
        subject = args[0].str();
      } else {
        subject = f.subject;
        from = f.offset;
        if (from >= subject.size()) return Value();
      }
      RegexMatch m;
      if (!RegexSearch(*f.regex, subject, from, m)) return Value();
      if (f.kind == Function::kRegexNext && m.match.empty()) Throw("D1004");
      auto o = std::make_shared<Object>();
      o->Set("match", Value::String(m.match));
      o->Set("start", Value::Number(static_cast<double>(Utf16Length(subject.substr(0, m.start)))));
      o->Set("end", Value::Number(static_cast<double>(Utf16Length(subject.substr(0, m.end)))));
      std::vector<Value> groups;
      for (auto& [ok, g] : m.groups) groups.push_back(Value::String(ok ? g : ""));
      o->Set("groups", NewArray(std::move(groups)));
      auto next = std::make_shared<Function>();
      next->kind = Function::kRegexNext;
      next->regex = f.regex;
      next->subject = subject;
      next->offset = m.end > m.start ? m.end : m.end + 1;
      o->Set("next", MakeFunctionValue(std::move(next)));
      return Value::MakeObject(std::move(o));
    }
  }
  return Value();
}

Value Evaluator::RunTransform(const Function& f, const Value& obj) {
  if (obj.undefined()) return obj;
  Value result = DeepClone(obj);
  const Node* n = f.node;
  Value matches = Eval(n->pattern.get(), result, f.env);
  if (matches.undefined()) return result;
  std::vector<Value> list;
  if (matches.is_array()) {
    list = matches.arr().items;
  } else {
    list.push_back(matches);
  }
  for (const Value& match : list) {
    Value update = Eval(n->update.get(), match, f.env);
    if (update.defined()) {
      if (!update.is_object()) Throw("T2011", update);
      if (match.is_object()) {
        for (const auto& [k, v] : update.obj().entries) match.obj().Set(k, v);
      }
    }
    if (n->del) {
      Value dels = Eval(n->del.get(), match, f.env);
      if (dels.undefined()) continue;
      std::vector<Value> dl;
      if (dels.is_array()) {
        dl = dels.arr().items;
      } else {
        dl.push_back(dels);
      }
      for (const auto& d : dl) {
        if (!d.is_string()) Throw("T2012", dels);
      }
      if (match.is_object()) {
        for (const auto& d : dl) match.obj().Erase(d.str());
      }
    }
  }
  return result;
}

Value Evaluator::EvalPartial(const Node* n, const Value& input, const FramePtr& env) {
  std::vector<Value> args;
  std::vector<bool> holes;
  for (const auto& a : n->items) {
    if (a->type == NodeType::kPlaceholder) {
      args.emplace_back();
      holes.push_back(true);
    } else {
      args.push_back(Eval(a.get(), input, env));
      holes.push_back(false);
    }
  }
  Value proc = Eval(n->procedure.get(), input, env);
  const Node* pn = n->procedure.get();
  if (proc.undefined() && pn->type == NodeType::kPath &&
      (env->Lookup(pn->items[0]->value) || FindBuiltin(pn->items[0]->value, sfn_))) {
    Throw("T1007", Value(), pn->items[0]->value);
  }
  if (!proc.is_function()) {
    Throw("T1008", Value(), pn->type == NodeType::kPath ? pn->items[0]->value : pn->value);
  }
  const Function& f = proc.fn();
  if (f.kind == Function::kLambda) {
    auto nf = std::make_shared<Function>();
    nf->kind = Function::kLambda;
    nf->node = f.node;
    nf->input = f.input;
    auto frame = NewFrame(f.env);
    for (size_t i = 0; i < f.params.size(); ++i) {
      if (i < holes.size() && holes[i]) {
        nf->params.push_back(f.params[i]);
      } else {
        frame->Bind(f.params[i], i < args.size() ? args[i] : Value());
      }
    }
    nf->env = frame;
    return MakeFunctionValue(std::move(nf));
  }
  auto nf = std::make_shared<Function>();
  nf->kind = Function::kPartialNative;
  nf->f = proc;
  nf->bound = std::move(args);
  nf->holes = std::move(holes);
  return MakeFunctionValue(std::move(nf));
}

Value Evaluator::EvalApply(const Node* n, const Value& input, const FramePtr& env) {
  Value lhs = Eval(n->lhs.get(), input, env);
  if (n->rhs->type == NodeType::kFunction) return EvalFunctionCall(n->rhs.get(), input, env, &lhs);
  Value func = Eval(n->rhs.get(), input, env);
  if (!func.is_function()) Throw("T2006", func);
  if (lhs.is_function()) {
    auto nf = std::make_shared<Function>();
    nf->kind = Function::kChain;
    nf->f = lhs;
    nf->g = func;
    return MakeFunctionValue(std::move(nf));
  }
  return Apply(func, {lhs}, input, env);
}

}  // namespace sfn::jsonata::internal
