// JSON item source: boost::json::basic_parser fed 64 KiB at a time from 1 MiB reads. Only the
// item being built is held in memory, so a multi-GB top-level array streams. An ItemsPointer
// (RFC 6901) is followed while parsing; values off the path are parsed but never built.

#include <boost/json/basic_parser_impl.hpp>
#include <charconv>
#include <cstring>
#include <deque>

#include "distributed/readers/buffered_input.h"
#include "distributed/readers/item_source.h"

namespace sfn::distributed {
namespace {

namespace bj = boost::json;

constexpr std::size_t kSlice = 64 * 1024;

// Splits an RFC 6901 pointer into unescaped tokens.
Result<std::vector<std::string>> ParsePointer(const std::string& ptr) {
  std::vector<std::string> tokens;
  if (ptr.empty()) return tokens;
  if (ptr.front() != '/') {
    return Status::InvalidArgument("ItemsPointer '" + ptr +
                                   "' is not a JSON Pointer: it must be empty or start with '/' "
                                   "(e.g. /data/items)");
  }
  std::string cur;
  for (std::size_t i = 1; i <= ptr.size(); ++i) {
    if (i == ptr.size() || ptr[i] == '/') {
      tokens.push_back(std::move(cur));
      cur.clear();
    } else if (ptr[i] == '~') {
      char n = i + 1 < ptr.size() ? ptr[i + 1] : '\0';
      if (n != '0' && n != '1') {
        return Status::InvalidArgument("ItemsPointer '" + ptr +
                                       "' has a '~' not followed by 0 or 1; write ~0 for '~' "
                                       "and ~1 for '/'");
      }
      cur.push_back(n == '0' ? '~' : '/');
      ++i;
    } else {
      cur.push_back(ptr[i]);
    }
  }
  return tokens;
}

struct Frame {
  bool is_array = false;
  std::uint64_t index = 0;  // next element index (arrays)
  std::string key;          // current member key (objects)
};

// Event handler: follows the pointer, then builds each child of the target node as an item.
class StreamHandler {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  std::vector<std::string> tokens;
  std::deque<json::Value> items;
  std::deque<std::string> item_keys;
  bool target_found = false;
  bool target_is_object = false;
  bool target_scalar = false;  // pointer reached a scalar (or the document is a scalar)
  bool path_blocked = false;   // pointer went through a scalar

  bool on_document_begin(bj::error_code&) { return true; }
  bool on_document_end(bj::error_code&) { return true; }
  bool on_object_begin(bj::error_code& ec) { return BeginValue(true, false, ec); }
  bool on_array_begin(bj::error_code& ec) { return BeginValue(true, true, ec); }
  bool on_object_end(std::size_t n, bj::error_code&) {
    if (building_) st_.push_object(n);
    return EndContainer();
  }
  bool on_array_end(std::size_t n, bj::error_code&) {
    if (building_) st_.push_array(n);
    return EndContainer();
  }
  bool on_key_part(bj::string_view s, std::size_t, bj::error_code&) {
    if (building_) {
      st_.push_chars(s);
    } else {
      key_buf_.append(s.data(), s.size());
    }
    return true;
  }
  bool on_key(bj::string_view s, std::size_t, bj::error_code&) {
    if (building_) {
      st_.push_key(s);
      return true;
    }
    key_buf_.append(s.data(), s.size());
    if (level_ == items_level_ && target_found && target_is_object && !done_) {
      cur_item_key_ = std::move(key_buf_);
    } else if (level_ == path_ok_ && level_ >= 1 && level_ <= frames_.size()) {
      frames_[level_ - 1].key = std::move(key_buf_);
    }
    key_buf_.clear();
    return true;
  }
  bool on_string_part(bj::string_view s, std::size_t, bj::error_code&) {
    if (!building_ && target_found && !done_ && level_ == items_level_) {
      building_ = true;  // a string item split across slices
      st_.reset();
    }
    if (building_) st_.push_chars(s);
    return true;
  }
  bool on_string(bj::string_view s, std::size_t, bj::error_code& ec) {
    if (!BeginValue(false, false, ec)) return false;
    if (building_) st_.push_string(s);
    return EndScalar();
  }
  bool on_number_part(bj::string_view s, bj::error_code&) {
    num_.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t i, bj::string_view, bj::error_code& ec) {
    num_.clear();
    if (!BeginValue(false, false, ec)) return false;
    if (building_) st_.push_int64(i);
    return EndScalar();
  }
  bool on_uint64(std::uint64_t u, bj::string_view, bj::error_code& ec) {
    num_.clear();
    if (!BeginValue(false, false, ec)) return false;
    if (building_) st_.push_uint64(u);
    return EndScalar();
  }
  bool on_double(double d, bj::string_view s, bj::error_code& ec) {
    if (!BeginValue(false, false, ec)) return false;
    if (building_) {
      num_.append(s.data(), s.size());
      double exact = d;
      auto r = std::from_chars(num_.data(), num_.data() + num_.size(), exact);
      if (r.ec != std::errc()) exact = d;
      st_.push_double(exact);
    }
    num_.clear();
    return EndScalar();
  }
  bool on_bool(bool b, bj::error_code& ec) {
    if (!BeginValue(false, false, ec)) return false;
    if (building_) st_.push_bool(b);
    return EndScalar();
  }
  bool on_null(bj::error_code& ec) {
    if (!BeginValue(false, false, ec)) return false;
    if (building_) st_.push_null();
    return EndScalar();
  }
  bool on_comment_part(bj::string_view, bj::error_code&) { return true; }
  bool on_comment(bj::string_view, bj::error_code&) { return true; }

