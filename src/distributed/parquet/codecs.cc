// Codec adapters over libsnappy, zlib, libzstd, liblz4 and libbrotlidec.
#include "distributed/parquet/codecs.h"

#include <brotli/decode.h>
#include <lz4.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdint>

namespace sfn::parquet {

namespace {

Status Fail(Codec codec, const std::string& where, const std::string& why) {
  return Status::Corruption(std::string(CodecName(codec)) + " decompression failed for " + where +
                            ": " + why);
}

Status Gunzip(std::string_view in, std::string& out, const std::string& where) {
  z_stream zs{};
  if (inflateInit2(&zs, 32 + MAX_WBITS) != Z_OK) return Fail(Codec::kGzip, where, "inflateInit2");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = Z_OK;
  while (true) {
    rc = inflate(&zs, Z_FINISH);
    // Concatenated gzip members: restart on stream end while input remains.
    if (rc == Z_STREAM_END && zs.avail_in > 0 && zs.avail_out > 0) {
      if (inflateReset(&zs) != Z_OK) break;
      continue;
    }
    break;
  }
  std::size_t produced = out.size() - zs.avail_out;
  inflateEnd(&zs);
  if (rc != Z_STREAM_END && !(rc == Z_BUF_ERROR && zs.avail_out == 0)) {
    return Fail(Codec::kGzip, where, "zlib error " + std::to_string(rc));
  }
  if (produced != out.size()) {
    return Fail(
        Codec::kGzip, where,
        "produced " + std::to_string(produced) + " bytes, expected " + std::to_string(out.size()));
  }
  return Status::Ok();
}

// Hadoop LZ4 framing: repeated [4-byte BE decompressed size][4-byte BE compressed size][block].
bool HadoopLz4(std::string_view in, std::string& out) {
  std::size_t ip = 0, op = 0;
  auto be32 = [&](std::size_t p) {
    return (static_cast<std::uint32_t>(static_cast<std::uint8_t>(in[p])) << 24) |
           (static_cast<std::uint32_t>(static_cast<std::uint8_t>(in[p + 1])) << 16) |
           (static_cast<std::uint32_t>(static_cast<std::uint8_t>(in[p + 2])) << 8) |
           static_cast<std::uint32_t>(static_cast<std::uint8_t>(in[p + 3]));
  };
  while (ip < in.size()) {
    if (in.size() - ip < 8) return false;
    std::uint32_t dlen = be32(ip), clen = be32(ip + 4);
    ip += 8;
    if (clen > in.size() - ip || dlen > out.size() - op) return false;
    int n = LZ4_decompress_safe(in.data() + ip, out.data() + op, static_cast<int>(clen),
                                static_cast<int>(dlen));
    if (n < 0 || static_cast<std::uint32_t>(n) != dlen) return false;
    ip += clen;
    op += dlen;
  }
  return op == out.size();
}

}  // namespace

Status Decompress(Codec codec, std::string_view in, std::size_t uncompressed_size, std::string& out,
                  const std::string& where) {
  out.resize(uncompressed_size);
  switch (codec) {
    case Codec::kUncompressed:
      if (in.size() != uncompressed_size) {
        return Fail(codec, where,
                    "page is " + std::to_string(in.size()) + " bytes but its header says " +
                        std::to_string(uncompressed_size));
      }
      out.assign(in);
      return Status::Ok();
    case Codec::kSnappy: {
      std::size_t n = 0;
      if (!snappy::GetUncompressedLength(in.data(), in.size(), &n) || n != uncompressed_size) {
        return Fail(codec, where, "bad snappy length header");
      }
      if (!snappy::RawUncompress(in.data(), in.size(), out.data())) {
        return Fail(codec, where, "corrupt snappy data");
      }
      return Status::Ok();
    }
    case Codec::kGzip:
      return Gunzip(in, out, where);
    case Codec::kZstd: {
      std::size_t n = ZSTD_decompress(out.data(), out.size(), in.data(), in.size());
      if (ZSTD_isError(n)) return Fail(codec, where, ZSTD_getErrorName(n));
      if (n != uncompressed_size) return Fail(codec, where, "wrong decompressed size");
      return Status::Ok();
    }
    case Codec::kLz4Raw:
    case Codec::kLz4: {
      if (in.size() > INT32_MAX || uncompressed_size > INT32_MAX) {
        return Fail(codec, where, "page too large");
      }
      if (codec == Codec::kLz4 && HadoopLz4(in, out)) return Status::Ok();
      int n = LZ4_decompress_safe(in.data(), out.data(), static_cast<int>(in.size()),
                                  static_cast<int>(out.size()));
      if (n < 0 || static_cast<std::size_t>(n) != uncompressed_size) {
        return Fail(codec, where, "corrupt LZ4 block");
      }
      return Status::Ok();
    }
    case Codec::kBrotli: {
      std::size_t n = out.size();
      if (BrotliDecoderDecompress(in.size(), reinterpret_cast<const std::uint8_t*>(in.data()), &n,
                                  reinterpret_cast<std::uint8_t*>(out.data())) !=
              BROTLI_DECODER_RESULT_SUCCESS ||
          n != uncompressed_size) {
        return Fail(codec, where, "corrupt brotli stream");
      }
      return Status::Ok();
    }
    case Codec::kLzo:
      break;
  }
  return Status::InvalidArgument(std::string("unsupported Parquet compression codec ") +
                                 CodecName(codec) + " in " + where);
}

}  // namespace sfn::parquet
