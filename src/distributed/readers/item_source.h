// Streaming item sources for the Distributed Map ItemReader: CSV, JSON, JSONL objects (optionally
// .gz/.zst compressed), listObjectsV2 listings (NONE / LOAD_AND_FLATTEN), S3 Inventory and
// Athena manifests (PARQUET: parquet_source.h). Items are produced one at a time; memory does not
// grow with the dataset. MaxItems is the caller's job. A factory error (missing object, duplicate
// CSV headers, bad ItemsPointer) and a Next() error alike carry the cause for
// States.ItemReaderFailed in Status::message().
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "json/json.h"
#include "s3/object_store.h"

namespace sfn::distributed {

// A stream of Map items. Not thread-safe; the store it reads from must outlive it.
class ItemSource {
 public:
  virtual ~ItemSource() = default;
  // Produces the next item into `out`; returns false at the end. Errors: a Status whose message
  // is the AWS-style cause (the caller reports it as States.ItemReaderFailed), naming the object
  // and line where that applies.
  virtual Result<bool> Next(json::Value& out) = 0;
  // For JSON datasets whose iterated node is an object: the key of the item last produced
  // (the item itself is {"Key": key, "Value": value}); fills $$.Map.Item.Key. Else nullopt.
  virtual std::optional<std::string_view> ItemKey() const { return std::nullopt; }
};

enum class InputType { kCsv, kJson, kJsonl, kParquet };
enum class CsvHeaderLocation { kFirstRow, kGiven };

// Opens a Parquet object as an item source (provided by the Parquet module).
using ParquetFactory = std::function<Result<std::unique_ptr<ItemSource>>(
    s3::ObjectStore& store, const std::string& bucket, const std::string& key)>;

// ReaderConfig options that shape how one object's bytes become items.
struct ReaderOptions {
  InputType input_type = InputType::kJson;
  // AWS documents no default for CSVHeaderLocation; FIRST_ROW is used when it is omitted.
  CsvHeaderLocation csv_header_location = CsvHeaderLocation::kFirstRow;
  std::vector<std::string> csv_headers;  // with kGiven
  char csv_delimiter = ',';
  std::optional<std::string> items_pointer;  // RFC 6901, JSON only
  std::optional<std::string> version_id;     // getObject VersionId
  ParquetFactory parquet;                    // needed for InputType PARQUET
};

// Maps ReaderConfig names ("CSV", "JSON", "JSONL", "PARQUET"; "COMMA", "PIPE", "SEMICOLON",
// "SPACE", "TAB"; "FIRST_ROW", "GIVEN") to enums; kInvalidArgument naming the bad value.
Result<InputType> ParseInputType(std::string_view name);
Result<char> ParseCsvDelimiter(std::string_view name);
Result<CsvHeaderLocation> ParseCsvHeaderLocation(std::string_view name);

// Opens s3://bucket/key as a raw byte stream, decompressing by key suffix: .gz/.gzip (zlib) and
// .zst/.zstd (zstd), both streamed.
Result<std::unique_ptr<s3::ObjectReader>> OpenDecoded(
    s3::ObjectStore& store, const std::string& bucket, const std::string& key,
    const std::optional<std::string>& version_id = {});

// getObject: one object read as options.input_type (CSV, JSON, JSONL or PARQUET).
Result<std::unique_ptr<ItemSource>> MakeObjectItemSource(s3::ObjectStore& store,
                                                         const std::string& bucket,
                                                         const std::string& key,
                                                         const ReaderOptions& options);

// CSV per AWS rules: every value a string, short rows padded with "", long rows cut, RFC 4180
// quotes plus backslash escapes, header row <= 10 KiB, duplicate headers rejected.
Result<std::unique_ptr<ItemSource>> MakeCsvItemSource(s3::ObjectStore& store,
                                                      const std::string& bucket,
                                                      const std::string& key,
                                                      const ReaderOptions& options);
// Same, over an already opened (decoded) byte stream; `where` names it in messages.
Result<std::unique_ptr<ItemSource>> MakeCsvItemSourceFromReader(
    std::unique_ptr<s3::ObjectReader> reader, std::string where, const ReaderOptions& options);

// JSON: elements of the top-level array, or {"Key","Value"} pairs of a top-level object, or of
// the node selected by options.items_pointer. Parsed incrementally.
Result<std::unique_ptr<ItemSource>> MakeJsonItemSource(s3::ObjectStore& store,
                                                       const std::string& bucket,
                                                       const std::string& key,
                                                       const ReaderOptions& options);

// JSONL: one JSON value per line; blank lines skipped.
Result<std::unique_ptr<ItemSource>> MakeJsonlItemSource(s3::ObjectStore& store,
                                                        const std::string& bucket,
                                                        const std::string& key,
                                                        const ReaderOptions& options);

// listObjectsV2 with Transformation NONE: {"Etag","Key","LastModified","Size","StorageClass"}
// per object under `prefix`, all pages, LastModified as integer epoch seconds.
std::unique_ptr<ItemSource> MakeListObjectsItemSource(s3::ObjectStore& store, std::string bucket,
                                                      std::string prefix);

// listObjectsV2 with Transformation LOAD_AND_FLATTEN: every listed object read as
// options.input_type, all items flattened into one stream. Zero-byte "folder/" markers skipped.
std::unique_ptr<ItemSource> MakeLoadAndFlattenItemSource(s3::ObjectStore& store, std::string bucket,
                                                         std::string prefix, ReaderOptions options);

// MANIFEST with ManifestType S3_INVENTORY: `key` is an inventory manifest.json; its CSV or
// CSV.gz data files are read in order; items are objects of strings keyed by fileSchema.
Result<std::unique_ptr<ItemSource>> MakeS3InventoryItemSource(s3::ObjectStore& store,
                                                              const std::string& bucket,
                                                              const std::string& key,
                                                              const ReaderOptions& options);

// MANIFEST with ManifestType ATHENA_DATA: `key` is an Athena UNLOAD manifest (one s3://bucket/key
// URI per line); each data file is read as options.input_type.
Result<std::unique_ptr<ItemSource>> MakeAthenaItemSource(s3::ObjectStore& store,
                                                         const std::string& bucket,
                                                         const std::string& key,
                                                         const ReaderOptions& options);

}  // namespace sfn::distributed
