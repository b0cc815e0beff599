#include "json/json.h"

#include <boost/json/basic_parser_impl.hpp>
#include <charconv>
#include <cmath>
#include <cstring>

namespace sfn::json {
namespace {

namespace bj = boost::json;

// basic_parser handler that builds a value with value_stack, re-parsing doubles exactly.
class ExactHandler {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  bj::value_stack st;
  std::string num;

  bool on_document_begin(bj::error_code&) {
    st.reset();
    return true;
  }
  bool on_document_end(bj::error_code&) { return true; }
  bool on_object_begin(bj::error_code&) { return true; }
  bool on_object_end(std::size_t n, bj::error_code&) {
    st.push_object(n);
    return true;
  }
  bool on_array_begin(bj::error_code&) { return true; }
  bool on_array_end(std::size_t n, bj::error_code&) {
    st.push_array(n);
    return true;
  }
  bool on_key_part(bj::string_view s, std::size_t, bj::error_code&) {
    st.push_chars(s);
    return true;
  }
  bool on_key(bj::string_view s, std::size_t, bj::error_code&) {
    st.push_key(s);
    return true;
  }
  bool on_string_part(bj::string_view s, std::size_t, bj::error_code&) {
    st.push_chars(s);
    return true;
  }
  bool on_string(bj::string_view s, std::size_t, bj::error_code&) {
    st.push_string(s);
    return true;
  }
  bool on_number_part(bj::string_view s, bj::error_code&) {
    num.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t i, bj::string_view, bj::error_code&) {
    num.clear();
    st.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, bj::string_view, bj::error_code&) {
    num.clear();
    st.push_uint64(u);
    return true;
  }
  bool on_double(double d, bj::string_view s, bj::error_code&) {
    num.append(s.data(), s.size());
    double exact = d;
    auto r = std::from_chars(num.data(), num.data() + num.size(), exact);
    if (r.ec != std::errc()) exact = d;  // out of range: keep Boost's (inf-clamped) value
    num.clear();
    st.push_double(exact);
    return true;
  }
  bool on_bool(bool b, bj::error_code&) {
    st.push_bool(b);
    return true;
  }
  bool on_null(bj::error_code&) {
    st.push_null();
    return true;
  }
  bool on_comment_part(bj::string_view, bj::error_code&) { return true; }
  bool on_comment(bj::string_view, bj::error_code&) { return true; }
};

}  // namespace

struct Parser::Impl {
  static bj::parse_options Options() {
    bj::parse_options opts;
    opts.max_depth = 1024;  // Boost's default (32) rejects legitimate deep payloads
    return opts;
  }
  Impl() : parser(Options()) {}
  bj::basic_parser<ExactHandler> parser;
};

Parser::Parser() : impl_(std::make_unique<Impl>()) {}
Parser::~Parser() = default;

Result<Value> Parser::Parse(std::string_view text, ParseError* error) {
  auto& p = impl_->parser;
  p.reset();
  p.handler().num.clear();
  bj::error_code ec;
  std::size_t n = p.write_some(false, text.data(), text.size(), ec);
  if (!ec && n < text.size()) ec = bj::error::extra_data;
  if (ec) {
    if (error) {
      error->offset = n;
      error->reason = ec.message();
    }
    return Status::InvalidArgument("invalid JSON at offset " + std::to_string(n) + ": " +
                                   ec.message());
  }
  return p.handler().st.release();
}

Result<Value> Parse(std::string_view text) {
  Parser parser;
  return parser.Parse(text);
}

void AppendQuoted(std::string_view s, std::string& out) {
  static const char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + start, i - start);
    start = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.append(s.data() + start, s.size() - start);
  out.push_back('"');
}

