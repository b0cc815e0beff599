// JSONata numeric, aggregate, boolean, array, object and higher-order functions, and the
// library registry.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <mutex>
#include <regex>

// libstdc++'s <regex> trips a false -Wmaybe-uninitialized under sanitizer builds (GCC 12).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "asl/jsonata/functions.h"
#include "asl/jsonata/parser.h"

namespace sfn::jsonata::internal {

namespace {

Value FnNumber(Evaluator&, std::vector<Value>& a, const Value&) {
  const Value& v = a[0];
  if (v.undefined()) return v;
  if (v.is_number()) return v;
  if (v.is_bool()) return Value::Number(v.boolean() ? 1 : 0);
  if (v.is_string()) {
    const std::string& s = v.str();
    static const std::regex dec("^-?[0-9]+(\\.[0-9]+)?([Ee][-+]?[0-9]+)?$");
    static const std::regex radix("^(0[xX][0-9A-Fa-f]+)|(0[oO][0-7]+)|(0[bB][0-1]+)$");
    if (std::regex_match(s, dec)) {
      double d = std::strtod(s.c_str(), nullptr);
      if (std::isfinite(d)) return Value::Number(d);
    } else if (std::regex_match(s, radix)) {
      int base = (s[1] == 'x' || s[1] == 'X') ? 16 : (s[1] == 'o' || s[1] == 'O') ? 8 : 2;
      return Value::Number(static_cast<double>(std::strtoull(s.c_str() + 2, nullptr, base)));
    }
  }
  Throw("D3030", v);
}

Value FnAbs(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return a[0];
  return Value::Number(std::fabs(a[0].number()));
}
Value FnFloor(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return a[0];
  return Value::Number(std::floor(a[0].number()));
}
Value FnCeil(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return a[0];
  return Value::Number(std::ceil(a[0].number()));
}

double ShiftDecimal(double v, int shift) {
  std::string s = JsNumber(v);
  size_t e = s.find('e');
  int exp = shift;
  std::string mant = s;
  if (e != std::string::npos) {
    mant = s.substr(0, e);
    exp += std::atoi(s.c_str() + e + 1);
  }
  return std::strtod((mant + "e" + std::to_string(exp)).c_str(), nullptr);
}

Value FnRound(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return a[0];
  double arg = a[0].number();
  int precision = Arg(a, 1).is_number() ? static_cast<int>(a[1].number()) : 0;
  if (precision) arg = ShiftDecimal(arg, precision);
  double result = std::floor(arg + 0.5);
  double diff = result - arg;
  if (std::fabs(diff) == 0.5 && std::fabs(std::fmod(result, 2)) == 1) result -= 1;
  if (precision) result = ShiftDecimal(result, -precision);
  if (result == 0) result = 0;
  return Value::Number(result);
}

Value FnPower(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return a[0];
  double r = std::pow(a[0].number(), a[1].number());
  if (!std::isfinite(r)) Throw("D3061", a[0]);
  return Value::Number(r);
}

Value FnSqrt(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return a[0];
  if (a[0].number() < 0) Throw("D3060", a[0]);
  return Value::Number(std::sqrt(a[0].number()));
}

Value FnRandom(Evaluator& ev, std::vector<Value>&, const Value&) {
  return Value::Number(std::uniform_real_distribution<double>(0, 1)(ev.rng()));
}

Value FnSum(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return a[0];
  double s = 0;
  for (const auto& e : a[0].arr().items) s += e.number();
  return Value::Number(s);
}

Value FnMax(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined() || a[0].arr().items.empty()) return Value();
  double m = -INFINITY;
  for (const auto& e : a[0].arr().items) m = std::max(m, e.number());
  return Value::Number(m);
}

Value FnMin(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined() || a[0].arr().items.empty()) return Value();
  double m = INFINITY;
  for (const auto& e : a[0].arr().items) m = std::min(m, e.number());
  return Value::Number(m);
}

Value FnAverage(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined() || a[0].arr().items.empty()) return Value();
  double s = 0;
  for (const auto& e : a[0].arr().items) s += e.number();
  return Value::Number(s / static_cast<double>(a[0].arr().items.size()));
}

Value FnBoolean(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return a[0];
  return Value::Bool(Truthy(a[0]));
}
Value FnNot(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return a[0];
  return Value::Bool(!Truthy(a[0]));
}
Value FnExists(Evaluator&, std::vector<Value>& a, const Value&) {
  return Value::Bool(Arg(a, 0).defined());
}

Value FnCount(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return Value::Number(0);
  return Value::Number(static_cast<double>(a[0].arr().items.size()));
}

Value FnAppend(Evaluator&, std::vector<Value>& a, const Value&) {
  return AppendValues(a[0], Arg(a, 1));
}

