// Jayway-style evaluation of compiled JSONPath steps and filters.

#include <algorithm>
#include <cmath>

#include "asl/paths/jsonpath_ast.h"

namespace sfn::asl::paths {
namespace {

// A filter operand's value: a pointer into the documents, an owned value, or undefined.
struct NodeValue {
  const json::Value* ptr = nullptr;
  json::Value owned;
  bool defined = false;
  const json::Value& get() const { return ptr != nullptr ? *ptr : owned; }
};

NodeValue Resolve(const Operand& op, const json::Value& item, const json::Value& root) {
  NodeValue nv;
  if (op.kind == Operand::Kind::kLiteral) {
    nv.ptr = &op.literal;
    nv.defined = true;
    return nv;
  }
  const json::Value& start = op.path.from_root ? root : item;
  if (op.path.definite) {
    nv.ptr = FindDefinite(op.path.steps, start, &nv.owned, nullptr);
    if (nv.ptr == &nv.owned) nv.ptr = nullptr;
    nv.defined = nv.ptr != nullptr || !nv.owned.is_null();
    return nv;
  }
  json::Array arr;
  CollectMatches(op.path.steps, 0, start, root, arr);
  nv.owned = std::move(arr);
  nv.defined = true;
  return nv;
}

int CompareNumbers(const json::Value& a, const json::Value& b) {
  if (a.is_int64() && b.is_int64()) {
    return a.get_int64() < b.get_int64() ? -1 : (a.get_int64() > b.get_int64() ? 1 : 0);
  }
  double x = json::AsDouble(a), y = json::AsDouble(b);
  return x < y ? -1 : (x > y ? 1 : 0);
}

// Jayway ValueNode equality: numbers by value (a numeric string equals the number), strings,
// booleans, null, and JSON arrays/objects by deep equality.
bool JaywayEquals(const json::Value& a, const json::Value& b) {
  if (json::IsNumber(a) && json::IsNumber(b)) return CompareNumbers(a, b) == 0;
  if (json::IsNumber(a) && b.is_string()) {
    auto n = json::Parse(std::string_view(b.get_string()));
    return n.ok() && json::IsNumber(*n) && CompareNumbers(a, *n) == 0;
  }
  if (a.is_string() && json::IsNumber(b)) return JaywayEquals(b, a);
  if (a.kind() != b.kind()) return false;
  return json::Equal(a, b);
}

// Next UTF-16 code unit of UTF-8 text `s` at `i` (`low` carries a pending low surrogate).
uint32_t NextUtf16(std::string_view s, size_t& i, uint32_t& low) {
  if (low != 0) {
    uint32_t u = low;
    low = 0;
    return u;
  }
  unsigned char c = static_cast<unsigned char>(s[i++]);
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  uint32_t cp = extra == 0 ? c : (c & (0x3F >> extra));
  for (int k = 0; k < extra && i < s.size(); ++k) cp = (cp << 6) | (s[i++] & 0x3F);
  if (cp < 0x10000) return cp;
  cp -= 0x10000;
  low = 0xDC00 + (cp & 0x3FF);
  return 0xD800 + (cp >> 10);
}

// java.lang.String.compareTo: lexicographic over UTF-16 code units.
int CompareJavaStrings(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  uint32_t la = 0, lb = 0;
  while ((i < a.size() || la != 0) && (j < b.size() || lb != 0)) {
    uint32_t x = NextUtf16(a, i, la), y = NextUtf16(b, j, lb);
    if (x != y) return x < y ? -1 : 1;
  }
  bool a_left = i < a.size() || la != 0, b_left = j < b.size() || lb != 0;
  return a_left == b_left ? 0 : (a_left ? 1 : -1);
}

bool ArrayHas(const json::Array& arr, const json::Value& v) {
  return std::any_of(arr.begin(), arr.end(),
                     [&](const json::Value& e) { return JaywayEquals(e, v); });
}

bool Compare(const FilterExpr& e, const json::Value& item, const json::Value& root) {
  NodeValue l = Resolve(e.lhs, item, root);
  if (e.op == CompareOp::kRegex) {
    const Operand& re_op = e.rhs.kind == Operand::Kind::kRegex ? e.rhs : e.lhs;
    const Operand& str_op = e.rhs.kind == Operand::Kind::kRegex ? e.lhs : e.rhs;
    if (re_op.kind != Operand::Kind::kRegex) return false;
    NodeValue s = Resolve(str_op, item, root);
    if (!s.defined || !s.get().is_string()) return false;
    const json::String& str = s.get().get_string();
    return std::regex_match(str.begin(), str.end(), *re_op.regex);
  }
  NodeValue r = Resolve(e.rhs, item, root);
  if (!l.defined || !r.defined) return e.op == CompareOp::kNe || e.op == CompareOp::kNin;
  const json::Value& a = l.get();
  const json::Value& b = r.get();
  switch (e.op) {
    case CompareOp::kEq:
      return JaywayEquals(a, b);
    case CompareOp::kNe:
      return !JaywayEquals(a, b);
    case CompareOp::kLt:
    case CompareOp::kLe:
    case CompareOp::kGt:
    case CompareOp::kGe: {
      int c = 0;
      if (json::IsNumber(a) && json::IsNumber(b)) {
        c = CompareNumbers(a, b);
      } else if (a.is_string() && b.is_string()) {
        c = CompareJavaStrings(a.get_string(), b.get_string());
      } else {
        return false;
      }
      if (e.op == CompareOp::kLt) return c < 0;
      if (e.op == CompareOp::kLe) return c <= 0;
      if (e.op == CompareOp::kGt) return c > 0;
      return c >= 0;
    }
    case CompareOp::kIn:
      return b.is_array() && ArrayHas(b.get_array(), a);
    case CompareOp::kNin:
      return !b.is_array() || !ArrayHas(b.get_array(), a);
    case CompareOp::kContains:
      if (a.is_array()) return ArrayHas(a.get_array(), b);
      if (a.is_string() && b.is_string()) {
        return std::string_view(a.get_string()).find(std::string_view(b.get_string())) !=
               std::string_view::npos;
      }
      return false;
    case CompareOp::kSubsetOf:
    case CompareOp::kAnyOf:
    case CompareOp::kNoneOf: {
      if (!a.is_array() || !b.is_array()) return false;
      const json::Array& la = a.get_array();
      auto in_b = [&](const json::Value& v) { return ArrayHas(b.get_array(), v); };
      if (e.op == CompareOp::kSubsetOf) return std::all_of(la.begin(), la.end(), in_b);
      if (e.op == CompareOp::kAnyOf) return std::any_of(la.begin(), la.end(), in_b);
      return std::none_of(la.begin(), la.end(), in_b);
    }
    case CompareOp::kSize: {
      if (!json::IsIntegral(b)) return false;
      double n = json::AsDouble(b);
      if (a.is_array()) return static_cast<double>(a.get_array().size()) == n;
      if (a.is_string()) return static_cast<double>(a.get_string().size()) == n;
      return false;
    }
    case CompareOp::kEmpty: {
      if (!b.is_bool()) return false;
      if (a.is_array()) return a.get_array().empty() == b.get_bool();
      if (a.is_string()) return a.get_string().empty() == b.get_bool();
      return false;
    }
    case CompareOp::kRegex:
      break;
  }
  return false;
}

bool Accept(const FilterExpr& e, const json::Value& item, const json::Value& root) {
  switch (e.kind) {
    case FilterExpr::Kind::kAnd:
      return Accept(*e.children[0], item, root) && Accept(*e.children[1], item, root);
    case FilterExpr::Kind::kOr:
      return Accept(*e.children[0], item, root) || Accept(*e.children[1], item, root);
    case FilterExpr::Kind::kNot:
      return !Accept(*e.children[0], item, root);
    case FilterExpr::Kind::kExists: {
      NodeValue v = Resolve(e.lhs, item, root);
      if (!e.lhs.path.definite) return !v.owned.get_array().empty();
      return v.defined;
    }
    case FilterExpr::Kind::kCompare:
      return Compare(e, item, root);
  }
  return false;
}

// Normalised slice bounds (Jayway/RFC 9535 for positive steps; RFC for negative ones).
void SliceRange(const Segment& s, int64_t len, int64_t& lo, int64_t& hi) {
  auto norm = [len](int64_t i) { return i < 0 ? std::max<int64_t>(0, len + i) : std::min(i, len); };
  if (s.step > 0) {
    lo = s.start ? norm(*s.start) : 0;
    hi = s.end ? norm(*s.end) : len;
  } else {
    auto normn = [len](int64_t i) {
      return i < 0 ? std::max<int64_t>(-1, len + i) : std::min(i, len - 1);
    };
    lo = s.start ? normn(*s.start) : len - 1;
    hi = s.end ? normn(*s.end) : -1;
  }
}

bool ScanMatches(const Segment& target, const json::Value& node) {
  switch (target.kind) {
    case SegmentKind::kProperty: {
      if (!node.is_object()) return false;
      const json::Object& o = node.get_object();
      return std::all_of(target.names.begin(), target.names.end(),
                         [&](const std::string& n) { return o.contains(n); });
    }
    case SegmentKind::kIndex:
    case SegmentKind::kSlice:
      return node.is_array();
    case SegmentKind::kWildcard:
      return true;
    case SegmentKind::kFilter:
    case SegmentKind::kScan:
      return node.is_object() || node.is_array();
  }
  return false;
}

void Scan(const Steps& steps, size_t target, const json::Value& node, const json::Value& root,
          json::Array& out) {
  const Segment& t = steps[target];
  if (ScanMatches(t, node)) {
    if (t.kind == SegmentKind::kFilter) {
      // Jayway applies the filter to the node itself when it is an object.
      if (node.is_object() && Accept(*t.filter, node, root)) {
        CollectMatches(steps, target + 1, node, root, out);
      }
    } else {
      CollectMatches(steps, target, node, root, out);
    }
  }
  if (node.is_object()) {
    for (const auto& kv : node.get_object()) Scan(steps, target, kv.value(), root, out);
  } else if (node.is_array()) {
    for (const json::Value& v : node.get_array()) Scan(steps, target, v, root, out);
  }
}

void AppendNullOr(const json::Value* v, std::string& out) {
  if (v == nullptr) {
    out += "null";
  } else {
    AppendJavaString(*v, out);
  }
}

const char* JavaClassName(const json::Value& v) {
  switch (v.kind()) {
    case json::Kind::object:
      return "java.util.LinkedHashMap";
    case json::Kind::array:
      return "java.util.ArrayList";
    case json::Kind::string:
      return "java.lang.String";
    case json::Kind::bool_:
      return "java.lang.Boolean";
    case json::Kind::double_:
      return "java.lang.Double";
    case json::Kind::int64:
      return v.get_int64() >= INT32_MIN && v.get_int64() <= INT32_MAX ? "java.lang.Integer"
                                                                      : "java.lang.Long";
    case json::Kind::uint64:
      return "java.math.BigInteger";
    case json::Kind::null:
      return "null";
  }
  return "null";
}

}  // namespace

void CollectMatches(const Steps& steps, size_t i, const json::Value& node, const json::Value& root,
                    json::Array& out) {
  if (i == steps.size()) {
    out.push_back(node);
    return;
  }
  const Segment& s = steps[i];
  switch (s.kind) {
    case SegmentKind::kProperty: {
      if (!node.is_object()) return;
      const json::Object& o = node.get_object();
      if (s.names.size() > 1 && i + 1 == steps.size()) {
        json::Object merged;
        for (const std::string& n : s.names) {
          if (const json::Value* v = o.if_contains(n)) merged[n] = *v;
        }
        out.push_back(std::move(merged));
        return;
      }
      for (const std::string& n : s.names) {
        if (const json::Value* v = o.if_contains(n)) CollectMatches(steps, i + 1, *v, root, out);
      }
      return;
    }
    case SegmentKind::kIndex: {
      if (!node.is_array()) return;
      const json::Array& a = node.get_array();
      int64_t len = static_cast<int64_t>(a.size());
      for (int64_t idx : s.indexes) {
        int64_t eff = idx < 0 ? len + idx : idx;
        if (eff >= 0 && eff < len) CollectMatches(steps, i + 1, a[eff], root, out);
      }
      return;
    }
    case SegmentKind::kSlice: {
      if (!node.is_array()) return;
      const json::Array& a = node.get_array();
      int64_t lo = 0, hi = 0;
      SliceRange(s, static_cast<int64_t>(a.size()), lo, hi);
      if (s.step > 0) {
        for (int64_t k = lo; k < hi; k += s.step) CollectMatches(steps, i + 1, a[k], root, out);
      } else {
        for (int64_t k = lo; k > hi; k += s.step) CollectMatches(steps, i + 1, a[k], root, out);
      }
      return;
    }
    case SegmentKind::kWildcard:
      if (node.is_object()) {
        for (const auto& kv : node.get_object())
          CollectMatches(steps, i + 1, kv.value(), root, out);
      } else if (node.is_array()) {
        for (const json::Value& v : node.get_array()) CollectMatches(steps, i + 1, v, root, out);
      }
      return;
    case SegmentKind::kScan:
      Scan(steps, i + 1, node, root, out);
      return;
    case SegmentKind::kFilter:
      if (node.is_object()) {
        if (Accept(*s.filter, node, root)) CollectMatches(steps, i + 1, node, root, out);
      } else if (node.is_array()) {
        // AWS: "The @ operator ... does not match scalar values. It only matches objects."
        // (Developer Guide, "Paths").
        for (const json::Value& v : node.get_array()) {
          if (v.is_object() && Accept(*s.filter, v, root)) {
            CollectMatches(steps, i + 1, v, root, out);
          }
        }
      }
      return;
  }
}

const json::Value* FindDefinite(const Steps& steps, const json::Value& node, json::Value* built,
                                std::string* why) {
  const json::Value* cur = &node;
  for (size_t i = 0; i < steps.size(); ++i) {
    const Segment& s = steps[i];
    bool leaf = i + 1 == steps.size();
    auto path_so_far = [&](size_t upto) {
      std::string p = "$";
      AppendCanonical(Steps(steps.begin(), steps.begin() + upto), p);
      return p;
    };
    if (s.kind == SegmentKind::kProperty) {
      if (!cur->is_object()) {
        if (why != nullptr) {
          std::string frag;
          AppendCanonical(Steps(steps.begin() + i, steps.begin() + i + 1), frag);
          *why = "Expected to find an object with property " + frag + " in path " + path_so_far(i) +
                 " but found '" + JavaClassName(*cur) +
                 "'. This is not a json object according to the JsonProvider: "
                 "'com.jayway.jsonpath.spi.json.JacksonJsonProvider'.";
        }
        return nullptr;
      }
      const json::Object& o = cur->get_object();
      if (s.names.size() > 1) {
        if (!leaf) {
          if (why != nullptr) {
            *why = "Multi properties can only be used as path leafs: " + path_so_far(i + 1);
          }
          return nullptr;
        }
        if (built == nullptr) return nullptr;
        json::Object merged;
        for (const std::string& n : s.names) {
          if (const json::Value* v = o.if_contains(n)) merged[n] = *v;
        }
        *built = std::move(merged);
        return built;
      }
      const json::Value* next = o.if_contains(s.names[0]);
      if (next == nullptr) {
        if (why != nullptr) {
          *why = leaf ? "No results for path: " + path_so_far(steps.size())
                      : "Missing property in path " + path_so_far(i + 1);
        }
        return nullptr;
      }
      cur = next;
    } else {  // single index
      if (!cur->is_array()) {
        if (why != nullptr) {
          if (cur->is_null()) {
            *why = "The path " + path_so_far(i) + " is null";
          } else {
            std::string frag;
            AppendCanonical(Steps(steps.begin() + i, steps.begin() + i + 1), frag);
            *why = "Filter: " + frag + " can only be applied to arrays. Current context is: ";
            AppendNullOr(cur, *why);
          }
        }
        return nullptr;
      }
      const json::Array& a = cur->get_array();
      int64_t len = static_cast<int64_t>(a.size());
      int64_t eff = s.indexes[0] < 0 ? len + s.indexes[0] : s.indexes[0];
      if (eff < 0 || eff >= len) {
        if (why != nullptr) *why = "No results for path: " + path_so_far(steps.size());
        return nullptr;
      }
      cur = &a[eff];
    }
  }
  return cur;
}

void AppendJavaString(const json::Value& v, std::string& out) {
  switch (v.kind()) {
    case json::Kind::string:
      out.append(v.get_string().data(), v.get_string().size());
      return;
    case json::Kind::object: {
      out += '{';
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out += ", ";
        first = false;
        out.append(kv.key().data(), kv.key().size());
        out += '=';
        AppendJavaString(kv.value(), out);
      }
      out += '}';
      return;
    }
    case json::Kind::array: {
      out += '[';
      bool first = true;
      for (const json::Value& e : v.get_array()) {
        if (!first) out += ", ";
        first = false;
        AppendJavaString(e, out);
      }
      out += ']';
      return;
    }
    default:
      json::SerializeTo(v, out);
      return;
  }
}

}  // namespace sfn::asl::paths
