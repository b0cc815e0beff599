// Page decompression for the Parquet codecs: UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4_RAW, LZ4
// (Hadoop framing or raw), BROTLI. LZO is not supported.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"
#include "distributed/parquet/metadata.h"

namespace sfn::parquet {

// Decompresses `in` into `out`, which must come out exactly `uncompressed_size` bytes long.
// `where` names the page for error messages.
Status Decompress(Codec codec, std::string_view in, std::size_t uncompressed_size, std::string& out,
                  const std::string& where);

}  // namespace sfn::parquet
