// Value and level decoders for Parquet encodings: PLAIN, RLE/bit-packed hybrid,
// dictionary indices, DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and
// BYTE_STREAM_SPLIT. All decoders are bounds-checked and report kCorruption on bad input.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "distributed/parquet/metadata.h"

namespace sfn::parquet {

// Decoded physical values of one column. Which vector is used depends on the physical type:
// ints for BOOLEAN/INT32/INT64, reals for FLOAT/DOUBLE, bytes for BYTE_ARRAY,
// FIXED_LEN_BYTE_ARRAY and INT96 (12 raw bytes).
struct Values {
  std::vector<std::int64_t> ints;
  std::vector<double> reals;
  std::vector<std::string> bytes;
  void clear() {
    ints.clear();
    reals.clear();
    bytes.clear();
  }
};

// Decodes `n` RLE/bit-packed hybrid values of `bit_width` bits (no length prefix) from `data`.
// Appends to `out`.
Status DecodeRleHybrid(std::string_view data, int bit_width, std::size_t n,
                       std::vector<std::uint32_t>& out, const std::string& where);

// Decodes `n` PLAIN values of a physical type. `type_length` is for FIXED_LEN_BYTE_ARRAY.
Status DecodePlain(PhysicalType type, int type_length, std::string_view data, std::size_t n,
                   Values& out, const std::string& where);

// DELTA_BINARY_PACKED: decodes `n` values (the header must say exactly n); `consumed`
// gets the bytes the encoded block sequence occupies (for the length part of byte arrays).
Status DecodeDeltaBinaryPacked(std::string_view data, std::size_t n, std::vector<std::int64_t>& out,
                               std::size_t& consumed, const std::string& where);
Status DecodeDeltaLengthByteArray(std::string_view data, std::size_t n, Values& out,
                                  const std::string& where);
Status DecodeDeltaByteArray(std::string_view data, std::size_t n, Values& out,
                            const std::string& where);
Status DecodeByteStreamSplit(PhysicalType type, int type_length, std::string_view data,
                             std::size_t n, Values& out, const std::string& where);

// Decodes `n` values in any supported value encoding except the dictionary ones.
Status DecodeValues(Encoding encoding, PhysicalType type, int type_length, std::string_view data,
                    std::size_t n, Values& out, const std::string& where);

}  // namespace sfn::parquet
