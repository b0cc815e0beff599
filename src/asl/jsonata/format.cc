// JSONata integer formatting: $formatBase, $formatInteger, $parseInteger (and the integer
// picture machinery reused by the date/time functions).
#include "asl/jsonata/format.h"

#include <cmath>
#include <functional>
#include <map>

#include "asl/jsonata/functions.h"

namespace sfn::jsonata::internal {

namespace {
const char32_t kDecimalGroups[] = {0x30,   0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6,
                                   0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0,
                                   0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
                                   0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900,
                                   0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10};

const char* kFew[] = {"Zero",    "One",     "Two",       "Three",    "Four",
                      "Five",    "Six",     "Seven",     "Eight",    "Nine",
                      "Ten",     "Eleven",  "Twelve",    "Thirteen", "Fourteen",
                      "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"};
const char* kOrdinals[] = {"Zeroth",    "First",     "Second",      "Third",      "Fourth",
                           "Fifth",     "Sixth",     "Seventh",     "Eighth",     "Ninth",
                           "Tenth",     "Eleventh",  "Twelfth",     "Thirteenth", "Fourteenth",
                           "Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth"};
const char* kDecades[] = {"Twenty",  "Thirty", "Forty",  "Fifty",  "Sixty",
                          "Seventy", "Eighty", "Ninety", "Hundred"};
const char* kMagnitudes[] = {"Thousand", "Million", "Billion", "Trillion"};

std::string Lookup(double num, bool prev, bool ord) {
  std::string words;
  if (num <= 19) {
    words = std::string(prev ? " and " : "") +
            (ord ? kOrdinals[static_cast<int>(num)] : kFew[static_cast<int>(num)]);
  } else if (num < 100) {
    int tens = static_cast<int>(num / 10);
    int rem = static_cast<int>(std::fmod(num, 10));
    words = std::string(prev ? " and " : "") + kDecades[tens - 2];
    if (rem > 0) {
      words += "-" + Lookup(rem, false, ord);
    } else if (ord) {
      words = words.substr(0, words.size() - 1) + "ieth";
    }
  } else if (num < 1000) {
    int hundreds = static_cast<int>(num / 100);
    double rem = std::fmod(num, 100);
    words = std::string(prev ? ", " : "") + kFew[hundreds] + " Hundred";
    if (rem > 0) {
      words += Lookup(rem, true, ord);
    } else if (ord) {
      words += "th";
    }
  } else {
    int mag = static_cast<int>(std::floor(std::log10(num) / 3));
    if (mag > 4) mag = 4;
    double factor = std::pow(10, mag * 3);
    double mant = std::floor(num / factor);
    double rem = num - mant * factor;
    words = std::string(prev ? ", " : "") + Lookup(mant, false, false) + " " + kMagnitudes[mag - 1];
    if (rem > 0) {
      words += Lookup(rem, true, ord);
    } else if (ord) {
      words += "th";
    }
  }
  return words;
}

std::string Roman(double v) {
  static const std::pair<int, const char*> kRoman[] = {
      {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
      {40, "xl"},  {10, "x"},   {9, "ix"},  {5, "v"},    {4, "iv"},  {1, "i"}};
  std::string out;
  long long value = static_cast<long long>(v);
  for (const auto& [n, s] : kRoman) {
    while (value >= n) {
      out += s;
      value -= n;
    }
  }
  return out;
}

std::string Letters(double v, char a) {
  std::string out;
  long long value = static_cast<long long>(v);
  while (value > 0) {
    out.insert(out.begin(), static_cast<char>((value - 1) % 26 + a));
    value = (value - 1) / 26;
  }
  return out;
}

std::string Upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}
std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

const std::map<std::string, double>& WordValues() {
  static const auto* m = [] {
    auto* w = new std::map<std::string, double>();
    for (int i = 0; i < 20; ++i) {
      (*w)[Lower(kFew[i])] = i;
      (*w)[Lower(kOrdinals[i])] = i;
    }
    for (int i = 0; i < 9; ++i) {
      std::string lw = Lower(kDecades[i]);
      (*w)[lw] = (i + 2) * 10;
      (*w)[lw.substr(0, lw.size() - 1) + "ieth"] = (i + 2) * 10;
    }
    (*w)["hundredth"] = 100;
    for (int i = 0; i < 4; ++i) {
      std::string lw = Lower(kMagnitudes[i]);
      (*w)[lw] = std::pow(10, (i + 1) * 3);
      (*w)[lw + "th"] = std::pow(10, (i + 1) * 3);
    }
    return w;
  }();
  return *m;
}

double WordsToNumber(const std::string& text) {
  // Split on ", ", " and ", whitespace or '-'.
  std::vector<std::string> parts;
  std::string cur;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, ", ") == 0) {
      parts.push_back(cur);
      cur.clear();
      i += 1;
    } else if (text.compare(i, 5, " and ") == 0) {
      parts.push_back(cur);
      cur.clear();
      i += 4;
    } else if (text[i] == ' ' || text[i] == '-') {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += text[i];
    }
  }
  parts.push_back(cur);
  std::vector<double> segs{0};
  for (const auto& p : parts) {
    auto it = WordValues().find(p);
    double value = it == WordValues().end() ? NAN : it->second;
    if (value < 100) {
      double top = segs.back();
      segs.pop_back();
      if (top >= 1000) {
        segs.push_back(top);
        top = 0;
      }
      segs.push_back(top + value);
    } else {
      double top = segs.back();
      segs.pop_back();
      segs.push_back(top * value);
    }
  }
  double r = 0;
  for (double s : segs) r += s;
  return r;
}

}  // namespace

