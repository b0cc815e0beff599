// JSONata string functions: $string, $length, $substring*, case, $trim, $pad, $contains,
// $split, $join, $match, $replace, base64 and URL encoding.
#include <cmath>

#include "asl/jsonata/functions.h"
#include "common/utf8.h"

namespace sfn::jsonata::internal {

std::u32string ToU32(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    char32_t cp;
    int len;
    if (c < 0x80) {
      cp = c;
      len = 1;
    } else if ((c >> 5) == 6) {
      cp = c & 0x1F;
      len = 2;
    } else if ((c >> 4) == 14) {
      cp = c & 0x0F;
      len = 3;
    } else {
      cp = c & 0x07;
      len = 4;
    }
    for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    out += cp;
    i += len;
  }
  return out;
}

std::string FromU32(std::u32string_view s) {
  std::string out;
  for (char32_t cp : s) AppendUtf8(static_cast<std::uint32_t>(cp), out);
  return out;
}

size_t Utf16Length(std::string_view s) {
  size_t n = 0;
  for (char32_t cp : ToU32(s)) n += cp >= 0x10000 ? 2 : 1;
  return n;
}

static void CheckFinite(const Value& v);

void AppendStringValue(const Value& v, std::string& out) {
  if (v.is_string()) {
    out += v.str();
    return;
  }
  if (v.is_function()) return;
  if (v.is_number() && !std::isfinite(v.number())) Throw("D3001", v);
  Value x = v;
  if (x.is_array() && x.arr().outer_wrapper && !x.arr().items.empty()) x = x.arr().items[0];
  CheckFinite(x);
  Stringify(x, false, 0, out);
}

static void CheckFinite(const Value& v) {
  if (v.is_number() && !std::isfinite(v.number())) Throw("D1001", v);
  if (v.is_array()) {
    for (const auto& e : v.arr().items) CheckFinite(e);
  } else if (v.is_object()) {
    for (const auto& [k, e] : v.obj().entries) CheckFinite(e);
  }
}

std::string ToStr(const Value& in, bool pretty) {
  if (in.is_string()) return in.str();
  std::string s;
  if (in.is_function()) return s;
  if (in.is_number() && !std::isfinite(in.number())) Throw("D3001", in);
  Value v = in;
  if (v.is_array() && v.arr().outer_wrapper && !v.arr().items.empty()) v = v.arr().items[0];
  CheckFinite(v);
  Stringify(v, pretty, 0, s);
  return s;
}

Value CallHof(Evaluator& ev, const Value& fn, const Value& a, const Value& b, const Value& c,
              const Value& input) {
  int arity = FunctionArity(fn);
  std::vector<Value> args{a};
  if (arity >= 2) args.push_back(b);
  if (arity >= 3) args.push_back(c);
  return ev.Apply(fn, std::move(args), input, ev.root_env);
}

std::vector<Value> ItemsOf(const Value& v) {
  if (v.undefined()) return {};
  if (v.is_array()) return v.arr().items;
  return {v};
}

Value MatchObject(const MatchInfo& m, const std::string& subject) {
  auto o = std::make_shared<Object>();
  o->Set("match", Value::String(m.match));
  o->Set("index", Value::Number(static_cast<double>(Utf16Length(subject.substr(0, m.start)))));
  std::vector<Value> groups;
  for (const auto& [ok, g] : m.groups) groups.push_back(Value::String(ok ? g : ""));
  o->Set("groups", NewArray(std::move(groups)));
  return Value::MakeObject(std::move(o));
}

