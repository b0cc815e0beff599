// The States.* intrinsic functions (Amazon States Language spec, "Intrinsic Functions"; AWS
// Step Functions Developer Guide, "Intrinsic functions for JSONPath").

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "asl/paths/intrinsics_ast.h"
#include "asl/paths/java_compat.h"
#include "asl/paths/jsonpath_ast.h"

namespace sfn::asl::intrinsics {
namespace {

__extension__ using Int128 = __int128;  // GCC/Clang extension; overflow-free range math

constexpr size_t kMaxEncodedChars = 10000;
constexpr int64_t kMaxRangeItems = 1000;

Failure Fail(const Call& call, const std::string& what) {
  return Failure{errors::kIntrinsicFailure, "Invalid arguments in " + call.name + ": " + what};
}

// Java's Math.round: half up.
int64_t JavaRound(double d) { return static_cast<int64_t>(std::floor(d + 0.5)); }

// An integer argument: integral numbers only (2 and 2.0).
bool AsInteger(const json::Value& v, int64_t& out) {
  if (v.is_int64()) {
    out = v.get_int64();
    return true;
  }
  if (v.is_uint64()) return false;
  if (v.is_double() && std::isfinite(v.get_double()) &&
      std::trunc(v.get_double()) == v.get_double() && std::fabs(v.get_double()) < 9.0e18) {
    out = static_cast<int64_t>(v.get_double());
    return true;
  }
  return false;
}

// A number argument rounded like Java's Math.round.
bool AsRounded(const json::Value& v, int64_t& out) {
  if (v.is_int64()) {
    out = v.get_int64();
    return true;
  }
  if (v.is_double() && std::isfinite(v.get_double()) && std::fabs(v.get_double()) < 9.0e18) {
    out = JavaRound(v.get_double());
    return true;
  }
  return false;
}

// Length in Java chars (UTF-16 code units) of UTF-8 text.
size_t Utf16Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) n += (c >= 0xF0) ? 2 : 1;
  }
  return n;
}