 private:
  // Is the value starting now (at level_) the next step of the pointer path?
  bool OnPath() const {
    if (path_ok_ != level_ || level_ > tokens.size()) return false;
    if (level_ == 0) return true;
    const Frame& f = frames_[level_ - 1];
    const std::string& t = tokens[level_ - 1];
    if (!f.is_array) return f.key == t;
    if (t.empty() || (t.size() > 1 && t[0] == '0')) return false;
    std::uint64_t idx = 0;
    auto r = std::from_chars(t.data(), t.data() + t.size(), idx);
    return r.ec == std::errc() && r.ptr == t.data() + t.size() && idx == f.index;
  }

  bool BeginValue(bool container, bool is_array, bj::error_code&) {
    if (building_) {  // inside an item, or a string item whose parts came first
      if (container) ++level_;
      return true;
    }
    if (target_found && !done_ && level_ == items_level_) {
      // A new item starts.
      building_ = true;
      st_.reset();
      if (container) ++level_;
      return true;
    }
    if (!target_found && OnPath()) {
      if (level_ == tokens.size()) {
        if (!container) {
          target_scalar = true;
          return true;
        }
        target_found = true;
        target_is_object = !is_array;
        items_level_ = level_ + 1;
      } else if (!container) {
        path_blocked = true;
        return true;
      }
      frames_.push_back(Frame{is_array, 0, {}});
      ++path_ok_;
    }
    if (container) ++level_;
    return true;
  }

  bool EndScalar() {
    if (building_ && level_ == items_level_) FinishItem();
    AdvanceIndex();
    return true;
  }

  bool EndContainer() {
    --level_;
    if (path_ok_ > level_) {
      --path_ok_;
      frames_.pop_back();
      if (target_found && level_ + 1 == items_level_) done_ = true;
    }
    if (building_ && level_ == items_level_) FinishItem();
    AdvanceIndex();
    return true;
  }

  // After a value at level_ ends, its parent array (if tracked) moves to the next index.
  void AdvanceIndex() {
    if (level_ >= 1 && path_ok_ == level_ && level_ <= frames_.size()) {
      Frame& f = frames_[level_ - 1];
      if (f.is_array) ++f.index;
    }
  }

  void FinishItem() {
    building_ = false;
    json::Value v = st_.release();
    if (target_is_object) {
      json::Object pair;
      pair.reserve(2);
      pair.emplace("Key", json::String(cur_item_key_));
      pair.emplace("Value", std::move(v));
      items.emplace_back(std::move(pair));
      item_keys.push_back(std::move(cur_item_key_));
      cur_item_key_.clear();
    } else {
      items.push_back(std::move(v));
    }
  }

  bj::value_stack st_;
  std::string num_;
  std::string key_buf_;
  std::string cur_item_key_;
  std::vector<Frame> frames_;
  std::size_t level_ = 0;    // open containers
  std::size_t path_ok_ = 0;  // leading open containers that lie on the pointer path
  std::size_t items_level_ = 0;
  bool building_ = false;
  bool done_ = false;
};

class JsonSource final : public ItemSource {
 public:
  JsonSource(std::unique_ptr<s3::ObjectReader> reader, std::string where,
             std::vector<std::string> tokens, std::string pointer)
      : parser_(MakeOptions()),
        reader_(std::move(reader)),
        where_(std::move(where)),
        pointer_(std::move(pointer)),
        buf_(internal::BufferedInput::kChunk) {
    parser_.handler().tokens = std::move(tokens);
  }

  Result<bool> Next(json::Value& out) override {
    StreamHandler& h = parser_.handler();
    while (h.items.empty()) {
      if (finished_) return false;
      SFN_TRY(Feed());
    }
    out = std::move(h.items.front());
    h.items.pop_front();
    if (h.target_is_object) {
      key_ = std::move(h.item_keys.front());
      h.item_keys.pop_front();
    }
    return true;
  }

