// JSONata date/time functions: $now, $millis, $fromMillis, $toMillis (XPath picture strings).
#include <chrono>
#include <cmath>
#include <cstring>
#include <functional>
#include <map>
#include <regex>

// libstdc++'s <regex> trips a false -Wmaybe-uninitialized under sanitizer builds (GCC 12).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "asl/jsonata/format.h"
#include "asl/jsonata/functions.h"

namespace sfn::jsonata::internal {

namespace {

constexpr double kDay = 8.64e7;

// Days since 1970-01-01 for a proleptic Gregorian date (month 1-12).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t& y, int& m, int& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y += m <= 2;
}

double UtcMillis(int64_t year, int month0) {
  int64_t y = year + month0 / 12;
  int m = month0 % 12;
  if (m < 0) {
    m += 12;
    y--;
  }
  return static_cast<double>(DaysFromCivil(y, m + 1, 1)) * kDay;
}

struct Parts {
  int64_t year;
  int month, day, hour, minute, second, ms, wday;  // wday 0 = Sunday
};

Parts Split(double millis) {
  Parts p;
  double days = std::floor(millis / kDay);
  double rem = millis - days * kDay;
  CivilFromDays(static_cast<int64_t>(days), p.year, p.month, p.day);
  int64_t r = static_cast<int64_t>(rem);
  p.hour = static_cast<int>(r / 3600000);
  p.minute = static_cast<int>(r / 60000 % 60);
  p.second = static_cast<int>(r / 1000 % 60);
  p.ms = static_cast<int>(r % 1000);
  int64_t w = (static_cast<int64_t>(days) + 4) % 7;
  p.wday = static_cast<int>(w < 0 ? w + 7 : w);
  return p;
}

double StartOfFirstWeek(int64_t year, int month0) {
  double jan1 = UtcMillis(year, month0);
  int dow = Split(jan1).wday;
  if (dow == 0) dow = 7;
  return dow > 4 ? jan1 + (8 - dow) * kDay : jan1 - (dow - 1) * kDay;
}

double DeltaWeeks(double start, double end) { return (end - start) / (kDay * 7) + 1; }

const char* kDays[] = {"",         "Monday", "Tuesday",  "Wednesday",
                       "Thursday", "Friday", "Saturday", "Sunday"};
const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                         "July",    "August",   "September", "October", "November", "December"};

struct Marker {
  bool literal = true;
  std::string text;
  char component = 0;
  std::string pres1, pres2;
  int names = 0;  // 0 none, 1 lower, 2 upper, 3 title
  bool has_min = false, has_max = false;
  int min = 0, max = 0;
  IntFormat ifmt;
  int n = -1;
};

int ParseWidth(const std::string& s, bool& has) {
  if (s.empty() || s == "*") {
    has = false;
    return 0;
  }
  has = true;
  return std::atoi(s.c_str());
}

