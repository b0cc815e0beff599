// Unit tests for the Parquet decoders: Thrift compact protocol, RLE/bit-packed hybrid, DELTA_*
// encodings, BYTE_STREAM_SPLIT, PLAIN bounds checks and codecs.
#include "distributed/parquet/encodings.h"

#include <gtest/gtest.h>
#include <lz4.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <random>

#include "distributed/parquet/codecs.h"
#include "distributed/parquet/metadata.h"
#include "distributed/parquet/thrift.h"

namespace sfn::parquet {
namespace {

std::string Bytes(std::initializer_list<int> b) {
  std::string s;
  for (int x : b) s += static_cast<char>(x);
  return s;
}

void PutUleb(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}
void PutZigZag(std::string& out, std::int64_t v) {
  PutUleb(out, (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
}

// Test-side DELTA_BINARY_PACKED encoder (block 128, 4 miniblocks of 32), from the spec.
std::string EncodeDbp(const std::vector<std::int64_t>& v) {
  std::string out;
  PutUleb(out, 128);
  PutUleb(out, 4);
  PutUleb(out, v.size());
  PutZigZag(out, v.empty() ? 0 : v[0]);
  for (std::size_t start = 1; start < v.size(); start += 128) {
    std::size_t end = std::min(v.size(), start + 128);
    std::vector<std::uint64_t> deltas;
    for (std::size_t i = start; i < end; ++i) {
      deltas.push_back(static_cast<std::uint64_t>(v[i]) - static_cast<std::uint64_t>(v[i - 1]));
    }
    std::int64_t min_delta = INT64_MAX;
    for (auto d : deltas) min_delta = std::min(min_delta, static_cast<std::int64_t>(d));
    PutZigZag(out, min_delta);
    for (auto& d : deltas) d -= static_cast<std::uint64_t>(min_delta);
    deltas.resize(128, 0);
    std::string widths, data;
    for (int m = 0; m < 4; ++m) {
      std::uint64_t mx = 0;
      for (int k = 0; k < 32; ++k) mx |= deltas[static_cast<std::size_t>(m * 32 + k)];
      int w = 0;
      while (w < 64 && (mx >> w) != 0) ++w;
      widths += static_cast<char>(w);
      std::string bits(static_cast<std::size_t>(32 * w / 8), '\0');
      for (int k = 0; k < 32; ++k) {
        std::uint64_t x = deltas[static_cast<std::size_t>(m * 32 + k)];
        for (int b = 0; b < w; ++b) {
          if ((x >> b) & 1) {
            std::size_t bit = static_cast<std::size_t>(k * w + b);
            bits[bit / 8] = static_cast<char>(bits[bit / 8] | (1 << (bit % 8)));
          }
        }
      }
      data += bits;
    }
    out += widths + data;
  }
  return out;
}

TEST(Thrift, ReadsFieldsAndSkipsUnknown) {
  // struct { 1: i32 = 5; 4: binary "ab"; 20: list<i32> [1,2]; 21: struct {1: i64 = -1};
  //          22: map<binary,i32> {"k": 3}; 23: bool true } stop
  std::string d = Bytes({0x15, 0x0a, 0x38, 0x02, 'a',  'b',  0x09, 0x28, 0x29, 0x02, 0x04, 0x1c,
                         0x16, 0x01, 0x00, 0x1b, 0x01, 0x85, 0x01, 'k',  0x06, 0x11, 0x00});
  ThriftReader r(d, "test");
  ASSERT_TRUE(r.BeginStruct().ok());
  std::int16_t id;
  ThriftType t;
  ASSERT_TRUE(r.ReadFieldHeader(id, t).ok());
  EXPECT_EQ(id, 1);
  std::int32_t v;
  ASSERT_TRUE(r.ReadI32(v).ok());
  EXPECT_EQ(v, 5);
  ASSERT_TRUE(r.ReadFieldHeader(id, t).ok());
  EXPECT_EQ(id, 4);
  std::string s;
  ASSERT_TRUE(r.ReadBinary(s).ok());
  EXPECT_EQ(s, "ab");
  // Long-form header: type 9 (list), zigzag id 20.
  ASSERT_TRUE(r.ReadFieldHeader(id, t).ok());
  EXPECT_EQ(id, 20);
  EXPECT_EQ(t, ThriftType::kList);
  ASSERT_TRUE(r.Skip(t).ok());
  for (int expect : {21, 22, 23}) {
    ASSERT_TRUE(r.ReadFieldHeader(id, t).ok());
    EXPECT_EQ(id, expect);
    ASSERT_TRUE(r.Skip(t).ok()) << expect;
  }
  ASSERT_TRUE(r.ReadFieldHeader(id, t).ok());
  EXPECT_EQ(t, ThriftType::kStop);
  EXPECT_EQ(r.position(), d.size());
}

TEST(Thrift, TruncatedAndHostileInputFails) {
  for (std::string d :
       {Bytes({0x18, 0x05, 'a'}), Bytes({0x19, 0xf5, 0xff, 0xff, 0xff, 0x0f}),
        Bytes({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}), Bytes({0x1d})}) {
    ThriftReader r(d, "test");
    ASSERT_TRUE(r.BeginStruct().ok());
    std::int16_t id;
    ThriftType t;
    Status st = r.ReadFieldHeader(id, t);
    if (st.ok()) st = r.Skip(t);
    EXPECT_FALSE(st.ok());
    EXPECT_EQ(st.code(), StatusCode::kCorruption);
  }
  // Deeply nested structs stop at the depth limit.
  std::string deep(200, static_cast<char>(0x1c));
  ThriftReader r(deep, "test");
  EXPECT_FALSE(r.Skip(ThriftType::kStruct).ok());
  EXPECT_FALSE(ParseFileMetaData(deep, "s3://b/k").ok());
  std::size_t hs;
  EXPECT_FALSE(ParsePageHeader("", "s3://b/k", hs).ok());
}

TEST(RleHybrid, SpecExamples) {
  std::vector<std::uint32_t> out;
  // Bit-packed run of 0..7 with bit width 3, then an RLE run of five 3s.
  ASSERT_TRUE(DecodeRleHybrid(Bytes({0x03, 0x88, 0xc6, 0xfa, 0x0a, 0x03}), 3, 13, out, "t").ok());
  EXPECT_EQ(out, (std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6, 7, 3, 3, 3, 3, 3}));
  out.clear();
  // Only the values asked for are produced even if the run is longer.
  ASSERT_TRUE(DecodeRleHybrid(Bytes({0x64, 0x01}), 1, 3, out, "t").ok());
  EXPECT_EQ(out, (std::vector<std::uint32_t>{1, 1, 1}));
}

TEST(RleHybrid, Errors) {
  std::vector<std::uint32_t> out;
  EXPECT_FALSE(DecodeRleHybrid(Bytes({0x0a}), 3, 5, out, "t").ok());         // no value
  EXPECT_FALSE(DecodeRleHybrid(Bytes({0x0a, 0x03}), 3, 6, out, "t").ok());   // too few
  EXPECT_FALSE(DecodeRleHybrid(Bytes({0x03, 0x88}), 3, 8, out, "t").ok());   // truncated
  EXPECT_FALSE(DecodeRleHybrid(Bytes({0x02, 0x09}), 3, 1, out, "t").ok());   // value > width
  EXPECT_FALSE(DecodeRleHybrid(Bytes({0x02, 0x01}), 33, 1, out, "t").ok());  // width
  EXPECT_FALSE(DecodeRleHybrid(Bytes({0x00, 0x00}), 1, 1, out, "t").ok());   // empty run
  EXPECT_FALSE(DecodeRleHybrid(Bytes({0x0a, 0x03}), 3, 6, out, "t").message().empty());
}

TEST(DeltaBinaryPacked, SpecExample) {
  // 7 5 3 1 2 3 4 5: min delta -2, one miniblock of width 2.
  std::string d = Bytes({0x80, 0x01, 0x04, 0x08, 0x0e, 0x03, 0x02, 0x00, 0x00, 0x00, 0xc0, 0x3f,
                         0x00, 0x00, 0x00, 0x00, 0x00, 0x00});
  std::vector<std::int64_t> out;
  std::size_t consumed = 0;
  ASSERT_TRUE(DecodeDeltaBinaryPacked(d, 8, out, consumed, "t").ok());
  EXPECT_EQ(out, (std::vector<std::int64_t>{7, 5, 3, 1, 2, 3, 4, 5}));
  EXPECT_EQ(consumed, d.size());
}

TEST(DeltaBinaryPacked, RoundTripsIncludingExtremes) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<std::int64_t> v(static_cast<std::size_t>(rng() % 400));
    for (auto& x : v) {
      x = trial % 3 == 0 ? static_cast<std::int64_t>(rng())
                         : static_cast<std::int64_t>(rng() % 1000) - 500;
    }
    if (trial == 1 && !v.empty()) v[0] = INT64_MIN;
    std::string enc = EncodeDbp(v);
    std::vector<std::int64_t> out;
    std::size_t consumed = 0;
    ASSERT_TRUE(DecodeDeltaBinaryPacked(enc, v.size(), out, consumed, "t").ok()) << trial;
    EXPECT_EQ(out, v);
    EXPECT_EQ(consumed, enc.size());
  }
}

TEST(DeltaBinaryPacked, Errors) {
  std::vector<std::int64_t> out;
  std::size_t c;
  std::string good = EncodeDbp({1, 2, 3, 100});
  EXPECT_FALSE(DecodeDeltaBinaryPacked(good, 5, out, c, "t").ok());  // count mismatch
  EXPECT_FALSE(DecodeDeltaBinaryPacked(good.substr(0, good.size() - 3), 4, out, c, "t").ok());
  EXPECT_FALSE(DecodeDeltaBinaryPacked(Bytes({0x07, 0x04, 0x01, 0x00}), 1, out, c, "t").ok());
  EXPECT_FALSE(DecodeDeltaBinaryPacked(Bytes({0x80, 0x01, 0x00, 0x01, 0x00}), 1, out, c, "t").ok());
  std::string bad_width = good;
  bad_width[6] = 65;  // first miniblock width
  EXPECT_FALSE(DecodeDeltaBinaryPacked(bad_width, 4, out, c, "t").ok());
}

TEST(DeltaByteArrays, LengthAndPrefixEncodings) {
  Values v;
  std::string dlba = EncodeDbp({5, 5, 6, 6}) + "HelloWorldFoobarABCDEF";
  ASSERT_TRUE(DecodeDeltaLengthByteArray(dlba, 4, v, "t").ok());
  EXPECT_EQ(v.bytes, (std::vector<std::string>{"Hello", "World", "Foobar", "ABCDEF"}));
  EXPECT_FALSE(DecodeDeltaLengthByteArray(dlba.substr(0, dlba.size() - 1), 4, v, "t").ok());

  Values w;
  std::string dba = EncodeDbp({0, 2, 0, 3}) + EncodeDbp({4, 2, 6, 5}) + "axislebabbleyhood";
  ASSERT_TRUE(DecodeDeltaByteArray(dba, 4, w, "t").ok());
  EXPECT_EQ(w.bytes, (std::vector<std::string>{"axis", "axle", "babble", "babyhood"}));
  Values x;
  std::string bad = EncodeDbp({0, 9}) + EncodeDbp({1, 1}) + "ab";
  EXPECT_FALSE(DecodeDeltaByteArray(bad, 2, x, "t").ok());  // prefix longer than previous
}

TEST(ByteStreamSplit, FloatsDoublesAndFixed) {
  float f[2] = {1.5f, -2.25f};
  unsigned char raw[8];
  std::memcpy(raw, f, 8);
  std::string split;
  for (int k = 0; k < 4; ++k) {
    for (int i = 0; i < 2; ++i) split += static_cast<char>(raw[i * 4 + k]);
  }
  Values v;
  ASSERT_TRUE(DecodeByteStreamSplit(PhysicalType::kFloat, 0, split, 2, v, "t").ok());
  EXPECT_EQ(v.reals, (std::vector<double>{1.5, -2.25}));
  Values w;
  ASSERT_TRUE(DecodeByteStreamSplit(PhysicalType::kFixedLenByteArray, 3, "adbecf", 2, w, "t").ok());
  EXPECT_EQ(w.bytes, (std::vector<std::string>{"abc", "def"}));
  EXPECT_FALSE(DecodeByteStreamSplit(PhysicalType::kDouble, 0, split, 2, w, "t").ok());
  EXPECT_FALSE(DecodeByteStreamSplit(PhysicalType::kByteArray, 0, split, 2, w, "t").ok());
}

TEST(Plain, BoundsChecks) {
  Values v;
  EXPECT_FALSE(DecodePlain(PhysicalType::kInt32, 0, "abc", 1, v, "t").ok());
  EXPECT_FALSE(DecodePlain(PhysicalType::kByteArray, 0, Bytes({9, 0, 0, 0, 'a'}), 1, v, "t").ok());
  EXPECT_FALSE(DecodePlain(PhysicalType::kFixedLenByteArray, 0, "abcd", 1, v, "t").ok());
  EXPECT_FALSE(DecodePlain(PhysicalType::kBoolean, 0, "", 1, v, "t").ok());
  ASSERT_TRUE(DecodePlain(PhysicalType::kBoolean, 0, Bytes({0x05}), 3, v, "t").ok());
  EXPECT_EQ(v.ints, (std::vector<std::int64_t>{1, 0, 1}));
  Values w;
  ASSERT_TRUE(
      DecodePlain(PhysicalType::kInt32, 0, Bytes({0xff, 0xff, 0xff, 0xff}), 1, w, "t").ok());
  EXPECT_EQ(w.ints, (std::vector<std::int64_t>{-1}));
  EXPECT_EQ(
      DecodeValues(Encoding::kDeltaBinaryPacked, PhysicalType::kFloat, 0, "", 0, w, "t").code(),
      StatusCode::kInvalidArgument);
}

TEST(Codecs, RoundTripAndCorruption) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "row " + std::to_string(i) + ";";
  std::string out;
  std::string sn;
  snappy::Compress(text.data(), text.size(), &sn);
  ASSERT_TRUE(Decompress(Codec::kSnappy, sn, text.size(), out, "p").ok());
  EXPECT_EQ(out, text);
  EXPECT_FALSE(Decompress(Codec::kSnappy, sn, text.size() + 1, out, "p").ok());
  EXPECT_FALSE(Decompress(Codec::kSnappy, sn.substr(0, sn.size() / 2), text.size(), out, "p").ok());