Value FnReverse(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return a[0];
  std::vector<Value> v = a[0].arr().items;
  std::reverse(v.begin(), v.end());
  return NewArray(std::move(v));
}

Value FnShuffle(Evaluator& ev, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return a[0];
  std::vector<Value> v = a[0].arr().items;
  std::shuffle(v.begin(), v.end(), ev.rng());
  return NewArray(std::move(v));
}

Value FnDistinct(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return a[0];
  if (!a[0].is_array() || a[0].arr().items.size() <= 1) return a[0];
  std::vector<Value> out;
  for (const auto& e : a[0].arr().items) {
    bool dup = false;
    for (const auto& o : out) {
      if (DeepEqual(o, e)) {
        dup = true;
        break;
      }
    }
    if (!dup) out.push_back(e);
  }
  auto arr = std::make_shared<Array>();
  arr->items = std::move(out);
  arr->sequence = a[0].arr().sequence;
  return Value::MakeArray(std::move(arr));
}

Value FnZip(Evaluator&, std::vector<Value>& a, const Value&) {
  size_t n = SIZE_MAX;
  for (const auto& arr : a) {
    if (arr.undefined()) return NewArray();
    n = std::min(n, arr.arr().items.size());
  }
  if (a.empty()) n = 0;
  std::vector<Value> out;
  for (size_t i = 0; i < n; ++i) {
    std::vector<Value> tuple;
    for (const auto& arr : a) tuple.push_back(arr.arr().items[i]);
    out.push_back(NewArray(std::move(tuple)));
  }
  return NewArray(std::move(out));
}

Value FnSort(Evaluator& ev, std::vector<Value>& a, const Value& input) {
  if (a[0].undefined()) return a[0];
  const auto& items = a[0].arr().items;
  if (items.size() <= 1) return a[0];
  if (Arg(a, 1).defined()) {
    Value fn = a[1];
    auto swap = [&](const Value& x, const Value& y) {
      return Truthy(ev.Apply(fn, {x, y}, input, ev.root_env));
    };
    return NewArray(MergeSort(items, swap));
  }
  bool nums = true, strs = true;
  for (const auto& e : items) {
    nums = nums && e.is_number();
    strs = strs && e.is_string();
  }
  if (!nums && !strs) Throw("D3070", a[0]);
  auto swap = [&](const Value& x, const Value& y) {
    return nums ? x.number() > y.number() : x.str() > y.str();
  };
  return NewArray(MergeSort(items, swap));
}

void KeysOf(const Value& v, std::vector<std::string>& out) {
  if (v.is_array()) {
    for (const auto& e : v.arr().items) KeysOf(e, out);
  } else if (v.is_object()) {
    for (const auto& [k, x] : v.obj().entries) {
      if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
    }
  }
}

Value FnKeys(Evaluator&, std::vector<Value>& a, const Value&) {
  std::vector<std::string> keys;
  KeysOf(a[0], keys);
  std::vector<Value> out;
  for (auto& k : keys) out.push_back(Value::String(k));
  return NewSequence(std::move(out));
}

Value LookupIn(const Value& v, const std::string& key) {
  if (v.is_array()) {
    std::vector<Value> out;
    for (const auto& e : v.arr().items) {
      Value r = LookupIn(e, key);
      if (r.is_array()) {
        out.insert(out.end(), r.arr().items.begin(), r.arr().items.end());
      } else if (r.defined()) {
        out.push_back(r);
      }
    }
    return NewSequence(std::move(out));
  }
  if (v.is_object()) {
    const Value* r = v.obj().Get(key);
    if (r) return *r;
  }
  return Value();
}

Value FnLookup(Evaluator&, std::vector<Value>& a, const Value&) {
  return LookupIn(a[0], a[1].str());
}

Value Spread(const Value& v) {
  if (v.is_array()) {
    std::vector<Value> out;
    for (const auto& e : v.arr().items) {
      Value r = Spread(e);
      if (r.is_array()) {
        out.insert(out.end(), r.arr().items.begin(), r.arr().items.end());
      } else if (r.defined()) {
        out.push_back(r);
      }
    }
    return NewSequence(std::move(out));
  }
  if (v.is_object()) {
    std::vector<Value> out;
    for (const auto& [k, x] : v.obj().entries) {
      auto o = std::make_shared<Object>();
      o->Set(k, x);
      out.push_back(Value::MakeObject(std::move(o)));
    }
    return NewSequence(std::move(out));
  }
  return v;
}

Value FnSpread(Evaluator&, std::vector<Value>& a, const Value&) { return Spread(a[0]); }