std::vector<Marker> AnalysePicture(const std::string& pic) {
  std::vector<Marker> spec;
  auto add_literal = [&](size_t start, size_t end) {
    if (end > start) {
      std::string lit = pic.substr(start, end - start);
      std::string out;
      for (size_t i = 0; i < lit.size(); ++i) {
        out += lit[i];
        if (lit[i] == ']' && i + 1 < lit.size() && lit[i + 1] == ']') i++;
      }
      Marker m;
      m.text = out;
      spec.push_back(m);
    }
  };
  size_t start = 0, pos = 0;
  while (pos < pic.size()) {
    if (pic[pos] == '[') {
      if (pos + 1 < pic.size() && pic[pos + 1] == '[') {
        add_literal(start, pos);
        Marker m;
        m.text = "[";
        spec.push_back(m);
        pos += 2;
        start = pos;
        continue;
      }
      add_literal(start, pos);
      start = pos;
      pos = pic.find(']', start);
      if (pos == std::string::npos) Throw("D3135");
      std::string raw = pic.substr(start + 1, pos - start - 1);
      std::string marker;
      for (char c : raw) {
        if (!std::isspace(static_cast<unsigned char>(c))) marker += c;
      }
      Marker d;
      d.literal = false;
      d.component = marker.empty() ? ' ' : marker[0];
      size_t comma = marker.rfind(',');
      std::string pres;
      if (comma != std::string::npos) {
        std::string wm = marker.substr(comma + 1);
        size_t dash = wm.find('-');
        if (dash == std::string::npos) {
          d.min = ParseWidth(wm, d.has_min);
        } else {
          d.min = ParseWidth(wm.substr(0, dash), d.has_min);
          d.max = ParseWidth(wm.substr(dash + 1), d.has_max);
        }
        pres = marker.substr(1, comma - 1);
      } else if (marker.size() > 1) {
        pres = marker.substr(1);
      }
      if (pres.size() == 1) {
        d.pres1 = pres;
      } else if (pres.size() > 1) {
        char last = pres.back();
        if (std::string("atco").find(last) != std::string::npos) {
          d.pres2 = std::string(1, last);
          d.pres1 = pres.substr(0, pres.size() - 1);
        } else {
          d.pres1 = pres;
        }
      } else {
        static const std::string kComps = "YMDdFWwXxHhPmsfZzCE";
        static const char* kDefaults[] = {"1", "1",     "1",     "1", "n", "1",  "1",
                                          "1", "1",     "1",     "1", "n", "01", "01",
                                          "1", "01:01", "01:01", "n", "n"};
        size_t ci = kComps.find(d.component);
        if (ci == std::string::npos) Throw("D3132", Value::String(std::string(1, d.component)));
        d.pres1 = kDefaults[ci];
      }
      if (d.pres1[0] == 'n') {
        d.names = 1;
      } else if (d.pres1[0] == 'N') {
        d.names = d.pres1.size() > 1 && d.pres1[1] == 'n' ? 3 : 2;
      } else if (std::string("YMDdFWwXxHhmsf").find(d.component) != std::string::npos) {
        std::string ip = d.pres1;
        if (!d.pres2.empty()) ip += ";" + d.pres2;
        d.ifmt = AnalyseIntPicture(ToU32(ip));
        if (d.has_min && d.ifmt.mandatory < d.min) d.ifmt.mandatory = d.min;
        {
          d.n = -1;
          if (d.has_max) {
            d.n = d.max;
            d.ifmt.mandatory = d.n;
          } else {
            int w = d.ifmt.mandatory + d.ifmt.optional;
            if (w >= 2) d.n = w;
          }
        }
      }
      if (d.component == 'Z' || d.component == 'z') d.ifmt = AnalyseIntPicture(ToU32(d.pres1));
      spec.push_back(d);
      start = pos + 1;
    }
    pos++;
  }
  add_literal(start, pos);
  return spec;
}