std::vector<MatchInfo> AllMatches(Evaluator& ev, const Value& matcher, const std::string& s,
                                  int64_t limit, const Value& input) {
  std::vector<MatchInfo> out;
  if (limit == 0) return out;
  if (!matcher.is_function()) Throw("T1010", matcher);
  if (matcher.fn().kind == Function::kRegex) {
    const Regex& re = *matcher.fn().regex;
    size_t from = 0;
    RegexMatch m;
    while (limit < 0 || static_cast<int64_t>(out.size()) < limit) {
      if (!out.empty() && from >= s.size()) break;
      if (!RegexSearch(re, s, from, m)) break;
      if (!out.empty() && m.match.empty()) Throw("D1004", Value::String(re.pattern));
      out.push_back({m.start, m.end, m.match, m.groups});
      from = m.end;
    }
    return out;
  }
  // A custom matcher function returning {match, start, end, groups, next}.
  Value res = ev.Apply(matcher, {Value::String(s)}, input, ev.root_env);
  if (res.defined() && !res.is_object()) Throw("T1010", res);
  while (res.is_object() && (limit < 0 || static_cast<int64_t>(out.size()) < limit)) {
    const Value* mt = res.obj().Get("match");
    const Value* st = res.obj().Get("start");
    const Value* en = res.obj().Get("end");
    if (!mt || !st || !en || !mt->is_string() || !st->is_number()) Throw("T1010");
    MatchInfo mi{
        static_cast<size_t>(st->number()), static_cast<size_t>(en->number()), mt->str(), {}};
    if (const Value* g = res.obj().Get("groups"); g && g->is_array()) {
      for (const auto& e : g->arr().items) mi.groups.emplace_back(true, ToStr(e));
    }
    out.push_back(std::move(mi));
    const Value* next = res.obj().Get("next");
    if (!next || !next->is_function()) break;
    res = ev.Apply(*next, {}, input, ev.root_env);
  }
  return out;
}

namespace {

Value FnString(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return Value();
  return Value::String(ToStr(a[0], Truthy(Arg(a, 1))));
}

Value FnLength(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return Value();
  return Value::Number(static_cast<double>(ToU32(a[0].str()).size()));
}

Value FnSubstring(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return Value();
  std::u32string s = ToU32(a[0].str());
  double len = static_cast<double>(s.size());
  double start = Arg(a, 1).number();
  if (len + start < 0) start = 0;
  auto slice = [&](double b, double e) {
    if (b < 0) b = std::max(0.0, len + b);
    if (e < 0) e = std::max(0.0, len + e);
    b = std::min(std::floor(b), len);
    e = std::min(std::floor(e), len);
    if (e <= b) return std::string();
    return FromU32(s.substr(static_cast<size_t>(b), static_cast<size_t>(e - b)));
  };
  if (Arg(a, 2).defined()) {
    double length = a[2].number();
    if (length <= 0) return Value::String("");
    double end = start >= 0 ? start + length : len + start + length;
    return Value::String(slice(start, end));
  }
  return Value::String(slice(start, len));
}

Value FnSubstringBefore(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return Value();
  if (Arg(a, 1).undefined()) return a[0];
  size_t p = a[0].str().find(a[1].str());
  if (p == std::string::npos) return a[0];
  return Value::String(a[0].str().substr(0, p));
}

Value FnSubstringAfter(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return Value();
  if (Arg(a, 1).undefined()) return a[0];
  size_t p = a[0].str().find(a[1].str());
  if (p == std::string::npos) return a[0];
  return Value::String(a[0].str().substr(p + a[1].str().size()));
}

Value FnUpper(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return Value();
  std::u32string s = ToU32(a[0].str());
  for (auto& c : s) {
    if (c < 128) {
      c = static_cast<char32_t>(std::toupper(static_cast<int>(c)));
    } else if ((c >= 0xE0 && c <= 0xFE && c != 0xF7)) {
      c -= 32;
    }
  }
  return Value::String(FromU32(s));
}

Value FnLower(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return Value();
  std::u32string s = ToU32(a[0].str());
  for (auto& c : s) {
    if (c < 128) {
      c = static_cast<char32_t>(std::tolower(static_cast<int>(c)));
    } else if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) {
      c += 32;
    }
  }
  return Value::String(FromU32(s));
}

Value FnTrim(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return Value();
  std::string out;
  bool ws = false;
  for (char c : a[0].str()) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ws = true;
    } else {
      if (ws) out += ' ';
      ws = false;
      out += c;
    }
  }
  if (ws) out += ' ';
  if (!out.empty() && out[0] == ' ') out.erase(0, 1);
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return Value::String(out);
}