  std::optional<std::string_view> ItemKey() const override {
    if (!parser_.handler().target_is_object) return std::nullopt;
    return std::string_view(key_);
  }

 private:
  static bj::parse_options MakeOptions() {
    bj::parse_options opt;
    opt.max_depth = 1024;
    return opt;
  }

  // Parses the next slice (reading more of the object when needed).
  Status Feed() {
    if (pos_ == end_) {
      SFN_ASSIGN_OR_RETURN(std::size_t n, reader_->Read(buf_.data(), buf_.size()));
      if (n == 0) return FinishDocument();
      pos_ = 0;
      end_ = n;
      if (!started_ && n >= 3 && std::memcmp(buf_.data(), "\xEF\xBB\xBF", 3) == 0) {
        pos_ = 3;  // UTF-8 byte order mark
        if (pos_ == end_) return Status::Ok();
      }
    }
    std::size_t len = std::min(kSlice, end_ - pos_);
    bj::error_code ec;
    std::size_t used = parser_.write_some(true, buf_.data() + pos_, len, ec);
    if (ec) return ParseError(ec, pos_ + used);
    CountLines(pos_, pos_ + len);
    pos_ += len;
    started_ = true;
    return CheckTarget();
  }

  Status FinishDocument() {
    finished_ = true;
    bj::error_code ec;
    if (!started_) {
      return Status::InvalidArgument("The JSON object " + where_ +
                                     " is empty; it must contain a JSON array or object");
    }
    parser_.write_some(false, nullptr, 0, ec);
    if (ec) return ParseError(ec, end_);
    SFN_TRY(CheckTarget());
    const StreamHandler& h = parser_.handler();
    if (!h.target_found) {
      return Status::InvalidArgument("ItemsPointer '" + pointer_ + "' does not match any node in " +
                                     where_ + "; check the path (e.g. /data/items)");
    }
    return Status::Ok();
  }

  Status CheckTarget() {
    const StreamHandler& h = parser_.handler();
    if (h.target_scalar) {
      finished_ = true;
      return Status::InvalidArgument("Attempting to map over non-iterable node.");
    }
    if (h.path_blocked) {
      finished_ = true;
      return Status::InvalidArgument("ItemsPointer '" + pointer_ + "' does not match any node in " +
                                     where_ + ": the path goes through a non-container value");
    }
    return Status::Ok();
  }

  void CountLines(std::size_t from, std::size_t to) {
    const char* p = buf_.data() + from;
    const char* e = buf_.data() + to;
    while (const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(e - p))) {
      p = static_cast<const char*>(nl) + 1;
      ++line_;
      line_start_ = consumed_ + static_cast<std::uint64_t>(p - buf_.data());
    }
    if (to == end_) consumed_ += end_;
  }

  Status ParseError(const bj::error_code& ec, std::size_t at) {
    finished_ = true;
    std::uint64_t line = line_;
    std::uint64_t line_start = line_start_;
    for (std::size_t i = pos_; i < at && i < end_; ++i) {
      if (buf_[i] == '\n') {
        ++line;
        line_start = consumed_ + i + 1;
      }
    }
    std::uint64_t col = consumed_ + at - line_start + 1;
    return Status::InvalidArgument("Invalid JSON in " + where_ + " at line " +
                                   std::to_string(line + 1) + ", column " + std::to_string(col) +
                                   ": " + ec.message() +
                                   ". The object must hold one JSON array or object.");
  }

  bj::basic_parser<StreamHandler> parser_;
  std::unique_ptr<s3::ObjectReader> reader_;
  std::string where_;
  std::string pointer_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, end_ = 0;
  std::uint64_t consumed_ = 0;  // bytes in previous buffers
  std::uint64_t line_ = 0, line_start_ = 0;
  bool started_ = false;
  bool finished_ = false;
  std::string key_;
};

}  // namespace

Result<std::unique_ptr<ItemSource>> MakeJsonItemSource(s3::ObjectStore& store,
                                                       const std::string& bucket,
                                                       const std::string& key,
                                                       const ReaderOptions& options) {
  std::string pointer = options.items_pointer.value_or("");
  SFN_ASSIGN_OR_RETURN(std::vector<std::string> tokens, ParsePointer(pointer));
  SFN_ASSIGN_OR_RETURN(auto reader, OpenDecoded(store, bucket, key, options.version_id));
  return std::unique_ptr<ItemSource>(new JsonSource(std::move(reader), internal::S3Uri(bucket, key),
                                                    std::move(tokens), std::move(pointer)));
}

}  // namespace sfn::distributed
