// Internal JSONata value model: construction, JSON conversion, JS number formatting.
#include "asl/jsonata/value.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace sfn::jsonata::internal {

Value Value::String(std::string s) {
  Value v(Type::kString);
  v.p_ = std::make_shared<std::string>(std::move(s));
  return v;
}

const Value* Object::Get(std::string_view key) const {
  if (entries.size() > 8) {
    if (!index_) BuildIndex();
    auto it = index_->find(key);
    return it == index_->end() ? nullptr : &entries[it->second].second;
  }
  for (const auto& [k, v] : entries) {
    if (k == key) return &v;
  }
  return nullptr;
}

Value* Object::GetMut(std::string_view key) { return const_cast<Value*>(Get(key)); }

void Object::BuildIndex() const {
  index_ = std::make_unique<std::unordered_map<std::string_view, size_t>>();
  index_->reserve(entries.size() * 2);
  for (size_t i = 0; i < entries.size(); ++i) (*index_)[entries[i].first] = i;
}

void Object::Set(std::string key, Value v) {
  if (Value* existing = GetMut(key)) {
    *existing = std::move(v);
    return;
  }
  index_.reset();
  entries.emplace_back(std::move(key), std::move(v));
}

void Object::Erase(std::string_view key) {
  for (auto it = entries.begin(); it != entries.end(); ++it) {
    if (it->first == key) {
      index_.reset();
      entries.erase(it);
      return;
    }
  }
}

Value NewArray(std::vector<Value> items) {
  auto a = std::make_shared<Array>();
  a->items = std::move(items);
  return Value::MakeArray(std::move(a));
}

Value NewSequence(std::vector<Value> items) {
  auto a = std::make_shared<Array>();
  a->items = std::move(items);
  a->sequence = true;
  return Value::MakeArray(std::move(a));
}

Value NewObject() { return Value::MakeObject(std::make_shared<Object>()); }

Value FromJson(const json::Value& v) {
  switch (v.kind()) {
    case json::Kind::null:
      return Value::Null();
    case json::Kind::bool_:
      return Value::Bool(v.get_bool());
    case json::Kind::int64:
      return Value::Number(static_cast<double>(v.get_int64()));
    case json::Kind::uint64:
      return Value::Number(static_cast<double>(v.get_uint64()));
    case json::Kind::double_:
      return Value::Number(v.get_double());
    case json::Kind::string:
      return Value::String(std::string(v.get_string()));
    case json::Kind::array: {
      auto a = std::make_shared<Array>();
      a->items.reserve(v.get_array().size());
      for (const auto& e : v.get_array()) a->items.push_back(FromJson(e));
      return Value::MakeArray(std::move(a));
    }
    case json::Kind::object: {
      auto o = std::make_shared<Object>();
      o->entries.reserve(v.get_object().size());
      for (const auto& e : v.get_object()) o->Set(std::string(e.key()), FromJson(e.value()));
      return Value::MakeObject(std::move(o));
    }
  }
  return Value();
}

static json::Value NumberToJson(double d) {
  if (d == std::floor(d) && std::fabs(d) <= 9007199254740991.0) {
    return json::Value(static_cast<int64_t>(d));
  }
  return json::Value(d);
}

bool ToJson(const Value& v, json::Value& out, bool fail_on_function) {
  switch (v.type()) {
    case Type::kUndefined:
    case Type::kNull:
      out = nullptr;
      return true;
    case Type::kBool:
      out = v.boolean();
      return true;
    case Type::kNumber:
      out = NumberToJson(v.number());
      return true;
    case Type::kString:
      out = json::String(v.str());
      return true;
    case Type::kFunction:
      if (fail_on_function) return false;
      out = json::String("");
      return true;
    case Type::kArray: {
      json::Array a;
      a.reserve(v.arr().items.size());
      for (const auto& e : v.arr().items) {
        if (e.undefined()) continue;
        json::Value j;
        if (!ToJson(e, j, fail_on_function)) return false;
        a.push_back(std::move(j));
      }
      out = std::move(a);
      return true;
    }
    case Type::kObject: {
      json::Object o;
      for (const auto& [k, e] : v.obj().entries) {
        if (e.undefined()) continue;
        json::Value j;
        if (!ToJson(e, j, fail_on_function)) return false;
        o[k] = std::move(j);
      }
      out = std::move(o);
      return true;
    }
  }
  return true;
}

