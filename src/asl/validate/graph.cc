// States blocks: per-block structure, transition targets, reachability and terminal states.
#include <deque>
#include <string>
#include <unordered_set>

#include "asl/validate/checker.h"

namespace sfn::asl::validate_internal {
namespace {

constexpr int kMaxNesting = 40;

void AddTarget(const json::Value* v, std::vector<std::string>& out) {
  if (v && v->is_string()) out.emplace_back(v->get_string());
}

// Every state a state can transition to (Next, Default, Choices[].Next, Catch[].Next).
std::vector<std::string> Targets(const json::Value& state) {
  std::vector<std::string> out;
  if (!state.is_object()) return out;
  const auto& s = state.get_object();
  AddTarget(Get(s, "Next"), out);
  AddTarget(Get(s, "Default"), out);
  for (std::string_view list : {"Choices", "Catch"}) {
    const json::Value* arr = Get(s, list);
    if (!arr || !arr->is_array()) continue;
    for (const auto& e : arr->get_array()) {
      if (e.is_object()) AddTarget(Get(e.get_object(), "Next"), out);
    }
  }
  return out;
}

bool IsTerminal(const json::Value& state) {
  if (!state.is_object()) return false;
  const auto& s = state.get_object();
  const json::Value* type = Get(s, "Type");
  if (type && type->is_string() &&
      (type->get_string() == "Succeed" || type->get_string() == "Fail")) {
    return true;
  }
  const json::Value* end = Get(s, "End");
  return end && end->is_bool() && end->get_bool();
}

}  // namespace

void CheckTarget(Checker& c, const json::Value& v, const std::string& loc,
                 const std::unordered_set<std::string>& siblings) {
  if (!ExpectString(c, v, loc)) return;
  std::string target(v.get_string());
  if (!siblings.contains(target)) {
    c.Error("MISSING_TRANSITION_TARGET", "Missing 'Next' target: " + target, loc);
  }
}

void CheckStatesBlock(Checker& c, const json::Object& owner, const std::string& loc,
                      bool top_level) {
  if (++c.nesting > kMaxNesting) {
    c.Error("TOO_DEEPLY_NESTED", "The states are too deeply nested", loc.empty() ? "/" : loc);
    --c.nesting;
    return;
  }
  RequireFields(c, owner, loc, {"States", "StartAt"});
  const json::Value* start_at = Get(owner, "StartAt");
  if (start_at) ExpectString(c, *start_at, loc + "/StartAt");
  const json::Value* states_v = Get(owner, "States");
  if (!states_v || !ExpectObject(c, *states_v, loc + "/States")) {
    --c.nesting;
    return;
  }
  const json::Object& states = states_v->get_object();
  std::unordered_set<std::string> siblings;
  for (const auto& kv : states) siblings.emplace(kv.key());
  for (const auto& kv : states) {
    std::string name(kv.key());
    CheckState(c, name, kv.value(), loc + "/States/" + name, siblings);
  }

  bool has_terminal = !top_level;
  for (const auto& kv : states) has_terminal = has_terminal || IsTerminal(kv.value());

  // Reachability from StartAt. A dangling StartAt is itself a missing transition target.
  std::unordered_set<std::string> reached;
  if (start_at && start_at->is_string()) {
    std::string start(start_at->get_string());
    if (siblings.contains(start)) {
      std::deque<std::string> todo{start};
      reached.insert(start);
      while (!todo.empty()) {
        std::string cur = std::move(todo.front());
        todo.pop_front();
        for (auto& t : Targets(states.at(cur))) {
          if (siblings.contains(t) && reached.insert(t).second) todo.push_back(t);
        }
      }
    } else {
      c.Error("MISSING_TRANSITION_TARGET", "Missing 'Next' target: " + start, loc + "/StartAt");
    }
  }
  if (has_terminal && start_at && start_at->is_string()) {
    for (const auto& kv : states) {
      std::string name(kv.key());
      if (!reached.contains(name)) {
        c.Error("MISSING_TRANSITION_TARGET", "State \"" + name + "\" is not reachable.",
                loc + "/States/" + name);
      }
    }
  }
  if (!has_terminal) c.Error("MISSING_END_STATE", "Workflow has no terminal state", "");
  --c.nesting;
}

}  // namespace sfn::asl::validate_internal
