// Minimal Thrift compact-protocol decoder (bounds-checked) used to parse Parquet metadata.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sfn::parquet {

// Thrift compact-protocol wire types.
enum class ThriftType : std::uint8_t {
  kStop = 0,
  kTrue = 1,
  kFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

// Reads compact-protocol values from a byte buffer. Every read is bounds-checked; the first
// error is returned as kCorruption naming `what` (e.g. "footer of s3://b/k") and the offset.
class ThriftReader {
 public:
  ThriftReader(std::string_view data, std::string what) : data_(data), what_(std::move(what)) {}

  // Struct framing: call BeginStruct() before reading the fields of a struct and EndStruct()
  // after its kStop. ReadFieldHeader() yields kStop at the end of the struct.
  Status BeginStruct();
  void EndStruct();
  Status ReadFieldHeader(std::int16_t& id, ThriftType& type);

  Status ReadBool(ThriftType field_type, bool& out);  // from a field header's type
  Status ReadI8(std::int8_t& out);
  Status ReadI32(std::int32_t& out);
  Status ReadI64(std::int64_t& out);
  Status ReadBinary(std::string& out);
  Status ReadDouble(double& out);
  // List/set header: element type and count (count checked against the bytes left).
  Status ReadListHeader(ThriftType& elem_type, std::uint32_t& size);
  // Skips a value of the given type (nested structs/containers included).
  Status Skip(ThriftType type);

  std::size_t position() const { return pos_; }

 private:
  Status Error(const std::string& msg) const;
  Status ReadVarint(std::uint64_t& out);
  Status ReadByte(std::uint8_t& out);
  Status SkipDepth(ThriftType type, int depth);

  std::string_view data_;
  std::string what_;
  std::size_t pos_ = 0;
  std::int16_t last_field_ = 0;
  // Saved last-field ids of enclosing structs.
  std::int16_t stack_[64] = {};
  int depth_ = 0;
};

}  // namespace sfn::parquet