Value FnMerge(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return a[0];
  auto o = std::make_shared<Object>();
  for (const auto& e : a[0].arr().items) {
    for (const auto& [k, x] : e.obj().entries) o->Set(k, x);
  }
  return Value::MakeObject(std::move(o));
}

Value FnSift(Evaluator& ev, std::vector<Value>& a, const Value& input) {
  if (a[0].undefined()) return a[0];
  auto o = std::make_shared<Object>();
  for (const auto& [k, x] : a[0].obj().entries) {
    if (Truthy(CallHof(ev, a[1], x, Value::String(k), a[0], input))) o->Set(k, x);
  }
  if (o->size() == 0) return Value();
  return Value::MakeObject(std::move(o));
}

Value FnEach(Evaluator& ev, std::vector<Value>& a, const Value& input) {
  if (a[0].undefined()) return a[0];
  std::vector<Value> out;
  for (const auto& [k, x] : a[0].obj().entries) {
    Value r = CallHof(ev, a[1], x, Value::String(k), a[0], input);
    if (r.defined()) out.push_back(r);
  }
  return NewSequence(std::move(out));
}

Value FnError(Evaluator&, std::vector<Value>& a, const Value&) {
  JError e;
  e.code = "D3137";
  e.message = Arg(a, 0).is_string() ? a[0].str() : "$error() function evaluated";
  e.custom = true;
  throw e;
}

Value FnAssert(Evaluator&, std::vector<Value>& a, const Value&) {
  if (!a[0].boolean()) {
    JError e;
    e.code = "D3141";
    e.message = Arg(a, 1).is_string() ? a[1].str() : "$assert() statement failed";
    e.custom = true;
    throw e;
  }
  return Value();
}

Value FnType(Evaluator&, std::vector<Value>& a, const Value&) {
  if (Arg(a, 0).undefined()) return Value();
  return Value::String(TypeOf(a[0]));
}

Value FnMap(Evaluator& ev, std::vector<Value>& a, const Value& input) {
  if (a[0].undefined()) return a[0];
  std::vector<Value> out;
  const auto& items = a[0].arr().items;
  for (size_t i = 0; i < items.size(); ++i) {
    Value r = CallHof(ev, a[1], items[i], Value::Number(static_cast<double>(i)), a[0], input);
    if (r.defined()) out.push_back(std::move(r));
  }
  return NewSequence(std::move(out));
}

Value FnFilter(Evaluator& ev, std::vector<Value>& a, const Value& input) {
  if (a[0].undefined()) return a[0];
  std::vector<Value> out;
  const auto& items = a[0].arr().items;
  for (size_t i = 0; i < items.size(); ++i) {
    Value r = CallHof(ev, a[1], items[i], Value::Number(static_cast<double>(i)), a[0], input);
    if (Truthy(r)) out.push_back(items[i]);
  }
  return NewSequence(std::move(out));
}

Value FnSingle(Evaluator& ev, std::vector<Value>& a, const Value& input) {
  if (a[0].undefined()) return a[0];
  bool found = false;
  Value result;
  const auto& items = a[0].arr().items;
  for (size_t i = 0; i < items.size(); ++i) {
    bool pass = true;
    if (Arg(a, 1).defined()) {
      pass =
          Truthy(CallHof(ev, a[1], items[i], Value::Number(static_cast<double>(i)), a[0], input));
    }
    if (pass) {
      if (found) Throw("D3138");
      found = true;
      result = items[i];
    }
  }
  if (!found) Throw("D3139");
  return result;
}

Value FnReduce(Evaluator& ev, std::vector<Value>& a, const Value& input) {
  if (a[0].undefined()) return a[0];
  int arity = FunctionArity(a[1]);
  if (arity < 2) Throw("D3050", a[1]);
  const auto& items = a[0].arr().items;
  Value result;
  size_t i = 0;
  if (Arg(a, 2).undefined() && !items.empty()) {
    result = items[0];
    i = 1;
  } else {
    result = Arg(a, 2);
  }
  for (; i < items.size(); ++i) {
    std::vector<Value> args{result, items[i]};
    if (arity >= 3) args.push_back(Value::Number(static_cast<double>(i)));
    if (arity >= 4) args.push_back(a[0]);
    result = ev.Apply(a[1], std::move(args), input, ev.root_env);
  }
  return result;
}

Value FnEval(Evaluator& ev, std::vector<Value>& a, const Value& input) {
  if (a[0].undefined()) return a[0];
  std::shared_ptr<Program> prog;
  try {
    prog = ParseProgram(a[0].str());
  } catch (const JError& e) {
    Throw("D3120", Value::String(ErrorMessage(e)));
  }
  ev.keep_alive.push_back(prog);
  Value ctx = a.size() > 1 && a[1].defined() ? a[1] : input;
  if (ctx.is_array() && !ctx.arr().sequence) {
    Value w = NewSequence({ctx});
    w.arr().outer_wrapper = true;
    ctx = w;
  }
  try {
    return ev.Eval(prog->root.get(), ctx, ev.root_env);
  } catch (const JError& e) {
    Throw("D3121", Value::String(ErrorMessage(e)));
  }
}

