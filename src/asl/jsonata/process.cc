// Post-processing of the raw JSONata syntax tree: builds paths and stages, focus/index
// bindings, sort steps, group-by, parent-operator ancestry and tail-call thunks.
#include <algorithm>

#include "asl/jsonata/parser.h"

namespace sfn::jsonata::internal {

namespace {

[[noreturn]] void Fail(const std::string& code, const std::string& token, int pos) {
  JError e;
  e.code = code;
  e.token = token;
  e.position = pos;
  throw e;
}

NodePtr MakeNode(NodeType t, int pos) {
  auto n = std::make_unique<Node>();
  n->type = t;
  n->position = pos;
  return n;
}

class Processor {
 public:
  explicit Processor(Program& prog) : prog_(prog) {}

  NodePtr P(NodePtr e) {
    bool keep = e->keep_array;
    NodePtr r = P1(std::move(e));
    if (keep) r->keep_array = true;
    return r;
  }

  NodePtr P1(NodePtr e) {
    switch (e->type) {
      case NodeType::kBinary:
        return Binary(std::move(e));
      case NodeType::kSort: {
        NodePtr result = P(std::move(e->lhs));
        if (result->type != NodeType::kPath) result = WrapPath(std::move(result));
        auto sort = MakeNode(NodeType::kSort, e->position);
        for (auto& t : e->terms) {
          SortTerm term;
          term.descending = t.descending;
          term.expr = P(std::move(t.expr));
          PushAncestry(*sort, *term.expr);
          sort->terms.push_back(std::move(term));
        }
        result->items.push_back(std::move(sort));
        ResolveAncestry(*result);
        return result;
      }
      case NodeType::kBind: {
        e->lhs = P(std::move(e->lhs));
        e->rhs = P(std::move(e->rhs));
        PushAncestry(*e, *e->rhs);
        return e;
      }
      case NodeType::kUnary: {
        if (e->value == "-") {
          e->lhs = P(std::move(e->lhs));
          if (e->lhs->type == NodeType::kNumber) {
            NodePtr n = std::move(e->lhs);
            n->num = -n->num;
            n->literal = Value::Number(n->num);
            return n;
          }
          PushAncestry(*e, *e->lhs);
          return e;
        }
        if (e->value == "[") {
          for (auto& it : e->items) {
            it = P(std::move(it));
            PushAncestry(*e, *it);
          }
          return e;
        }
        for (auto& [k, v] : e->pairs) {
          k = P(std::move(k));
          PushAncestry(*e, *k);
          v = P(std::move(v));
          PushAncestry(*e, *v);
        }
        return e;
      }
      case NodeType::kFunction:
      case NodeType::kPartial: {
        e->procedure = P(std::move(e->procedure));
        for (auto& a : e->items) {
          if (a->type == NodeType::kPlaceholder) continue;
          a = P(std::move(a));
          PushAncestry(*e, *a);
        }
        return e;
      }
      case NodeType::kLambda: {
        e->body = TailCall(P(std::move(e->body)));
        return e;
      }
      case NodeType::kCondition: {
        e->cond = P(std::move(e->cond));
        PushAncestry(*e, *e->cond);
        e->then = P(std::move(e->then));
        PushAncestry(*e, *e->then);
        if (e->otherwise) {
          e->otherwise = P(std::move(e->otherwise));
          PushAncestry(*e, *e->otherwise);
        }
        return e;
      }
      case NodeType::kTransform: {
        e->pattern = P(std::move(e->pattern));
        e->update = P(std::move(e->update));
        if (e->del) e->del = P(std::move(e->del));
        return e;
      }
      case NodeType::kBlock: {
        for (auto& it : e->items) {
          it = P(std::move(it));
          PushAncestry(*e, *it);
        }
        return e;
      }
      case NodeType::kName: {
        bool keep = e->keep_array;
        auto path = WrapPath(std::move(e));
        if (keep) path->keep_singleton_array = true;
        return path;
      }
      case NodeType::kParent: {
        auto slot = std::make_unique<Slot>();
        slot->label = "!" + std::to_string(label_++);
        slot->level = 1;
        slot->index = index_++;
        e->slot = slot.get();
        prog_.slots.push_back(std::move(slot));
        return e;
      }
      default:
        return e;
    }
  }