std::string Case(std::string s, int names) {
  for (auto& c : s) {
    if (names == 2) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (names == 1) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return s;
}

double Fragment(double millis, const Parts& p, char comp) {
  switch (comp) {
    case 'Y':
      return static_cast<double>(p.year);
    case 'M':
      return p.month;
    case 'D':
      return p.day;
    case 'd':
      return std::floor((millis - UtcMillis(p.year, 0)) / kDay) + 1;
    case 'F':
      return p.wday == 0 ? 7 : p.wday;
    case 'W':
    case 'X': {
      double w1 = StartOfFirstWeek(p.year, 0);
      double next = StartOfFirstWeek(p.year + 1, 0);
      if (comp == 'X') {
        return static_cast<double>(millis < w1 ? p.year - 1 : millis >= next ? p.year + 1 : p.year);
      }
      if (millis < w1) return std::floor(DeltaWeeks(StartOfFirstWeek(p.year - 1, 0), millis));
      if (millis >= next) return std::floor(DeltaWeeks(next, millis));
      return std::floor(DeltaWeeks(w1, millis));
    }
    case 'w':
    case 'x': {
      int m0 = p.month - 1;
      double w1 = StartOfFirstWeek(p.year, m0);
      double next = StartOfFirstWeek(p.year, m0 + 1);
      if (comp == 'x') {
        if (millis < w1) return m0 == 0 ? 12 : m0;
        if (millis >= next) return m0 == 11 ? 1 : m0 + 2;
        return m0 + 1;
      }
      if (millis < w1) return std::floor(DeltaWeeks(StartOfFirstWeek(p.year, m0 - 1), millis));
      if (millis >= next) return std::floor(DeltaWeeks(next, millis));
      return std::floor(DeltaWeeks(w1, millis));
    }
    case 'H':
      return p.hour;
    case 'h':
      return p.hour % 12 == 0 ? 12 : p.hour % 12;
    case 'm':
      return p.minute;
    case 's':
      return p.second;
    case 'f':
      return p.ms;
    default:
      return 0;
  }
}

std::string FormatDateTime(double millis, const std::string* picture, const std::string* tz) {
  int oh = 0, om = 0;
  if (tz) {
    int off = std::atoi(tz->c_str());
    oh = static_cast<int>(std::floor(off / 100.0));
    om = off % 100;
  }
  static const std::vector<Marker> kIso =
      AnalysePicture("[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]");
  std::vector<Marker> own;
  if (picture) own = AnalysePicture(*picture);
  const std::vector<Marker>& spec = picture ? own : kIso;
  double local = std::trunc(millis) + (60.0 * oh + om) * 60000;
  Parts p = Split(local);
  std::string out;
  for (const Marker& m : spec) {
    if (m.literal) {
      out += m.text;
      continue;
    }
    char c = m.component;
    std::string v;
    if (std::string("YMDdFWwXxHhms").find(c) != std::string::npos) {
      double val = Fragment(local, p, c);
      if (c == 'Y' && m.n != -1) val = std::fmod(val, std::pow(10, m.n));
      if (m.names) {
        if (c == 'M' || c == 'x') {
          v = kMonths[static_cast<int>(val) - 1];
        } else if (c == 'F') {
          v = kDays[static_cast<int>(val)];
        } else {
          Throw("D3133", Value::String(std::string(1, c)));
        }
        v = Case(v, m.names);
        if (m.has_max && static_cast<int>(v.size()) > m.max) v = v.substr(0, m.max);
      } else {
        v = FormatIntegerWith(val, m.ifmt);
      }
    } else if (c == 'f') {
      v = FormatIntegerWith(Fragment(local, p, c), m.ifmt);
    } else if (c == 'Z' || c == 'z') {
      int offset = oh * 100 + om;
      if (m.ifmt.regular) {
        v = FormatIntegerWith(offset, m.ifmt);
      } else {
        int nd = m.ifmt.mandatory;
        if (nd == 1 || nd == 2) {
          v = FormatIntegerWith(oh, m.ifmt);
          if (om != 0) v += ":" + FormatIntegerWith(om, AnalyseIntPicture(U"00"));
        } else if (nd == 3 || nd == 4) {
          v = FormatIntegerWith(offset, m.ifmt);
        } else {
          Throw("D3134", Value::Number(nd));
        }
      }
      if (offset >= 0) v = "+" + v;
      if (c == 'z') v = "GMT" + v;
      if (offset == 0 && m.pres2 == "t") v = "Z";
    } else if (c == 'P') {
      v = p.hour >= 12 ? "pm" : "am";
      if (m.names == 2) v = Case(v, 2);
    } else if (c == 'C' || c == 'E') {
      v = "ISO";
    }
    out += v;
  }
  return out;
}

// ISO 8601 timestamp as JavaScript's Date.parse reads it (UTC when no offset is given).
bool ParseIso(const std::string& s, double& out) {
  static const std::regex re(
      R"(^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}:?\d{2})?$)");
  std::smatch m;
  if (!std::regex_match(s, m, re)) return false;
  int64_t y = std::stoll(m[1]);
  int mo = m[2].matched ? std::stoi(m[2]) : 1;
  int d = m[3].matched ? std::stoi(m[3]) : 1;
  int h = m[4].matched ? std::stoi(m[4]) : 0;
  int mi = m[5].matched ? std::stoi(m[5]) : 0;
  int se = m[6].matched ? std::stoi(m[6]) : 0;
  double ms = 0;
  if (m[7].matched) ms = std::floor(std::stod("0." + m[7].str()) * 1000 + 1e-9);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || se > 59) return false;
  double t = static_cast<double>(DaysFromCivil(y, mo, d)) * kDay + h * 3600000.0 + mi * 60000.0 +
             se * 1000.0 + ms;
  if (m[8].matched && m[8].str() != "Z") {
    std::string z = m[8].str();
    int sign = z[0] == '-' ? -1 : 1;
    std::string digits;
    for (char c : z.substr(1)) {
      if (c != ':') digits += c;
    }
    int zh = std::stoi(digits.substr(0, 2)), zm = std::stoi(digits.substr(2, 2));
    t -= sign * (zh * 3600000.0 + zm * 60000.0);
  }
  out = t;
  return true;
}

Value FnFromMillis(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return a[0];
  const std::string* pic = Arg(a, 1).is_string() ? &a[1].str() : nullptr;
  const std::string* tz = Arg(a, 2).is_string() ? &a[2].str() : nullptr;
  return Value::String(FormatDateTime(a[0].number(), pic, tz));
}

}  // namespace

bool ParseDateTimePicture(const std::string& text, const std::string& picture, double& out);

