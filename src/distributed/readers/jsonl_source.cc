// JSONL item source: one JSON value per line (\n or \r\n), parsed exactly; blank and
// whitespace-only lines are skipped.

#include <cstring>

#include "distributed/readers/buffered_input.h"
#include "distributed/readers/item_source.h"
#include "distributed/readers/line_parser.h"

namespace sfn::distributed {
namespace {

using internal::BufferedInput;

constexpr std::size_t kMaxLineBytes = 256u << 20;

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

class JsonlSource final : public ItemSource {
 public:
  JsonlSource(std::unique_ptr<s3::ObjectReader> reader, std::string where)
      : in_(std::move(reader)), where_(std::move(where)) {}

  Result<bool> Next(json::Value& out) override {
    while (true) {
      std::string_view line;
      SFN_ASSIGN_OR_RETURN(bool got, NextLine(line));
      if (!got) return false;
      ++line_no_;
      if (line_no_ == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);  // BOM
      if (IsBlank(line)) continue;
      Result<json::Value> v = parser_.Parse(line);
      if (!v.ok()) {
        return Status::InvalidArgument("Cannot parse line " + std::to_string(line_no_) + " of " +
                                       where_ + " as JSON (" + v.status().message() +
                                       "). Each line of a JSONL object must be one JSON value.");
      }
      out = std::move(v).value();
      return true;
    }
  }

 private:
  // Returns the next line without its terminator; false at the end of the input.
  Result<bool> NextLine(std::string_view& line) {
    std::size_t scanned = 0;  // bytes after pos already known to hold no '\n'
    while (true) {
      const char* start = in_.data() + in_.pos;
      std::size_t avail = in_.end - in_.pos;
      const void* nl = std::memchr(start + scanned, '\n', avail - scanned);
      if (nl != nullptr) {
        std::size_t len = static_cast<std::size_t>(static_cast<const char*>(nl) - start);
        in_.pos += len + 1;
        if (len > 0 && start[len - 1] == '\r') --len;
        line = std::string_view(start, len);
        return true;
      }
      scanned = avail;
      if (avail > kMaxLineBytes) {
        return Status::InvalidArgument("Line " + std::to_string(line_no_ + 1) + " of " + where_ +
                                       " is longer than 256 MiB; JSONL items must be one per line");
      }
      SFN_ASSIGN_OR_RETURN(std::size_t n, in_.Fill());
      if (n == 0) {
        if (in_.pos == in_.end) return false;
        start = in_.data() + in_.pos;
        std::size_t len = in_.end - in_.pos;
        in_.pos = in_.end;
        if (len > 0 && start[len - 1] == '\r') --len;
        line = std::string_view(start, len);
        return true;
      }
    }
  }

  BufferedInput in_;
  std::string where_;
  internal::LineParser parser_;
  std::uint64_t line_no_ = 0;
};

}  // namespace

Result<std::unique_ptr<ItemSource>> MakeJsonlItemSource(s3::ObjectStore& store,
                                                        const std::string& bucket,
                                                        const std::string& key,
                                                        const ReaderOptions& options) {
  SFN_ASSIGN_OR_RETURN(auto reader, OpenDecoded(store, bucket, key, options.version_id));
  return std::unique_ptr<ItemSource>(
      new JsonlSource(std::move(reader), internal::S3Uri(bucket, key)));
}

Result<std::unique_ptr<ItemSource>> MakeObjectItemSource(s3::ObjectStore& store,
                                                         const std::string& bucket,
                                                         const std::string& key,
                                                         const ReaderOptions& options) {
  switch (options.input_type) {
    case InputType::kCsv:
      return MakeCsvItemSource(store, bucket, key, options);
    case InputType::kJson:
      return MakeJsonItemSource(store, bucket, key, options);
    case InputType::kJsonl:
      return MakeJsonlItemSource(store, bucket, key, options);
    case InputType::kParquet:
      if (!options.parquet) {
        return Status::InvalidArgument("InputType PARQUET is not available for " +
                                       internal::S3Uri(bucket, key) +
                                       ": this build has no Parquet reader configured");
      }
      return options.parquet(store, bucket, key);
  }
  return Status::Internal("unknown InputType");
}

}  // namespace sfn::distributed