// Jackson JsonNode equality: numbers equal only within the same kind (1 != 1.0), objects
// regardless of key order.
bool JacksonEquals(const json::Value& a, const json::Value& b) {
  bool ai = a.is_int64() || a.is_uint64(), bi = b.is_int64() || b.is_uint64();
  if (ai || bi) return ai && bi && json::Equal(a, b);
  if (a.kind() != b.kind()) return false;
  if (a.is_array()) {
    const json::Array &x = a.get_array(), &y = b.get_array();
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (!JacksonEquals(x[i], y[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    const json::Object &x = a.get_object(), &y = b.get_object();
    if (x.size() != y.size()) return false;
    for (const auto& kv : x) {
      const json::Value* other = y.if_contains(kv.key());
      if (other == nullptr || !JacksonEquals(kv.value(), *other)) return false;
    }
    return true;
  }
  return a == b;
}

// A hash consistent with JacksonEquals.
size_t JacksonHash(const json::Value& v) {
  switch (v.kind()) {
    case json::Kind::object: {
      size_t h = 0x9e37;
      for (const auto& kv : v.get_object()) {
        h += std::hash<std::string_view>()(kv.key()) * 31 ^ JacksonHash(kv.value());
      }
      return h;
    }
    case json::Kind::array: {
      size_t h = 0x51ed;
      for (const json::Value& e : v.get_array()) h = h * 1000003 ^ JacksonHash(e);
      return h;
    }
    case json::Kind::string:
      return std::hash<std::string_view>()(v.get_string());
    case json::Kind::int64:
      return std::hash<int64_t>()(v.get_int64());
    case json::Kind::uint64:
      return std::hash<uint64_t>()(v.get_uint64());
    case json::Kind::double_:
      return std::hash<double>()(v.get_double());
    case json::Kind::bool_:
      return v.get_bool() ? 1 : 2;
    case json::Kind::null:
      return 3;
  }
  return 0;
}

// java.util.Random (48-bit LCG), so a seed gives the same sequence as on AWS.
class JavaRandom {
 public:
  explicit JavaRandom(int64_t seed) : seed_((static_cast<uint64_t>(seed) ^ kMultiplier) & kMask) {}
  int32_t NextInt(int32_t bound) {
    if ((bound & -bound) == bound) {
      return static_cast<int32_t>((static_cast<int64_t>(bound) * Next(31)) >> 31);
    }
    int64_t bits = 0, val = 0;
    do {
      bits = Next(31);
      val = bits % bound;
    } while (bits - val + (bound - 1) > INT32_MAX);
    return static_cast<int32_t>(val);
  }

 private:
  static constexpr uint64_t kMultiplier = 0x5DEECE66DULL;
  static constexpr uint64_t kMask = (1ULL << 48) - 1;
  int32_t Next(int bits) {
    seed_ = (seed_ * kMultiplier + 0xBULL) & kMask;
    return static_cast<int32_t>(static_cast<uint32_t>(seed_ >> (48 - bits)));
  }
  uint64_t seed_;
};

void AppendFormatArg(const json::Value& v, std::string& out) {
  if (v.is_string()) {
    out.append(v.get_string().data(), v.get_string().size());
  } else {
    paths::AppendJavaString(v, out);
  }
}

Outcome<json::Value> Format(const Call& call, const std::vector<ArgValue>& args) {
  const json::Value& tmpl = args[0].get();
  if (!tmpl.is_string()) return Fail(call, "the format template must be a string");
  std::vector<std::string> runtime_parts;
  const std::vector<std::string>* parts = &args[0].source->format_parts;
  if (args[0].source->kind != Arg::Kind::kLiteral) {
    std::string_view t(tmpl.get_string());
    size_t start = 0;
    for (size_t p = t.find("{}"); p != std::string_view::npos; p = t.find("{}", start)) {
      runtime_parts.emplace_back(t.substr(start, p - start));
      start = p + 2;
    }
    runtime_parts.emplace_back(t.substr(start));
    parts = &runtime_parts;
  }
  if (parts->size() != args.size()) {
    return Fail(call, "the number of arguments (" + std::to_string(args.size() - 1) +
                          ") does not match the number of placeholders (" +
                          std::to_string(parts->size() - 1) + ")");
  }
  std::string out = (*parts)[0];
  for (size_t i = 1; i < parts->size(); ++i) {
    AppendFormatArg(args[i].get(), out);
    out += (*parts)[i];
  }
  return json::Value(json::String(out));
}

Outcome<json::Value> StringToJson(const Call& call, const json::Value& s) {
  if (!s.is_string()) return Fail(call, "the argument must be a string");
  std::string_view t(s.get_string());
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
  if (t.empty()) return json::Value(nullptr);
  auto v = json::Parse(t);
  if (!v.ok()) return Fail(call, "the argument is not valid JSON: " + v.status().message());
  return std::move(v).value();
}

Outcome<json::Value> ArrayPartition(const Call& call, const json::Value& a, const json::Value& n) {
  int64_t size = 0;
  if (!a.is_array()) return Fail(call, "the first argument must be an array");
  if (!AsInteger(n, size) || size <= 0) {
    return Fail(call, "the chunk size must be a positive integer");
  }
  json::Array out;
  const json::Array& arr = a.get_array();
  for (size_t i = 0; i < arr.size(); i += static_cast<size_t>(size)) {
    json::Array chunk;
    for (size_t j = i; j < arr.size() && j < i + static_cast<size_t>(size); ++j) {
      chunk.push_back(arr[j]);
    }
    out.push_back(std::move(chunk));
  }
  return json::Value(std::move(out));
}

Outcome<json::Value> ArrayRange(const Call& call, const std::vector<ArgValue>& args) {
  int64_t first = 0, last = 0, step = 0;
  if (!AsInteger(args[0].get(), first) || !AsInteger(args[1].get(), last) ||
      !AsInteger(args[2].get(), step)) {
    return Fail(call, "the arguments must be integers");
  }
  if (step == 0) return Fail(call, "the step must not be 0");
  json::Array out;
  if ((step > 0 && first > last) || (step < 0 && first < last)) return json::Value(out);
  Int128 count = (static_cast<Int128>(last) - first) / step + 1;
  if (count > kMaxRangeItems) {
    return Fail(call, "the range would have more than the maximum of 1000 items");
  }
  for (int64_t i = 0; i < static_cast<int64_t>(count); ++i) out.push_back(first + i * step);
  return json::Value(std::move(out));
}

Outcome<json::Value> ArrayUnique(const json::Array& arr) {
  json::Array out;
  std::unordered_multimap<size_t, size_t> seen;  // hash -> index in out
  for (const json::Value& v : arr) {
    size_t h = JacksonHash(v);
    auto [lo, hi] = seen.equal_range(h);
    bool dup = false;
    for (auto it = lo; it != hi && !dup; ++it) dup = JacksonEquals(out[it->second], v);
    if (dup) continue;
    seen.emplace(h, out.size());
    out.push_back(v);
  }
  return json::Value(std::move(out));
}

Outcome<json::Value> Base64Encode(const Call& call, const json::Value& s) {
  if (!s.is_string()) return Fail(call, "the argument must be a string");
  std::string_view in(s.get_string());
  if (Utf16Length(in) > kMaxEncodedChars) {
    return Fail(call, "the input exceeds the maximum of 10000 characters");
  }
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  out.resize(static_cast<size_t>(n));
  return json::Value(json::String(out));
}

Outcome<json::Value> Base64Decode(const Call& call, const json::Value& s) {
  if (!s.is_string()) return Fail(call, "the argument must be a string");
  std::string_view in(s.get_string());
  if (Utf16Length(in) > kMaxEncodedChars) {
    return Fail(call, "the input exceeds the maximum of 10000 characters");
  }
  if (in.size() % 4 != 0) return Fail(call, "the argument is not valid base64");
  std::string out(in.size() / 4 * 3 + 1, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  if (n < 0) return Fail(call, "the argument is not valid base64");
  size_t pad = 0;
  if (!in.empty() && in.back() == '=') pad = (in.size() >= 2 && in[in.size() - 2] == '=') ? 2 : 1;
  out.resize(static_cast<size_t>(n) - pad);
  return json::Value(json::String(out));
}

Outcome<json::Value> Hash(const Call& call, const json::Value& data, const json::Value& alg) {
  if (!alg.is_string()) return Fail(call, "the algorithm must be a string");
  std::string_view name(alg.get_string());
  const EVP_MD* md = name == "MD5"       ? EVP_md5()
                     : name == "SHA-1"   ? EVP_sha1()
                     : name == "SHA-256" ? EVP_sha256()
                     : name == "SHA-384" ? EVP_sha384()
                     : name == "SHA-512" ? EVP_sha512()
                                         : nullptr;
  if (md == nullptr) {
    return Fail(call, "the algorithm '" + std::string(name) +
                          "' is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
  }
  std::string text = data.is_string() ? std::string(data.get_string()) : json::Serialize(data);
  if (Utf16Length(text) > kMaxEncodedChars) {
    return Fail(call, "the input exceeds the maximum of 10000 characters");
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &len, md, nullptr) != 1) {
    return Fail(call, "hashing failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return json::Value(json::String(hex));
}

Outcome<json::Value> JsonMerge(const Call& call, const std::vector<ArgValue>& args) {
  const json::Value &a = args[0].get(), &b = args[1].get(), &deep = args[2].get();
  if (!a.is_object() || !b.is_object())
    return Fail(call, "the first two arguments must be objects");
  if (!deep.is_bool()) return Fail(call, "the third argument must be a boolean");
  if (deep.get_bool()) return Fail(call, "deep merge is not supported; use false");
  // AWS merges into a java.util.HashMap, so the result's keys come out in HashMap order
  // (recorded: {a,b,d} + {a,c,d} gives a,b,c,d).
  const json::Object &x = a.get_object(), &y = b.get_object();
  std::vector<std::string_view> keys;
  keys.reserve(x.size() + y.size());
  for (const auto& kv : x) keys.push_back(kv.key());
  for (const auto& kv : y) {
    if (!x.contains(kv.key())) keys.push_back(kv.key());
  }
  paths::SortInJavaHashMapOrder(keys,
                                paths::JavaHashMapCopyCapacity(x.size(), y.size(), keys.size()));
  json::Object out;
  out.reserve(keys.size());
  for (std::string_view k : keys) {
    const json::Value* v = y.if_contains(k);
    out.emplace(k, v != nullptr ? *v : x.at(k));
  }
  return json::Value(std::move(out));
}

Outcome<json::Value> MathRandom(const Call& call, const std::vector<ArgValue>& args) {
  int64_t start = 0, end = 0, seed = 0;
  if (!AsRounded(args[0].get(), start) || !AsRounded(args[1].get(), end)) {
    return Fail(call, "the start and end must be numbers");
  }
  if (args.size() == 3) {
    if (!AsRounded(args[2].get(), seed)) return Fail(call, "the seed must be a number");
  } else if (RAND_bytes(reinterpret_cast<unsigned char*>(&seed), sizeof(seed)) != 1) {
    return Fail(call, "no randomness available");
  }
  Int128 bound = static_cast<Int128>(end) - start + 1;
  if (start > end || bound > INT32_MAX) {
    return Fail(call, "the start must not be greater than the end");
  }
  JavaRandom rng(seed);
  return json::Value(start + rng.NextInt(static_cast<int32_t>(bound)));
}

// Decodes one UTF-8 code point starting at s[i]; advances i.
uint32_t NextCodePoint(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i++]);
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  uint32_t cp = extra == 0 ? c : (c & (0x3F >> extra));
  for (int k = 0; k < extra && i < s.size(); ++k) cp = (cp << 6) | (s[i++] & 0x3F);
  return cp;
}

// java.util.StringTokenizer: every character of `delims` separates; empty tokens are dropped.
Outcome<json::Value> StringSplit(const Call& call, const json::Value& s, const json::Value& d) {
  if (!s.is_string() || !d.is_string()) return Fail(call, "the arguments must be strings");
  std::string_view text(s.get_string()), delims(d.get_string());
  std::vector<uint32_t> set;
  for (size_t i = 0; i < delims.size();) set.push_back(NextCodePoint(delims, i));
  json::Array out;
  size_t token_start = 0;
  for (size_t i = 0; i < text.size();) {
    size_t at = i;
    uint32_t cp = NextCodePoint(text, i);
    if (std::find(set.begin(), set.end(), cp) == set.end()) continue;
    if (at > token_start) out.push_back(json::String(text.substr(token_start, at - token_start)));
    token_start = i;
  }
  if (text.size() > token_start) out.push_back(json::String(text.substr(token_start)));
  return json::Value(std::move(out));
}

Outcome<json::Value> Uuid(const Call& call) {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof(b)) != 1) return Fail(call, "no randomness available");
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[b[i] >> 4];
    out += kHex[b[i] & 15];
  }
  return json::Value(json::String(out));
}

}  // namespace

