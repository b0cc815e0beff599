// JSONata evaluator: object constructors / group-by (with tuple-stream reduction) and the
// order-by (^) sort step.
#include <unordered_map>

#include "asl/jsonata/eval.h"

namespace sfn::jsonata::internal {

namespace {
Value NewTuple(const Value* base) {
  auto o = std::make_shared<Object>();
  if (base) o->entries = base->obj().entries;
  return Value::MakeObject(std::move(o));
}
}  // namespace

Value Evaluator::EvalGroup(const Node* n, const Value& in, const FramePtr& env) {
  bool reduce = in.is_array() && in.arr().tuple_stream;
  static const Value kUndefined;
  std::span<const Value> items_span =
      in.is_array() ? std::span<const Value>(in.arr().items) : std::span<const Value>(&in, 1);
  if (items_span.empty()) items_span = std::span<const Value>(&kUndefined, 1);
  const std::span<const Value>* items = &items_span;
  struct Group {
    std::string key;
    Value data;
    size_t expr_index;
  };
  std::vector<Group> groups;
  groups.reserve(n->pairs.size());
  std::unordered_map<std::string, size_t> index;
  for (const auto& item : *items) {
    bool tuple_item = reduce && item.is_object();
    FramePtr ienv = tuple_item ? FrameFromTuple(env, item) : env;
    Value ctx = reduce ? Value() : item;
    if (tuple_item) {
      const Value* at = item.obj().Get("@");
      ctx = at ? *at : Value();
    }
    for (size_t p = 0; p < n->pairs.size(); ++p) {
      Value key = Eval(n->pairs[p].first.get(), ctx, ienv);
      if (key.undefined()) continue;
      if (!key.is_string()) Throw("T1003", key);
      size_t found = groups.size();
      if (groups.size() < 16) {
        for (size_t gi = 0; gi < groups.size(); ++gi) {
          if (groups[gi].key == key.str()) found = gi;
        }
      } else {
        auto it = index.find(key.str());
        if (it != index.end()) found = it->second;
      }
      if (found < groups.size()) {
        Group& g = groups[found];
        if (g.expr_index != p) Throw("D1009", key);
        g.data = AppendValues(g.data, item);
      } else {
        groups.push_back({key.str(), item, p});
        if (groups.size() == 16) {
          for (size_t gi = 0; gi < groups.size(); ++gi) index.emplace(groups[gi].key, gi);
        } else if (groups.size() > 16) {
          index.emplace(key.str(), groups.size() - 1);
        }
      }
    }
  }
  auto obj = std::make_shared<Object>();
  for (auto& g : groups) {
    Value ctx = g.data;
    FramePtr genv = env;
    if (reduce) {
      Value tuple = NewTuple(nullptr);
      if (g.data.is_array() && !g.data.is_object()) {
        const auto& ts = g.data.arr().items;
        if (ts[0].is_object()) tuple = NewTuple(&ts[0]);
        for (size_t i = 1; i < ts.size(); ++i) {
          if (!ts[i].is_object()) continue;
          for (const auto& [k, v] : ts[i].obj().entries) {
            const Value* cur = tuple.obj().Get(k);
            tuple.obj().Set(k, AppendValues(cur ? *cur : Value(), v));
          }
        }
      } else if (g.data.is_object()) {
        tuple = NewTuple(&g.data);
      }
      const Value* at = tuple.obj().Get("@");
      ctx = at ? *at : Value();
      tuple.obj().Erase("@");
      genv = FrameFromTuple(env, tuple);
    }
    Value v = Eval(n->pairs[g.expr_index].second.get(), ctx, genv);
    if (v.defined()) obj->Set(g.key, std::move(v));
  }
  return Value::MakeObject(std::move(obj));
}

Value Evaluator::EvalSort(const Node* n, const Value& input, const FramePtr& env) {
  if (input.undefined()) return input;
  if (!input.is_array() || input.arr().items.size() <= 1) return input;
  bool tuples = input.arr().tuple_stream;
  auto key = [&](const Value& item, const Node* e) {
    if (tuples) {
      const Value* at = item.obj().Get("@");
      return Eval(e, at ? *at : Value(), FrameFromTuple(env, item));
    }
    return Eval(e, item, env);
  };
  auto swap = [&](const Value& a, const Value& b) {
    int comp = 0;
    for (size_t i = 0; comp == 0 && i < n->terms.size(); ++i) {
      const SortTerm& term = n->terms[i];
      Value aa = key(a, term.expr.get());
      Value bb = key(b, term.expr.get());
      if (aa.undefined()) {
        comp = bb.undefined() ? 0 : 1;
        continue;
      }
      if (bb.undefined()) {
        comp = -1;
        continue;
      }
      bool an = aa.is_number() || aa.is_string();
      bool bn = bb.is_number() || bb.is_string();
      if (!an || !bn) Throw("T2008", !an ? aa : bb);
      if (aa.type() != bb.type()) {
        JError e;
        e.code = "T2007";
        e.value = aa;
        e.value2 = bb;
        throw e;
      }
      if (aa.is_number()) {
        comp = aa.number() == bb.number() ? 0 : (aa.number() < bb.number() ? -1 : 1);
      } else {
        int c = aa.str().compare(bb.str());
        comp = c == 0 ? 0 : (c < 0 ? -1 : 1);
      }
      if (term.descending) comp = -comp;
    }
    return comp == 1;
  };
  auto a = std::make_shared<Array>(input.arr());
  a->items = MergeSort(input.arr().items, swap);
  a->sequence = true;
  a->keep_singleton = false;
  a->cons = false;
  return Value::MakeArray(std::move(a));
}

}  // namespace sfn::jsonata::internal