  std::string zs(ZSTD_compressBound(text.size()), '\0');
  zs.resize(ZSTD_compress(zs.data(), zs.size(), text.data(), text.size(), 3));
  ASSERT_TRUE(Decompress(Codec::kZstd, zs, text.size(), out, "p").ok());
  EXPECT_EQ(out, text);
  EXPECT_FALSE(Decompress(Codec::kZstd, zs.substr(0, 10), text.size(), out, "p").ok());

  // GZIP (zlib's gzip wrapper).
  z_stream z{};
  ASSERT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string gz(deflateBound(&z, text.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(text.data());
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(gz.data());
  z.avail_out = static_cast<uInt>(gz.size());
  ASSERT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  gz.resize(z.total_out);
  deflateEnd(&z);
  ASSERT_TRUE(Decompress(Codec::kGzip, gz, text.size(), out, "p").ok());
  EXPECT_EQ(out, text);
  EXPECT_FALSE(Decompress(Codec::kGzip, gz, text.size() + 5, out, "p").ok());

  // LZ4_RAW, and LZ4 in both Hadoop framing and raw form.
  std::string lz(static_cast<std::size_t>(LZ4_compressBound(static_cast<int>(text.size()))), '\0');
  lz.resize(static_cast<std::size_t>(LZ4_compress_default(
      text.data(), lz.data(), static_cast<int>(text.size()), static_cast<int>(lz.size()))));
  ASSERT_TRUE(Decompress(Codec::kLz4Raw, lz, text.size(), out, "p").ok());
  EXPECT_EQ(out, text);
  ASSERT_TRUE(Decompress(Codec::kLz4, lz, text.size(), out, "p").ok());
  EXPECT_EQ(out, text);
  auto be32 = [](std::size_t v) {
    return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                       static_cast<char>(v >> 8), static_cast<char>(v)};
  };
  std::string hadoop = be32(text.size()) + be32(lz.size()) + lz;
  ASSERT_TRUE(Decompress(Codec::kLz4, hadoop, text.size(), out, "p").ok());
  EXPECT_EQ(out, text);

  EXPECT_FALSE(Decompress(Codec::kGzip, "not gzip", 10, out, "p").ok());
  EXPECT_FALSE(Decompress(Codec::kLz4Raw, "\xff\xff", 10, out, "p").ok());
  EXPECT_FALSE(Decompress(Codec::kBrotli, "\xff\xff", 10, out, "p").ok());
  EXPECT_EQ(Decompress(Codec::kLzo, "x", 1, out, "p").code(), StatusCode::kInvalidArgument);
  Status st = Decompress(Codec::kZstd, "junk", 4, out, "s3://b/k, row group 0, column 'a'");
  EXPECT_NE(st.message().find("column 'a'"), std::string::npos);
}

}  // namespace
}  // namespace sfn::parquet