 private:
  NodePtr WrapPath(NodePtr step) {
    auto path = MakeNode(NodeType::kPath, step->position);
    path->items.push_back(std::move(step));
    return path;
  }

  NodePtr Binary(NodePtr e) {
    const std::string& op = e->value;
    if (op == ".") {
      NodePtr lstep = P(std::move(e->lhs));
      NodePtr result;
      Node* lraw = lstep.get();
      if (lstep->type == NodeType::kPath) {
        result = std::move(lstep);
      } else {
        result = WrapPath(std::move(lstep));
      }
      if (lraw->type == NodeType::kParent) {
        result->seeking_parent = {lraw->slot};
      }
      NodePtr rest = P(std::move(e->rhs));
      if (rest->type == NodeType::kPath) {
        for (auto& s : rest->items) result->items.push_back(std::move(s));
      } else {
        if (!rest->predicate.empty()) {
          rest->stages = std::move(rest->predicate);
          rest->predicate.clear();
        }
        result->items.push_back(std::move(rest));
      }
      for (auto& s : result->items) {
        if (s->type == NodeType::kNumber || s->type == NodeType::kValue) {
          Fail("S0213", s->value, s->position);
        }
        if (s->type == NodeType::kString) s->type = NodeType::kName;
        if (s->keep_array) result->keep_singleton_array = true;
      }
      Node* first = result->items.front().get();
      if (first->type == NodeType::kUnary && first->value == "[") first->cons_array = true;
      Node* last = result->items.back().get();
      if (last->type == NodeType::kUnary && last->value == "[") last->cons_array = true;
      ResolveAncestry(*result);
      return result;
    }
    if (op == "[") {
      NodePtr result = P(std::move(e->lhs));
      Node* step = result.get();
      bool stages = false;
      if (result->type == NodeType::kPath) {
        step = result->items.back().get();
        stages = true;
      }
      if (step->group) Fail("S0209", "", e->position);
      NodePtr pred = P(std::move(e->rhs));
      if (!pred->seeking_parent.empty()) {
        for (Slot* slot : pred->seeking_parent) {
          if (slot->level == 1) {
            SeekParent(*step, slot);
          } else {
            slot->level--;
          }
        }
        PushAncestry(*step, *pred);
      }
      Stage st;
      st.expr = std::move(pred);
      (stages ? step->stages : step->predicate).push_back(std::move(st));
      return result;
    }
    if (op == "{") {
      NodePtr result = P(std::move(e->lhs));
      if (result->group) Fail("S0210", "", e->position);
      auto g = MakeNode(NodeType::kUnary, e->position);
      g->value = "{";
      for (auto& [k, v] : e->pairs) {
        g->pairs.emplace_back(P(std::move(k)), P(std::move(v)));
      }
      result->group = std::move(g);
      return result;
    }
    if (op == "@") {
      NodePtr result = P(std::move(e->lhs));
      Node* step = result.get();
      if (result->type == NodeType::kPath) step = result->items.back().get();
      if (!step->stages.empty() || !step->predicate.empty()) Fail("S0215", "", e->position);
      if (step->type == NodeType::kSort) Fail("S0216", "", e->position);
      if (e->keep_array) step->keep_array = true;
      step->focus = e->rhs->value;
      step->has_focus = true;
      step->tuple = true;
      return result;
    }
    if (op == "#") {
      NodePtr result = P(std::move(e->lhs));
      Node* step = result.get();
      if (result->type == NodeType::kPath) {
        step = result->items.back().get();
      } else {
        result = WrapPath(std::move(result));
        if (!step->predicate.empty()) {
          step->stages = std::move(step->predicate);
          step->predicate.clear();
        }
      }
      if (step->stages.empty()) {
        step->index = e->rhs->value;
        step->has_index = true;
      } else {
        Stage st;
        st.is_index = true;
        st.var = e->rhs->value;
        step->stages.push_back(std::move(st));
      }
      step->tuple = true;
      return result;
    }
    if (op == "~>") {
      e->type = NodeType::kApply;
      e->lhs = P(std::move(e->lhs));
      e->rhs = P(std::move(e->rhs));
      e->keep_array = e->lhs->keep_array || e->rhs->keep_array;
      return e;
    }
    e->lhs = P(std::move(e->lhs));
    e->rhs = P(std::move(e->rhs));
    PushAncestry(*e, *e->lhs);
    PushAncestry(*e, *e->rhs);
    return e;
  }