char32_t DigitZero(char32_t c) {
  for (char32_t g : kDecimalGroups) {
    if (c >= g && c <= g + 9) return g;
  }
  return 0;
}

std::string WordsAlternatives() {
  std::string out;
  for (const auto& [w, v] : WordValues()) {
    if (!out.empty()) out += '|';
    out += w;
  }
  return out;
}

std::string NumberToWords(double value, bool ordinal) { return Lookup(value, false, ordinal); }

IntFormat AnalyseIntPicture(const std::u32string& picture) {
  IntFormat f;
  std::u32string primary = picture;
  size_t semi = picture.rfind(U';');
  if (semi != std::u32string::npos) {
    primary = picture.substr(0, semi);
    std::u32string mod = picture.substr(semi + 1);
    if (!mod.empty() && mod[0] == U'o') f.ordinal = true;
  }
  if (primary == U"A" || primary == U"a") {
    f.primary = IntFormat::kLetters;
    f.tcase = primary == U"A" ? IntFormat::kUpper : IntFormat::kLower;
    return f;
  }
  if (primary == U"I" || primary == U"i") {
    f.primary = IntFormat::kRoman;
    f.tcase = primary == U"I" ? IntFormat::kUpper : IntFormat::kLower;
    return f;
  }
  if (primary == U"W" || primary == U"w" || primary == U"Ww") {
    f.primary = IntFormat::kWords;
    f.tcase = primary == U"W"    ? IntFormat::kUpper
              : primary == U"Ww" ? IntFormat::kTitle
                                 : IntFormat::kLower;
    return f;
  }
  char32_t zero = 0;
  int pos = 0;
  std::vector<std::pair<int, std::u32string>> seps;
  for (auto it = primary.rbegin(); it != primary.rend(); ++it) {
    char32_t c = *it;
    char32_t g = DigitZero(c);
    if (g) {
      f.mandatory++;
      pos++;
      if (zero == 0) {
        zero = g;
      } else if (g != zero) {
        Throw("D3131");
      }
    } else if (c == U'#') {
      pos++;
      f.optional++;
    } else {
      seps.emplace_back(pos, std::u32string(1, c));
    }
  }
  if (f.mandatory == 0) {
    f.primary = IntFormat::kSequence;
    f.token = FromU32(primary);
    return f;
  }
  f.primary = IntFormat::kDecimal;
  f.zero = zero;
  // Regular grouping?
  int factor = 0;
  if (!seps.empty()) {
    bool same = true;
    for (const auto& s : seps) same = same && s.second == seps[0].second;
    if (same) {
      std::function<int(int, int)> gcd = [&](int a, int b) { return b == 0 ? a : gcd(b, a % b); };
      factor = seps[0].first;
      for (const auto& s : seps) factor = gcd(factor, s.first);
      for (size_t i = 1; i <= seps.size(); ++i) {
        bool found = false;
        for (const auto& s : seps) found = found || s.first == static_cast<int>(i) * factor;
        if (!found) factor = 0;
      }
    }
  }
  if (factor > 0) {
    f.regular = true;
    f.separators = {{factor, seps[0].second}};
  } else {
    f.separators = seps;
  }
  return f;
}

