// $formatNumber: XPath F&O 3.1 format-number with decimal-format properties (JSONata flavour).
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>

#include "asl/jsonata/functions.h"

namespace sfn::jsonata::internal {

namespace {

using U = std::u32string;

struct Parts {
  U prefix, suffix, active, mantissa, integer, fraction, sub;
  bool has_exponent = false;
  U exponent;
};

struct Pic {
  std::vector<int> int_groups;
  int regular = 0;
  int min_int = 0;
  int scaling = 0;
  U prefix, suffix, picture;
  std::vector<int> frac_groups;
  int min_frac = 0, max_frac = 0, min_exp = 0;
};

size_t Count(const U& s, const std::function<bool(char32_t)>& pred) {
  size_t n = 0;
  for (char32_t c : s) n += pred(c) ? 1 : 0;
  return n;
}

}  // namespace

Value FormatNumber(Evaluator& ev, std::vector<Value>& a, const Value& input) {
  if (a[0].undefined()) return a[0];
  std::map<std::string, U> props = {{"decimal-separator", U"."},
                                    {"grouping-separator", U","},
                                    {"exponent-separator", U"e"},
                                    {"infinity", U"Infinity"},
                                    {"minus-sign", U"-"},
                                    {"NaN", U"NaN"},
                                    {"percent", U"%"},
                                    {"per-mille", U"\u2030"},
                                    {"zero-digit", U"0"},
                                    {"digit", U"#"},
                                    {"pattern-separator", U";"}};
  if (Arg(a, 2).is_object()) {
    for (const auto& [k, v] : a[2].obj().entries) {
      if (v.is_string()) props[k] = ToU32(v.str());
    }
  }
  char32_t zero = props["zero-digit"][0];
  auto is_digit = [&](char32_t c) { return c >= zero && c < zero + 10; };
  char32_t dec = props["decimal-separator"][0];
  char32_t grp = props["grouping-separator"][0];
  char32_t expc = props["exponent-separator"][0];
  char32_t digit = props["digit"][0];
  char32_t patsep = props["pattern-separator"][0];
  U percent = props["percent"], permille = props["per-mille"];
  auto active = [&](char32_t c) {
    return is_digit(c) || c == dec || c == expc || c == grp || c == digit || c == patsep;
  };
  U picture = ToU32(a[1].str());
  std::vector<U> subs;
  {
    U cur;
    for (char32_t c : picture) {
      if (c == patsep) {
        subs.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    subs.push_back(cur);
  }
  if (subs.size() > 2) Throw("D3080");
  auto split = [&](const U& sp) {
    Parts p;
    p.sub = sp;
    size_t i = 0;
    for (; i < sp.size(); ++i) {
      if (active(sp[i]) && sp[i] != expc) break;
    }
    size_t j = sp.size();
    for (; j > 0; --j) {
      if (active(sp[j - 1]) && sp[j - 1] != expc) break;
    }
    if (i < sp.size()) {
      p.prefix = sp.substr(0, i);
      p.suffix = sp.substr(j);
    }
    if (p.prefix.size() + p.suffix.size() <= sp.size()) {
      p.active = sp.substr(p.prefix.size(), sp.size() - p.prefix.size() - p.suffix.size());
    }
    size_t epos = sp.find(expc, p.prefix.size());
    if (epos == U::npos || epos > sp.size() - p.suffix.size()) {
      p.mantissa = p.active;
    } else {
      p.has_exponent = true;
      p.mantissa = p.active.substr(0, epos - p.prefix.size());
      p.exponent = p.active.substr(epos - p.prefix.size() + 1);
    }
    size_t dpos = p.mantissa.find(dec);
    if (dpos == U::npos) {
      p.integer = p.mantissa;
      p.fraction = p.suffix;
    } else {
      p.integer = p.mantissa.substr(0, dpos);
      p.fraction = p.mantissa.substr(dpos + 1);
    }
    return p;
  };
  auto validate = [&](const Parts& p) {
    const U& s = p.sub;
    const char* err = nullptr;
    size_t dpos = s.find(dec);
    if (dpos != s.rfind(dec)) err = "D3081";
    if (s.find(percent) != s.rfind(percent)) err = "D3082";
    if (s.find(permille) != s.rfind(permille)) err = "D3083";
    if (s.find(percent) != U::npos && s.find(permille) != U::npos) err = "D3084";
    bool valid = false;
    for (char32_t c : p.mantissa) valid = valid || is_digit(c) || c == digit;
    if (!valid) err = "D3085";
    for (char32_t c : p.active) {
      if (!active(c)) err = "D3086";
    }
    if (dpos != U::npos) {
      if ((dpos > 0 && s[dpos - 1] == grp) || (dpos + 1 < s.size() && s[dpos + 1] == grp)) {
        err = "D3087";
      }
    } else if (!p.integer.empty() && p.integer.back() == grp) {
      err = "D3088";
    }
    if (s.find(U{grp, grp}) != U::npos) err = "D3089";
    size_t od = p.integer.find(digit);
    if (od != U::npos && Count(p.integer.substr(0, od), is_digit) > 0) err = "D3090";
    od = p.fraction.rfind(digit);
    if (od != U::npos && Count(p.fraction.substr(od), is_digit) > 0) err = "D3091";
    if (p.has_exponent && !p.exponent.empty() &&
        (s.find(percent) != U::npos || s.find(permille) != U::npos)) {
      err = "D3092";
    }
    if (p.has_exponent &&
        (p.exponent.empty() || Count(p.exponent, [&](char32_t c) { return !is_digit(c); }) > 0)) {
      err = "D3093";
    }
    if (err) Throw(err);
  };
  auto analyse = [&](const Parts& p) {
    Pic pic;
    auto positions = [&](const U& part, bool to_left) {
      std::vector<int> out;
      size_t gp = part.find(grp);
      while (gp != U::npos) {
        U side = to_left ? part.substr(0, gp) : part.substr(gp);
        out.push_back(
            static_cast<int>(Count(side, [&](char32_t c) { return is_digit(c) || c == digit; })));
        gp = p.integer.find(grp, gp + 1);
      }
      return out;
    };
    pic.int_groups = positions(p.integer, false);
    if (!pic.int_groups.empty()) {
      std::function<int(int, int)> gcd = [&](int x, int y) { return y == 0 ? x : gcd(y, x % y); };
      int factor = pic.int_groups[0];
      for (int g : pic.int_groups) factor = gcd(factor, g);
      bool regular = true;
      for (size_t i = 1; i <= pic.int_groups.size(); ++i) {
        bool f = false;
        for (int g : pic.int_groups) f = f || g == static_cast<int>(i) * factor;
        regular = regular && f;
      }
      pic.regular = regular ? factor : 0;
    }
    pic.frac_groups = positions(p.fraction, true);
    pic.min_int = static_cast<int>(Count(p.integer, is_digit));
    pic.scaling = pic.min_int;
    pic.min_frac = static_cast<int>(Count(p.fraction, is_digit));
    pic.max_frac =
        static_cast<int>(Count(p.fraction, [&](char32_t c) { return is_digit(c) || c == digit; }));
    if (pic.min_int == 0 && pic.max_frac == 0) {
      if (p.has_exponent) {
        pic.min_frac = 1;
        pic.max_frac = 1;
      } else {
        pic.min_int = 1;
      }
    }
    if (p.has_exponent && pic.min_int == 0 && p.integer.find(digit) != U::npos) pic.min_int = 1;
    if (pic.min_int == 0 && pic.min_frac == 0) pic.min_frac = 1;
    if (p.has_exponent) pic.min_exp = static_cast<int>(Count(p.exponent, is_digit));
    pic.prefix = p.prefix;
    pic.suffix = p.suffix;
    pic.picture = p.sub;
    return pic;
  };
  std::vector<Parts> parts;
  for (const auto& s : subs) parts.push_back(split(s));
  for (const auto& p : parts) validate(p);
  std::vector<Pic> pics;
  for (const auto& p : parts) pics.push_back(analyse(p));
  U minus = props["minus-sign"];
  if (pics.size() == 1) {
    pics.push_back(pics[0]);
    pics[1].prefix = minus + pics[1].prefix;
  }
  double value = a[0].number();
  const Pic& pic = value >= 0 ? pics[0] : pics[1];
  double adjusted = value;
  if (pic.picture.find(percent) != U::npos) {
    adjusted = value * 100;
  } else if (pic.picture.find(permille) != U::npos) {
    adjusted = value * 1000;
  }
  double mantissa = std::fabs(adjusted);
  bool has_exp = pic.min_exp != 0;
  int exponent = 0;
  if (has_exp) {
    double maxm = std::pow(10, pic.scaling), minm = std::pow(10, pic.scaling - 1);
    if (mantissa != 0) {
      while (mantissa < minm) {
        mantissa *= 10;
        exponent -= 1;
      }
      while (mantissa > maxm) {
        mantissa /= 10;
        exponent += 1;
      }
    }
  }
  std::vector<Value> ra{Value::Number(mantissa), Value::Number(pic.max_frac)};
  double rounded = RoundHalfEven(ev, ra, input).number();
  auto make_string = [&](double v, int dp) {
    char buf[512];
    std::snprintf(buf, sizeof(buf), "%.*f", dp, std::fabs(v));
    U s = ToU32(buf);
    for (auto& c : s) {
      if (c >= U'0' && c <= U'9') c = c - U'0' + zero;
    }
    return s;
  };
  U sv = make_string(rounded, pic.max_frac);
  size_t dp = sv.find(U'.');
  if (dp == U::npos) {
    sv += dec;
  } else {
    sv[dp] = dec;
  }
  while (!sv.empty() && sv[0] == zero) sv.erase(0, 1);
  while (!sv.empty() && sv.back() == zero) sv.pop_back();
  long dpos = static_cast<long>(sv.find(dec));
  long pad_left = pic.min_int - dpos;
  long pad_right = pic.min_frac - (static_cast<long>(sv.size()) - dpos - 1);
  if (pad_left > 0) sv = U(pad_left, zero) + sv;
  if (pad_right > 0) sv += U(pad_right, zero);
  dpos = static_cast<long>(sv.find(dec));
  if (pic.regular > 0) {
    long groups = (dpos - 1) / pic.regular;
    for (long g = 1; g <= groups; ++g) sv.insert(dpos - g * pic.regular, 1, grp);
  } else {
    for (int pos : pic.int_groups) {
      if (dpos - pos >= 0) sv.insert(dpos - pos, 1, grp);
      dpos++;
    }
  }
  dpos = static_cast<long>(sv.find(dec));
  for (int pos : pic.frac_groups) {
    if (static_cast<size_t>(pos + dpos + 1) <= sv.size()) sv.insert(pos + dpos + 1, 1, grp);
  }
  dpos = static_cast<long>(sv.find(dec));
  if (pic.min_frac == 0 && dpos == static_cast<long>(sv.size()) - 1) sv.pop_back();
  if (has_exp) {
    U es = make_string(exponent, 0);
    long pl = pic.min_exp - static_cast<long>(es.size());
    if (pl > 0) es = U(pl, zero) + es;
    sv += expc;
    if (exponent < 0) sv += minus;
    sv += es;
  }
  sv = pic.prefix + sv + pic.suffix;
  return Value::String(FromU32(sv));
}

}  // namespace sfn::jsonata::internal