Value FnPad(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return Value();
  std::u32string s = ToU32(a[0].str());
  std::u32string ch;
  if (Arg(a, 2).is_string()) ch = ToU32(a[2].str());
  if (ch.empty()) ch.push_back(U' ');
  double width = a[1].number();
  double pad = std::fabs(width) - static_cast<double>(s.size());
  if (pad <= 0) return a[0];
  std::u32string padding;
  while (padding.size() < pad) padding += ch;
  padding.resize(static_cast<size_t>(pad));
  std::string ps = FromU32(padding);
  return Value::String(width > 0 ? a[0].str() + ps : ps + a[0].str());
}

Value FnContains(Evaluator& ev, std::vector<Value>& a, const Value& input) {
  if (a[0].undefined() || a[1].undefined()) return Value();
  if (a[1].is_string()) return Value::Bool(a[0].str().find(a[1].str()) != std::string::npos);
  return Value::Bool(!AllMatches(ev, a[1], a[0].str(), 1, input).empty());
}

Value FnSplit(Evaluator& ev, std::vector<Value>& a, const Value& input) {
  if (a[0].undefined()) return Value();
  int64_t limit = -1;
  if (Arg(a, 2).defined()) {
    if (a[2].number() < 0) Throw("D3020", a[2]);
    limit = static_cast<int64_t>(a[2].number());
  }
  const std::string& s = a[0].str();
  std::vector<Value> out;
  auto push = [&](std::string v) {
    if (limit < 0 || static_cast<int64_t>(out.size()) < limit) out.push_back(Value::String(v));
  };
  if (a[1].is_string()) {
    const std::string& sep = a[1].str();
    if (sep.empty()) {
      for (char32_t c : ToU32(s)) push(FromU32(std::u32string(1, c)));
    } else {
      size_t pos = 0;
      for (;;) {
        size_t p = s.find(sep, pos);
        if (p == std::string::npos) {
          push(s.substr(pos));
          break;
        }
        push(s.substr(pos, p - pos));
        pos = p + sep.size();
      }
    }
    return NewArray(std::move(out));
  }
  auto ms = AllMatches(ev, a[1], s, limit, input);
  size_t start = 0;
  for (const auto& m : ms) {
    out.push_back(Value::String(s.substr(start, m.start - start)));
    start = m.end;
  }
  if (limit < 0 || static_cast<int64_t>(out.size()) < limit) {
    out.push_back(Value::String(s.substr(start)));
  }
  return NewArray(std::move(out));
}

Value FnJoin(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return Value();
  std::string sep = Arg(a, 1).is_string() ? a[1].str() : "";
  std::string out;
  bool first = true;
  for (const auto& e : a[0].arr().items) {
    if (!first) out += sep;
    first = false;
    out += e.str();
  }
  return Value::String(out);
}

Value FnMatch(Evaluator& ev, std::vector<Value>& a, const Value& input) {
  if (a[0].undefined()) return Value();
  int64_t limit = -1;
  if (Arg(a, 2).defined()) {
    if (a[2].number() < 0) Throw("D3040", a[2]);
    limit = static_cast<int64_t>(a[2].number());
  }
  std::vector<Value> out;
  for (const auto& m : AllMatches(ev, a[1], a[0].str(), limit, input)) {
    out.push_back(MatchObject(m, a[0].str()));
  }
  return NewSequence(std::move(out));
}

