// Multi-object item sources: listObjectsV2 (NONE and LOAD_AND_FLATTEN), S3 Inventory manifests
// and Athena UNLOAD manifests. Objects are opened one at a time, listings fetched page by page.

#include <deque>

#include "distributed/readers/buffered_input.h"
#include "distributed/readers/item_source.h"

namespace sfn::distributed {
namespace {

using internal::S3Uri;

constexpr std::uint64_t kMaxManifestBytes = 256ull << 20;

class ListObjectsSource final : public ItemSource {
 public:
  ListObjectsSource(s3::ObjectStore& store, std::string bucket, std::string prefix)
      : store_(store), bucket_(std::move(bucket)), prefix_(std::move(prefix)) {}

  Result<bool> Next(json::Value& out) override {
    while (pending_.empty()) {
      if (done_) return false;
      SFN_ASSIGN_OR_RETURN(s3::ListPage page, store_.List(bucket_, prefix_, token_, 1000));
      for (auto& o : page.objects) pending_.push_back(std::move(o));
      token_ = std::move(page.next_token);
      done_ = !token_;
    }
    s3::ObjectInfo& o = pending_.front();
    json::Object& obj = out.emplace_object();
    obj.reserve(5);
    obj.emplace("Etag", json::String(o.etag));
    obj.emplace("Key", json::String(o.key));
    obj.emplace("LastModified", o.last_modified_epoch_seconds);
    obj.emplace("Size", o.size);
    obj.emplace("StorageClass", json::String(o.storage_class));
    pending_.pop_front();
    return true;
  }

  // For LOAD_AND_FLATTEN: the next listed object, skipping zero-byte "folder/" markers.
  Result<std::optional<s3::ObjectInfo>> NextObject() {
    while (true) {
      while (pending_.empty()) {
        if (done_) return std::optional<s3::ObjectInfo>();
        SFN_ASSIGN_OR_RETURN(s3::ListPage page, store_.List(bucket_, prefix_, token_, 1000));
        for (auto& o : page.objects) pending_.push_back(std::move(o));
        token_ = std::move(page.next_token);
        done_ = !token_;
      }
      s3::ObjectInfo o = std::move(pending_.front());
      pending_.pop_front();
      if (o.size == 0 && !o.key.empty() && o.key.back() == '/') continue;
      return std::optional<s3::ObjectInfo>(std::move(o));
    }
  }

 private:
  s3::ObjectStore& store_;
  std::string bucket_, prefix_;
  std::optional<std::string> token_;
  std::deque<s3::ObjectInfo> pending_;
  bool done_ = false;
};

// Yields the next (bucket, key) to read, or nullopt when there are no more objects.
using ObjectCursor = std::function<Result<std::optional<std::pair<std::string, std::string>>>()>;

// Reads the objects named by a cursor one after another and flattens their items.
class ChainSource final : public ItemSource {
 public:
  ChainSource(s3::ObjectStore& store, ObjectCursor cursor, ReaderOptions options)
      : store_(store), cursor_(std::move(cursor)), options_(std::move(options)) {}

  Result<bool> Next(json::Value& out) override {
    while (true) {
      if (!current_) {
        SFN_ASSIGN_OR_RETURN(auto next, cursor_());
        if (!next) return false;
        SFN_ASSIGN_OR_RETURN(current_,
                             MakeObjectItemSource(store_, next->first, next->second, options_));
      }
      SFN_ASSIGN_OR_RETURN(bool more, current_->Next(out));
      if (more) return true;
      current_.reset();
    }
  }

  std::optional<std::string_view> ItemKey() const override {
    return current_ ? current_->ItemKey() : std::nullopt;
  }

 private:
  s3::ObjectStore& store_;
  ObjectCursor cursor_;
  ReaderOptions options_;
  std::unique_ptr<ItemSource> current_;
};

Result<std::string> ReadSmallObject(s3::ObjectStore& store, const std::string& bucket,
                                    const std::string& key, const char* what) {
  SFN_ASSIGN_OR_RETURN(auto reader, OpenDecoded(store, bucket, key));
  std::string out;
  std::vector<char> buf(1 << 20);
  while (true) {
    SFN_ASSIGN_OR_RETURN(std::size_t n, reader->Read(buf.data(), buf.size()));
    if (n == 0) return out;
    out.append(buf.data(), n);
    if (out.size() > kMaxManifestBytes) {
      return Status::InvalidArgument(std::string(what) + " " + S3Uri(bucket, key) +
                                     " is larger than 256 MiB; check that the Key names the "
                                     "manifest, not a data file");
    }
  }
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

// Splits "s3://bucket/key" into its parts.
std::optional<std::pair<std::string, std::string>> SplitS3Uri(std::string_view uri) {
  constexpr std::string_view kScheme = "s3://";
  if (uri.size() < kScheme.size()) return std::nullopt;
  std::string scheme(uri.substr(0, kScheme.size()));
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != kScheme) return std::nullopt;
  uri.remove_prefix(kScheme.size());
  std::size_t slash = uri.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == uri.size()) {
    return std::nullopt;
  }
  return std::make_pair(std::string(uri.substr(0, slash)), std::string(uri.substr(slash + 1)));
}

}  // namespace

std::unique_ptr<ItemSource> MakeListObjectsItemSource(s3::ObjectStore& store, std::string bucket,
                                                      std::string prefix) {
  return std::make_unique<ListObjectsSource>(store, std::move(bucket), std::move(prefix));
}