std::string FormatIntegerWith(double v, const IntFormat& f) {
  double value = std::floor(v);
  bool negative = value < 0;
  value = std::fabs(value);
  std::string out;
  switch (f.primary) {
    case IntFormat::kLetters:
      out = Letters(value, f.tcase == IntFormat::kUpper ? 'A' : 'a');
      break;
    case IntFormat::kRoman:
      out = Roman(value);
      if (f.tcase == IntFormat::kUpper) out = Upper(out);
      break;
    case IntFormat::kWords:
      out = NumberToWords(value, f.ordinal);
      if (f.tcase == IntFormat::kUpper) out = Upper(out);
      if (f.tcase == IntFormat::kLower) out = Lower(out);
      break;
    case IntFormat::kDecimal: {
      std::u32string s = ToU32(JsNumber(value));
      if (static_cast<int>(s.size()) < f.mandatory) {
        s = std::u32string(f.mandatory - s.size(), U'0') + s;
      }
      if (f.zero != U'0') {
        for (auto& c : s) {
          if (c >= U'0' && c <= U'9') c = c - U'0' + f.zero;
        }
      }
      if (f.regular) {
        int p = f.separators[0].first;
        int n = (static_cast<int>(s.size()) - 1) / p;
        for (int ii = n; ii > 0; --ii) {
          size_t at = s.size() - static_cast<size_t>(ii * p);
          s.insert(at, f.separators[0].second);
        }
      } else {
        for (auto it = f.separators.rbegin(); it != f.separators.rend(); ++it) {
          if (static_cast<size_t>(it->first) > s.size()) continue;
          s.insert(s.size() - it->first, it->second);
        }
      }
      out = FromU32(s);
      if (f.ordinal) {
        char last = out.back();
        const char* suffix = last == '1' ? "st" : last == '2' ? "nd" : last == '3' ? "rd" : "th";
        if (out.size() > 1 && out[out.size() - 2] == '1') suffix = "th";
        out += suffix;
      }
      break;
    }
    case IntFormat::kSequence:
      Throw("D3130", Value::String(f.token));
  }
  if (negative) out = "-" + out;
  return out;
}

bool ParseIntegerWith(const std::string& text, const IntFormat& f, double& out) {
  switch (f.primary) {
    case IntFormat::kLetters: {
      char a = f.tcase == IntFormat::kUpper ? 'A' : 'a';
      double d = 0;
      for (size_t i = 0; i < text.size(); ++i) {
        d += (text[text.size() - i - 1] - a + 1) * std::pow(26, static_cast<double>(i));
      }
      out = d;
      return true;
    }
    case IntFormat::kRoman: {
      std::string r = Upper(text);
      double dec = 0;
      int max = 1;
      for (auto it = r.rbegin(); it != r.rend(); ++it) {
        int v = *it == 'M'   ? 1000
                : *it == 'D' ? 500
                : *it == 'C' ? 100
                : *it == 'L' ? 50
                : *it == 'X' ? 10
                : *it == 'V' ? 5
                : *it == 'I' ? 1
                             : 0;
        if (v < max) {
          dec -= v;
        } else {
          max = v;
          dec += v;
        }
      }
      out = dec;
      return true;
    }
    case IntFormat::kWords:
      out = WordsToNumber(Lower(text));
      return !std::isnan(out);
    case IntFormat::kDecimal: {
      std::u32string s = ToU32(text);
      double d = 0;
      bool any = false;
      for (char32_t c : s) {
        char32_t g = DigitZero(c);
        if (g) {
          d = d * 10 + static_cast<double>(c - g);
          any = true;
        }
      }
      out = d;
      return any;
    }
    case IntFormat::kSequence:
      Throw("D3130", Value::String(f.token));
  }
  return false;
}

namespace {

Value FnFormatBase(Evaluator& ev, std::vector<Value>& a, const Value& input) {
  if (a[0].undefined()) return a[0];
  std::vector<Value> ra{a[0]};
  double value = RoundHalfEven(ev, ra, input).number();
  double radix = 10;
  if (Arg(a, 1).defined()) {
    std::vector<Value> rr{a[1]};
    radix = RoundHalfEven(ev, rr, input).number();
  }
  if (radix < 2 || radix > 36) Throw("D3100", Value::Number(radix));
  bool neg = value < 0;
  double v = std::fabs(value);
  std::string digits;
  int r = static_cast<int>(radix);
  if (v == 0) digits = "0";
  while (v >= 1) {
    int d = static_cast<int>(std::fmod(v, r));
    digits.insert(digits.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[d]);
    v = std::floor(v / r);
  }
  return Value::String((neg ? "-" : "") + digits);
}

Value FnFormatInteger(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return a[0];
  return Value::String(FormatIntegerWith(a[0].number(), AnalyseIntPicture(ToU32(a[1].str()))));
}

Value FnParseInteger(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return a[0];
  IntFormat f = AnalyseIntPicture(ToU32(a[1].str()));
  double d = 0;
  if (!ParseIntegerWith(a[0].str(), f, d)) return Value();
  return Value::Number(d);
}

Value FnFormatNumberEntry(Evaluator& ev, std::vector<Value>& a, const Value& input) {
  return FormatNumber(ev, a, input);
}

const Builtin kFormatBuiltins[] = {
    {"formatBase", "<n-n?:s>", FnFormatBase, 2},
    {"formatInteger", "<n-s:s>", FnFormatInteger, 2},
    {"parseInteger", "<s-s:n>", FnParseInteger, 2},
    {"formatNumber", "<n-so?:s>", FnFormatNumberEntry, 3},
};

}  // namespace

BuiltinTable FormatBuiltins() {
  return {kFormatBuiltins, sizeof(kFormatBuiltins) / sizeof(kFormatBuiltins[0])};
}

}  // namespace sfn::jsonata::internal
