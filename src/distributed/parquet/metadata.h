// Parquet file metadata (FileMetaData, SchemaElement, RowGroup, ColumnChunk, PageHeader) and
// their decoding from the Thrift compact protocol. Only the fields the reader needs are kept.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace sfn::parquet {

enum class PhysicalType : std::int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kInt96 = 3,
  kFloat = 4,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};

enum class Repetition : std::int32_t { kRequired = 0, kOptional = 1, kRepeated = 2 };

// Legacy ConvertedType values (parquet.thrift).
enum ConvertedType : std::int32_t {
  kUtf8 = 0,
  kMap = 1,
  kMapKeyValue = 2,
  kList = 3,
  kEnum = 4,
  kDecimal = 5,
  kDate = 6,
  kTimeMillis = 7,
  kTimeMicros = 8,
  kTimestampMillis = 9,
  kTimestampMicros = 10,
  kUint8 = 11,
  kUint16 = 12,
  kUint32 = 13,
  kUint64 = 14,
  kInt8 = 15,
  kInt16 = 16,
  kInt32 = 17,
  kInt64 = 18,
  kJson = 19,
  kBson = 20,
  kInterval = 21,
};

enum class Encoding : std::int32_t {
  kPlain = 0,
  kPlainDictionary = 2,
  kRle = 3,
  kBitPacked = 4,
  kDeltaBinaryPacked = 5,
  kDeltaLengthByteArray = 6,
  kDeltaByteArray = 7,
  kRleDictionary = 8,
  kByteStreamSplit = 9,
};

enum class Codec : std::int32_t {
  kUncompressed = 0,
  kSnappy = 1,
  kGzip = 2,
  kLzo = 3,
  kBrotli = 4,
  kLz4 = 5,
  kZstd = 6,
  kLz4Raw = 7,
};

enum class TimeUnit { kNone, kMillis, kMicros, kNanos };

// The LogicalType union, flattened. kind names the union member.
struct LogicalType {
  enum Kind {
    kNone = 0,
    kString = 1,
    kMap = 2,
    kList = 3,
    kEnum = 4,
    kDecimal = 5,
    kDate = 6,
    kTime = 7,
    kTimestamp = 8,
    kInteger = 10,
    kUnknown = 11,
    kJson = 12,
    kBson = 13,
    kUuid = 14,
    kFloat16 = 15,
    kOther = 99,
  };
  Kind kind = kNone;
  std::int32_t scale = 0, precision = 0;  // DECIMAL
  bool adjusted_to_utc = false;           // TIME, TIMESTAMP
  TimeUnit unit = TimeUnit::kNone;        // TIME, TIMESTAMP
  int bit_width = 0;                      // INTEGER
  bool is_signed = true;                  // INTEGER
};

struct SchemaElement {
  std::optional<PhysicalType> type;  // absent for groups
  std::int32_t type_length = 0;
  Repetition repetition = Repetition::kRequired;
  std::string name;
  std::int32_t num_children = 0;
  std::optional<std::int32_t> converted_type;
  std::int32_t scale = 0, precision = 0;
  LogicalType logical;
};

struct ColumnMetaData {
  PhysicalType type = PhysicalType::kInt32;
  std::vector<std::string> path_in_schema;
  Codec codec = Codec::kUncompressed;
  std::int64_t num_values = 0;
  std::int64_t total_uncompressed_size = 0;
  std::int64_t total_compressed_size = 0;
  std::int64_t data_page_offset = 0;
  std::optional<std::int64_t> dictionary_page_offset;
};

struct ColumnChunk {
  std::string file_path;  // non-empty: data in another file (unsupported)
  bool has_meta_data = false;
  ColumnMetaData meta_data;
};

struct RowGroup {
  std::vector<ColumnChunk> columns;
  std::int64_t total_byte_size = 0;
  std::int64_t num_rows = 0;
};

struct FileMetaData {
  std::int32_t version = 0;
  std::vector<SchemaElement> schema;
  std::int64_t num_rows = 0;
  std::vector<RowGroup> row_groups;
  std::string created_by;
};

enum class PageType : std::int32_t {
  kDataPage = 0,
  kIndexPage = 1,
  kDictionaryPage = 2,
  kDataPageV2 = 3,
};

struct PageHeader {
  PageType type = PageType::kDataPage;
  std::int32_t uncompressed_page_size = 0;
  std::int32_t compressed_page_size = 0;
  // DATA_PAGE / DATA_PAGE_V2 / DICTIONARY_PAGE common fields.
  std::int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
  Encoding definition_level_encoding = Encoding::kRle;  // v1
  Encoding repetition_level_encoding = Encoding::kRle;  // v1
  // DATA_PAGE_V2 only.
  std::int32_t num_nulls = 0;
  std::int32_t num_rows = 0;
  std::int32_t definition_levels_byte_length = 0;
  std::int32_t repetition_levels_byte_length = 0;
  bool is_compressed = true;
};

// Decodes FileMetaData from the footer bytes. `what` names the file in errors.
Result<FileMetaData> ParseFileMetaData(std::string_view footer, const std::string& what);

// Decodes one PageHeader at the start of `data`; sets `header_size` to the bytes it took.
Result<PageHeader> ParsePageHeader(std::string_view data, const std::string& what,
                                   std::size_t& header_size);

const char* CodecName(Codec c);
const char* EncodingName(Encoding e);
const char* PhysicalTypeName(PhysicalType t);

}  // namespace sfn::parquet
