// Schema tree construction and the physical/logical type to JSON value mapping.
#include "distributed/parquet/schema.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

namespace sfn::parquet {

namespace {

constexpr int kMaxDecimalScale = 100;
constexpr int kMaxDecimalBytes = 64;

bool IsList(const SchemaElement& e) {
  return e.logical.kind == LogicalType::kList ||
         (e.converted_type && *e.converted_type == ConvertedType::kList);
}
bool IsMap(const SchemaElement& e) {
  return e.logical.kind == LogicalType::kMap ||
         (e.converted_type && (*e.converted_type == ConvertedType::kMap ||
                               *e.converted_type == ConvertedType::kMapKeyValue));
}

ValueKind KindFor(const SchemaElement& e, LeafInfo& leaf) {
  const LogicalType& lt = e.logical;
  const int ct = e.converted_type.value_or(-1);
  const bool decimal = lt.kind == LogicalType::kDecimal || ct == ConvertedType::kDecimal;
  leaf.scale = lt.kind == LogicalType::kDecimal ? lt.scale : e.scale;
  switch (leaf.type) {
    case PhysicalType::kBoolean:
      return ValueKind::kBool;
    case PhysicalType::kInt32:
      if (lt.kind == LogicalType::kDate || ct == ConvertedType::kDate) return ValueKind::kDate;
      if (decimal) return ValueKind::kDecimalInt;
      if (lt.kind == LogicalType::kTime || ct == ConvertedType::kTimeMillis) {
        leaf.unit = TimeUnit::kMillis;
        return ValueKind::kTime;
      }
      if ((lt.kind == LogicalType::kInteger && !lt.is_signed) || ct == ConvertedType::kUint8 ||
          ct == ConvertedType::kUint16 || ct == ConvertedType::kUint32) {
        return ValueKind::kUint32;
      }
      return ValueKind::kInt;
    case PhysicalType::kInt64:
      if (lt.kind == LogicalType::kTimestamp) {
        leaf.unit = lt.unit;
        leaf.utc = lt.adjusted_to_utc;
        return ValueKind::kTimestamp;
      }
      if (ct == ConvertedType::kTimestampMillis || ct == ConvertedType::kTimestampMicros) {
        leaf.unit = ct == ConvertedType::kTimestampMillis ? TimeUnit::kMillis : TimeUnit::kMicros;
        return ValueKind::kTimestamp;
      }
      if (lt.kind == LogicalType::kTime || ct == ConvertedType::kTimeMicros) {
        leaf.unit = lt.kind == LogicalType::kTime ? lt.unit : TimeUnit::kMicros;
        return ValueKind::kTime;
      }
      if (decimal) return ValueKind::kDecimalInt;
      if ((lt.kind == LogicalType::kInteger && !lt.is_signed) || ct == ConvertedType::kUint64) {
        return ValueKind::kUint64;
      }
      return ValueKind::kInt;
    case PhysicalType::kInt96:
      return ValueKind::kInt96;
    case PhysicalType::kFloat:
      return ValueKind::kFloat;
    case PhysicalType::kDouble:
      return ValueKind::kDouble;
    case PhysicalType::kByteArray:
      if (lt.kind == LogicalType::kString || lt.kind == LogicalType::kEnum ||
          lt.kind == LogicalType::kJson || ct == ConvertedType::kUtf8 ||
          ct == ConvertedType::kEnum || ct == ConvertedType::kJson) {
        return ValueKind::kString;
      }
      if (decimal) return ValueKind::kDecimalBytes;
      if (lt.kind == LogicalType::kBson || ct == ConvertedType::kBson) return ValueKind::kBase64;
      return ValueKind::kAutoBytes;
    case PhysicalType::kFixedLenByteArray:
      if (decimal) return ValueKind::kDecimalBytes;
      if (lt.kind == LogicalType::kUuid && leaf.type_length == 16) return ValueKind::kUuid;
      if (lt.kind == LogicalType::kFloat16 && leaf.type_length == 2) return ValueKind::kFloat16;
      if (lt.kind == LogicalType::kString || ct == ConvertedType::kUtf8) return ValueKind::kString;
      return ValueKind::kBase64;
  }
  return ValueKind::kBase64;
}

}  // namespace

Result<Schema> BuildSchema(const FileMetaData& md, const std::string& what) {
  Schema s;
  const auto& els = md.schema;
  if (els.empty()) return Status::Corruption("Parquet file " + what + " has an empty schema");
  s.nodes.resize(els.size());
  // Iterative pre-order construction using a stack of (node, remaining children).
  std::vector<std::pair<int, int>> stack;
  for (std::size_t i = 0; i < els.size(); ++i) {
    SchemaNode& n = s.nodes[i];
    n.elem = &els[i];
    const SchemaElement& e = els[i];
    if (i == 0) {
      if (e.num_children < 0) return Status::Corruption("bad schema root in " + what);
      stack.emplace_back(0, e.num_children);
      continue;
    }
    while (!stack.empty() && stack.back().second == 0) stack.pop_back();
    if (stack.empty()) {
      return Status::Corruption("Parquet schema of " + what + " has more elements than the tree");
    }
    int parent = stack.back().first;
    --stack.back().second;
    n.parent = parent;
    s.nodes[parent].children.push_back(static_cast<int>(i));
    const SchemaNode& p = s.nodes[parent];
    n.def_level = p.def_level + (e.repetition != Repetition::kRequired ? 1 : 0);
    n.rep_level = p.rep_level + (e.repetition == Repetition::kRepeated ? 1 : 0);
    if (static_cast<int>(e.repetition) < 0 || static_cast<int>(e.repetition) > 2) {
      return Status::Corruption("Parquet schema of " + what + ": field '" + e.name +
                                "' has an invalid repetition type");
    }
    if (e.num_children > 0) {
      if (stack.size() > 100) {
        return Status::Corruption("Parquet schema of " + what + " is nested too deeply");
      }
      n.shape = IsMap(e) ? NodeShape::kMap : IsList(e) ? NodeShape::kList : NodeShape::kStruct;
      stack.emplace_back(static_cast<int>(i), e.num_children);
    } else if (!e.type) {
      // A group without children (empty struct): kept as an empty object.
      n.shape = NodeShape::kStruct;
    } else {
      n.shape = NodeShape::kPrimitive;
      LeafInfo leaf;
      leaf.node = static_cast<int>(i);
      leaf.type = *e.type;
      if (static_cast<int>(leaf.type) < 0 || static_cast<int>(leaf.type) > 7) {
        return Status::Corruption("Parquet schema of " + what + ": column '" + e.name +
                                  "' has an unknown physical type");
      }
      leaf.type_length = e.type_length;
      leaf.max_def = n.def_level;
      leaf.max_rep = n.rep_level;
      leaf.kind = KindFor(e, leaf);
      if ((leaf.kind == ValueKind::kDecimalInt || leaf.kind == ValueKind::kDecimalBytes) &&
          (leaf.scale < 0 || leaf.scale > kMaxDecimalScale)) {
        return Status::Corruption("Parquet schema of " + what + ": DECIMAL column '" + e.name +
                                  "' has an invalid scale " + std::to_string(leaf.scale));
      }
      if (leaf.kind == ValueKind::kDecimalBytes && leaf.type == PhysicalType::kFixedLenByteArray &&
          leaf.type_length > kMaxDecimalBytes) {
        return Status::InvalidArgument("Parquet schema of " + what + ": DECIMAL column '" + e.name +
                                       "' is wider than " + std::to_string(kMaxDecimalBytes) +
                                       " bytes");
      }
      n.leaf = static_cast<int>(s.leaves.size());
      s.leaves.push_back(std::move(leaf));
    }
  }
  for (auto& [node, left] : stack) {
    if (left != 0) return Status::Corruption("Parquet schema of " + what + " is truncated");
  }
  // Paths and shaping flags.
  for (LeafInfo& leaf : s.leaves) {
    for (int n = leaf.node; n > 0; n = s.nodes[n].parent) leaf.path.insert(leaf.path.begin(), n);
    for (int n : leaf.path) {
      if (!leaf.dotted_path.empty()) leaf.dotted_path += '.';
      leaf.dotted_path += s.nodes[n].elem->name;
    }
  }
  for (std::size_t i = s.nodes.size(); i-- > 1;) {
    SchemaNode& n = s.nodes[i];
    if (n.shape == NodeShape::kList || n.shape == NodeShape::kMap) n.needs_shaping = true;
    if (n.needs_shaping && n.parent >= 0) s.nodes[n.parent].needs_shaping = true;
  }
  if (s.leaves.empty()) return Status::Corruption("Parquet file " + what + " has no columns");
  return s;
}

namespace {

void Append2(std::string& out, unsigned v) {
  out += static_cast<char>('0' + v / 10 % 10);
  out += static_cast<char>('0' + v % 10);
}

// Days since 1970-01-01 to a civil date (proleptic Gregorian).
void CivilFromDays(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

void AppendDate(std::string& out, std::int64_t days) {
  std::int64_t y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  if (y < 0) {
    out += '-';
    y = -y;
  }
  std::string ys = std::to_string(y);
  if (ys.size() < 4) out.append(4 - ys.size(), '0');
  out += ys;
  out += '-';
  Append2(out, m);
  out += '-';
  Append2(out, d);
}

// Appends "HH:MM:SS.fff..." for `sub` units into the day, with `digits` fraction digits.
void AppendTimeOfDay(std::string& out, std::int64_t secs, std::int64_t frac, int digits) {
  Append2(out, static_cast<unsigned>(secs / 3600));
  out += ':';
  Append2(out, static_cast<unsigned>(secs / 60 % 60));
  out += ':';
  Append2(out, static_cast<unsigned>(secs % 60));
  if (digits > 0) {
    out += '.';
    std::string f = std::to_string(frac);
    out.append(static_cast<std::size_t>(digits) - std::min<std::size_t>(f.size(), digits), '0');
    out += f;
  }
}

std::int64_t UnitsPerSecond(TimeUnit u, int& digits) {
  switch (u) {
    case TimeUnit::kMillis:
      digits = 3;
      return 1000;
    case TimeUnit::kMicros:
      digits = 6;
      return 1000000;
    case TimeUnit::kNanos:
      digits = 9;
      return 1000000000;
    case TimeUnit::kNone:
      break;
  }
  digits = 0;
  return 1;
}

std::string Timestamp(std::int64_t v, std::int64_t per_sec, int digits, bool utc) {
  std::int64_t secs = v / per_sec, frac = v % per_sec;
  if (frac < 0) {
    frac += per_sec;
    --secs;
  }
  std::int64_t days = secs / 86400, sod = secs % 86400;
  if (sod < 0) {
    sod += 86400;
    --days;
  }
  std::string out;
  AppendDate(out, days);
  out += 'T';
  AppendTimeOfDay(out, sod, frac, digits);
  if (utc) out += 'Z';
  return out;
}

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(const std::string& in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    std::uint32_t v = (static_cast<std::uint8_t>(in[i]) << 16) |
                      (static_cast<std::uint8_t>(in[i + 1]) << 8) |
                      static_cast<std::uint8_t>(in[i + 2]);
    out += kB64[v >> 18];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += kB64[v & 63];
  }
  if (i < in.size()) {
    std::uint32_t v = static_cast<std::uint8_t>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<std::uint8_t>(in[i + 1]) << 8;
    out += kB64[v >> 18];
    out += kB64[(v >> 12) & 63];
    out += i + 1 < in.size() ? kB64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool ValidUtf8(const std::string& s) {
  std::size_t i = 0, n = s.size();
  while (i < n) {
    auto c = static_cast<std::uint8_t>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > n) return false;
    std::uint32_t cp = c & (0x7f >> len);
    for (int k = 1; k < len; ++k) {
      auto cc = static_cast<std::uint8_t>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      return false;
    }
    i += static_cast<std::size_t>(len);
  }
  return true;
}

// Two's-complement big-endian bytes to a decimal digit string (with sign).
std::string BigEndianToDecimal(const std::string& be) {
  std::vector<std::uint8_t> mag(be.begin(), be.end());
  bool neg = !mag.empty() && (mag[0] & 0x80);
  if (neg) {  // negate: invert and add one
    for (auto& b : mag) b = static_cast<std::uint8_t>(~b);
    for (std::size_t i = mag.size(); i-- > 0;) {
      if (++mag[i] != 0) break;
    }
  }
  std::string digits;
  std::size_t start = 0;
  while (start < mag.size()) {
    unsigned rem = 0;
    for (std::size_t i = start; i < mag.size(); ++i) {
      unsigned cur = (rem << 8) | mag[i];
      mag[i] = static_cast<std::uint8_t>(cur / 10);
      rem = cur % 10;
    }
    digits += static_cast<char>('0' + rem);
    while (start < mag.size() && mag[start] == 0) ++start;
  }
  if (digits.empty()) digits.push_back('0');
  if (neg) digits.push_back('-');
  std::reverse(digits.begin(), digits.end());
  return digits;
}

// "-12345" with scale 2 -> number -123.45 (parsed exactly; integral when scale <= 0).
json::Value DecimalValue(const std::string& text, int scale) {
  const bool neg = !text.empty() && text[0] == '-';
  std::string_view digits(text);
  if (neg) digits.remove_prefix(1);
  std::string out;
  out.reserve(digits.size() + 48);
  if (neg) out.push_back('-');
  if (scale > 0) {
    const auto sc = static_cast<std::size_t>(scale);
    if (digits.size() <= sc) {
      out.append("0.");
      out.append(sc - digits.size(), '0');
      out.append(digits);
    } else {
      out.append(digits.substr(0, digits.size() - sc));
      out.push_back('.');
      out.append(digits.substr(digits.size() - sc));
    }
  } else {
    out.append(digits);
    if (scale < 0 && digits != "0") out.append(static_cast<std::size_t>(-scale), '0');
  }
  auto r = json::Parse(out);
  if (!r.ok()) return nullptr;
  return std::move(r).value();
}

double HalfToDouble(std::uint16_t h) {
  int exp = (h >> 10) & 0x1f;
  int mant = h & 0x3ff;
  double v;
  if (exp == 0) {
    v = std::ldexp(mant, -24);
  } else if (exp == 31) {
    v = mant ? NAN : INFINITY;
  } else {
    v = std::ldexp(mant + 1024, exp - 25);
  }
  return (h & 0x8000) ? -v : v;
}

json::Value Real(double d) {
  if (!std::isfinite(d)) return nullptr;  // JSON has no NaN/Infinity
  return d;
}

}  // namespace

json::Value ConvertValue(const LeafInfo& leaf, const Values& v, std::size_t i) {
  switch (leaf.kind) {
    case ValueKind::kBool:
      return v.ints[i] != 0;
    case ValueKind::kInt:
      return v.ints[i];
    case ValueKind::kUint32:
      return static_cast<std::int64_t>(static_cast<std::uint32_t>(v.ints[i]));
    case ValueKind::kUint64: {
      auto u = static_cast<std::uint64_t>(v.ints[i]);
      if (u <= static_cast<std::uint64_t>(INT64_MAX)) return static_cast<std::int64_t>(u);
      return u;
    }
    case ValueKind::kFloat: {
      // Shortest decimal form of the float, then the double nearest it (1.1f -> 1.1).
      auto f = static_cast<float>(v.reals[i]);
      if (!std::isfinite(f)) return nullptr;
      char buf[64];
      auto res = std::to_chars(buf, buf + sizeof(buf), f);
      double d = 0;
      std::from_chars(buf, res.ptr, d);
      return d;
    }
    case ValueKind::kDouble:
      return Real(v.reals[i]);
    case ValueKind::kString:
      return json::String(v.bytes[i]);
    case ValueKind::kAutoBytes:
      if (ValidUtf8(v.bytes[i])) return json::String(v.bytes[i]);
      return json::String(Base64(v.bytes[i]));
    case ValueKind::kBase64:
      return json::String(Base64(v.bytes[i]));
    case ValueKind::kDecimalInt:
      return DecimalValue(std::to_string(v.ints[i]), leaf.scale);
    case ValueKind::kDecimalBytes:
      if (v.bytes[i].size() > static_cast<std::size_t>(kMaxDecimalBytes)) return nullptr;
      return DecimalValue(BigEndianToDecimal(v.bytes[i]), leaf.scale);
    case ValueKind::kDate: {
      std::string out;
      AppendDate(out, v.ints[i]);
      return json::String(out);
    }
    case ValueKind::kTime: {
      int digits;
      std::int64_t per = UnitsPerSecond(leaf.unit, digits);
      std::int64_t t = v.ints[i];
      if (t < 0) t = 0;
      std::string out;
      AppendTimeOfDay(out, t / per % 86400, t % per, digits);
      return json::String(out);
    }
    case ValueKind::kTimestamp: {
      int digits;
      std::int64_t per = UnitsPerSecond(leaf.unit, digits);
      if (leaf.epoch_millis) return per >= 1000 ? FloorDiv(v.ints[i], per / 1000) : v.ints[i];
      return json::String(Timestamp(v.ints[i], per, digits, leaf.utc));
    }
    case ValueKind::kInt96: {
      const std::string& b = v.bytes[i];
      std::uint64_t nanos;
      std::uint32_t julian;
      std::memcpy(&nanos, b.data(), 8);
      std::memcpy(&julian, b.data() + 8, 4);
      std::int64_t days = static_cast<std::int64_t>(julian) - 2440588;
      std::int64_t ns_day = static_cast<std::int64_t>(nanos % 86400000000000ULL);
      std::int64_t secs = days * 86400 + ns_day / 1000000000;
      if (leaf.epoch_millis) return secs * 1000 + ns_day % 1000000000 / 1000000;
      // Avoid overflow: build from seconds and the nanosecond remainder.
      std::string out;
      std::int64_t d = secs / 86400, sod = secs % 86400;
      if (sod < 0) {
        sod += 86400;
        --d;
      }
      AppendDate(out, d);
      out += 'T';
      AppendTimeOfDay(out, sod, ns_day % 1000000000, 9);
      out += 'Z';
      return json::String(out);
    }
    case ValueKind::kUuid: {
      static const char kHex[] = "0123456789abcdef";
      std::string out;
      for (std::size_t k = 0; k < 16; ++k) {
        if (k == 4 || k == 6 || k == 8 || k == 10) out += '-';
        auto c = static_cast<std::uint8_t>(v.bytes[i][k]);
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
      return json::String(out);
    }
    case ValueKind::kFloat16: {
      auto h = static_cast<std::uint16_t>(static_cast<std::uint8_t>(v.bytes[i][0]) |
                                          (static_cast<std::uint8_t>(v.bytes[i][1]) << 8));
      return Real(HalfToDouble(h));
    }
  }
  return nullptr;
}

}  // namespace sfn::parquet