Value FnClone(Evaluator&, std::vector<Value>& a, const Value&) { return DeepClone(a[0]); }

}  // namespace

Value RoundHalfEven(Evaluator& ev, std::vector<Value>& args, const Value& input) {
  return FnRound(ev, args, input);
}

namespace {

const Builtin kCoreBuiltins[] = {
    {"number", "<(nsb)-:n>", FnNumber, 1},
    {"abs", "<n-:n>", FnAbs, 1},
    {"floor", "<n-:n>", FnFloor, 1},
    {"ceil", "<n-:n>", FnCeil, 1},
    {"round", "<n-n?:n>", FnRound, 2},
    {"power", "<n-n:n>", FnPower, 2},
    {"sqrt", "<n-:n>", FnSqrt, 1},
    {"sum", "<a<n>:n>", FnSum, 1},
    {"max", "<a<n>:n>", FnMax, 1},
    {"min", "<a<n>:n>", FnMin, 1},
    {"average", "<a<n>:n>", FnAverage, 1},
    {"boolean", "<x-:b>", FnBoolean, 1},
    {"not", "<x-:b>", FnNot, 1},
    {"exists", "<x:b>", FnExists, 1},
    {"count", "<a:n>", FnCount, 1},
    {"append", "<xx:a>", FnAppend, 2},
    {"reverse", "<a:a>", FnReverse, 1},
    {"shuffle", "<a:a>", FnShuffle, 1},
    {"distinct", "<x:x>", FnDistinct, 1},
    {"zip", "<a+>", FnZip, 1},
    {"sort", "<af?:a>", FnSort, 2},
    {"keys", "<x-:a<s>>", FnKeys, 1},
    {"lookup", "<x-s:x>", FnLookup, 2},
    {"spread", "<x-:a<o>>", FnSpread, 1},
    {"merge", "<a<o>:o>", FnMerge, 1},
    {"sift", "<o-f?:o>", FnSift, 2},
    {"each", "<o-f:a>", FnEach, 2},
    {"error", "<s?:x>", FnError, 1},
    {"assert", "<bs?:x>", FnAssert, 2},
    {"type", "<x:s>", FnType, 1},
    {"map", "<af>", FnMap, 2},
    {"filter", "<af>", FnFilter, 2},
    {"single", "<af?>", FnSingle, 2},
    {"reduce", "<afj?:j>", FnReduce, 3},
    {"clone", "<(oa)-:o>", FnClone, 1},
};

const Builtin kStdOnly[] = {{"random", "<:n>", FnRandom, 0}, {"eval", "<sx?:x>", FnEval, 2}};

struct Registry {
  std::map<std::string, Builtin, std::less<>> common;
  std::map<std::string, Builtin, std::less<>> sfn;
  std::map<std::string, Builtin, std::less<>> std_only;
};

const Registry& GetRegistry() {
  static const Registry* reg = [] {
    auto* r = new Registry();
    auto add = [](std::map<std::string, Builtin, std::less<>>& m, BuiltinTable t) {
      for (size_t i = 0; i < t.size; ++i) {
        Builtin b = t.begin[i];
        b.signature = ParseSignature(b.sig);
        auto& slot = m[b.name];
        slot = b;
        auto f = std::make_shared<Function>();
        f->kind = Function::kNative;
        f->builtin = &slot;
        f->signature = b.signature;
        slot.value = f;
      }
    };
    add(r->common, StringBuiltins());
    add(r->common, {kCoreBuiltins, sizeof(kCoreBuiltins) / sizeof(kCoreBuiltins[0])});
    add(r->common, FormatBuiltins());
    add(r->common, DateBuiltins());
    add(r->std_only, {kStdOnly, 2});
    add(r->sfn, SfnBuiltins());
    return r;
  }();
  return *reg;
}

}  // namespace

const Builtin* FindBuiltin(std::string_view name, bool sfn) {
  const Registry& r = GetRegistry();
  if (sfn) {
    auto it = r.sfn.find(name);
    if (it != r.sfn.end()) return &it->second;
  } else {
    auto it = r.std_only.find(name);
    if (it != r.std_only.end()) return &it->second;
  }
  auto it = r.common.find(name);
  return it == r.common.end() ? nullptr : &it->second;
}

}  // namespace sfn::jsonata::internal
