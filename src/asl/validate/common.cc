// Shared helpers: diagnostics sink and typed field checks with AWS's schema wording.
#include <cmath>
#include <string>

#include "asl/validate/checker.h"

namespace sfn::asl::validate_internal {

void Checker::Error(std::string_view code, std::string message, std::string location) {
  out_->push_back(
      Diagnostic{Severity::kError, std::string(code), std::move(message), std::move(location)});
}

void Checker::Warning(std::string_view code, std::string message, std::string location) {
  out_->push_back(
      Diagnostic{Severity::kWarning, std::string(code), std::move(message), std::move(location)});
}

const json::Value* Get(const json::Object& o, std::string_view key) {
  auto it = o.find(key);
  return it == o.end() ? nullptr : &it->value();
}

bool IsJsonata(const json::Value& v) {
  if (!v.is_string()) return false;
  std::string_view s = v.get_string();
  return s.size() >= 4 && s.substr(0, 2) == "{%" && s.substr(s.size() - 2) == "%}";
}

std::string_view JsonataBody(std::string_view s) { return s.substr(2, s.size() - 4); }

std::string Bracketed(std::initializer_list<std::string_view> items) {
  std::string out = "[";
  bool first = true;
  for (std::string_view item : items) {
    if (!first) out += ", ";
    out += item;
    first = false;
  }
  return out + "]";
}

namespace {
bool TypeError(Checker& c, std::string_view type, const std::string& loc) {
  c.Schema("Expected value of type [" + std::string(type) + "]", loc);
  return false;
}
}  // namespace

bool ExpectString(Checker& c, const json::Value& v, const std::string& loc) {
  return v.is_string() || TypeError(c, "STRING", loc);
}
bool ExpectBool(Checker& c, const json::Value& v, const std::string& loc) {
  return v.is_bool() || TypeError(c, "BOOLEAN", loc);
}
bool ExpectObject(Checker& c, const json::Value& v, const std::string& loc) {
  return v.is_object() || TypeError(c, "OBJECT", loc);
}
bool ExpectArray(Checker& c, const json::Value& v, const std::string& loc) {
  return v.is_array() || TypeError(c, "ARRAY", loc);
}

bool ExpectInt(Checker& c, const json::Value& v, const std::string& loc, int64_t min, int64_t max,
               bool jsonata) {
  if (jsonata && IsJsonata(v)) {
    CheckJsonataStrings(c, v, loc);
    return true;
  }
  if (!json::IsNumber(v) || !json::IsIntegral(v)) {
    c.Schema("Expected value of type Integer", loc);
    return false;
  }
  double d = json::AsDouble(v);
  if (d < static_cast<double>(min)) {
    c.Schema("Minimum value is " + std::to_string(min), loc);
    return false;
  }
  if (d > static_cast<double>(max)) {
    c.Schema("Maximum value is " + std::to_string(max), loc);
    return false;
  }
  return true;
}

bool ExpectNumber(Checker& c, const json::Value& v, const std::string& loc, double min, double max,
                  bool jsonata) {
  if (jsonata && IsJsonata(v)) {
    CheckJsonataStrings(c, v, loc);
    return true;
  }
  if (!json::IsNumber(v)) return TypeError(c, "NUMBER", loc);
  double d = json::AsDouble(v);
  auto fmt = [](double x) {
    std::string s;
    if (x == std::floor(x) && std::fabs(x) < 1e15) return std::to_string(static_cast<int64_t>(x));
    json::AppendDouble(x, s);
    return s;
  };
  if (d < min) {
    c.Schema("Minimum value is " + fmt(min), loc);
    return false;
  }
  if (d > max) {
    c.Schema("Maximum value is " + fmt(max), loc);
    return false;
  }
  return true;
}

bool ExpectEnum(Checker& c, const json::Value& v, const std::string& loc,
                std::initializer_list<std::string_view> values) {
  if (!ExpectString(c, v, loc)) return false;
  for (std::string_view value : values) {
    if (v.get_string() == value) return true;
  }
  c.Schema("Value should be one of the following: " + Bracketed(values), loc);
  return false;
}

bool RequireFields(Checker& c, const json::Object& o, const std::string& loc,
                   std::initializer_list<std::string_view> fields) {
  std::string missing;
  for (std::string_view f : fields) {
    if (o.contains(f)) continue;
    if (!missing.empty()) missing += ", ";
    missing += f;
  }
  if (missing.empty()) return true;
  c.Schema("These fields are required: [" + missing + "]", loc.empty() ? "/" : loc);
  return false;
}

void RejectUnknownFields(Checker& c, const json::Object& o, const std::string& loc,
                         std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : o) {
    bool known = false;
    for (std::string_view a : allowed) known = known || kv.key() == a;
    if (!known) {
      c.Schema("Field '" + std::string(kv.key()) + "' is not supported", loc.empty() ? "/" : loc);
    }
  }
}

bool Exclusive(Checker& c, const json::Object& o, const std::string& loc,
               std::initializer_list<std::string_view> names) {
  int present = 0;
  for (std::string_view n : names) present += o.contains(n) ? 1 : 0;
  if (present <= 1) return true;
  c.Schema("There should only be one of the following fields: " + Bracketed(names), loc);
  return false;
}

}  // namespace sfn::asl::validate_internal