void AppendJsNumber(double d, std::string& out) {
  if (std::isnan(d)) {
    out += "NaN";
    return;
  }
  if (std::isinf(d)) {
    out += d < 0 ? "-Infinity" : "Infinity";
    return;
  }
  if (d == 0) {
    out += '0';
    return;
  }
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::scientific);
  std::string_view s(buf, r.ptr - buf);
  bool neg = false;
  if (s[0] == '-') {
    neg = true;
    s.remove_prefix(1);
  }
  size_t epos = s.find('e');
  std::string digits;
  for (char c : s.substr(0, epos)) {
    if (c != '.') digits += c;
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  int exp = std::atoi(std::string(s.substr(epos + 1)).c_str());
  int k = static_cast<int>(digits.size());
  int n = exp + 1;
  if (neg) out += '-';
  if (k <= n && n <= 21) {
    out += digits;
    out.append(n - k, '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, n);
    out += '.';
    out += digits.substr(n);
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(-n, '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += 'e';
    out += (n - 1 < 0) ? '-' : '+';
    out += std::to_string(std::abs(n - 1));
  }
}

std::string JsNumber(double d) {
  std::string s;
  AppendJsNumber(d, s);
  return s;
}

// JSON.stringify's string escaping is the JSON layer's (quotes, backslash, \b\f\n\r\t, \u00xx).
static void AppendJsonString(const std::string& s, std::string& out) { json::AppendQuoted(s, out); }

static void Newline(bool pretty, int indent, std::string& out) {
  if (!pretty) return;
  out += '\n';
  out.append(indent * 2, ' ');
}

void Stringify(const Value& v, bool pretty, int indent, std::string& out) {
  switch (v.type()) {
    case Type::kUndefined:
    case Type::kNull:
      out += "null";
      return;
    case Type::kBool:
      out += v.boolean() ? "true" : "false";
      return;
    case Type::kNumber: {
      double d = v.number();
      if (!std::isfinite(d)) {
        out += "null";
        return;
      }
      if (d == std::floor(d)) {
        AppendJsNumber(d, out);
        return;
      }
      char buf[40];
      std::snprintf(buf, sizeof(buf), "%.14e", d);
      AppendJsNumber(std::strtod(buf, nullptr), out);
      return;
    }
    case Type::kString:
      AppendJsonString(v.str(), out);
      return;
    case Type::kFunction:
      out += "\"\"";
      return;
    case Type::kArray: {
      const auto& items = v.arr().items;
      if (items.empty()) {
        out += "[]";
        return;
      }
      out += '[';
      bool first = true;
      for (const auto& e : items) {
        if (!first) out += ',';
        first = false;
        Newline(pretty, indent + 1, out);
        Stringify(e, pretty, indent + 1, out);
      }
      Newline(pretty, indent, out);
      out += ']';
      return;
    }
    case Type::kObject: {
      bool first = true;
      out += '{';
      for (const auto& [k, e] : v.obj().entries) {
        if (e.undefined()) continue;
        if (!first) out += ',';
        first = false;
        Newline(pretty, indent + 1, out);
        AppendJsonString(k, out);
        out += pretty ? ": " : ":";
        Stringify(e, pretty, indent + 1, out);
      }
      if (!first) Newline(pretty, indent, out);
      out += '}';
      return;
    }
  }
}

bool DeepEqual(const Value& a, const Value& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Type::kUndefined:
    case Type::kNull:
      return true;
    case Type::kBool:
      return a.boolean() == b.boolean();
    case Type::kNumber:
      return a.number() == b.number();
    case Type::kString:
      return a.str() == b.str();
    case Type::kFunction:
      return a.identity() == b.identity();
    case Type::kArray: {
      const auto& x = a.arr().items;
      const auto& y = b.arr().items;
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (!DeepEqual(x[i], y[i])) return false;
      }
      return true;
    }
    case Type::kObject: {
      const auto& x = a.obj();
      const auto& y = b.obj();
      if (x.size() != y.size()) return false;
      for (const auto& [k, v] : x.entries) {
        const Value* o = y.Get(k);
        if (!o || !DeepEqual(v, *o)) return false;
      }
      return true;
    }
  }
  return false;
}

Value DeepClone(const Value& v) {
  if (v.is_array()) {
    auto a = std::make_shared<Array>(v.arr());
    for (auto& e : a->items) e = DeepClone(e);
    return Value::MakeArray(std::move(a));
  }
  if (v.is_object()) {
    auto o = std::make_shared<Object>();
    for (const auto& [k, e] : v.obj().entries) o->entries.emplace_back(k, DeepClone(e));
    return Value::MakeObject(std::move(o));
  }
  return v;
}

const char* TypeOf(const Value& v) {
  switch (v.type()) {
    case Type::kUndefined:
      return "undefined";
    case Type::kNull:
      return "null";
    case Type::kBool:
      return "boolean";
    case Type::kNumber:
      return "number";
    case Type::kString:
      return "string";
    case Type::kArray:
      return "array";
    case Type::kObject:
      return "object";
    case Type::kFunction:
      return "function";
  }
  return "undefined";
}

}  // namespace sfn::jsonata::internal
