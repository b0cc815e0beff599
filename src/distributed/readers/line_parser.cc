#include "distributed/readers/line_parser.h"

namespace sfn::distributed::internal {

struct LineParser::Impl {
  json::Parser parser;  // exact doubles, integers kept; buffers reused from line to line
};

LineParser::LineParser() : impl_(new Impl) {}
LineParser::~LineParser() { delete impl_; }

Result<json::Value> LineParser::Parse(std::string_view text) {
  json::ParseError err;
  auto v = impl_->parser.Parse(text, &err);
  if (!v.ok()) {
    return Status::InvalidArgument("invalid JSON at column " + std::to_string(err.offset + 1) +
                                   ": " + err.reason);
  }
  return v;
}

}  // namespace sfn::distributed::internal
