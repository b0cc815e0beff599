// Internal JSONata value model: undefined, JSON values, sequences with flags, functions.
// Values are cheap to copy (one shared_ptr); containers are immutable once published, except
// for freshly cloned data inside a transform expression.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "json/json.h"

namespace sfn::jsonata::internal {

struct Array;
struct Object;
struct Function;

enum class Type : uint8_t {
  kUndefined,
  kNull,
  kBool,
  kNumber,
  kString,
  kArray,
  kObject,
  kFunction
};

class Value {
 public:
  Value() = default;
  static Value Null() { return Value(Type::kNull); }
  static Value Bool(bool b) {
    Value v(Type::kBool);
    v.b_ = b;
    return v;
  }
  static Value Number(double d) {
    Value v(Type::kNumber);
    v.n_ = d;
    return v;
  }
  static Value String(std::string s);
  static Value Str(std::shared_ptr<const std::string> s) {
    Value v(Type::kString);
    v.p_ = std::const_pointer_cast<std::string>(std::move(s));
    return v;
  }
  static Value MakeArray(std::shared_ptr<Array> a) {
    Value v(Type::kArray);
    v.p_ = std::move(a);
    return v;
  }
  static Value MakeObject(std::shared_ptr<Object> o) {
    Value v(Type::kObject);
    v.p_ = std::move(o);
    return v;
  }
  static Value MakeFunction(std::shared_ptr<Function> f) {
    Value v(Type::kFunction);
    v.p_ = std::move(f);
    return v;
  }

  Type type() const { return t_; }
  bool undefined() const { return t_ == Type::kUndefined; }
  bool defined() const { return t_ != Type::kUndefined; }
  bool is_null() const { return t_ == Type::kNull; }
  bool is_bool() const { return t_ == Type::kBool; }
  bool is_number() const { return t_ == Type::kNumber; }
  bool is_string() const { return t_ == Type::kString; }
  bool is_array() const { return t_ == Type::kArray; }
  bool is_object() const { return t_ == Type::kObject; }
  bool is_function() const { return t_ == Type::kFunction; }

  bool boolean() const { return b_; }
  double number() const { return n_; }
  const std::string& str() const { return *static_cast<const std::string*>(p_.get()); }
  Array& arr() const { return *static_cast<Array*>(p_.get()); }
  Object& obj() const { return *static_cast<Object*>(p_.get()); }
  Function& fn() const { return *static_cast<Function*>(p_.get()); }
  const void* identity() const { return p_.get(); }

 private:
  explicit Value(Type t) : t_(t) {}
  Type t_ = Type::kUndefined;
  bool b_ = false;
  double n_ = 0;
  std::shared_ptr<void> p_;
};

// An array, or a sequence (result of a path) with the flags JSONata tracks.
struct Array {
  std::vector<Value> items;
  bool sequence = false;
  bool keep_singleton = false;
  bool cons = false;
  bool outer_wrapper = false;
  bool tuple_stream = false;
};

// An object with insertion-ordered keys; an index is built for larger objects.
struct Object {
  std::vector<std::pair<std::string, Value>> entries;

  const Value* Get(std::string_view key) const;
  Value* GetMut(std::string_view key);
  void Set(std::string key, Value v);
  void Erase(std::string_view key);
  size_t size() const { return entries.size(); }

 private:
  void BuildIndex() const;
  mutable std::unique_ptr<std::unordered_map<std::string_view, size_t>> index_;
};

Value NewArray(std::vector<Value> items = {});
Value NewSequence(std::vector<Value> items = {});
Value NewObject();
// Sequence helpers.
inline bool IsSequence(const Value& v) { return v.is_array() && v.arr().sequence; }

// Conversion at the boundary.
Value FromJson(const json::Value& v);
// Converts to JSON; undefined members are dropped, functions become "" (as JSON.stringify
// does with JSONata's replacer) unless `fail_on_function` is set, in which case returns false.
bool ToJson(const Value& v, json::Value& out, bool fail_on_function);

// JavaScript Number.prototype.toString for finite doubles.
void AppendJsNumber(double d, std::string& out);
std::string JsNumber(double d);
// JSON.stringify-like serialisation used by $string (numbers rounded to 15 significant digits).
void Stringify(const Value& v, bool pretty, int indent, std::string& out);

// Deep equality (JSONata isDeepEqual).
bool DeepEqual(const Value& a, const Value& b);
// Deep copy of arrays and objects.
Value DeepClone(const Value& v);

// "string", "number", "boolean", "null", "array", "object", "function" or "undefined".
const char* TypeOf(const Value& v);

}  // namespace sfn::jsonata::internal
