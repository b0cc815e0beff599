// Streaming Parquet reader for Distributed Map ItemReader (InputType PARQUET): yields each row
// of a Parquet file as a JSON object (column name -> value). Memory is bounded by one row
// group's column chunks (compressed) plus one decoded page per column.
//
// Supported: data pages v1/v2, dictionary pages; encodings PLAIN, RLE/bit-packed hybrid,
// PLAIN_DICTIONARY/RLE_DICTIONARY, DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY,
// DELTA_BYTE_ARRAY, BYTE_STREAM_SPLIT; codecs UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4_RAW,
// LZ4 (Hadoop framing), BROTLI; nested LIST (3-level and legacy 2-level), MAP and structs.
// Limits (AWS docs): footer <= 5 MB and row group <= 256 MB (sum of its column chunks'
// compressed sizes), else kInvalidArgument.
//
// JSON mapping (the AWS docs are silent; chosen for what a JSON consumer expects):
//   BOOLEAN -> true/false; INT32/INT64 (incl. INT_8..INT_64, UINT_8..UINT_64) -> integer;
//   FLOAT -> number (shortest decimal of the float: 1.1f -> 1.1); DOUBLE -> number
//   (NaN/Infinity -> null); DECIMAL (any physical type) -> number (exact decimal, parsed as a
//   double, integral when scale is 0); DATE -> "YYYY-MM-DD";
//   TIMESTAMP -> ISO-8601 "YYYY-MM-DDTHH:MM:SS.fffZ" with 3/6/9 fraction digits for
//   MILLIS/MICROS/NANOS, "Z" only when isAdjustedToUTC; INT96 -> same with 9 digits and "Z";
//   TIME -> "HH:MM:SS.fff" (3/6/9 digits); BYTE_ARRAY with STRING/UTF8/ENUM/JSON -> string
//   (JSON columns stay strings); BYTE_ARRAY without annotation -> string when valid UTF-8,
//   else base64; FIXED_LEN_BYTE_ARRAY without annotation, BSON, INTERVAL -> base64;
//   UUID -> "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"; FLOAT16 -> number; null -> null;
//   LIST -> array; struct -> object (schema order); MAP -> object (non-string keys are
//   serialised as JSON text); a bare repeated field -> array ([] when it has no values).
//   Legacy TIMESTAMP_MILLIS/MICROS converted types count as UTC-adjusted ("Z").
//   ReaderOptions::timestamps_as_epoch_millis switches TIMESTAMP/INT96 to epoch milliseconds.
// Not supported (clear kInvalidArgument): LZO, encrypted files, column chunks in other files.
// Errors name the file, row group, column and page; malformed input never crashes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "json/json.h"

namespace sfn::parquet {

// Random access to the file bytes (the S3 layer adapts ObjectStore::ReadRange to this).
class RandomAccessSource {
 public:
  virtual ~RandomAccessSource() = default;
  virtual Result<std::uint64_t> Size() = 0;
  // Exactly `length` bytes at `offset` (an error if the range is past the end).
  virtual Result<std::string> Read(std::uint64_t offset, std::uint64_t length) = 0;
};

// A RandomAccessSource over a local file (opened lazily; errors surface on first use).
std::unique_ptr<RandomAccessSource> OpenLocalFile(const std::string& path);
// A RandomAccessSource over an in-memory buffer.
std::unique_ptr<RandomAccessSource> OpenBuffer(std::string data);

// Reader options. The defaults give the mapping documented above.
struct ReaderOptions {
  // TIMESTAMP and INT96 values as integer milliseconds since the Unix epoch (floor) instead of
  // ISO-8601 strings. One third-party emulator claims AWS emits epoch milliseconds; this switch
  // exists so the engine can follow AWS once that is verified.
  bool timestamps_as_epoch_millis = false;
};

struct FileMetaData;
struct Schema;
class ColumnReader;
class RowAssembler;

// Streams the rows of one Parquet file. Not thread-safe.
class RowReader {
 public:
  // Reads and validates the footer. `description` (e.g. "s3://b/k") names the file in errors.
  static Result<std::unique_ptr<RowReader>> Open(std::unique_ptr<RandomAccessSource> src,
                                                 std::string description,
                                                 ReaderOptions options = {});
  ~RowReader();

  // Reads the next row into `row` (a JSON object). False at the end of the file; on false or
  // an error `row` is left unspecified.
  Result<bool> Next(json::Value& row);
  // Total rows from the footer.
  std::uint64_t num_rows() const;
  std::size_t num_row_groups() const;
  // Top-level column names in schema order.
  std::vector<std::string> column_names() const;

 private:
  RowReader() = default;
  Status StartRowGroup(std::size_t index);

  std::unique_ptr<RandomAccessSource> src_;
  std::string desc_;
  std::uint64_t file_size_ = 0;
  std::unique_ptr<FileMetaData> md_;
  std::unique_ptr<Schema> schema_;
  std::unique_ptr<RowAssembler> assembler_;
  std::vector<std::unique_ptr<ColumnReader>> columns_;
  std::size_t next_group_ = 0;
  bool in_group_ = false;
  std::int64_t group_rows_left_ = 0;
};

// Limits from the Step Functions docs.
inline constexpr std::uint64_t kMaxFooterBytes = 5ull << 20;
inline constexpr std::uint64_t kMaxRowGroupBytes = 256ull << 20;

}  // namespace sfn::parquet