namespace {

Value FnToMillis(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return a[0];
  double t = 0;
  if (Arg(a, 1).is_string()) {
    if (!ParseDateTimePicture(a[0].str(), a[1].str(), t)) return Value();
    return Value::Number(t);
  }
  static const std::regex iso(
      R"(^\d{4}(-[01]\d)*(-[0-3]\d)*(T[0-2]\d:[0-5]\d:[0-5]\d)*(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?$)");
  if (!std::regex_match(a[0].str(), iso)) Throw("D3110", a[0]);
  if (!ParseIso(a[0].str(), t)) return Value();
  return Value::Number(t);
}

Value FnNow(Evaluator& ev, std::vector<Value>& a, const Value&) {
  const std::string* pic = Arg(a, 0).is_string() ? &a[0].str() : nullptr;
  const std::string* tz = Arg(a, 1).is_string() ? &a[1].str() : nullptr;
  return Value::String(FormatDateTime(static_cast<double>(ev.now_ms()), pic, tz));
}

Value FnMillis(Evaluator& ev, std::vector<Value>&, const Value&) {
  return Value::Number(static_cast<double>(ev.now_ms()));
}

const Builtin kDateBuiltins[] = {
    {"fromMillis", "<n-s?s?:s>", FnFromMillis, 3},
    {"toMillis", "<s-s?:n>", FnToMillis, 2},
    {"now", "<s?s?:s>", FnNow, 2},
    {"millis", "<:n>", FnMillis, 0},
};

}  // namespace

namespace {

struct ParsePart {
  std::string regex;
  char component = 0;  // 0 = literal
  std::function<double(const std::string&)> parse;
};

std::string EscapeRegex(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::strchr(".*+?^${}()|[]\\/", c) && c != 0) out += '\\';
    out += c;
  }
  return out;
}

ParsePart IntegerMatcher(const IntFormat& f, int n) {
  ParsePart r;
  bool upper = f.tcase == IntFormat::kUpper;
  std::string occ = "+";
  if (n > 0) {
    occ = f.optional == 0 ? "{" + std::to_string(n) + "}"
                          : "{" + std::to_string(n - f.optional) + "," + std::to_string(n) + "}";
  }
  switch (f.primary) {
    case IntFormat::kLetters:
      r.regex = upper ? "[A-Z]+" : "[a-z]+";
      break;
    case IntFormat::kRoman:
      r.regex = upper ? "[MDCLXVI]+" : "[mdclxvi]+";
      break;
    case IntFormat::kWords: {
      r.regex = "(?:" + WordsAlternatives() + "|and|[\\-, ])+";
      break;
    }
    case IntFormat::kDecimal:
      r.regex = "[0-9]" + occ;
      if (f.ordinal) r.regex += "(?:th|st|nd|rd)";
      break;
    case IntFormat::kSequence:
      Throw("D3130", Value::String(f.token));
  }
  IntFormat fc = f;
  r.parse = [fc](const std::string& v) -> double {
    std::string digits = v;
    if (fc.primary == IntFormat::kDecimal && fc.ordinal && digits.size() >= 2) {
      digits = digits.substr(0, digits.size() - 2);
    }
    double out = NAN;
    if (!ParseIntegerWith(digits, fc, out)) return static_cast<double>(NAN);
    return out;
  };
  return r;
}

}  // namespace