void AppendDouble(double d, std::string& out) {
  if (std::isnan(d) || std::isinf(d)) {  // not representable in JSON; Jackson would write these
    out += std::isnan(d) ? "NaN" : (d > 0 ? "Infinity" : "-Infinity");
    return;
  }
  if (d == 0) {
    out += std::signbit(d) ? "-0.0" : "0.0";
    return;
  }
  // Shortest round-trip digits in scientific form, e.g. "1.5e-07".
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<std::size_t>(r.ptr - buf));
  bool neg = sci.front() == '-';
  if (neg) sci.remove_prefix(1);
  std::size_t epos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, epos))
    if (c != '.') digits.push_back(c);
  int exp = std::atoi(std::string(sci.substr(epos + 1)).c_str());
  if (neg) out.push_back('-');
  double ad = std::fabs(d);
  if (ad >= 1e-3 && ad < 1e7) {
    // Plain notation with at least one fractional digit (Java Double.toString).
    if (exp >= 0) {
      std::size_t int_len = static_cast<std::size_t>(exp) + 1;
      if (digits.size() <= int_len) {
        out += digits;
        out.append(int_len - digits.size(), '0');
        out += ".0";
      } else {
        out.append(digits, 0, int_len);
        out.push_back('.');
        out.append(digits, int_len, std::string::npos);
      }
    } else {
      out += "0.";
      out.append(static_cast<std::size_t>(-exp - 1), '0');
      out += digits;
    }
    return;
  }
  // Computerised scientific notation: d.dddE[-]n, at least one fractional digit.
  out.push_back(digits[0]);
  out.push_back('.');
  if (digits.size() > 1)
    out.append(digits, 1, std::string::npos);
  else
    out.push_back('0');
  out.push_back('E');
  out += std::to_string(exp);
}

void SerializeTo(const Value& v, std::string& out) {
  switch (v.kind()) {
    case Kind::null:
      out += "null";
      return;
    case Kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return;
    case Kind::int64: {
      char buf[24];
      auto r = std::to_chars(buf, buf + sizeof buf, v.get_int64());
      out.append(buf, r.ptr);
      return;
    }
    case Kind::uint64: {
      char buf[24];
      auto r = std::to_chars(buf, buf + sizeof buf, v.get_uint64());
      out.append(buf, r.ptr);
      return;
    }
    case Kind::double_:
      AppendDouble(v.get_double(), out);
      return;
    case Kind::string: {
      const auto& s = v.get_string();
      AppendQuoted(std::string_view(s.data(), s.size()), out);
      return;
    }
    case Kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        SerializeTo(e, out);
      }
      out.push_back(']');
      return;
    }
    case Kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out.push_back(',');
        first = false;
        AppendQuoted(std::string_view(kv.key().data(), kv.key().size()), out);
        out.push_back(':');
        SerializeTo(kv.value(), out);
      }
      out.push_back('}');
      return;
    }
  }
}

std::string Serialize(const Value& v) {
  std::string out;
  SerializeTo(v, out);
  return out;
}

double AsDouble(const Value& v) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  if (v.is_double()) return v.get_double();
  return 0;
}

bool IsIntegral(const Value& v) {
  if (v.is_int64() || v.is_uint64()) return true;
  if (v.is_double()) {
    double d = v.get_double();
    return std::isfinite(d) && std::floor(d) == d;
  }
  return false;
}

bool Equal(const Value& a, const Value& b) {
  if (IsNumber(a) && IsNumber(b)) {
    if (a.is_int64() && b.is_int64()) return a.get_int64() == b.get_int64();
    if (a.is_uint64() && b.is_uint64()) return a.get_uint64() == b.get_uint64();
    return AsDouble(a) == AsDouble(b);
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::null:
      return true;
    case Kind::bool_:
      return a.get_bool() == b.get_bool();
    case Kind::string:
      return a.get_string() == b.get_string();
    case Kind::array: {
      const auto& x = a.get_array();
      const auto& y = b.get_array();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (!Equal(x[i], y[i])) return false;
      return true;
    }
    case Kind::object: {
      const auto& x = a.get_object();
      const auto& y = b.get_object();
      if (x.size() != y.size()) return false;
      for (const auto& kv : x) {
        auto it = y.find(kv.key());
        if (it == y.end() || !Equal(kv.value(), it->value())) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

const char* TypeName(const Value& v) {
  switch (v.kind()) {
    case Kind::null:
      return "null";
    case Kind::bool_:
      return "boolean";
    case Kind::int64:
    case Kind::uint64:
    case Kind::double_:
      return "number";
    case Kind::string:
      return "string";
    case Kind::array:
      return "array";
    case Kind::object:
      return "object";
  }
  return "unknown";
}

}  // namespace sfn::json