Outcome<json::Value> Apply(const Call& call, const std::vector<ArgValue>& args) {
  auto arg = [&](size_t i) -> const json::Value& { return args[i].get(); };
  switch (call.fn) {
    case Fn::kFormat:
      return Format(call, args);
    case Fn::kStringToJson:
      return StringToJson(call, arg(0));
    case Fn::kJsonToString:
      return json::Value(json::String(json::Serialize(arg(0))));
    case Fn::kArray: {
      json::Array out;
      out.reserve(args.size());
      for (const ArgValue& a : args) out.push_back(a.get());
      return json::Value(std::move(out));
    }
    case Fn::kArrayPartition:
      return ArrayPartition(call, arg(0), arg(1));
    case Fn::kArrayContains: {
      if (!arg(0).is_array()) return Fail(call, "the first argument must be an array");
      const json::Array& a = arg(0).get_array();
      bool found = std::any_of(a.begin(), a.end(),
                               [&](const json::Value& e) { return JacksonEquals(e, arg(1)); });
      return json::Value(found);
    }
    case Fn::kArrayRange:
      return ArrayRange(call, args);
    case Fn::kArrayGetItem: {
      int64_t index = 0;
      if (!arg(0).is_array()) return Fail(call, "the first argument must be an array");
      if (!AsInteger(arg(1), index)) return Fail(call, "the index must be an integer");
      const json::Array& a = arg(0).get_array();
      if (index < 0 || index >= static_cast<int64_t>(a.size())) {
        return Fail(call, "the index " + std::to_string(index) +
                              " is out of bounds for an array of length " +
                              std::to_string(a.size()));
      }
      return a[static_cast<size_t>(index)];
    }
    case Fn::kArrayLength:
      if (!arg(0).is_array()) return Fail(call, "the argument must be an array");
      return json::Value(static_cast<int64_t>(arg(0).get_array().size()));
    case Fn::kArrayUnique:
      if (!arg(0).is_array()) return Fail(call, "the argument must be an array");
      return ArrayUnique(arg(0).get_array());
    case Fn::kBase64Encode:
      return Base64Encode(call, arg(0));
    case Fn::kBase64Decode:
      return Base64Decode(call, arg(0));
    case Fn::kHash:
      return Hash(call, arg(0), arg(1));
    case Fn::kJsonMerge:
      return JsonMerge(call, args);
    case Fn::kMathRandom:
      return MathRandom(call, args);
    case Fn::kMathAdd: {
      int64_t a = 0, b = 0;
      if (!AsRounded(arg(0), a) || !AsRounded(arg(1), b)) {
        return Fail(call, "the arguments must be numbers");
      }
      int64_t sum = 0;
      if (__builtin_add_overflow(a, b, &sum)) return Fail(call, "the sum is out of range");
      return json::Value(sum);
    }
    case Fn::kStringSplit:
      return StringSplit(call, arg(0), arg(1));
    case Fn::kUuid:
      return Uuid(call);
  }
  return Fail(call, "unknown function");
}

}  // namespace sfn::asl::intrinsics