bool ParseDateTimePicture(const std::string& text, const std::string& picture, double& out) {
  std::vector<Marker> spec = AnalysePicture(picture);
  std::vector<ParsePart> parts;
  for (const Marker& m : spec) {
    ParsePart p;
    if (m.literal) {
      p.regex = EscapeRegex(m.text);
    } else if (m.component == 'Z' || m.component == 'z') {
      std::u32string sep;
      if (m.ifmt.regular) sep = m.ifmt.separators[0].second;
      p.regex = m.component == 'z' ? "GMT" : "";
      p.regex += "[-+][0-9]+";
      std::string sep8 = FromU32(sep);
      if (!sep.empty()) p.regex += EscapeRegex(sep8) + "[0-9]+";
      bool z = m.component == 'z';
      p.parse = [sep8, z](const std::string& val) {
        std::string v = z ? val.substr(3) : val;
        double h = 0, mi = 0;
        if (!sep8.empty()) {
          size_t at = v.find(sep8);
          h = std::atoi(v.substr(0, at).c_str());
          mi = std::atoi(v.substr(at + sep8.size()).c_str());
        } else if (v.size() - 1 <= 2) {
          h = std::atoi(v.c_str());
        } else {
          h = std::atoi(v.substr(0, 3).c_str());
          mi = std::atoi(v.substr(3).c_str());
        }
        return h * 60 + mi;
      };
    } else if (m.ifmt.mandatory > 0 || m.ifmt.primary != IntFormat::kDecimal) {
      p = IntegerMatcher(m.ifmt, m.n);
      if (m.component == 'f' && m.ifmt.primary == IntFormat::kDecimal) {
        p.parse = [](const std::string& v) {
          return std::floor(std::strtod(("0." + v).c_str(), nullptr) * 1000 + 1e-7);
        };
      }
    } else {
      p.regex = "[a-zA-Z]+";
      std::map<std::string, double> lookup;
      if (m.component == 'M' || m.component == 'x') {
        for (int i = 0; i < 12; ++i) {
          std::string nm = kMonths[i];
          lookup[m.has_max ? nm.substr(0, m.max) : nm] = i + 1;
        }
      } else if (m.component == 'F') {
        for (int i = 1; i <= 7; ++i) {
          std::string nm = kDays[i];
          lookup[m.has_max ? nm.substr(0, m.max) : nm] = i;
        }
      } else if (m.component == 'P') {
        lookup = {{"am", 0}, {"AM", 0}, {"pm", 1}, {"PM", 1}};
      } else {
        Throw("D3133", Value::String(std::string(1, m.component)));
      }
      p.parse = [lookup](const std::string& v) {
        auto it = lookup.find(v);
        return it == lookup.end() ? static_cast<double>(NAN) : it->second;
      };
    }
    p.component = m.literal ? 0 : m.component;
    parts.push_back(std::move(p));
  }
  std::string full = "^";
  for (const auto& p : parts) full += "(" + p.regex + ")";
  full += "$";
  std::regex re(full, std::regex::ECMAScript | std::regex::icase);
  std::smatch info;
  if (!std::regex_match(text, info, re)) return false;
  std::map<char, double> comps;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].component == 0 || !parts[i].parse) continue;
    double v = parts[i].parse(info[i + 1].str());
    if (!std::isnan(v)) comps[parts[i].component] = v;
  }
  if (comps.empty()) return false;
  auto has = [&](char c) { return comps.count(c) > 0; };
  int mask = 0;
  auto is_type = [&](int type) { return !(~type & mask) && (type & mask); };
  for (char c : std::string("YXMxWwdD")) mask = (mask << 1) | (has(c) ? 1 : 0);
  bool date_a = is_type(161);
  bool date_b = !date_a && is_type(130);
  bool date_c = is_type(84);
  bool date_d = !date_c && is_type(72);
  mask = 0;
  for (char c : std::string("PHhmsf")) mask = (mask << 1) | (has(c) ? 1 : 0);
  bool time_a = is_type(23);
  bool time_b = !time_a && is_type(47);
  std::string order = std::string(date_b   ? "Yd"
                                  : date_c ? "XxwF"
                                  : date_d ? "XWF"
                                           : "YMD") +
                      (time_b ? "Phmsf" : "Hmsf");
  double now = static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count());
  Parts np = Split(now);
  bool start = false, end = false;
  for (char c : order) {
    if (!has(c)) {
      if (start) {
        comps[c] = std::string("MDd").find(c) != std::string::npos ? 1 : 0;
        end = true;
      } else {
        comps[c] = c == 'P' ? (np.hour >= 12 ? 1 : 0) : Fragment(now, np, c);
      }
    } else {
      start = true;
      if (end) Throw("D3136");
    }
  }
  double month0 = comps['M'] > 0 ? comps['M'] - 1 : 0;
  double day = comps['D'];
  if (date_b) {
    double d = UtcMillis(static_cast<int64_t>(comps['Y']), 0) + (comps['d'] - 1) * kDay;
    Parts dp = Split(d);
    month0 = dp.month - 1;
    day = dp.day;
  }
  if (date_c || date_d) Throw("D3136");
  double hour = comps['H'];
  if (time_b) {
    hour = comps['h'] == 12 ? 0 : comps['h'];
    if (comps['P'] == 1) hour += 12;
  }
  double millis = UtcMillis(static_cast<int64_t>(comps['Y']), static_cast<int>(month0)) +
                  (day - 1) * kDay + hour * 3600000 + comps['m'] * 60000 + comps['s'] * 1000 +
                  comps['f'];
  if (has('Z')) millis -= comps['Z'] * 60000;
  if (has('z')) millis -= comps['z'] * 60000;
  out = millis;
  return true;
}

BuiltinTable DateBuiltins() {
  return {kDateBuiltins, sizeof(kDateBuiltins) / sizeof(kDateBuiltins[0])};
}

}  // namespace sfn::jsonata::internal