std::string Substitute(const std::string& repl, const MatchInfo& m) {
  std::string out;
  size_t pos = 0;
  size_t ng = m.groups.size();
  while (pos < repl.size()) {
    size_t idx = repl.find('$', pos);
    if (idx == std::string::npos) break;
    out += repl.substr(pos, idx - pos);
    pos = idx + 1;
    if (pos >= repl.size()) {
      out += '$';
      break;
    }
    char d = repl[pos];
    if (d == '$') {
      out += '$';
      pos++;
    } else if (d == '0') {
      out += m.match;
      pos++;
    } else {
      size_t max_digits = ng == 0 ? 1 : static_cast<size_t>(std::floor(std::log10(ng))) + 1;
      auto parse = [&](size_t n) -> int64_t {
        size_t k = 0;
        int64_t v = 0;
        while (k < n && pos + k < repl.size() &&
               std::isdigit(static_cast<unsigned char>(repl[pos + k]))) {
          v = v * 10 + (repl[pos + k] - '0');
          k++;
        }
        return k == 0 ? -1 : v;
      };
      int64_t index = parse(max_digits);
      if (max_digits > 1 && index > static_cast<int64_t>(ng)) index = parse(max_digits - 1);
      if (index >= 0) {
        if (ng > 0 && index >= 1 && index <= static_cast<int64_t>(ng)) {
          out += m.groups[index - 1].second;
        }
        pos += std::to_string(index).size();
      } else {
        out += '$';
      }
    }
  }
  if (pos < repl.size()) out += repl.substr(pos);
  return out;
}

Value FnReplace(Evaluator& ev, std::vector<Value>& a, const Value& input) {
  if (a[0].undefined()) return Value();
  if (a[1].is_string() && a[1].str().empty()) Throw("D3010", a[1]);
  int64_t limit = -1;
  if (Arg(a, 3).defined()) {
    if (a[3].number() < 0) Throw("D3011", a[3]);
    limit = static_cast<int64_t>(a[3].number());
  }
  const std::string& s = a[0].str();
  if (limit == 0) return a[0];
  std::string out;
  if (a[1].is_string()) {
    const std::string& pat = a[1].str();
    std::string repl = a[2].is_string() ? a[2].str() : "";
    size_t pos = 0;
    int64_t count = 0;
    for (;;) {
      size_t p = s.find(pat, pos);
      if (p == std::string::npos || (limit >= 0 && count >= limit)) break;
      out += s.substr(pos, p - pos);
      out += repl;
      pos = p + pat.size();
      count++;
    }
    out += s.substr(pos);
    return Value::String(out);
  }
  auto ms = AllMatches(ev, a[1], s, limit, input);
  size_t pos = 0;
  for (const auto& m : ms) {
    out += s.substr(pos, m.start - pos);
    if (a[2].is_string()) {
      out += Substitute(a[2].str(), m);
    } else {
      auto mo = std::make_shared<Object>();
      mo->Set("match", Value::String(m.match));
      mo->Set("start", Value::Number(static_cast<double>(m.start)));
      mo->Set("end", Value::Number(static_cast<double>(m.end)));
      std::vector<Value> groups;
      for (const auto& [ok, g] : m.groups) groups.push_back(Value::String(g));
      mo->Set("groups", NewArray(std::move(groups)));
      Value r = ev.Apply(a[2], {Value::MakeObject(std::move(mo))}, input, ev.root_env);
      if (!r.is_string()) Throw("D3012", r);
      out += r.str();
    }
    pos = m.end;
  }
  out += s.substr(pos);
  return Value::String(out);
}

const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

Value FnBase64Encode(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return Value();
  const std::string& s = a[0].str();
  std::string out;
  size_t i = 0;
  for (; i + 2 < s.size(); i += 3) {
    uint32_t v = (static_cast<unsigned char>(s[i]) << 16) |
                 (static_cast<unsigned char>(s[i + 1]) << 8) | static_cast<unsigned char>(s[i + 2]);
    out += kB64[v >> 18];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += kB64[v & 63];
  }
  if (i + 1 == s.size()) {
    uint32_t v = static_cast<unsigned char>(s[i]) << 16;
    out += kB64[v >> 18];
    out += kB64[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == s.size()) {
    uint32_t v =
        (static_cast<unsigned char>(s[i]) << 16) | (static_cast<unsigned char>(s[i + 1]) << 8);
    out += kB64[v >> 18];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += '=';
  }
  return Value::String(out);
}

Value FnBase64Decode(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return Value();
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (char c : a[0].str()) {
    const char* p = std::strchr(kB64, c);
    if (c == '=' || c == 0 || !p) continue;
    buf = (buf << 6) | static_cast<uint32_t>(p - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xFF);
    }
  }
  return Value::String(out);
}

