#include "distributed/readers/line_parser.h"

#include <boost/json/basic_parser_impl.hpp>
#include <charconv>

namespace sfn::distributed::internal {
namespace {

namespace bj = boost::json;

// Builds values on a value_stack; doubles are re-parsed from their text with from_chars.
struct ValueHandler {
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  bj::value_stack st;
  std::string num;

  bool on_document_begin(bj::error_code&) {
    st.reset();
    num.clear();
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
    double exact = d;
    if (num.empty()) {
      auto r = std::from_chars(s.data(), s.data() + s.size(), exact);
      if (r.ec != std::errc()) exact = d;
    } else {
      num.append(s.data(), s.size());
      auto r = std::from_chars(num.data(), num.data() + num.size(), exact);
      if (r.ec != std::errc()) exact = d;
      num.clear();
    }
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

struct LineParser::Impl {
  Impl() : parser(bj::parse_options{}) {}
  bj::basic_parser<ValueHandler> parser;
};

LineParser::LineParser() : impl_(new Impl) {}
LineParser::~LineParser() { delete impl_; }

Result<json::Value> LineParser::Parse(std::string_view text) {
  auto& p = impl_->parser;
  p.reset();
  bj::error_code ec;
  std::size_t n = p.write_some(false, text.data(), text.size(), ec);
  if (!ec && n < text.size()) ec = bj::error::extra_data;
  if (ec) {
    return Status::InvalidArgument("invalid JSON at column " + std::to_string(n + 1) + ": " +
                                   ec.message());
  }
  return p.handler().st.release();
}

}  // namespace sfn::distributed::internal