std::unique_ptr<ItemSource> MakeLoadAndFlattenItemSource(s3::ObjectStore& store, std::string bucket,
                                                         std::string prefix,
                                                         ReaderOptions options) {
  auto lister = std::make_shared<ListObjectsSource>(store, bucket, std::move(prefix));
  ObjectCursor cursor = [lister,
                         bucket]() -> Result<std::optional<std::pair<std::string, std::string>>> {
    SFN_ASSIGN_OR_RETURN(auto o, lister->NextObject());
    if (!o) return std::optional<std::pair<std::string, std::string>>();
    return std::optional<std::pair<std::string, std::string>>(std::make_pair(bucket, o->key));
  };
  return std::make_unique<ChainSource>(store, std::move(cursor), std::move(options));
}

Result<std::unique_ptr<ItemSource>> MakeS3InventoryItemSource(s3::ObjectStore& store,
                                                              const std::string& bucket,
                                                              const std::string& key,
                                                              const ReaderOptions& options) {
  std::string where = S3Uri(bucket, key);
  SFN_ASSIGN_OR_RETURN(std::string text,
                       ReadSmallObject(store, bucket, key, "S3 Inventory manifest"));
  Result<json::Value> parsed = json::Parse(text);
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument("S3 Inventory manifest " + where + " is not usable: " + why +
                                   ". The Key must name the inventory's manifest.json.");
  };
  if (!parsed.ok()) return bad("it is not JSON (" + parsed.status().message() + ")");
  if (!parsed->is_object()) return bad("it is not a JSON object");
  const json::Object& m = parsed->as_object();
  const json::Value* format = m.if_contains("fileFormat");
  if (format && (!format->is_string() || format->as_string() != "CSV")) {
    return bad("fileFormat is " + json::Serialize(*format) +
               ", but Step Functions reads only CSV inventory reports");
  }
  const json::Value* schema = m.if_contains("fileSchema");
  if (!schema || !schema->is_string()) return bad("fileSchema is missing");
  ReaderOptions csv = options;
  csv.input_type = InputType::kCsv;
  csv.csv_header_location = CsvHeaderLocation::kGiven;
  csv.csv_headers.clear();
  csv.version_id.reset();
  std::string_view s = schema->as_string();
  while (true) {
    std::size_t comma = s.find(',');
    csv.csv_headers.push_back(Trim(s.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  const json::Value* files = m.if_contains("files");
  if (!files || !files->is_array()) return bad("the files list is missing");
  std::string data_bucket = bucket;
  if (const json::Value* dest = m.if_contains("destinationBucket"); dest && dest->is_string()) {
    std::string_view arn = dest->as_string();
    std::size_t colons = arn.rfind(":::");
    data_bucket = std::string(colons == std::string_view::npos ? arn : arn.substr(colons + 3));
  }
  auto keys = std::make_shared<std::vector<std::string>>();
  for (const json::Value& f : files->as_array()) {
    const json::Value* k = f.is_object() ? f.as_object().if_contains("key") : nullptr;
    if (!k || !k->is_string()) return bad("an entry of files has no \"key\"");
    keys->emplace_back(k->as_string());
  }
  auto index = std::make_shared<std::size_t>(0);
  ObjectCursor cursor =
      [keys, index, data_bucket]() -> Result<std::optional<std::pair<std::string, std::string>>> {
    if (*index >= keys->size()) return std::optional<std::pair<std::string, std::string>>();
    return std::optional<std::pair<std::string, std::string>>(
        std::make_pair(data_bucket, (*keys)[(*index)++]));
  };
  return std::unique_ptr<ItemSource>(new ChainSource(store, std::move(cursor), std::move(csv)));
}

Result<std::unique_ptr<ItemSource>> MakeAthenaItemSource(s3::ObjectStore& store,
                                                         const std::string& bucket,
                                                         const std::string& key,
                                                         const ReaderOptions& options) {
  SFN_ASSIGN_OR_RETURN(std::string text, ReadSmallObject(store, bucket, key, "Athena manifest"));
  auto files = std::make_shared<std::vector<std::pair<std::string, std::string>>>();
  std::size_t line_no = 0, start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    ++line_no;
    std::string line = Trim(std::string_view(text).substr(start, nl - start));
    start = nl + 1;
    if (line.size() >= 2 && line.front() == '"' && line.back() == '"') {
      line = line.substr(1, line.size() - 2);
    }
    if (line.empty()) continue;
    auto parts = SplitS3Uri(line);
    if (!parts) {
      return Status::InvalidArgument("Athena manifest " + S3Uri(bucket, key) + " line " +
                                     std::to_string(line_no) + " is not an s3://bucket/key URI: '" +
                                     line +
                                     "'. The Key must name the UNLOAD <queryId>-manifest.csv.");
    }
    files->push_back(std::move(*parts));
  }
  auto index = std::make_shared<std::size_t>(0);
  ObjectCursor cursor = [files,
                         index]() -> Result<std::optional<std::pair<std::string, std::string>>> {
    if (*index >= files->size()) return std::optional<std::pair<std::string, std::string>>();
    return std::optional<std::pair<std::string, std::string>>((*files)[(*index)++]);
  };
  ReaderOptions data = options;
  data.version_id.reset();
  return std::unique_ptr<ItemSource>(new ChainSource(store, std::move(cursor), std::move(data)));
}

}  // namespace sfn::distributed