  void PushAncestry(Node& result, Node& value) {
    if (!value.seeking_parent.empty() || value.type == NodeType::kParent) {
      std::vector<Slot*> slots = value.seeking_parent;
      if (value.type == NodeType::kParent) slots.push_back(value.slot);
      for (Slot* s : slots) result.seeking_parent.push_back(s);
    }
  }

  Slot* SeekParent(Node& node, Slot* slot) {
    switch (node.type) {
      case NodeType::kName:
      case NodeType::kWildcard:
        slot->level--;
        if (slot->level == 0) {
          if (node.ancestor == nullptr) {
            node.ancestor = slot;
          } else {
            slot->label = node.ancestor->label;
            node.ancestor = slot;
          }
          node.tuple = true;
        }
        break;
      case NodeType::kParent:
        slot->level++;
        break;
      case NodeType::kBlock:
        if (!node.items.empty()) {
          node.tuple = true;
          slot = SeekParent(*node.items.back(), slot);
        }
        break;
      case NodeType::kPath: {
        node.tuple = true;
        int index = static_cast<int>(node.items.size()) - 1;
        slot = SeekParent(*node.items[index--], slot);
        while (slot->level > 0 && index >= 0) slot = SeekParent(*node.items[index--], slot);
        break;
      }
      default:
        Fail("S0217", TypeName(node.type), node.position);
    }
    return slot;
  }

  static std::string TypeName(NodeType t) {
    switch (t) {
      case NodeType::kBinary:
        return "binary";
      case NodeType::kFunction:
        return "function";
      case NodeType::kVariable:
        return "variable";
      case NodeType::kUnary:
        return "unary";
      case NodeType::kString:
        return "string";
      case NodeType::kNumber:
        return "number";
      default:
        return "expression";
    }
  }

  void ResolveAncestry(Node& path) {
    int index = static_cast<int>(path.items.size()) - 1;
    Node& last = *path.items[index];
    std::vector<Slot*> slots = last.seeking_parent;
    if (last.type == NodeType::kParent) slots.push_back(last.slot);
    for (Slot* slot : slots) {
      index = static_cast<int>(path.items.size()) - 2;
      while (slot->level > 0) {
        if (index < 0) {
          path.seeking_parent.push_back(slot);
          break;
        }
        Node* step = path.items[index--].get();
        while (index >= 0 && step->has_focus && path.items[index]->has_focus) {
          step = path.items[index--].get();
        }
        slot = SeekParent(*step, slot);
      }
    }
  }

  NodePtr TailCall(NodePtr e) {
    if (e->type == NodeType::kFunction && e->predicate.empty()) {
      auto thunk = MakeNode(NodeType::kLambda, e->position);
      thunk->thunk = true;
      thunk->body = std::move(e);
      return thunk;
    }
    if (e->type == NodeType::kCondition) {
      e->then = TailCall(std::move(e->then));
      if (e->otherwise) e->otherwise = TailCall(std::move(e->otherwise));
      return e;
    }
    if (e->type == NodeType::kBlock && !e->items.empty()) {
      e->items.back() = TailCall(std::move(e->items.back()));
    }
    return e;
  }

  Program& prog_;
  int label_ = 0;
  int index_ = 0;
};

}  // namespace

NodePtr ProcessAst(NodePtr raw, Program& prog) {
  Processor p(prog);
  return p.P(std::move(raw));
}

}  // namespace sfn::jsonata::internal