bool ValidUtf8(const std::string& s) {
  for (char32_t c : ToU32(s)) {
    if (c >= 0xD800 && c <= 0xDFFF) return false;
  }
  return true;
}

Value Encode(const Value& v, const char* keep) {
  if (v.undefined()) return Value();
  if (!ValidUtf8(v.str())) Throw("D3140");
  std::string out;
  for (unsigned char c : v.str()) {
    if (std::isalnum(c) || (c < 128 && std::strchr(keep, c) && c != 0)) {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof(buf), "%%%02X", c);
      out += buf;
    }
  }
  return Value::String(out);
}

Value Decode(const Value& v, const char* reserved) {
  if (v.undefined()) return Value();
  const std::string& s = v.str();
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size() || !std::isxdigit(static_cast<unsigned char>(s[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      Throw("D3140", v);
    }
    int c = std::stoi(s.substr(i + 1, 2), nullptr, 16);
    if (c < 128 && std::strchr(reserved, c) && c != 0) {
      out += s.substr(i, 3);
    } else {
      out += static_cast<char>(c);
    }
    i += 2;
  }
  // Validate the decoded UTF-8.
  for (size_t i = 0; i < out.size();) {
    unsigned char c = out[i];
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > out.size()) Throw("D3140", v);
    for (int k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(out[i + k]) >> 6) != 2) Throw("D3140", v);
    }
    i += len;
  }
  return Value::String(out);
}

Value FnEncodeUrlComponent(Evaluator&, std::vector<Value>& a, const Value&) {
  return Encode(a[0], "-_.!~*'()");
}
Value FnEncodeUrl(Evaluator&, std::vector<Value>& a, const Value&) {
  return Encode(a[0], "-_.!~*'();/?:@&=+$,#");
}
Value FnDecodeUrlComponent(Evaluator&, std::vector<Value>& a, const Value&) {
  return Decode(a[0], "");
}
Value FnDecodeUrl(Evaluator&, std::vector<Value>& a, const Value&) {
  return Decode(a[0], ";/?:@&=+$,#");
}

const Builtin kStringBuiltins[] = {
    {"string", "<x-b?:s>", FnString, 1},
    {"length", "<s-:n>", FnLength, 1},
    {"substring", "<s-nn?:s>", FnSubstring, 3},
    {"substringBefore", "<s-s:s>", FnSubstringBefore, 2},
    {"substringAfter", "<s-s:s>", FnSubstringAfter, 2},
    {"uppercase", "<s-:s>", FnUpper, 1},
    {"lowercase", "<s-:s>", FnLower, 1},
    {"trim", "<s-:s>", FnTrim, 1},
    {"pad", "<s-ns?:s>", FnPad, 3},
    {"contains", "<s-(sf):b>", FnContains, 2},
    {"split", "<s-(sf)n?:a<s>>", FnSplit, 3},
    {"join", "<a<s>s?:s>", FnJoin, 2},
    {"match", "<s-f<s:o>n?:a<o>>", FnMatch, 3},
    {"replace", "<s-(sf)(sf)n?:s>", FnReplace, 4},
    {"base64encode", "<s-:s>", FnBase64Encode, 1},
    {"base64decode", "<s-:s>", FnBase64Decode, 1},
    {"encodeUrlComponent", "<s-:s>", FnEncodeUrlComponent, 1},
    {"encodeUrl", "<s-:s>", FnEncodeUrl, 1},
    {"decodeUrlComponent", "<s-:s>", FnDecodeUrlComponent, 1},
    {"decodeUrl", "<s-:s>", FnDecodeUrl, 1},
};

}  // namespace

BuiltinTable StringBuiltins() {
  return {kStringBuiltins, sizeof(kStringBuiltins) / sizeof(kStringBuiltins[0])};
}

}  // namespace sfn::jsonata::internal
